//! `dossier dump`: the project as one JSON document with a stable shape.

use serde::Serialize;

use crate::model::{Anchor, Evidence, Project};

/// The top level of `dossier dump`'s output.
#[derive(Serialize)]
pub struct Dump<'a> {
    format: u32,
    title: &'a str,
    notes: &'a str,
    sources: Vec<SourceOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    mentions: Vec<MentionOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    maps: Vec<MapOut<'a>>,
    rejections: Vec<MentionOut<'a>>,
    conflicts: Vec<ConflictOut<'a>>,
    claims: Vec<ClaimOut<'a>>,
    events: Vec<super::timeline::EventOut<'a>>,
    matrices: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct ConflictOut<'a> {
    id: &'a str,
    kind: &'static str,
    item: &'a str,
    field: &'a str,
    change: &'static str,
    /// JSON text of each side's value, or null when absent.
    base: Option<&'a str>,
    ours: Option<&'a str>,
    theirs: Option<&'a str>,
    description: &'a str,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    title: &'a str,
    outlet: &'a str,
    author: &'a str,
    url: &'a str,
    published: &'a str,
    language: &'a str,
    /// "A" … "F", or null.
    reliability: Option<String>,
    /// 1 … 6, or null.
    credibility: Option<u8>,
    notes: &'a str,
    tags: &'a [String],
    retrieved: &'a str,
    original_file: &'a str,
    original_path: &'a str,
    /// Bytes of the imported file, or null.
    size: Option<u64>,
    sha256: &'a str,
    imported_at: &'a str,
    text_file: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    aliases: &'a [String],
    notes: &'a str,
    attributes: &'a std::collections::BTreeMap<String, String>,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    id: &'a str,
    entity: &'a str,
    source: &'a str,
    #[serde(flatten)]
    anchor: AnchorOut<'a>,
}

#[derive(Serialize)]
pub(super) struct AnchorOut<'a> {
    start: usize,
    end: usize,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

impl<'a> From<&'a Anchor> for AnchorOut<'a> {
    fn from(a: &'a Anchor) -> Self {
        Self { start: a.start, end: a.end, exact: &a.exact, prefix: &a.prefix, suffix: &a.suffix }
    }
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: &'a str,
    from: &'a str,
    to: &'a str,
    label: &'a str,
    directed: bool,
    start: &'a str,
    end: &'a str,
    disputed: bool,
    notes: &'a str,
    evidence: Vec<EvidenceOut<'a>>,
}

#[derive(Serialize)]
pub(super) struct EvidenceOut<'a> {
    source: &'a str,
    #[serde(flatten)]
    anchor: AnchorOut<'a>,
    credibility: Option<u8>,
}

impl<'a> From<&'a Evidence> for EvidenceOut<'a> {
    fn from(e: &'a Evidence) -> Self {
        Self {
            source: e.source.as_str(),
            anchor: (&e.anchor).into(),
            credibility: e.credibility.map(crate::model::Credibility::number),
        }
    }
}

#[derive(Serialize)]
struct ClaimOut<'a> {
    id: &'a str,
    statement: &'a str,
    entities: Vec<&'a str>,
    relation: Option<&'a str>,
    notes: &'a str,
    evidence: Vec<ClaimEvidenceOut<'a>>,
}

#[derive(Serialize)]
struct ClaimEvidenceOut<'a> {
    /// "supports", "contradicts" or "mentions".
    stance: &'static str,
    #[serde(flatten)]
    quote: EvidenceOut<'a>,
}

impl<'a> From<&'a crate::model::Claim> for ClaimOut<'a> {
    fn from(c: &'a crate::model::Claim) -> Self {
        Self {
            id: c.id.as_str(),
            statement: &c.statement,
            entities: c.entities.iter().map(crate::model::EntityId::as_str).collect(),
            relation: c.relation.as_ref().map(crate::model::RelationId::as_str),
            notes: &c.notes,
            evidence: c
                .evidence
                .iter()
                .map(|e| ClaimEvidenceOut { stance: e.stance.verb(), quote: (&e.quote).into() })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct MapOut<'a> {
    id: &'a str,
    name: &'a str,
    nodes: Vec<NodeOut<'a>>,
    notes: &'a [crate::model::MapNote],
    groups: &'a [crate::model::MapGroup],
}

#[derive(Serialize)]
struct NodeOut<'a> {
    entity: &'a str,
    x: f32,
    y: f32,
    pinned: bool,
}

impl<'a> Dump<'a> {
    /// The dump of `project`.
    pub fn new(project: &'a Project) -> Self {
        Self {
            format: crate::store::FORMAT_VERSION,
            title: &project.meta.title,
            notes: &project.meta.notes,
            sources: project
                .sources
                .values()
                .map(|s| SourceOut {
                    id: s.id.as_str(),
                    title: &s.title,
                    outlet: &s.outlet,
                    author: &s.author,
                    url: &s.url,
                    published: &s.published,
                    language: &s.language,
                    reliability: s.reliability.map(|r| r.letter().to_string()),
                    credibility: s.credibility.map(crate::model::Credibility::number),
                    notes: &s.notes,
                    tags: &s.tags,
                    retrieved: &s.retrieved,
                    original_file: &s.original_file,
                    original_path: &s.original_path,
                    size: s.size,
                    sha256: &s.sha256,
                    imported_at: &s.imported_at,
                    text_file: &s.text_file,
                    text: &s.text,
                })
                .collect(),
            entities: project
                .entities
                .values()
                .map(|e| EntityOut {
                    id: e.id.as_str(),
                    name: &e.name,
                    kind: e.kind.label(),
                    aliases: &e.aliases,
                    notes: &e.notes,
                    attributes: &e.attributes,
                })
                .collect(),
            mentions: project
                .mentions
                .values()
                .map(|m| MentionOut {
                    id: m.id.as_str(),
                    entity: m.entity.as_str(),
                    source: m.source.as_str(),
                    anchor: (&m.anchor).into(),
                })
                .collect(),
            relations: project
                .relations
                .values()
                .map(|r| RelationOut {
                    id: r.id.as_str(),
                    from: r.from.as_str(),
                    to: r.to.as_str(),
                    label: &r.label,
                    directed: r.directed,
                    start: &r.start,
                    end: &r.end,
                    disputed: r.disputed,
                    notes: &r.notes,
                    evidence: r.evidence.iter().map(EvidenceOut::from).collect(),
                })
                .collect(),
            maps: project
                .maps
                .values()
                .map(|m| MapOut {
                    id: m.id.as_str(),
                    name: &m.name,
                    nodes: m
                        .nodes
                        .iter()
                        .map(|(entity, n)| NodeOut {
                            entity: entity.as_str(),
                            x: n.x,
                            y: n.y,
                            pinned: n.pinned,
                        })
                        .collect(),
                    notes: &m.notes,
                    groups: &m.groups,
                })
                .collect(),
            rejections: project
                .rejections
                .values()
                .map(|r| MentionOut {
                    id: r.id.as_str(),
                    entity: r.entity.as_str(),
                    source: r.source.as_str(),
                    anchor: (&r.anchor).into(),
                })
                .collect(),
            conflicts: project
                .conflicts
                .values()
                .map(|c| ConflictOut {
                    id: c.id.as_str(),
                    kind: c.kind.name(),
                    item: &c.item,
                    field: &c.field,
                    change: match c.change {
                        crate::model::ConflictChange::BothChanged => "BothChanged",
                        crate::model::ConflictChange::BothAdded => "BothAdded",
                        crate::model::ConflictChange::OursRemoved => "OursRemoved",
                        crate::model::ConflictChange::TheirsRemoved => "TheirsRemoved",
                    },
                    base: c.base.as_deref(),
                    ours: c.ours.as_deref(),
                    theirs: c.theirs.as_deref(),
                    description: &c.description,
                })
                .collect(),
            claims: project.claims.values().map(ClaimOut::from).collect(),
            events: project.events.values().map(super::timeline::EventOut::from).collect(),
            matrices: project.matrices.values().map(|m| super::ach::matrix_json(project, m)).collect(),
        }
    }
}
