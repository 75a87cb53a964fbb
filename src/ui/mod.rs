//! The eframe app: docked panels over one open project.
//!
//! Panels are functions `…_ui(ui, &Project, &mut TheirState, &Selection, &mut Vec<Command>)`:
//! they read the project and the selection, keep their own view state, and push
//! [`Command`]s, which [`DossierApp`] runs at the end of the frame. Changing the selection
//! or another panel (showing a quote in the Reader, an entity on the map) is a command too.
//! The Reader (`reader/`) and the Inspector (`inspector/`) are folders, split along their
//! layers and item kinds; so is the Map (`map/`).

mod actions;
mod app;
mod autosave;
mod command;
mod dialogs;
mod document;
mod entities;
mod entity_list;
mod export_dialog;
mod import;
mod inspector;
mod jobs;
mod map;
mod modals;
mod reader;
mod review;
mod search;
mod sources;
mod start;
mod task;
mod theme;
mod tiles;
mod timeline;
mod toasts;
mod view;
mod watch;
mod workspace;

pub use app::{APP_NAME, DossierApp};
pub use command::{Command, Selection};
pub use entities::entities_ui;
pub use map::{Camera, MapState, map_ui};
pub use reader::QuoteDrag;
pub use timeline::{Lanes, TimelineState, timeline_ui};
pub use view::View;

/// The rows of the Sources panel in the order shown (for tests and scripts).
pub fn source_rows<'a>(
    project: &'a crate::model::Project,
    state: &sources::SourcesState,
) -> Vec<&'a crate::model::Source> {
    sources::rows(project, state, &sources::mention_counts(project))
}

/// Opens the main window and runs until it is closed. Opens `path` if given, else the
/// last project, else the sample project.
pub fn run_native(path: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_NAME)
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        APP_NAME,
        options,
        Box::new(move |cc| Ok(Box::new(DossierApp::from_creation_context(cc, path)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
