//! View state: what the user looks at. Not project data, never undoable.

use crate::model::SourceId;

use super::command::Selection;
use super::entities::EntitiesState;
use super::reader::ReaderState;
use super::sources::SourcesState;

/// Selection and the state of each panel.
#[derive(Default)]
pub struct View {
    /// What the Inspector shows.
    pub selection: Selection,
    /// The source shown in the Reader (stays when an entity is selected).
    pub reader_source: Option<SourceId>,
    /// Filter, sort and multiple selection of the Sources panel.
    pub sources: SourcesState,
    /// Filter and sort of the Entities panel.
    pub entities: EntitiesState,
    /// Font size, find bar and layout cache of the Reader.
    pub reader: ReaderState,
}
