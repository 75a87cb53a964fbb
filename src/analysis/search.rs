//! Project-wide search over the sources' texts and metadata.
//!
//! The index keeps each field folded (see [`crate::text::fold`]) with its offset map, and a small
//! inverted index of the field's words: its distinct folded words, sorted, each with the
//! offsets where it starts. A query is folded the same way; a word is looked up in the
//! sorted words (a prefix is a range of them), a phrase by its first word and then
//! checked against the folded text, so a query costs about as much as its hits. Only a
//! phrase that does not start with a letter or digit is looked for with `memchr::memmem`
//! in the folded text. Large projects are searched on several threads. Every source has
//! its own index, so an import or a delete folds and indexes, or drops, one source
//! (figures in BENCHMARKS.md).
//!
//! Query language: words and "quoted phrases". Every word and phrase must occur in the
//! same source. A word matches where a word starts ("khmeim" finds "Khmeimim"); a phrase
//! matches its exact folded text, as whole words. Case and accents never matter.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use memchr::memmem;

use crate::model::{Project, Source, SourceId};
use crate::progress::{Cancelled, Progress};
use crate::text::{Folded, fold, is_word_boundary};

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

/// One field of a source, original and folded, with the words of the folded text.
#[derive(Clone, Debug)]
struct IndexedField {
    field: Field,
    original: Arc<str>,
    folded: Folded,
    words: WordIndex,
}

/// The words of a folded text (see [`crate::text`]) and where each of them starts.
#[derive(Clone, Debug, Default)]
struct WordIndex {
    /// The distinct words, sorted, one after the other.
    words: String,
    /// For each word, where it ends in `words` (it starts where the word before ends).
    word_ends: Vec<u32>,
    /// For each word, where its postings end in `postings`.
    posting_ends: Vec<u32>,
    /// For each word in turn, the offsets in the folded text where it starts, in
    /// increasing order, each stored as its distance from the one before (the first from
    /// 0) in LEB128: 7 bits a byte, low bits first, the high bit set on all but the last.
    postings: Vec<u8>,
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

    /// Indexes every source of `project`, telling `progress` "sources indexed of all"
    /// after each; stops with [`Cancelled`] at the first report after a cancel.
    pub fn build_with_progress(project: &Project, progress: &Progress) -> Result<Self, Cancelled> {
        let sources: Vec<&Source> = project.sources.values().collect();
        Self::build_sources_with_progress(&sources, progress)
    }

    /// Indexes `sources` (in id order, as a project holds them) on as many threads as
    /// the machine has cores, telling `progress` "sources indexed of all" after each;
    /// stops with [`Cancelled`] at the first report after a cancel. The app builds its
    /// index this way off the UI thread from copies of the sources (whose texts are
    /// shared, not copied).
    pub fn build_sources_with_progress(sources: &[&Source], progress: &Progress) -> Result<Self, Cancelled> {
        let total = sources.len();
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 4);
        let per_thread = total.div_ceil(threads).max(1);
        let done = std::sync::atomic::AtomicUsize::new(0);
        let index_part = |part: &[&Source]| -> Result<Vec<(SourceId, IndexedSource)>, Cancelled> {
            let mut indexed = Vec::with_capacity(part.len());
            for source in part {
                indexed.push((source.id.clone(), IndexedSource::new(source)));
                let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress.report(done, total)?;
            }
            Ok(indexed)
        };
        let parts: Vec<Result<Vec<(SourceId, IndexedSource)>, Cancelled>> = std::thread::scope(|scope| {
            let mut chunks = sources.chunks(per_thread);
            let first = chunks.next().unwrap_or(&[]);
            let handles: Vec<_> = chunks.map(|part| scope.spawn(move || index_part(part))).collect();
            let mut parts = vec![index_part(first)];
            parts.extend(
                handles
                    .into_iter()
                    .map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
            );
            parts
        });
        let mut indexed = Vec::with_capacity(total);
        for part in parts {
            indexed.extend(part?);
        }
        // Sorted by id already when the sources were; the map is built in one pass then.
        Ok(Self { sources: indexed.into_iter().collect() })
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

    /// Heap memory used by the folded texts, their offset maps and their word indexes, in
    /// bytes (the original texts are shared with the project).
    pub fn heap_bytes(&self) -> usize {
        self.sources
            .values()
            .flat_map(|source| &source.fields)
            .map(|field| {
                let copied_metadata = if field.field == Field::Text { 0 } else { field.original.len() };
                field.folded.heap_bytes()
                    + field.words.heap_bytes()
                    + copied_metadata
                    + std::mem::size_of::<IndexedField>()
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
                let words = WordIndex::new(folded.text());
                IndexedField { field, original, folded, words }
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
                term.for_each_match(field, |range| spans.push((field_index, range)));
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

impl WordIndex {
    /// The index of the words of `folded`.
    fn new(folded: &str) -> Self {
        let mut starts: HashMap<&str, Vec<u32>> = HashMap::new();
        for_each_word(folded, |range| {
            let start = u32::try_from(range.start).unwrap_or(u32::MAX);
            starts.entry(&folded[range]).or_default().push(start);
        });
        let mut sorted: Vec<(&str, Vec<u32>)> = starts.into_iter().collect();
        sorted.sort_unstable_by_key(|(word, _)| *word);
        let mut index = Self {
            words: String::with_capacity(sorted.iter().map(|(word, _)| word.len()).sum()),
            word_ends: Vec::with_capacity(sorted.len()),
            posting_ends: Vec::with_capacity(sorted.len()),
            postings: Vec::new(),
        };
        for (word, starts) in sorted {
            index.words.push_str(word);
            index.word_ends.push(offset_u32(index.words.len()));
            let mut previous = 0;
            for start in starts {
                push_leb128(&mut index.postings, start - previous);
                previous = start;
            }
            index.posting_ends.push(offset_u32(index.postings.len()));
        }
        index.postings.shrink_to_fit();
        index
    }

    /// Heap memory used, in bytes.
    fn heap_bytes(&self) -> usize {
        self.words.capacity()
            + (self.word_ends.capacity() + self.posting_ends.capacity()) * std::mem::size_of::<u32>()
            + self.postings.capacity()
    }

    /// The `i`th word in sorted order.
    fn word(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.word_ends[before] as usize);
        &self.words[start..self.word_ends[i] as usize]
    }

    /// The first word (by index) for which `before` is false; `before` must be true for
    /// a leading part of the sorted words and false for the rest.
    fn first_not(&self, before: impl Fn(&str) -> bool) -> usize {
        let (mut low, mut high) = (0, self.word_ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            if before(self.word(middle)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// The indices of the words that start with `prefix`.
    fn with_prefix(&self, prefix: &str) -> Range<usize> {
        let first = self.first_not(|word| word < prefix);
        let end = self.first_not(|word| word < prefix || word.starts_with(prefix));
        first..end
    }

    /// The index of `word`, if the text has it.
    fn find(&self, word: &str) -> Option<usize> {
        let i = self.first_not(|w| w < word);
        (i < self.word_ends.len() && self.word(i) == word).then_some(i)
    }

    /// Calls `found` with each offset where the `i`th word starts, in increasing order.
    fn for_each_start(&self, i: usize, mut found: impl FnMut(usize)) {
        let start = i.checked_sub(1).map_or(0, |before| self.posting_ends[before] as usize);
        let bytes = &self.postings[start..self.posting_ends[i] as usize];
        let (mut offset, mut gap, mut shift) = (0, 0, 0);
        for &byte in bytes {
            gap |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                offset += gap;
                found(offset);
                (gap, shift) = (0, 0);
            } else {
                shift += 7;
            }
        }
    }
}

/// Appends `value` to `out` in LEB128 (see [`WordIndex::postings`]).
fn push_leb128(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// An offset as the word index stores it; fields over 4 GiB are not supported.
fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Calls `found` with the byte range of each word of `folded`, in order: each maximal run
/// of word characters, as [`crate::text`] defines them (letters and digits, and an
/// apostrophe between two of them).
fn for_each_word(folded: &str, mut found: impl FnMut(Range<usize>)) {
    let mut word_start = None;
    let mut previous_alphanumeric = false;
    let mut chars = folded.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let alphanumeric = c.is_alphanumeric();
        let word_char = alphanumeric
            || (c == '\''
                && previous_alphanumeric
                && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric()));
        previous_alphanumeric = alphanumeric;
        match (word_char, word_start) {
            (true, None) => word_start = Some(at),
            (false, Some(start)) => {
                found(start..at);
                word_start = None;
            }
            _ => {}
        }
    }
    if let Some(start) = word_start {
        found(start..folded.len());
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

/// One word or phrase of a query, folded, with how to find it.
struct Term {
    folded: String,
    /// Whether it must also end at a word boundary (a phrase), rather than being a prefix.
    whole: bool,
    /// Whether a match must start at a word boundary: the term starts with a letter or digit.
    bounded_start: bool,
    /// Whether a match must end at a word boundary: a phrase that ends with a letter or digit.
    bounded_end: bool,
    /// How the places where it may match are found.
    lookup: Lookup,
    /// For a term that starts with what it ends with ("no no"), so that two matches may
    /// overlap: how far past the start of each match to look for the next (one character).
    /// `None` for other terms, whose matches one pass of the finder sees all of.
    overlap_step: Option<usize>,
    finder: memmem::Finder<'static>,
}

/// Where a term's matches are looked for.
#[derive(Debug, PartialEq, Eq)]
enum Lookup {
    /// A word that matches at the start of every indexed word it is a prefix of.
    Prefix,
    /// A term that starts with this whole word followed by more: it is checked at every
    /// start of that word.
    FirstWord(String),
    /// A term that starts with neither a letter nor a digit, or whose first word could
    /// run on past its end in a text: every folded text is scanned for it.
    Scan,
}

impl Term {
    fn new(folded: String, whole: bool) -> Self {
        let finder = memmem::Finder::new(folded.as_bytes()).into_owned();
        let bytes = folded.as_bytes();
        let overlaps_itself = (1..bytes.len()).any(|k| bytes[..k] == bytes[bytes.len() - k..]);
        let overlap_step = overlaps_itself.then(|| folded.chars().next().map_or(1, char::len_utf8));
        let bounded_start = folded.chars().next().is_some_and(char::is_alphanumeric);
        let bounded_end = whole && folded.chars().next_back().is_some_and(char::is_alphanumeric);
        let lookup = Self::lookup(&folded, whole, bounded_start);
        Self { folded, whole, bounded_start, bounded_end, lookup, overlap_step, finder }
    }

    /// How to find `folded`. A match of a term that starts with a letter or digit starts
    /// where a word of the text starts; the characters of the term's first word are word
    /// characters in the text too, and the character after it (when the term goes on)
    /// ends the text's word as well, unless it is an apostrophe that ends the term, whose
    /// class depends on what follows in the text.
    fn lookup(folded: &str, whole: bool, bounded_start: bool) -> Lookup {
        if !bounded_start {
            return Lookup::Scan;
        }
        let mut first_word = None;
        for_each_word(folded, |range| {
            if first_word.is_none() {
                first_word = Some(range);
            }
        });
        let Some(first_word) = first_word else {
            return Lookup::Scan;
        };
        let rest = &folded[first_word.end..];
        if rest.is_empty() && !whole {
            Lookup::Prefix
        } else if rest == "'" {
            Lookup::Scan
        } else {
            Lookup::FirstWord(folded[first_word].to_owned())
        }
    }

    /// Whether a match at `start..end` of `text` has the word boundaries the term needs.
    fn is_bounded_match(&self, text: &str, start: usize, end: usize) -> bool {
        (!self.bounded_start || is_word_boundary(text, start))
            && (!self.bounded_end || is_word_boundary(text, end))
    }

    /// Calls `found` with the range of every match in the folded text of `field`, in
    /// order (overlapping matches included).
    fn for_each_match(&self, field: &IndexedField, mut found: impl FnMut(Range<usize>)) {
        let text = field.folded.text();
        let len = self.folded.len();
        match &self.lookup {
            Lookup::Prefix => {
                let words = field.words.with_prefix(&self.folded);
                if words.len() == 1 {
                    field.words.for_each_start(words.start, |start| found(start..start + len));
                    return;
                }
                let mut starts = Vec::new();
                for word in words {
                    field.words.for_each_start(word, |start| starts.push(start));
                }
                starts.sort_unstable();
                for start in starts {
                    found(start..start + len);
                }
            }
            Lookup::FirstWord(first_word) => {
                let Some(word) = field.words.find(first_word) else { return };
                field.words.for_each_start(word, |start| {
                    let end = start + len;
                    if text.as_bytes().get(start..end) == Some(self.folded.as_bytes())
                        && (!self.bounded_end || is_word_boundary(text, end))
                    {
                        found(start..end);
                    }
                });
            }
            Lookup::Scan => self.scan(text, found),
        }
    }

    /// Calls `found` with the range of every match in `text`, found by scanning it, in
    /// order (overlapping matches included).
    fn scan(&self, text: &str, mut found: impl FnMut(Range<usize>)) {
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
    fn building_on_several_threads_indexes_every_source_as_one_by_one_does() {
        let sources: Vec<Source> = (0..9)
            .map(|i| {
                let text = format!("Report {i} says Assad left for Moscow. ").repeat(i + 1);
                Source::new(SourceId::from(format!("s{i}").as_str()), format!("Title {i}"), text)
            })
            .collect();
        let one_by_one = index_of(&[]);
        let one_by_one = sources.iter().fold(one_by_one, |mut index, source| {
            index.add_source(source);
            index
        });
        let progress = Progress::new();
        let refs: Vec<&Source> = sources.iter().collect();
        let built = SearchIndex::build_sources_with_progress(&refs, &progress).expect("not cancelled");
        assert_eq!((progress.done(), progress.total()), (9, 9));
        assert_eq!(built.len(), 9);
        for query in ["moscow", "report 4", "\"left for\"", "title"] {
            let (a, b) = (built.search(query, 100), one_by_one.search(query, 100));
            assert_eq!((a.total_hits, a.sources_matched), (b.total_hits, b.sources_matched), "{query}");
            assert_eq!(
                a.hits.iter().map(|h| &h.source).collect::<Vec<_>>(),
                b.hits.iter().map(|h| &h.source).collect::<Vec<_>>()
            );
        }
        let cancelled = Progress::new();
        cancelled.cancel();
        assert!(SearchIndex::build_sources_with_progress(&refs, &cancelled).is_err());
    }

    #[test]
    fn words_are_indexed_where_they_start() {
        let text = fold("Hay’at Tahrir al-Sham, the U.S. and 'HTS' in 2024: no no; بشار الأسد");
        let words = WordIndex::new(&text);
        let mut starts = Vec::new();
        for i in 0..words.word_ends.len() {
            words.for_each_start(i, |start| starts.push((start, words.word(i).to_owned())));
        }
        starts.sort();
        let expected: Vec<(usize, String)> = (0..=text.len())
            .filter(|&at| is_word_boundary(&text, at) && crate::analysis::word_char_starts_at(&text, at))
            .map(|at| {
                let end =
                    (at + 1..=text.len()).find(|&end| is_word_boundary(&text, end)).unwrap_or(text.len());
                (at, text[at..end].to_owned())
            })
            .collect();
        assert_eq!(starts, expected);
        assert_eq!(words.word(words.find("no").expect("indexed")), "no");
        assert_eq!(words.with_prefix("ta").len(), 1);
        assert_eq!(words.with_prefix("zz").len(), 0);
        // Long gaps take several bytes.
        let far = format!("a{}b", " ".repeat(100_000));
        let words = WordIndex::new(&far);
        let mut starts = Vec::new();
        words.for_each_start(1, |start| starts.push(start));
        assert_eq!(starts, [100_001]);
    }

    proptest::proptest! {
        #[test]
        fn the_word_index_finds_what_a_scan_finds(
            text in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..30),
            query in proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 1..4),
            whole: bool,
        ) {
            let index = index_of(&[("a", &text.concat())]);
            let query = query.concat();
            let folded = fold(&query);
            let folded = if whole { folded.trim_matches(' ') } else { folded.trim_matches(|c: char| !c.is_alphanumeric()) };
            proptest::prop_assume!(!folded.is_empty());
            let term = Term::new(folded.to_owned(), whole);
            let Some(source) = index.sources.values().next() else { return Ok(()) };
            for field in &source.fields {
                let mut indexed = Vec::new();
                term.for_each_match(field, |range| indexed.push(range));
                let mut scanned = Vec::new();
                term.scan(field.folded.text(), |range| scanned.push(range));
                proptest::prop_assert_eq!(indexed, scanned, "{:?} in {:?}", folded, field.folded.text());
            }
        }
    }

    /// Pieces of texts and queries for the property test above.
    const PIECES: [&str; 22] = [
        "no", " ", "  ", "Assad", "assadi", "'s", "’", "'", "-", "al", "al-", "HTS", "x", "(", ")", "2", "é",
        "\u{301}", "Hay’at", "ß", "ss", ".",
    ];

    #[test]
    fn context_is_on_char_boundaries_without_line_breaks() {
        let text = format!("{}\nHmeimim\n{}", "é".repeat(50), "ж".repeat(50));
        let (context, at) = context_around(&text, 101..108);
        assert_eq!(context, format!("{} Hmeimim {}", "é".repeat(39), "ж".repeat(39)));
        assert_eq!(&context[at], "Hmeimim");
    }
}
