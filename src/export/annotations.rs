//! The project's text annotations for annotation tools: W3C Web Annotation (JSON-LD) and
//! brat standoff. Both count positions in Unicode code points, while Dossier's anchors
//! are byte offsets into UTF-8, so every offset is converted here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::style::{self, hex};
use crate::model::{Anchor, EntityKind, Project, Relation, Source, SourceId, slug};

/// The code point offset of each byte offset in `wanted`, for one text. Each byte offset
/// must fall on a character boundary (anchors are checked on load).
pub fn char_offsets(text: &str, wanted: impl IntoIterator<Item = usize>) -> BTreeMap<usize, usize> {
    let wanted: BTreeSet<usize> = wanted.into_iter().collect();
    let mut offsets = BTreeMap::new();
    let mut starts = text.char_indices().map(|(i, _)| i).peekable();
    let mut chars_before = 0;
    for byte in wanted {
        while starts.next_if(|&start| start < byte).is_some() {
            chars_before += 1;
        }
        offsets.insert(byte, chars_before);
    }
    offsets
}

/// One quoted span to annotate: a mention of an entity, or evidence for a relation.
struct Quote<'a> {
    source: &'a SourceId,
    anchor: &'a Anchor,
    what: QuoteOf<'a>,
}

enum QuoteOf<'a> {
    Mention { id: &'a str, entity_id: &'a str, name: &'a str, kind: EntityKind },
    Evidence { relation: &'a Relation, index: usize, statement: String },
}

/// Every mention and every piece of evidence, mentions first, each in id order.
fn quotes(project: &Project) -> Vec<Quote<'_>> {
    let mut quotes = Vec::new();
    for mention in project.mentions.values() {
        let Some(entity) = project.entities.get(&mention.entity) else { continue };
        quotes.push(Quote {
            source: &mention.source,
            anchor: &mention.anchor,
            what: QuoteOf::Mention {
                id: mention.id.as_str(),
                entity_id: entity.id.as_str(),
                name: &entity.name,
                kind: entity.kind,
            },
        });
    }
    for relation in project.relations.values() {
        for (index, evidence) in relation.evidence.iter().enumerate() {
            quotes.push(Quote {
                source: &evidence.source,
                anchor: &evidence.anchor,
                what: QuoteOf::Evidence { relation, index, statement: statement(project, relation) },
            });
        }
    }
    quotes
}

/// A relation as a sentence: "Russia granted asylum to Bashar al-Assad"; by its ends
/// ("Russia → Bashar al-Assad") when it has no label.
pub fn statement(project: &Project, relation: &Relation) -> String {
    if relation.label.is_empty() { project.relation_ends(relation) } else { project.relation_title(relation) }
}

/// The code point offsets of every quote's start and end, per source.
fn offsets_per_source<'a>(
    project: &'a Project,
    quotes: &[Quote<'a>],
) -> BTreeMap<&'a SourceId, BTreeMap<usize, usize>> {
    let mut wanted: BTreeMap<&SourceId, Vec<usize>> = BTreeMap::new();
    for quote in quotes {
        wanted.entry(quote.source).or_default().extend([quote.anchor.start, quote.anchor.end]);
    }
    wanted
        .into_iter()
        .filter_map(|(id, bytes)| {
            let source = project.sources.get(id)?;
            Some((id, char_offsets(&source.text, bytes)))
        })
        .collect()
}

/// The IRI that names a project item in the annotations (`urn:dossier:entity:russia-k3f9`).
fn iri(kind: &str, id: &str) -> String {
    format!("urn:dossier:{kind}:{id}")
}

/// A W3C Web Annotation collection (JSON-LD): one annotation per mention (motivation
/// `identifying`, its entity as the body) and per piece of evidence (motivation
/// `describing`, the relation as the body). Each target names the source and selects
/// the quote twice: by code point position and by the quote with its context.
pub fn web_annotations(project: &Project) -> serde_json::Value {
    let quotes = quotes(project);
    let offsets = offsets_per_source(project, &quotes);
    let items: Vec<serde_json::Value> = quotes
        .iter()
        .filter_map(|quote| {
            let source = project.sources.get(quote.source)?;
            let positions = offsets.get(quote.source)?;
            let start = *positions.get(&quote.anchor.start)?;
            let end = *positions.get(&quote.anchor.end)?;
            Some(annotation(quote, source, start, end))
        })
        .collect();
    let name = if project.meta.title.is_empty() { "project".to_owned() } else { slug(&project.meta.title) };
    serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": iri("annotations", &name),
        "type": "AnnotationCollection",
        "label": project.meta.title,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

fn annotation(quote: &Quote, source: &Source, start: usize, end: usize) -> serde_json::Value {
    let mut quote_selector = serde_json::json!({ "type": "TextQuoteSelector", "exact": quote.anchor.exact });
    if !quote.anchor.prefix.is_empty() {
        quote_selector["prefix"] = quote.anchor.prefix.clone().into();
    }
    if !quote.anchor.suffix.is_empty() {
        quote_selector["suffix"] = quote.anchor.suffix.clone().into();
    }
    let mut target = serde_json::json!({
        "source": iri("source", source.id.as_str()),
        "selector": [
            { "type": "TextPositionSelector", "start": start, "end": end },
            quote_selector,
        ],
    });
    if !source.url.is_empty() {
        // The stored text is a part of the page it was taken from.
        target["scope"] = source.url.clone().into();
    }
    match &quote.what {
        QuoteOf::Mention { id, entity_id, name, kind } => serde_json::json!({
            "id": iri("mention", id),
            "type": "Annotation",
            "motivation": "identifying",
            "body": [
                { "id": iri("entity", entity_id), "type": "TextualBody", "purpose": "identifying", "value": name },
                { "type": "TextualBody", "purpose": "classifying", "value": kind.label() },
            ],
            "target": target,
        }),
        QuoteOf::Evidence { relation, index, statement } => {
            let mut body = vec![serde_json::json!({
                "id": iri("relation", relation.id.as_str()),
                "type": "TextualBody",
                "purpose": "describing",
                "value": statement,
            })];
            if let Some(credibility) = relation.evidence.get(*index).and_then(|e| e.credibility) {
                body.push(serde_json::json!({
                    "type": "TextualBody",
                    "purpose": "assessing",
                    "value": format!("credibility {}: {}", credibility.number(), credibility.meaning()),
                }));
            }
            if relation.disputed {
                body.push(
                    serde_json::json!({ "type": "TextualBody", "purpose": "tagging", "value": "disputed" }),
                );
            }
            serde_json::json!({
                "id": format!("{}:evidence:{}", iri("relation", relation.id.as_str()), index + 1),
                "type": "Annotation",
                "motivation": "describing",
                "body": body,
                "target": target,
            })
        }
    }
}

/// The brat entity type of evidence quotes.
pub const BRAT_EVIDENCE_TYPE: &str = "Evidence";

/// A brat collection, as (file name, contents): per source `ID.txt` (its text, exactly)
/// and `ID.ann` (its mentions as entities typed by kind, its evidence quotes typed
/// `Evidence`, with the entity or relation in an annotator note), plus `annotation.conf`
/// and `visual.conf` declaring the types and their colours.
pub fn brat_files(project: &Project) -> Vec<(String, String)> {
    let quotes = quotes(project);
    let offsets = offsets_per_source(project, &quotes);
    let mut per_source: BTreeMap<&SourceId, Vec<&Quote>> = BTreeMap::new();
    for quote in &quotes {
        per_source.entry(quote.source).or_default().push(quote);
    }
    let mut files =
        vec![("annotation.conf".to_owned(), annotation_conf()), ("visual.conf".to_owned(), visual_conf())];
    for source in project.sources.values() {
        let mut ann = String::new();
        let mut quotes = per_source.remove(&source.id).unwrap_or_default();
        quotes.sort_by_key(|q| (q.anchor.start, q.anchor.end));
        let positions = offsets.get(&source.id);
        let mut number = 0;
        for quote in quotes {
            let Some(positions) = positions else { break };
            let (Some(&start), Some(&end)) =
                (positions.get(&quote.anchor.start), positions.get(&quote.anchor.end))
            else {
                continue;
            };
            let fragments = brat_fragments(&quote.anchor.exact, start);
            if fragments.is_empty() {
                continue;
            }
            debug_assert!(fragments.last().is_some_and(|f| f.1 <= end));
            number += 1;
            let spans: Vec<String> = fragments.iter().map(|(s, e, _)| format!("{s} {e}")).collect();
            let text: Vec<&str> = fragments.iter().map(|(_, _, t)| *t).collect();
            let (kind, note) = match &quote.what {
                QuoteOf::Mention { entity_id, name, kind, .. } => {
                    (kind.label(), format!("{name} ({entity_id})"))
                }
                QuoteOf::Evidence { relation, statement, .. } => {
                    let disputed = if relation.disputed { ", disputed" } else { "" };
                    (BRAT_EVIDENCE_TYPE, format!("{statement} ({}{disputed})", relation.id))
                }
            };
            let _ = writeln!(ann, "T{number}\t{kind} {}\t{}", spans.join(";"), text.join(" "));
            let _ = writeln!(ann, "#{number}\tAnnotatorNotes T{number}\t{}", one_line(&note));
        }
        files.push((format!("{}.txt", source.id), source.text.to_string()));
        files.push((format!("{}.ann", source.id), ann));
    }
    files
}

/// Brat spans never cross a line break: the quote (starting at code point `start`) cut
/// at line breaks into (start, end, text) fragments, empty pieces dropped.
pub fn brat_fragments(exact: &str, start: usize) -> Vec<(usize, usize, &str)> {
    let mut fragments = Vec::new();
    let mut piece_start = start;
    let mut byte_start = 0;
    let mut position = start;
    for (byte, c) in exact.char_indices() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}') {
            if position > piece_start {
                fragments.push((piece_start, position, &exact[byte_start..byte]));
            }
            piece_start = position + 1;
            byte_start = byte + c.len_utf8();
        }
        position += 1;
    }
    if position > piece_start {
        fragments.push((piece_start, position, &exact[byte_start..]));
    }
    fragments
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn annotation_conf() -> String {
    let mut conf = String::from(
        "# Entity types of a Dossier export: the entity kinds, and evidence quotes.\n[entities]\n",
    );
    for kind in EntityKind::ALL {
        let _ = writeln!(conf, "{}", kind.label());
    }
    let _ = writeln!(conf, "{BRAT_EVIDENCE_TYPE}");
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    conf
}

fn visual_conf() -> String {
    let mut conf = String::from("[labels]\n");
    for kind in EntityKind::ALL {
        let _ = writeln!(conf, "{0} | {0}", kind.label());
    }
    let _ = writeln!(conf, "{BRAT_EVIDENCE_TYPE} | {BRAT_EVIDENCE_TYPE} | Ev");
    conf.push_str("\n[drawing]\n");
    for kind in EntityKind::ALL {
        let _ = writeln!(conf, "{}\tbgColor:{}", kind.label(), hex(style::kind_rgb(kind)));
    }
    let _ = writeln!(conf, "{BRAT_EVIDENCE_TYPE}\tbgColor:{}", hex(style::WARNING));
    conf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_become_code_point_offsets() {
        let text = "Ésad → Moscow 👤 x";
        let wanted = [0, 2, text.find('M').unwrap_or(0), text.find('x').unwrap_or(0), text.len()];
        let offsets = char_offsets(text, wanted);
        let chars: Vec<usize> = wanted.iter().map(|b| offsets[b]).collect();
        assert_eq!(chars, [0, 1, 7, 16, 17]);
    }

    #[test]
    fn brat_fragments_split_at_line_breaks() {
        type Fragments<'a> = Vec<(usize, usize, &'a str)>;
        let rows: [(&str, usize, Fragments); 4] = [
            ("Hmeimim", 10, vec![(10, 17, "Hmeimim")]),
            ("air\nbase", 0, vec![(0, 3, "air"), (4, 8, "base")]),
            ("a\n\nb", 5, vec![(5, 6, "a"), (8, 9, "b")]),
            ("\n", 3, vec![]),
        ];
        for (exact, start, expected) in rows {
            assert_eq!(brat_fragments(exact, start), expected, "{exact:?}");
        }
    }
}
