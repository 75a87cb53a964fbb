//! What panels ask the app to do. Panels never change the project themselves.

use std::ops::Range;
use std::path::PathBuf;

use crate::edit::Edit;
use crate::model::{ClaimId, EntityId, EventId, RelationId, SourceId, Stance};

/// What is selected; the Inspector shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Selection {
    /// Nothing.
    #[default]
    None,
    /// A source (also shown in the Reader).
    Source(SourceId),
    /// An entity.
    Entity(EntityId),
    /// A relation (the Inspector lists its evidence).
    Relation(RelationId),
    /// The relations between two entities, drawn on a map as one bundle (the Inspector
    /// lists them).
    Pair(EntityId, EntityId),
    /// A claim (the Inspector shows its quotes for and against side by side).
    Claim(ClaimId),
    /// A timeline event (the Inspector lists its times and their evidence).
    Event(EventId),
}

/// A panel layout the View menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelLayout {
    /// Sources and entities left, reader and map in the middle, inspector right.
    Default,
    /// The reader and the map side by side, for citing by drag and drop.
    ReaderBesideMap,
}

/// A request from the UI, run by the app at the end of the frame.
#[derive(Debug)]
#[must_use]
pub enum Command {
    /// Change the project through the undo history.
    Edit {
        /// The change.
        edit: Edit,
        /// What it is called in Edit ▸ Undo.
        label: String,
        /// Edits with the same key in quick succession are one undo step.
        coalesce: Option<String>,
    },
    /// Ask whether to delete these sources (with their mentions and evidence), then do.
    ConfirmDeleteSources(Vec<SourceId>),
    /// Show the Search panel and put the cursor in its field.
    FocusSearch,
    /// Tell the user something (a toast), e.g. why a request could not be done.
    Notify(String),
    /// Look for mentions of these entities (all when `None`) in every source, in the
    /// background; what is found waits in the Suggestions panel.
    FindMentions(Option<Vec<EntityId>>),
    /// Ask for a CSV entity list (system dialog, else the in-app prompt).
    BrowseEntityList,
    /// Import the entity list at this path, then find mentions of every entity.
    ImportEntityList(PathBuf),
    /// Put this entity on the active map near the middle of the view (or select it there
    /// if it is on it already), and bring the Map panel to the front.
    ShowOnMap(EntityId),
    /// Show `range` of `source` in the Reader, highlighted and scrolled into view: a
    /// search hit, a mention, a quote.
    ShowInReader {
        /// The source to show.
        source: SourceId,
        /// The byte range of its text to highlight.
        range: Range<usize>,
    },
    /// Present the active map full screen from this slide (an index into its slides).
    Present {
        /// Where to start.
        slide: usize,
    },
    /// Leave presentation mode.
    StopPresenting,
    /// Show the File ▸ Export… form.
    PromptExport,
    /// Open the Export form with `0` chosen as the format.
    PromptExportAs(crate::export::Format),
    /// Open the command palette.
    OpenPalette,
    /// Bring a panel's tab to the front (Ctrl+1…7).
    ShowPanel(super::tiles::Pane),
    /// Make the whole interface larger or smaller (remembered for the next start).
    Zoom(Zoom),
    /// Open Edit ▸ Settings….
    OpenSettings,
    /// Show the three-step tour (Help ▸ Show the tour).
    ShowTour,
    /// Put these settings into effect and remember them.
    ApplySettings(super::settings::Settings),
    /// Open the keyboard shortcuts sheet.
    ShowShortcuts,
    /// Run an action picked in the command palette (and remember it as recently used).
    RunAction(super::actions::Action),
    /// Run an export in the background and write its result.
    Export(Box<super::export_dialog::ExportJob>),
    /// Ask where to write the project as one `.dossier` bundle.
    BrowseExportBundle,
    /// Ask where to write the timeline's picture.
    BrowseExportTimeline,
    /// Draw the timeline (lanes as the panel shows them) into this SVG or PNG file.
    ExportTimeline(PathBuf),
    /// Write the project as one `.dossier` bundle at this path.
    ExportBundle(PathBuf),
    /// Unpack a `.dossier` bundle into `dir` (new or empty), then open it.
    Unbundle {
        /// The bundle file.
        bundle: PathBuf,
        /// The folder to create.
        dir: PathBuf,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Change the selection.
    Select(Selection),
    /// Create a project in this folder and open it.
    NewProject {
        /// The folder.
        path: PathBuf,
        /// Its title.
        title: String,
    },
    /// Open the project in this folder (asks about unsaved changes first).
    Open(PathBuf),
    /// Ask the system for a project folder to open.
    BrowseOpen,
    /// Show the in-app "Open by path" prompt.
    PromptOpen,
    /// Show the in-app "New project" prompt.
    PromptNew,
    /// Show the in-app "Save as" prompt.
    PromptSaveAs,
    /// Ask the system for files to import as sources.
    BrowseImportFiles,
    /// Ask the system for a folder to import (recursively) as sources.
    BrowseImportFolder,
    /// Import these files and folders into the open project, in the background.
    Import(Vec<PathBuf>),
    /// Save the open project where it is.
    Save,
    /// Save the open project into another folder and continue there.
    SaveAs(PathBuf),
    /// Close the open project (asks about unsaved changes first).
    Close,
    /// Quit the app (asks about unsaved changes first).
    Quit,
    /// Run this command without asking about unsaved changes: the user has answered.
    Confirmed(Box<Command>),
    /// Save, then run this command once the save has succeeded.
    SaveThen(Box<Command>),
    /// Open the system file dialog for this purpose (else the in-app prompt).
    Browse(super::dialogs::Purpose),
    /// Arrange the panels this way.
    Layout(PanelLayout),
    /// Open the "Record as claim" form for the Reader's selection.
    RecordClaim,
    /// Add the Reader's selection to a claim's evidence with this stance.
    AddSelectionToClaim {
        /// The claim.
        claim: ClaimId,
        /// Where the quote stands on it.
        stance: Stance,
    },
    /// Write a matrix of hypotheses in a format to `path` (a file or a folder; `None`:
    /// the folder beside the project's), named after the matrix when no file is given.
    ExportAch {
        /// The matrix.
        matrix: crate::model::AchId,
        /// CSV, SVG or PNG.
        format: crate::export::ach::AchFormat,
        /// Where to write it.
        path: Option<PathBuf>,
    },
    /// A background job ended; the app takes its result in.
    Finished(Box<super::jobs::Finished>),
}

impl Command {
    /// An edit command without coalescing.
    pub fn edit(edit: Edit, label: impl Into<String>) -> Self {
        Self::Edit { edit, label: label.into(), coalesce: None }
    }
}

/// A step of the interface's zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// Larger, as Ctrl+= does in a browser.
    In,
    /// Smaller.
    Out,
    /// Back to 100 %.
    Reset,
}
