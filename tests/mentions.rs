//! The mention finder on the five seed reports of the sample project.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use dossier::analysis::{Suggestion, accept_all, find_suggestions};
use dossier::model::{Entity, EntityId, EntityKind, IdGenerator, Project, SourceId};
use dossier::progress::Progress;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");

/// The sample's sources with a fixed set of entities and no mentions.
fn seeds_with(entities: &[(&str, &[&str])]) -> Project {
    let mut project = dossier::store::load(Path::new(SAMPLE)).expect("sample loads");
    project.entities.clear();
    project.mentions.clear();
    project.rejections.clear();
    for (id, names) in entities {
        let entity = Entity {
            id: EntityId::from(*id),
            name: names[0].to_owned(),
            kind: EntityKind::Other,
            aliases: names[1..].iter().map(|n| (*n).to_owned()).collect(),
            notes: String::new(),
            attributes: BTreeMap::default(),
        };
        project.entities.insert(entity.id.clone(), entity);
    }
    project
}

/// Counts checked by reading the texts (`grep -oiw NAME texts/*.txt | wc -l`, which also
/// treats "Assad’s" as the word Assad and, like the finder, skips the glued "Moscowwhen").
#[test]
fn exact_counts_on_the_seed_reports() {
    let entities: &[(&str, &[&str])] = &[
        ("assad", &["Bashar al-Assad", "Assad", "Asad", "al-Assad"]),
        ("hmeimim", &["Hmeimim", "Hmeimin", "Khmeimim"]),
        ("hts", &["Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham", "Hayat Tahrir al Sham", "HTS"]),
        ("russia", &["Russia"]),
        ("moscow", &["Moscow"]),
        ("damascus", &["Damascus"]),
        ("kremlin", &["Kremlin"]),
        ("peskov", &["Dmitry Peskov", "Peskov"]),
        ("us", &["United States", "US"]),
        ("uae", &["United Arab Emirates", "UAE"]),
    ];
    let project = seeds_with(entities);
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&calls);
    let progress = Progress::with_observer(move |p| {
        counted.fetch_add(1, Ordering::Relaxed);
        assert!(p.done() <= p.total() && p.total() == 5);
    });
    let suggestions = find_suggestions(&project, None, &progress).expect("runs");
    assert_eq!(calls.load(Ordering::Relaxed), 6);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in suggestions.items() {
        let entity = suggestions.unambiguous_entity(s).expect("no name is shared here");
        *counts.entry(entity.as_str()).or_default() += 1;
        let anchor = suggestions.anchor(&project, s).expect("anchor fits");
        anchor.verify(&project.sources[suggestions.source(s)].text).expect("anchor fits");
    }
    let expected: BTreeMap<&str, usize> = [
        // 46 × "Assad" (one as "Bashar al-Assad", one as "pro-Assad"), 3 × "Asad".
        ("assad", 49),
        // 2 × Hmeimim, 1 × Hmeimin, 2 × Khmeimim.
        ("hmeimim", 5),
        // 6 × the full name in its spellings, 7 × HTS; "Tahrir" alone never occurs.
        ("hts", 13),
        ("russia", 18),
        ("moscow", 14),
        ("damascus", 19),
        ("kremlin", 6),
        ("peskov", 3),
        // "The US helped" and "US Secretary of State"; never inside a word.
        ("us", 2),
        // "United Arab Emiratesbut" is glued to the next word in the report: no match.
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
    let quoted = |s: &Suggestion| &project.sources[suggestions.source(s)].text[s.range()];
    let hts = suggestions.entity_index(&EntityId::from("hts")).expect("searched");
    let full_name = suggestions
        .items()
        .iter()
        .filter(|s| suggestions.has_candidate(s, hts) && quoted(s).len() > 3)
        .count();
    assert_eq!(full_name, 6);
    assert!(suggestions.items().iter().any(|s| quoted(s) == "Hay’at Tahrir al-Sham"));

    // Once accepted, nothing is suggested again.
    let mut project = project.clone();
    let edit = accept_all(&project, &suggestions, suggestions.items(), &mut IdGenerator::seeded(4));
    dossier::edit::apply(&mut project, &edit).expect("accepts");
    assert_eq!(project.mentions.len(), suggestions.len());
    assert!(find_suggestions(&project, None, &Progress::new()).expect("runs").is_empty());
}

#[test]
fn the_tagged_sample_has_no_pending_suggestion() {
    let project = dossier::store::load(Path::new(SAMPLE)).expect("sample loads");
    assert!(find_suggestions(&project, None, &Progress::new()).expect("runs").is_empty());
    assert_eq!(project.rejections.len(), 1);
}

/// A name two entities share is one suggestion per place with both as candidates; Accept
/// all leaves those places for the analyst. "Assad" alone is Bashar al-Assad's alias and
/// Hafez al-Assad's: the places where the finder's longest match is just "Assad" (not
/// "al-Assad", "Bashar al-Assad" or "Asad") become ambiguous.
#[test]
fn a_shared_alias_on_the_seed_reports_is_one_ambiguous_suggestion_per_place() {
    let entities: &[(&str, &[&str])] = &[
        ("assad", &["Bashar al-Assad", "Assad", "Asad", "al-Assad"]),
        ("hafez", &["Hafez al-Assad", "Assad"]),
        ("russia", &["Russia"]),
    ];
    let project = seeds_with(entities);
    let suggestions = find_suggestions(&project, None, &Progress::new()).expect("runs");
    let quoted = |s: &Suggestion| &project.sources[suggestions.source(s)].text[s.range()];
    let ambiguous: Vec<&Suggestion> = suggestions.items().iter().filter(|s| s.is_ambiguous()).collect();
    // Every ambiguous place quotes "Assad" and names both; none is listed twice.
    assert!(ambiguous.iter().all(|s| quoted(s).eq_ignore_ascii_case("assad")));
    assert!(ambiguous.iter().all(|s| suggestions.candidates(s).map(EntityId::as_str).eq(["assad", "hafez"])));
    assert_eq!(
        (suggestions.len(), ambiguous.len()),
        (AMBIGUOUS_ASSAD + UNAMBIGUOUS_ASSAD + 18, AMBIGUOUS_ASSAD)
    );
    let mut project = project.clone();
    let edit = accept_all(&project, &suggestions, suggestions.items(), &mut IdGenerator::seeded(4));
    dossier::edit::apply(&mut project, &edit).expect("accepts");
    assert_eq!(project.mentions.len(), UNAMBIGUOUS_ASSAD + 18);
    let left = find_suggestions(&project, None, &Progress::new()).expect("runs");
    assert_eq!((left.len(), left.ambiguous_count()), (AMBIGUOUS_ASSAD, AMBIGUOUS_ASSAD));
}

/// The places where the seed reports say "Assad" and nothing longer matches there: 46
/// words "Assad" less the 5 in "al-Assad" (`grep -oiwE "assad" texts/*` and
/// `grep -oiwE "al.assad"`, the dash in any of its forms).
const AMBIGUOUS_ASSAD: usize = 41;
/// The other places of Bashar al-Assad: 5 × "al-Assad" (one in his full name), 3 × "Asad".
const UNAMBIGUOUS_ASSAD: usize = 8;

/// The project of issue 13 in small: `dossier synth` names organisations by acronyms that
/// many share, and tags every place it writes a name. There a shared acronym was one
/// suggestion per other entity at every place (millions on the full project); now it is
/// one suggestion per place, listing them.
#[test]
fn shared_acronyms_of_a_generated_project_give_one_suggestion_per_place() {
    let params =
        dossier::synth::SynthParams { sources: 40, entities: 2_000, relations: 40, mentions: 2_000, seed: 3 };
    let project = dossier::synth::synth(&params);
    let suggestions = find_suggestions(&project, None, &Progress::new()).expect("runs");
    let pairs: usize = suggestions.items().iter().map(Suggestion::candidate_count).sum();
    let spans: std::collections::BTreeSet<(&str, u32, u32)> =
        suggestions.items().iter().map(|s| (suggestions.source(s).as_str(), s.start, s.end)).collect();
    assert_eq!(spans.len(), suggestions.len(), "one suggestion per place");
    // 10,712 (place, entity) pairs, which were as many suggestions, are 145 places.
    assert_eq!((suggestions.len(), suggestions.ambiguous_count(), pairs), (145, 130, 10_712));
    // The generator tags every name it writes, so each place is a mention of another
    // entity that has the same name, but for names in the sources' titles.
    let mentioned: std::collections::BTreeSet<(&str, usize, usize)> =
        project.mentions.values().map(|m| (m.source.as_str(), m.anchor.start, m.anchor.end)).collect();
    let untagged: Vec<(&str, u32, u32)> = spans
        .iter()
        .copied()
        .filter(|(source, start, end)| !mentioned.contains(&(*source, *start as usize, *end as usize)))
        .collect();
    assert_eq!(untagged.len(), 15);
    for (source, _, end) in untagged {
        // The title starts the text ("Do report 12"), and its first word is a name.
        assert!((end as usize) < project.sources[&SourceId::from(source)].title.len());
    }
    // Accept all takes the 15 places with one candidate left; the 130 others stay.
    let mut project = project.clone();
    let edit = accept_all(&project, &suggestions, suggestions.items(), &mut IdGenerator::seeded(4));
    dossier::edit::apply(&mut project, &edit).expect("accepts");
    assert_eq!(project.mentions.len(), 2_000 + 15);
    let left = find_suggestions(&project, None, &Progress::new()).expect("runs");
    assert_eq!((left.len(), left.ambiguous_count()), (130, 130));
}
