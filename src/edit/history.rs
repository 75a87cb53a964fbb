//! Undo and redo.

use std::sync::Arc;

use crate::model::{Item, ItemKey, Mention, MentionId, Project, SourceId};

use super::{Changes, Edit, EditError, Touch, apply, replay_owned};

/// Edits with the same coalescing key that follow each other within this many seconds
/// become one undo step (a burst of typing in one field).
pub const COALESCE_SECS: f64 = 1.5;

/// At most this many undo steps are kept; the oldest are dropped first.
const MAX_STEPS: usize = 10_000;

/// One undoable step: an edit and the edit that undoes it.
#[derive(Clone, Debug)]
pub struct Step {
    /// What the user did, for "Undo …" menu entries.
    pub label: String,
    /// Shared, so that a save or an autosave takes the edits made since the last save
    /// without copying them (a map's edit holds all its nodes).
    forward: Arc<Edit>,
    /// Whether `forward` holds the edit (a redo gives it away to the project).
    forward_known: bool,
    inverse: Edit,
    coalesce: Option<String>,
    time_secs: f64,
    serial: u64,
}

/// The undo and redo stacks of one open project, and which state was last saved.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_serial: u64,
    /// Serial of the step on top of the undo stack when the project was saved (0: none).
    saved_serial: Option<u64>,
    /// Sources changed by the edits, undos and redos since the last `take_touched_sources`.
    touched: Vec<SourceId>,
    /// Whether the oldest steps were dropped (beyond [`MAX_STEPS`]).
    trimmed: bool,
    /// Which parts of the project the edits, undos and redos touched, and when.
    changes: Changes,
    /// Mentions added and removed since the last `take_mention_changes`, in order;
    /// `None` once more than [`MAX_LOGGED_MENTIONS`] piled up (recount them all).
    mention_log: Option<Vec<MentionChange>>,
}

/// A mention an edit, undo or redo added or removed (a changed mention is both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MentionChange {
    /// Now in the project.
    Added(Mention),
    /// No longer in the project.
    Removed(Mention),
}

/// The most mention changes kept for [`History::take_mention_changes`] before it asks
/// for a recount instead (nobody took them).
const MAX_LOGGED_MENTIONS: usize = 200_000;

/// The mentions an edit adds, replaces or removes, by id.
fn mention_keys(edit: &Edit, out: &mut Vec<MentionId>) {
    edit.for_each_touch(&mut |touch| match touch {
        Touch::Put(Item::Mention(m)) => out.push(m.id.clone()),
        Touch::Remove(ItemKey::Mention(id)) => out.push(id.clone()),
        _ => {}
    });
}

impl History {
    /// A history for a project that is unchanged since it was loaded or saved.
    pub fn new() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            next_serial: 1,
            saved_serial: Some(0),
            touched: Vec::new(),
            trimmed: false,
            changes: Changes::default(),
            mention_log: Some(Vec::new()),
        }
    }

    /// Applies `edit` to `project` as a new undo step labelled `label`.
    ///
    /// If `coalesce` is given and equals the key of the previous step, made less than
    /// [`COALESCE_SECS`] before `now_secs`, the two become one step.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        coalesce: Option<String>,
        now_secs: f64,
    ) -> Result<(), EditError> {
        let before = self.mentions_before(project, &edit);
        let inverse = apply(project, &edit)?;
        edit.touched_sources(&mut self.touched);
        self.changes.record(&edit);
        self.log_mentions(project, before);
        let serial = self.take_serial();
        self.redo.clear();
        if let (Some(key), Some(top)) = (&coalesce, self.undo.last_mut())
            && top.coalesce.as_ref() == Some(key)
            && now_secs - top.time_secs < COALESCE_SECS
        {
            let forward =
                Arc::unwrap_or_clone(std::mem::replace(&mut top.forward, Arc::new(Edit::Batch(Vec::new()))));
            top.forward = Arc::new(forward.then(edit));
            let old_inverse = std::mem::replace(&mut top.inverse, Edit::Batch(Vec::new()));
            top.inverse = inverse.then_undo(old_inverse);
            top.time_secs = now_secs;
            top.serial = serial;
            return Ok(());
        }
        self.undo.push(Step {
            label: label.into(),
            forward: Arc::new(edit),
            forward_known: true,
            inverse,
            coalesce,
            time_secs: now_secs,
            serial,
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
            self.trimmed = true;
        }
        Ok(())
    }

    /// Undoes the last step. Returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(mut step) = self.undo.pop() else {
            return Ok(None);
        };
        let inverse = std::mem::replace(&mut step.inverse, Edit::Batch(Vec::new()));
        let before = self.mentions_before(project, &inverse);
        match replay_owned(project, inverse) {
            Ok(forward) => {
                forward.touched_sources(&mut self.touched);
                self.changes.record(&forward);
                self.log_mentions(project, before);
                step.forward = Arc::new(forward);
                step.forward_known = true;
                let label = step.label.clone();
                self.redo.push(step);
                Ok(Some(label))
            }
            Err((error, inverse)) => {
                step.inverse = inverse;
                self.undo.push(step);
                Err(error)
            }
        }
    }

    /// Redoes the last undone step. Returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(mut step) = self.redo.pop() else {
            return Ok(None);
        };
        let forward =
            Arc::unwrap_or_clone(std::mem::replace(&mut step.forward, Arc::new(Edit::Batch(Vec::new()))));
        let before = self.mentions_before(project, &forward);
        match replay_owned(project, forward) {
            Ok(inverse) => {
                inverse.touched_sources(&mut self.touched);
                self.changes.record(&inverse);
                self.log_mentions(project, before);
                step.inverse = inverse;
                step.forward_known = false;
                // A redone step never merges with the next edit.
                step.coalesce = None;
                let label = step.label.clone();
                self.undo.push(step);
                Ok(Some(label))
            }
            Err((error, forward)) => {
                step.forward = Arc::new(forward);
                self.redo.push(step);
                Err(error)
            }
        }
    }

    /// Ends the current burst: the next edit starts a new undo step whatever its key.
    pub fn seal(&mut self) {
        if let Some(top) = self.undo.last_mut() {
            top.coalesce = None;
        }
    }

    /// The sources added, changed or removed since the last call, so derived data (the
    /// search index) can be updated from the edit instead of rebuilt.
    pub fn take_touched_sources(&mut self) -> Vec<SourceId> {
        std::mem::take(&mut self.touched)
    }

    /// Which parts of the project have changed since it was loaded, and when: keys for
    /// what is derived from those parts.
    pub fn changes(&self) -> Changes {
        self.changes
    }

    /// The mentions added and removed since the last call, in order, so counts can be
    /// kept up to date from them; `None` when they must be counted again from the
    /// project (too many changes piled up).
    pub fn take_mention_changes(&mut self) -> Option<Vec<MentionChange>> {
        self.mention_log.replace(Vec::new())
    }

    /// The mentions `edit` will touch, by id, with the ones they are now (if any).
    fn mentions_before(&self, project: &Project, edit: &Edit) -> Vec<(MentionId, Option<Mention>)> {
        if self.mention_log.is_none() {
            return Vec::new();
        }
        let mut ids = Vec::new();
        mention_keys(edit, &mut ids);
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| {
                let now = project.mentions.get(&id).cloned();
                (id, now)
            })
            .collect()
    }

    /// Logs how the mentions in `before` changed.
    fn log_mentions(&mut self, project: &Project, before: Vec<(MentionId, Option<Mention>)>) {
        let Some(log) = &mut self.mention_log else {
            return;
        };
        for (id, old) in before {
            let new = project.mentions.get(&id);
            if old.as_ref() == new {
                continue;
            }
            if let Some(old) = old {
                log.push(MentionChange::Removed(old));
            }
            if let Some(new) = new {
                log.push(MentionChange::Added(new.clone()));
            }
        }
        if log.len() > MAX_LOGGED_MENTIONS {
            self.mention_log = None;
        }
    }

    /// The label of the step that undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// The label of the step that redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// A marker of the current state, to pass to [`Self::mark_saved_at`] once a save of
    /// this state (which may run in the background) has finished.
    pub fn marker(&self) -> u64 {
        self.top_serial()
    }

    /// The edits that turn the state last saved into the current one, in order, when the
    /// saved state lies below the current one on the undo stack and every step on the way
    /// still holds its edit (a step redone gave its edit to the project); `None` otherwise.
    /// A save replays them on a copy of the saved project off the UI thread, instead of
    /// copying the whole project on it; the edits are shared with the history, not copied.
    pub fn edits_since_saved(&self) -> Option<Vec<Arc<Edit>>> {
        let saved = self.saved_serial?;
        let start = if saved == 0 {
            if self.trimmed {
                return None;
            }
            0
        } else {
            self.undo.iter().position(|step| step.serial == saved)? + 1
        };
        self.undo[start..].iter().map(|step| step.forward_known.then(|| Arc::clone(&step.forward))).collect()
    }

    /// Records that the state with this marker has been saved.
    pub fn mark_saved_at(&mut self, marker: u64) {
        self.saved_serial = Some(marker);
    }

    /// Records that the project as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_serial = Some(self.top_serial());
    }

    /// Whether the project differs from what was last saved (or loaded).
    pub fn is_dirty(&self) -> bool {
        self.saved_serial != Some(self.top_serial())
    }

    fn top_serial(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.serial)
    }

    fn take_serial(&mut self) -> u64 {
        self.next_serial = self.next_serial.max(1);
        let serial = self.next_serial;
        self.next_serial += 1;
        serial
    }
}

impl Edit {
    /// The inverse of "`earlier` then `self`", given `self` as this edit's inverse and
    /// `earlier_inverse` as the earlier one's: undo the later edit first.
    fn then_undo(self, earlier_inverse: Self) -> Self {
        match (&self, &earlier_inverse) {
            // Undoing two puts of one item is putting back what was there before the first.
            (Self::Put(a), Self::Put(b)) if a.key() == b.key() => earlier_inverse,
            (Self::Put(a), Self::Remove(b)) if &a.key() == b => earlier_inverse,
            (Self::SetMeta(_), Self::SetMeta(_)) => earlier_inverse,
            _ => Self::Batch(vec![self, earlier_inverse]),
        }
    }
}
