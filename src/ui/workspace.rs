//! The per-user workspace of a project: panel layout and selection, kept in
//! `.dossier/workspace.ron` inside the project folder (ignored by git by default).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::command::Selection;
use super::tiles::Pane;
use crate::store::{WORKSPACE_DIR, write_atomic};

const WORKSPACE_FILE: &str = "workspace.ron";
/// Workspace files are small; anything larger is not ours.
const MAX_WORKSPACE_BYTES: u64 = 4 << 20;

/// What is restored when a project is opened again.
#[derive(Serialize, Deserialize)]
pub struct Workspace {
    /// The panel layout.
    pub tree: egui_tiles::Tree<Pane>,
    /// What was selected.
    pub selection: Selection,
    /// The map shown and each map's camera.
    #[serde(default)]
    pub map: super::map::MapWorkspace,
}

/// Reads the workspace of the project in `dir`, if it has a usable one. A broken
/// workspace is not an error worth bothering the user with: the default layout is used.
pub fn load(dir: &Path) -> Option<Workspace> {
    let path = dir.join(WORKSPACE_DIR).join(WORKSPACE_FILE);
    let size = path.metadata().ok()?.len();
    if size > MAX_WORKSPACE_BYTES {
        log::warn!("{}: workspace file too large, using the default layout", path.display());
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    match ron::Options::default().with_recursion_limit(64).from_str::<Workspace>(&text) {
        Ok(workspace) if workspace.tree.root().is_some() && has_every_pane(&workspace.tree) => {
            Some(workspace)
        }
        Ok(_) => None,
        Err(error) => {
            log::warn!("{}: {error}; using the default layout", path.display());
            None
        }
    }
}

/// Writes the workspace of the project in `dir`.
pub fn save(dir: &Path, workspace: &Workspace) -> anyhow::Result<()> {
    let folder = dir.join(WORKSPACE_DIR);
    std::fs::create_dir_all(&folder)?;
    let text = ron::ser::to_string_pretty(workspace, ron::ser::PrettyConfig::default())?;
    write_atomic(&folder.join(WORKSPACE_FILE), text.as_bytes())?;
    Ok(())
}

/// Whether a saved layout shows every pane this version has (one saved by an older version
/// may lack a newer panel; the default layout is used then, so no panel is out of reach).
/// Panes opened only on demand need not be there.
fn has_every_pane(tree: &egui_tiles::Tree<super::tiles::Pane>) -> bool {
    super::tiles::Pane::ALL
        .iter()
        .filter(|pane| pane.in_default_layout())
        .all(|pane| tree.tiles.tiles().any(|tile| matches!(tile, egui_tiles::Tile::Pane(p) if p == pane)))
}
