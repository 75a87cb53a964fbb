//! The app's dialogs over the workbench: path prompts, the export form, "unsaved
//! changes", "delete sources" and the import summary. Each is a [`Modal`]; drawing one
//! returns the commands it produced and whether it stays open, so dialogs, like panels,
//! never change the app or the project themselves.

use std::path::Path;

use egui::Key;

use super::actions::Action;
use super::command::Command;
use super::dialogs::{PathPrompt, Purpose};
use super::export_dialog::ExportDialog;
use super::palette::{Palette, shortcuts_sheet_ui};
use super::settings::SettingsDialog;
use crate::model::{Project, SourceId};

/// One dialog on screen.
pub enum Modal {
    /// Asks for a path (open, new, save as, import, unpack), with a Browse… button.
    Prompt(PathPrompt),
    /// File ▸ Export….
    Export(ExportDialog),
    /// A command that would lose unsaved changes, waiting for Save / Discard / Cancel.
    UnsavedChanges(Command),
    /// Sources waiting for the user to confirm their deletion.
    DeleteSources(Vec<SourceId>),
    /// What the last import could not do: a summary and one line per problem.
    ImportProblems {
        /// The one-line summary.
        summary: String,
        /// The problems, one line each.
        problems: Vec<String>,
    },
    /// The command palette (Ctrl+K).
    Palette(Palette),
    /// Help ▸ Keyboard shortcuts.
    Shortcuts,
    /// Edit ▸ Settings….
    Settings(SettingsDialog),
    /// Something failed that the user can do something about.
    Problem(Problem),
}

/// A failure the user can act on: what went wrong, and the ways on offer (Try again,
/// Save as…, Open another project…), each a command. Close is always there. Failures
/// with nothing to offer stay toasts.
#[derive(Debug)]
pub struct Problem {
    /// The dialog's heading ("Could not save").
    pub title: String,
    /// What went wrong, naming the file; may hold several lines.
    pub message: String,
    /// The buttons before Close: their text and what they run.
    pub actions: Vec<(String, Command)>,
}

impl Modal {
    /// Whether `self` and `other` are the same kind of dialog, so the newer replaces the
    /// older instead of opening a second one.
    fn same_kind(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// What drawing a dialog gave.
#[derive(Default)]
struct ModalOutcome {
    /// Commands to run at the end of the frame.
    commands: Vec<Command>,
    /// The dialog, if it stays open.
    keep: Option<Modal>,
    /// Whether to open the system file dialog for this purpose.
    browse: Option<Purpose>,
}

impl ModalOutcome {
    fn closed_with(command: Command) -> Self {
        Self { commands: vec![command], ..Self::default() }
    }

    fn kept(modal: Modal) -> Self {
        Self { keep: Some(modal), ..Self::default() }
    }
}

/// The dialogs on screen, drawn in the order they were opened; at most one of each kind.
#[derive(Default)]
pub struct Modals {
    open: Vec<Modal>,
}

/// What the dialogs may read of the app.
pub struct ModalContext<'a> {
    /// The open project, if any.
    pub project: Option<&'a Project>,
    /// The folder exports start in.
    pub dir: &'a Path,
    /// Whether the system file dialog is already open.
    pub browsing: bool,
    /// The actions run from the palette lately, most recent first.
    pub recent_actions: &'a [Action],
}

impl Modals {
    /// Opens `modal`, replacing an open dialog of the same kind.
    pub fn show(&mut self, modal: Modal) {
        self.open.retain(|open| !open.same_kind(&modal));
        self.open.push(modal);
    }

    /// Closes every dialog (the project they were about is gone).
    pub fn close_all(&mut self) {
        self.open.clear();
    }

    /// Draws every dialog. Returns the commands they produced and the purposes for which
    /// they asked for the system file dialog.
    pub fn ui(&mut self, ctx: &egui::Context, app: &ModalContext<'_>) -> (Vec<Command>, Vec<Purpose>) {
        let mut commands = Vec::new();
        let mut browse = Vec::new();
        for modal in std::mem::take(&mut self.open) {
            let outcome = modal_ui(ctx, modal, app);
            commands.extend(outcome.commands);
            browse.extend(outcome.browse);
            self.open.extend(outcome.keep);
        }
        (commands, browse)
    }
}

fn modal_ui(ctx: &egui::Context, modal: Modal, app: &ModalContext<'_>) -> ModalOutcome {
    match modal {
        Modal::Prompt(mut prompt) => {
            let (command, open, browse) = prompt.ui(ctx, app.browsing);
            let purpose = prompt.purpose;
            ModalOutcome {
                commands: command.into_iter().collect(),
                keep: open.then_some(Modal::Prompt(prompt)),
                browse: browse.then_some(purpose),
            }
        }
        Modal::Export(mut dialog) => {
            let Some(project) = app.project else {
                return ModalOutcome::default();
            };
            let (command, open) = dialog.ui(ctx, project, app.dir);
            ModalOutcome {
                commands: command.into_iter().collect(),
                keep: open.then_some(Modal::Export(dialog)),
                browse: None,
            }
        }
        Modal::UnsavedChanges(pending) => {
            let title = app.project.map_or("", |p| p.meta.title.as_str());
            unsaved_changes_ui(ctx, pending, title)
        }
        Modal::DeleteSources(ids) => match app.project {
            Some(project) => delete_sources_ui(ctx, project, ids),
            None => ModalOutcome::default(),
        },
        Modal::ImportProblems { summary, problems } => import_problems_ui(ctx, summary, problems),
        Modal::Palette(mut palette) => {
            let has_project = app.project.is_some();
            let outcome =
                palette.ui(ctx, app.recent_actions, &|action| has_project || !action.info().needs_project);
            ModalOutcome {
                commands: outcome.run.map(Command::RunAction).into_iter().collect(),
                keep: outcome.open.then_some(Modal::Palette(palette)),
                browse: None,
            }
        }
        Modal::Settings(mut dialog) => {
            let (command, open) = dialog.ui(ctx);
            ModalOutcome {
                commands: command.into_iter().collect(),
                keep: open.then_some(Modal::Settings(dialog)),
                browse: None,
            }
        }
        Modal::Problem(problem) => problem_ui(ctx, problem),
        Modal::Shortcuts => {
            if shortcuts_sheet_ui(ctx) {
                ModalOutcome::kept(Modal::Shortcuts)
            } else {
                ModalOutcome::default()
            }
        }
    }
}

fn problem_ui(ctx: &egui::Context, mut problem: Problem) -> ModalOutcome {
    let mut chosen = None;
    let mut close = false;
    egui::Modal::new(egui::Id::unique("problem")).show(ctx, |ui| {
        ui.set_width(480.0);
        ui.horizontal(|ui| {
            ui.colored_label(super::theme::error_color(), "⛔");
            ui.heading(&problem.title);
        });
        ui.add_space(4.0);
        egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
            ui.add(egui::Label::new(&problem.message).wrap());
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (i, (text, _)) in problem.actions.iter().enumerate() {
                if ui.button(text).clicked() {
                    chosen = Some(i);
                }
            }
            close = ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape));
        });
    });
    match chosen {
        Some(i) => ModalOutcome::closed_with(problem.actions.swap_remove(i).1),
        None if close => ModalOutcome::default(),
        None => ModalOutcome::kept(Modal::Problem(problem)),
    }
}

fn unsaved_changes_ui(ctx: &egui::Context, pending: Command, title: &str) -> ModalOutcome {
    let what = match pending {
        Command::Quit => "quitting",
        Command::Close => "closing it",
        _ => "opening another project",
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
        ui.set_width(380.0);
        ui.heading("Unsaved changes");
        ui.label(format!("Save the changes to “{title}” before {what}?"));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                choice = Some(0);
            }
            if ui.button("Discard").clicked() {
                choice = Some(1);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                choice = Some(2);
            }
        });
    });
    match choice {
        // Save first; the pending command runs once the save has succeeded.
        Some(0) => ModalOutcome::closed_with(Command::SaveThen(Box::new(pending))),
        Some(1) => ModalOutcome::closed_with(Command::Confirmed(Box::new(pending))),
        Some(_) => ModalOutcome::default(),
        None => ModalOutcome::kept(Modal::UnsavedChanges(pending)),
    }
}

fn delete_sources_ui(ctx: &egui::Context, project: &Project, ids: Vec<SourceId>) -> ModalOutcome {
    let doomed: std::collections::HashSet<_> = ids.iter().collect();
    let mentions = project.mentions.values().filter(|m| doomed.contains(&m.source)).count();
    let quotes: usize = project
        .relations
        .values()
        .map(|r| r.evidence.iter().filter(|e| doomed.contains(&e.source)).count())
        .sum();
    let what = match ids.as_slice() {
        [one] => format!("“{}”", project.sources.get(one).map_or(one.as_str(), |s| s.title.as_str())),
        many => format!("{} sources", many.len()),
    };
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("delete_sources")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Delete sources");
        ui.label(format!("Delete {what}?"));
        if mentions + quotes > 0 {
            ui.label(format!(
                "Their {mentions} mentions and the {quotes} evidence quotes taken from them go too."
            ));
        }
        ui.label("Edit ▸ Undo brings everything back.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                choice = Some(true);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                choice = Some(false);
            }
        });
    });
    match choice {
        Some(true) => {
            let edit = crate::edit::Edit::remove_sources_cascade(project, &ids);
            let label = if ids.len() == 1 {
                "Delete source".to_owned()
            } else {
                format!("Delete {} sources", ids.len())
            };
            ModalOutcome::closed_with(Command::edit(edit, label))
        }
        Some(false) => ModalOutcome::default(),
        None => ModalOutcome::kept(Modal::DeleteSources(ids)),
    }
}

fn import_problems_ui(ctx: &egui::Context, summary: String, problems: Vec<String>) -> ModalOutcome {
    let mut open = true;
    let mut close = false;
    egui::Window::new("Import summary")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.strong(&summary);
            ui.add_space(4.0);
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for line in &problems {
                    ui.add(egui::Label::new(line).wrap());
                }
            });
            ui.add_space(6.0);
            close = ui.button("Close").clicked();
        });
    if open && !close {
        ModalOutcome::kept(Modal::ImportProblems { summary, problems })
    } else {
        ModalOutcome::default()
    }
}
