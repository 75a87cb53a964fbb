//! View state: what the user looks at. Not project data, never undoable.

use super::ach::AchState;
use super::claims::ClaimsState;
use super::command::Selection;
use super::entities::EntitiesState;
use super::inspector::InspectorState;
use super::map::MapState;
use super::reader::ReaderState;
use super::review::ReviewState;
use super::search::SearchState;
use super::sources::SourcesState;
use super::timeline::TimelineState;

/// The selection, and the state of each panel. Each panel is drawn with its own state and
/// the selection read-only (`tiles::Behavior` hands them out); a change to the selection,
/// or to another panel (showing a quote in the Reader, an entity on the map), is a
/// [`super::Command`] run by the app at the end of the frame.
#[derive(Default)]
pub struct View {
    /// What the Inspector shows.
    pub selection: Selection,
    /// Filter, sort and multiple selection of the Sources panel.
    pub sources: SourcesState,
    /// Filter and sort of the Entities panel.
    pub entities: EntitiesState,
    /// Query and results of the Search panel.
    pub search: SearchState,
    /// The source shown in the Reader, its font size, find bar and layout cache.
    pub reader: ReaderState,
    /// Suggested mentions and the scan that finds them.
    pub review: ReviewState,
    /// Active map, cameras, canvas selection and gestures of the Map panel.
    pub map: MapState,
    /// The Inspector's proposals of duplicate entities.
    pub inspector: InspectorState,
    /// Filter of the Claims panel.
    pub claims: ClaimsState,
    /// Lanes and camera of the Timeline panel.
    pub timeline: TimelineState,
    /// The matrix shown and the forms of the Hypotheses panel.
    pub ach: AchState,
}
