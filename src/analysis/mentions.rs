//! The mention finder: every place where a source's text names an entity, by its name or
//! one of its aliases, proposed as a suggestion the analyst accepts or rejects.
//!
//! Names and texts are compared folded (see [`crate::text::fold`]): case, accents, apostrophe
//! and dash variants do not matter. A name is looked for only where a word starts, or at
//! a character outside words, and only where the text there could begin some name (see
//! [`StartFilter`]). Where a word of ASCII letters and digits starts, the few names whose
//! first word it is are compared directly; elsewhere (names that start with Arabic or
//! other non-ASCII letters, or with punctuation), and for a first word that starts many
//! names, one Aho-Corasick automaton holding every folded name is run, anchored, there.
//! A match counts only on word boundaries ("Assad" is not in
//! "Assadi"); where matches overlap, the longest wins ("Hay'at Tahrir al-Sham" over
//! "Tahrir" inside it), ties going to the earlier one.
//! Spans that already are a mention of the entity, or that the analyst rejected for it,
//! are not proposed.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};

use crate::edit::Edit;
use crate::model::{
    Anchor, Entity, EntityId, IdGenerator, Mention, MentionId, Project, Rejection, RejectionId, Source,
    SourceId,
};
use crate::progress::{Cancelled, Progress};
use crate::text::{Folded, fold, is_word_boundary, word_char_ends_at, word_char_starts_at};

/// A place where a source's text names one or more entities, none of which has that span
/// as a mention yet or rejected it there.
///
/// Compact on purpose (20 bytes, no strings): a scan of a large project makes millions of
/// these. The source and the candidate entities are indices into the [`Suggestions`] the
/// suggestion belongs to; the full [`Anchor`] (quote and context) is built only when the
/// suggestion is accepted or rejected ([`Suggestions::anchor`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Suggestion {
    /// The source, as an index into [`Suggestions::source`].
    pub source: u32,
    /// Byte offset of the start in the source's text, on a character boundary.
    pub start: u32,
    /// Byte offset of the end in the source's text, on a character boundary.
    pub end: u32,
    /// The candidate entities, as a range of the shared candidate table.
    candidates_start: u32,
    candidates_end: u32,
}

impl Suggestion {
    /// Byte range in the source's text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of candidate entities (at least one).
    pub fn candidate_count(&self) -> usize {
        (self.candidates_end - self.candidates_start) as usize
    }

    /// Whether several entities share the name found here, so the analyst must pick one.
    pub fn is_ambiguous(&self) -> bool {
        self.candidate_count() > 1
    }
}

/// The result of a scan: its suggestions by source and position, and the tables they
/// point into (sources, entities, and the candidate lists, which places with the same
/// name share).
#[derive(Clone, Debug, Default)]
pub struct Suggestions {
    /// The sources searched; [`Suggestion::source`] indexes it.
    sources: Vec<SourceId>,
    /// The entities searched for; the candidate table holds indices into it.
    entities: Vec<EntityId>,
    /// Candidate lists end to end, each ascending.
    lists: Vec<u32>,
    /// By source, start and end; no two have the same span.
    items: Vec<Suggestion>,
}

impl Suggestions {
    /// Number of places suggested.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing is suggested.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The suggestions, by source, start and end.
    pub fn items(&self) -> &[Suggestion] {
        &self.items
    }

    /// Number of suggestions with more than one candidate.
    pub fn ambiguous_count(&self) -> usize {
        self.items.iter().filter(|s| s.is_ambiguous()).count()
    }

    /// The source of `suggestion`.
    pub fn source(&self, suggestion: &Suggestion) -> &SourceId {
        &self.sources[suggestion.source as usize]
    }

    /// The index `source` has in this set's source table, if it was searched.
    pub fn source_index(&self, source: &SourceId) -> Option<u32> {
        self.sources.iter().position(|s| s == source).map(|i| i as u32)
    }

    /// The candidates of `suggestion`, as indices for [`Self::entity`].
    pub fn candidate_indices(&self, suggestion: &Suggestion) -> &[u32] {
        &self.lists[suggestion.candidates_start as usize..suggestion.candidates_end as usize]
    }

    /// The candidate entities of `suggestion`, in the order they were searched for.
    pub fn candidates<'a>(
        &'a self,
        suggestion: &Suggestion,
    ) -> impl ExactSizeIterator<Item = &'a EntityId> + use<'a> {
        self.candidate_indices(suggestion).iter().map(|&e| &self.entities[e as usize])
    }

    /// The only candidate of `suggestion`, unless it is ambiguous.
    pub fn unambiguous_entity(&self, suggestion: &Suggestion) -> Option<&EntityId> {
        match self.candidate_indices(suggestion) {
            [one] => Some(&self.entities[*one as usize]),
            _ => None,
        }
    }

    /// Number of entities in the candidate table: every entity searched for.
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// An entity of the candidate table.
    pub fn entity(&self, index: u32) -> &EntityId {
        &self.entities[index as usize]
    }

    /// The index of `entity` in the candidate table, if it was searched for.
    pub fn entity_index(&self, entity: &EntityId) -> Option<u32> {
        self.entities.iter().position(|e| e == entity).map(|i| i as u32)
    }

    /// Whether `entity` (an index from [`Self::entity_index`]) is a candidate of
    /// `suggestion`.
    pub fn has_candidate(&self, suggestion: &Suggestion, entity: u32) -> bool {
        self.candidate_indices(suggestion).contains(&entity)
    }

    /// The anchor (offsets, quote and context) of `suggestion` in `project`, or `None` when
    /// the source is gone or no longer holds the span.
    pub fn anchor(&self, project: &Project, suggestion: &Suggestion) -> Option<Anchor> {
        let source = project.sources.get(self.source(suggestion))?;
        Anchor::from_span(&source.text, suggestion.start as usize, suggestion.end as usize).ok()
    }

    /// Every (source, range, entity) pair, each candidate of each suggestion in turn.
    pub fn pairs(&self) -> impl Iterator<Item = (&SourceId, Range<usize>, &EntityId)> {
        self.items.iter().flat_map(move |s| self.candidates(s).map(move |e| (self.source(s), s.range(), e)))
    }

    /// Keeps only the candidates for which `keep(source, range, entity)` holds, and drops
    /// suggestions left with none. Returns whether anything changed.
    pub fn retain_candidates(
        &mut self,
        mut keep: impl FnMut(&SourceId, Range<usize>, &EntityId) -> bool,
    ) -> bool {
        let mut changed = false;
        let mut kept = Vec::new();
        let mut items = std::mem::take(&mut self.items);
        items.retain_mut(|s| {
            let source = &self.sources[s.source as usize];
            let list = &self.lists[s.candidates_start as usize..s.candidates_end as usize];
            kept.clear();
            kept.extend(
                list.iter().copied().filter(|&e| keep(source, s.range(), &self.entities[e as usize])),
            );
            if kept.len() == list.len() {
                return true;
            }
            changed = true;
            if kept.is_empty() {
                return false;
            }
            (s.candidates_start, s.candidates_end) = push_list(&mut self.lists, &kept);
            true
        });
        self.items = items;
        if changed {
            self.compact();
        }
        changed
    }

    /// Replaces the suggestions for `entities` with those of `found`, a scan for them
    /// alone: they leave every suggestion here, and `found`'s places join these (a place
    /// both have gets the union of the candidates).
    pub fn replace_entities(&mut self, entities: &[EntityId], found: &Suggestions) {
        let replaced: HashSet<&EntityId> = entities.iter().collect();
        self.retain_candidates(|_, _, e| !replaced.contains(e));
        let mut source_index: HashMap<SourceId, u32> =
            self.sources.iter().enumerate().map(|(i, s)| (s.clone(), i as u32)).collect();
        let mut entity_index: HashMap<EntityId, u32> =
            self.entities.iter().enumerate().map(|(i, e)| (e.clone(), i as u32)).collect();
        let mut all: Vec<(Suggestion, Vec<u32>)> =
            self.items.iter().map(|s| (*s, self.candidate_indices(s).to_vec())).collect();
        for s in &found.items {
            let source = intern(&mut self.sources, &mut source_index, found.source(s));
            let candidates =
                found.candidates(s).map(|e| intern(&mut self.entities, &mut entity_index, e)).collect();
            all.push((Suggestion { source, ..*s }, candidates));
        }
        // By source id (not index) so that sources added here sort among the others.
        all.sort_by(|(a, _), (b, _)| {
            (&self.sources[a.source as usize], a.start, a.end).cmp(&(
                &self.sources[b.source as usize],
                b.start,
                b.end,
            ))
        });
        self.lists.clear();
        self.items.clear();
        let mut merged: Vec<(Suggestion, Vec<u32>)> = Vec::with_capacity(all.len());
        for (s, candidates) in all {
            match merged.last_mut() {
                Some((previous, list))
                    if (previous.source, previous.start, previous.end) == (s.source, s.start, s.end) =>
                {
                    list.extend(candidates);
                }
                _ => merged.push((s, candidates)),
            }
        }
        for (mut s, mut list) in merged {
            list.sort_unstable();
            list.dedup();
            (s.candidates_start, s.candidates_end) = push_list(&mut self.lists, &list);
            self.items.push(s);
        }
    }

    /// Rebuilds the candidate table when lists no longer used take most of it (after
    /// many candidates were settled), so that a long review does not grow it without end.
    fn compact(&mut self) {
        let used: usize = self.items.iter().map(Suggestion::candidate_count).sum();
        if self.lists.len() < 1024 || used * 2 > self.lists.len() {
            return;
        }
        let mut lists = Vec::with_capacity(used);
        let mut moved: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
        for s in &mut self.items {
            let old = (s.candidates_start, s.candidates_end);
            let new = *moved
                .entry(old)
                .or_insert_with(|| push_list(&mut lists, &self.lists[old.0 as usize..old.1 as usize]));
            (s.candidates_start, s.candidates_end) = new;
        }
        self.lists = lists;
    }
}

/// The index of `id` in `table`, which `index` indexes, appending it if it is new.
fn intern<T: Clone + Eq + std::hash::Hash>(table: &mut Vec<T>, index: &mut HashMap<T, u32>, id: &T) -> u32 {
    *index.entry(id.clone()).or_insert_with(|| {
        table.push(id.clone());
        (table.len() - 1) as u32
    })
}

/// Appends `list` to `lists`; returns its range there.
fn push_list(lists: &mut Vec<u32>, list: &[u32]) -> (u32, u32) {
    let start = lists.len() as u32;
    lists.extend_from_slice(list);
    (start, lists.len() as u32)
}

/// Why the mention finder stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum MentionError {
    /// The scan was cancelled through its [`Progress`].
    #[error("the mention search was cancelled")]
    Cancelled,
    /// The names could not be compiled into an automaton (far too many or too long).
    #[error("cannot build the name matcher: {0}")]
    Build(#[from] aho_corasick::BuildError),
    /// A subset named an entity the project does not have.
    #[error("there is no entity `{0}`")]
    UnknownEntity(EntityId),
}

impl From<Cancelled> for MentionError {
    fn from(Cancelled: Cancelled) -> Self {
        Self::Cancelled
    }
}

/// The compiled names of a set of entities, ready to search texts.
#[derive(Clone, Debug)]
pub struct MentionFinder {
    /// The folded names that [`StartFilter`] cannot settle by direct comparison, searched
    /// leftmost-longest; `None` when there are none.
    automaton: Option<Automaton>,
    /// For each pattern of the automaton, its length, entities and prefixes, in one small
    /// record so that a match reads one cache line.
    patterns: Vec<PatternInfo>,
    /// The lists [`PatternInfo`] refers to, end to end.
    pattern_lists: Vec<u32>,
    /// Every folded name, end to end, in pattern order.
    pattern_bytes: Vec<u8>,
    /// Which places of a text are worth running the automaton at.
    start_filter: StartFilter,
    /// The entities searched for.
    entities: Vec<EntityId>,
}

/// One place in a text where a name matched, before mentions and rejections are taken out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// The entity named.
    pub entity: EntityId,
    /// Byte range in the original text, on character boundaries.
    pub range: Range<usize>,
}

impl MentionFinder {
    /// A finder for the names and aliases of `entities`. Names that fold to nothing are
    /// skipped; a name shared by several entities suggests each of them.
    pub fn new<'a>(entities: impl IntoIterator<Item = &'a Entity>) -> Result<Self, MentionError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entities: Vec<Vec<usize>> = Vec::new();
        let mut index_of: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
        let mut ids = Vec::new();
        for (entity_index, entity) in entities.into_iter().enumerate() {
            ids.push(entity.id.clone());
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                let folded = fold(name.trim());
                if folded.trim().is_empty() {
                    continue;
                }
                let pattern = *index_of.entry(folded.clone()).or_insert_with(|| {
                    patterns.push(folded);
                    pattern_entities.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_entities[pattern].contains(&entity_index) {
                    pattern_entities[pattern].push(entity_index);
                }
            }
        }
        let mut pattern_lists = Vec::new();
        let mut list = |items: &mut dyn Iterator<Item = usize>| {
            let start = pattern_lists.len() as u32;
            pattern_lists.extend(items.map(|item| item as u32));
            start..pattern_lists.len() as u32
        };
        let pattern_bytes = patterns.concat().into_bytes();
        let pattern_infos = patterns
            .iter()
            .zip(&pattern_entities)
            .map(|(pattern, entities)| PatternInfo {
                len: pattern.len() as u32,
                entity: entities[0] as u32,
                more_entities: list(&mut entities[1..].iter().copied()),
                // The other patterns that are a prefix of this one: wherever the automaton
                // finds this one, those occur at the same start.
                prefixes: list(
                    &mut pattern
                        .char_indices()
                        .skip(1)
                        .filter_map(|(end, _)| index_of.get(&pattern[..end]).copied()),
                ),
            })
            .collect();
        let start_filter = StartFilter::new(&patterns);
        // Only the names that are not compared directly go into the automaton: those that
        // start with neither an ASCII letter nor a digit, and those whose first word starts
        // too many names. Building it costs time for every name in it (the failure links),
        // and most names never need it.
        let in_automaton: Vec<u32> = (0..patterns.len() as u32)
            .filter(|&i| {
                let run = ascii_alphanumeric_run(patterns[i as usize].as_bytes());
                run.is_empty() || start_filter.runs.get(run).is_some_and(|g| g.len() > DIRECT_COMPARE_MAX)
            })
            .collect();
        let automaton = Automaton::new(&patterns, in_automaton)?;
        Ok(Self {
            automaton,
            patterns: pattern_infos,
            pattern_lists,
            pattern_bytes,
            start_filter,
            entities: ids,
        })
    }

    /// Number of distinct folded names searched for.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every place where `text` names one of the entities, on word boundaries, overlaps
    /// resolved (longest first), in text order.
    pub fn find_in_text(&self, text: &str) -> Vec<NameMatch> {
        self.find_in_folded(&Folded::new(text))
    }

    /// As [`Self::find_in_text`], for a text already folded.
    pub fn find_in_folded(&self, folded: &Folded) -> Vec<NameMatch> {
        let mut out = Vec::new();
        self.for_each_match(folded, |range, pattern| {
            for entity in self.pattern_entities(pattern) {
                out.push(NameMatch { entity: self.entities[entity as usize].clone(), range: range.clone() });
            }
        });
        out
    }

    /// The entities (indices into `entities`, ascending) that pattern `pattern` names.
    fn pattern_entities(&self, pattern: usize) -> impl Iterator<Item = u32> + Clone + '_ {
        let info = &self.patterns[pattern];
        std::iter::once(info.entity).chain(self.list(&info.more_entities).iter().copied())
    }

    /// Calls `found` with the original range and the pattern of every match in `folded`,
    /// in text order.
    fn for_each_match(&self, folded: &Folded, mut found: impl FnMut(Range<usize>, usize)) {
        let haystack = folded.text();
        let mut component = Vec::new();
        let mut chosen = Vec::new();
        let mut component_end = 0;
        let mut resolve = |component: &mut Vec<Span>| {
            resolve_overlaps(component, &mut chosen);
            for &(start, end, pattern) in &chosen {
                found(folded.to_original(start..end), pattern);
            }
            component.clear();
        };
        self.for_each_candidate(haystack, |span| {
            // Spans come by start, so a span that starts past every span before it ends
            // begins a new group of overlapping spans; the groups are resolved one by one.
            if span.0 >= component_end && !component.is_empty() {
                resolve(&mut component);
            }
            component_end = if component.is_empty() { span.1 } else { component_end.max(span.1) };
            component.push(span);
        });
        if !component.is_empty() {
            resolve(&mut component);
        }
    }

    /// Calls `found` with every occurrence of a name in `haystack` (a folded text) that
    /// lies on word boundaries, as (start, end, pattern), by start.
    ///
    /// A name can only start where a word starts or at a character that is not part of a
    /// word, and only where [`StartFilter`] lets it. The automaton is run anchored at each
    /// such place only.
    ///
    /// The text is read 64 bytes at a time into bit masks, so that only the places worth
    /// a look are visited: the start of every run of ASCII letters and digits (no name
    /// starts inside one, as that is inside a word) and the bytes some name that does not
    /// start with an ASCII letter or digit starts with.
    fn for_each_candidate(&self, haystack: &str, mut found: impl FnMut(Span)) {
        if self.patterns.is_empty() {
            return;
        }
        let automaton = self.automaton.as_ref();
        let bytes = haystack.as_bytes();
        // Whether the byte before the current chunk is an ASCII letter or digit.
        let mut after_alphanumeric = false;
        for (chunk_index, chunk) in bytes.chunks(64).enumerate() {
            let (alphanumeric, other_starts) = self.start_filter.classify(chunk);
            let run_starts = alphanumeric & !((alphanumeric << 1) | u64::from(after_alphanumeric));
            after_alphanumeric = alphanumeric >> (chunk.len() - 1) & 1 == 1;
            let mut places = run_starts | other_starts;
            while places != 0 {
                let start = chunk_index * 64 + places.trailing_zeros() as usize;
                places &= places - 1;
                let rest = &bytes[start..];
                if !self.start_filter.first_bytes.may_start(rest[0], rest.get(1).copied()) {
                    continue;
                }
                let run = ascii_alphanumeric_run(rest);
                if run.is_empty() {
                    // A byte that some name starting with neither an ASCII letter nor a
                    // digit starts with: only the automaton knows those names.
                    if let Some(automaton) = automaton
                        && starts_a_word(haystack, start)
                    {
                        self.candidates_at(automaton, haystack, start, &mut found);
                    }
                } else if let Some(group) = self.start_filter.runs.get(run)
                    && starts_a_word(haystack, start)
                {
                    if group.len() > DIRECT_COMPARE_MAX {
                        if let Some(automaton) = automaton {
                            self.candidates_at(automaton, haystack, start, &mut found);
                        }
                    } else {
                        self.compare_at(group, haystack, start, &mut found);
                    }
                }
            }
        }
    }

    /// Calls `found` with every name of `group` (shortest first) that starts at `start`
    /// of `haystack` and ends on a word boundary, shortest first.
    ///
    /// The same spans as [`Self::candidates_at`] gives: every name that starts there has
    /// the text's leading run as its own, so it is in the group.
    fn compare_at(&self, group: &[RunMember], haystack: &str, start: usize, found: &mut impl FnMut(Span)) {
        let rest = &haystack.as_bytes()[start..];
        for member in group {
            let (offset, len) = (member.offset as usize, member.len as usize);
            if rest.get(..len) == Some(&self.pattern_bytes[offset..offset + len])
                && ends_a_word(haystack, start + len)
            {
                found((start, start + len, member.pattern as usize));
            }
        }
    }

    /// As [`Self::for_each_candidate`] without [`StartFilter`]: the automaton is run at
    /// every place where a word starts or at every character outside words.
    #[cfg(test)]
    fn for_each_candidate_unfiltered(&self, haystack: &str, mut found: impl FnMut(Span)) {
        let patterns: Vec<String> = self
            .patterns
            .iter()
            .scan(0, |offset, p| {
                let bytes = &self.pattern_bytes[*offset..*offset + p.len as usize];
                *offset += p.len as usize;
                Some(String::from_utf8_lossy(bytes).into_owned())
            })
            .collect();
        let Ok(Some(automaton)) = Automaton::new(&patterns, (0..patterns.len() as u32).collect()) else {
            return;
        };
        let automaton = &automaton;
        for (start, _) in haystack.char_indices() {
            if starts_a_word(haystack, start) {
                self.candidates_at(automaton, haystack, start, &mut found);
            }
        }
    }

    /// Calls `found` with every name that starts at `start` of `haystack` and ends on a
    /// word boundary, shortest first.
    ///
    /// The anchored automaton gives the longest name there, and the names that are a
    /// prefix of that one are the only other names that start there.
    fn candidates_at(
        &self,
        automaton: &Automaton,
        haystack: &str,
        start: usize,
        found: &mut impl FnMut(Span),
    ) {
        let Some(longest) = automaton.longest_at(haystack, start) else {
            return;
        };
        // Shortest first, so that spans with the same start come by end.
        for &prefix in self.list(&self.patterns[longest].prefixes) {
            let end = start + self.patterns[prefix as usize].len as usize;
            if ends_a_word(haystack, end) {
                found((start, end, prefix as usize));
            }
        }
        let end = start + self.patterns[longest].len as usize;
        if ends_a_word(haystack, end) {
            found((start, end, longest));
        }
    }

    /// The items of one of the lists a [`PatternInfo`] refers to.
    fn list(&self, range: &Range<u32>) -> &[u32] {
        &self.pattern_lists[range.start as usize..range.end as usize]
    }
}

/// An anchored, leftmost-longest Aho-Corasick automaton over some of a finder's patterns.
#[derive(Clone, Debug)]
struct Automaton {
    searcher: AhoCorasick,
    /// The finder's pattern index of each of the automaton's patterns.
    patterns: Vec<u32>,
}

impl Automaton {
    /// An automaton for `chosen` (indices into `patterns`), or `None` when none is chosen.
    fn new(patterns: &[String], chosen: Vec<u32>) -> Result<Option<Self>, MentionError> {
        if chosen.is_empty() {
            return Ok(None);
        }
        let names: Vec<&str> = chosen.iter().map(|&i| patterns[i as usize].as_str()).collect();
        let builder = || {
            let mut builder = AhoCorasick::builder();
            builder.match_kind(MatchKind::LeftmostLongest).start_kind(StartKind::Anchored);
            builder
        };
        let searcher = builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&names)
            .or_else(|_| builder().build(&names))?;
        Ok(Some(Self { searcher, patterns: chosen }))
    }

    /// The finder's index of the longest pattern that starts at `start` of `haystack`.
    fn longest_at(&self, haystack: &str, start: usize) -> Option<usize> {
        let input = Input::new(haystack).span(start..haystack.len()).anchored(Anchored::Yes);
        let found = self.searcher.find(input)?;
        Some(self.patterns[found.pattern().as_usize()] as usize)
    }
}

/// What the finder knows of one pattern. Indices are `u32` to keep the record small: a
/// project has far fewer than 4 billion names.
#[derive(Clone, Debug)]
struct PatternInfo {
    /// Length of the folded name in bytes.
    len: u32,
    /// The first entity (an index into `entities`) the name names.
    entity: u32,
    /// The other entities it names, as a range of `pattern_lists`.
    more_entities: Range<u32>,
    /// The other patterns that are a prefix of this one, shortest first, as a range of
    /// `pattern_lists`.
    prefixes: Range<u32>,
}

/// A group of names sharing a leading run with more names than this is searched with the
/// automaton; smaller ones (nearly all: few names share a first word) are compared byte
/// for byte, which costs less than walking the automaton's states.
const DIRECT_COMPARE_MAX: usize = 8;

/// Which places of a folded text are worth looking at, and which names may start there:
/// a cheap test that lets through every place where some name matches, and few others.
///
/// At the start of a run of ASCII letters and digits, a name that starts with such a run
/// starts with exactly the text's run: if the name's run were longer it would not match,
/// and if it were shorter the name would either go on with a different byte or end inside
/// a word. So the whole run is looked up among the names' leading runs, once its first
/// two bytes are found among the names' first two bytes, and only the names with that
/// leading run are tried. Elsewhere only the first two bytes are looked up.
#[derive(Clone, Debug)]
struct StartFilter {
    /// The names that start with a run of ASCII letters and digits, by that run.
    runs: RunTable,
    /// The first bytes of the names.
    first_bytes: FirstBytes,
    /// For each byte, whether a name that does not start with an ASCII letter or digit
    /// starts with it.
    other_first_bytes: [bool; 256],
    /// Whether any name starts with a byte other than an ASCII letter or digit.
    has_other_first_bytes: bool,
}

impl StartFilter {
    fn new(patterns: &[String]) -> Self {
        let mut other_first_bytes = [false; 256];
        for pattern in patterns {
            if ascii_alphanumeric_run(pattern.as_bytes()).is_empty()
                && let Some(&first) = pattern.as_bytes().first()
            {
                other_first_bytes[usize::from(first)] = true;
            }
        }
        let has_other_first_bytes = other_first_bytes.contains(&true);
        Self {
            runs: RunTable::new(patterns),
            first_bytes: FirstBytes::new(patterns),
            other_first_bytes,
            has_other_first_bytes,
        }
    }

    /// Two masks of `chunk` (at most 64 bytes), bit `i` for byte `i`: the ASCII letters
    /// and digits, and the bytes that a name not starting with one of those starts with.
    fn classify(&self, chunk: &[u8]) -> (u64, u64) {
        let (words, tail) = chunk.as_chunks::<8>();
        let mut alphanumeric = 0;
        for (i, word) in words.iter().enumerate() {
            alphanumeric |= u64::from(alphanumeric_bits(u64::from_le_bytes(*word))) << (8 * i);
        }
        for (i, &b) in tail.iter().enumerate() {
            alphanumeric |= u64::from(b.is_ascii_alphanumeric()) << (words.len() * 8 + i);
        }
        let mut other_starts = 0;
        if self.has_other_first_bytes {
            for (i, &b) in chunk.iter().enumerate() {
                other_starts |= u64::from(self.other_first_bytes[usize::from(b)]) << i;
            }
        }
        (alphanumeric, other_starts)
    }
}

/// Bit `i` is set when byte `i` of `word` (little-endian) is an ASCII letter or digit.
///
/// Eight bytes at once in plain integer arithmetic: for a byte `x` below 0x80,
/// `x + (0x80 - lo)` has its high bit set exactly when `x >= lo`, and `x + (0x7f - hi)`
/// exactly when `x > hi`; neither sum carries into the next byte. The multiply gathers the
/// eight high bits into the top byte (each lands on its own bit, so nothing carries).
fn alphanumeric_bits(word: u64) -> u8 {
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    let high = splat(0x80);
    let low = word & !high;
    let in_range = |lo: u8, hi: u8| (low + splat(0x80 - lo)) & !(low + splat(0x7f - hi));
    let bits = (in_range(b'0', b'9') | in_range(b'a', b'z') | in_range(b'A', b'Z')) & !word & high;
    ((bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The run of ASCII letters and digits at the start of `bytes`.
fn ascii_alphanumeric_run(bytes: &[u8]) -> &[u8] {
    let len = bytes.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len());
    &bytes[..len]
}

/// The names that start with a run of ASCII letters and digits, grouped by that run.
///
/// Written by hand rather than taken from a hash map crate because of where it is used:
/// it is asked at the start of nearly every word of every text, and nearly every answer is
/// "no". A run is keyed by its first eight bytes packed into a `u64` and its length, so
/// nothing is hashed byte by byte or compared through a pointer; the slots are 8 bytes
/// (a tag from the hash and the group) and at most half full, so the table stays small
/// enough for the processor's cache and most words cost one probe that the tag answers.
/// Runs longer than eight bytes that share their first eight bytes and their length
/// share a group; the names are compared byte for byte afterwards anyway.
#[derive(Clone, Debug)]
struct RunTable {
    /// Open addressing with linear probing; a power of two long, never more than half
    /// full, so that every probe sequence reaches an empty slot.
    slots: Vec<RunSlot>,
    /// 64 minus the base-2 logarithm of the number of slots: the hash's top bits pick the
    /// slot.
    shift: u32,
    groups: Vec<RunGroup>,
    /// The names of every group, each group's shortest first.
    members: Vec<RunMember>,
}

/// One slot of a [`RunTable`].
#[derive(Clone, Copy, Debug, Default)]
struct RunSlot {
    /// The low half of the run's hash, checked before the group is read.
    tag: u32,
    /// One more than the index into `groups`; 0 marks an empty slot.
    group: u32,
}

/// The names that share one leading run.
#[derive(Clone, Debug)]
struct RunGroup {
    /// The run's first eight bytes, little-endian, zero-padded.
    key: u64,
    /// The run's length.
    len: u32,
    /// The group's range of `members`.
    members: Range<u32>,
}

/// A name in a [`RunGroup`]: where to compare it and which pattern it is.
#[derive(Clone, Copy, Debug)]
struct RunMember {
    pattern: u32,
    /// The name's bytes, as a range of the finder's `pattern_bytes`.
    offset: u32,
    len: u32,
}

impl RunTable {
    fn new(patterns: &[String]) -> Self {
        let mut by_run: HashMap<(u64, u32), Vec<u32>> = HashMap::new();
        for (index, pattern) in patterns.iter().enumerate() {
            let run = ascii_alphanumeric_run(pattern.as_bytes());
            // A run of over 4 GiB cannot be in a name the store accepts.
            if let Ok(len) = u32::try_from(run.len())
                && len > 0
            {
                by_run.entry((run_key(run), len)).or_default().push(index as u32);
            }
        }
        let slot_count = (by_run.len() * 2).max(16).next_power_of_two();
        let mut table = Self {
            slots: vec![RunSlot::default(); slot_count],
            shift: 64 - slot_count.trailing_zeros(),
            groups: Vec::with_capacity(by_run.len()),
            members: Vec::new(),
        };
        // Sorted so that the table, like everything else the finder builds, does not
        // depend on the hash map's order.
        let mut by_run: Vec<_> = by_run.into_iter().collect();
        by_run.sort_unstable();
        // Offsets of the names in the finder's `pattern_bytes`, which holds them in order.
        let offsets: Vec<u32> = patterns
            .iter()
            .scan(0_u32, |offset, pattern| {
                let start = *offset;
                *offset += pattern.len() as u32;
                Some(start)
            })
            .collect();
        for ((key, len), mut group) in by_run {
            group.sort_by_key(|&pattern| (patterns[pattern as usize].len(), pattern));
            let start = table.members.len() as u32;
            table.members.extend(group.iter().map(|&pattern| RunMember {
                pattern,
                offset: offsets[pattern as usize],
                len: patterns[pattern as usize].len() as u32,
            }));
            let (mut slot, tag) = table.home(key, len);
            while table.slots[slot].group != 0 {
                slot = (slot + 1) & (table.slots.len() - 1);
            }
            table.groups.push(RunGroup { key, len, members: start..table.members.len() as u32 });
            table.slots[slot] = RunSlot { tag, group: table.groups.len() as u32 };
        }
        table
    }

    /// The names whose leading run may be `run` (a non-empty run of ASCII letters and
    /// digits), shortest first.
    fn get(&self, run: &[u8]) -> Option<&[RunMember]> {
        let len = u32::try_from(run.len()).ok()?;
        let key = run_key(run);
        let (mut slot, tag) = self.home(key, len);
        loop {
            let candidate = self.slots[slot];
            let group = candidate.group.checked_sub(1)?;
            if candidate.tag == tag {
                let group = &self.groups[group as usize];
                if group.key == key && group.len == len {
                    return Some(&self.members[group.members.start as usize..group.members.end as usize]);
                }
            }
            slot = (slot + 1) & (self.slots.len() - 1);
        }
    }

    /// The first slot tried for a run, and its tag. Fibonacci hashing: the multiply
    /// spreads the key's low bytes, where short runs differ, into the top bits.
    fn home(&self, key: u64, len: u32) -> (usize, u32) {
        let mixed = (key ^ u64::from(len).rotate_right(8)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        // The shift leaves at most as many bits as the slot count has; the tag is the
        // low half, which the slot index does not use.
        ((mixed >> self.shift) as usize, mixed as u32)
    }
}

/// The first eight bytes of `run`, little-endian, zero-padded.
fn run_key(run: &[u8]) -> u64 {
    let mut word = [0; 8];
    let len = run.len().min(8);
    word[..len].copy_from_slice(&run[..len]);
    u64::from_le_bytes(word)
}

/// The first bytes of a set of names.
#[derive(Clone, Debug)]
struct FirstBytes {
    /// Bit `b` is set when a name is the single byte `b`.
    single: Vec<u64>,
    /// Bit `a * 256 + b` is set when a name starts with the bytes `a`, `b`.
    pairs: Vec<u64>,
}

impl FirstBytes {
    fn new(patterns: &[String]) -> Self {
        let mut first_bytes = Self { single: vec![0; 256 / 64], pairs: vec![0; 256 * 256 / 64] };
        for pattern in patterns {
            match *pattern.as_bytes() {
                [a] => set_bit(&mut first_bytes.single, usize::from(a)),
                [a, b, ..] => set_bit(&mut first_bytes.pairs, usize::from(a) * 256 + usize::from(b)),
                [] => {}
            }
        }
        first_bytes
    }

    /// Whether a name may start with `first` followed by `second` (`None` at the end of
    /// the text).
    fn may_start(&self, first: u8, second: Option<u8>) -> bool {
        has_bit(&self.single, usize::from(first))
            || second
                .is_some_and(|second| has_bit(&self.pairs, usize::from(first) * 256 + usize::from(second)))
    }
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

fn has_bit(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

/// A name found in a folded text: start, end and pattern.
type Span = (usize, usize, usize);

/// Fills `chosen` with the spans of `component` that survive when the longest spans are
/// taken first (ties to the earlier one) and every span that overlaps one already taken
/// is dropped, in text order.
fn resolve_overlaps(component: &mut [Span], chosen: &mut Vec<Span>) {
    chosen.clear();
    if let [single] = component {
        chosen.push(*single);
        return;
    }
    component.sort_by_key(|&(start, end, _)| (std::cmp::Reverse(end - start), start));
    for &span in &*component {
        let (start, end, _) = span;
        if chosen.iter().all(|&(taken_start, taken_end, _)| end <= taken_start || taken_end <= start) {
            chosen.push(span);
        }
    }
    chosen.sort_unstable_by_key(|&(start, _, _)| start);
}

/// Whether a name may start at `start` of `folded`: at a word boundary, or with a
/// character that is not part of a word.
fn starts_a_word(folded: &str, start: usize) -> bool {
    is_word_boundary(folded, start) || !word_char_starts_at(folded, start)
}

/// Whether a name may end at `end` of `folded`: at a word boundary, after a character
/// that is not part of a word ("U.S."), or before a possessive "'s" ("Assad's").
fn ends_a_word(folded: &str, end: usize) -> bool {
    is_word_boundary(folded, end)
        || !word_char_ends_at(folded, end)
        || (folded.get(end..).is_some_and(|rest| rest.starts_with("'s")) && is_word_boundary(folded, end + 2))
}

/// The suggestions for `entities` (all of the project's when `None`) in every source of
/// `project`: one per place, with every entity whose name or alias is found there and
/// that has neither a mention nor a rejection of exactly that span.
///
/// `progress` is told "sources searched of all" before each source and once at the end;
/// a cancel stops the scan with [`MentionError::Cancelled`].
pub fn find_suggestions(
    project: &Project,
    entities: Option<&[EntityId]>,
    progress: &Progress,
) -> Result<Suggestions, MentionError> {
    let finder = match entities {
        None => MentionFinder::new(project.entities.values())?,
        Some(ids) => {
            let mut chosen = Vec::with_capacity(ids.len());
            for id in ids {
                let Some(entity) = project.entities.get(id) else {
                    return Err(MentionError::UnknownEntity(id.clone()));
                };
                chosen.push(entity);
            }
            MentionFinder::new(chosen)?
        }
    };
    let known = known_spans(project, &finder);
    let sources: Vec<&Source> = project.sources.values().collect();
    let total = sources.len();
    // A big project is searched in two parts at once, cut where half of its text is
    // behind; both count their sources into one progress report and stop at a cancel.
    let total_bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let split = if total_bytes < PARALLEL_SCAN_MIN_BYTES {
        total
    } else {
        let mut behind = 0;
        sources
            .iter()
            .take_while(|s| {
                behind += s.text.len();
                behind < total_bytes / 2
            })
            .count()
    };
    let done = AtomicUsize::new(0);
    let next = || progress.report(done.fetch_add(1, Ordering::Relaxed), total);
    let (first, second) = std::thread::scope(|scope| {
        let second = (split < total)
            .then(|| scope.spawn(|| scan_sources(&finder, &sources[split..], &known[split..], split, &next)));
        let first = scan_sources(&finder, &sources[..split], &known[..split], 0, &next);
        let second =
            second.map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (first, second)
    });
    let mut out = first?;
    if let Some(second) = second {
        let second = second?;
        let offset = out.lists.len() as u32;
        out.lists.extend(second.lists);
        out.items.extend(second.items.into_iter().map(|mut item| {
            item.candidates_start += offset;
            item.candidates_end += offset;
            item
        }));
    }
    progress.report(total, total)?;
    Ok(Suggestions {
        sources: project.sources.keys().cloned().collect(),
        entities: finder.entities.clone(),
        lists: out.lists,
        items: out.items,
    })
}

/// Below this much text (in bytes) a project is searched on one thread.
const PARALLEL_SCAN_MIN_BYTES: usize = 1 << 20;

/// The suggestions found in some sources: the candidate lists and the places.
struct ScanPart {
    lists: Vec<u32>,
    items: Vec<Suggestion>,
}

/// Searches `sources` (with their `known` spans), which start at index `first_index` of
/// the project's sources. `next()` is called before each source and stops the search
/// when it says the work was cancelled.
fn scan_sources(
    finder: &MentionFinder,
    sources: &[&Source],
    known: &[Vec<(u32, u32, u32)>],
    first_index: usize,
    next: &(dyn Fn() -> Result<(), Cancelled> + Sync),
) -> Result<ScanPart, Cancelled> {
    let mut out = ScanPart { lists: Vec::new(), items: Vec::new() };
    // Each pattern's whole entity list goes into the candidate table once, the first time
    // the pattern is found, and every place where it is found shares it.
    let mut shared: Vec<Option<(u32, u32)>> = vec![None; finder.patterns.len()];
    let mut filtered = Vec::new();
    // One buffer for every source's folded text, so that folding allocates once.
    let mut folded = Folded::default();
    for (done, (source, known)) in sources.iter().zip(known).enumerate() {
        next()?;
        // Offsets are kept as `u32`; the store refuses texts anywhere near 4 GiB, and a
        // longer one (possible only in memory) is not searched rather than misread.
        if u32::try_from(source.text.len()).is_err() {
            continue;
        }
        folded.refold(&source.text);
        finder.for_each_match(&folded, |range, pattern| {
            let (start, end) = (range.start as u32, range.end as u32);
            let entities = finder.pattern_entities(pattern);
            // The known spans here, if any: (start, end, entity), sorted.
            let first = known.partition_point(|k| (k.0, k.1) < (start, end));
            let here = &known[first..known[first..].partition_point(|k| (k.0, k.1) == (start, end)) + first];
            let candidates = if here.is_empty() {
                *shared[pattern].get_or_insert_with(|| {
                    filtered.clear();
                    filtered.extend(entities);
                    push_list(&mut out.lists, &filtered)
                })
            } else {
                filtered.clear();
                filtered.extend(entities.filter(|&e| !here.iter().any(|k| k.2 == e)));
                if filtered.is_empty() {
                    return;
                }
                push_list(&mut out.lists, &filtered)
            };
            out.items.push(Suggestion {
                source: (first_index + done) as u32,
                start,
                end,
                candidates_start: candidates.0,
                candidates_end: candidates.1,
            });
        });
    }
    Ok(out)
}

/// For each source of `project` in order, the spans that must not be proposed again
/// (mentions and rejections of the finder's entities) as (start, end, entity index),
/// sorted.
fn known_spans(project: &Project, finder: &MentionFinder) -> Vec<Vec<(u32, u32, u32)>> {
    let source_index: foldhash::HashMap<&SourceId, usize> =
        project.sources.keys().enumerate().map(|(i, id)| (id, i)).collect();
    let entity_index: foldhash::HashMap<&EntityId, u32> =
        finder.entities.iter().enumerate().map(|(i, id)| (id, i as u32)).collect();
    let mut known = vec![Vec::new(); project.sources.len()];
    let mentioned = project.mentions.values().map(|m| (&m.source, &m.entity, &m.anchor));
    let rejected = project.rejections.values().map(|r| (&r.source, &r.entity, &r.anchor));
    for (source, entity, anchor) in mentioned.chain(rejected) {
        let (Some(&source), Some(&entity)) = (source_index.get(source), entity_index.get(entity)) else {
            continue;
        };
        let (Ok(start), Ok(end)) = (u32::try_from(anchor.start), u32::try_from(anchor.end)) else {
            continue;
        };
        known[source].push((start, end, entity));
    }
    for spans in &mut known {
        spans.sort_unstable();
    }
    known
}

/// An edit that turns every unambiguous one of `items` (suggestions of `suggestions`)
/// into a mention with a fresh id (one undo step); ambiguous ones are left alone, as only
/// the analyst can tell which entity is meant.
pub fn accept_all<'a>(
    project: &Project,
    suggestions: &Suggestions,
    items: impl IntoIterator<Item = &'a Suggestion>,
    ids: &mut IdGenerator,
) -> Edit {
    let mut fresh: HashSet<String> = HashSet::new();
    let edits = items
        .into_iter()
        .filter_map(|s| {
            let entity = suggestions.unambiguous_entity(s)?;
            let anchor = suggestions.anchor(project, s)?;
            Some(mention_edit(project, &mut fresh, ids, suggestions.source(s), entity, anchor))
        })
        .collect();
    Edit::Batch(edits)
}

/// An edit that accepts `suggestion` as a mention of `entity`, one of its candidates, and
/// rejects it for the other candidates, so that the place is settled (one undo step).
/// `None` when `entity` is not a candidate or the span is gone from its source.
pub fn accept_as(
    project: &Project,
    suggestions: &Suggestions,
    suggestion: &Suggestion,
    entity: &EntityId,
    ids: &mut IdGenerator,
) -> Option<Edit> {
    let anchor = suggestions.anchor(project, suggestion)?;
    if !suggestions.candidates(suggestion).any(|e| e == entity) {
        return None;
    }
    let source = suggestions.source(suggestion);
    let mut fresh: HashSet<String> = HashSet::new();
    let mut edits = vec![mention_edit(project, &mut fresh, ids, source, entity, anchor.clone())];
    for other in suggestions.candidates(suggestion).filter(|e| *e != entity) {
        edits.push(rejection_edit(project, &mut fresh, ids, source, other, anchor.clone()));
    }
    Some(Edit::Batch(edits))
}

/// An edit that records every one of `items` as rejected for each of its candidates, so
/// none is proposed again (one undo step).
pub fn reject<'a>(
    project: &Project,
    suggestions: &Suggestions,
    items: impl IntoIterator<Item = &'a Suggestion>,
    ids: &mut IdGenerator,
) -> Edit {
    let mut fresh: HashSet<String> = HashSet::new();
    let mut edits = Vec::new();
    for s in items {
        let Some(anchor) = suggestions.anchor(project, s) else {
            continue;
        };
        for entity in suggestions.candidates(s) {
            edits.push(rejection_edit(
                project,
                &mut fresh,
                ids,
                suggestions.source(s),
                entity,
                anchor.clone(),
            ));
        }
    }
    Edit::Batch(edits)
}

fn mention_edit(
    project: &Project,
    fresh: &mut HashSet<String>,
    ids: &mut IdGenerator,
    source: &SourceId,
    entity: &EntityId,
    anchor: Anchor,
) -> Edit {
    let id = fresh_id(project, fresh, ids, &format!("m {}", anchor.exact));
    Edit::put(Mention { id: MentionId(id), entity: entity.clone(), source: source.clone(), anchor })
}

fn rejection_edit(
    project: &Project,
    fresh: &mut HashSet<String>,
    ids: &mut IdGenerator,
    source: &SourceId,
    entity: &EntityId,
    anchor: Anchor,
) -> Edit {
    let id = fresh_id(project, fresh, ids, &format!("rejected {}", anchor.exact));
    Edit::put(Rejection { id: RejectionId(id), entity: entity.clone(), source: source.clone(), anchor })
}

/// An id for an item about `name` that neither the project nor this batch uses yet.
fn fresh_id(project: &Project, fresh: &mut HashSet<String>, ids: &mut IdGenerator, name: &str) -> String {
    let id = ids.make(name, "m", |id| project.id_taken(id) || fresh.contains(id));
    fresh.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::EntityKind;

    fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: EntityId::from(id),
            name: name.to_owned(),
            kind: EntityKind::Other,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            notes: String::new(),
            attributes: std::collections::BTreeMap::new(),
        }
    }

    fn tricky_entities() -> Vec<Entity> {
        vec![
            entity("assad", "Bashar al-Assad", &["Assad", "Asad", "al-Assad", "بشار الأسد"]),
            entity("hts", "Hay'at Tahrir al-Sham", &["Hayat Tahrir al-Sham", "HTS"]),
            entity("tahrir", "Tahrir", &[]),
            entity("us", "United States", &["US", "U.S."]),
            entity("cbs", "Central Bank of Syria", &[]),
            entity("syria", "Syria", &[]),
            entity("hmeimim", "Hmeimim", &["Khmeimim"]),
        ]
    }

    /// The matches in `text`, as (entity, matched original text).
    fn matches(text: &str) -> Vec<(String, String)> {
        let finder = MentionFinder::new(&tricky_entities()).expect("builds");
        finder
            .find_in_text(text)
            .into_iter()
            .map(|m| (m.entity.to_string(), text[m.range].to_owned()))
            .collect()
    }

    #[test]
    fn tricky_strings() {
        let table: &[(&str, &[(&str, &str)])] = &[
            ("Hay’at Tahrir al-Sham took Idlib", &[("hts", "Hay’at Tahrir al-Sham")]),
            ("HAY'AT TAHRIR AL‑SHAM", &[("hts", "HAY'AT TAHRIR AL‑SHAM")]),
            ("Hayat Tahrir al—Sham", &[("hts", "Hayat Tahrir al—Sham")]),
            ("Tahrir Square", &[("tahrir", "Tahrir")]),
            ("the Assadi family", &[]),
            ("HTSX and HTS", &[("hts", "HTS")]),
            ("(HTS)", &[("hts", "HTS")]),
            ("Bashar al-Assad fled", &[("assad", "Bashar al-Assad")]),
            ("al-Assad's plane", &[("assad", "al-Assad")]),
            ("al-Assad’s plane", &[("assad", "al-Assad")]),
            ("Assad'sx", &[]),
            ("President Asád", &[("assad", "Asád")]),
            ("al-ASSAD", &[("assad", "al-ASSAD")]),
            ("قال بشار الأسد", &[("assad", "بشار الأسد")]),
            ("قال بشار الاسد", &[("assad", "بشار الاسد")]),
            ("بشار الأسدي", &[]),
            ("thus, the US", &[("us", "US")]),
            ("because U.S. forces", &[("us", "U.S.")]),
            ("the Central Bank of Syria and Syria", &[("cbs", "Central Bank of Syria"), ("syria", "Syria")]),
            ("Khmeimím and Hmeimim", &[("hmeimim", "Khmeimím"), ("hmeimim", "Hmeimim")]),
            ("Khmeimim2", &[]),
        ];
        for (text, expected) in table {
            let expected: Vec<(String, String)> =
                expected.iter().map(|(e, t)| ((*e).to_owned(), (*t).to_owned())).collect();
            assert_eq!(matches(text), expected, "{text}");
        }
    }

    #[test]
    fn a_shared_alias_suggests_both_entities() {
        let entities = [entity("a", "Assad", &[]), entity("b", "Hafez", &["Assad"])];
        let finder = MentionFinder::new(&entities).expect("builds");
        let found = finder.find_in_text("Assad");
        assert_eq!(found.len(), 2);
        assert_eq!(finder.pattern_count(), 2);
    }

    fn project_with(text: &str) -> Project {
        let mut project = Project::new("T");
        let source = crate::model::Source::new(SourceId::from("s"), "S", text);
        project.sources.insert(source.id.clone(), source);
        for e in tricky_entities() {
            project.entities.insert(e.id.clone(), e);
        }
        project
    }

    /// Each suggestion of `suggestions` as (entity ids, quoted text), in order.
    fn resolved(project: &Project, suggestions: &Suggestions) -> Vec<(Vec<String>, String)> {
        suggestions
            .items()
            .iter()
            .map(|s| {
                let text = &project.sources[suggestions.source(s)].text;
                (suggestions.candidates(s).map(ToString::to_string).collect(), text[s.range()].to_owned())
            })
            .collect()
    }

    #[test]
    fn accepted_and_rejected_spans_are_not_proposed_again_and_cancel_stops() {
        let mut project = project_with("HTS and Assad met the US in Hmeimim.");
        let mut ids = IdGenerator::seeded(1);
        let all = find_suggestions(&project, None, &Progress::new()).expect("runs");
        assert_eq!(all.len(), 4);
        let us: Vec<Suggestion> =
            all.items().iter().copied().filter(|s| all.candidates(s).any(|e| e.as_str() == "us")).collect();
        let edit = reject(&project, &all, &us, &mut ids);
        crate::edit::apply(&mut project, &edit).expect("rejects");
        let edit = accept_all(&project, &all, &all.items()[..1], &mut ids);
        crate::edit::apply(&mut project, &edit).expect("accepts");
        let left = find_suggestions(&project, None, &Progress::new()).expect("runs");
        let expected = |names: &[(&str, &str)]| -> Vec<(Vec<String>, String)> {
            names.iter().map(|(e, t)| (vec![(*e).to_owned()], (*t).to_owned())).collect()
        };
        assert_eq!(resolved(&project, &left), expected(&[("assad", "Assad"), ("hmeimim", "Hmeimim")]));
        let only =
            find_suggestions(&project, Some(&[EntityId::from("hmeimim")]), &Progress::new()).expect("runs");
        assert_eq!(only.len(), 1);
        let stopped = Progress::new();
        stopped.cancel();
        assert!(matches!(find_suggestions(&project, None, &stopped), Err(MentionError::Cancelled)));
        assert_eq!(project.validate(), Vec::new());
    }

    /// Two organisations share the acronym "MRG"; a third name is unambiguous.
    fn mrg_project(text: &str) -> Project {
        let mut project = Project::new("T");
        let source = crate::model::Source::new(SourceId::from("s"), "S", text);
        project.sources.insert(source.id.clone(), source);
        for e in [
            entity("marel", "Marel Rodan Group", &["MRG"]),
            entity("mirvo", "Mirvo Ragal Group", &["MRG"]),
            entity("kota", "Kota", &[]),
        ] {
            project.entities.insert(e.id.clone(), e);
        }
        project
    }

    #[test]
    fn a_shared_alias_is_one_ambiguous_suggestion_that_accept_all_leaves_alone() {
        let mut project = mrg_project("MRG and Kota met MRG.");
        let found = find_suggestions(&project, None, &Progress::new()).expect("runs");
        let both = vec!["marel".to_owned(), "mirvo".to_owned()];
        assert_eq!(
            resolved(&project, &found),
            [
                (both.clone(), "MRG".to_owned()),
                (vec!["kota".to_owned()], "Kota".to_owned()),
                (both, "MRG".to_owned())
            ]
        );
        assert_eq!(found.ambiguous_count(), 2);
        // The two "MRG"s share one candidate list.
        assert_eq!(found.lists.len(), 3);
        // Accept all takes only Kota.
        let mut ids = IdGenerator::seeded(2);
        let edit = accept_all(&project, &found, found.items(), &mut ids);
        crate::edit::apply(&mut project, &edit).expect("accepts");
        assert_eq!(project.mentions.len(), 1);
        // Picking Mirvo for the first "MRG" makes it a mention of Mirvo and rejects Marel
        // there; the second stays ambiguous.
        let first = found.items()[0];
        assert!(accept_as(&project, &found, &first, &EntityId::from("kota"), &mut ids).is_none());
        let edit =
            accept_as(&project, &found, &first, &EntityId::from("mirvo"), &mut ids).expect("a candidate");
        crate::edit::apply(&mut project, &edit).expect("accepts");
        assert_eq!(project.rejections.values().map(|r| r.entity.as_str()).collect::<Vec<_>>(), ["marel"]);
        let left = find_suggestions(&project, None, &Progress::new()).expect("runs");
        assert_eq!(left.len(), 1);
        assert_eq!((left.items()[0].range(), left.ambiguous_count()), (17..20, 1));
        // A mention of one candidate there leaves the other, now unambiguous.
        let mention = Mention {
            id: MentionId("m-mrg".into()),
            entity: EntityId::from("marel"),
            source: SourceId::from("s"),
            anchor: Anchor::from_span("MRG and Kota met MRG.", 17, 20).expect("fits"),
        };
        crate::edit::apply(&mut project, &Edit::put(mention)).expect("tags");
        let left = find_suggestions(&project, None, &Progress::new()).expect("runs");
        assert_eq!(resolved(&project, &left), [(vec!["mirvo".to_owned()], "MRG".to_owned())]);
        // Rejecting an ambiguous one rejects it for each candidate.
        let mut project = mrg_project("MRG");
        let found = find_suggestions(&project, None, &Progress::new()).expect("runs");
        let edit = reject(&project, &found, found.items(), &mut ids);
        crate::edit::apply(&mut project, &edit).expect("rejects");
        assert_eq!(project.rejections.len(), 2);
        assert!(find_suggestions(&project, None, &Progress::new()).expect("runs").is_empty());
    }

    #[test]
    fn a_rescan_for_one_entity_replaces_only_its_candidates() {
        let project = mrg_project("MRG and Kota met MRG.");
        let mut all = find_suggestions(&project, None, &Progress::new()).expect("runs");
        let marel = [EntityId::from("marel")];
        let mut project = project;
        // Marel is rejected at the first "MRG", then rescanned alone.
        let rejected = Rejection {
            id: RejectionId("r".into()),
            entity: marel[0].clone(),
            source: SourceId::from("s"),
            anchor: Anchor::from_span("MRG and Kota met MRG.", 0, 3).expect("fits"),
        };
        crate::edit::apply(&mut project, &Edit::put(rejected)).expect("rejects");
        let found = find_suggestions(&project, Some(&marel), &Progress::new()).expect("runs");
        all.replace_entities(&marel, &found);
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            resolved(&project, &all),
            [
                (names(&["mirvo"]), "MRG".to_owned()),
                (names(&["kota"]), "Kota".to_owned()),
                (names(&["marel", "mirvo"]), "MRG".to_owned()),
            ]
        );
        let fresh = find_suggestions(&project, None, &Progress::new()).expect("runs");
        assert_eq!(resolved(&project, &all), resolved(&project, &fresh));
        // Settling candidates drops them, and places left with none.
        assert!(all.retain_candidates(|_, range, e| !(range.start == 17 && e.as_str() == "mirvo")));
        assert!(all.retain_candidates(|_, _, e| e.as_str() != "kota"));
        assert!(!all.retain_candidates(|_, _, _| true));
        assert_eq!(
            resolved(&project, &all),
            [(names(&["mirvo"]), "MRG".to_owned()), (names(&["marel"]), "MRG".to_owned())]
        );
    }

    /// Pieces of text that the seed reports and the tricky names are made of: names and
    /// near-names, apostrophe and dash variants, accents, Arabic, digits.
    const TRICKY_PIECES: [&str; 24] = [
        "Assad",
        "assadi",
        "al-",
        "Asád",
        " ",
        "\n",
        "'",
        "’",
        "-",
        "HTS",
        "X",
        "Hay’at",
        " Tahrir",
        " al-Sham",
        "US",
        "U.S.",
        "é",
        "\u{301}",
        "بشار",
        " الأسد",
        "Syria",
        "2",
        "Central Bank of ",
        "Khmeimim",
    ];

    fn text_strategy() -> impl Strategy<Value = String> {
        let mut pieces = TRICKY_PIECES.to_vec();
        pieces.extend(["ß", "ي"]);
        prop::collection::vec(prop::sample::select(pieces), 0..30).prop_map(|p| p.concat())
    }

    /// The matches as the finder first made them: every overlapping occurrence of every
    /// name, and over the whole text the longest taken first. The faster search must
    /// agree with it.
    fn matches_by_overlapping_search(entities: &[Entity], text: &str) -> Vec<NameMatch> {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entities: Vec<Vec<EntityId>> = Vec::new();
        for entity in entities {
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                let folded = fold(name.trim());
                if folded.trim().is_empty() {
                    continue;
                }
                let pattern = patterns.iter().position(|p| *p == folded).unwrap_or_else(|| {
                    patterns.push(folded);
                    pattern_entities.push(Vec::new());
                    patterns.len() - 1
                });
                if !pattern_entities[pattern].contains(&entity.id) {
                    pattern_entities[pattern].push(entity.id.clone());
                }
            }
        }
        let automaton = AhoCorasick::new(&patterns).expect("builds");
        let folded = Folded::new(text);
        let haystack = folded.text();
        let mut candidates: Vec<(Range<usize>, usize)> = automaton
            .find_overlapping_iter(haystack)
            .filter(|m| starts_a_word(haystack, m.start()) && ends_a_word(haystack, m.end()))
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
        candidates.sort_by_key(|(range, _)| (std::cmp::Reverse(range.len()), range.start));
        let mut chosen: std::collections::BTreeMap<usize, (usize, usize)> = std::collections::BTreeMap::new();
        for (range, pattern) in candidates {
            let overlaps_before =
                chosen.range(..range.end).next_back().is_some_and(|(_, (end, _))| *end > range.start);
            if !overlaps_before {
                chosen.insert(range.start, (range.end, pattern));
            }
        }
        let mut out = Vec::new();
        for (start, (end, pattern)) in chosen {
            for entity in &pattern_entities[pattern] {
                out.push(NameMatch { entity: entity.clone(), range: folded.to_original(start..end) });
            }
        }
        out
    }

    /// Names that overlap each other in every way: one inside another, one a prefix of
    /// another, one running on from the end of another, and names that only match where
    /// a longer one is rejected at a word boundary.
    fn overlapping_entities() -> Vec<Entity> {
        let mut entities = tricky_entities();
        entities.extend([
            entity("bank", "Bank of Syria", &["Syria Province Authority", "Syria Province"]),
            entity("province", "Province Authority", &["Authority X"]),
            entity("ab", "a b", &["a b c", "b c d", "c", "c d e f", "b"]),
            entity("shared", "Tahrir", &["al-Sham"]),
        ]);
        entities
    }

    fn overlapping_text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "Bank of ",
            "Syria",
            " Province",
            " Authority",
            " X",
            "X",
            "a ",
            "b ",
            "c ",
            "d ",
            "e ",
            "f",
            " ",
            "-",
            "'s",
            "Tahrir ",
            "al-Sham",
            "Hay’at",
            "HTS",
            "é",
            "\u{301}",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|p| p.concat())
    }

    #[test]
    fn longest_names_win_across_the_whole_group_of_overlapping_names() {
        let entities = overlapping_entities();
        let finder = MentionFinder::new(&entities).expect("builds");
        for text in [
            "Bank of Syria Province Authority X",
            "Bank of Syria Province Authority",
            "Bank of Syria Province",
            "a b c d e f",
            "a b c d e fx",
            "a b c d",
            "b c d e f",
        ] {
            assert_eq!(finder.find_in_text(text), matches_by_overlapping_search(&entities, text), "{text}");
        }
    }

    /// Names that start every way a name can: with a run of ASCII letters or digits
    /// (short, long, one letter, one digit, followed by an apostrophe, a dot or a
    /// non-ASCII letter), with punctuation, and with a non-ASCII letter.
    fn start_filter_entities() -> Vec<Entity> {
        let mut entities = overlapping_entities();
        entities.extend([
            entity("punct", "(HTS)", &["-Sham", "'Assad", ".X", "U.S.", "2"]),
            entity("mixed", "Assadσ", &["Syriaβeta", "ΣYRIA", "Kamiselvor al-Rodan", "Rodan"]),
            entity("long", "Kamiselvorrodanbarmi", &["Kamiselvor", "x2", "Kamiselvxr al-Rodan"]),
            // More names with the same first word than are compared directly, so the
            // automaton takes over for "bank".
            entity(
                "banks",
                "Bank of Syria",
                &[
                    "Bank",
                    "Bank of",
                    "Bank of a",
                    "Bank of b",
                    "Bank of c",
                    "Bank of a b",
                    "Bank of b c",
                    "Bank of c a",
                ],
            ),
        ]);
        entities
    }

    #[test]
    fn names_are_grouped_by_their_leading_run() {
        let finder = MentionFinder::new(&start_filter_entities()).expect("builds");
        let names = |run: &[u8]| -> Vec<String> {
            let group = finder.start_filter.runs.get(run).unwrap_or_default();
            group
                .iter()
                .map(|member| {
                    assert_eq!(member.len, finder.patterns[member.pattern as usize].len);
                    let (offset, len) = (member.offset as usize, member.len as usize);
                    let bytes = &finder.pattern_bytes[offset..offset + len];
                    String::from_utf8_lossy(bytes).into_owned()
                })
                .collect()
        };
        // "kamiselvor" and "kamiselvxr" have the same first eight bytes and length: one
        // group, told apart by comparing the names.
        let shared = ["kamiselvor", "kamiselvor al-rodan", "kamiselvxr al-rodan"];
        assert_eq!(names(b"kamiselvor"), shared);
        assert_eq!(names(b"kamiselvxr"), shared);
        assert_eq!(names(b"kamiselvorrodanbarmi"), ["kamiselvorrodanbarmi"]);
        assert_eq!(names(b"rodan"), ["rodan"]);
        assert!(names(b"bank").len() > DIRECT_COMPARE_MAX);
        assert!(names(b"assadi").is_empty() && names(b"s").is_empty());
    }

    /// Long texts (over several 64-byte chunks of the scan) that mix every kind of start.
    fn start_filter_text_strategy() -> impl Strategy<Value = String> {
        let mut pieces = TRICKY_PIECES.to_vec();
        pieces.extend([
            "(",
            ")",
            ".",
            "x2",
            "σ",
            "Σ",
            "β",
            "eta",
            "Kamiselvor",
            "Kamiselvxr",
            " al-",
            "Rodan",
            "rodanbarmi",
            "Bank of ",
            "a ",
            "b ",
            "c ",
        ]);
        prop::collection::vec(prop::sample::select(pieces), 0..120).prop_map(|p| p.concat())
    }

    /// The spans of `text` as the finder gives them, with or without its start filter.
    fn candidate_spans(finder: &MentionFinder, text: &str, filtered: bool) -> Vec<Span> {
        let folded = Folded::new(text);
        let mut spans = Vec::new();
        if filtered {
            finder.for_each_candidate(folded.text(), |span| spans.push(span));
        } else {
            finder.for_each_candidate_unfiltered(folded.text(), |span| spans.push(span));
        }
        spans
    }

    proptest! {
        #[test]
        fn alphanumeric_bits_are_those_of_each_byte(
            word in any::<u64>(),
            bytes in prop::array::uniform8(prop::sample::select(
                b"/09:@AZ[`az{\x7f\x80\xb0\xc1\xff".to_vec(),
            )),
        ) {
            for word in [word, u64::from_le_bytes(bytes)] {
                let expected = word.to_le_bytes().iter().enumerate()
                    .fold(0_u8, |bits, (i, b)| bits | u8::from(b.is_ascii_alphanumeric()) << i);
                prop_assert_eq!(alphanumeric_bits(word), expected);
            }
        }

        #[test]
        fn the_start_filter_changes_nothing(text in start_filter_text_strategy()) {
            let finder = MentionFinder::new(&start_filter_entities()).expect("builds");
            prop_assert_eq!(candidate_spans(&finder, &text, true), candidate_spans(&finder, &text, false));
        }

        #[test]
        fn the_start_filter_changes_nothing_on_overlapping_names(text in overlapping_text_strategy()) {
            let finder = MentionFinder::new(&overlapping_entities()).expect("builds");
            prop_assert_eq!(candidate_spans(&finder, &text, true), candidate_spans(&finder, &text, false));
        }

        #[test]
        fn the_search_agrees_with_overlapping_search_on_long_texts(text in start_filter_text_strategy()) {
            let entities = start_filter_entities();
            let finder = MentionFinder::new(&entities).expect("builds");
            prop_assert_eq!(finder.find_in_text(&text), matches_by_overlapping_search(&entities, &text));
        }

        #[test]
        fn the_search_agrees_with_overlapping_search(text in overlapping_text_strategy()) {
            let entities = overlapping_entities();
            let finder = MentionFinder::new(&entities).expect("builds");
            prop_assert_eq!(finder.find_in_text(&text), matches_by_overlapping_search(&entities, &text));
        }

        #[test]
        fn the_search_agrees_with_overlapping_search_on_tricky_strings(text in text_strategy()) {
            let entities = tricky_entities();
            let finder = MentionFinder::new(&entities).expect("builds");
            prop_assert_eq!(finder.find_in_text(&text), matches_by_overlapping_search(&entities, &text));
        }

        #[test]
        fn suggestions_fit_their_text_and_lie_on_word_boundaries(text in text_strategy()) {
            let project = project_with(&text);
            let suggestions = find_suggestions(&project, None, &Progress::new()).expect("runs");
            let mut last_end = 0;
            for s in suggestions.items() {
                let anchor = suggestions.anchor(&project, s).expect("fits its text");
                prop_assert!(anchor.verify(&text).is_ok());
                prop_assert!(!anchor.exact.is_empty());
                // Boundaries in the folded text of the original around the span.
                let before = fold(&text[..anchor.start]);
                let folded_all = fold(&text[..anchor.end]);
                let whole = format!("{}{}", folded_all, fold(&text[anchor.end..]));
                prop_assert!(starts_a_word(&whole, before.len()), "{:?} in {:?}", anchor.exact, text);
                prop_assert!(ends_a_word(&whole, folded_all.len()), "{:?} in {:?}", anchor.exact, text);
                // No two suggestions overlap; entities that share a span are one suggestion.
                prop_assert!(anchor.start >= last_end);
                last_end = anchor.end;
            }
        }
    }
}
