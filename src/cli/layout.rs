//! `dossier layout`: lay out one map of a project without the GUI, and save.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;

use crate::analysis::layout::{self, Algorithm, LayoutGraph, LayoutOptions};
use crate::edit::{Edit, apply};
use crate::model::MapId;
use crate::progress::Progress;
use crate::store;

/// `--algorithm` of `dossier layout`: the layouts by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AlgorithmArg {
    /// Forces between related and unrelated nodes (the default).
    Force,
    /// Evenly spaced on a circle.
    Circle,
    /// Rows and columns.
    Grid,
    /// Layers along the direction of the relations.
    Hierarchy,
}

impl From<AlgorithmArg> for Algorithm {
    fn from(arg: AlgorithmArg) -> Self {
        match arg {
            AlgorithmArg::Force => Self::Force,
            AlgorithmArg::Circle => Self::Circle,
            AlgorithmArg::Grid => Self::Grid,
            AlgorithmArg::Hierarchy => Self::Hierarchy,
        }
    }
}

/// `dossier layout PROJECT --map ID [--algorithm NAME] [--seed N]`.
pub fn layout(path: &Path, map: &str, algorithm: Algorithm, seed: u64) -> anyhow::Result<ExitCode> {
    let mut project = super::load_project(path)?;
    let Some(current) = project.maps.get(&MapId::from(map)) else {
        let known: Vec<&str> = project.maps.keys().map(MapId::as_str).collect();
        let known = if known.is_empty() {
            "the project has no maps".to_owned()
        } else {
            format!("maps: {}", known.join(", "))
        };
        eprintln!("dossier: {}: there is no map `{map}` ({known})", path.display());
        return Ok(ExitCode::from(2));
    };

    let started = Instant::now();
    let graph = LayoutGraph::from_map(&project, current);
    let options = LayoutOptions { algorithm, seed };
    let outcome = layout::run_measured(&graph, &options, &Progress::new())
        .context("the layout stopped before it finished")?;
    let updated = graph.apply(current, &outcome.positions);
    let moved = current.nodes.values().zip(updated.nodes.values()).filter(|(a, b)| a != b).count();
    let name = updated.name.clone();
    apply(&mut project, &Edit::put(updated)).context("updating the map")?;
    // Only the map moved: the other files are as they were loaded.
    store::save_files(&project, path, &[store::MAPS_FILE])
        .with_context(|| format!("saving {}", path.display()))?;
    // How the force layout ended tells whether running it again would change the picture.
    let iterations = match (outcome.iterations, outcome.stable) {
        (0, _) => String::new(),
        (n, true) => format!(", stable after {n} iterations"),
        (n, false) => format!(", {n} iterations, stopped by the iteration cap before it was stable"),
    };
    println!(
        "laid out map `{map}` ({name}) with {}: {moved} of {} nodes moved, {} relations{iterations}, {:.2} s",
        algorithm.name(),
        graph.ids.len(),
        graph.edges.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
