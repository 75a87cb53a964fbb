//! Loading: every file is untrusted input.
//!
//! Sizes are checked before anything is read, nesting depth is capped while parsing, no
//! path may lead outside the project folder (symlinks included), and every problem is
//! reported with its file, line and column instead of a panic.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::EVENTS_FILE;
use super::canonical;
use super::files::{JOURNAL_FILE, NEW_SUFFIX};
use super::{
    ACH_FILE, ALL_DATA_FILES, CLAIMS_FILE, CONFLICTS_FILE, ENTITIES_FILE, FORMAT_VERSION, LoadError,
    LoadErrors, MAPS_FILE, MENTIONS_FILE, PROJECT_FILE, REJECTIONS_FILE, RELATIONS_FILE, SOURCES_FILE,
};
use crate::bounded_read::{BoundedReadError, read_bounded};
use crate::model::{
    AchMatrix, Claim, Conflict, Entity, Event, Map, Project, ProjectMeta, Relation, Source, ValidationError,
    is_safe_text_path,
};

/// Caps applied while loading a project from an untrusted folder.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest RON file read, in bytes.
    pub max_data_file_bytes: u64,
    /// Largest source text read, in bytes.
    pub max_text_file_bytes: u64,
    /// Deepest nesting of RON values accepted.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_data_file_bytes: 512 << 20,
            max_text_file_bytes: 256 << 20,
            // The format nests at most six levels; the rest is headroom for hand edits.
            max_depth: 32,
        }
    }
}

/// What `project.ron` holds.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestIn {
    #[serde(rename = "format")]
    _format: u32,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) notes: String,
}

/// Just the version of `project.ron`, read before anything else.
#[derive(Deserialize)]
pub(crate) struct FormatProbe {
    pub(crate) format: u32,
}

/// Loads the project in folder `dir` with the default [`Limits`].
pub fn load(dir: &Path) -> Result<Project, LoadErrors> {
    load_with_limits(dir, Limits::default())
}

/// Loads the project in folder `dir`. Completes a save that was interrupted by a crash
/// first. Returns every problem found, or the project.
pub fn load_with_limits(dir: &Path, limits: Limits) -> Result<Project, LoadErrors> {
    load_files(dir, limits, &ALL_DATA_FILES[1..], None)
}

/// [`load_with_limits`] for a project whose sources may share their texts with `base`:
/// a source that `base` has, with the same text file, takes `base`'s text (shared, not
/// read or copied), and its file may be missing from `dir`. For an autosave, which leaves
/// out the texts of the saved project.
pub(crate) fn load_sharing_texts(dir: &Path, limits: Limits, base: &Project) -> Result<Project, LoadErrors> {
    load_files(dir, limits, &ALL_DATA_FILES[1..], Some(base))
}

/// Loads part of the project in folder `dir`: of its RON files only `files` (and
/// `project.ron`; with `sources.ron`, the source texts too), the others left empty, and
/// checks what was loaded as [`load`] does. For a command that reads only some of a
/// project, and saves at most the files it loaded, with [`super::save_files`]: `dossier
/// tag` needs neither the maps nor the relations. Never save such a project whole (that
/// would empty the files left out).
pub fn load_parts(dir: &Path, files: &[&'static str]) -> Result<Project, LoadErrors> {
    load_files(dir, Limits::default(), files, None)
}

fn load_files(
    dir: &Path,
    limits: Limits,
    files: &[&'static str],
    texts_from: Option<&Project>,
) -> Result<Project, LoadErrors> {
    load_inner(dir, limits, files, texts_from).map_err(|LoadErrors(errors)| {
        // Messages name files as the caller named the folder: `projects/x/sources.ron:3:7: …`.
        LoadErrors(
            errors
                .into_iter()
                .map(|mut e| {
                    if e.file.is_relative() && e.file != dir {
                        e.file = dir.join(&e.file);
                    }
                    e
                })
                .collect(),
        )
    })
}

fn load_inner(
    dir: &Path,
    limits: Limits,
    files: &[&'static str],
    texts_from: Option<&Project>,
) -> Result<Project, LoadErrors> {
    let root = dir
        .canonicalize()
        .map_err(|e| LoadErrors(vec![LoadError::new(dir, format!("cannot open the project folder: {e}"))]))?;
    if !root.join(PROJECT_FILE).exists() {
        return Err(LoadErrors(vec![LoadError::new(
            dir,
            format!("not a Dossier project: it has no {PROJECT_FILE}"),
        )]));
    }
    recover_interrupted_save(&root).map_err(|e| LoadErrors(vec![e]))?;

    let manifest_text = read_text(&root, Path::new(PROJECT_FILE), limits.max_data_file_bytes)
        .map_err(|e| LoadErrors(vec![e]))?;
    let probe: FormatProbe = parse(PROJECT_FILE, &manifest_text, limits).map_err(|e| LoadErrors(vec![e]))?;
    if probe.format > FORMAT_VERSION {
        return Err(LoadErrors(vec![LoadError::new(
            PROJECT_FILE,
            format!(
                "the project is in format {}, newer than this Dossier understands ({FORMAT_VERSION}); update Dossier to open it",
                probe.format
            ),
        )]));
    }
    if probe.format == 0 {
        return Err(LoadErrors(vec![LoadError::new(
            PROJECT_FILE,
            "format 0 does not exist; the first format is 1",
        )]));
    }
    // Format 1 is the first; later versions add their migrations here, oldest first.
    let manifest: ManifestIn =
        parse(PROJECT_FILE, &manifest_text, limits).map_err(|e| LoadErrors(vec![e]))?;

    let mut errors = Vec::new();
    let mut texts: BTreeMap<&'static str, String> = BTreeMap::new();
    let read_results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = ALL_DATA_FILES[1..]
            .iter()
            .filter(|name| files.contains(name))
            .map(|name| {
                let root = &root;
                scope.spawn(move || (*name, read_optional(root, name, limits.max_data_file_bytes)))
            })
            .collect();
        handles.into_iter().map(std::thread::ScopedJoinHandle::join).collect()
    });
    for result in read_results {
        match result {
            Ok((name, Ok(text))) => {
                texts.insert(name, text);
            }
            Ok((_, Err(error))) => errors.push(error),
            Err(_) => errors.push(LoadError::new(&root, "a reader thread failed")),
        }
    }
    let text_of = |name: &str| texts.get(name).map_or("[]", String::as_str);

    let (sources, entities, mentions, relations, maps, rejections, conflicts, events) =
        std::thread::scope(|scope| {
            let sources = scope.spawn(|| parse_list::<Source>(SOURCES_FILE, text_of(SOURCES_FILE), limits));
            let entities =
                scope.spawn(|| parse_list::<Entity>(ENTITIES_FILE, text_of(ENTITIES_FILE), limits));
            let relations = scope
                .spawn(|| parse_list_halves::<Relation>(RELATIONS_FILE, text_of(RELATIONS_FILE), limits));
            let maps = scope.spawn(|| parse_list::<Map>(MAPS_FILE, text_of(MAPS_FILE), limits));
            let rejections = scope.spawn(|| {
                let text = text_of(REJECTIONS_FILE);
                canonical::rejections(text).map_or_else(|| parse_list(REJECTIONS_FILE, text, limits), Ok)
            });
            let conflicts =
                scope.spawn(|| parse_list::<Conflict>(CONFLICTS_FILE, text_of(CONFLICTS_FILE), limits));
            let events = scope.spawn(|| parse_list::<Event>(EVENTS_FILE, text_of(EVENTS_FILE), limits));
            // mentions.ron (and relations.ron) are the big files. Mentions as our writer lays
            // them out go through the fast reader; anything else, and relations, are parsed by
            // `ron` in two halves at once.
            let mentions = {
                let text = text_of(MENTIONS_FILE);
                canonical::mentions(text).map_or_else(|| parse_list_halves(MENTIONS_FILE, text, limits), Ok)
            };
            (
                joined(sources.join()),
                joined(entities.join()),
                mentions,
                joined(relations.join()),
                joined(maps.join()),
                joined(rejections.join()),
                joined(conflicts.join()),
                joined(events.join()),
            )
        });

    let mut project =
        Project { meta: ProjectMeta { title: manifest.title, notes: manifest.notes }, ..Project::default() };
    collect(SOURCES_FILE, sources, &mut errors, text_of(SOURCES_FILE), &mut project.sources, |s| &s.id);
    collect(ENTITIES_FILE, entities, &mut errors, text_of(ENTITIES_FILE), &mut project.entities, |e| &e.id);
    collect(MENTIONS_FILE, mentions, &mut errors, text_of(MENTIONS_FILE), &mut project.mentions, |m| &m.id);
    collect(RELATIONS_FILE, relations, &mut errors, text_of(RELATIONS_FILE), &mut project.relations, |r| {
        &r.id
    });
    collect(MAPS_FILE, maps, &mut errors, text_of(MAPS_FILE), &mut project.maps, |m| &m.id);
    collect(
        REJECTIONS_FILE,
        rejections,
        &mut errors,
        text_of(REJECTIONS_FILE),
        &mut project.rejections,
        |r| &r.id,
    );
    collect(CONFLICTS_FILE, conflicts, &mut errors, text_of(CONFLICTS_FILE), &mut project.conflicts, |c| {
        &c.id
    });
    let claims = parse_list::<Claim>(CLAIMS_FILE, text_of(CLAIMS_FILE), limits);
    collect(CLAIMS_FILE, claims, &mut errors, text_of(CLAIMS_FILE), &mut project.claims, |c| &c.id);

    collect(EVENTS_FILE, events, &mut errors, text_of(EVENTS_FILE), &mut project.events, |e| &e.id);
    let matrices = parse_list::<AchMatrix>(ACH_FILE, text_of(ACH_FILE), limits);
    collect(ACH_FILE, matrices, &mut errors, text_of(ACH_FILE), &mut project.matrices, |m| &m.id);

    load_texts(&root, &mut project, (limits, texts_from), &mut errors, text_of(SOURCES_FILE));
    if !errors.is_empty() {
        // Validation would only repeat these as dangling references.
        return Err(LoadErrors(errors));
    }
    for error in project.validate() {
        errors.push(locate(&error, &texts));
    }
    if errors.is_empty() { Ok(project) } else { Err(LoadErrors(errors)) }
}

/// The result of a parser thread; a thread that panicked becomes an error.
fn joined<T>(result: std::thread::Result<Result<T, LoadError>>) -> Result<T, LoadError> {
    result.unwrap_or_else(|_| Err(LoadError::new(PROJECT_FILE, "a parser thread failed")))
}

/// Completes or discards a save that a crash interrupted (see [`super::save`]).
fn recover_interrupted_save(root: &Path) -> Result<(), LoadError> {
    let journal = root.join(JOURNAL_FILE);
    let failed = |path: &Path, e: std::io::Error| {
        LoadError::new(path, format!("could not finish an interrupted save: {e}"))
    };
    if journal.exists() {
        let listed = std::fs::read_to_string(&journal).map_err(|e| failed(&journal, e))?;
        for name in listed.lines() {
            // Only names this program writes; anything else in a journal is ignored.
            if !ALL_DATA_FILES.contains(&name) {
                continue;
            }
            let from = root.join(format!("{name}{NEW_SUFFIX}"));
            if from.exists() {
                std::fs::rename(&from, root.join(name)).map_err(|e| failed(&from, e))?;
            }
        }
        std::fs::remove_file(&journal).map_err(|e| failed(&journal, e))?;
        log::warn!("{}: finished a save that had been interrupted", root.display());
    }
    for name in ALL_DATA_FILES {
        let stray = root.join(format!("{name}{NEW_SUFFIX}"));
        if stray.exists() {
            std::fs::remove_file(&stray).map_err(|e| failed(&stray, e))?;
            log::warn!("{}: discarded a save that had been interrupted", stray.display());
        }
    }
    Ok(())
}

/// Reads a RON file if it exists; a missing file reads as an empty list.
fn read_optional(root: &Path, name: &str, limit: u64) -> Result<String, LoadError> {
    if root.join(name).symlink_metadata().is_err() {
        return Ok("[]".to_owned());
    }
    read_text(root, Path::new(name), limit)
}

/// Reads `relative` inside `root` as UTF-8 text, refusing paths that lead outside
/// `root`, files that are not regular files, and files over `limit` bytes.
fn read_text(root: &Path, relative: &Path, limit: u64) -> Result<String, LoadError> {
    let bytes = read_bytes(root, relative, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        LoadError::new(
            relative,
            format!("not valid UTF-8 text (bad byte at offset {})", e.utf8_error().valid_up_to()),
        )
    })
}

fn read_bytes(root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let path = root.join(relative);
    let real = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::new(relative, "file is missing"),
        _ => LoadError::new(relative, format!("cannot open: {e}")),
    })?;
    if !real.starts_with(root) {
        return Err(LoadError::new(
            relative,
            format!("leads outside the project folder (to {}); refusing to read it", real.display()),
        ));
    }
    read_bounded(&real, limit).map_err(|error| {
        let message = match error {
            BoundedReadError::Open(e) => format!("cannot open: {e}"),
            BoundedReadError::NotAFile => "is not a regular file".to_owned(),
            BoundedReadError::TooLarge { size, limit } => format!(
                "file is {}, larger than the {} limit; refusing to read it",
                human_bytes(size),
                human_bytes(limit)
            ),
            BoundedReadError::Read(e) => format!("cannot read: {e}"),
            BoundedReadError::Grew { .. } => "file grew past the size limit while being read".to_owned(),
        };
        LoadError::new(relative, message)
    })
}

/// A byte count for people: "1.0 GB", "512 MB", "3 KB".
fn human_bytes(n: u64) -> String {
    const GB: u64 = 1 << 30;
    const MB: u64 = 1 << 20;
    if n >= GB {
        format!("{:.1} GB", n as f64 / GB as f64)
    } else if n >= MB {
        format!("{} MB", n / MB)
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

/// Parses RON `text` of the file named `file`, within the nesting limit.
pub(crate) fn parse<T: DeserializeOwned>(file: &str, text: &str, limits: Limits) -> Result<T, LoadError> {
    ron::Options::default().with_recursion_limit(limits.max_depth).from_str(text).map_err(|e| {
        LoadError::at(
            file,
            e.span.start.line,
            e.span.start.col,
            describe_ron_error(&e.code, limits.max_depth),
        )
    })
}

fn parse_list<T: DeserializeOwned>(file: &str, text: &str, limits: Limits) -> Result<Vec<T>, LoadError> {
    parse(file, text, limits)
}

/// Files smaller than this are parsed in one piece; splitting them gains nothing.
const SPLIT_PARSE_BYTES: usize = 1 << 20;

/// What sits between two top-level items of a list as our writer lays it out.
const ITEM_BOUNDARY: &str = "\n  ),\n  (\n";

/// Parses a list like [`parse_list`], but a big file written by us is parsed as two halves
/// on two threads. The file is cut after the `),` closing a top-level item near its middle;
/// the first half gets a closing `]` and the second an opening `[`. A cut that does not fall
/// where the writer puts one (inside a string or comment, a nested list, after an item with
/// no comma) leaves one half unparseable, and so does any other error in the file: then the
/// whole file is parsed again in one piece, so every error reports the line and column it
/// always did, and a file that parses in halves yields the same items as in one piece.
fn parse_list_halves<T: DeserializeOwned + Send>(
    file: &str,
    text: &str,
    limits: Limits,
) -> Result<Vec<T>, LoadError> {
    let Some((first, second)) = split_list(text) else {
        return parse_list(file, text, limits);
    };
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| parse_list::<T>(file, &second, limits));
        let first = parse_list::<T>(file, &first, limits);
        (first, second.join())
    });
    match (first, second) {
        (Ok(mut items), Ok(Ok(rest))) => {
            items.extend(rest);
            Ok(items)
        }
        _ => parse_list(file, text, limits),
    }
}

/// The two halves of a big list file as standalone lists, or `None` when the file is small,
/// does not start like our writer's output (a bare `[` on the first line, so no `#![enable]`
/// header that would change how the second half reads) or has no item boundary past its middle.
fn split_list(text: &str) -> Option<(String, String)> {
    if text.len() < SPLIT_PARSE_BYTES || !text.starts_with("[\n") {
        return None;
    }
    let cut = item_cut(text)?;
    let mut first = String::with_capacity(cut + 2);
    first.push_str(&text[..cut]);
    first.push_str("\n]");
    let mut second = String::with_capacity(text.len() - cut + 1);
    second.push('[');
    second.push_str(&text[cut..]);
    Some((first, second))
}

/// Where to cut a big list file in two: right after the comma of the first item boundary
/// as our writer lays it out (`  ),` then `  (` on the next lines) past the middle, so the
/// first half keeps `  ),` and the second starts at `\n  (`. `None` for a small file or
/// one without such a boundary.
pub(super) fn item_cut(text: &str) -> Option<usize> {
    if text.len() < SPLIT_PARSE_BYTES {
        return None;
    }
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    Some(middle + text[middle..].find(ITEM_BOUNDARY)? + "\n  ),".len())
}

/// The parser's message, reworded where it would puzzle someone editing by hand.
pub(crate) fn describe_ron_error(error: &ron::Error, max_depth: usize) -> String {
    match error {
        ron::Error::Eof => "the file ends too early (is it truncated?)".to_owned(),
        ron::Error::ExpectedStringEnd => "a string is not closed (is the file truncated?)".to_owned(),
        ron::Error::ExceededRecursionLimit => format!("values are nested more than {max_depth} levels deep"),
        other => other.to_string(),
    }
}

/// Moves parsed items into the project's map by id, reporting duplicate ids.
fn collect<T, K: Ord + Clone + std::fmt::Display>(
    file: &str,
    parsed: Result<Vec<T>, LoadError>,
    errors: &mut Vec<LoadError>,
    text: &str,
    into: &mut BTreeMap<K, T>,
    key: impl Fn(&T) -> &K,
) {
    match parsed {
        Ok(items) => {
            // Our writer puts items in id order: then the map is built in one pass, without
            // a search per item. Anything else (hand edits, repeats) goes item by item.
            if into.is_empty() && items.windows(2).all(|pair| key(&pair[0]) < key(&pair[1])) {
                *into = items.into_iter().map(|item| (key(&item).clone(), item)).collect();
                return;
            }
            // How many repeats of each repeated id were seen, to point at the right one.
            // Only repeats are counted: the first use of an id always finds its slot free.
            let mut repeats: BTreeMap<String, usize> = BTreeMap::new();
            for item in items {
                let k = key(&item).clone();
                match into.entry(k) {
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(item);
                    }
                    std::collections::btree_map::Entry::Occupied(slot) => {
                        let id = slot.key().to_string();
                        let count = repeats.entry(id.clone()).or_default();
                        *count += 1;
                        let (line, col) = position_of_nth_id(text, &id, *count).unwrap_or((1, 1));
                        errors.push(LoadError::at(file, line, col, format!("the id `{id}` is used twice")));
                    }
                }
            }
        }
        Err(error) => errors.push(error),
    }
}

/// Reads every source's text file, except the texts shared with `texts_from`.
fn load_texts(
    root: &Path,
    project: &mut Project,
    (limits, texts_from): (Limits, Option<&Project>),
    errors: &mut Vec<LoadError>,
    sources_text: &str,
) {
    let mut jobs: Vec<(crate::model::SourceId, String)> = Vec::with_capacity(project.sources.len());
    for source in project.sources.values_mut() {
        let shared = texts_from
            .and_then(|base| base.sources.get(&source.id))
            .filter(|base| base.text_file == source.text_file);
        match shared {
            Some(base) => source.text = Arc::clone(&base.text),
            None => jobs.push((source.id.clone(), source.text_file.clone())),
        }
    }
    let results: Vec<Result<Arc<str>, LoadError>> = std::thread::scope(|scope| {
        let half = jobs.len().div_ceil(2).max(1);
        let handles: Vec<_> = jobs
            .chunks(half)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(id, file)| {
                            if !is_safe_text_path(file) {
                                let (line, col) =
                                    position_of_nth_id(sources_text, id.as_str(), 0).unwrap_or((1, 1));
                                return Err(LoadError::at(
                                    SOURCES_FILE,
                                    line,
                                    col,
                                    ValidationError::BadTextPath { id: id.to_string(), path: file.clone() }
                                        .to_string(),
                                ));
                            }
                            read_text(root, Path::new(file), limits.max_text_file_bytes).map(Arc::from)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    for ((id, _), result) in jobs.iter().zip(results) {
        match result {
            Ok(text) => {
                if let Some(source) = project.sources.get_mut(id) {
                    source.text = text;
                }
            }
            Err(error) => errors.push(error),
        }
    }
}

/// A validation error with the file and line of the item it is about.
fn locate(error: &ValidationError, texts: &BTreeMap<&'static str, String>) -> LoadError {
    let file = match error.item_kind() {
        "source" => SOURCES_FILE,
        "entity" => ENTITIES_FILE,
        "mention" => MENTIONS_FILE,
        "relation" => RELATIONS_FILE,
        "rejection" => REJECTIONS_FILE,
        "conflict" => CONFLICTS_FILE,
        "claim" => CLAIMS_FILE,
        "event" => EVENTS_FILE,
        "matrix" | "hypothesis" => ACH_FILE,
        _ => MAPS_FILE,
    };
    let text = texts.get(file).map_or("", String::as_str);
    match position_of_nth_id(text, error.item_id(), 0) {
        Some((line, col)) => LoadError::at(file, line, col, error.to_string()),
        None => LoadError::new(file, error.to_string()),
    }
}

/// Line and column (1-based) of the `n`th (0-based) `id: "ID"` in `text`.
fn position_of_nth_id(text: &str, id: &str, n: usize) -> Option<(usize, usize)> {
    let needle = format!("\"{id}\"");
    let offset = text
        .match_indices(&needle)
        .filter(|(i, _)| text[..*i].trim_end().ends_with("id:"))
        .nth(n)
        .map(|(i, _)| i)?;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..offset].matches('\n').count() + 1;
    let col = text[line_start..offset].chars().count() + 1;
    Some((line, col))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;
    use crate::synth::{SynthParams, synth};

    /// mentions.ron of a generated project big enough to be parsed in halves.
    fn big_mentions() -> String {
        let params = SynthParams { sources: 50, entities: 200, relations: 10, mentions: 8_000, seed: 7 };
        let files = crate::store::to_files(&synth(&params)).expect("serialises");
        let Some((_, text)) = files.into_iter().find(|(name, _)| *name == MENTIONS_FILE) else {
            panic!("no mentions.ron");
        };
        text
    }

    #[test]
    fn halves_give_the_same_mentions_as_one_piece() {
        let text = big_mentions();
        assert!(text.len() > SPLIT_PARSE_BYTES, "only {} bytes", text.len());
        let Some((first, second)) = split_list(&text) else { panic!("not split") };
        let first: Vec<Mention> = parse_list(MENTIONS_FILE, &first, Limits::default()).expect("first half");
        let second: Vec<Mention> = parse_list(MENTIONS_FILE, &second, Limits::default()).expect("second");
        assert!(!first.is_empty() && !second.is_empty());
        let whole: Vec<Mention> = parse_list(MENTIONS_FILE, &text, Limits::default()).expect("whole");
        assert_eq!(whole.len(), 8_000);
        let halves = parse_list_halves::<Mention>(MENTIONS_FILE, &text, Limits::default()).expect("halves");
        assert_eq!(halves, whole);
        assert_eq!(first.len() + second.len(), whole.len());
    }

    #[test]
    fn an_error_in_either_half_is_reported_where_it_is() {
        let text = big_mentions();
        for at in [text.len() / 4, text.len() * 3 / 4] {
            // Break the `start:` field of the item around `at`.
            let offset = at + text[at..].find("start: ").expect("a start field") + "start: ".len();
            let mut broken = text.clone();
            broken.insert(offset, 'x');
            let whole = parse_list::<Mention>(MENTIONS_FILE, &broken, Limits::default()).expect_err("bad");
            let halves =
                parse_list_halves::<Mention>(MENTIONS_FILE, &broken, Limits::default()).expect_err("bad");
            assert_eq!(halves.to_string(), whole.to_string());
            let line = broken[..offset].matches('\n').count() + 1;
            assert!(halves.to_string().starts_with(&format!("{MENTIONS_FILE}:{line}:")), "{halves}");
        }
    }

    #[test]
    fn a_boundary_inside_a_string_is_not_a_cut() {
        let text = big_mentions();
        // Put a lookalike item boundary inside a string just past the middle: the first
        // half then ends inside the string and cannot parse, so the file is read whole.
        let at = text.len() / 2;
        let offset = at + text[at..].find("exact: \"").expect("an exact field") + "exact: \"".len();
        let mut tricky = text.clone();
        tricky.insert_str(offset, ITEM_BOUNDARY);
        let whole = parse_list::<Mention>(MENTIONS_FILE, &tricky, Limits::default());
        let halves = parse_list_halves::<Mention>(MENTIONS_FILE, &tricky, Limits::default());
        assert_eq!(halves.map_err(|e| e.to_string()), whole.map_err(|e| e.to_string()));
    }

    #[test]
    fn a_repeated_id_points_at_each_repeat() {
        let text = "[\n  (id: \"a\"),\n  (id: \"a\"),\n  (id: \"b\"),\n  (id: \"a\"),\n]";
        let parsed: Vec<(String, usize)> =
            vec![("a".into(), 1), ("a".into(), 2), ("b".into(), 3), ("a".into(), 4)];
        let mut errors = Vec::new();
        let mut into = BTreeMap::new();
        collect(MENTIONS_FILE, Ok(parsed), &mut errors, text, &mut into, |(id, _)| id);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                format!("{MENTIONS_FILE}:3:8: the id `a` is used twice"),
                format!("{MENTIONS_FILE}:5:8: the id `a` is used twice"),
            ]
        );
        assert_eq!(into.len(), 2);
    }
}
