//! `dossier export`: a map as SVG, PNG, `GraphML`, GEXF, CSV or Cytoscape.js JSON, or the
//! project's annotations as W3C Web Annotations or a brat folder.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::export::{self, ExportOptions, Format, GexfVersion, Output};
use crate::model::MapId;
use crate::store;

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
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            Self::Svg => Format::Svg,
            Self::Png => Format::Png,
            Self::Graphml => Format::GraphMl,
            Self::Gexf => Format::Gexf,
            Self::Csv => Format::Csv,
            Self::Json => Format::Json,
            Self::Webanno => Format::WebAnnotation,
            Self::Brat => Format::Brat,
        }
    }
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
    /// PNG only: pixels per map unit (1 to 8; 2 for sharp slides).
    #[arg(long)]
    scale: Option<f32>,
    /// GEXF only: the version to write.
    #[arg(long, value_enum)]
    gexf_version: Option<GexfVersionArg>,
    /// The file to write; a folder for csv and brat.
    #[arg(short = 'o', long = "output")]
    out: std::path::PathBuf,
}

/// `dossier export PROJECT --format FORMAT [--map ID] [--scale K] [--gexf-version V] -o OUT`.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let format = args.format.format();
    if args.scale.is_some() && format != Format::Png {
        eprintln!("dossier: --scale applies to --format png only");
        return Ok(ExitCode::from(2));
    }
    if args.gexf_version.is_some() && format != Format::Gexf {
        eprintln!("dossier: --gexf-version applies to --format gexf only");
        return Ok(ExitCode::from(2));
    }
    let project = match store::load(&args.project) {
        Ok(project) => project,
        Err(errors) => {
            eprintln!("{errors}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut options = ExportOptions::new(format);
    options.map = args.map.as_deref().map(MapId::from);
    options.scale = args.scale.unwrap_or(1.0);
    options.gexf_version = match args.gexf_version {
        Some(GexfVersionArg::V1_2Draft) => GexfVersion::V1_2Draft,
        Some(GexfVersionArg::V1_3) | None => GexfVersion::V1_3,
    };
    let output =
        export::export(&project, &options).map_err(|e| anyhow::anyhow!("{}: {e}", args.project.display()))?;
    match output {
        Output::File(bytes) => {
            std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
            println!("wrote {} ({} bytes)", args.out.display(), bytes.len());
        }
        Output::Folder(files) => {
            write_folder(&args.out, &files)?;
            println!("wrote {} files to {}", files.len(), args.out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    if dir.is_file() {
        anyhow::bail!("{} is a file; this format writes a folder", dir.display());
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
