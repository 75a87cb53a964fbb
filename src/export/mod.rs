//! Exports: a map as a picture (SVG, PNG) or as a graph for other tools (`GraphML`, GEXF,
//! CSV, Cytoscape.js JSON), the project's annotations (W3C Web Annotation, brat), and a
//! matrix of competing hypotheses as CSV, SVG or PNG ([`ach`]).
//! No egui.
//!
//! Pictures go through one renderer-neutral [`Scene`]: the project and a map (or one
//! slide of its storyboard) become shapes in map coordinates plus a title, caption,
//! legend and list of sources; the SVG writer draws the scene and the PNG is that SVG
//! rasterised with the bundled fonts only. [`deck`] writes every slide of a map as
//! numbered pictures with a Markdown or HTML page that shows them in order.

pub mod ach;
pub mod annotations;
pub mod deck;
pub mod graph;
pub mod png;
pub mod scene;
pub mod style;
pub mod svg;
pub mod timeline;
mod xml;

use std::collections::BTreeSet;
use std::path::PathBuf;

pub use graph::{GexfVersion, MapGraph};
pub use scene::{Rect, Scene, SceneOptions};

use crate::model::{EntityId, Map, MapId, Project};

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The project has no map to export.
    #[error("the project has no maps; make one in the GUI first")]
    NoMaps,
    /// The asked-for map does not exist.
    #[error("there is no map `{wanted}`; the maps are: {}", known.join(", "))]
    UnknownMap {
        /// The id asked for.
        wanted: String,
        /// The ids there are.
        known: Vec<String>,
    },
    /// The asked-for slide is not in the map's storyboard.
    #[error("map `{map}` has no slide {wanted}; it has {}", count_slides(*count))]
    NoSlide {
        /// The map's id.
        map: String,
        /// The slide asked for, counted from 1.
        wanted: usize,
        /// How many slides the map has.
        count: usize,
    },
    /// A slide asked of a format that is not a picture.
    #[error("a slide can be exported as svg or png only, not as {0}")]
    SlideNotPicture(&'static str),
    /// A timeline picture of a project without events.
    #[error("the project has no events with a time; record events from the Reader first")]
    NoEvents,
    /// A deck of a map without slides.
    #[error("map `{0}` has no slides; add slides to its storyboard first")]
    NoSlides(String),
    /// A deck written into a folder that holds other things.
    #[error(
        "{} is not empty and holds no earlier deck; choose an empty or new folder",
        .0.display()
    )]
    FolderNotEmpty(PathBuf),
    /// A deck's folder, or the folder of a format that writes several files, is a file.
    #[error("{} is a file; this export is written into a folder", .0.display())]
    NotAFolder(PathBuf),
    /// The export was cancelled through its [`crate::progress::Progress`].
    #[error("the export was cancelled")]
    Cancelled,
    /// Reading or writing a file failed.
    #[error("{verb} {}: {source}", path.display())]
    File {
        /// "writing", "reading", "creating" or "removing".
        verb: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A PNG scale that is not a number between 0 and [`png::MAX_SCALE`].
    #[error("scale {0} is not between 0 and {max}", max = png::MAX_SCALE)]
    Scale(f32),
    /// A PNG that would be too large.
    #[error("the picture would be {width}×{height} pixels, more than {max} on a side; use a smaller --scale", max = png::MAX_SIDE_PX)]
    TooBig {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// Our own SVG did not parse (a bug).
    #[error("the SVG could not be drawn: {0}")]
    Svg(String),
    /// PNG encoding failed.
    #[error("the PNG could not be encoded: {0}")]
    Png(String),
    /// Writing CSV failed.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing in memory failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<crate::progress::Cancelled> for ExportError {
    fn from(crate::progress::Cancelled: crate::progress::Cancelled) -> Self {
        Self::Cancelled
    }
}

fn count_slides(count: usize) -> String {
    match count {
        0 => "no slides".to_owned(),
        1 => "1 slide".to_owned(),
        n => format!("{n} slides"),
    }
}

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A picture of the map as SVG.
    Svg,
    /// A picture of the map as PNG.
    Png,
    /// The map's graph as `GraphML`.
    GraphMl,
    /// The map's graph as GEXF.
    Gexf,
    /// The map's graph as `nodes.csv` and `edges.csv` in a folder.
    Csv,
    /// The map's graph as Cytoscape.js elements JSON.
    Json,
    /// Every mention and evidence quote as W3C Web Annotations (JSON-LD).
    WebAnnotation,
    /// Every source's text and annotations as a brat standoff folder.
    Brat,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Self; 8] = [
        Self::Svg,
        Self::Png,
        Self::GraphMl,
        Self::Gexf,
        Self::Csv,
        Self::Json,
        Self::WebAnnotation,
        Self::Brat,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::GraphMl => "graphml",
            Self::Gexf => "gexf",
            Self::Csv => "csv",
            Self::Json => "json",
            Self::WebAnnotation => "webanno",
            Self::Brat => "brat",
        }
    }

    /// The format with this command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether the format is written as a folder of files rather than one file.
    pub fn is_folder(self) -> bool {
        matches!(self, Self::Csv | Self::Brat)
    }

    /// Whether the format is a picture, which can show one slide of a map.
    pub fn is_picture(self) -> bool {
        matches!(self, Self::Svg | Self::Png)
    }

    /// Whether the format draws or lists one map (the others cover the whole project).
    pub fn needs_map(self) -> bool {
        !matches!(self, Self::WebAnnotation | Self::Brat)
    }
}

/// What to export and how.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// The format.
    pub format: Format,
    /// The map; `None` takes the project's first map.
    pub map: Option<MapId>,
    /// Pictures only: draw this slide (an index into the map's slides, from 0) instead
    /// of the whole map; `scene` is then ignored.
    pub slide: Option<usize>,
    /// PNG pixels per map unit.
    pub scale: f32,
    /// Which GEXF to write.
    pub gexf_version: GexfVersion,
    /// Camera, visible entities, title, legend and source list of pictures; `visible`
    /// also limits the graph formats.
    pub scene: SceneOptions,
}

impl ExportOptions {
    /// The defaults for `format`: first map, scale 1, GEXF 1.3, everything shown.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            map: None,
            slide: None,
            scale: 1.0,
            gexf_version: GexfVersion::default(),
            scene: SceneOptions::default(),
        }
    }
}

/// What an export produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// The contents of one file.
    File(Vec<u8>),
    /// Files of a folder, by name.
    Folder(Vec<(String, Vec<u8>)>),
}

impl Output {
    /// Writes the export at `path`: the file, or the folder (created if needed) with its
    /// files. Returns how many files were written. The GUI and the command line both
    /// write exports through this.
    pub fn write_to(&self, path: &std::path::Path) -> Result<usize, ExportError> {
        let failed = |verb, path: &std::path::Path| {
            let path = path.to_owned();
            move |source| ExportError::File { verb, path, source }
        };
        match self {
            Self::File(bytes) => {
                std::fs::write(path, bytes).map_err(failed("writing", path))?;
                Ok(1)
            }
            Self::Folder(files) => {
                if path.is_file() {
                    return Err(ExportError::NotAFolder(path.to_owned()));
                }
                std::fs::create_dir_all(path).map_err(failed("creating", path))?;
                for (name, bytes) in files {
                    let file = path.join(name);
                    std::fs::write(&file, bytes).map_err(failed("writing", &file))?;
                }
                Ok(files.len())
            }
        }
    }
}

/// The map `id`, or the project's first map; an error lists the ids there are.
pub fn find_map<'a>(project: &'a Project, id: Option<&MapId>) -> Result<&'a Map, ExportError> {
    match id {
        None => project.maps.values().next().ok_or(ExportError::NoMaps),
        Some(id) => project.maps.get(id).ok_or_else(|| {
            if project.maps.is_empty() {
                ExportError::NoMaps
            } else {
                ExportError::UnknownMap {
                    wanted: id.to_string(),
                    known: project.maps.keys().map(ToString::to_string).collect(),
                }
            }
        }),
    }
}

/// Runs one export in memory.
pub fn export(project: &Project, options: &ExportOptions) -> Result<Output, ExportError> {
    let map = || find_map(project, options.map.as_ref());
    let visible: Option<&BTreeSet<EntityId>> = options.scene.visible.as_ref();
    let graph = |map| MapGraph::new(project, map, visible);
    if options.slide.is_some() && !options.format.is_picture() {
        return Err(ExportError::SlideNotPicture(options.format.name()));
    }
    let picture = || -> Result<String, ExportError> {
        let map = map()?;
        let scene = match options.slide {
            Some(index) => Scene::build(project, map, &SceneOptions::for_slide(map, index)?),
            None => Scene::build(project, map, &options.scene),
        };
        Ok(svg::svg_from_scene(&scene))
    };
    let output = match options.format {
        Format::Svg => Output::File(picture()?.into_bytes()),
        Format::Png => Output::File(png::png_from_svg(&picture()?, options.scale)?),
        Format::GraphMl => Output::File(graph::graphml(&graph(map()?)).into_bytes()),
        Format::Gexf => Output::File(graph::gexf(&graph(map()?), options.gexf_version).into_bytes()),
        Format::Csv => {
            let (nodes, edges) = graph::csv_tables(&graph(map()?))?;
            Output::Folder(vec![
                ("nodes.csv".to_owned(), nodes.into_bytes()),
                ("edges.csv".to_owned(), edges.into_bytes()),
            ])
        }
        Format::Json => Output::File(pretty_json(&graph::cytoscape_json(&graph(map()?)))?),
        Format::WebAnnotation => Output::File(pretty_json(&annotations::web_annotations(project))?),
        Format::Brat => Output::Folder(
            annotations::brat_files(project)
                .into_iter()
                .map(|(name, text)| (name, text.into_bytes()))
                .collect(),
        ),
    };
    Ok(output)
}

fn pretty_json(value: &serde_json::Value) -> Result<Vec<u8>, ExportError> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    Ok(text.into_bytes())
}
