//! The app: owns the open document and the view, draws the frame, runs the commands.
//!
//! Everything that changes the app or the project is a [`Command`], run in one place: the
//! drain at the end of [`DossierApp::ui`]. Panels and dialogs push commands; background
//! jobs ([`Jobs`]) turn into [`Command::Finished`] when they end; the keyboard shortcuts
//! and the menus come from one table ([`super::actions`]). Applying an edit to the project
//! happens in [`DossierApp::apply_edit`] alone.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::actions::{self, Action, MenuState};
use super::autosave;
use super::command::{Command, PanelLayout, Selection, Zoom};
use super::dialogs::{PathPrompt, Purpose};
use super::document::{Document, Revision};
use super::entity_list;
use super::export_dialog;
use super::import;
use super::jobs::{Finished, Jobs};
use super::map;
use super::modals::{Modal, ModalContext, Modals, Problem};
use super::palette::{self, Palette};
use super::settings::{Settings, SettingsDialog};
use super::start;
use super::task;
use super::tiles::{self, Behavior, Pane};
use super::toasts::{Level, Toasts};
use super::tour::Tour;
use super::view::View;
use super::watch;
use super::workspace::{self, Workspace};
use crate::analysis::{MentionStats, SearchIndex};
use crate::edit::{Edit, EditError};
use crate::model::Project;
use crate::store::{self, LoadErrors, SaveOutcome};

/// The application's name, also the window title with no project open.
pub const APP_NAME: &str = "Dossier";

const RECENT_KEY: &str = "dossier.recent";
const SETTINGS_KEY: &str = "dossier.settings";
const MAX_RECENT: usize = 10;
/// At most this many load errors are listed in one message; the rest are counted.
const MAX_ERRORS_SHOWN: usize = 5;
/// Commands may queue more commands (a finished save runs the command that waited for
/// it); the drain runs that many rounds in one frame at most and leaves the rest for the
/// next, so a loop of commands cannot freeze the window.
const MAX_DRAIN_ROUNDS: usize = 8;

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
    /// The dialogs on screen.
    modals: Modals,
    /// A command to run once the save under way has succeeded.
    after_save: Option<Command>,
    /// Opening, saving, file dialogs, imports, exports, bundles and the search index,
    /// each on its own thread.
    jobs: Jobs,
    window_title: String,
    /// Set once the user agreed to quit, so the close request goes through.
    allow_close: bool,
    fonts_installed: bool,
    /// Counts projects opened, so a revision of one is never taken for another's.
    load_count: u64,
    /// The search index of the open project, once built, and its generation.
    search_index: Option<SearchIndex>,
    search_generation: u64,
    /// Mention counts of the open project (the `load_count`-th), kept up to date from the
    /// mentions each edit changes.
    mention_counts: Option<(u64, MentionStats)>,
    /// Autosave of unsaved work, and the offer to restore it after a crash.
    autosave: autosave::Autosave,
    /// Notices changes to the project's files by other programs.
    watch: watch::Watch,
    /// Whether the window was last asked to be full screen (it is while presenting).
    fullscreen: bool,
    /// The actions last run from the command palette, most recent first.
    recent_actions: Vec<Action>,
    /// The user's settings (theme, interface size, autosave interval), kept in app storage.
    settings: Settings,
    /// The first-launch tour, while it is shown.
    tour: Option<Tour>,
    /// A measured start (`DOSSIER_EXIT_AFTER`), which closes the window when done.
    probe: Option<super::probe::Probe>,
    /// The thread writing the workspace file (each write waits for the one before it),
    /// so that its disk syncs never hold up a frame.
    workspace_writer: Option<std::thread::JoinHandle<()>>,
}

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
            modals: Modals::default(),
            after_save: None,
            jobs: Jobs::default(),
            window_title: String::new(),
            allow_close: false,
            fonts_installed: false,
            load_count: 0,
            search_index: None,
            search_generation: 0,
            mention_counts: None,
            autosave: autosave::Autosave::default(),
            watch: watch::Watch::default(),
            fullscreen: false,
            recent_actions: Vec::new(),
            settings: Settings::default(),
            tour: None,
            probe: None,
            workspace_writer: None,
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
        let saved = Arc::new(project.clone());
        app.install(None, path, project, saved);
        app
    }

    /// The app as eframe creates it: restores the recent list and opens `path`, else the
    /// last project, else the sample.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let mut app = Self::default();
        if let Some(storage) = cc.storage {
            app.recent = eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
            if let Some(settings) = eframe::get_value::<Settings>(storage, SETTINGS_KEY) {
                app.settings = settings.sanitised();
            }
        }
        app.put_settings_into_effect(&cc.egui_ctx);
        if !app.settings.tour_done {
            app.tour = Some(Tour::default());
            app.commands.push(Command::ShowPanel(Tour::first_panel()));
        }
        let path = path
            .or_else(|| app.recent.first().filter(|p| p.join(store::PROJECT_FILE).is_file()).cloned())
            .or_else(|| app.samples.iter().find(|p| p.ends_with("syria-2024")).cloned())
            .or_else(|| app.samples.first().cloned());
        if let Some(path) = path {
            app.jobs.open(&cc.egui_ctx, path);
        }
        app
    }

    /// Measures this start with `probe`, which closes the window when it is done.
    pub fn measure_start(&mut self, probe: super::probe::Probe) {
        self.probe = Some(probe);
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

    /// The title of the panel shown at `pos` in the last frame, if any (for tests of the
    /// keyboard focus).
    pub fn panel_at(&self, pos: egui::Pos2) -> Option<&'static str> {
        self.tree.active_tiles().into_iter().find_map(|id| match self.tree.tiles.get(id) {
            Some(egui_tiles::Tile::Pane(pane)) if self.tree.tiles.rect(id)?.contains(pos) => {
                Some(pane.title())
            }
            _ => None,
        })
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

    /// Whether a background job (open, save, file dialog, import, scan…) is under way.
    pub fn is_busy(&self) -> bool {
        self.jobs.is_busy()
            || self.view.review.is_scanning()
            || self.autosave.is_busy()
            || self.watch.is_busy()
    }

    /// Queues a command as if a panel had pushed it.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Draws one frame and runs the commands it produced.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // egui's own Ctrl+= and Ctrl+- change it too; remember it for the next start.
        self.settings.zoom = ctx.zoom_factor();
        if !self.fonts_installed {
            super::theme::install_fonts(&ctx);
            self.fonts_installed = true;
        }
        if let Some(doc) = &self.doc {
            if let Some(message) = self.view.review.poll(&doc.project) {
                self.toasts.push(&ctx, Level::Info, message);
            }
            let revision = Revision::of_document(self.load_count, doc);
            self.view.review.prune(&doc.project, revision);
            self.autosave.tick(&ctx, doc, revision.any());
            self.watch.tick(&ctx, &doc.path, self.jobs.is_saving());
        }
        let shortcuts = actions::shortcut_commands(&ctx, &self.view);
        self.commands.extend(shortcuts);
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

        if let Some(running) = self.jobs.running_import() {
            import::progress_ui(&ctx, running);
        }
        self.modals_ui(&ctx);
        if self.doc.is_some()
            && let Some(tour) = &mut self.tour
            && !tour.ui(&ctx, &mut self.commands)
        {
            self.tour = None;
            self.commands.push(Command::ApplySettings(Settings { tour_done: true, ..self.settings.clone() }));
        }
        self.toasts.ui(&ctx);
        self.recovery_ui(&ctx);
        if self.watch.changed
            && let Some(doc) = &self.doc
            && let Some(reload) = watch::offer_ui(&ctx, doc.is_dirty())
        {
            if reload {
                self.watch.reload(&ctx, doc, Revision::of_document(self.load_count, doc).any());
            } else {
                self.watch.changed = false;
            }
        }

        self.drain(&ctx);
        self.update_search_index();

        let title = self.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// Runs the commands of this frame: the panels' and dialogs' first, then the finished
    /// background jobs', then whatever those queued.
    fn drain(&mut self, ctx: &egui::Context) {
        if let Some(doc) = &self.doc
            && let Some(reloaded) =
                self.watch.poll_reload(ctx, doc, Revision::of_document(self.load_count, doc).any())
        {
            self.commands.push(Command::Finished(Box::new(Finished::Reloaded(reloaded))));
        }
        let finished = self.jobs.finished();
        self.commands.extend(finished);
        for _ in 0..MAX_DRAIN_ROUNDS {
            let commands = std::mem::take(&mut self.commands);
            if commands.is_empty() {
                return;
            }
            // Commands run after the panels drew: draw again so that what they changed shows.
            ctx.request_repaint();
            for command in commands {
                self.run(ctx, command);
            }
        }
    }

    /// The menu bar, the status bar and the panels (or the start page).
    fn workbench_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_bar_ui(ui));
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));
        // The panes draw no background of their own: the panel's fill is theirs (eframe
        // clears to a dark grey whatever the theme, which a light theme must cover).
        let fill = ui.visuals().panel_fill;
        self.update_mention_counts();
        egui::CentralPanel::default().frame(egui::Frame::new().fill(fill)).show(ui, |ui| match &self.doc {
            Some(doc) => {
                let revision = Revision::of_document(self.load_count, doc);
                let mut behavior = Behavior {
                    project: &doc.project,
                    view: &mut self.view,
                    commands: &mut self.commands,
                    revision,
                    mention_counts: self.mention_counts.as_ref().map_or(&*NO_MENTIONS, |(_, stats)| stats),
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
        self.update_mention_counts();
        let (Some(doc), Some(presenting)) = (&self.doc, &mut self.view.map.presenting) else {
            return;
        };
        let revision = Revision::of_document(self.load_count, doc);
        let stats = self.mention_counts.as_ref().map_or(&*NO_MENTIONS, |(_, stats)| stats);
        let action = egui::CentralPanel::default()
            .frame(egui::Frame::new())
            .show(ui, |ui| map::present::present_ui(ui, &doc.project, revision, stats, presenting))
            .inner;
        if action == map::present::PresentAction::Stop {
            self.commands.push(Command::StopPresenting);
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        let history = self.doc.as_ref().map(|d| &d.history);
        let state = MenuState {
            has_project: self.doc.is_some(),
            undo: history.and_then(|h| h.undo_label()).map(|label| format!("Undo {label}")),
            redo: history.and_then(|h| h.redo_label()).map(|label| format!("Redo {label}")),
            recent: &self.recent,
        };
        actions::menu_bar_ui(ui, &state, &self.view, &mut self.commands);
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.doc {
                Some(doc) => {
                    ui.label(doc.path.display().to_string());
                    ui.separator();
                    let p = &doc.project;
                    ui.label(p.summary());
                    if doc.is_dirty() {
                        ui.separator();
                        let save = actions::Action::Save.shortcut_text(ui.ctx());
                        ui.label("● not saved").on_hover_text(format!(
                            "The project has changes that are not saved yet ({save} saves)"
                        ));
                    }
                }
                None => {
                    ui.label("No project open");
                }
            }
            if let Some(status) = self.jobs.status() {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if status.cancellable {
                        task::cancel_button_ui(ui, status.progress);
                    }
                    ui.label(status.label);
                    // A job that reports shows how far it got ("slide 2 of 5"); one that
                    // does not, a spinner.
                    let progress = status.progress;
                    if progress.total() == 0 {
                        ui.spinner();
                    } else {
                        let step = progress.step();
                        let bar = task::progress_bar(progress).desired_width(160.0);
                        ui.add(if step.is_empty() { bar } else { bar.text(step) });
                    }
                });
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
                self.modals.show(Modal::UnsavedChanges(Command::Quit));
            } else {
                self.save_workspace();
            }
        }
    }

    /// The dialogs on screen, and what they asked for.
    fn modals_ui(&mut self, ctx: &egui::Context) {
        let dir =
            self.doc.as_ref().map(|doc| doc.path.parent().map_or_else(|| doc.path.clone(), Path::to_owned));
        let context = ModalContext {
            project: self.doc.as_ref().map(|d| &d.project),
            dir: dir.as_deref().unwrap_or(Path::new(".")),
            browsing: self.jobs.is_browsing(),
            recent_actions: &self.recent_actions,
        };
        let (commands, browse) = self.modals.ui(ctx, &context);
        self.commands.extend(commands);
        for purpose in browse {
            self.commands.push(Command::Browse(purpose));
        }
    }

    /// Shows a failure the user can act on as a dialog offering `actions` (and Close),
    /// and logs it.
    fn problem(&mut self, title: &str, message: String, actions: Vec<(String, Command)>) {
        log::error!("{title}: {message}");
        self.modals.show(Modal::Problem(Problem { title: title.to_owned(), message, actions }));
    }

    /// Makes the settings' theme, interface size and autosave interval the ones in use.
    fn put_settings_into_effect(&mut self, ctx: &egui::Context) {
        super::theme::apply_theme(ctx, self.settings.theme);
        ctx.set_zoom_factor(self.settings.zoom);
        self.autosave.every_secs = f64::from(self.settings.autosave_secs);
    }

    /// Applies `edit` to the open project as one undo step. The only place that changes
    /// the project (undo and redo aside).
    fn apply_edit(
        &mut self,
        ctx: &egui::Context,
        edit: Edit,
        label: impl Into<String>,
        coalesce: Option<String>,
    ) -> Result<(), EditError> {
        let Some(doc) = &mut self.doc else {
            return Ok(());
        };
        let now = ctx.input(|i| i.time);
        doc.history.apply(&mut doc.project, edit, label, coalesce, now)
    }

    /// Handles a background job that has ended.
    fn finish(&mut self, ctx: &egui::Context, finished: Finished) {
        match finished {
            Finished::Reloaded(reloaded) => self.finish_reload(ctx, reloaded),
            Finished::Bundle(result) => match result {
                Ok((bundle, Ok(()), None)) => {
                    self.toasts.push(ctx, Level::Info, format!("Wrote the bundle {}", bundle.display()));
                }
                Ok((_, Ok(()), Some(dir))) => self.commands.push(Command::Open(dir)),
                Ok((_, Err(message), _)) => self.toasts.push(ctx, Level::Error, message),
                Err(()) => self.toasts.push(ctx, Level::Error, "The bundle failed unexpectedly"),
            },
            Finished::Exported(result) => match result {
                Ok(Ok(message)) => self.toasts.push(ctx, Level::Info, message),
                Ok(Err(message)) => self.problem(
                    "Export failed",
                    message,
                    vec![("Export again…".to_owned(), Command::PromptExport)],
                ),
                Err(()) => self.toasts.push(ctx, Level::Error, "The export failed unexpectedly"),
            },
            Finished::EntityList(result) => self.finish_entity_list(ctx, result),
            Finished::Opened(result) => match result {
                Ok((path, Ok((project, saved)))) => {
                    self.save_workspace();
                    self.install(Some(ctx), path, project, saved);
                }
                Ok((path, Err(errors))) => {
                    let message = describe_load_errors(&path, &errors);
                    self.problem(
                        "Could not open the project",
                        message,
                        vec![
                            ("Try again".to_owned(), Command::Open(path)),
                            ("Open another project…".to_owned(), Command::BrowseOpen),
                        ],
                    );
                }
                Err(()) => self.toasts.push(ctx, Level::Error, "Opening the project failed unexpectedly"),
            },
            Finished::Saved(result) => self.finish_save(ctx, result),
            Finished::Imported(result) => match result {
                Ok(mut report) => {
                    report.grade(self.settings.import_reliability, self.settings.import_credibility);
                    self.finish_import(ctx, &report);
                }
                Err(()) => {
                    self.toasts.push(ctx, Level::Error, "The import failed unexpectedly; nothing was added");
                }
            },
            Finished::Indexed(load, index) => {
                // An index of a project that has since been closed is of no use.
                if load == self.load_count {
                    self.search_index = Some(index);
                    self.search_generation += 1;
                }
            }
            Finished::Browsed(picked) => {
                let (command, prompt) = PathPrompt::from_picked(picked, &self.last_dir());
                if let Some(command) = command {
                    self.commands.push(command);
                }
                if let Some(prompt) = prompt {
                    self.modals.show(Modal::Prompt(prompt));
                }
            }
        }
    }

    /// Takes the project as another program left it on disk, with the unsaved changes
    /// merged on top as one undo step.
    fn finish_reload(&mut self, ctx: &egui::Context, reloaded: watch::Reloaded) {
        let Some(doc) = &self.doc else {
            return;
        };
        match reloaded {
            watch::Reloaded::Project { disk, saved, unsaved, conflicts } => {
                let path = doc.path.clone();
                self.install(Some(ctx), path, *disk, saved);
                // The unsaved work comes along in memory: an autosave of it from before
                // the reload is not offered back (the next autosave replaces it).
                self.autosave.needs_check = false;
                if let Edit::Batch(edits) = &unsaved
                    && !edits.is_empty()
                    && let Err(error) = self.apply_edit(ctx, unsaved, "Keep unsaved changes", None)
                {
                    self.toasts.push(
                        ctx,
                        Level::Error,
                        format!("Your unsaved changes could not be kept: {error}"),
                    );
                }
                if conflicts == 0 {
                    self.toasts.push(ctx, Level::Info, "Reloaded the project from disk");
                } else {
                    // The Inspector lists the conflicts when nothing is selected.
                    self.view.selection = Selection::None;
                    self.tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(Pane::Inspector)));
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

    /// Marks what a finished save wrote as saved, and runs the command that waited for it.
    fn finish_save(&mut self, ctx: &egui::Context, result: Result<super::jobs::SaveResult, ()>) {
        match result {
            Ok((path, marker, Ok((outcome, written)))) => {
                if let Some(doc) = &mut self.doc {
                    // `saved` is always the state of the saved marker (saves replay edits
                    // onto it), even when edits were made while this save ran.
                    doc.history.mark_saved_at(marker);
                    doc.path.clone_from(&path);
                    doc.saved = written;
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
                    self.commands.push(Command::Confirmed(Box::new(command)));
                }
            }
            Ok((_, _, Err(message))) => {
                let again = match self.after_save.take() {
                    Some(then) => Command::SaveThen(Box::new(then)),
                    None => Command::Save,
                };
                self.problem(
                    "Could not save",
                    format!(
                        "{message}\nYour changes are still here, unsaved; the project on disk is as it was."
                    ),
                    vec![("Try again".to_owned(), again), ("Save as…".to_owned(), Command::PromptSaveAs)],
                );
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

    /// Adds an imported entity list (one undo step), says how it went, and looks for the
    /// entities in every source.
    fn finish_entity_list(
        &mut self,
        ctx: &egui::Context,
        result: Result<(PathBuf, entity_list::ListResult), ()>,
    ) {
        match result {
            Ok((path, Ok((edit, report)))) => {
                if let Err(error) = self.apply_edit(ctx, edit, "Import entity list", None) {
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
        if self.doc.is_none() {
            return;
        }
        if !report.imported.is_empty() {
            let label = match report.imported.len() {
                1 => "Import 1 source".to_owned(),
                n => format!("Import {n} sources"),
            };
            if let Err(error) = self.apply_edit(ctx, report.edit(), label, None) {
                self.toasts.push(
                    ctx,
                    Level::Error,
                    format!("The imported sources could not be added: {error}"),
                );
                return;
            }
            if let (Some(first), Some(doc)) = (report.sources().next(), &self.doc) {
                select(&mut self.view, Selection::Source(first.id.clone()), &doc.project);
            }
        }
        let Some(doc) = &self.doc else {
            return;
        };
        let summary = import::summary(report);
        let problems = import::details(report, &doc.project);
        if problems.is_empty() {
            self.toasts.push(ctx, Level::Info, summary);
        } else {
            self.toasts.push(ctx, Level::Warning, summary.clone());
            self.modals.show(Modal::ImportProblems { summary, problems });
        }
    }

    /// Brings the mention counts up to date with the mentions that edits, undos and
    /// redos changed since they were last brought up to date, or counts them all for a
    /// project just opened.
    fn update_mention_counts(&mut self) {
        let Some(doc) = &mut self.doc else {
            self.mention_counts = None;
            return;
        };
        let changes = doc.history.take_mention_changes();
        match (&mut self.mention_counts, changes) {
            (Some((load, stats)), Some(changes)) if *load == self.load_count => stats.apply(&changes),
            _ => self.mention_counts = Some((self.load_count, MentionStats::of(&doc.project))),
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

    /// Makes `project`, loaded from `path`, the open project; `saved` is a copy of it.
    fn install(&mut self, ctx: Option<&egui::Context>, path: PathBuf, project: Project, saved: Arc<Project>) {
        self.autosave.reset();
        self.watch.reset();
        // The workspace may have been written a moment ago (when the last project was
        // closed); that write is a small file, and it must land before this one is read.
        self.finish_workspace_writes();
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
            self.jobs.index(ctx, &project, self.load_count);
        } else {
            self.search_index = Some(SearchIndex::build(&project));
        }
        self.doc = Some(Document::with_saved(path, project, saved));
    }

    /// Writes the workspace (panel layout, selection, map cameras) of the open project on
    /// a background thread, after any write still under way.
    fn save_workspace(&mut self) {
        let Some(doc) = &self.doc else {
            return;
        };
        let workspace = Workspace {
            tree: self.tree.clone(),
            selection: self.view.selection.clone(),
            map: self.view.map.to_workspace(),
        };
        let path = doc.path.clone();
        let previous = self.workspace_writer.take();
        self.workspace_writer = Some(std::thread::spawn(move || {
            if let Some(previous) = previous {
                // A write that panicked left the old file; this one replaces it anyway.
                let _ = previous.join();
            }
            if let Err(error) = workspace::save(&path, &workspace) {
                log::warn!("could not save the workspace of {}: {error:#}", path.display());
            }
        }));
    }

    /// Waits for the workspace writes under way (at exit, and in tests).
    pub fn finish_workspace_writes(&mut self) {
        if let Some(writer) = self.workspace_writer.take() {
            let _ = writer.join();
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// Writes a matrix of hypotheses to `path` (a folder or a file; `None`: the folder
    /// beside the project's) and says where in a toast. The files are small, so this runs
    /// at once rather than as a background job.
    fn export_ach(
        &mut self,
        ctx: &egui::Context,
        matrix: &crate::model::AchId,
        format: crate::export::ach::AchFormat,
        path: Option<PathBuf>,
    ) {
        let Some(project) = self.project() else {
            return;
        };
        let Some(matrix) = project.matrices.get(matrix) else {
            return;
        };
        let file_name = format!("{}.{}", matrix.id, format.extension());
        let path = match path {
            Some(path) if path.is_dir() => path.join(file_name),
            Some(path) => path,
            None => self.last_dir().join(file_name),
        };
        let written = format.render(project, matrix).map_err(|e| e.to_string()).and_then(|bytes| {
            std::fs::write(&path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
        });
        match written {
            Ok(()) => self.toasts.push(ctx, Level::Info, format!("Wrote {}", path.display())),
            Err(message) => self.toasts.push(ctx, Level::Error, message),
        }
    }

    fn last_dir(&self) -> PathBuf {
        self.doc
            .as_ref()
            .and_then(|d| d.path.parent().map(Path::to_path_buf))
            .or_else(|| self.recent.first().and_then(|p| p.parent().map(Path::to_path_buf)))
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn start_saving(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(doc) = &self.doc else {
            return;
        };
        if self.jobs.is_saving() {
            self.toasts.push(ctx, Level::Warning, "A save is already under way");
            return;
        }
        // The worker copies the state last saved and replays the edits since; only when
        // that state is not on the undo stack (undone past, or redone through) is the
        // project copied here. The copy becomes the saved state when the write is done.
        let marker = doc.history.marker();
        self.jobs.save(ctx, doc.snapshot(), marker, path);
    }

    /// Runs one command; called by the end-of-frame drain only. A command that would
    /// lose unsaved changes asks first, unless it comes as [`Command::Confirmed`].
    fn run(&mut self, ctx: &egui::Context, command: Command) {
        let (command, confirmed) = match command {
            Command::Confirmed(command) => (*command, true),
            command => (command, false),
        };
        let loses_changes =
            matches!(command, Command::Open(_) | Command::NewProject { .. } | Command::Close | Command::Quit);
        if loses_changes && !confirmed && self.is_dirty() {
            self.modals.show(Modal::UnsavedChanges(command));
            return;
        }
        match command {
            Command::Confirmed(command) => self.run(ctx, Command::Confirmed(command)),
            Command::Finished(finished) => self.finish(ctx, *finished),
            Command::Edit { edit, label, coalesce } => {
                if let Err(error) = self.apply_edit(ctx, edit, label, coalesce) {
                    self.toasts.push(ctx, Level::Error, format!("That change was refused: {error}"));
                }
            }
            Command::SaveThen(command) => {
                self.after_save = Some(*command);
                self.commands.push(Command::Save);
            }
            Command::Layout(layout) => {
                self.tree = match layout {
                    PanelLayout::Default => tiles::default_tree(),
                    PanelLayout::ReaderBesideMap => tiles::reader_beside_map_tree(),
                };
            }
            Command::Browse(purpose) => {
                let dir = self.last_dir();
                self.jobs.browse(ctx, purpose, &dir);
            }
            Command::Notify(text) => self.toasts.push(ctx, Level::Info, text),
            Command::BrowseEntityList => {
                if self.doc.is_some() {
                    let dir = self.last_dir();
                    self.jobs.browse(ctx, Purpose::EntityList, &dir);
                }
            }
            Command::ImportEntityList(path) => {
                if let Some(doc) = &self.doc {
                    self.jobs.read_entity_list(ctx, &doc.project, path);
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
            Command::RecordClaim => {
                let opened = self.doc.as_ref().is_some_and(|doc| {
                    super::reader::open_claim_form(&doc.project, &mut self.view.reader.tagging)
                });
                if !opened && self.doc.is_some() {
                    self.toasts.push(
                        ctx,
                        Level::Info,
                        "Select a quote in the Reader first, then record it as a claim",
                    );
                }
            }
            Command::AddSelectionToClaim { claim, stance } => {
                if let Some(doc) = &self.doc {
                    let selected = self.view.reader.tagging.selection.clone().filter(|(_, r)| !r.is_empty());
                    match selected {
                        None => self.toasts.push(
                            ctx,
                            Level::Info,
                            "Select a quote in the Reader first, then add it to the claim",
                        ),
                        Some((source, range)) => {
                            match crate::edit::add_claim_evidence(
                                &doc.project,
                                &claim,
                                &source,
                                range,
                                stance,
                                None,
                            ) {
                                Ok(edit) => {
                                    let label = format!("Add a quote that {} a claim", stance.verb());
                                    self.commands.push(Command::edit(edit, label));
                                    self.view.reader.tagging.selection = None;
                                }
                                Err(error) => self.toasts.push(ctx, Level::Info, error.to_string()),
                            }
                        }
                    }
                }
            }
            Command::ShowOnMap(entity) => {
                if let Some(doc) = &self.doc {
                    map::show_on_map(&doc.project, &mut self.view.map, &entity, &mut self.commands);
                }
            }
            Command::ShowInReader { source, range } => {
                self.view.reader.show(&source, range);
                self.tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(Pane::Reader)));
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
            Command::PromptExport | Command::PromptExportAs(_) => {
                if let Some(doc) = &self.doc {
                    let map = &self.view.map;
                    let dir = doc.path.parent().map_or_else(|| doc.path.clone(), Path::to_owned);
                    let mut dialog = export_dialog::ExportDialog::new(
                        &doc.project,
                        map.active.clone(),
                        map.current_slide,
                        &dir,
                    );
                    if let Command::PromptExportAs(format) = command {
                        dialog = dialog.with_format(&doc.project, &dir, format);
                    }
                    self.modals.show(Modal::Export(dialog));
                }
            }
            Command::OpenPalette => self.modals.show(Modal::Palette(Palette::default())),
            Command::OpenSettings => {
                self.modals.show(Modal::Settings(SettingsDialog::new(self.settings.clone())));
            }
            Command::ShowTour => {
                self.tour = Some(Tour::default());
                self.commands.push(Command::ShowPanel(Tour::first_panel()));
            }
            Command::ApplySettings(settings) => {
                self.settings = settings;
                self.put_settings_into_effect(ctx);
            }
            Command::ShowPanel(pane) => super::tiles::show_pane(&mut self.tree, pane),
            Command::Zoom(step) => match step {
                Zoom::In => egui::gui_zoom::zoom_in(ctx),
                Zoom::Out => egui::gui_zoom::zoom_out(ctx),
                Zoom::Reset => ctx.set_zoom_factor(1.0),
            },
            Command::ShowShortcuts => self.modals.show(Modal::Shortcuts),
            Command::RunAction(action) => {
                self.recent_actions.retain(|a| *a != action);
                self.recent_actions.insert(0, action);
                self.recent_actions.truncate(palette::RECENT_MAX);
                self.commands.push(action.command(&self.view));
            }
            Command::Export(job) => {
                if let Some(doc) = &self.doc {
                    self.jobs.export(ctx, doc.project.clone(), job);
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
                    self.modals.show(Modal::DeleteSources(ids));
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
                    let saved = Arc::new(project.clone());
                    self.install(Some(ctx), path, project, saved);
                }
                Err(error) => {
                    self.problem(
                        "Could not create the project",
                        error.to_string(),
                        vec![("Choose another folder…".to_owned(), Command::PromptNew)],
                    );
                }
            },
            Command::Open(path) if path.extension().is_some_and(|e| e == "dossier") && path.is_file() => {
                // A bundle: ask where to unpack it, next to it by default.
                let mut prompt = PathPrompt::new(Purpose::Unbundle, path.parent().unwrap_or(Path::new(".")));
                let stem =
                    path.file_stem().map_or_else(|| "project".into(), |s| s.to_string_lossy().into_owned());
                prompt.path = path.with_file_name(stem).display().to_string();
                prompt.bundle = Some(path);
                self.modals.show(Modal::Prompt(prompt));
            }
            Command::Open(path) => {
                if self.project_path() == Some(path.as_path()) {
                    return;
                }
                self.jobs.open(ctx, path);
            }
            Command::BrowseExportBundle => {
                if self.doc.is_some() {
                    let dir = self.last_dir();
                    self.jobs.browse(ctx, Purpose::ExportBundle, &dir);
                }
            }
            Command::BrowseExportTimeline => {
                if self.doc.is_some() {
                    let dir = self.last_dir();
                    self.jobs.browse(ctx, Purpose::ExportTimeline, &dir);
                }
            }
            Command::ExportTimeline(path) => {
                if let Some(doc) = &self.doc {
                    let job = export_dialog::ExportJob::Timeline { lanes: self.view.timeline.lanes, path };
                    self.jobs.export(ctx, doc.project.clone(), Box::new(job));
                }
            }
            Command::ExportAch { matrix, format, path } => self.export_ach(ctx, &matrix, format, path),
            Command::ExportBundle(path) => {
                if let Some(doc) = &self.doc {
                    self.jobs.write_bundle(ctx, doc.project.clone(), path);
                }
            }
            Command::Unbundle { bundle, dir } => self.jobs.unpack_bundle(ctx, bundle, dir),
            Command::BrowseImportFiles | Command::BrowseImportFolder => {
                if self.doc.is_some() {
                    let purpose = if matches!(command, Command::BrowseImportFiles) {
                        Purpose::ImportFiles
                    } else {
                        Purpose::ImportFolder
                    };
                    let dir = self.last_dir();
                    self.jobs.browse(ctx, purpose, &dir);
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
                if !self.jobs.import(ctx, &doc.project, paths) {
                    self.toasts.push(ctx, Level::Warning, "An import is already under way");
                }
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
                let dir = self.last_dir();
                if matches!(command, Command::BrowseOpen) {
                    self.jobs.browse(ctx, Purpose::Open, &dir);
                } else {
                    self.modals.show(Modal::Prompt(PathPrompt::new(purpose, &dir)));
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
                    self.problem(
                        "Could not save here",
                        format!("{} already holds a project; choose an empty or new folder", path.display()),
                        vec![("Choose another folder…".to_owned(), Command::PromptSaveAs)],
                    );
                    return;
                }
                self.start_saving(ctx, path);
            }
            Command::Close => {
                self.save_workspace();
                self.doc = None;
                self.search_index = None;
                self.jobs.cancel_index();
                self.modals.close_all();
                self.view = View::default();
            }
            Command::Quit => {
                self.save_workspace();
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }
}

/// Counts for when no project is open.
static NO_MENTIONS: std::sync::LazyLock<MentionStats> = std::sync::LazyLock::new(MentionStats::default);

/// Selects `selection`; a source also becomes the one shown in the Reader.
fn select(view: &mut View, selection: Selection, project: &Project) {
    if let Selection::Source(id) = &selection
        && project.sources.contains_key(id)
    {
        view.reader.source = Some(id.clone());
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
        if let Some(probe) = &mut self.probe {
            let busy = self.jobs.is_busy() || self.autosave.is_busy() || self.autosave.needs_check;
            probe.after_frame(ui.ctx(), self.doc.is_some(), busy);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
        self.save_workspace();
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.finish_workspace_writes();
    }
}
