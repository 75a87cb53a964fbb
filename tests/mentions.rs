//! The mention finder on the five seed reports of the sample project.

use std::collections::BTreeMap;
use std::path::Path;

use dossier::analysis::{accept_all, find_suggestions};
use dossier::model::{Entity, EntityId, EntityKind, IdGenerator, Project};

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
            attributes: std::collections::BTreeMap::default(),
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
    let mut calls = 0;
    let suggestions = find_suggestions(&project, None, &mut |done, total| {
        calls += 1;
        assert!(done <= total && total == 5);
        true
    })
    .expect("runs");
    assert_eq!(calls, 6);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &suggestions {
        *counts.entry(s.entity.as_str()).or_default() += 1;
        s.anchor.verify(&project.sources[&s.source].text).expect("anchor fits");
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
    let full_name =
        suggestions.iter().filter(|s| s.entity.as_str() == "hts" && s.anchor.exact.len() > 3).count();
    assert_eq!(full_name, 6);
    assert!(suggestions.iter().any(|s| s.anchor.exact == "Hay’at Tahrir al-Sham"));

    // Once accepted, nothing is suggested again.
    let mut project = project;
    let edit = accept_all(&project, &suggestions, &mut IdGenerator::seeded(4));
    dossier::edit::apply(&mut project, &edit).expect("accepts");
    assert_eq!(project.mentions.len(), suggestions.len());
    assert_eq!(find_suggestions(&project, None, &mut |_, _| true).expect("runs"), Vec::new());
}

#[test]
fn the_tagged_sample_has_no_pending_suggestion() {
    let project = dossier::store::load(Path::new(SAMPLE)).expect("sample loads");
    assert_eq!(find_suggestions(&project, None, &mut |_, _| true).expect("runs"), Vec::new());
    assert_eq!(project.rejections.len(), 1);
}
