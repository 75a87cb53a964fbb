//! Project-wide search over the sources' texts and metadata.
//!
//! The index keeps each field folded (see [`super::fold`]) with its offset map; a query is
//! folded the same way and looked for with `memchr::memmem` in every folded field, on
//! several threads for large projects. There is no inverted index to keep up to date: an
//! import or a delete folds or drops one source (figures in BENCHMARKS.md).
//!
//! Query language: words and "quoted phrases". Every word and phrase must occur in the
//! same source. A word matches where a word starts ("khmeim" finds "Khmeimim"); a phrase
//! matches its exact folded text, as whole words. Case and accents never matter.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use memchr::memmem;

use super::fold::{Folded, fold};
use super::words::is_word_boundary;
use crate::model::{Project, Source, SourceId};

/// How many characters of context a hit shows on each side of the match.
pub const CONTEXT_CHARS: usize = 40;

/// The part of a source a hit is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The source's text.
    Text,
    /// Its title.
    Title,
    /// Its outlet.
    Outlet,
    /// Its author.
    Author,
    /// The analyst's notes on it.
    Notes,
}

impl Field {
    /// Every field, in the order hits within a source are listed.
    pub const ALL: [Self; 5] = [Self::Text, Self::Title, Self::Outlet, Self::Author, Self::Notes];

    /// The field's name in lowercase words ("text", "title", …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Title => "title",
            Self::Outlet => "outlet",
            Self::Author => "author",
            Self::Notes => "notes",
        }
    }

    /// The field's value in `source`.
    pub fn value(self, source: &Source) -> &str {
        match self {
            Self::Text => &source.text,
            Self::Title => &source.title,
            Self::Outlet => &source.outlet,
            Self::Author => &source.author,
            Self::Notes => &source.notes,
        }
    }
}

/// One place where a query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The source it is in.
    pub source: SourceId,
    /// The field of the source it is in.
    pub field: Field,
    /// Byte range of the match in the original field, on character boundaries.
    pub range: Range<usize>,
    /// The match with up to [`CONTEXT_CHARS`] characters on each side, line breaks and
    /// tabs shown as spaces.
    pub context: String,
    /// Byte range of the match within `context`.
    pub context_match: Range<usize>,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// The first hits, up to the limit asked for: sources with the most hits first (ties
    /// by id), and within a source by field, then position.
    pub hits: Vec<Hit>,
    /// Number of hits in all matching sources, including those past the limit.
    pub total_hits: usize,
    /// Number of sources in which every word and phrase of the query occurs.
    pub sources_matched: usize,
}

/// Folded copies of every source's text and metadata, ready to search.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    sources: BTreeMap<SourceId, IndexedSource>,
}

/// One source's searchable fields.
#[derive(Clone, Debug)]
struct IndexedSource {
    /// Non-empty fields, in [`Field::ALL`] order.
    fields: Vec<IndexedField>,
}

/// One field of a source, original and folded.
#[derive(Clone, Debug)]
struct IndexedField {
    field: Field,
    original: Arc<str>,
    folded: Folded,
}

/// A match in folded coordinates: index of the field in [`IndexedSource::fields`] and
/// byte range in its folded text.
type Span = (usize, Range<usize>);

impl SearchIndex {
    /// Indexes every source of `project`.
    pub fn build(project: &Project) -> Self {
        let mut index = Self::default();
        for source in project.sources.values() {
            index.add_source(source);
        }
        index
    }

    /// Indexes every source of `project`, calling `progress(done, total)` after each
    /// source; returns `None` as soon as `progress` returns false (cancelled).
    pub fn build_with_progress(
        project: &Project,
        progress: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Option<Self> {
        let total = project.sources.len();
        let mut index = Self::default();
        for (done, source) in project.sources.values().enumerate() {
            index.add_source(source);
            if !progress(done + 1, total) {
                return None;
            }
        }
        Some(index)
    }

    /// Indexes `source`, replacing what was indexed under its id (after an import or an
    /// edit of its metadata).
    pub fn add_source(&mut self, source: &Source) {
        self.sources.insert(source.id.clone(), IndexedSource::new(source));
    }

    /// Forgets the source with this id (after it was deleted); does nothing if it is not
    /// indexed.
    pub fn remove_source(&mut self, id: &SourceId) {
        self.sources.remove(id);
    }

    /// Number of sources indexed.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Whether no source is indexed.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Heap memory used by the folded texts and their offset maps, in bytes (the original
    /// texts are shared with the project).
    pub fn heap_bytes(&self) -> usize {
        self.sources
            .values()
            .flat_map(|source| &source.fields)
            .map(|field| {
                let copied_metadata = if field.field == Field::Text { 0 } else { field.original.len() };
                field.folded.heap_bytes() + copied_metadata + std::mem::size_of::<IndexedField>()
            })
            .sum()
    }

    /// Finds `query` (see the module docs for its language) and returns up to `limit`
    /// hits, with the totals over all of them. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let terms = parse_query(query);
        if terms.is_empty() {
            return SearchResults::default();
        }
        let mut matched = self.count_hits(&terms);
        // Stable: sources with equal counts stay in id order.
        matched.sort_by_key(|(_, _, count)| std::cmp::Reverse(*count));
        let mut results = SearchResults {
            hits: Vec::with_capacity(limit.min(1024)),
            total_hits: matched.iter().map(|(_, _, count)| count).sum(),
            sources_matched: matched.len(),
        };
        let mut spans = Vec::new();
        for (id, source, _) in matched {
            if results.hits.len() >= limit {
                break;
            }
            source.find_spans(&terms, &mut spans);
            for (field_index, folded_range) in spans.iter().take(limit - results.hits.len()) {
                let Some(field) = source.fields.get(*field_index) else { continue };
                results.hits.push(field.hit(id, folded_range.clone()));
            }
        }
        results
    }

    /// The sources in which every term occurs, with their number of hits, in id order.
    /// Large indexes are scanned on several threads, each taking an equal share of the
    /// bytes.
    fn count_hits(&self, terms: &[Term]) -> Vec<(&SourceId, &IndexedSource, usize)> {
        let sources: Vec<(&SourceId, &IndexedSource)> = self.sources.iter().collect();
        let total_bytes: usize = sources.iter().map(|(_, source)| source.folded_bytes()).sum();
        let threads = if total_bytes < PARALLEL_SCAN_MIN_BYTES {
            1
        } else {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(MAX_SCAN_THREADS)
        };
        let share = total_bytes.div_ceil(threads).max(1);
        let mut chunks: Vec<&[(&SourceId, &IndexedSource)]> = Vec::with_capacity(threads);
        let (mut chunk_start, mut chunk_bytes) = (0, 0);
        for (i, (_, source)) in sources.iter().enumerate() {
            chunk_bytes += source.folded_bytes();
            if chunk_bytes >= share {
                chunks.push(&sources[chunk_start..=i]);
                (chunk_start, chunk_bytes) = (i + 1, 0);
            }
        }
        chunks.push(&sources[chunk_start..]);
        if chunks.len() == 1 {
            return count_hits_in(&sources, terms);
        }
        std::thread::scope(|scope| {
            let workers: Vec<_> =
                chunks.into_iter().map(|chunk| scope.spawn(move || count_hits_in(chunk, terms))).collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    }
}

/// Below this many bytes of folded text a query is scanned on the calling thread alone.
const PARALLEL_SCAN_MIN_BYTES: usize = 4 << 20;
/// At most this many threads scan for one query.
const MAX_SCAN_THREADS: usize = 8;

/// The sources of `sources` in which every term occurs, with their number of hits.
fn count_hits_in<'a>(
    sources: &[(&'a SourceId, &'a IndexedSource)],
    terms: &[Term],
) -> Vec<(&'a SourceId, &'a IndexedSource, usize)> {
    let mut spans = Vec::new();
    let mut matched = Vec::new();
    for &(id, source) in sources {
        if source.find_spans(terms, &mut spans) {
            matched.push((id, source, spans.len()));
        }
    }
    matched
}

impl IndexedSource {
    /// Bytes of folded text in all fields.
    fn folded_bytes(&self) -> usize {
        self.fields.iter().map(|field| field.folded.text().len()).sum()
    }

    fn new(source: &Source) -> Self {
        let fields = Field::ALL
            .into_iter()
            .filter(|field| !field.value(source).is_empty())
            .map(|field| {
                let original: Arc<str> =
                    if field == Field::Text { Arc::clone(&source.text) } else { field.value(source).into() };
                let folded = Folded::new(&original);
                IndexedField { field, original, folded }
            })
            .collect();
        Self { fields }
    }

    /// Fills `spans` with every match of every term, in field and position order without
    /// duplicates, and returns true; returns false as soon as one term has no match.
    fn find_spans(&self, terms: &[Term], spans: &mut Vec<Span>) -> bool {
        spans.clear();
        for term in terms {
            let before = spans.len();
            for (field_index, field) in self.fields.iter().enumerate() {
                term.for_each_match(field.folded.text(), |range| spans.push((field_index, range)));
            }
            if spans.len() == before {
                return false;
            }
        }
        if terms.len() > 1 {
            spans.sort_unstable_by_key(|(field, range)| (*field, range.start, range.end));
            spans.dedup();
        }
        true
    }
}

impl IndexedField {
    /// The hit for a match at `folded_range` of this field.
    fn hit(&self, source: &SourceId, folded_range: Range<usize>) -> Hit {
        let range = self.folded.to_original(folded_range);
        let (context, context_match) = context_around(&self.original, range.clone());
        Hit { source: source.clone(), field: self.field, range, context, context_match }
    }
}

/// `range` of `text` with up to [`CONTEXT_CHARS`] characters on each side, line breaks and
/// tabs as spaces, and where the range is within it.
fn context_around(text: &str, range: Range<usize>) -> (String, Range<usize>) {
    let before = text.get(..range.start).unwrap_or_default();
    let after = text.get(range.end..).unwrap_or_default();
    let start = before.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    let end = after.char_indices().nth(CONTEXT_CHARS).map_or(text.len(), |(i, _)| range.end + i);
    let context = text
        .get(start..end)
        .unwrap_or_default()
        .chars()
        .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
        .collect();
    (context, range.start - start..range.end - start)
}

/// One word or phrase of a query, folded, with its finder.
struct Term {
    folded: String,
    /// Whether it must also end at a word boundary (a phrase), rather than being a prefix.
    whole: bool,
    /// Whether a match must start at a word boundary: the term starts with a letter or digit.
    bounded_start: bool,
    /// Whether a match must end at a word boundary: a phrase that ends with a letter or digit.
    bounded_end: bool,
    /// For a term that starts with what it ends with ("no no"), so that two matches may
    /// overlap: how far past the start of each match to look for the next (one character).
    /// `None` for other terms, whose matches one pass of the finder sees all of.
    overlap_step: Option<usize>,
    finder: memmem::Finder<'static>,
}

impl Term {
    fn new(folded: String, whole: bool) -> Self {
        let finder = memmem::Finder::new(folded.as_bytes()).into_owned();
        let bytes = folded.as_bytes();
        let overlaps_itself = (1..bytes.len()).any(|k| bytes[..k] == bytes[bytes.len() - k..]);
        let overlap_step = overlaps_itself.then(|| folded.chars().next().map_or(1, char::len_utf8));
        let bounded_start = folded.chars().next().is_some_and(char::is_alphanumeric);
        let bounded_end = whole && folded.chars().next_back().is_some_and(char::is_alphanumeric);
        Self { folded, whole, bounded_start, bounded_end, overlap_step, finder }
    }

    /// Whether a match at `start..end` of `text` has the word boundaries the term needs.
    fn is_bounded_match(&self, text: &str, start: usize, end: usize) -> bool {
        (!self.bounded_start || is_word_boundary(text, start))
            && (!self.bounded_end || is_word_boundary(text, end))
    }

    /// Calls `found` with the range of every match in `text`, in order (overlapping
    /// matches included).
    fn for_each_match(&self, text: &str, mut found: impl FnMut(Range<usize>)) {
        let bytes = text.as_bytes();
        let Some(step) = self.overlap_step else {
            // Matches cannot overlap, so one pass of the finder sees them all.
            for start in self.finder.find_iter(bytes) {
                let end = start + self.folded.len();
                if self.is_bounded_match(text, start, end) {
                    found(start..end);
                }
            }
            return;
        };
        let mut from = 0;
        while let Some(offset) = bytes.get(from..).and_then(|rest| self.finder.find(rest)) {
            let start = from + offset;
            let end = start + self.folded.len();
            if self.is_bounded_match(text, start, end) {
                found(start..end);
            }
            from = start + step;
        }
    }
}

/// The terms of a query: its "quoted phrases" and its words, folded, without repeats.
/// Words lose punctuation at their edges; an unclosed quote runs to the end.
fn parse_query(query: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    let mut push = |folded: &str, whole: bool| {
        if !folded.is_empty() && !terms.iter().any(|t| t.folded == folded && t.whole == whole) {
            terms.push(Term::new(folded.to_owned(), whole));
        }
    };
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            push(fold(part).trim_matches(' '), true);
        } else {
            for word in part.split_whitespace() {
                push(fold(word).trim_matches(|c: char| !c.is_alphanumeric()), false);
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(texts: &[(&str, &str)]) -> SearchIndex {
        let mut index = SearchIndex::default();
        for (id, text) in texts {
            index.add_source(&Source::new(SourceId::from(*id), format!("Report {id}"), *text));
        }
        index
    }

    fn matched_texts(results: &SearchResults) -> Vec<String> {
        results.hits.iter().map(|hit| hit.context[hit.context_match.clone()].to_owned()).collect()
    }

    #[test]
    fn queries_parse_into_words_and_phrases() {
        let terms = parse_query(r#"Asád  "Central Bank" (HTS), asad "unclosed ‘quote"#);
        let parsed: Vec<(&str, bool)> = terms.iter().map(|t| (t.folded.as_str(), t.whole)).collect();
        assert_eq!(
            parsed,
            [("asad", false), ("central bank", true), ("hts", false), ("unclosed 'quote", true)]
        );
        assert!(parse_query(r#" "" - "#).is_empty());
    }

    #[test]
    fn words_are_prefixes_and_phrases_whole() {
        let index = index_of(&[("a", "Khmeimim and Hmeimim; the Assadi family; al-Assad.")]);
        assert_eq!(matched_texts(&index.search("khmeim", 10)), ["Khmeim"]);
        assert_eq!(matched_texts(&index.search("assad", 10)), ["Assad", "Assad"]);
        assert_eq!(matched_texts(&index.search("\"assad\"", 10)), ["Assad"]);
        assert_eq!(index.search("meimim", 10).total_hits, 0);
        assert_eq!(matched_texts(&index.search("\"and hmeimim\"", 10)), ["and Hmeimim"]);
        let index = index_of(&[("b", "led by (HTS), with HTSX")]);
        assert_eq!(matched_texts(&index.search("\"(hts)\"", 10)), ["(HTS)"]);
        assert_eq!(matched_texts(&index.search("\"hts\"", 10)), ["HTS"]);
    }

    #[test]
    fn overlapping_phrase_matches_are_all_found() {
        let index = index_of(&[("a", "no no no")]);
        assert_eq!(index.search("\"no no\"", 10).total_hits, 2);
    }

    #[test]
    fn large_indexes_are_scanned_on_several_threads_with_the_same_results() {
        let with_moscow = "Assad met Peskov in Moscow. ".repeat(20_000);
        let without = "Assad met Peskov in Sochi. ".repeat(20_000);
        let ids: Vec<String> = (0..12).map(|i| format!("s{i:02}")).collect();
        let texts: Vec<(&str, &str)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), if i == 5 { without.as_str() } else { with_moscow.as_str() }))
            .collect();
        let index = index_of(&texts);
        assert!(
            index.sources.values().map(IndexedSource::folded_bytes).sum::<usize>() > PARALLEL_SCAN_MIN_BYTES
        );
        let results = index.search("moscow assad", 40_001);
        assert_eq!((results.total_hits, results.sources_matched), (11 * 40_000, 11));
        assert_eq!(results.hits.len(), 40_001);
        assert!(results.hits[..40_000].iter().all(|hit| hit.source.as_str() == "s00"));
        assert_eq!(results.hits[40_000].source.as_str(), "s01");
    }

    #[test]
    fn context_is_on_char_boundaries_without_line_breaks() {
        let text = format!("{}\nHmeimim\n{}", "é".repeat(50), "ж".repeat(50));
        let (context, at) = context_around(&text, 101..108);
        assert_eq!(context, format!("{} Hmeimim {}", "é".repeat(39), "ж".repeat(39)));
        assert_eq!(&context[at], "Hmeimim");
    }
}
