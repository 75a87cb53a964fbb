//! The domain: what an analyst's project is made of. No egui, no files.
//!
//! Everything here is plain data with invariants checked by [`Project::validate`] and by
//! [`crate::edit`] when a change is applied.

mod ach;
mod anchor;
mod claim;
mod conflict;
mod date;
mod edtf;
mod entity;
mod event;
mod grade;
mod id;
mod map;
mod project;
mod relation;
mod source;
mod titles;

pub use ach::{AchMatrix, AchRow, Hypothesis, Rating};
pub use anchor::{Anchor, AnchorError, CONTEXT_CHARS};
pub use claim::{
    Claim, ClaimEvidence, ClaimWeights, SideWeight, Stance, credibility_factor, evidence_weight,
    reliability_factor,
};
pub use conflict::{Conflict, ConflictChange, ItemKind, Side};
pub use date::date_sort_key;
pub use edtf::{
    DAY_MINUTES, Edtf, EdtfDate, EdtfError, Interval, civil_from_days, days_from_civil, days_in_month,
    minute_label, period_interval,
};
pub use entity::{Entity, EntityKind, Mention, Rejection};
pub use event::{Event, EventTime, EventTimeError, PartOfDay};
pub use grade::{Credibility, Reliability};
pub use id::{
    AchId, ClaimId, ConflictId, EntityId, EventId, HypothesisId, IdGenerator, MapId, MentionId, RejectionId,
    RelationId, SourceId, is_valid_id, slug,
};
pub use map::{Map, MapGroup, MapNode, MapNote, ParallelRelations, Slide, SlideView};
pub(crate) use project::event_errors;
pub use project::{Item, ItemKey, Project, ProjectMeta, ValidationError, is_safe_text_path};
pub use relation::{Evidence, Relation};
pub use source::Source;
