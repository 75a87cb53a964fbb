//! The generated corpus that the search and mention benchmarks both read: 1,000 sources
//! of about 100 KB of prose each, in sentences of everyday words, names and a long tail of
//! made-up words. Each benchmark decides how its words are drawn.

use dossier::model::{Project, Source, SourceId};

/// Number of sources in a corpus.
pub const SOURCES: usize = 1_000;
/// Size of each source's text, in bytes (a sentence more at most).
pub const BYTES_PER_SOURCE: usize = 100_000;

/// Everyday words, drawn most often.
pub const COMMON: [&str; 40] = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "that",
    "was",
    "for",
    "on",
    "with",
    "by",
    "as",
    "at",
    "from",
    "his",
    "it",
    "were",
    "forces",
    "government",
    "officials",
    "after",
    "had",
    "not",
    "have",
    "been",
    "which",
    "city",
    "army",
    "rebels",
    "president",
    "statement",
    "province",
    "reported",
    "according",
    "military",
    "negotiations",
    "negotiated",
    "week",
];

const SYLLABLES: [&str; 16] =
    ["ka", "ro", "mi", "sel", "dan", "vor", "li", "ta", "nu", "bar", "en", "zi", "ha", "mor", "qa", "tel"];

/// A lowercase made-up word of `syllables` syllables, different for each `n` below
/// 16 to the power of `syllables`.
pub fn made_up_word(mut n: usize, syllables: usize) -> String {
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    word
}

/// `word` with its first letter in uppercase.
pub fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A project of [`SOURCES`] sources ("source-0000", …) of generated prose.
///
/// Each source is sentences of 8 to 19 words, each word drawn by `word`, the first one
/// capitalised; about one sentence in eight ends a paragraph. `ending(index)` is
/// appended to source `index` once its text is [`BYTES_PER_SOURCE`] long.
pub fn corpus(
    name: &str,
    seed: u64,
    mut word: impl FnMut(&mut fastrand::Rng) -> String,
    ending: impl Fn(usize) -> &'static str,
) -> Project {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut project = Project::new(name);
    for index in 0..SOURCES {
        let mut text = String::with_capacity(BYTES_PER_SOURCE + 200);
        while text.len() < BYTES_PER_SOURCE {
            let words = rng.usize(8..20);
            for position in 0..words {
                let word = word(&mut rng);
                if position == 0 {
                    text.push_str(&capitalised(&word));
                } else {
                    text.push(' ');
                    text.push_str(&word);
                }
            }
            text.push_str(if rng.u8(..8) == 0 { ".\n\n" } else { ". " });
        }
        text.push_str(ending(index));
        let id = SourceId(format!("source-{index:04}"));
        let mut source = Source::new(id.clone(), format!("Report {index} on Syria"), text);
        "Northern Wire".clone_into(&mut source.outlet);
        project.sources.insert(id, source);
    }
    project
}
