//! The Suggestions panel with a name two entities share: the ambiguous places wait for the
//! analyst to pick the entity meant, and "Accept all" leaves them alone.

#![cfg(feature = "gui")]

// Only the harness builder of the shared helpers is used here.
#[allow(dead_code)]
mod common;

use common::settle;

use dossier::model::{Entity, EntityId, EntityKind, Project, Source, SourceId};
use dossier::ui::Command;
use egui_kittest::kittest::Queryable;

const TEXT: &str = "MRG met Kota. Later MRG left.";

/// Two organisations known as "MRG", and Kota.
fn project() -> Project {
    let mut project = Project::new("Acronyms");
    let source = Source::new(SourceId::from("report"), "Report", TEXT);
    project.sources.insert(source.id.clone(), source);
    for (id, name, aliases) in [
        ("marel", "Marel Rodan Group", &["MRG"][..]),
        ("mirvo", "Mirvo Ragal Group", &["MRG"][..]),
        ("kota", "Kota", &[][..]),
    ] {
        let entity = Entity {
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..Entity::new(EntityId::from(id), name, EntityKind::Organization)
        };
        project.entities.insert(entity.id.clone(), entity);
    }
    project
}

/// (entity, start, end) of every mention, or of every rejection, sorted.
fn spans(project: &Project, rejections: bool) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = if rejections {
        project.rejections.values().map(|r| (r.entity.to_string(), r.anchor.start, r.anchor.end)).collect()
    } else {
        project.mentions.values().map(|m| (m.entity.to_string(), m.anchor.start, m.anchor.end)).collect()
    };
    out.sort();
    out
}

#[test]
fn an_ambiguous_name_waits_for_a_pick_and_a_rejection_covers_every_candidate() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("acronyms");
    let project = project();
    dossier::store::save(&project, &dir).expect("saves");
    let mut harness = common::app_harness(&dir, project);
    harness.state_mut().push(Command::FindMentions(None));
    settle(&mut harness);
    // Three places: two ambiguous "MRG"s (one suggestion each, not one per entity) and Kota.
    let review = &harness.state().view().review;
    assert_eq!((review.suggestions.len(), review.suggestions.ambiguous_count()), (3, 2));
    assert_eq!(review.summary.as_deref(), Some("3 suggestions to review, 2 ambiguous"));
    assert_eq!(harness.query_all_by_label("Pick…").count(), 2);

    // Accept all takes only the unambiguous one.
    harness.get_by_label("Accept all 1").click();
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(spans(project, false), [("kota".to_owned(), 8, 12)]);
    assert_eq!(harness.state().view().review.suggestions.len(), 2);
    assert!(harness.query_by_label("Accept all 0").is_some());

    // Pick Mirvo for the first "MRG": a mention of Mirvo, and Marel rejected there.
    harness.get_all_by_label("Pick…").next().expect("a pick menu").click();
    harness.run();
    harness.get_by_label("Accept as Mirvo Ragal Group").click();
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(spans(project, false), [("kota".to_owned(), 8, 12), ("mirvo".to_owned(), 0, 3)]);
    assert_eq!(spans(project, true), [("marel".to_owned(), 0, 3)]);
    assert_eq!(harness.state().view().review.suggestions.len(), 1);

    // The pick is one undo step.
    harness.state_mut().push(Command::Undo);
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!((spans(project, false).len(), spans(project, true).len()), (1, 0));
    harness.state_mut().push(Command::Redo);
    harness.run();

    // Rejecting the second "MRG" rejects it for both candidates.
    harness.get_all_by_label("✖").next().expect("a reject button").click();
    harness.run();
    let project = harness.state().project().expect("open");
    assert_eq!(
        spans(project, true),
        [("marel".to_owned(), 0, 3), ("marel".to_owned(), 20, 23), ("mirvo".to_owned(), 20, 23)]
    );
    assert!(harness.state().view().review.suggestions.is_empty());

    // Nothing is proposed again.
    harness.state_mut().push(Command::FindMentions(None));
    settle(&mut harness);
    assert!(harness.state().view().review.suggestions.is_empty());
}
