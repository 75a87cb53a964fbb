//! The docked panels: which panes exist and how `egui_tiles` draws them.

use serde::{Deserialize, Serialize};

use super::command::Command;
use super::document::Revision;
use super::{View, ach, claims, entities, inspector, map, reader, review, search, sources, timeline};
use crate::analysis::MentionStats;
use crate::model::Project;

/// One dockable panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pane {
    /// The list of sources.
    Sources,
    /// The selected source's text.
    Reader,
    /// The list of entities.
    Entities,
    /// The relationship map.
    Map,
    /// Fields of the selected item.
    Inspector,
    /// Search across all sources.
    Search,
    /// Suggested mentions waiting for review.
    Review,
    /// Claims and how the sources stand on them.
    Claims,
    /// Events on a time axis.
    Timeline,
    /// Competing hypotheses rated against the claims.
    Hypotheses,
}

impl Pane {
    /// Every pane.
    pub const ALL: [Self; 10] = [
        Self::Sources,
        Self::Reader,
        Self::Entities,
        Self::Map,
        Self::Inspector,
        Self::Search,
        Self::Review,
        Self::Claims,
        Self::Timeline,
        Self::Hypotheses,
    ];

    /// The pane's tab title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Sources => "Sources",
            Self::Reader => "Reader",
            Self::Entities => "Entities",
            Self::Map => "Map",
            Self::Inspector => "Inspector",
            Self::Search => "Search",
            Self::Review => "Suggestions",
            Self::Claims => "Claims",
            Self::Timeline => "Timeline",
            Self::Hypotheses => "Hypotheses",
        }
    }
}

impl Pane {
    /// Whether the default layout has the pane. The Hypotheses panel is opened when asked
    /// for (View ▸ Hypotheses, the palette), as a tab beside the map.
    pub fn in_default_layout(self) -> bool {
        !matches!(self, Self::Hypotheses)
    }
}

/// Brings `pane` to the front; a pane the layout lacks is first added as a tab beside the
/// map (or the reader, or in the outermost container).
pub fn show_pane(tree: &mut egui_tiles::Tree<Pane>, pane: Pane) {
    if tree.tiles.find_pane(&pane).is_none() {
        let anchor = [Pane::Map, Pane::Reader].iter().find_map(|p| tree.tiles.find_pane(p));
        let parent = anchor.and_then(|a| tree.tiles.parent_of(a)).or(tree.root);
        let new = tree.tiles.insert_pane(pane);
        match parent.and_then(|p| tree.tiles.get_mut(p)) {
            Some(egui_tiles::Tile::Container(container)) => container.add_child(new),
            _ => tree.root = Some(tree.tiles.insert_tab_tile(vec![new])),
        }
    }
    tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(p) if *p == pane));
}

/// The layout a new user sees: sources and entities on the left, reader and map in the
/// middle, the inspector on the right.
pub fn default_tree() -> egui_tiles::Tree<Pane> {
    tree(false)
}

/// The default layout with the reader and the map side by side instead of in tabs, for
/// dragging quotes from a source onto the relations they support.
pub fn reader_beside_map_tree() -> egui_tiles::Tree<Pane> {
    tree(true)
}

fn tree(reader_beside_map: bool) -> egui_tiles::Tree<Pane> {
    let mut tiles = egui_tiles::Tiles::default();
    let sources = tiles.insert_pane(Pane::Sources);
    let entities = tiles.insert_pane(Pane::Entities);
    let search = tiles.insert_pane(Pane::Search);
    let review = tiles.insert_pane(Pane::Review);
    let claims = tiles.insert_pane(Pane::Claims);
    let lower_left = tiles.insert_tab_tile(vec![entities, review, search, claims]);
    let left = tiles.insert_vertical_tile(vec![sources, lower_left]);
    let reader = tiles.insert_pane(Pane::Reader);
    let map = tiles.insert_pane(Pane::Map);
    let timeline = tiles.insert_pane(Pane::Timeline);
    let middle = if reader_beside_map {
        let reader = tiles.insert_tab_tile(vec![reader]);
        let map = tiles.insert_tab_tile(vec![map, timeline]);
        tiles.insert_horizontal_tile(vec![reader, map])
    } else {
        tiles.insert_tab_tile(vec![reader, map, timeline])
    };
    let inspector = tiles.insert_pane(Pane::Inspector);
    let root = tiles.insert_horizontal_tile(vec![left, middle, inspector]);
    if let Some(egui_tiles::Tile::Container(egui_tiles::Container::Linear(linear))) = tiles.get_mut(root) {
        // Two panes in the middle need more of the width than one.
        let (left_share, middle_share) = if reader_beside_map { (1.2, 3.4) } else { (1.7, 2.2) };
        linear.shares.set_share(left, left_share);
        linear.shares.set_share(middle, middle_share);
        linear.shares.set_share(inspector, 1.0);
    }
    egui_tiles::Tree::new(egui::Id::unique("dossier_tiles"), root, tiles)
}

/// What panes need while they are drawn.
pub struct Behavior<'a> {
    /// The open project, read-only.
    pub project: &'a Project,
    /// Selection and per-panel view state: each pane gets its own state and the selection
    /// read-only.
    pub view: &'a mut View,
    /// Where panels put their requests.
    pub commands: &'a mut Vec<Command>,
    /// Identifies the project's state, part by part.
    pub revision: Revision,
    /// Mention counts of the project.
    pub mention_counts: &'a MentionStats,
    /// The search index and its generation, once built.
    pub search_index: Option<(&'a crate::analysis::SearchIndex, u64)>,
}

impl egui_tiles::Behavior<Pane> for Behavior<'_> {
    fn pane_ui(
        &mut self,
        ui: &mut egui::Ui,
        _tile_id: egui_tiles::TileId,
        pane: &mut Pane,
    ) -> egui_tiles::UiResponse {
        let (project, revision, search_index, counts) =
            (self.project, self.revision, self.search_index, self.mention_counts);
        let commands = &mut *self.commands;
        let view = &mut *self.view;
        let selection = &view.selection;
        egui::Frame::new().inner_margin(6.0).show(ui, |ui| {
            ui.set_min_size(ui.available_size());
            match pane {
                Pane::Sources => {
                    sources::sources_ui(ui, project, counts, &mut view.sources, selection, commands);
                }
                Pane::Reader => {
                    let suggestions = (&view.review.suggestions, view.review.generation);
                    reader::reader_ui(
                        ui,
                        project,
                        revision,
                        &mut view.reader,
                        selection,
                        suggestions,
                        commands,
                    );
                }
                Pane::Entities => {
                    entities::entities_ui(
                        ui,
                        project,
                        revision,
                        counts,
                        &mut view.entities,
                        selection,
                        commands,
                    );
                }
                Pane::Map => map::map_ui(ui, project, revision, counts, &mut view.map, selection, commands),
                Pane::Search => search::search_ui(ui, project, search_index, &mut view.search, commands),
                Pane::Inspector => {
                    inspector::inspector_ui(ui, project, revision, &mut view.inspector, selection, commands);
                }
                Pane::Review => review::review_ui(ui, project, &mut view.review, commands),
                Pane::Claims => {
                    claims::claims_ui(ui, project, revision, &mut view.claims, selection, commands);
                }
                Pane::Timeline => {
                    timeline::timeline_ui(ui, project, revision, &mut view.timeline, selection, commands);
                }
                Pane::Hypotheses => ach::ach_ui(ui, project, revision, &mut view.ach, selection, commands),
            }
        });
        egui_tiles::UiResponse::None
    }

    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        pane.title().into()
    }

    fn simplification_options(&self) -> egui_tiles::SimplificationOptions {
        egui_tiles::SimplificationOptions { all_panes_must_have_tabs: true, ..Default::default() }
    }

    fn gap_width(&self, _style: &egui::Style) -> f32 {
        2.0
    }
}
