//! Asking for a folder or files: the system's dialog through rfd (off the UI thread), and an
//! in-app prompt where the user can always type or paste a path.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::command::Command;
use super::task::Task;

/// A system dialog that answers faster than this did not really open: there is no
/// dialog service (rfd then returns nothing at once), so the in-app prompt is shown.
const NO_DIALOG_SERVICE: Duration = Duration::from_millis(400);

/// What a folder is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open an existing project.
    Open,
    /// Create a new project.
    New,
    /// Save the open project somewhere else.
    SaveAs,
    /// Import files as sources.
    ImportFiles,
    /// Import a folder of files as sources.
    ImportFolder,
    /// Import a CSV list of entities.
    EntityList,
    /// Write the project as one `.dossier` bundle file.
    ExportBundle,
    /// Unpack a `.dossier` bundle into a new folder, then open it.
    Unbundle,
    /// Draw the timeline into an SVG or PNG file.
    ExportTimeline,
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Self::Open => "Open project",
            Self::New => "New project",
            Self::SaveAs => "Save project as",
            Self::ImportFiles | Self::ImportFolder => "Import sources",
            Self::EntityList => "Import entity list (CSV)",
            Self::ExportBundle => "Export bundle (one .dossier file)",
            Self::ExportTimeline => "Export the timeline (SVG or PNG)",
            Self::Unbundle => "Unpack the bundle into a new folder",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::New => "Create",
            Self::SaveAs => "Save",
            Self::ImportFiles | Self::ImportFolder | Self::EntityList => "Import",
            Self::ExportBundle | Self::ExportTimeline => "Export",
            Self::Unbundle => "Unpack and open",
        }
    }
}

/// The answer of a system dialog: what was picked (nothing if cancelled), and how long
/// it took.
pub struct Picked {
    purpose: Purpose,
    paths: Vec<PathBuf>,
    elapsed: Duration,
}

/// Opens the system's folder dialog on a background thread.
pub fn browse(ctx: &egui::Context, purpose: Purpose, start_dir: &Path) -> Task<Picked> {
    let start_dir = start_dir.to_owned();
    Task::spawn(ctx, "Waiting for the file dialog…", move || {
        let started = Instant::now();
        let dialog = rfd::FileDialog::new().set_title(purpose.title()).set_directory(&start_dir);
        let paths = match purpose {
            Purpose::ImportFiles => dialog
                .add_filter("Documents", &["txt", "md", "markdown", "html", "htm", "pdf"])
                .add_filter("All files", &["*"])
                .pick_files()
                .unwrap_or_default(),
            Purpose::EntityList => dialog
                .add_filter("CSV", &["csv", "txt"])
                .add_filter("All files", &["*"])
                .pick_file()
                .into_iter()
                .collect(),
            Purpose::ExportBundle => {
                dialog.add_filter("Dossier bundle", &["dossier"]).save_file().into_iter().collect()
            }
            Purpose::ExportTimeline => dialog
                .add_filter("PNG picture", &["png"])
                .add_filter("SVG picture", &["svg"])
                .set_file_name("timeline.png")
                .save_file()
                .into_iter()
                .collect(),
            _ => dialog.pick_folder().into_iter().collect(),
        };
        Picked { purpose, paths, elapsed: started.elapsed() }
    })
}

/// The in-app prompt for a folder path (and a title, for a new project).
pub struct PathPrompt {
    /// What the folder is for.
    pub purpose: Purpose,
    /// The path typed so far.
    pub path: String,
    /// The title of a new project.
    pub title: String,
    /// Shown above the field (for example, that no system dialog is available).
    pub note: Option<String>,
    /// The bundle to unpack, for [`Purpose::Unbundle`].
    pub bundle: Option<PathBuf>,
}

impl PathPrompt {
    /// A prompt prefilled with `dir` (the last folder used).
    pub fn new(purpose: Purpose, dir: &Path) -> Self {
        let mut path = dir.display().to_string();
        if matches!(purpose, Purpose::New | Purpose::SaveAs) && !path.is_empty() {
            path = dir.join("new-project").display().to_string();
        }
        if purpose == Purpose::ExportTimeline {
            path = dir.join("timeline.png").display().to_string();
        }
        Self { purpose, path, title: String::new(), note: None, bundle: None }
    }

    /// Takes the answer of a system dialog: a folder becomes a command; an instant
    /// "nothing" means there is no dialog service, so the prompt is returned instead.
    pub fn from_picked(picked: Picked, last_dir: &Path) -> (Option<Command>, Option<Self>) {
        let Some(first) = picked.paths.first().cloned() else {
            if picked.elapsed < NO_DIALOG_SERVICE {
                let mut prompt = Self::new(picked.purpose, last_dir);
                prompt.note = Some("No system file dialog is available here: type or paste the path.".into());
                return (None, Some(prompt));
            }
            return (None, None);
        };
        match picked.purpose {
            Purpose::Open => (Some(Command::Open(first)), None),
            Purpose::SaveAs => (Some(Command::SaveAs(first)), None),
            Purpose::ImportFiles | Purpose::ImportFolder => (Some(Command::Import(picked.paths)), None),
            Purpose::EntityList => (Some(Command::ImportEntityList(first)), None),
            Purpose::ExportBundle => (Some(Command::ExportBundle(first)), None),
            Purpose::ExportTimeline => (Some(Command::ExportTimeline(first)), None),
            // Unpacking always goes through the prompt, which knows the bundle.
            Purpose::Unbundle => (None, None),
            Purpose::New => {
                let mut prompt = Self::new(Purpose::New, last_dir);
                prompt.path = first.display().to_string();
                (None, Some(prompt))
            }
        }
    }

    /// Draws the prompt as a window. Returns a command when the user confirms, and
    /// whether the prompt should stay open.
    pub fn ui(&mut self, ctx: &egui::Context, browse_running: bool) -> (Option<Command>, bool, bool) {
        let mut command = None;
        let mut keep_open = true;
        let mut browse = false;
        egui::Window::new(self.purpose.title())
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .default_width(520.0)
            .show(ctx, |ui| {
                if let Some(note) = &self.note {
                    ui.label(note);
                    ui.add_space(4.0);
                }
                egui::Grid::new("path_prompt").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
                    if self.purpose == Purpose::New {
                        let label = ui.label("Title");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.title)
                                .hint_text("Syria, December 2024")
                                .desired_width(380.0),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    }
                    let label = ui.label("Folder");
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.path)
                                .hint_text("/path/to/project")
                                .desired_width(380.0),
                        )
                        .labelled_by(label.id);
                    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        command = self.confirm();
                    }
                    ui.end_row();
                });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(!self.path.trim().is_empty(), egui::Button::new(self.purpose.action()))
                        .clicked()
                    {
                        command = self.confirm();
                    }
                    if ui.button("Cancel").clicked() {
                        keep_open = false;
                    }
                    if ui.add_enabled(!browse_running, egui::Button::new("Browse…")).clicked() {
                        browse = true;
                    }
                });
            });
        if command.is_some() || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            keep_open = false;
        }
        (command, keep_open, browse)
    }

    fn confirm(&self) -> Option<Command> {
        let path = PathBuf::from(expand_home(self.path.trim()));
        if path.as_os_str().is_empty() {
            return None;
        }
        Some(match self.purpose {
            Purpose::Open => Command::Open(path),
            Purpose::SaveAs => Command::SaveAs(path),
            Purpose::ImportFiles | Purpose::ImportFolder => Command::Import(vec![path]),
            Purpose::EntityList => Command::ImportEntityList(path),
            Purpose::ExportBundle => Command::ExportBundle(path),
            Purpose::ExportTimeline => Command::ExportTimeline(path),
            Purpose::Unbundle => Command::Unbundle { bundle: self.bundle.clone()?, dir: path },
            Purpose::New => {
                let title = if self.title.trim().is_empty() {
                    path.file_name()
                        .map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned())
                } else {
                    self.title.trim().to_owned()
                };
                Command::NewProject { path, title }
            }
        })
    }
}

/// Replaces a leading `~` with the home folder, as people type it.
fn expand_home(path: &str) -> String {
    match (path.strip_prefix('~'), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", home.to_string_lossy())
        }
        _ => path.to_owned(),
    }
}
