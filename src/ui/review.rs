//! Finding mentions and reviewing them: the scan runs in the background with progress
//! and Cancel; its suggestions wait in the Suggestions panel (and dimmed in the Reader)
//! until the analyst accepts or rejects them. Nothing becomes a mention by itself.
//!
//! A name that several entities share (an acronym, a family name) is one suggestion with
//! all of them as candidates: the analyst picks the entity meant (the others are then
//! rejected there), or rejects the place for all of them. "Accept all" takes only the
//! unambiguous ones.

use std::collections::HashSet;

use egui::{Key, Modifiers};

use super::command::Command;
use super::document::Revision;
use super::task::{self, Task};
use super::theme;
use crate::analysis::{
    MentionError, Suggestion, Suggestions, accept_all, accept_as, find_suggestions, reject,
};
use crate::edit::Part;
use crate::model::{EntityId, IdGenerator, Project, SourceId};

/// A scan under way.
struct Scan {
    /// The scan; its progress counts the sources searched.
    task: Task<Result<Suggestions, MentionError>>,
    /// The entities searched for; `None` for all.
    entities: Option<Vec<EntityId>>,
}

/// The suggestions waiting for review, and the scan that finds them.
#[derive(Default)]
pub struct ReviewState {
    /// Suggestions not yet accepted or rejected, by source and position.
    pub suggestions: Suggestions,
    /// Bumped whenever `suggestions` changes (the Reader redraws its highlights then).
    pub generation: u64,
    /// The row the keyboard acts on.
    pub highlighted: usize,
    /// Only this entity's suggestions are listed, if set.
    pub entity_filter: Option<EntityId>,
    /// What the last scan found, for the panel's header.
    pub summary: Option<String>,
    scan: Option<Scan>,
    pruned_at: u64,
}

impl ReviewState {
    /// Whether a scan is under way.
    pub fn is_scanning(&self) -> bool {
        self.scan.is_some()
    }

    /// Starts looking for mentions of `entities` (all when `None`) in a copy of `project`.
    pub fn start(&mut self, ctx: &egui::Context, project: &Project, entities: Option<Vec<EntityId>>) {
        if let Some(scan) = &self.scan {
            scan.task.cancel();
        }
        let snapshot = project.clone();
        let ids = entities.clone();
        let task = Task::spawn_with_progress(ctx, "Finding mentions…", move |progress| {
            // The bar shows every source to search from the start.
            let _ = progress.report(0, snapshot.sources.len());
            find_suggestions(&snapshot, ids.as_deref(), progress)
        });
        self.scan = Some(Scan { task, entities });
    }

    /// Collects a finished scan; returns a message for the user when there is one.
    pub fn poll(&mut self, project: &Project) -> Option<String> {
        let result = self.scan.as_ref()?.task.poll()?;
        let scan = self.scan.take()?;
        match result {
            Ok(Ok(found)) => {
                // A scan for some entities replaces their suggestions only.
                match &scan.entities {
                    None => self.suggestions = found,
                    Some(ids) => self.suggestions.replace_entities(ids, &found),
                }
                self.generation += 1;
                self.pruned_at = 0;
                self.prune_at(project, u64::MAX);
                let n = self.suggestions.len();
                let mut text = match n {
                    0 => "No new mentions found".to_owned(),
                    1 => "1 suggestion to review".to_owned(),
                    n => format!("{n} suggestions to review"),
                };
                let ambiguous = self.suggestions.ambiguous_count();
                if ambiguous > 0 {
                    text = format!("{text}, {ambiguous} ambiguous");
                }
                self.summary = Some(text.clone());
                Some(text)
            }
            Ok(Err(MentionError::Cancelled)) => Some("Finding mentions was cancelled".to_owned()),
            Ok(Err(error)) => Some(format!("Finding mentions failed: {error}")),
            Err(()) => Some("Finding mentions failed unexpectedly".to_owned()),
        }
    }

    /// Drops suggestions that the project has since settled (accepted, rejected, or whose
    /// source or entity is gone). Runs once per project revision.
    pub fn prune(&mut self, project: &Project, revision: Revision) {
        self.prune_at(
            project,
            revision.of(&[Part::Sources, Part::Entities, Part::Mentions, Part::Rejections]),
        );
    }

    /// [`Self::prune`] for the state with this key (`u64::MAX`: prune whatever it is).
    fn prune_at(&mut self, project: &Project, revision: u64) {
        if self.pruned_at == revision || self.suggestions.is_empty() {
            self.pruned_at = revision;
            return;
        }
        self.pruned_at = revision;
        let settled: HashSet<(&SourceId, &EntityId, usize, usize)> = project
            .mentions
            .values()
            .map(|m| (&m.source, &m.entity, m.anchor.start, m.anchor.end))
            .chain(project.rejections.values().map(|r| (&r.source, &r.entity, r.anchor.start, r.anchor.end)))
            .collect();
        let changed = self.suggestions.retain_candidates(|source, range, entity| {
            project.sources.contains_key(source)
                && project.entities.contains_key(entity)
                && !settled.contains(&(source, entity, range.start, range.end))
        });
        if changed {
            self.generation += 1;
        }
    }
}

/// An edit that accepts the unambiguous ones of `items` (one undo step).
pub fn accept_command(project: &Project, suggestions: &Suggestions, items: &[&Suggestion]) -> Command {
    let edit = accept_all(project, suggestions, items.iter().copied(), &mut IdGenerator::default());
    let accepted: Vec<&&Suggestion> = items.iter().filter(|s| !s.is_ambiguous()).collect();
    let label = match accepted.as_slice() {
        [one] => format!("Accept \u{201c}{}\u{201d}", quoted(project, suggestions, one)),
        many => format!("Accept {} suggestions", many.len()),
    };
    Command::edit(edit, label)
}

/// An edit that accepts `item` as a mention of `entity`, one of its candidates, and
/// rejects it for the others (one undo step).
pub fn accept_as_command(
    project: &Project,
    suggestions: &Suggestions,
    item: &Suggestion,
    entity: &EntityId,
) -> Option<Command> {
    let edit = accept_as(project, suggestions, item, entity, &mut IdGenerator::default())?;
    let name = project.entity_name(entity);
    let label = format!("Accept \u{201c}{}\u{201d} as {name}", quoted(project, suggestions, item));
    Some(Command::edit(edit, label))
}

/// An edit that rejects `items` for every candidate (one undo step); they are not
/// proposed again.
pub fn reject_command(project: &Project, suggestions: &Suggestions, items: &[&Suggestion]) -> Command {
    let edit = reject(project, suggestions, items.iter().copied(), &mut IdGenerator::default());
    let label = match items {
        [one] => format!("Reject \u{201c}{}\u{201d}", quoted(project, suggestions, one)),
        many => format!("Reject {} suggestions", many.len()),
    };
    Command::edit(edit, label)
}

/// The text `item` quotes, or "" when its source is gone.
fn quoted<'a>(project: &'a Project, suggestions: &Suggestions, item: &Suggestion) -> &'a str {
    project
        .sources
        .get(suggestions.source(item))
        .and_then(|source| source.text.get(item.range()))
        .unwrap_or_default()
}

/// The Suggestions panel: scan, progress, and the review queue.
pub fn review_ui(ui: &mut egui::Ui, project: &Project, state: &mut ReviewState, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if let Some(scan) = &state.scan {
            let progress = scan.task.progress();
            ui.add(
                task::progress_bar(progress)
                    .text(format!("Searching source {} of {}", progress.done(), progress.total()))
                    .desired_width(220.0),
            );
            task::cancel_button_ui(ui, progress);
        } else if ui
            .button("Find mentions")
            .on_hover_text("Search every source for every entity's name and aliases")
            .clicked()
        {
            commands.push(Command::FindMentions(None));
        }
        if let Some(summary) = &state.summary {
            ui.label(egui::RichText::new(summary).color(theme::hint_color(ui.visuals())));
        }
    });
    let suggestions = &state.suggestions;
    let filter = state.entity_filter.as_ref().map(|id| suggestions.entity_index(id));
    let listed: Vec<&Suggestion> = suggestions
        .items()
        .iter()
        .filter(|s| match filter {
            None => true,
            Some(index) => index.is_some_and(|e| suggestions.has_candidate(s, e)),
        })
        .collect();
    let unambiguous = listed.iter().filter(|s| !s.is_ambiguous()).count();
    let name = |id: &EntityId| project.entity_name(id).to_owned();
    ui.horizontal(|ui| {
        let label = ui.label("Entity");
        let selected = state.entity_filter.as_ref().map_or_else(|| "All".to_owned(), name);
        egui::ComboBox::from_id_salt("review-entity")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.entity_filter, None, "All");
                let mut with = vec![false; suggestions.entity_count()];
                for s in suggestions.items() {
                    for &e in suggestions.candidate_indices(s) {
                        with[e as usize] = true;
                    }
                }
                let mut with: Vec<&EntityId> =
                    (0..with.len()).filter(|&e| with[e]).map(|e| suggestions.entity(e as u32)).collect();
                with.sort_by_cached_key(|id| name(id).to_lowercase());
                for id in with {
                    let text = name(id);
                    ui.selectable_value(&mut state.entity_filter, Some(id.clone()), text);
                }
            })
            .response
            .labelled_by(label.id);
        let button = egui::Button::new(format!("Accept all {unambiguous}"));
        if ui
            .add_enabled(unambiguous > 0, button)
            .on_hover_text("Accept every suggestion with one candidate; ambiguous ones wait for a pick")
            .clicked()
        {
            commands.push(accept_command(project, suggestions, &listed));
        }
        if ui
            .add_enabled(!listed.is_empty(), egui::Button::new(format!("Reject all {}", listed.len())))
            .clicked()
        {
            commands.push(reject_command(project, suggestions, &listed));
        }
    });
    ui.separator();
    if listed.is_empty() {
        let text = if suggestions.is_empty() {
            "No suggestions waiting. Find mentions searches every source for the entities' names and aliases; what it finds is listed here to accept or reject."
        } else {
            "No suggestions for this entity."
        };
        ui.label(egui::RichText::new(text).color(theme::hint_color(ui.visuals())));
        return;
    }
    let highlighted = &mut state.highlighted;
    *highlighted = (*highlighted).min(listed.len() - 1);
    let mut open: Option<(SourceId, std::ops::Range<usize>)> = None;
    // Keys act on the highlighted row while the pointer is over the panel: A accepts, 1–9
    // picks a candidate of an ambiguous one, R rejects.
    let keys = ui.ui_contains_pointer() && !ui.ctx().egui_wants_keyboard_input();
    if keys {
        let (down, up, accept, refuse, digit) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::A),
                i.consume_key(Modifiers::NONE, Key::R),
                DIGITS.iter().position(|&key| i.consume_key(Modifiers::NONE, key)),
            )
        });
        if down {
            *highlighted = (*highlighted + 1).min(listed.len() - 1);
        }
        if up {
            *highlighted = highlighted.saturating_sub(1);
        }
        let s = listed[*highlighted];
        if down || up {
            open = Some((suggestions.source(s).clone(), s.range()));
        }
        if accept && !s.is_ambiguous() {
            commands.push(accept_command(project, suggestions, &[s]));
        }
        if let Some(n) = digit
            && let Some(entity) = suggestions.candidates(s).nth(n)
            && let Some(command) = accept_as_command(project, suggestions, s, entity)
        {
            commands.push(command);
        }
        if refuse {
            commands.push(reject_command(project, suggestions, &[s]));
        }
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 10.0;
    egui::ScrollArea::vertical().id_salt("review-list").auto_shrink([false, false]).show_rows(
        ui,
        row_height,
        listed.len(),
        |ui, rows| {
            for index in rows {
                let s = listed[index];
                let candidates: Vec<(&EntityId, Option<&crate::model::Entity>)> =
                    suggestions.candidates(s).map(|id| (id, project.entities.get(id))).collect();
                let source_title =
                    project.sources.get(suggestions.source(s)).map_or("?", |x| x.title.as_str());
                let Some(anchor) = suggestions.anchor(project, s) else {
                    continue;
                };
                let selected = index == *highlighted;
                let frame = egui::Frame::new().inner_margin(4.0).fill(if selected {
                    ui.visuals().selection.bg_fill.gamma_multiply(0.35)
                } else {
                    egui::Color32::TRANSPARENT
                });
                frame.show(ui, |ui| {
                    ui.set_min_height(row_height - 8.0);
                    ui.horizontal(|ui| {
                        if candidates.len() == 1 {
                            if ui.small_button("✔").on_hover_text("Accept (A)").clicked() {
                                commands.push(accept_command(project, suggestions, &[s]));
                            }
                        } else {
                            pick_menu_ui(ui, project, suggestions, s, &candidates, commands);
                        }
                        let hover =
                            if s.is_ambiguous() { "Reject for every candidate (R)" } else { "Reject (R)" };
                        if ui.small_button("✖").on_hover_text(hover).clicked() {
                            commands.push(reject_command(project, suggestions, &[s]));
                        }
                        let mut job = egui::text::LayoutJob::default();
                        let hint = theme::hint_color(ui.visuals());
                        let body = egui::FontId::proportional(13.0);
                        let plain =
                            egui::TextFormat { font_id: body.clone(), color: hint, ..Default::default() };
                        let kind = candidates.first().and_then(|(_, e)| *e).map(|e| e.kind);
                        let strong = egui::TextFormat {
                            font_id: body,
                            color: ui.visuals().strong_text_color(),
                            background: kind.map_or(egui::Color32::TRANSPARENT, |kind| {
                                theme::mention_fill(kind, ui.visuals())
                            }),
                            ..Default::default()
                        };
                        job.append(&format!("…{}", anchor.prefix.replace('\n', " ")), 0.0, plain.clone());
                        job.append(&anchor.exact, 0.0, strong);
                        job.append(&format!("{}…", anchor.suffix.replace('\n', " ")), 0.0, plain);
                        job.wrap.max_rows = 1;
                        let who = match candidates.as_slice() {
                            [(id, entity)] => entity.map_or_else(
                                || id.to_string(),
                                |e| format!("{} {}", theme::kind_icon(e.kind), e.name),
                            ),
                            many => format!("Ambiguous: {} entities", many.len()),
                        };
                        ui.vertical(|ui| {
                            let context =
                                ui.add(egui::Label::new(job).sense(egui::Sense::click()).truncate());
                            ui.label(egui::RichText::new(format!("{who} · {source_title}")).small());
                            if context.clicked() {
                                *highlighted = index;
                                open = Some((suggestions.source(s).clone(), s.range()));
                            }
                        });
                    });
                });
            }
        },
    );
    if let Some((source, range)) = open {
        commands.push(Command::ShowInReader { source, range });
    }
}

/// The keys that pick the first nine candidates of an ambiguous suggestion.
const DIGITS: [Key; 9] =
    [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];

/// The "Pick…" menu of an ambiguous suggestion: one button per candidate, which accepts it
/// as that entity.
pub fn pick_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    suggestions: &Suggestions,
    item: &Suggestion,
    candidates: &[(&EntityId, Option<&crate::model::Entity>)],
    commands: &mut Vec<Command>,
) {
    ui.menu_button("Pick…", |ui| {
        ui.label(egui::RichText::new("Which entity is meant?").color(theme::hint_color(ui.visuals())));
        for (n, (id, entity)) in candidates.iter().enumerate() {
            let text = entity.map_or_else(|| id.to_string(), |e| e.name.clone());
            let key = if n < DIGITS.len() { format!(" ({})", n + 1) } else { String::new() };
            if ui
                .button(format!("Accept as {text}"))
                .on_hover_text(format!("Accept as this entity{key}"))
                .clicked()
            {
                commands.extend(accept_as_command(project, suggestions, item, id));
                ui.close();
            }
        }
    })
    .response
    .on_hover_text("Several entities have this name: pick the one meant (1–9)");
}
