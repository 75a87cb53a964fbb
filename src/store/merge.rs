//! Three-way merge of one project file by item id, for `dossier merge` (a git merge
//! driver), and of whole projects, for a reload that keeps unsaved changes.
//!
//! Each item is compared field by field between the common ancestor (base), our
//! version and theirs. A field one side changed takes that change; a field both sides
//! changed differently keeps our value and becomes a [`Conflict`]. Additions from both
//! sides are kept; an item removed on one side is removed if the other side left it
//! alone, and kept (as a conflict) if the other side changed it. Some fields merge more
//! finely: a map's `nodes` and an entity's `attributes` entry by entry, and list fields
//! whose order does not matter (`aliases`, `tags`, `evidence`) as sets, so two analysts
//! who each add an alias both keep theirs.
//!
//! The result is what [`super::save`] would write for that file, so a merged file
//! diffs cleanly against a saved one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map as JsonMap, Value};
use sha2::{Digest as _, Sha256};

use super::load::{FormatProbe, ManifestIn, parse};
use super::{ACH_FILE, EVENTS_FILE};
use super::{
    CLAIMS_FILE, CONFLICTS_FILE, ENTITIES_FILE, FORMAT_VERSION, Limits, LoadError, MAPS_FILE, MENTIONS_FILE,
    PROJECT_FILE, REJECTIONS_FILE, RELATIONS_FILE, SOURCES_FILE, to_files, write_atomic,
};
use crate::model::{AchMatrix, Event};
use crate::model::{
    Claim, Conflict, ConflictChange, ConflictId, Entity, ItemKind, Map, Mention, Project, ProjectMeta,
    Rejection, Relation, Side, Source, slug,
};

/// Which project file a merge is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `project.ron`.
    Project,
    /// `sources.ron`.
    Sources,
    /// `entities.ron`.
    Entities,
    /// `mentions.ron`.
    Mentions,
    /// `relations.ron`.
    Relations,
    /// `maps.ron`.
    Maps,
    /// `rejections.ron`.
    Rejections,
    /// `conflicts.ron`.
    Conflicts,
    /// `claims.ron`.
    Claims,
    /// `events.ron`.
    Events,
    /// `ach.ron`.
    Ach,
}

impl FileKind {
    /// Every kind, in the order content is tried when the file name is not known.
    /// Mentions come before rejections: the two look alike, and merge alike.
    pub const ALL: [Self; 11] = [
        Self::Project,
        Self::Sources,
        Self::Entities,
        Self::Relations,
        Self::Maps,
        Self::Mentions,
        Self::Rejections,
        Self::Conflicts,
        Self::Claims,
        Self::Events,
        Self::Ach,
    ];

    /// The file's name in a project folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Project => PROJECT_FILE,
            Self::Sources => SOURCES_FILE,
            Self::Entities => ENTITIES_FILE,
            Self::Mentions => MENTIONS_FILE,
            Self::Relations => RELATIONS_FILE,
            Self::Maps => MAPS_FILE,
            Self::Rejections => REJECTIONS_FILE,
            Self::Conflicts => CONFLICTS_FILE,
            Self::Claims => CLAIMS_FILE,
            Self::Events => EVENTS_FILE,
            Self::Ach => ACH_FILE,
        }
    }

    /// The kind of the file called `name` (`entities.ron`), if it is a project file.
    pub fn from_file_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.file_name() == name)
    }

    /// The kind of item the file holds; `None` for `conflicts.ron`.
    fn item_kind(self) -> Option<ItemKind> {
        match self {
            Self::Project => Some(ItemKind::Project),
            Self::Sources => Some(ItemKind::Source),
            Self::Entities => Some(ItemKind::Entity),
            Self::Mentions => Some(ItemKind::Mention),
            Self::Relations => Some(ItemKind::Relation),
            Self::Maps => Some(ItemKind::Map),
            Self::Rejections => Some(ItemKind::Rejection),
            Self::Conflicts => None,
            Self::Claims => Some(ItemKind::Claim),
            Self::Events => Some(ItemKind::Event),
            Self::Ach => Some(ItemKind::Matrix),
        }
    }
}

/// Why a merge could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// One version is not a valid file of its kind. `error.file` names the kind's file
    /// (`entities.ron`); callers that know the real path put it there.
    #[error("{error} (in the {} version)", side.name())]
    Invalid {
        /// Which version.
        side: Side,
        /// What is wrong, and where.
        error: LoadError,
    },
    /// No file name was given and the content is not any one kind of project file.
    #[error(
        "the files are not all the same kind of Dossier project file (give the file's path to say which)"
    )]
    UnknownKind,
    /// The result could not be written.
    #[error("{0}")]
    Write(String),
}

/// The result of a merge: the merged file's text and what could not be settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeOutcome {
    /// Which file it is.
    pub kind: FileKind,
    /// The merged file, exactly as a save would write it.
    pub text: String,
    /// The conflicts, in item and field order. The merged file holds our value for each.
    pub conflicts: Vec<Conflict>,
}

/// Merges three versions of one project file: `base` (the common ancestor; blank when
/// there is none), `ours` and `theirs`. `kind` says which file it is; `None` tells it
/// from the content.
pub fn merge_texts(
    kind: Option<FileKind>,
    base: &str,
    ours: &str,
    theirs: &str,
) -> Result<MergeOutcome, MergeError> {
    let texts = [base, ours, theirs];
    if let Some(kind) = kind {
        return merge_kind(kind, texts);
    }
    FileKind::ALL.into_iter().find_map(|kind| merge_kind(kind, texts).ok()).ok_or(MergeError::UnknownKind)
}

/// The result of merging three versions of a whole project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectMerge {
    /// The merged project. It holds our value for each conflict, and the conflicts
    /// themselves among its conflict records.
    pub project: Project,
    /// The conflicts this merge found, in file, item and field order.
    pub conflicts: Vec<Conflict>,
}

/// Merges three versions of a whole project: `base` (the common ancestor), `ours` and
/// `theirs`, file by file exactly as [`merge_texts`] merges each file. The conflicts
/// found are added to the merged project's conflict records, as `dossier merge` adds
/// them to `conflicts.ron`, so the analyst can pick a value later.
///
/// Sources keep their text: it never changes after import, so it comes from whichever
/// side has the source (ours first).
pub fn merge_projects(base: &Project, ours: &Project, theirs: &Project) -> Result<ProjectMerge, MergeError> {
    let sides = [base, ours, theirs];
    let metas = [to_fields(&base.meta)?, to_fields(&ours.meta)?, to_fields(&theirs.meta)?];
    let (meta, mut conflicts) = merge_meta(metas)?;
    let mut project = Project { meta, ..Project::default() };
    conflicts.extend(merge_items(FileKind::Sources, sides.map(|p| &p.sources), &mut project.sources)?);
    conflicts.extend(merge_items(FileKind::Entities, sides.map(|p| &p.entities), &mut project.entities)?);
    conflicts.extend(merge_items(FileKind::Mentions, sides.map(|p| &p.mentions), &mut project.mentions)?);
    conflicts.extend(merge_items(FileKind::Relations, sides.map(|p| &p.relations), &mut project.relations)?);
    conflicts.extend(merge_items(FileKind::Maps, sides.map(|p| &p.maps), &mut project.maps)?);
    conflicts.extend(merge_items(
        FileKind::Rejections,
        sides.map(|p| &p.rejections),
        &mut project.rejections,
    )?);
    conflicts.extend(merge_items(FileKind::Claims, sides.map(|p| &p.claims), &mut project.claims)?);
    conflicts.extend(merge_items(FileKind::Events, sides.map(|p| &p.events), &mut project.events)?);
    conflicts.extend(merge_items(FileKind::Ach, sides.map(|p| &p.matrices), &mut project.matrices)?);
    // Conflict records merge by id and never conflict themselves.
    merge_items(FileKind::Conflicts, sides.map(|p| &p.conflicts), &mut project.conflicts)?;
    conflicts.extend(keep_what_is_used(&mut project, sides)?);
    for source in project.sources.values_mut() {
        if let Some(side) = [ours, theirs, base].into_iter().find_map(|p| p.sources.get(&source.id)) {
            source.text = side.text.clone();
        }
    }
    project.conflicts.extend(conflicts.iter().map(|c| (c.id.clone(), c.clone())));
    Ok(ProjectMerge { project, conflicts })
}

/// Brings back the entities and sources one side removed while the other side started
/// using them (a mention tagged, a relation drawn, a quote cited): the merged project
/// must not point at what is gone. Each comes back as the other side has it, with a
/// conflict saying one side removed it; taking that side removes it with what uses it.
fn keep_what_is_used(project: &mut Project, sides: [&Project; 3]) -> Result<Vec<Conflict>, MergeError> {
    let [base, ours, theirs] = sides;
    // A claim one side removed while the other rated it in a matrix comes back first, so
    // that its own entities and quotes are kept below like any other claim's.
    let mut claim_conflicts =
        Merger { kind: Some(ItemKind::Claim), keyed: &[], sets: &[], conflicts: Vec::new() };
    let rated: BTreeSet<&crate::model::ClaimId> =
        project.matrices.values().flat_map(|m| m.rows.keys()).collect();
    let gone = rated.into_iter().filter(|id| !project.claims.contains_key(*id));
    let restored = restore(&mut claim_conflicts, gone, [&base.claims, &ours.claims, &theirs.claims])?;
    project.claims.extend(restored.into_iter().map(|c| (c.id.clone(), c)));
    let mut entities: BTreeSet<&crate::model::EntityId> = BTreeSet::new();
    let mut sources: BTreeSet<&crate::model::SourceId> = BTreeSet::new();
    for mention in project.mentions.values() {
        entities.insert(&mention.entity);
        sources.insert(&mention.source);
    }
    for rejection in project.rejections.values() {
        entities.insert(&rejection.entity);
        sources.insert(&rejection.source);
    }
    for relation in project.relations.values() {
        entities.extend([&relation.from, &relation.to]);
        sources.extend(relation.evidence.iter().map(|e| &e.source));
    }
    for map in project.maps.values() {
        entities.extend(map.nodes.keys());
    }
    for claim in project.claims.values() {
        entities.extend(&claim.entities);
        sources.extend(claim.evidence.iter().map(|e| &e.quote.source));
    }
    for event in project.events.values() {
        entities.extend(&event.entities);
        sources.extend(event.times.iter().flat_map(|t| &t.evidence).map(|e| &e.source));
    }
    let mut three_way = Merger { kind: Some(ItemKind::Entity), keyed: &[], sets: &[], conflicts: Vec::new() };
    let gone = entities.into_iter().filter(|id| !project.entities.contains_key(*id));
    let restored = restore(&mut three_way, gone, [&base.entities, &ours.entities, &theirs.entities])?;
    project.entities.extend(restored.into_iter().map(|e| (e.id.clone(), e)));
    three_way.kind = Some(ItemKind::Source);
    let gone = sources.into_iter().filter(|id| !project.sources.contains_key(*id));
    let restored = restore(&mut three_way, gone, [&base.sources, &ours.sources, &theirs.sources])?;
    project.sources.extend(restored.into_iter().map(|s| (s.id.clone(), s)));
    claim_conflicts.conflicts.extend(three_way.conflicts);
    Ok(claim_conflicts.conflicts)
}

/// The items with ids `gone` (missing from the merge) as the side that kept them has them,
/// each with a conflict recorded in `three_way` saying the other side removed it.
/// `maps` are the base, ours and theirs versions of the item map.
fn restore<'p, K, T>(
    three_way: &mut Merger,
    gone: impl Iterator<Item = &'p K>,
    maps: [&BTreeMap<K, T>; 3],
) -> Result<Vec<T>, MergeError>
where
    K: Ord + AsRef<str> + 'p,
    T: Serialize + Clone,
{
    let [base, ours, theirs] = maps;
    let mut restored = Vec::new();
    for id in gone {
        let (Some(old), Some((change, kept))) = (base.get(id), kept_side(ours, theirs, id)) else {
            continue;
        };
        let (Some(old_fields), Some(kept_fields)) = (to_fields(old)?, to_fields(kept)?) else {
            continue;
        };
        three_way.record_whole(id.as_ref(), change, &old_fields, &kept_fields);
        three_way.describe_last_as_used(change);
        restored.push(kept.clone());
    }
    Ok(restored)
}

/// The side that still has item `id` when the other removed it, and what that was.
fn kept_side<'p, K: Ord, T>(
    ours: &'p BTreeMap<K, T>,
    theirs: &'p BTreeMap<K, T>,
    id: &K,
) -> Option<(ConflictChange, &'p T)> {
    match (ours.get(id), theirs.get(id)) {
        (Some(kept), None) => Some((ConflictChange::TheirsRemoved, kept)),
        (None, Some(kept)) => Some((ConflictChange::OursRemoved, kept)),
        _ => None,
    }
}

/// Adds `conflicts` to the conflicts file at `path` (creating it if missing), replacing
/// any with the same id, and writes it as a save would.
pub fn add_conflicts(path: &Path, conflicts: &[Conflict]) -> Result<(), MergeError> {
    let limits = Limits::default();
    let mut project = Project::default();
    if path.exists() {
        let text = read_limited(path, limits.max_data_file_bytes).map_err(MergeError::Write)?;
        let existing: Vec<Conflict> =
            parse_side(CONFLICTS_FILE, Side::Ours, &text, limits).map_err(|e| match e {
                MergeError::Invalid { mut error, .. } => {
                    path.clone_into(&mut error.file);
                    MergeError::Write(error.to_string())
                }
                other => other,
            })?;
        project.conflicts.extend(existing.into_iter().map(|c| (c.id.clone(), c)));
    }
    project.conflicts.extend(conflicts.iter().map(|c| (c.id.clone(), c.clone())));
    let text = render(&project, FileKind::Conflicts)?;
    write_atomic(path, text.as_bytes()).map_err(|e| MergeError::Write(e.to_string()))
}

/// Reads a file of at most `limit` bytes as UTF-8 text; the error names the file.
pub fn read_limited(path: &Path, limit: u64) -> Result<String, String> {
    use crate::bounded_read::{BoundedReadError, read_bounded};
    let bytes = read_bounded(path, limit).map_err(|error| match error {
        BoundedReadError::Open(e) => format!("{}: cannot open: {e}", path.display()),
        BoundedReadError::NotAFile => format!("{}: cannot read: not a regular file", path.display()),
        BoundedReadError::Read(e) => format!("{}: cannot read: {e}", path.display()),
        BoundedReadError::TooLarge { limit, .. } | BoundedReadError::Grew { limit } => {
            format!("{}: larger than the {} MB limit; refusing to read it", path.display(), limit >> 20)
        }
    })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not valid UTF-8 text (bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn merge_kind(kind: FileKind, texts: [&str; 3]) -> Result<MergeOutcome, MergeError> {
    let mut project = Project::default();
    let conflicts = match kind {
        FileKind::Project => {
            let (meta, conflicts) = merge_manifest(texts)?;
            project.meta = meta;
            conflicts
        }
        FileKind::Sources => merge_into::<Source>(kind, texts, &mut project.sources)?,
        FileKind::Entities => merge_into::<Entity>(kind, texts, &mut project.entities)?,
        FileKind::Mentions => merge_into::<Mention>(kind, texts, &mut project.mentions)?,
        FileKind::Relations => merge_into::<Relation>(kind, texts, &mut project.relations)?,
        FileKind::Maps => merge_into::<Map>(kind, texts, &mut project.maps)?,
        FileKind::Rejections => merge_into::<Rejection>(kind, texts, &mut project.rejections)?,
        FileKind::Conflicts => merge_into::<Conflict>(kind, texts, &mut project.conflicts)?,
        FileKind::Claims => merge_into::<Claim>(kind, texts, &mut project.claims)?,
        FileKind::Events => merge_into::<Event>(kind, texts, &mut project.events)?,
        FileKind::Ach => merge_into::<AchMatrix>(kind, texts, &mut project.matrices)?,
    };
    Ok(MergeOutcome { kind, text: render(&project, kind)?, conflicts })
}

/// The text a save writes for `kind`'s file of `project`.
fn render(project: &Project, kind: FileKind) -> Result<String, MergeError> {
    let files = to_files(project).map_err(|e| MergeError::Write(e.to_string()))?;
    files
        .into_iter()
        .find(|(name, _)| *name == kind.file_name())
        .map(|(_, text)| text)
        .ok_or_else(|| MergeError::Write(format!("{} is not written by a save", kind.file_name())))
}

/// An item of a list file, and how its fields merge.
trait Record: Serialize + DeserializeOwned {
    /// The item's id.
    fn record_id(&self) -> &str;
    /// Fields holding a map whose entries merge one by one (`nodes.ENTITY`).
    const KEYED_FIELDS: &'static [&'static str] = &[];
    /// List fields whose order does not matter: both sides' additions and removals apply.
    const SET_FIELDS: &'static [&'static str] = &[];
}

impl Record for Source {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const SET_FIELDS: &'static [&'static str] = &["tags"];
}

impl Record for Entity {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const KEYED_FIELDS: &'static [&'static str] = &["attributes"];
    const SET_FIELDS: &'static [&'static str] = &["aliases"];
}

impl Record for Mention {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
}

impl Record for Rejection {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
}

impl Record for Relation {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const SET_FIELDS: &'static [&'static str] = &["evidence"];
}

impl Record for Map {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const KEYED_FIELDS: &'static [&'static str] = &["nodes"];
}

impl Record for Claim {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const SET_FIELDS: &'static [&'static str] = &["entities", "evidence"];
}

impl Record for Event {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const SET_FIELDS: &'static [&'static str] = &["entities", "times"];
}

impl Record for AchMatrix {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
    const KEYED_FIELDS: &'static [&'static str] = &["hypotheses", "rows"];
}

impl Record for Conflict {
    fn record_id(&self) -> &str {
        self.id.as_str()
    }
}

/// Parses one version of a list file, or of `project.ron`; a blank file is an empty list.
fn parse_side<T: DeserializeOwned>(
    file: &str,
    side: Side,
    text: &str,
    limits: Limits,
) -> Result<T, MergeError> {
    let text = if text.trim().is_empty() { "[]" } else { text };
    parse(file, text, limits).map_err(|error| MergeError::Invalid { side, error })
}

/// The items of one version of a list file as JSON objects by id; a repeated id is an
/// error.
fn items_by_id<T: Record>(
    kind: FileKind,
    side: Side,
    text: &str,
) -> Result<BTreeMap<String, Fields>, MergeError> {
    let items: Vec<T> = parse_side(kind.file_name(), side, text, Limits::default())?;
    records_by_id(kind, side, &items)
}

/// Items as JSON objects by id; a repeated id is an error.
fn records_by_id<'a, T: Record + 'a>(
    kind: FileKind,
    side: Side,
    items: impl IntoIterator<Item = &'a T>,
) -> Result<BTreeMap<String, Fields>, MergeError> {
    let file = kind.file_name();
    let mut out = BTreeMap::new();
    for item in items {
        let id = item.record_id().to_owned();
        let Some(fields) = to_fields(item)? else {
            return Err(MergeError::Write(format!("an item of {file} is not a record")));
        };
        if out.insert(id.clone(), fields).is_some() {
            return Err(MergeError::Invalid {
                side,
                error: LoadError::new(file, format!("the id `{id}` is used twice")),
            });
        }
    }
    Ok(out)
}

/// The fields of a record; `None` when it is not serialized as a record.
fn to_fields<T: Serialize>(item: &T) -> Result<Option<Fields>, MergeError> {
    match serde_json::to_value(item).map_err(|e| MergeError::Write(e.to_string()))? {
        Value::Object(fields) => Ok(Some(fields)),
        _ => Ok(None),
    }
}

/// Merges a list file into `into`, returning the conflicts.
fn merge_into<T: Record + KeyOf>(
    kind: FileKind,
    texts: [&str; 3],
    into: &mut BTreeMap<T::Key, T>,
) -> Result<Vec<Conflict>, MergeError> {
    let [base, ours, theirs] = [Side::Base, Side::Ours, Side::Theirs]
        .map(|side| (side, texts[side_index(side)]))
        .map(|(side, text)| items_by_id::<T>(kind, side, text));
    merge_records(kind, [base?, ours?, theirs?], into)
}

/// Merges one kind of item of three whole projects into `into`, returning the conflicts.
fn merge_items<T: Record + KeyOf + Clone + PartialEq>(
    kind: FileKind,
    items: [&BTreeMap<T::Key, T>; 3],
    into: &mut BTreeMap<T::Key, T>,
) -> Result<Vec<Conflict>, MergeError> {
    // What is alike on all three sides (most of a large project) is taken as it is; only
    // the rest goes field by field.
    let [base, ours, theirs] = items;
    for (key, item) in ours {
        if base.get(key) == Some(item) && theirs.get(key) == Some(item) {
            into.insert(key.clone(), item.clone());
        }
    }
    let alike = &*into;
    let [base, ours, theirs] = [Side::Base, Side::Ours, Side::Theirs].map(|side| {
        records_by_id(
            kind,
            side,
            items[side_index(side)].iter().filter(|(key, _)| !alike.contains_key(*key)).map(|(_, item)| item),
        )
    });
    merge_records(kind, [base?, ours?, theirs?], into)
}

/// Merges the three versions' items (JSON objects by id) into `into`, returning the
/// conflicts.
fn merge_records<T: Record + KeyOf>(
    kind: FileKind,
    [base, ours, theirs]: [BTreeMap<String, Fields>; 3],
    into: &mut BTreeMap<T::Key, T>,
) -> Result<Vec<Conflict>, MergeError> {
    let mut three_way =
        Merger { kind: kind.item_kind(), keyed: T::KEYED_FIELDS, sets: T::SET_FIELDS, conflicts: Vec::new() };
    let ids: BTreeSet<&String> = base.keys().chain(ours.keys()).chain(theirs.keys()).collect();
    for id in ids {
        let merged = three_way.item(id, base.get(id), ours.get(id), theirs.get(id));
        if let Some(fields) = merged {
            let item: T = serde_json::from_value(Value::Object(fields)).map_err(|e| {
                MergeError::Write(format!("the merged item `{id}` of {} is not valid: {e}", kind.file_name()))
            })?;
            into.insert(item.key(), item);
        }
    }
    Ok(three_way.conflicts)
}

/// The map key type of each kind of item in [`Project`].
trait KeyOf {
    /// The id type.
    type Key: Ord + Clone;
    /// The item's key in its map.
    fn key(&self) -> Self::Key;
}

/// `KeyOf` for item types whose key is their `id` field.
macro_rules! key_is_id {
    ($($item:ty => $key:ty),* $(,)?) => {
        $(impl KeyOf for $item {
            type Key = $key;
            fn key(&self) -> Self::Key {
                self.id.clone()
            }
        })*
    };
}

key_is_id! {
    Source => crate::model::SourceId,
    Entity => crate::model::EntityId,
    Mention => crate::model::MentionId,
    Rejection => crate::model::RejectionId,
    Relation => crate::model::RelationId,
    Map => crate::model::MapId,
    Conflict => ConflictId,
    Claim => crate::model::ClaimId,
    Event => crate::model::EventId,
    AchMatrix => crate::model::AchId,
}

fn side_index(side: Side) -> usize {
    match side {
        Side::Base => 0,
        Side::Ours => 1,
        Side::Theirs => 2,
    }
}

/// Merges `project.ron`: title and notes are the fields; the format is always this
/// program's.
fn merge_manifest(texts: [&str; 3]) -> Result<(ProjectMeta, Vec<Conflict>), MergeError> {
    let mut metas: [Option<JsonMap<String, Value>>; 3] = [None, None, None];
    for side in [Side::Base, Side::Ours, Side::Theirs] {
        let text = texts[side_index(side)];
        if text.trim().is_empty() {
            continue;
        }
        let limits = Limits::default();
        let probe: FormatProbe = parse_side(PROJECT_FILE, side, text, limits)?;
        if probe.format > FORMAT_VERSION || probe.format == 0 {
            let message = format!(
                "format {} is not one this Dossier understands (it writes {FORMAT_VERSION})",
                probe.format
            );
            return Err(MergeError::Invalid { side, error: LoadError::new(PROJECT_FILE, message) });
        }
        let manifest: ManifestIn = parse_side(PROJECT_FILE, side, text, limits)?;
        metas[side_index(side)] = to_fields(&ProjectMeta { title: manifest.title, notes: manifest.notes })?;
    }
    if metas[1].is_none() || metas[2].is_none() {
        return Err(MergeError::Invalid {
            side: if metas[1].is_none() { Side::Ours } else { Side::Theirs },
            error: LoadError::new(PROJECT_FILE, "the file is empty"),
        });
    }
    merge_meta(metas)
}

/// Merges the project's title and notes (base, ours, theirs as JSON objects).
fn merge_meta([base, ours, theirs]: [Option<Fields>; 3]) -> Result<(ProjectMeta, Vec<Conflict>), MergeError> {
    let mut three_way =
        Merger { kind: Some(ItemKind::Project), keyed: &[], sets: &[], conflicts: Vec::new() };
    let fields = three_way.item("", base.as_ref(), ours.as_ref(), theirs.as_ref()).unwrap_or_default();
    let meta = serde_json::from_value(Value::Object(fields)).map_err(|e| MergeError::Write(e.to_string()))?;
    Ok((meta, three_way.conflicts))
}

/// The three-way merge of items and fields, collecting conflicts.
struct Merger {
    /// The kind of item merged; `None` for conflict records, which never conflict.
    kind: Option<ItemKind>,
    keyed: &'static [&'static str],
    sets: &'static [&'static str],
    conflicts: Vec<Conflict>,
}

type Fields = JsonMap<String, Value>;

impl Merger {
    /// The merged item with id `id`, or `None` when it is removed.
    fn item(
        &mut self,
        id: &str,
        base: Option<&Fields>,
        ours: Option<&Fields>,
        theirs: Option<&Fields>,
    ) -> Option<Fields> {
        match (base, ours, theirs) {
            (_, None, None) => None,
            (None, Some(only), None) | (None, None, Some(only)) => Some(only.clone()),
            (Some(base), Some(ours), None) => {
                if ours == base {
                    return None;
                }
                self.record_whole(id, ConflictChange::TheirsRemoved, base, ours);
                Some(ours.clone())
            }
            (Some(base), None, Some(theirs)) => {
                if theirs == base {
                    return None;
                }
                self.record_whole(id, ConflictChange::OursRemoved, base, theirs);
                Some(theirs.clone())
            }
            (base, Some(ours), Some(theirs)) => {
                if ours == theirs || Some(theirs) == base {
                    return Some(ours.clone());
                }
                if Some(ours) == base {
                    return Some(theirs.clone());
                }
                Some(self.fields(id, base, ours, theirs))
            }
        }
    }

    /// Merges the fields of an item both sides have.
    fn fields(&mut self, id: &str, base: Option<&Fields>, ours: &Fields, theirs: &Fields) -> Fields {
        let keys: BTreeSet<&String> =
            base.into_iter().flat_map(JsonMap::keys).chain(ours.keys()).chain(theirs.keys()).collect();
        let mut out = Fields::new();
        for key in keys {
            let b = base.and_then(|fields| fields.get(key));
            let (o, t) = (ours.get(key), theirs.get(key));
            let merged = if o == t || t == b {
                o.cloned()
            } else if o == b {
                t.cloned()
            } else if self.keyed.contains(&key.as_str()) {
                Some(self.keyed(id, key, b, o, t))
            } else if self.sets.contains(&key.as_str()) {
                Some(merge_set(b, o, t))
            } else {
                let change =
                    if base.is_some() { ConflictChange::BothChanged } else { ConflictChange::BothAdded };
                self.record(id, key, change, [b, o, t]);
                o.cloned()
            };
            if let Some(value) = merged {
                out.insert(key.clone(), value);
            }
        }
        out
    }

    /// Merges a map-valued field entry by entry; each entry is its own field
    /// (`nodes.ENTITY`), and an entry removed on one side and changed on the other is
    /// kept as changed.
    fn keyed(
        &mut self,
        id: &str,
        field: &str,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) -> Value {
        let empty = Fields::new();
        let as_map = |v: Option<&Value>| match v {
            Some(Value::Object(map)) => map.clone(),
            _ => empty.clone(),
        };
        let (base, ours, theirs) = (as_map(base), as_map(ours), as_map(theirs));
        let keys: BTreeSet<&String> = base.keys().chain(ours.keys()).chain(theirs.keys()).collect();
        let mut out = Fields::new();
        for key in keys {
            let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
            let merged = if o == t || t == b {
                o
            } else if o == b {
                t
            } else {
                let change = match (b, o, t) {
                    (None, _, _) => ConflictChange::BothAdded,
                    (Some(_), None, _) => ConflictChange::OursRemoved,
                    (Some(_), _, None) => ConflictChange::TheirsRemoved,
                    (Some(_), Some(_), Some(_)) => ConflictChange::BothChanged,
                };
                self.record(id, &format!("{field}.{key}"), change, [b, o, t]);
                // Keep ours, unless ours removed it: then keep their change.
                o.or(t)
            };
            if let Some(value) = merged {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    fn record_whole(&mut self, id: &str, change: ConflictChange, base: &Fields, kept: &Fields) {
        let (base, kept) = (Value::Object(base.clone()), Value::Object(kept.clone()));
        let values = match change {
            ConflictChange::OursRemoved => [Some(&base), None, Some(&kept)],
            _ => [Some(&base), Some(&kept), None],
        };
        self.record(id, "", change, values);
    }

    /// Rewords the last conflict recorded: one side removed the item, the other still
    /// uses it (rather than changed it).
    fn describe_last_as_used(&mut self, change: ConflictChange) {
        if let Some(conflict) = self.conflicts.last_mut() {
            let (removed, uses) = match change {
                ConflictChange::OursRemoved => ("we", "their"),
                _ => ("they", "our"),
            };
            conflict.description = format!(
                "{} `{}`: {removed} removed it, but {uses} changes still use it; kept it",
                conflict.kind.name(),
                conflict.item
            );
        }
    }

    fn record(&mut self, id: &str, field: &str, change: ConflictChange, values: [Option<&Value>; 3]) {
        let Some(kind) = self.kind else {
            // Two records of one conflict id hold the same conflict; ours is kept.
            return;
        };
        let [base, ours, theirs] = values.map(|v| v.map(Value::to_string));
        let id_text = conflict_id(kind, id, field, [base.as_deref(), ours.as_deref(), theirs.as_deref()]);
        let description =
            describe(kind, id, field, change, [base.as_deref(), ours.as_deref(), theirs.as_deref()]);
        self.conflicts.push(Conflict {
            id: ConflictId(id_text),
            kind,
            item: id.to_owned(),
            field: field.to_owned(),
            change,
            base,
            ours,
            theirs,
            description,
        });
    }
}

/// Merges a list whose order does not matter: ours, without what theirs removed, then
/// what theirs added.
fn merge_set(base: Option<&Value>, ours: Option<&Value>, theirs: Option<&Value>) -> Value {
    let items = |v: Option<&Value>| match v {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let (base, ours, theirs) = (items(base), items(ours), items(theirs));
    let mut out: Vec<Value> = Vec::new();
    for item in &ours {
        let removed_by_theirs = base.contains(item) && !theirs.contains(item);
        if !removed_by_theirs && !out.contains(item) {
            out.push(item.clone());
        }
    }
    for item in theirs {
        if !base.contains(&item) && !out.contains(&item) {
            out.push(item);
        }
    }
    Value::Array(out)
}

/// A stable, readable id: kind, item and field, and a hash of all that and the values,
/// so the same conflict always gets the same id.
fn conflict_id(kind: ItemKind, item: &str, field: &str, values: [Option<&str>; 3]) -> String {
    let mut hasher = Sha256::new();
    for part in [Some(kind.name()), Some(item), Some(field)].into_iter().chain(values) {
        match part {
            Some(text) => {
                hasher.update([1u8]);
                hasher.update(text.len().to_le_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update([0u8]),
        }
    }
    let digest = hasher.finalize();
    let hash = digest.iter().take(4).fold(String::new(), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let mut field_slug = slug(field);
    field_slug.truncate(24);
    [kind.name().to_owned(), slug(item), field_slug, hash]
        .into_iter()
        .filter(|part| !part.is_empty())
        .map(|part| part.trim_matches('-').to_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A conflict in words.
fn describe(
    kind: ItemKind,
    item: &str,
    field: &str,
    change: ConflictChange,
    values: [Option<&str>; 3],
) -> String {
    let what = if item.is_empty() { kind.name().to_owned() } else { format!("{} `{item}`", kind.name()) };
    let show = |v: Option<&str>| match v {
        None => "(empty)".to_owned(),
        Some(text) if text.chars().count() > 80 => format!("{}…", text.chars().take(79).collect::<String>()),
        Some(text) => text.to_owned(),
    };
    let [base, ours, theirs] = values.map(show);
    match (change, field.is_empty()) {
        (ConflictChange::OursRemoved, true) => {
            format!("{what}: we removed it, they changed it; kept their version")
        }
        (ConflictChange::TheirsRemoved, true) => {
            format!("{what}: they removed it, we changed it; kept our version")
        }
        (ConflictChange::OursRemoved, false) => {
            format!("{what}, {field}: we removed it (was {base}), they changed it to {theirs}; kept theirs")
        }
        (ConflictChange::TheirsRemoved, false) => {
            format!("{what}, {field}: they removed it (was {base}), we changed it to {ours}; kept ours")
        }
        (ConflictChange::BothAdded, _) => {
            format!("{what}, {field}: added on both sides, ours {ours}, theirs {theirs}; kept ours")
        }
        (ConflictChange::BothChanged, _) => {
            format!(
                "{what}, {field}: changed on both sides from {base}, ours to {ours}, theirs to {theirs}; kept ours"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityId, EntityKind, SourceId};

    fn base() -> Project {
        let mut project = Project::new("Syria, December 2024");
        let source = Source::new(SourceId::from("report-a1"), "Report", "Assad left for Moscow.");
        project.sources.insert(source.id.clone(), source);
        for (id, name) in [("russia-k3f9", "Russia"), ("hts-b2c3", "HTS")] {
            let entity = Entity::new(EntityId::from(id), name, EntityKind::State);
            project.entities.insert(entity.id.clone(), entity);
        }
        project
    }

    fn add_entity(project: &mut Project, id: &str, name: &str) {
        let entity = Entity::new(EntityId::from(id), name, EntityKind::Organization);
        project.entities.insert(entity.id.clone(), entity);
    }

    fn entity<'p>(project: &'p Project, id: &str) -> &'p Entity {
        &project.entities[&EntityId::from(id)]
    }

    #[test]
    fn additions_from_both_sides_are_kept() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        add_entity(&mut ours, "uae-q1w2", "UAE");
        add_entity(&mut theirs, "central-bank-e3r4", "Central Bank of Syria");
        let merged = merge_projects(&base, &ours, &theirs).expect("merges");
        assert!(merged.conflicts.is_empty());
        let ids: Vec<&str> = merged.project.entities.keys().map(EntityId::as_str).collect();
        assert_eq!(ids, ["central-bank-e3r4", "hts-b2c3", "russia-k3f9", "uae-q1w2"]);
        assert_eq!(
            merged.project.sources[&SourceId::from("report-a1")].text.as_ref(),
            "Assad left for Moscow."
        );
    }

    #[test]
    fn a_change_on_one_side_is_taken_and_other_fields_merge_field_by_field() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.entities.get_mut(&EntityId::from("russia-k3f9")).expect("russia").notes =
            "Granted asylum".into();
        theirs.entities.get_mut(&EntityId::from("russia-k3f9")).expect("russia").name =
            "Russian Federation".into();
        theirs.meta.notes = "From git".into();
        theirs.entities.remove(&EntityId::from("hts-b2c3"));
        let merged = merge_projects(&base, &ours, &theirs).expect("merges");
        assert!(merged.conflicts.is_empty());
        let russia = entity(&merged.project, "russia-k3f9");
        assert_eq!((russia.name.as_str(), russia.notes.as_str()), ("Russian Federation", "Granted asylum"));
        assert_eq!(merged.project.meta.notes, "From git");
        assert_eq!(merged.project.meta.title, "Syria, December 2024");
        assert!(!merged.project.entities.contains_key(&EntityId::from("hts-b2c3")), "their removal applies");
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_with_both_values() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.meta.title = "Syria: the fall of Assad".into();
        theirs.meta.title = "Assad's exit".into();
        ours.entities.get_mut(&EntityId::from("hts-b2c3")).expect("hts").name =
            "Hay'at Tahrir al-Sham".into();
        theirs.entities.get_mut(&EntityId::from("hts-b2c3")).expect("hts").name =
            "Hayat Tahrir al-Sham".into();
        let merged = merge_projects(&base, &ours, &theirs).expect("merges");
        let found: Vec<(ItemKind, &str, &str, [Option<&str>; 3])> = merged
            .conflicts
            .iter()
            .map(|c| {
                let values = [Side::Base, Side::Ours, Side::Theirs].map(|side| c.value(side));
                (c.kind, c.item.as_str(), c.field.as_str(), values)
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    ItemKind::Project,
                    "",
                    "title",
                    [
                        Some("\"Syria, December 2024\""),
                        Some("\"Syria: the fall of Assad\""),
                        Some("\"Assad's exit\"")
                    ]
                ),
                (
                    ItemKind::Entity,
                    "hts-b2c3",
                    "name",
                    [Some("\"HTS\""), Some("\"Hay'at Tahrir al-Sham\""), Some("\"Hayat Tahrir al-Sham\"")]
                ),
            ]
        );
        assert!(merged.conflicts.iter().all(|c| c.change == ConflictChange::BothChanged));
        // Our values are kept, and the conflicts are recorded in the project.
        assert_eq!(merged.project.meta.title, "Syria: the fall of Assad");
        assert_eq!(entity(&merged.project, "hts-b2c3").name, "Hay'at Tahrir al-Sham");
        let recorded: Vec<&Conflict> = merged.project.conflicts.values().collect();
        assert_eq!(recorded.len(), 2);
        assert!(merged.conflicts.iter().all(|c| merged.project.conflicts.get(&c.id) == Some(c)));
    }

    #[test]
    fn an_entity_removed_on_one_side_but_tagged_on_the_other_comes_back_as_a_conflict() {
        use crate::model::{Anchor, MentionId};
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let text = "Assad left for Moscow.";
        let mention = Mention {
            id: MentionId::from("moscow-m1"),
            entity: EntityId::from("russia-k3f9"),
            source: SourceId::from("report-a1"),
            anchor: Anchor::from_span(text, 15, 21).expect("anchor"),
        };
        ours.mentions.insert(mention.id.clone(), mention);
        theirs.entities.remove(&EntityId::from("russia-k3f9"));
        let merged = merge_projects(&base, &ours, &theirs).expect("merges");
        assert!(merged.project.validate().is_empty(), "{:?}", merged.project.validate());
        assert!(merged.project.entities.contains_key(&EntityId::from("russia-k3f9")));
        let [conflict] = merged.conflicts.as_slice() else {
            panic!("one conflict expected: {:?}", merged.conflicts);
        };
        assert_eq!(
            (conflict.kind, conflict.item.as_str(), conflict.field.as_str()),
            (ItemKind::Entity, "russia-k3f9", "")
        );
        assert_eq!(conflict.change, ConflictChange::TheirsRemoved);
        assert!(conflict.theirs.is_none() && conflict.ours.is_some());
        assert_eq!(
            conflict.description,
            "entity `russia-k3f9`: they removed it, but our changes still use it; kept it"
        );
    }

    #[test]
    fn the_project_merge_agrees_with_merging_the_saved_files() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.meta.title = "Ours".into();
        theirs.meta.title = "Theirs".into();
        add_entity(&mut ours, "uae-q1w2", "UAE");
        theirs.entities.get_mut(&EntityId::from("russia-k3f9")).expect("russia").aliases.push("RF".into());
        let merged = merge_projects(&base, &ours, &theirs).expect("merges");
        let files = [&base, &ours, &theirs].map(|p| to_files(p).expect("renders"));
        let text = |side: usize, kind: FileKind| {
            files[side].iter().find(|(name, _)| *name == kind.file_name()).map_or("", |(_, t)| t.as_str())
        };
        let mut conflicts = Vec::new();
        for kind in FileKind::ALL.into_iter().filter(|kind| *kind != FileKind::Conflicts) {
            let outcome =
                merge_texts(Some(kind), text(0, kind), text(1, kind), text(2, kind)).expect("merges");
            assert_eq!(outcome.text, render(&merged.project, kind).expect("renders"), "{kind:?}");
            conflicts.extend(outcome.conflicts);
        }
        assert_eq!(conflicts, merged.conflicts);
    }
}
