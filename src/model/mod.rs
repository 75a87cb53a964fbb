//! The domain: what an analyst's project is made of. No egui, no files.
//!
//! Everything here is plain data with invariants checked by [`Project::validate`] and by
//! [`crate::edit`] when a change is applied.

mod anchor;
mod claim;
mod conflict;
mod date;
mod entity;
mod grade;
mod id;
mod map;
mod project;
mod relation;
mod source;
mod titles;

pub use anchor::{Anchor, AnchorError, CONTEXT_CHARS};
pub use claim::{
    Claim, ClaimEvidence, ClaimWeights, SideWeight, Stance, credibility_factor, evidence_weight,
    reliability_factor,
};
pub use conflict::{Conflict, ConflictChange, ItemKind, Side};
pub use date::date_sort_key;
pub use entity::{Entity, EntityKind, Mention, Rejection};
pub use grade::{Credibility, Reliability};
pub use id::{
    ClaimId, ConflictId, EntityId, IdGenerator, MapId, MentionId, RejectionId, RelationId, SourceId,
    is_valid_id, slug,
};
pub use map::{Map, MapGroup, MapNode, MapNote, Slide, SlideView};
pub use project::{Item, ItemKey, Project, ProjectMeta, ValidationError, is_safe_text_path};
pub use relation::{Evidence, Relation};
pub use source::Source;
