//! Co-occurrence: which entities the sources mention in the same sentence as a given one.
//! The map's "Add neighbours" uses it to suggest entities that have no relation yet.

use std::collections::{BTreeMap, HashMap};

use crate::model::{EntityId, Mention, Project, SourceId};

/// Byte offsets where the sentences of `text` start, the first always 0.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets after it)
/// followed by white space, and at every line break, since headlines and list items
/// carry no full stop. Abbreviations ("Mr. Assad") split a sentence too; for finding
/// names that occur together that errs on the side of fewer pairs.
pub fn sentence_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            starts.push(i + 1);
        } else if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            // Closing quotes and brackets, ASCII or the curly ones (3 bytes in UTF-8).
            loop {
                if j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
                    j += 1;
                } else if text.get(j..).is_some_and(|rest| rest.starts_with('”') || rest.starts_with('’'))
                {
                    j += 3;
                } else {
                    break;
                }
            }
            if j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                starts.push(j + 1);
                i = j;
            }
        }
        i += 1;
    }
    starts.dedup();
    starts
}

/// The sentence (index into `starts`) that holds byte offset `offset`.
fn sentence_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).saturating_sub(1)
}

/// The entities mentioned in at least one sentence together with `entity`, each with the
/// number of such sentences, most first (ties by id). `entity` itself is not listed.
pub fn cooccurring(project: &Project, entity: &EntityId) -> Vec<(EntityId, usize)> {
    // Mentions grouped by source, only for the sources that mention `entity`.
    let mut by_source: HashMap<&SourceId, Vec<&Mention>> = HashMap::new();
    for mention in project.mentions.values().filter(|m| &m.entity == entity) {
        by_source.entry(&mention.source).or_default();
    }
    for mention in project.mentions.values() {
        if let Some(list) = by_source.get_mut(&mention.source) {
            list.push(mention);
        }
    }
    let mut counts: BTreeMap<&EntityId, usize> = BTreeMap::new();
    for (source, mentions) in by_source {
        let Some(source) = project.sources.get(source) else { continue };
        let starts = sentence_starts(&source.text);
        let mut own: Vec<usize> = mentions
            .iter()
            .filter(|m| &m.entity == entity)
            .map(|m| sentence_of(&starts, m.anchor.start))
            .collect();
        own.sort_unstable();
        own.dedup();
        // Each other entity counts once per sentence it shares.
        let mut pairs: Vec<(usize, &EntityId)> = mentions
            .iter()
            .filter(|m| &m.entity != entity)
            .map(|m| (sentence_of(&starts, m.anchor.start), &m.entity))
            .filter(|(sentence, _)| own.binary_search(sentence).is_ok())
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        for (_, other) in pairs {
            *counts.entry(other).or_default() += 1;
        }
    }
    let mut out: Vec<(EntityId, usize)> = counts.into_iter().map(|(id, n)| (id.clone(), n)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, Entity, EntityKind, MentionId, Source};

    #[test]
    fn sentences_split_at_stops_and_line_breaks() {
        let table: [(&str, &[usize]); 6] = [
            ("", &[0]),
            ("One sentence only", &[0]),
            ("First one. Second one! Third?", &[0, 11, 23]),
            ("Headline\nBody text.", &[0, 9]),
            ("He said “go.” Then left.", &[0, 18]),
            ("Version 2.0 is out. Yes", &[0, 20]),
        ];
        for (text, expected) in table {
            assert_eq!(sentence_starts(text), expected, "{text:?}");
        }
        let starts = sentence_starts("First one. Second one! Third?");
        assert_eq!(sentence_of(&starts, 0), 0);
        assert_eq!(sentence_of(&starts, 10), 0);
        assert_eq!(sentence_of(&starts, 11), 1);
        assert_eq!(sentence_of(&starts, 28), 2);
    }

    fn project_with(text: &str, names: &[&str]) -> Project {
        let mut project = Project::new("test");
        let source = SourceId::from("s");
        project.sources.insert(source.clone(), Source::new(source.clone(), "S", text));
        for name in names {
            let id = EntityId::from(name.to_lowercase().as_str());
            project.entities.insert(id.clone(), Entity::new(id.clone(), *name, EntityKind::Other));
            for (n, (start, _)) in text.match_indices(name).enumerate() {
                let anchor = Anchor::from_span(text, start, start + name.len()).expect("span");
                let mention_id = MentionId(format!("{}-{n}", id.as_str()));
                project.mentions.insert(
                    mention_id.clone(),
                    Mention { id: mention_id, entity: id.clone(), source: source.clone(), anchor },
                );
            }
        }
        project
    }

    #[test]
    fn entities_in_the_same_sentence_are_counted_once_per_sentence() {
        let text = "Assad flew to Moscow with Assad's family. Moscow denied it.\nHTS took Damascus. \
                    Assad left Damascus.";
        let project = project_with(text, &["Assad", "Moscow", "HTS", "Damascus"]);
        let found = cooccurring(&project, &EntityId::from("assad"));
        assert_eq!(found, vec![(EntityId::from("damascus"), 1), (EntityId::from("moscow"), 1)]);
        let found = cooccurring(&project, &EntityId::from("damascus"));
        assert_eq!(found, vec![(EntityId::from("assad"), 1), (EntityId::from("hts"), 1)]);
        assert_eq!(cooccurring(&project, &EntityId::from("nobody")), Vec::new());
    }
}
