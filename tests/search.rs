//! Project-wide search on the sample project: counts checked against the texts by hand
//! (grep), accents and case, phrases, prefixes, metadata, context, incremental updates.

use std::path::Path;
use std::sync::{Arc, Mutex};

use dossier::analysis::{Field, SearchIndex, SearchResults};
use dossier::model::{Project, Source, SourceId};
use dossier::progress::{Cancelled, Progress};
use dossier::store;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const MOSCOW: &str = "assad-assures-from-moscow-m4t8";
const LEADERS: &str = "assad-denies-fleeing-leaders-v3n5";
const PESKOV: &str = "assad-facebook-statement-peskov-b6r4";
const ERBIL: &str = "assad-first-message-erbil-q7k2";
const COMMENTARY: &str = "telegram-statement-commentary-h9w1";

fn sample() -> Project {
    store::load(Path::new(SAMPLE)).expect("sample loads")
}

fn sample_index() -> SearchIndex {
    SearchIndex::build(&sample())
}

/// The matched original text of every hit, as (source, field, text).
fn matches<'a>(project: &'a Project, results: &SearchResults) -> Vec<(&'a str, Field, &'a str)> {
    results
        .hits
        .iter()
        .map(|hit| {
            let source = &project.sources[&hit.source];
            (source.id.as_str(), hit.field, &hit.field.value(source)[hit.range.clone()])
        })
        .collect()
}

/// Number of hits per source, in result order.
fn hits_per_source(results: &SearchResults) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for hit in &results.hits {
        match counts.last_mut() {
            Some((id, count)) if *id == hit.source.as_str() => *count += 1,
            _ => counts.push((hit.source.to_string(), 1)),
        }
    }
    counts
}

#[test]
fn hmeimim_is_a_whole_word_not_the_end_of_khmeimim() {
    let project = sample();
    let index = SearchIndex::build(&project);
    // grep: "Hmeimim" starts a word twice (Leaders, Erbil); "Khmeimim" twice (Moscow).
    let results = index.search("Hmeimim", 100);
    assert_eq!((results.total_hits, results.sources_matched), (2, 2));
    assert_eq!(
        matches(&project, &results),
        [(LEADERS, Field::Text, "Hmeimim"), (ERBIL, Field::Text, "Hmeimim")]
    );
    let results = index.search("khmeimim", 100);
    assert_eq!(matches(&project, &results), [(MOSCOW, Field::Text, "Khmeimim"); 2]);
    // The typo "Hmeimin" is in the Moscow text and quoted in its notes.
    let results = index.search("HMEIMIN", 100);
    assert_eq!(
        matches(&project, &results),
        [(MOSCOW, Field::Text, "Hmeimin"), (MOSCOW, Field::Notes, "Hmeimin")]
    );
}

#[test]
fn case_and_accents_do_not_matter() {
    let mut project = sample();
    let extra = Source::new(
        SourceId::from("variants-t3st"),
        "Spelling variants",
        "BASHAR ASAD left from Khmeimím; later Asád and asad, but not Asadi. Ḥmeimim too.",
    );
    project.sources.insert(extra.id.clone(), extra);
    let index = SearchIndex::build(&project);
    // grep: "Asad" three times in the Moscow text.
    let results = index.search("asad", 100);
    assert_eq!(hits_per_source(&results), [("variants-t3st".to_owned(), 4), (MOSCOW.to_owned(), 3)]);
    let found: Vec<&str> = matches(&project, &results).into_iter().map(|(_, _, text)| text).collect();
    assert_eq!(
        found,
        ["ASAD", "Asád", "asad", "Asad", "Asad", "Asad", "Asad"],
        "a word is a prefix: Asad of Asadi"
    );
    let results = index.search("\"asad\"", 100);
    assert_eq!(results.total_hits, 6, "a phrase is a whole word, so not Asadi");
    // Typed without accents, and with them.
    for query in ["khmeimim", "Khmeimím", "KHMEIMIM"] {
        let results = index.search(query, 100);
        assert_eq!(results.total_hits, 3, "{query}");
        assert_eq!(hits_per_source(&results), [(MOSCOW.to_owned(), 2), ("variants-t3st".to_owned(), 1)]);
        assert_eq!(matches(&project, &results)[2].2, "Khmeimím");
    }
    assert_eq!(matches(&project, &index.search("hmeimim", 100)).last().map(|m| m.2), Some("Ḥmeimim"));
}

#[test]
fn apostrophes_are_unified_and_join_words() {
    let project = sample();
    let index = SearchIndex::build(&project);
    // grep: "Hay’at" once (Erbil), "Hayat" five times elsewhere.
    for query in ["hay'at", "Hay’at", "\"hay'at tahrir\""] {
        let results = index.search(query, 100);
        assert_eq!(results.total_hits, 1, "{query}");
        assert_eq!(results.hits[0].source.as_str(), ERBIL);
    }
    assert_eq!(index.search("hayat", 100).total_hits, 5);
    assert_eq!(index.search("\"at tahrir\"", 100).total_hits, 0, "the apostrophe is inside the word");
}

#[test]
fn phrases_match_exact_sequences_of_whole_words() {
    let project = sample();
    let index = SearchIndex::build(&project);
    let results = index.search("\"Central Bank\"", 10);
    assert_eq!(matches(&project, &results), [(MOSCOW, Field::Text, "Central Bank")]);
    assert_eq!(index.search("\"central bank of syria\"", 10).total_hits, 1);
    assert_eq!(index.search("\"bank central\"", 10).total_hits, 0);
    assert_eq!(index.search("\"central ban\"", 10).total_hits, 0, "phrases are not prefixes");
    assert_eq!(index.search("\"central ban", 10).total_hits, 0, "an unclosed quote runs to the end");
}

#[test]
fn words_match_as_prefixes_and_must_all_occur_in_one_source() {
    let project = sample();
    let index = SearchIndex::build(&project);
    // grep: "Kremlin" in four sources, in texts, titles and notes: 3, 4, 2, 1.
    let results = index.search("kreml", 100);
    assert_eq!((results.total_hits, results.sources_matched), (10, 4));
    let expected = [(COMMENTARY, 4), (PESKOV, 3), (MOSCOW, 2), (ERBIL, 1)];
    let expected: Vec<(String, usize)> = expected.iter().map(|(id, n)| ((*id).to_owned(), *n)).collect();
    assert_eq!(hits_per_source(&results), expected);
    assert!(matches(&project, &results).iter().all(|(_, _, text)| *text == "Kreml"));
    // Telegram is in three sources, all of which name Assad: 15 + 6, 15 + 2, 8 + 3 hits.
    let results = index.search("assad telegram", 100);
    assert_eq!((results.total_hits, results.sources_matched), (49, 3));
    let expected = [(COMMENTARY, 21), (MOSCOW, 17), (LEADERS, 11)];
    let expected: Vec<(String, usize)> = expected.iter().map(|(id, n)| ((*id).to_owned(), *n)).collect();
    assert_eq!(hits_per_source(&results), expected);
    assert_eq!(index.search("telegram zzz", 100), SearchResults::default());
    assert_eq!(index.search("meimim", 100).total_hits, 0, "a word matches where a word starts");
}

#[test]
fn hits_are_ordered_by_field_then_position_and_limited() {
    let index = sample_index();
    let all = index.search("assad", 1000);
    // grep: 46 in the texts, 5 in the titles, 3 in the notes.
    assert_eq!((all.total_hits, all.sources_matched, all.hits.len()), (54, 5, 54));
    for pair in all.hits.windows(2) {
        if pair[0].source == pair[1].source {
            assert!((pair[0].field, pair[0].range.start) < (pair[1].field, pair[1].range.start));
        }
    }
    let first = index.search("assad", 20);
    assert_eq!((first.total_hits, first.sources_matched), (54, 5));
    assert_eq!(first.hits, all.hits[..20]);
    assert!(index.search("", 10).hits.is_empty());
    assert!(index.search("assad", 0).hits.is_empty());
}

#[test]
fn metadata_is_searched() {
    let project = sample();
    let index = SearchIndex::build(&project);
    // "rulers" is only in a title; "Leaders" is an outlet, and in that source's text and
    // notes; as a phrase it is a whole word, so the commentary's "leadership" is no match.
    let results = index.search("rulers", 10);
    assert_eq!(matches(&project, &results), [(PESKOV, Field::Title, "rulers")]);
    assert_eq!(results.hits[0].context, "ir base; Kremlin keeps contact with new rulers");
    let results = index.search("\"leaders\"", 10);
    assert_eq!(hits_per_source(&results), [(LEADERS.to_owned(), 4)]);
    let fields: Vec<Field> = results.hits.iter().map(|hit| hit.field).collect();
    assert_eq!(fields, [Field::Text, Field::Text, Field::Outlet, Field::Notes]);
    assert_eq!(index.search("leaders", 10).sources_matched, 2);
}

#[test]
fn context_shows_about_forty_characters_on_each_side() {
    let index = sample_index();
    let results = index.search("\"central bank\"", 10);
    let hit = &results.hits[0];
    assert_eq!(
        hit.context,
        "sonal level. Between 2018 and 2019, the Central Bank of Syria sent about $250 million in cas"
    );
    assert_eq!(&hit.context[hit.context_match.clone()], "Central Bank");
    // Line breaks become spaces: the Moscow text starts with its title on its own line.
    let results = index.search("khmeimim", 10);
    assert!(results.hits.iter().all(|hit| !hit.context.contains('\n')));
}

#[test]
fn incremental_updates_match_a_fresh_build() {
    let mut project = sample();
    let mut index = SearchIndex::build(&project);
    let moscow = SourceId::from(MOSCOW);
    index.remove_source(&moscow);
    assert_eq!(index.len(), 4);
    assert_eq!(index.search("khmeimim", 10).total_hits, 0);
    index.remove_source(&SourceId::from("not-there"));

    let imported =
        Source::new(SourceId::from("imported-a1b2"), "Khmeimim base", "Russian jets left Khmeimím.");
    index.add_source(&imported);
    let results = index.search("khmeimim", 10);
    assert_eq!(hits_per_source(&results), [("imported-a1b2".to_owned(), 2)]);

    // Re-adding a source replaces what was indexed for it.
    let mut edited = project.sources[&moscow].clone();
    edited.title = "Renamed".to_owned();
    index.add_source(&edited);
    project.sources.insert(moscow.clone(), edited);
    project.sources.insert(imported.id.clone(), imported);
    let fresh = SearchIndex::build(&project);
    for query in ["khmeimim", "assures", "renamed", "assad telegram", "\"central bank\""] {
        assert_eq!(index.search(query, 100), fresh.search(query, 100), "{query}");
    }
    assert_eq!(index.search("assures", 100).hits.iter().filter(|h| h.field == Field::Title).count(), 0);
}

#[test]
fn a_build_reports_progress_and_can_be_cancelled() {
    let project = sample();
    let calls = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&calls);
    let progress =
        Progress::with_observer(move |p| seen.lock().expect("not poisoned").push((p.done(), p.total())));
    let index = SearchIndex::build_with_progress(&project, &progress);
    assert_eq!(index.map(|index| index.len()), Ok(5));
    assert_eq!(*calls.lock().expect("not poisoned"), [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]);
    let stop_at_two = Progress::with_observer(|p| {
        if p.done() >= 2 {
            p.cancel();
        }
    });
    let cancelled = SearchIndex::build_with_progress(&project, &stop_at_two);
    assert_eq!(cancelled.map(|index| index.len()), Err(Cancelled));
}
