//! A fast reader for the two biggest files of a project, `mentions.ron` and
//! `rejections.ron`, when they are laid out exactly as our writer lays them out.
//!
//! Why not only the `ron` crate: a project with 100,000 mentions has a `mentions.ron` of
//! about 30 MB, and `ron`'s general parser (a token at a time through serde's visitor
//! machinery) spends about 0.3 s of CPU on it, most of every `dossier tag` and `dossier
//! check` and of opening such a project. These files hold one flat shape only (an id,
//! an entity, a source and an anchor of two numbers and three strings), so a reader that
//! knows that shape does the same in a fraction of the time.
//!
//! It is a fast path, never the judge: it accepts only a strict subset of RON (the fields
//! in our writer's order, plain or raw strings without escapes, decimal numbers, no
//! comments), and on anything else it gives up and the caller parses the file with `ron`,
//! so errors are always `ron`'s, with their line and column. Whatever it accepts, `ron`
//! reads as the same items (a property test holds it to that).

use crate::model::{Anchor, EntityId, Mention, MentionId, Rejection, RejectionId, SourceId};

/// The mentions in `text`, or `None` when the file is not in our writer's layout.
pub(super) fn mentions(text: &str) -> Option<Vec<Mention>> {
    anchored_items(text, |item| Mention {
        id: MentionId(item.id.to_owned()),
        entity: EntityId(item.entity.to_owned()),
        source: SourceId(item.source.to_owned()),
        anchor: item.anchor,
    })
}

/// The rejections in `text`, or `None` when the file is not in our writer's layout.
pub(super) fn rejections(text: &str) -> Option<Vec<Rejection>> {
    anchored_items(text, |item| Rejection {
        id: RejectionId(item.id.to_owned()),
        entity: EntityId(item.entity.to_owned()),
        source: SourceId(item.source.to_owned()),
        anchor: item.anchor,
    })
}

/// The fields that mentions and rejections share, as read.
struct AnchoredItem<'a> {
    id: &'a str,
    entity: &'a str,
    source: &'a str,
    anchor: Anchor,
}

/// A list of `(id, entity, source, anchor: (…))` items, each turned into a `T` by `make`.
///
/// A big list is read as two halves on two threads: the text is cut where an item ends near
/// its middle (as in [`super::load::split_list`]), the first half must end exactly at the
/// cut, and the second goes on from there. A lookalike cut inside a string makes the first
/// half fail (its reading runs past the cut), and then the whole list is read on one thread.
fn anchored_items<T: Send>(text: &str, make: fn(AnchoredItem<'_>) -> T) -> Option<Vec<T>> {
    let mut cursor = Cursor { text, at: 0 };
    cursor.token(b'[')?;
    let body = cursor.at;
    if let Some(cut) = super::load::item_cut(text) {
        let halves = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                let mut cursor = Cursor { text, at: cut };
                cursor.items(None, make)
            });
            let mut cursor = Cursor { text, at: body };
            let first = cursor.items(Some(cut), make);
            (first, second.join())
        });
        if let (Some(mut first), Ok(Some(second))) = halves {
            first.extend(second);
            return Some(first);
        }
    }
    let mut cursor = Cursor { text, at: body };
    cursor.items(None, make)
}

/// A position in the text being read. Every method returns `None` on anything that is not
/// the expected token, and the reader then gives up on the file.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Items up to `stop` (which must come right after an item's comma), or else up to
    /// the list's closing `]` and the end of the text.
    fn items<T>(&mut self, stop: Option<usize>, make: fn(AnchoredItem<'_>) -> T) -> Option<Vec<T>> {
        let end = stop.unwrap_or(self.text.len());
        // An item takes at least this many bytes, so the list needs no regrowing.
        let mut items = Vec::with_capacity((end - self.at) / 160);
        loop {
            if stop.is_none() && self.peek()? == b']' {
                break;
            }
            items.push(make(self.anchored_item()?));
            // Items are separated by commas; the last may have one too.
            let comma = self.comma();
            if stop == Some(self.at) && comma {
                return Some(items);
            }
            if self.at >= end || (!comma && self.peek()? != b']') {
                return None;
            }
        }
        self.token(b']')?;
        self.skip_space();
        (self.at == self.text.len()).then_some(items)
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips spaces, tabs and line ends. A comment is not skipped: `/` is then the next
    /// byte, which no caller expects, so the file goes to `ron`.
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after any space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes().get(self.at).copied()
    }

    /// Consumes `byte` after any space.
    fn token(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Consumes a comma if one comes next; says whether it did.
    fn comma(&mut self) -> bool {
        self.token(b',').is_some()
    }

    /// Consumes `name:` after any space.
    fn field(&mut self, name: &str) -> Option<()> {
        self.skip_space();
        let rest = self.bytes().get(self.at..)?;
        if !rest.starts_with(name.as_bytes()) {
            return None;
        }
        // `name` must be the whole identifier: `sourcex:` is not `source:`.
        if rest.get(name.len()).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        self.at += name.len();
        self.token(b':')
    }

    /// The end of a field's value: a comma, which only the last field before `)` may
    /// leave out.
    fn end_of_field(&mut self) -> Option<()> {
        if self.comma() || self.peek()? == b')' { Some(()) } else { None }
    }

    /// `name: "…",`.
    fn string_field(&mut self, name: &str) -> Option<&'a str> {
        self.field(name)?;
        let value = self.string()?;
        self.end_of_field()?;
        Some(value)
    }

    /// `name: 123,`.
    fn number_field(&mut self, name: &str) -> Option<usize> {
        self.field(name)?;
        let value = self.number()?;
        self.end_of_field()?;
        Some(value)
    }

    /// A plain string with no escapes (`"…"`, which may span lines) or a raw string
    /// (`r"…"`, `r#"…"#`, …). A backslash in a plain string is an escape: give up.
    fn string(&mut self) -> Option<&'a str> {
        self.skip_space();
        let bytes = self.bytes();
        match bytes.get(self.at)? {
            b'"' => {
                let start = self.at + 1;
                let len = memchr::memchr2(b'"', b'\\', bytes.get(start..)?)?;
                if bytes[start + len] == b'\\' {
                    return None;
                }
                self.at = start + len + 1;
                // Both ends are ASCII quotes, so the slice is on character boundaries.
                self.text.get(start..start + len)
            }
            b'r' => {
                let hashes = bytes.get(self.at + 1..)?.iter().take_while(|&&b| b == b'#').count();
                let open = self.at + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    return None;
                }
                let start = open + 1;
                let mut from = start;
                loop {
                    let len = memchr::memchr(b'"', bytes.get(from..)?)?;
                    let close = from + len;
                    let after = close + 1;
                    if bytes.get(after..after + hashes).is_some_and(|h| h.iter().all(|&b| b == b'#')) {
                        self.at = after + hashes;
                        return self.text.get(start..close);
                    }
                    from = after;
                }
            }
            _ => None,
        }
    }

    /// A decimal number without sign, underscores or suffix that fits a `usize`.
    fn number(&mut self) -> Option<usize> {
        self.skip_space();
        let digits = self.bytes().get(self.at..)?.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        // `ron` reads `0123` as an error, `1_000` and `0x10` as numbers: leave those to it.
        let next = self.bytes().get(self.at + digits).copied();
        if (digits > 1 && self.bytes()[self.at] == b'0')
            || next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return None;
        }
        let value = self.text.get(self.at..self.at + digits)?.parse().ok()?;
        self.at += digits;
        Some(value)
    }

    /// `(id: "…", entity: "…", source: "…", anchor: (start: N, end: N, exact: "…",
    /// prefix: "…", suffix: "…"))`, with `prefix` and `suffix` optional, as our writer
    /// leaves out empty ones.
    fn anchored_item(&mut self) -> Option<AnchoredItem<'a>> {
        self.token(b'(')?;
        let id = self.string_field("id")?;
        let entity = self.string_field("entity")?;
        let source = self.string_field("source")?;
        self.field("anchor")?;
        self.token(b'(')?;
        let start = self.number_field("start")?;
        let end = self.number_field("end")?;
        let exact = self.string_field("exact")?;
        let prefix = if self.peek()? == b'p' { self.string_field("prefix")? } else { "" };
        let suffix = if self.peek()? == b's' { self.string_field("suffix")? } else { "" };
        self.token(b')')?;
        self.comma();
        self.token(b')')?;
        let anchor = Anchor {
            start,
            end,
            exact: exact.to_owned(),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        };
        Some(AnchoredItem { id, entity, source, anchor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load::{Limits, parse};
    use proptest::prelude::*;

    fn mention(id: &str, exact: &str, prefix: &str, suffix: &str) -> Mention {
        Mention {
            id: MentionId(id.to_owned()),
            entity: EntityId("russia-k3f9".to_owned()),
            source: SourceId("report-a1b2".to_owned()),
            anchor: Anchor {
                start: 12,
                end: 12 + exact.len(),
                exact: exact.to_owned(),
                prefix: prefix.to_owned(),
                suffix: suffix.to_owned(),
            },
        }
    }

    /// The file our writer makes of `items`.
    fn written(items: &[Mention]) -> String {
        let map: std::collections::BTreeMap<_, _> = items.iter().map(|m| (m.id.clone(), m)).collect();
        let project = crate::model::Project {
            mentions: map.into_iter().map(|(k, v)| (k, v.clone())).collect(),
            ..Default::default()
        };
        let files = crate::store::to_files(&project).expect("serialises");
        let Some((_, text)) = files.into_iter().find(|(name, _)| *name == crate::store::MENTIONS_FILE) else {
            panic!("no mentions.ron");
        };
        text
    }

    fn by_ron(text: &str) -> Result<Vec<Mention>, String> {
        parse::<Vec<Mention>>("mentions.ron", text, Limits::default()).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_what_the_writer_writes() {
        let items = vec![
            mention("m-a-0001", "Russia", "in ", " and"),
            mention("m-b-0002", "the \"Kremlin\"", "", "\n\nNext"),
            mention("m-c-0003", r##"a "# b"##, "back\\slash", ""),
            mention("m-d-0004", "Дамаск دمشق", "", ""),
        ];
        let text = written(&items);
        assert_eq!(mentions(&text), Some(by_ron(&text).expect("ron reads it")));
        assert_eq!(mentions(&text).map(|m| m.len()), Some(4));
    }

    #[test]
    fn anything_outside_the_subset_is_left_to_ron() {
        let text = written(&[mention("m-a-0001", "Russia", "in ", " and")]);
        let cases = [
            text.replacen('[', "// a comment\n[", 1),
            text.replacen("start: 12", "start: 0x0C", 1),
            text.replacen("start: 12", "start: 1_2", 1),
            text.replacen("start: 12", "start: 012", 1),
            text.replacen("\"Russia\"", "\"Rus\\u{73}ia\"", 1),
            text.replacen("    entity:", "    kind: 1,\n    entity:", 1),
            text.replacen(
                "    id: \"m-a-0001\",\n    entity: \"russia-k3f9\",",
                "    entity: \"russia-k3f9\",\n    id: \"m-a-0001\",",
                1,
            ),
            text.replacen(']', "] trailing", 1),
            text.replacen("),\n]", ")\n  (\n]", 1),
            format!("#![enable(implicit_some)]\n{text}"),
        ];
        for case in cases {
            assert_ne!(case, text, "the case changed nothing");
            assert_eq!(mentions(&case), None, "{case}");
        }
    }

    #[test]
    fn empty_lists_and_missing_commas() {
        assert_eq!(mentions("[]"), Some(vec![]));
        assert_eq!(mentions("[\n]\n"), Some(vec![]));
        let one = r#"[(id:"m",entity:"e",source:"s",anchor:(start:1,end:2,exact:"x"))]"#;
        assert_eq!(mentions(one), Some(by_ron(one).expect("ron reads it")));
        let two = r#"[(id:"m",entity:"e",source:"s",anchor:(start:1,end:2,exact:"x")) (id:"n",entity:"e",source:"s",anchor:(start:1,end:2,exact:"x"))]"#;
        assert_eq!(mentions(two), None);
    }

    #[test]
    fn big_lists_read_in_halves_as_in_one_piece() {
        let params =
            crate::synth::SynthParams { sources: 50, entities: 200, relations: 10, mentions: 8_000, seed: 7 };
        let project = crate::synth::synth(&params);
        let items: Vec<Mention> = project.mentions.into_values().collect();
        let text = written(&items);
        assert!(crate::store::load::item_cut(&text).is_some(), "not big enough to cut");
        assert_eq!(mentions(&text), Some(by_ron(&text).expect("ron reads it")));
        assert_eq!(mentions(&text).map(|m| m.len()), Some(8_000));
        // A lookalike item boundary inside a string just past the middle, where the cut is
        // looked for: the first half runs past it, and the list is read in one piece.
        let at = text.len() / 2;
        let offset = at + text[at..].find("exact: \"").expect("an exact field") + "exact: \"".len();
        let mut tricky = text.clone();
        tricky.insert_str(offset, "\n  ),\n  (\n");
        assert_eq!(mentions(&tricky), Some(by_ron(&tricky).expect("ron reads it")));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Whatever strings an anchor holds, the fast reader reads what `ron` reads.
        #[test]
        fn agrees_with_ron_on_written_files(
            quotes in prop::collection::vec(("\\PC{0,12}", "[\"#\\\\ a\n]{0,6}", "\\PC{0,6}"), 1..8),
        ) {
            let items: Vec<Mention> = quotes
                .iter()
                .enumerate()
                .map(|(i, (exact, prefix, suffix))| mention(&format!("m-{i:04}"), exact, prefix, suffix))
                .collect();
            let text = written(&items);
            prop_assert_eq!(mentions(&text), Some(by_ron(&text).expect("ron reads it")));
        }

        /// A damaged file is either left to `ron`, or read as `ron` reads it.
        #[test]
        fn never_accepts_what_ron_reads_otherwise(at in 0usize..400, byte in prop::sample::select(
            vec![b' ', b',', b'(', b')', b'"', b'#', b'r', b'1', b'x', b':', b'\n', b'/', b'[', b']'],
        ), delete in any::<bool>()) {
            let items = vec![mention("m-a-0001", "Russia", "in ", " and"), mention("m-b-0002", "x\"y", "", "z")];
            let mut bytes = written(&items).into_bytes();
            let at = at % bytes.len();
            if delete { bytes.remove(at); } else { bytes.insert(at, byte); }
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            if let Some(fast) = mentions(&text) {
                prop_assert_eq!(Ok(fast), by_ron(&text));
            }
        }
    }
}
