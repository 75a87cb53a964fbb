//! Claims driven as an analyst would: select a quote in the Reader, record it as a claim,
//! add a contradicting quote from another report, see the claim turn contested on the
//! Claims panel and disputed on the map, and undo it all.
#![cfg(feature = "gui")]

mod common;

use common::select_by_finding;

use dossier::model::{SourceId, Stance};
use dossier::ui::DossierApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

const MOSCOW_TITLE: &str =
    "Assad assures from Moscow that it was the Russians who improvised his escape when he visited their base";
const MOSCOW_ID: &str = "assad-assures-from-moscow-m4t8";
const ERBIL_TITLE: &str = "Assad, in first message since fleeing, says he never planned to leave Syria";
const ERBIL_ID: &str = "assad-first-message-erbil-q7k2";
const STATEMENT: &str = "Assad chose to step down";

fn read(harness: &mut Harness<'static, DossierApp>, title: &str) {
    harness.query_all_by_label(title).next().expect("the report is listed").click();
    harness.run();
}

fn contested_badges(harness: &Harness<'static, DossierApp>) -> usize {
    harness.query_all_by_label("contested").count()
}

#[test]
fn a_quote_recorded_as_a_claim_turns_contested_when_another_report_contradicts_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, dossier::store::load(&dir).expect("the sample loads"));
    harness.get_by_label("Claims").click();
    harness.run();
    let contested_before = contested_badges(&harness);
    assert_eq!(contested_before, 5, "the sample's five claims are contested");
    let claims_before = harness.state().project().expect("open").claims.len();

    // Select the Foreign Ministry's words in the Moscow report, press C, name the claim.
    read(&mut harness, MOSCOW_TITLE);
    select_by_finding(&mut harness, "decided to leave the presidential office");
    harness.key_press(Key::C);
    harness.run();
    assert!(harness.query_by_label("Record as claim").is_some(), "the form opens");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.event(egui::Event::Text(STATEMENT.to_owned()));
    harness.run();
    harness.get_by_label("Record claim").click();
    harness.run();

    let project = harness.state().project().expect("open");
    assert_eq!(project.claims.len(), claims_before + 1);
    let claim = project.claims.values().find(|c| c.statement == STATEMENT).expect("the new claim").clone();
    assert_eq!(claim.evidence.len(), 1);
    assert_eq!(claim.evidence[0].stance, Stance::Supports);
    assert_eq!(claim.evidence[0].quote.source, SourceId::from(MOSCOW_ID));
    assert_eq!(claim.evidence[0].quote.anchor.exact, "decided to leave the presidential office");
    assert!(harness.query_all_by_label(STATEMENT).count() >= 1, "the Claims panel lists it");
    assert_eq!(contested_badges(&harness), contested_before, "one side only: not contested");

    // The Erbil report says the opposite: add it to the claim as contradicting.
    read(&mut harness, ERBIL_TITLE);
    select_by_finding(&mut harness, "never considered stepping down");
    harness.query_all_by_label(STATEMENT).next().expect("the claim in the Claims panel").click();
    harness.run();
    harness.get_by_label("contradicting").click();
    harness.run();
    let project = harness.state().project().expect("open");
    let updated = &project.claims[&claim.id];
    assert!(updated.is_contested(), "{updated:#?}");
    assert_eq!(updated.sources_with(Stance::Contradicts), [&SourceId::from(ERBIL_ID)]);
    assert!(contested_badges(&harness) > contested_before, "the Claims panel marks it contested");

    // Two undos: the contradicting quote, then the claim.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!harness.state().project().expect("open").claims[&claim.id].is_contested());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(project.claims.len(), claims_before);
    assert!(harness.query_by_label(STATEMENT).is_none(), "gone from the Claims panel");
}

/// The map's spoken description of the relation whose label is `label`.
fn spoken_relation(harness: &Harness<'static, DossierApp>, label: &str) -> String {
    let found: Vec<String> = harness
        .query_all_by(|node| node.label().is_some_and(|l| l.contains(label) && l.contains(" source")))
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn a_relation_is_drawn_disputed_once_its_claim_is_contested_and_undo_clears_it() {
    const LABEL: &str = "refused military assistance to";
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let mut harness = common::app_harness(&dir, dossier::store::load(&dir).expect("the sample loads"));
    let relation = {
        let project = harness.state().project().expect("open");
        let relation = project.relations.values().find(|r| r.label == LABEL).expect("the relation").clone();
        assert!(!project.relation_is_disputed(&relation));
        relation
    };
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();
    // Russia and Assad share seven relations, drawn as one bundle: spread them out, so
    // that each is drawn (and described) on its own.
    harness.get_by_label("Bundle parallel relations").click();
    harness.run();
    assert!(!spoken_relation(&harness, LABEL).ends_with(", disputed"), "not disputed at first");

    // Its evidence becomes a claim, from the relation's Inspector.
    harness
        .state_mut()
        .push(dossier::ui::Command::Select(dossier::ui::Selection::Relation(relation.id.clone())));
    harness.run();
    harness.get_by_label("Make a claim from this evidence").click();
    harness.run();
    let claim = {
        let project = harness.state().project().expect("open");
        let claim = project.claims_of_relation(&relation.id).next().expect("the new claim").clone();
        assert!(!claim.is_contested());
        claim
    };

    // A quote from another report against it, from the Claims panel: contested.
    read(&mut harness, ERBIL_TITLE);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    select_by_finding(&mut harness, "never considered stepping down");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num8);
    harness.run();
    harness.query_all_by_label(&claim.statement).next().expect("the claim in the Claims panel").click();
    harness.run();
    harness.get_by_label("contradicting").click();
    harness.run();
    assert!(harness.state().project().expect("open").claims[&claim.id].is_contested());

    // The map draws (and names) the relation as disputed, though nobody flagged it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();
    assert!(spoken_relation(&harness, LABEL).ends_with(", disputed"), "{}", spoken_relation(&harness, LABEL));
    assert!(!harness.state().project().expect("open").relations[&relation.id].disputed, "no flag was set");

    // Undo the contradicting quote: no longer disputed.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(!spoken_relation(&harness, LABEL).ends_with(", disputed"));
}
