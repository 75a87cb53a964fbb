//! Finding mentions and reviewing them: the scan runs in the background with progress
//! and Cancel; its suggestions wait in the Suggestions panel (and dimmed in the Reader)
//! until the analyst accepts or rejects them. Nothing becomes a mention by itself.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use egui::{Key, Modifiers};

use super::command::Command;
use super::task::Task;
use super::theme;
use super::view::View;
use crate::analysis::{MentionError, Suggestion, accept_all, find_suggestions, reject};
use crate::model::{EntityId, IdGenerator, Project, SourceId};

/// A scan under way.
struct Scan {
    task: Task<Result<Vec<Suggestion>, MentionError>>,
    /// Sources searched so far, and in all.
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    /// The entities searched for; `None` for all.
    entities: Option<Vec<EntityId>>,
}

/// The suggestions waiting for review, and the scan that finds them.
#[derive(Default)]
pub struct ReviewState {
    /// Suggestions not yet accepted or rejected, by source and position.
    pub suggestions: Vec<Suggestion>,
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
            scan.cancel.store(true, Ordering::Relaxed);
        }
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(project.sources.len()));
        let cancel = Arc::new(AtomicBool::new(false));
        let (d, t, c) = (Arc::clone(&done), Arc::clone(&total), Arc::clone(&cancel));
        let snapshot = project.clone();
        let ids = entities.clone();
        let repaint = ctx.clone();
        let task = Task::spawn(ctx, "Finding mentions…", move || {
            find_suggestions(&snapshot, ids.as_deref(), &mut |n, of| {
                d.store(n, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
                repaint.request_repaint();
                !c.load(Ordering::Relaxed)
            })
        });
        self.scan = Some(Scan { task, done, total, cancel, entities });
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
                    Some(ids) => {
                        let ids: HashSet<&EntityId> = ids.iter().collect();
                        self.suggestions.retain(|s| !ids.contains(&s.entity));
                        self.suggestions.extend(found);
                        self.suggestions.sort_by(|a, b| {
                            (&a.source, a.anchor.start, &a.entity).cmp(&(
                                &b.source,
                                b.anchor.start,
                                &b.entity,
                            ))
                        });
                    }
                }
                self.generation += 1;
                self.pruned_at = 0;
                self.prune(project, u64::MAX);
                let n = self.suggestions.len();
                let text = match n {
                    0 => "No new mentions found".to_owned(),
                    1 => "1 suggestion to review".to_owned(),
                    n => format!("{n} suggestions to review"),
                };
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
    pub fn prune(&mut self, project: &Project, revision: u64) {
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
        let before = self.suggestions.len();
        self.suggestions.retain(|s| {
            project.sources.contains_key(&s.source)
                && project.entities.contains_key(&s.entity)
                && !settled.contains(&(&s.source, &s.entity, s.anchor.start, s.anchor.end))
        });
        if self.suggestions.len() != before {
            self.generation += 1;
        }
    }
}

/// An edit that accepts `suggestions` (one undo step).
pub fn accept_command(project: &Project, suggestions: &[Suggestion]) -> Command {
    let edit = accept_all(project, suggestions, &mut IdGenerator::default());
    let label = match suggestions {
        [one] => format!("Accept \u{201c}{}\u{201d}", one.anchor.exact),
        many => format!("Accept {} suggestions", many.len()),
    };
    Command::edit(edit, label)
}

/// An edit that rejects `suggestions` (one undo step); they are not proposed again.
pub fn reject_command(project: &Project, suggestions: &[Suggestion]) -> Command {
    let edit = reject(project, suggestions, &mut IdGenerator::default());
    let label = match suggestions {
        [one] => format!("Reject \u{201c}{}\u{201d}", one.anchor.exact),
        many => format!("Reject {} suggestions", many.len()),
    };
    Command::edit(edit, label)
}

/// The Suggestions panel: scan, progress, and the review queue.
pub fn review_ui(ui: &mut egui::Ui, project: &Project, view: &mut View, commands: &mut Vec<Command>) {
    let state = &mut view.review;
    ui.horizontal(|ui| {
        if let Some(scan) = &state.scan {
            let done = scan.done.load(Ordering::Relaxed);
            let total = scan.total.load(Ordering::Relaxed).max(1);
            ui.add(
                egui::ProgressBar::new(done as f32 / total as f32)
                    .text(format!("Searching source {done} of {total}"))
                    .desired_width(220.0),
            );
            if ui.button("Cancel").clicked() {
                scan.cancel.store(true, Ordering::Relaxed);
            }
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
    // References only: cloning every suggestion (three strings each) per frame would cost
    // more than the rest of the panel for a large scan.
    let listed: Vec<&Suggestion> = view
        .review
        .suggestions
        .iter()
        .filter(|s| view.review.entity_filter.as_ref().is_none_or(|e| e == &s.entity))
        .collect();
    ui.horizontal(|ui| {
        let label = ui.label("Entity");
        let name =
            |id: &EntityId| project.entities.get(id).map_or_else(|| id.to_string(), |e| e.name.clone());
        let selected = view.review.entity_filter.as_ref().map_or_else(|| "All".to_owned(), name);
        egui::ComboBox::from_id_salt("review-entity")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.review.entity_filter, None, "All");
                let mut with: Vec<&EntityId> = view.review.suggestions.iter().map(|s| &s.entity).collect();
                with.dedup();
                let mut with: Vec<EntityId> =
                    with.into_iter().cloned().collect::<HashSet<_>>().into_iter().collect();
                with.sort_by_key(|id| name(id).to_lowercase());
                for id in with {
                    let text = name(&id);
                    ui.selectable_value(&mut view.review.entity_filter, Some(id), text);
                }
            })
            .response
            .labelled_by(label.id);
        let enabled = !listed.is_empty();
        if ui.add_enabled(enabled, egui::Button::new(format!("Accept all {}", listed.len()))).clicked() {
            commands.push(accept_command(project, &owned(&listed)));
        }
        if ui.add_enabled(enabled, egui::Button::new(format!("Reject all {}", listed.len()))).clicked() {
            commands.push(reject_command(project, &owned(&listed)));
        }
    });
    ui.separator();
    if listed.is_empty() {
        let text = if view.review.suggestions.is_empty() {
            "No suggestions waiting. Find mentions searches every source for the entities' names and aliases; what it finds is listed here to accept or reject."
        } else {
            "No suggestions for this entity."
        };
        ui.label(egui::RichText::new(text).color(theme::hint_color(ui.visuals())));
        return;
    }
    view.review.highlighted = view.review.highlighted.min(listed.len() - 1);
    let mut open: Option<(SourceId, std::ops::Range<usize>)> = None;
    // Keys act on the highlighted row while the pointer is over the panel.
    let keys = ui.ui_contains_pointer() && !ui.ctx().egui_wants_keyboard_input();
    if keys {
        let (down, up, accept, refuse) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::A),
                i.consume_key(Modifiers::NONE, Key::R),
            )
        });
        if down {
            view.review.highlighted = (view.review.highlighted + 1).min(listed.len() - 1);
        }
        if up {
            view.review.highlighted = view.review.highlighted.saturating_sub(1);
        }
        if down || up {
            let s = listed[view.review.highlighted];
            open = Some((s.source.clone(), s.anchor.start..s.anchor.end));
        }
        if accept {
            commands.push(accept_command(project, std::slice::from_ref(listed[view.review.highlighted])));
        }
        if refuse {
            commands.push(reject_command(project, std::slice::from_ref(listed[view.review.highlighted])));
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
                let entity = project.entities.get(&s.entity);
                let source_title = project.sources.get(&s.source).map_or("?", |x| x.title.as_str());
                let selected = index == view.review.highlighted;
                let frame = egui::Frame::new().inner_margin(4.0).fill(if selected {
                    ui.visuals().selection.bg_fill.gamma_multiply(0.35)
                } else {
                    egui::Color32::TRANSPARENT
                });
                frame.show(ui, |ui| {
                    ui.set_min_height(row_height - 8.0);
                    ui.horizontal(|ui| {
                        if ui.small_button("✔").on_hover_text("Accept (A)").clicked() {
                            commands.push(accept_command(project, std::slice::from_ref(s)));
                        }
                        if ui.small_button("✖").on_hover_text("Reject (R)").clicked() {
                            commands.push(reject_command(project, std::slice::from_ref(s)));
                        }
                        let mut job = egui::text::LayoutJob::default();
                        let hint = theme::hint_color(ui.visuals());
                        let body = egui::FontId::proportional(13.0);
                        let plain =
                            egui::TextFormat { font_id: body.clone(), color: hint, ..Default::default() };
                        let strong = egui::TextFormat {
                            font_id: body,
                            color: ui.visuals().strong_text_color(),
                            background: entity.map_or(egui::Color32::TRANSPARENT, |e| {
                                theme::mention_fill(e.kind, ui.visuals())
                            }),
                            ..Default::default()
                        };
                        job.append(&format!("…{}", s.anchor.prefix.replace('\n', " ")), 0.0, plain.clone());
                        job.append(&s.anchor.exact, 0.0, strong);
                        job.append(&format!("{}…", s.anchor.suffix.replace('\n', " ")), 0.0, plain);
                        job.wrap.max_rows = 1;
                        let name = entity
                            .map_or_else(String::new, |e| format!("{} {}", theme::kind_icon(e.kind), e.name));
                        ui.vertical(|ui| {
                            let context =
                                ui.add(egui::Label::new(job).sense(egui::Sense::click()).truncate());
                            ui.label(egui::RichText::new(format!("{name} · {source_title}")).small());
                            if context.clicked() {
                                view.review.highlighted = index;
                                open = Some((s.source.clone(), s.anchor.start..s.anchor.end));
                            }
                        });
                    });
                });
            }
        },
    );
    if let Some((source, range)) = open {
        view.show_in_reader(&source, range);
    }
}

/// Copies of `listed`, for an edit that takes them all.
fn owned(listed: &[&Suggestion]) -> Vec<Suggestion> {
    listed.iter().map(|s| (*s).clone()).collect()
}
