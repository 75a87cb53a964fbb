//! The eframe app: docked panels over one open project.
//!
//! Panels are functions `…_ui(ui, &Project, &mut TheirState, &Selection, &mut Vec<Command>)`:
//! they read the project and the selection, keep their own view state, and push
//! [`Command`]s, which [`DossierApp`] runs at the end of the frame. Changing the selection
//! or another panel (showing a quote in the Reader, an entity on the map) is a command too.
//! The Reader (`reader/`) and the Inspector (`inspector/`) are folders, split along their
//! layers and item kinds; so is the Map (`map/`).

mod ach;
mod actions;
mod app;
mod autosave;
mod claims;
mod command;
mod dialogs;
mod document;
mod entities;
mod entity_list;
mod export_dialog;
mod import;
mod inspector;
mod jobs;
mod list_keys;
mod map;
mod modals;
mod palette;
mod probe;
mod reader;
mod review;
mod search;
mod settings;
mod sources;
mod start;
mod task;
mod theme;
mod tiles;
mod timeline;
mod toasts;
mod tour;
mod view;
mod watch;
mod workspace;

pub use app::{APP_NAME, DossierApp};
pub use command::{Command, Selection};
pub use document::Revision;
pub use entities::entities_ui;
pub use map::{Camera, MapState, map_ui};
pub use reader::QuoteDrag;
pub use tiles::Pane;
pub use timeline::{Lanes, TimelineState, timeline_ui};
pub use view::View;

/// The rows of the Sources panel in the order shown (for tests and scripts).
pub fn source_rows<'a>(
    project: &'a crate::model::Project,
    state: &sources::SourcesState,
) -> Vec<&'a crate::model::Source> {
    sources::rows(project, state, &crate::analysis::MentionStats::of(project))
}

/// Opens the main window and runs until it is closed. Opens `path` if given, else the
/// last project, else the sample project.
pub fn run_native(path: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(APP_NAME)
        .with_app_id(APP_ID)
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([640.0, 400.0])
        .with_drag_and_drop(true);
    if let Some(icon) = app_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions { viewport, ..Default::default() };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| {
            let mut app = DossierApp::from_creation_context(cc, path);
            if let Some(exit_after) = probe::ExitAfter::from_env() {
                app.measure_start(probe::Probe::new(exit_after, started));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// The desktop's name for the app (Wayland's app id, X11's window class), the same as in
/// `assets/dossier.desktop`.
pub const APP_ID: &str = "dossier";

/// The window icon, drawn from `assets/icons/dossier.svg` (which Linux desktops also
/// install for the desktop entry). `None` only if the bundled drawing failed to render.
pub fn app_icon() -> Option<egui::IconData> {
    const SVG: &str = include_str!("../../assets/icons/dossier.svg");
    // 64 units drawn at 2 pixels each: sharp on the task bar and in the window switcher.
    match crate::export::png::rgba_from_svg(SVG, 2.0) {
        Ok((rgba, width, height)) => Some(egui::IconData { rgba, width, height }),
        Err(error) => {
            log::warn!("the window icon could not be drawn: {error}");
            None
        }
    }
}
