//! `dossier export`: a map (or one of its slides) as SVG or PNG, a map's slide deck, a
//! map as `GraphML`, GEXF, CSV or Cytoscape.js JSON, or the project's annotations as W3C
//! Web Annotations or a brat folder.

use std::process::ExitCode;

use crate::export::deck::{self, DeckImage, DeckOptions, DeckPage};
use crate::export::{self, ExportOptions, Format, GexfVersion, Output};
use crate::model::{MapId, Project};
use crate::progress::Progress;

/// The export formats, as `--format` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// The map as an SVG picture.
    Svg,
    /// The map as a PNG picture (see --scale).
    Png,
    /// The map's graph as `GraphML`.
    Graphml,
    /// The map's graph as GEXF (see --gexf-version).
    Gexf,
    /// The map's graph as a folder with nodes.csv and edges.csv (Gephi's columns).
    Csv,
    /// The map's graph as Cytoscape.js elements JSON.
    Json,
    /// Every mention and evidence quote as W3C Web Annotations (JSON-LD).
    Webanno,
    /// Every source's text and annotations as a brat standoff folder.
    Brat,
    /// Every slide of the map as numbered pictures plus a page that shows them, in a
    /// folder (see --deck-image, --deck-page).
    Deck,
}

impl FormatArg {
    /// The library's format; `None` for the deck, which has its own writer.
    fn format(self) -> Option<Format> {
        Some(match self {
            Self::Svg => Format::Svg,
            Self::Png => Format::Png,
            Self::Graphml => Format::GraphMl,
            Self::Gexf => Format::Gexf,
            Self::Csv => Format::Csv,
            Self::Json => Format::Json,
            Self::Webanno => Format::WebAnnotation,
            Self::Brat => Format::Brat,
            Self::Deck => return None,
        })
    }
}

/// The pictures of a deck, as `--deck-image` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DeckImageArg {
    /// PNG (see --scale).
    Png,
    /// SVG.
    Svg,
}

/// The page of a deck, as `--deck-page` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DeckPageArg {
    /// index.md.
    Md,
    /// index.html, self-contained.
    Html,
}

/// The GEXF versions, as `--gexf-version` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GexfVersionArg {
    /// GEXF 1.3 (Gephi 0.9 and later).
    #[value(name = "1.3")]
    V1_3,
    /// GEXF 1.2draft (networkx, older Gephi).
    #[value(name = "1.2draft")]
    V1_2Draft,
}

/// The arguments of `dossier export`.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The project folder.
    project: std::path::PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    format: FormatArg,
    /// The map to export, by id (default: the project's first map).
    #[arg(long)]
    map: Option<String>,
    /// SVG and PNG only: draw slide N of the map's storyboard (from 1) instead of the
    /// whole map.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    slide: Option<u32>,
    /// PNG and deck only: pixels per map unit (1 to 8; 2 for sharp slides).
    #[arg(long)]
    scale: Option<f32>,
    /// Deck only: the slides' pictures (default png).
    #[arg(long, value_enum)]
    deck_image: Option<DeckImageArg>,
    /// Deck only: the page that shows the slides (default md).
    #[arg(long, value_enum)]
    deck_page: Option<DeckPageArg>,
    /// GEXF only: the version to write.
    #[arg(long, value_enum)]
    gexf_version: Option<GexfVersionArg>,
    /// The file to write; a folder for csv, brat and deck.
    #[arg(short = 'o', long = "output")]
    out: std::path::PathBuf,
}

/// The usage error of options that do not go with each other, if any.
fn misuse(args: &ExportArgs) -> Option<&'static str> {
    let format = args.format;
    let png_pictures = matches!(format, FormatArg::Png)
        || format == FormatArg::Deck && args.deck_image != Some(DeckImageArg::Svg);
    if args.scale.is_some() && !png_pictures {
        return Some("--scale applies to --format png, and to --format deck with png pictures, only");
    }
    if args.gexf_version.is_some() && format != FormatArg::Gexf {
        return Some("--gexf-version applies to --format gexf only");
    }
    if args.slide.is_some() && !matches!(format, FormatArg::Svg | FormatArg::Png) {
        return Some("--slide applies to --format svg and png only (--format deck writes every slide)");
    }
    if (args.deck_image.is_some() || args.deck_page.is_some()) && format != FormatArg::Deck {
        return Some("--deck-image and --deck-page apply to --format deck only");
    }
    None
}

/// `dossier export PROJECT --format FORMAT [--map ID] [--slide N] [--scale K]
/// [--gexf-version V] [--deck-image I] [--deck-page P] -o OUT`.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    if let Some(message) = misuse(args) {
        eprintln!("dossier: {message}");
        return Ok(ExitCode::from(2));
    }
    let project = super::load_project(&args.project)?;
    let Some(format) = args.format.format() else {
        return export_deck(args, &project);
    };
    let mut options = ExportOptions::new(format);
    options.map = args.map.as_deref().map(MapId::from);
    options.slide = args.slide.map(|n| n as usize - 1);
    options.scale = args.scale.unwrap_or(1.0);
    options.gexf_version = match args.gexf_version {
        Some(GexfVersionArg::V1_2Draft) => GexfVersion::V1_2Draft,
        Some(GexfVersionArg::V1_3) | None => GexfVersion::V1_3,
    };
    let output =
        export::export(&project, &options).map_err(|e| anyhow::anyhow!("{}: {e}", args.project.display()))?;
    let files = output.write_to(&args.out)?;
    match &output {
        Output::File(bytes) => println!("wrote {} ({} bytes)", args.out.display(), bytes.len()),
        Output::Folder(_) => println!("wrote {files} files to {}", args.out.display()),
    }
    Ok(ExitCode::SUCCESS)
}

/// `--format deck`: every slide of the map into the folder `args.out`.
fn export_deck(args: &ExportArgs, project: &Project) -> anyhow::Result<ExitCode> {
    let in_project = |e| anyhow::anyhow!("{}: {e}", args.project.display());
    let map = export::find_map(project, args.map.as_deref().map(MapId::from).as_ref()).map_err(in_project)?;
    let options = DeckOptions {
        image: match args.deck_image {
            Some(DeckImageArg::Svg) => DeckImage::Svg,
            Some(DeckImageArg::Png) | None => DeckImage::Png { scale: args.scale.unwrap_or(1.0) },
        },
        page: match args.deck_page {
            Some(DeckPageArg::Html) => DeckPage::Html,
            Some(DeckPageArg::Md) | None => DeckPage::Markdown,
        },
    };
    let report =
        deck::write_deck(project, map, &args.out, &options, &Progress::new()).map_err(|e| match e {
            // These name the folder already; the rest are about the project.
            export::ExportError::FolderNotEmpty(_)
            | export::ExportError::NotAFolder(_)
            | export::ExportError::File { .. } => anyhow::anyhow!("{e}"),
            e => in_project(e),
        })?;
    println!(
        "wrote {} slides and {} to {}",
        report.images.len(),
        report.page.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
        report.dir.display()
    );
    for removed in &report.removed {
        println!("removed {} (from the earlier deck)", removed.display());
    }
    Ok(ExitCode::SUCCESS)
}
