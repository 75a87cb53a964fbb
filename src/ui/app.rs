//! The app: owns the open document and the view, draws the frame, runs the commands.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use egui::{Key, KeyboardShortcut, Modifiers};

use super::autosave;
use super::command::{Command, Selection};
use super::dialogs::{self, PathPrompt, Picked, Purpose};
use super::document::Document;
use super::entity_list;
use super::export_dialog;
use super::import::{self, RunningImport};
use super::map;
use super::start;
use super::task::Task;
use super::tiles::{self, Behavior, Pane};
use super::toasts::{Level, Toasts};
use super::view::View;
use super::watch;
use super::workspace::{self, Workspace};
use crate::analysis::SearchIndex;
use crate::model::Project;
use crate::store::{self, LoadErrors, SaveOutcome};

/// The application's name, also the window title with no project open.
pub const APP_NAME: &str = "Dossier";

const RECENT_KEY: &str = "dossier.recent";
const MAX_RECENT: usize = 10;
/// At most this many load errors are listed in one message; the rest are counted.
const MAX_ERRORS_SHOWN: usize = 5;

const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);
const REDO_ALT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
const PRESENT_HERE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F5);

type OpenResult = (PathBuf, Result<Project, LoadErrors>);
type SaveResult = (PathBuf, u64, Result<SaveOutcome, String>);

/// The Dossier desktop app.
pub struct DossierApp {
    doc: Option<Document>,
    view: View,
    tree: egui_tiles::Tree<Pane>,
    commands: Vec<Command>,
    toasts: Toasts,
    recent: Vec<PathBuf>,
    samples: Vec<PathBuf>,
    start_open_path: String,
    prompt: Option<PathPrompt>,
    /// A command that would lose unsaved changes, waiting for Save / Discard / Cancel.
    confirm: Option<Command>,
    /// Sources waiting for the user to confirm their deletion.
    pending_delete: Option<Vec<crate::model::SourceId>>,
    /// A command to run once the save under way has succeeded.
    after_save: Option<Command>,
    opening: Option<Task<OpenResult>>,
    saving: Option<Task<SaveResult>>,
    browsing: Option<Task<Picked>>,
    window_title: String,
    /// Set once the user agreed to quit, so the close request goes through.
    allow_close: bool,
    fonts_installed: bool,
    /// Counts projects opened, so a revision of one is never taken for another's.
    load_count: u64,
    /// The search index of the open project, once built, and its generation.
    search_index: Option<SearchIndex>,
    search_generation: u64,
    indexing: Option<Task<(u64, SearchIndex)>>,
    /// An entity list being read.
    listing: Option<Task<(PathBuf, entity_list::ListResult)>>,
    /// A bundle being written or unpacked: the bundle, how it went, and the folder to open.
    bundling: Option<Task<BundleDone>>,
    /// Autosave of unsaved work, and the offer to restore it after a crash.
    autosave: autosave::Autosave,
    /// Notices changes to the project's files by other programs.
    watch: watch::Watch,
    importing: Option<RunningImport>,
    /// What the last import could not do, shown until dismissed.
    import_problems: Option<(String, Vec<String>)>,
    /// Whether the window was last asked to be full screen (it is while presenting).
    fullscreen: bool,
    /// The File ▸ Export… form, while it is open.
    export_dialog: Option<export_dialog::ExportDialog>,
    /// An export being written: its outcome in one line.
    exporting: Option<Task<Result<String, String>>>,
}

/// A finished bundle job: the bundle file, how it went, and the folder to open after an
/// unpack.
type BundleDone = (PathBuf, Result<(), String>, Option<PathBuf>);

impl Default for DossierApp {
    fn default() -> Self {
        Self {
            doc: None,
            view: View::default(),
            tree: tiles::default_tree(),
            commands: Vec::new(),
            toasts: Toasts::default(),
            recent: Vec::new(),
            samples: sample_projects(),
            start_open_path: String::new(),
            prompt: None,
            confirm: None,
            after_save: None,
            pending_delete: None,
            opening: None,
            saving: None,
            browsing: None,
            window_title: String::new(),
            allow_close: false,
            fonts_installed: false,
            load_count: 0,
            search_index: None,
            search_generation: 0,
            indexing: None,
            listing: None,
            autosave: autosave::Autosave::default(),
            bundling: None,
            watch: watch::Watch::default(),
            importing: None,
            import_problems: None,
            fullscreen: false,
            export_dialog: None,
            exporting: None,
        }
    }
}

/// The folder with the sample projects: `projects/` here, else the one in the source tree.
fn samples_dir() -> PathBuf {
    let local = PathBuf::from("projects");
    if local.is_dir() { local } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("projects") }
}

fn sample_projects() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(samples_dir()) else {
        return Vec::new();
    };
    let mut samples: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(store::PROJECT_FILE).is_file())
        .collect();
    samples.sort();
    samples
}

impl DossierApp {
    /// The app with no project open (the start screen).
    pub fn new() -> Self {
        Self::default()
    }

    /// The app with `project`, loaded from `path`, open.
    pub fn with_project(path: PathBuf, project: Project) -> Self {
        let mut app = Self::default();
        app.install(None, path, project);
        app
    }

    /// The app as eframe creates it: restores the recent list and opens `path`, else the
    /// last project, else the sample.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let mut app = Self::default();
        if let Some(storage) = cc.storage {
            app.recent = eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
        }
        let path = path
            .or_else(|| app.recent.first().filter(|p| p.join(store::PROJECT_FILE).is_file()).cloned())
            .or_else(|| app.samples.iter().find(|p| p.ends_with("syria-2024")).cloned())
            .or_else(|| app.samples.first().cloned());
        if let Some(path) = path {
            app.start_opening(&cc.egui_ctx, path);
        }
        app
    }

    /// The open project, if any.
    pub fn project(&self) -> Option<&Project> {
        self.doc.as_ref().map(|d| &d.project)
    }

    /// The open project's folder, if any.
    pub fn project_path(&self) -> Option<&Path> {
        self.doc.as_ref().map(|d| d.path.as_path())
    }

    /// Whether the open project has unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(Document::is_dirty)
    }

    /// Selection and panel state.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The messages on screen now.
    pub fn toast_texts(&self) -> Vec<String> {
        self.toasts.texts().map(str::to_owned).collect()
    }

    /// The window title for the current state.
    pub fn title(&self) -> String {
        match &self.doc {
            Some(doc) => {
                let dirty = if doc.is_dirty() { " •" } else { "" };
                format!("{APP_NAME} — {}{dirty}", doc.project.meta.title)
            }
            None => APP_NAME.to_owned(),
        }
    }

    /// Whether a background job (open, save, file dialog) is under way.
    pub fn is_busy(&self) -> bool {
        self.opening.is_some()
            || self.saving.is_some()
            || self.browsing.is_some()
            || self.importing.is_some()
            || self.indexing.is_some()
            || self.view.review.is_scanning()
            || self.listing.is_some()
            || self.autosave.is_busy()
            || self.bundling.is_some()
            || self.exporting.is_some()
            || self.watch.is_busy()
    }

    /// Queues a command as if a panel had pushed it.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws one frame and runs the commands it produced.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            super::theme::install_fonts(&ctx);
            self.fonts_installed = true;
        }
        self.poll_tasks(&ctx);
        if let Some(doc) = &self.doc {
            let revision = (self.load_count << 40) ^ doc.history.marker();
            self.autosave.tick(&ctx, &doc.path, &doc.project, revision, doc.is_dirty());
            self.watch.tick(&ctx, &doc.path, self.saving.is_some());
        }
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        self.close_request(&ctx);

        let presenting = self.doc.is_some() && self.view.map.presenting.is_some();
        if presenting != self.fullscreen {
            self.fullscreen = presenting;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(presenting));
        }
        if presenting {
            self.presentation_ui(ui);
        } else {
            self.workbench_ui(ui);
        }

        if let Some(running) = &self.importing {
            import::progress_ui(&ctx, running);
        }
        self.import_problems_ui(&ctx);
        self.prompt_ui(&ctx);
        self.export_dialog_ui(&ctx);
        self.confirm_ui(&ctx);
        self.delete_ui(&ctx);
        self.toasts.ui(&ctx);
        self.recovery_ui(&ctx);
        if self.watch.changed
            && let Some(doc) = &self.doc
            && let Some(reload) = watch::offer_ui(&ctx, doc.is_dirty())
        {
            if reload {
                self.watch.reload(&ctx, doc.path.clone());
            } else {
                self.watch.changed = false;
            }
        }

        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // Commands run after the panels drew: draw again so that what they changed shows.
            ctx.request_repaint();
        }
        for command in commands {
            self.run(&ctx, command, false);
        }
        self.update_search_index();

        let title = self.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// The menu bar, the status bar and the panels (or the start page).
    fn workbench_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_bar_ui(ui));
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        egui::CentralPanel::default().frame(egui::Frame::new()).show(ui, |ui| match &self.doc {
            Some(doc) => {
                let revision = (self.load_count << 40) ^ doc.history.marker();
                let mut behavior = Behavior {
                    project: &doc.project,
                    view: &mut self.view,
                    commands: &mut self.commands,
                    revision,
                    search_index: self.search_index.as_ref().map(|index| (index, self.search_generation)),
                };
                self.tree.ui(&mut behavior, ui);
            }
            None => {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    start::start_ui(
                        ui,
                        &self.recent,
                        &self.samples,
                        &mut self.start_open_path,
                        &mut self.commands,
                    );
                });
            }
        });
    }

    /// The map being presented, alone on the screen.
    fn presentation_ui(&mut self, ui: &mut egui::Ui) {
        let (Some(doc), Some(presenting)) = (&self.doc, &mut self.view.map.presenting) else {
            return;
        };
        let revision = (self.load_count << 40) ^ doc.history.marker();
        let action = egui::CentralPanel::default()
            .frame(egui::Frame::new())
            .show(ui, |ui| map::present::present_ui(ui, &doc.project, revision, presenting))
            .inner;
        if action == map::present::PresentAction::Stop {
            self.commands.push(Command::StopPresenting);
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        let has_doc = self.doc.is_some();
        let shortcut = |s: &KeyboardShortcut| ui.ctx().format_shortcut(s);
        let (new, open, save, save_as, quit, undo, redo) = (
            shortcut(&NEW),
            shortcut(&OPEN),
            shortcut(&SAVE),
            shortcut(&SAVE_AS),
            shortcut(&QUIT),
            shortcut(&UNDO),
            shortcut(&REDO),
        );
        ui.menu_button("File", |ui| {
            if ui.add(egui::Button::new("New project…").shortcut_text(new)).clicked() {
                self.commands.push(Command::PromptNew);
            }
            if ui.add(egui::Button::new("Open project…").shortcut_text(open)).clicked() {
                self.commands.push(Command::BrowseOpen);
            }
            if ui.button("Open by path…").clicked() {
                self.commands.push(Command::PromptOpen);
            }
            ui.menu_button("Open recent", |ui| {
                if self.recent.is_empty() {
                    ui.label("No recent projects");
                }
                for path in &self.recent {
                    if ui
                        .button(start::display_name(path))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        self.commands.push(Command::Open(path.clone()));
                    }
                }
            });
            ui.separator();
            if ui.add_enabled(has_doc, egui::Button::new("Import sources…")).clicked() {
                self.commands.push(Command::BrowseImportFiles);
            }
            if ui.add_enabled(has_doc, egui::Button::new("Import folder…")).clicked() {
                self.commands.push(Command::BrowseImportFolder);
            }
            if ui
                .add_enabled(has_doc, egui::Button::new("Export bundle…"))
                .on_hover_text("The whole project, texts included, as one .dossier file to send")
                .clicked()
            {
                self.commands.push(Command::BrowseExportBundle);
            }
            if ui
                .add_enabled(has_doc, egui::Button::new("Export…"))
                .on_hover_text(
                    "A map or slide as PNG or SVG, its graph for Gephi, yEd or Cytoscape, or the annotations",
                )
                .clicked()
            {
                self.commands.push(Command::PromptExport);
            }
            if ui
                .add_enabled(has_doc, egui::Button::new("Import entity list…"))
                .on_hover_text("A CSV with the columns name, kind, aliases (separated by ;) and notes")
                .clicked()
            {
                self.commands.push(Command::BrowseEntityList);
            }
            ui.separator();
            if ui.add_enabled(has_doc, egui::Button::new("Save").shortcut_text(save)).clicked() {
                self.commands.push(Command::Save);
            }
            if ui.add_enabled(has_doc, egui::Button::new("Save as…").shortcut_text(save_as)).clicked() {
                self.commands.push(Command::PromptSaveAs);
            }
            if ui.add_enabled(has_doc, egui::Button::new("Close")).clicked() {
                self.commands.push(Command::Close);
            }
            ui.separator();
            if ui.add(egui::Button::new("Quit").shortcut_text(quit)).clicked() {
                self.commands.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let history = self.doc.as_ref().map(|d| &d.history);
            let undo_label =
                history.and_then(|h| h.undo_label()).map_or("Undo".to_owned(), |l| format!("Undo {l}"));
            let redo_label =
                history.and_then(|h| h.redo_label()).map_or("Redo".to_owned(), |l| format!("Redo {l}"));
            let can_undo = history.is_some_and(|h| h.undo_label().is_some());
            let can_redo = history.is_some_and(|h| h.redo_label().is_some());
            if ui.add_enabled(can_undo, egui::Button::new(undo_label).shortcut_text(undo)).clicked() {
                self.commands.push(Command::Undo);
            }
            if ui.add_enabled(can_redo, egui::Button::new(redo_label).shortcut_text(redo)).clicked() {
                self.commands.push(Command::Redo);
            }
        });
        ui.menu_button("View", |ui| {
            if ui.button("Reset panel layout").clicked() {
                self.tree = tiles::default_tree();
            }
            if ui
                .button("Reader beside map")
                .on_hover_text("Show the reader and the map side by side: drag a quote from the text onto a relation to cite it")
                .clicked()
            {
                self.tree = tiles::reader_beside_map_tree();
            }
        });
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.doc {
                Some(doc) => {
                    ui.label(doc.path.display().to_string());
                    ui.separator();
                    let p = &doc.project;
                    ui.label(format!(
                        "{} sources · {} entities · {} mentions · {} relations · {} maps",
                        p.sources.len(),
                        p.entities.len(),
                        p.mentions.len(),
                        p.relations.len(),
                        p.maps.len()
                    ));
                    if doc.is_dirty() {
                        ui.separator();
                        ui.label("● not saved")
                            .on_hover_text("The project has changes that are not saved yet (Ctrl+S saves)");
                    }
                }
                None => {
                    ui.label("No project open");
                }
            }
            let busy = [
                self.opening.as_ref().map(|t| &t.label),
                self.saving.as_ref().map(|t| &t.label),
                self.browsing.as_ref().map(|t| &t.label),
            ];
            if let Some(label) = busy.into_iter().flatten().next() {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.label(label);
                    ui.spinner();
                });
            }
        });
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        ctx.input_mut(|input| {
            // The more specific shortcuts first: Ctrl+Shift+S also matches Ctrl+S.
            let table: [(&KeyboardShortcut, Command); 11] = [
                (&SAVE_AS, Command::PromptSaveAs),
                (&SAVE, Command::Save),
                (&REDO, Command::Redo),
                (&REDO_ALT, Command::Redo),
                (&UNDO, Command::Undo),
                (&SEARCH, Command::FocusSearch),
                (&NEW, Command::PromptNew),
                (&OPEN, Command::BrowseOpen),
                (&QUIT, Command::Quit),
                (&PRESENT_HERE, Command::Present { slide: self.view.map.current_slide.unwrap_or(0) }),
                (&PRESENT, Command::Present { slide: 0 }),
            ];
            let presenting = self.view.map.presenting.is_some();
            for (shortcut, command) in table {
                if presenting && matches!(command, Command::Present { .. }) {
                    continue;
                }
                if input.consume_shortcut(shortcut) {
                    self.commands.push(command);
                }
            }
        });
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> =
            ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        if dropped.is_empty() {
            return;
        }
        // A project folder (or its project.ron) opens; anything else is imported.
        let project_folder = |path: &Path| {
            let folder = if path.file_name().is_some_and(|n| n == store::PROJECT_FILE) {
                path.parent()?
            } else {
                path
            };
            folder.join(store::PROJECT_FILE).is_file().then(|| folder.to_path_buf())
        };
        if let [one] = dropped.as_slice()
            && let Some(folder) = project_folder(one)
        {
            self.commands.push(Command::Open(folder));
        } else if let [one] = dropped.as_slice()
            && one.extension().is_some_and(|e| e == "dossier")
        {
            self.commands.push(Command::Open(one.clone()));
        } else if self.doc.is_some() {
            self.commands.push(Command::Import(dropped));
        } else {
            self.toasts.push(
                ctx,
                Level::Warning,
                "Drop a project folder to open it, or open a project first and drop documents to import them",
            );
        }
    }

    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(Command::Quit);
            } else {
                self.save_workspace();
            }
        }
    }

    fn poll_tasks(&mut self, ctx: &egui::Context) {
        if let Some(doc) = &self.doc
            && let Some(reloaded) = self.watch.poll_reload(&doc.saved, &doc.project)
        {
            match reloaded {
                watch::Reloaded::Project { disk, unsaved, conflicts } => {
                    let path = doc.path.clone();
                    self.install(Some(ctx), path, *disk);
                    // The unsaved work comes along in memory: an autosave of it from before
                    // the reload is not offered back (the next autosave replaces it).
                    self.autosave.needs_check = false;
                    if let (Some(doc), crate::edit::Edit::Batch(edits)) = (&mut self.doc, &unsaved)
                        && !edits.is_empty()
                    {
                        let now = ctx.input(|i| i.time);
                        if let Err(error) =
                            doc.history.apply(&mut doc.project, unsaved, "Keep unsaved changes", None, now)
                        {
                            self.toasts.push(
                                ctx,
                                Level::Error,
                                format!("Your unsaved changes could not be kept: {error}"),
                            );
                        }
                    }
                    if conflicts == 0 {
                        self.toasts.push(ctx, Level::Info, "Reloaded the project from disk");
                    } else {
                        // The Inspector lists the conflicts when nothing is selected.
                        self.view.selection = Selection::None;
                        self.tree
                            .make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(Pane::Inspector)));
                        let text = if conflicts == 1 {
                            "Reloaded the project from disk; 1 conflict with your unsaved changes is listed in the Inspector".to_owned()
                        } else {
                            format!(
                                "Reloaded the project from disk; {conflicts} conflicts with your unsaved changes are listed in the Inspector"
                            )
                        };
                        self.toasts.push(ctx, Level::Warning, text);
                    }
                }
                watch::Reloaded::Failed(message) => self.toasts.push(ctx, Level::Error, message),
            }
        }
        if let Some(result) = self.bundling.as_ref().and_then(Task::poll) {
            self.bundling = None;
            match result {
                Ok((bundle, Ok(()), None)) => {
                    self.toasts.push(ctx, Level::Info, format!("Wrote the bundle {}", bundle.display()));
                }
                Ok((_, Ok(()), Some(dir))) => self.commands.push(Command::Open(dir)),
                Ok((_, Err(message), _)) => self.toasts.push(ctx, Level::Error, message),
                Err(()) => self.toasts.push(ctx, Level::Error, "The bundle failed unexpectedly"),
            }
        }
        if let Some(result) = self.exporting.as_ref().and_then(Task::poll) {
            self.exporting = None;
            match result {
                Ok(Ok(message)) => self.toasts.push(ctx, Level::Info, message),
                Ok(Err(message)) => self.toasts.push(ctx, Level::Error, format!("Export failed: {message}")),
                Err(()) => self.toasts.push(ctx, Level::Error, "The export failed unexpectedly"),
            }
        }
        if let Some(result) = self.listing.as_ref().and_then(Task::poll) {
            self.listing = None;
            self.finish_entity_list(ctx, result);
        }
        if let Some(doc) = &self.doc {
            if let Some(message) = self.view.review.poll(&doc.project) {
                self.toasts.push(ctx, Level::Info, message);
            }
            let revision = (self.load_count << 40) ^ doc.history.marker();
            self.view.review.prune(&doc.project, revision);
        }
        if let Some(result) = self.opening.as_ref().and_then(Task::poll) {
            self.opening = None;
            match result {
                Ok((path, Ok(project))) => {
                    self.save_workspace();
                    self.install(Some(ctx), path, project);
                }
                Ok((path, Err(errors))) => {
                    self.toasts.push(ctx, Level::Error, describe_load_errors(&path, &errors));
                }
                Err(()) => self.toasts.push(ctx, Level::Error, "Opening the project failed unexpectedly"),
            }
        }
        if let Some(result) = self.saving.as_ref().and_then(Task::poll) {
            self.saving = None;
            match result {
                Ok((path, marker, Ok(outcome))) => {
                    if let Some(doc) = &mut self.doc {
                        doc.history.mark_saved_at(marker);
                        doc.path.clone_from(&path);
                        if doc.history.marker() == marker {
                            doc.saved = doc.project.clone();
                        }
                    }
                    self.watch.reset();
                    self.autosave.saved(ctx, path.clone());
                    self.remember_recent(&path);
                    self.save_workspace();
                    let text = match outcome {
                        SaveOutcome::Unchanged => format!("{} is up to date", path.display()),
                        SaveOutcome::Wrote(_) => format!("Saved {}", path.display()),
                    };
                    self.toasts.push(ctx, Level::Info, text);
                    if let Some(command) = self.after_save.take() {
                        self.run(ctx, command, true);
                    }
                }
                Ok((_, _, Err(message))) => {
                    self.after_save = None;
                    self.toasts.push(ctx, Level::Error, message);
                }
                Err(()) => {
                    self.after_save = None;
                    self.toasts.push(
                        ctx,
                        Level::Error,
                        "Saving failed unexpectedly; the project on disk is unchanged",
                    );
                }
            }
        }
        if let Some(result) = self.importing.as_ref().and_then(|running| running.task.poll()) {
            self.importing = None;
            match result {
                Ok(report) => self.finish_import(ctx, &report),
                Err(()) => {
                    self.toasts.push(ctx, Level::Error, "The import failed unexpectedly; nothing was added");
                }
            }
        }
        if let Some(result) = self.indexing.as_ref().and_then(Task::poll) {
            self.indexing = None;
            // An index of a project that has since been closed is of no use.
            if let Ok((load, index)) = result
                && load == self.load_count
            {
                self.search_index = Some(index);
                self.search_generation += 1;
            }
        }
        if let Some(result) = self.browsing.as_ref().and_then(Task::poll) {
            self.browsing = None;
            if let Ok(picked) = result {
                let (command, prompt) = PathPrompt::from_picked(picked, &self.last_dir());
                if let Some(command) = command {
                    self.commands.push(command);
                }
                if prompt.is_some() {
                    self.prompt = prompt;
                }
            }
        }
    }

    /// Adds an imported entity list (one undo step), says how it went, and looks for the
    /// entities in every source.
    fn finish_entity_list(
        &mut self,
        ctx: &egui::Context,
        result: Result<(PathBuf, entity_list::ListResult), ()>,
    ) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        match result {
            Ok((path, Ok((edit, report)))) => {
                let now = ctx.input(|i| i.time);
                if let Err(error) = doc.history.apply(&mut doc.project, edit, "Import entity list", None, now)
                {
                    self.toasts.push(
                        ctx,
                        Level::Error,
                        format!("The entity list could not be added: {error}"),
                    );
                    return;
                }
                let (text, rows) = entity_list::summary(&path, &report);
                if rows.is_empty() {
                    self.toasts.push(ctx, Level::Info, text);
                } else {
                    for row in &rows {
                        log::warn!("{row}");
                    }
                    let shown: Vec<&str> = rows.iter().take(5).map(String::as_str).collect();
                    let more = if rows.len() > 5 {
                        format!("\n… and {} more", rows.len() - 5)
                    } else {
                        String::new()
                    };
                    self.toasts.push(ctx, Level::Warning, format!("{text}\n{}{more}", shown.join("\n")));
                }
                self.commands.push(Command::FindMentions(None));
            }
            Ok((_, Err(message))) => self.toasts.push(ctx, Level::Error, message),
            Err(()) => self.toasts.push(ctx, Level::Error, "Importing the entity list failed unexpectedly"),
        }
    }

    /// Adds what an import made to the project (one undo step) and says how it went.
    fn finish_import(&mut self, ctx: &egui::Context, report: &crate::ingest::ImportReport) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        if !report.imported.is_empty() {
            let label = match report.imported.len() {
                1 => "Import 1 source".to_owned(),
                n => format!("Import {n} sources"),
            };
            let now = ctx.input(|i| i.time);
            if let Err(error) = doc.history.apply(&mut doc.project, report.edit(), label, None, now) {
                self.toasts.push(
                    ctx,
                    Level::Error,
                    format!("The imported sources could not be added: {error}"),
                );
                return;
            }
            if let Some(first) = report.sources().next() {
                select(&mut self.view, Selection::Source(first.id.clone()), &doc.project);
            }
        }
        let summary = import::summary(report);
        let problems = import::details(report, &doc.project);
        if problems.is_empty() {
            self.toasts.push(ctx, Level::Info, summary);
        } else {
            self.toasts.push(ctx, Level::Warning, summary.clone());
            self.import_problems = Some((summary, problems));
        }
    }

    fn import_problems_ui(&mut self, ctx: &egui::Context) {
        let Some((summary, problems)) = &self.import_problems else {
            return;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Import summary")
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                ui.strong(summary);
                ui.add_space(4.0);
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    for line in problems {
                        ui.add(egui::Label::new(line).wrap());
                    }
                });
                ui.add_space(6.0);
                close = ui.button("Close").clicked();
            });
        if !open || close {
            self.import_problems = None;
        }
    }

    /// Brings the search index up to date with the sources that edits, undos and redos
    /// changed since the last frame.
    fn update_search_index(&mut self) {
        let (Some(doc), Some(index)) = (&mut self.doc, &mut self.search_index) else {
            return;
        };
        let touched = doc.history.take_touched_sources();
        if touched.is_empty() {
            return;
        }
        for id in touched {
            match doc.project.sources.get(&id) {
                Some(source) => index.add_source(source),
                None => index.remove_source(&id),
            }
        }
        self.search_generation += 1;
    }

    /// Makes `project` the open document and restores its workspace.
    /// Offers to restore an autosave found when the project was opened.
    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let (Some(recovery), Some(doc)) = (&self.autosave.offer, &self.doc) else {
            return;
        };
        match autosave::offer_ui(ctx, recovery) {
            autosave::Answer::Waiting => {}
            autosave::Answer::Restore => {
                let edit = crate::edit::Edit::between(&doc.project, &recovery.project);
                self.commands.push(Command::edit(edit, "Restore autosaved work"));
                self.autosave.offer = None;
            }
            autosave::Answer::Discard => {
                let path = doc.path.clone();
                self.autosave.discard(ctx, path);
                self.autosave.offer = None;
            }
            autosave::Answer::Later => self.autosave.offer = None,
        }
    }

    fn install(&mut self, ctx: Option<&egui::Context>, path: PathBuf, project: Project) {
        self.autosave.reset();
        self.watch.reset();
        let workspace = workspace::load(&path);
        self.view = View::default();
        if let Some(workspace) = workspace {
            self.tree = workspace.tree;
            select(&mut self.view, workspace.selection, &project);
            self.view.map.restore(workspace.map);
        } else {
            // A first visit opens on the first source, with its details in the Inspector.
            self.tree = tiles::default_tree();
            if let Some(first) = project.sources.keys().next() {
                select(&mut self.view, Selection::Source(first.clone()), &project);
            }
        }
        self.remember_recent(&path);
        self.load_count += 1;
        // The index is built off the UI thread; until it is ready the Search panel says so.
        self.search_index = None;
        self.search_generation += 1;
        if let Some(ctx) = ctx {
            let snapshot = project.clone();
            let load = self.load_count;
            self.indexing = Some(Task::spawn(ctx, "Indexing for search…", move || {
                (load, SearchIndex::build(&snapshot))
            }));
        } else {
            self.search_index = Some(SearchIndex::build(&project));
        }
        self.doc = Some(Document::new(path, project));
    }

    fn save_workspace(&self) {
        let Some(doc) = &self.doc else {
            return;
        };
        let workspace = Workspace {
            tree: self.tree.clone(),
            selection: self.view.selection.clone(),
            map: self.view.map.to_workspace(),
        };
        if let Err(error) = workspace::save(&doc.path, &workspace) {
            log::warn!("could not save the workspace of {}: {error:#}", doc.path.display());
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    fn last_dir(&self) -> PathBuf {
        self.doc
            .as_ref()
            .and_then(|d| d.path.parent().map(Path::to_path_buf))
            .or_else(|| self.recent.first().and_then(|p| p.parent().map(Path::to_path_buf)))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn start_opening(&mut self, ctx: &egui::Context, path: PathBuf) {
        let label = format!("Opening {}…", start::display_name(&path));
        self.opening = Some(Task::spawn(ctx, label, move || {
            let result = store::load(&path);
            (path, result)
        }));
    }

    fn start_saving(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(doc) = &self.doc else {
            return;
        };
        if self.saving.is_some() {
            self.toasts.push(ctx, Level::Warning, "A save is already under way");
            return;
        }
        let project = doc.project.clone();
        let marker = doc.history.marker();
        let label = format!("Saving {}…", start::display_name(&path));
        self.saving = Some(Task::spawn(ctx, label, move || {
            let result =
                store::save(&project, &path).map_err(|e| format!("Could not save {}: {e}", path.display()));
            (path, marker, result)
        }));
    }

    /// Runs one command. `confirmed` is set once the user has agreed to lose unsaved
    /// changes (or saved them).
    fn run(&mut self, ctx: &egui::Context, command: Command, confirmed: bool) {
        let loses_changes =
            matches!(command, Command::Open(_) | Command::NewProject { .. } | Command::Close | Command::Quit);
        if loses_changes && !confirmed && self.is_dirty() {
            self.confirm = Some(command);
            return;
        }
        match command {
            Command::Edit { edit, label, coalesce } => {
                let now = ctx.input(|i| i.time);
                if let Some(doc) = &mut self.doc
                    && let Err(error) = doc.history.apply(&mut doc.project, edit, label, coalesce, now)
                {
                    self.toasts.push(ctx, Level::Error, format!("That change was refused: {error}"));
                }
            }
            Command::Notify(text) => self.toasts.push(ctx, Level::Info, text),
            Command::BrowseEntityList => {
                if self.doc.is_some() && self.browsing.is_none() {
                    self.browsing = Some(dialogs::browse(ctx, Purpose::EntityList, &self.last_dir()));
                }
            }
            Command::ImportEntityList(path) => {
                if let Some(doc) = &self.doc
                    && self.listing.is_none()
                {
                    self.listing = Some(entity_list::start(ctx, &doc.project, path));
                }
            }
            Command::FindMentions(entities) => {
                if let Some(doc) = &self.doc {
                    self.view.review.start(ctx, &doc.project, entities);
                    self.tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(Pane::Review)));
                }
            }
            Command::FocusSearch => {
                self.tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(Pane::Search)));
                self.view.search.focus = true;
            }
            Command::ShowMap => {
                self.tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(Pane::Map)));
            }
            Command::Present { slide } => {
                let Some(doc) = &self.doc else {
                    return;
                };
                let state = &mut self.view.map;
                let map = state
                    .active
                    .as_ref()
                    .and_then(|id| doc.project.maps.get(id))
                    .or_else(|| doc.project.maps.values().next());
                match map {
                    Some(map) => state.presenting = Some(map::present::Presenting::new(map, slide)),
                    None => self.toasts.push(
                        ctx,
                        Level::Info,
                        "There is no map to present yet: create one in the Map panel",
                    ),
                }
            }
            Command::PromptExport => {
                if let Some(doc) = &self.doc {
                    let map = &self.view.map;
                    let dir = doc.path.parent().map_or_else(|| doc.path.clone(), Path::to_owned);
                    self.export_dialog = Some(export_dialog::ExportDialog::new(
                        &doc.project,
                        map.active.clone(),
                        map.current_slide,
                        &dir,
                    ));
                }
            }
            Command::Export(job) => {
                if let Some(doc) = &self.doc {
                    let project = doc.project.clone();
                    self.exporting =
                        Some(Task::spawn(ctx, "Exporting…", move || export_dialog::run(&project, &job)));
                }
            }
            Command::StopPresenting => {
                let state = &mut self.view.map;
                if let Some(presenting) = state.presenting.take()
                    && state.active.as_ref() == Some(&presenting.map)
                {
                    // Back in the workbench, the Slides list shows where the talk stopped.
                    state.current_slide = Some(presenting.slide);
                }
            }
            Command::ConfirmDeleteSources(ids) => {
                if !ids.is_empty() {
                    self.pending_delete = Some(ids);
                }
            }
            Command::Undo | Command::Redo => {
                let Some(doc) = &mut self.doc else {
                    return;
                };
                let undo = matches!(command, Command::Undo);
                let result = if undo {
                    doc.history.undo(&mut doc.project)
                } else {
                    doc.history.redo(&mut doc.project)
                };
                if let Err(error) = result {
                    self.toasts.push(
                        ctx,
                        Level::Error,
                        format!("Could not {}: {error}", if undo { "undo" } else { "redo" }),
                    );
                }
            }
            Command::Select(selection) => {
                if let Some(doc) = &self.doc {
                    select(&mut self.view, selection, &doc.project);
                }
            }
            Command::NewProject { path, title } => match store::create(&path, &title) {
                Ok(project) => {
                    self.save_workspace();
                    self.install(Some(ctx), path, project);
                }
                Err(error) => {
                    self.toasts.push(ctx, Level::Error, format!("Could not create the project: {error}"));
                }
            },
            Command::Open(path) if path.extension().is_some_and(|e| e == "dossier") && path.is_file() => {
                // A bundle: ask where to unpack it, next to it by default.
                let mut prompt = PathPrompt::new(Purpose::Unbundle, path.parent().unwrap_or(Path::new(".")));
                let stem =
                    path.file_stem().map_or_else(|| "project".into(), |s| s.to_string_lossy().into_owned());
                prompt.path = path.with_file_name(stem).display().to_string();
                prompt.bundle = Some(path);
                self.prompt = Some(prompt);
            }
            Command::Open(path) => {
                if self.project_path() == Some(path.as_path()) {
                    return;
                }
                self.start_opening(ctx, path);
            }
            Command::BrowseExportBundle => {
                if self.doc.is_some() && self.browsing.is_none() {
                    self.browsing = Some(dialogs::browse(ctx, Purpose::ExportBundle, &self.last_dir()));
                }
            }
            Command::ExportBundle(path) => {
                if let Some(doc) = &self.doc {
                    let project = doc.project.clone();
                    self.bundling = Some(Task::spawn(ctx, "Writing the bundle…", move || {
                        let result = crate::store::bundle::write_bundle(&project, &path);
                        (path, result.map_err(|e| e.to_string()), None)
                    }));
                }
            }
            Command::Unbundle { bundle, dir } => {
                self.bundling = Some(Task::spawn(ctx, "Unpacking the bundle…", move || {
                    let result = crate::store::bundle::read_bundle(&bundle, &dir).map(|_| ());
                    (bundle, result.map_err(|e| e.to_string()), Some(dir))
                }));
            }
            Command::BrowseImportFiles | Command::BrowseImportFolder => {
                if self.doc.is_some() && self.browsing.is_none() {
                    let purpose = if matches!(command, Command::BrowseImportFiles) {
                        Purpose::ImportFiles
                    } else {
                        Purpose::ImportFolder
                    };
                    self.browsing = Some(dialogs::browse(ctx, purpose, &self.last_dir()));
                }
            }
            Command::Import(paths) => {
                let Some(doc) = &self.doc else {
                    self.toasts.push(
                        ctx,
                        Level::Warning,
                        "Open or create a project first, then import sources into it",
                    );
                    return;
                };
                if self.importing.is_some() {
                    self.toasts.push(ctx, Level::Warning, "An import is already under way");
                    return;
                }
                self.importing = Some(import::start(ctx, &doc.project, paths));
            }
            Command::BrowseOpen | Command::PromptOpen | Command::PromptNew | Command::PromptSaveAs => {
                let purpose = match command {
                    Command::PromptNew => Purpose::New,
                    Command::PromptSaveAs => Purpose::SaveAs,
                    _ => Purpose::Open,
                };
                if purpose == Purpose::SaveAs && self.doc.is_none() {
                    return;
                }
                if matches!(command, Command::BrowseOpen) {
                    if self.browsing.is_none() {
                        self.browsing = Some(dialogs::browse(ctx, Purpose::Open, &self.last_dir()));
                    }
                } else {
                    self.prompt = Some(PathPrompt::new(purpose, &self.last_dir()));
                }
            }
            Command::Save => {
                if let Some(path) = self.project_path().map(Path::to_path_buf) {
                    self.start_saving(ctx, path);
                }
            }
            Command::SaveAs(path) => {
                let same = self.project_path().is_some_and(|p| same_folder(p, &path));
                if !same && path.join(store::PROJECT_FILE).exists() {
                    self.toasts.push(
                        ctx,
                        Level::Error,
                        format!("{} already holds a project; choose an empty or new folder", path.display()),
                    );
                    return;
                }
                self.start_saving(ctx, path);
            }
            Command::Close => {
                self.save_workspace();
                self.doc = None;
                self.search_index = None;
                self.indexing = None;
                self.view = View::default();
            }
            Command::Quit => {
                self.save_workspace();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        let (Some(dialog), Some(doc)) = (&mut self.export_dialog, &self.doc) else {
            return;
        };
        let dir = doc.path.parent().map_or_else(|| doc.path.clone(), Path::to_owned);
        let (command, open) = dialog.ui(ctx, &doc.project, &dir);
        self.commands.extend(command);
        if !open {
            self.export_dialog = None;
        }
    }

    fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &mut self.prompt else {
            return;
        };
        let (command, keep_open, browse) = prompt.ui(ctx, self.browsing.is_some());
        let purpose = prompt.purpose;
        if let Some(command) = command {
            self.commands.push(command);
        }
        if !keep_open {
            self.prompt = None;
        }
        if browse {
            self.browsing = Some(dialogs::browse(ctx, purpose, &self.last_dir()));
        }
    }

    fn delete_ui(&mut self, ctx: &egui::Context) {
        let (Some(ids), Some(doc)) = (&self.pending_delete, &self.doc) else {
            return;
        };
        let project = &doc.project;
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
                let edit = crate::edit::Edit::remove_sources_cascade(project, ids);
                let label = if ids.len() == 1 {
                    "Delete source".to_owned()
                } else {
                    format!("Delete {} sources", ids.len())
                };
                self.commands.push(Command::edit(edit, label));
                self.pending_delete = None;
            }
            Some(false) => self.pending_delete = None,
            None => {}
        }
    }

    fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.confirm else {
            return;
        };
        let what = match pending {
            Command::Quit => "quitting",
            Command::Close => "closing it",
            _ => "opening another project",
        };
        let title = self.doc.as_ref().map_or_else(String::new, |d| d.project.meta.title.clone());
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
            Some(0) => {
                self.after_save = self.confirm.take();
                self.commands.push(Command::Save);
            }
            Some(1) => {
                if let Some(command) = self.confirm.take() {
                    self.run(ctx, command, true);
                }
            }
            Some(_) => self.confirm = None,
            None => {}
        }
    }
}

/// Selects `selection`; a source also becomes the one shown in the Reader.
fn select(view: &mut View, selection: Selection, project: &Project) {
    if let Selection::Source(id) = &selection
        && project.sources.contains_key(id)
    {
        view.reader_source = Some(id.clone());
    }
    view.selection = selection;
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// One message for a project that failed to load: the folder, then the first few errors.
fn describe_load_errors(path: &Path, errors: &LoadErrors) -> String {
    let mut text = format!("Could not open {}:", path.display());
    for error in errors.0.iter().take(MAX_ERRORS_SHOWN) {
        text.push_str("\n• ");
        text.push_str(&error.to_string());
    }
    if errors.0.len() > MAX_ERRORS_SHOWN {
        let more = errors.0.len() - MAX_ERRORS_SHOWN;
        let _ = write!(text, "\n… and {more} more (run `dossier check` for all)");
    }
    text
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        DossierApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        self.save_workspace();
    }
}
