//! Every change to a project is an [`Edit`]; [`apply`] makes it and returns its inverse,
//! and [`History`] keeps those inverses for undo and redo.
//!
//! Edits check the project's invariants as they go (a mention needs its entity and
//! source, an anchor must fit its text, a source's text never changes), so a project
//! that was valid stays valid whatever the UI sends.

mod ach;
mod apply;
mod changes;
mod cite;
mod claim;
mod conflict;
mod history;
mod tagging;

pub use ach::{new_hypothesis_id, new_matrix_id};
pub use apply::{Edit, EditError, Touch, apply, apply_owned, replay_owned};
pub use changes::{Changes, Part};
pub use cite::{CiteError, cite_evidence};
pub use claim::{ClaimError, add_claim_evidence, claim_from_relation, new_claim_id, record_claim};
pub use conflict::{ResolveError, resolve_conflict};
pub use history::{COALESCE_SECS, History, MentionChange, Step};
pub use tagging::{TagError, TagTarget, merge_entities, reassign_mention, split_mentions, tag_span};
