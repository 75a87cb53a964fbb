//! View state: what the user looks at. Not project data, never undoable.

use crate::model::SourceId;

use super::command::Selection;
use super::entities::EntitiesState;
use super::inspector::InspectorState;
use super::map::MapState;
use super::reader::ReaderState;
use super::review::ReviewState;
use super::search::SearchState;
use super::sources::SourcesState;

impl View {
    /// Shows `range` of `source`'s text in the Reader, highlighted and scrolled into view.
    pub fn show_in_reader(&mut self, source: &SourceId, range: std::ops::Range<usize>) {
        self.reader_source = Some(source.clone());
        self.reader.show_hit(source, range);
    }
}

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
    /// Query and results of the Search panel.
    pub search: SearchState,
    /// Font size, find bar and layout cache of the Reader.
    pub reader: ReaderState,
    /// Suggested mentions and the scan that finds them.
    pub review: ReviewState,
    /// Active map, cameras, canvas selection and gestures of the Map panel.
    pub map: MapState,
    /// The Inspector's proposals of duplicate entities.
    pub inspector: InspectorState,
}
