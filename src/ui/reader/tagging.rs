//! Tagging and citing the Reader's selection: what the tag bar, the context menu and the
//! tag popup do with it, each as one undoable edit.

use std::ops::Range;

use super::Tagging;
use super::tag_popup::{PopupOutcome, TagPopup, tag_popup_ui};
use crate::edit::{TagTarget, cite_evidence, reassign_mention, tag_span};
use crate::model::{IdGenerator, MentionId, Project, RelationId, Source, SourceId};
use crate::ui::command::Command;

/// Tags `range` of `source` as `target` (or re-assigns `reassign`), as one undo step.
pub fn tag(
    project: &Project,
    state: &mut Tagging,
    source: &SourceId,
    range: Range<usize>,
    reassign: Option<&MentionId>,
    target: &TagTarget,
    commands: &mut Vec<Command>,
) {
    let mut ids = IdGenerator::default();
    let result = match reassign {
        Some(mention) => reassign_mention(project, mention, target, &mut ids),
        None => tag_span(project, source, range.clone(), target, &mut ids),
    };
    match result {
        Ok((edit, entity)) => {
            let exact = project.sources.get(source).and_then(|s| s.text.get(range)).unwrap_or_default();
            let name = match target {
                TagTarget::Existing(id) => project.entities.get(id).map_or("", |e| e.name.as_str()),
                TagTarget::New { name, .. } => name.as_str(),
            };
            let verb = if reassign.is_some() { "Re-assign" } else { "Tag" };
            commands.push(Command::edit(edit, format!("{verb} \u{201c}{exact}\u{201d} as {name}")));
            state.used(&entity);
            state.selection = None;
        }
        Err(error) => commands.push(Command::Notify(error.to_string())),
    }
}

/// Adds `range` of `source` to the evidence of `relation` (one undo step).
pub fn cite(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    relation: &RelationId,
    state: &mut Tagging,
    commands: &mut Vec<Command>,
) {
    match cite_command(project, source, range, relation) {
        Ok(Some(command)) => {
            commands.push(command);
            state.cite_target = Some(relation.clone());
            state.selection = None;
        }
        Ok(None) => {}
        Err(message) => commands.push(Command::Notify(message)),
    }
}

/// The edit that adds `range` of `source` to the evidence of `relation`, as a command;
/// `None` when the source or relation is gone, and why not when the quote cannot be
/// cited (already cited, or not on character boundaries).
pub fn cite_command(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    relation: &RelationId,
) -> Result<Option<Command>, String> {
    let edit = cite_evidence(project, source, range, relation).map_err(|e| e.to_string())?;
    Ok(edit.zip(project.relations.get(relation)).map(|(edit, found)| {
        Command::edit(edit, format!("Cite evidence for \u{201c}{}\u{201d}", project.relation_title(found)))
    }))
}

/// Opens the tag popup for `range` of `source`, under the selection when it is on screen.
pub fn open_popup(ctx: &egui::Context, source: &Source, range: Range<usize>, state: &mut Tagging) {
    // Just under the selection when it is on screen, else at the pointer.
    let position = state
        .selection_end
        .filter(|_| state.selection.as_ref().is_some_and(|(_, r)| r == &range))
        .or_else(|| ctx.pointer_latest_pos())
        .unwrap_or_else(|| ctx.content_rect().center())
        + egui::vec2(0.0, 6.0);
    state.popup = Some(TagPopup::new(source.id.clone(), range, &source.text, position));
}

/// The tag popup, while open; choosing an entity tags (or re-assigns) its span.
pub fn popup_ui(ctx: &egui::Context, project: &Project, state: &mut Tagging, commands: &mut Vec<Command>) {
    let Some(popup) = state.popup.as_mut() else {
        return;
    };
    match tag_popup_ui(ctx, popup, project, &state.recent) {
        PopupOutcome::Open => {}
        PopupOutcome::Cancelled => state.popup = None,
        PopupOutcome::Chosen(target) => {
            if let Some(popup) = state.popup.take() {
                let source = popup.source.clone();
                tag(project, state, &source, popup.range.clone(), popup.reassign.as_ref(), &target, commands);
            }
        }
    }
}
