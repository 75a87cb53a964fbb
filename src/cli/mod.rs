//! The headless subcommands, and the entry point that picks GUI or CLI.

// This module is the command-line interface: printing to stdout is its job.
#![allow(clippy::print_stdout)]

mod dump;
mod export;
mod import;
mod tag;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::store;

/// Dossier: sources, entities and evidence-backed relationship maps.
#[derive(Parser, Debug)]
#[command(name = "dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open a project in the GUI.
    Open {
        /// The project folder.
        path: PathBuf,
    },
    /// Create an empty project.
    New {
        /// The folder to create.
        path: PathBuf,
        /// The project's title (default: the folder's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Load and validate a project; exit 0 when valid, 1 when not.
    Check {
        /// The project folder.
        path: PathBuf,
        /// Print one JSON object with the counts and an `errors` array.
        #[arg(long)]
        json: bool,
    },
    /// Print the whole project as one JSON document (shape in docs/FORMAT.md).
    Dump {
        /// The project folder.
        path: PathBuf,
    },
    /// Import files and folders (text, Markdown, HTML, PDF) as new sources, and save.
    ///
    /// Exit 0 when every file was imported or was a duplicate, 1 when any failed (the
    /// others are still imported and saved).
    Import {
        /// The project folder.
        project: PathBuf,
        /// Files and folders to import (folders are walked recursively).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object: `imported`, `duplicates` and `errors`.
        #[arg(long)]
        json: bool,
    },
    /// Print a PDF's text, pages separated by form feeds (run by the importer in a child
    /// process).
    #[command(hide = true)]
    ExtractPdf {
        /// The PDF, or `-` for standard input.
        file: PathBuf,
        /// Cap this process's memory (address space) at this many bytes.
        #[arg(long)]
        max_memory: Option<u64>,
    },
    /// Find where the sources name the entities; with --accept, make them mentions.
    Tag {
        /// The project folder.
        path: PathBuf,
        /// Only this entity (by id).
        #[arg(long)]
        entity: Option<String>,
        /// Turn every suggestion into a mention and save the project.
        #[arg(long)]
        accept: bool,
        /// Print one JSON object: per entity its mentions, suggestions and sources.
        #[arg(long)]
        json: bool,
    },
    /// Work with the project's entities.
    Entities {
        #[command(subcommand)]
        command: EntitiesCommand,
    },
    /// Write a large generated project for benchmarks and scale tests.
    Synth {
        /// The folder to write.
        out: PathBuf,
        /// Number of sources.
        #[arg(long, default_value_t = 100)]
        sources: usize,
        /// Number of entities.
        #[arg(long, default_value_t = 500)]
        entities: usize,
        /// Number of relations.
        #[arg(long, default_value_t = 1000)]
        relations: usize,
        /// Total number of mentions (default: 50 per source).
        #[arg(long)]
        mentions: Option<usize>,
        /// Seed of the generator: the same seed gives the same project.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Export a map (svg, png, graphml, gexf, csv, json) or the annotations (webanno, brat).
    Export(export::ExportArgs),
}

#[derive(Subcommand, Debug)]
enum EntitiesCommand {
    /// Add or update entities from a CSV list (columns name, kind, aliases; optional notes).
    Import {
        /// The project folder.
        path: PathBuf,
        /// The CSV list.
        list: PathBuf,
        /// Print one JSON object with the counts and an `errors` array.
        #[arg(long)]
        json: bool,
    },
}

/// Runs the program: parses arguments, then opens the GUI or runs a subcommand.
pub fn main() -> ExitCode {
    init_logging();
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with exit 0; usage errors exit 2.
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("dossier: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `dossier dump PATH | head` closes the pipe early; `println!` then panics. Like other
/// Unix tools, stop quietly instead of printing a panic.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

fn init_logging() {
    let env = env_logger::Env::default().default_filter_or("warn");
    let _ = env_logger::Builder::from_env(env).try_init();
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => open_gui(None),
        Some(Command::Open { path }) => open_gui(Some(path)),
        Some(Command::New { path, title }) => {
            let title = title.unwrap_or_else(|| {
                path.file_name().map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned())
            });
            store::create(&path, &title).with_context(|| format!("creating {}", path.display()))?;
            println!("created {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check { path, json }) => Ok(check(&path, json)),
        Some(Command::Dump { path }) => {
            let project = store::load(&path).map_err(|e| anyhow::anyhow!("{e}"))?;
            let json = serde_json::to_string_pretty(&dump::Dump::new(&project))?;
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { project, files, json }) => import::import(&project, &files, json),
        Some(Command::ExtractPdf { file, max_memory }) => import::extract_pdf(&file, max_memory),
        Some(Command::Tag { path, entity, accept, json }) => tag::tag(&path, entity.as_deref(), accept, json),
        Some(Command::Entities { command: EntitiesCommand::Import { path, list, json } }) => {
            tag::import_entities(&path, &list, json)
        }
        Some(Command::Synth { out, sources, entities, relations, mentions, seed }) => {
            let params = crate::synth::SynthParams {
                sources,
                entities,
                relations,
                mentions: mentions.unwrap_or(sources * 50),
                seed,
            };
            let project = crate::synth::synth(&params);
            store::save(&project, &out).with_context(|| format!("writing {}", out.display()))?;
            println!(
                "wrote {}: {} sources, {} entities, {} mentions, {} relations",
                out.display(),
                project.sources.len(),
                project.entities.len(),
                project.mentions.len(),
                project.relations.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export(args)) => export::export(&args),
    }
}

fn check(path: &std::path::Path, json: bool) -> ExitCode {
    let result = store::load(path);
    let (counts, errors) = match &result {
        Ok(p) => (
            [p.sources.len(), p.entities.len(), p.mentions.len(), p.relations.len(), p.maps.len()],
            Vec::new(),
        ),
        Err(e) => ([0; 5], e.0.iter().map(ToString::to_string).collect::<Vec<_>>()),
    };
    if json {
        let value = serde_json::json!({
            "valid": errors.is_empty(),
            "sources": counts[0],
            "entities": counts[1],
            "mentions": counts[2],
            "relations": counts[3],
            "maps": counts[4],
            "errors": errors,
        });
        println!("{value}");
    } else if errors.is_empty() {
        println!(
            "{}: valid: {} sources, {} entities, {} mentions, {} relations, {} maps",
            path.display(),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            counts[4]
        );
    } else {
        for error in &errors {
            println!("{error}");
        }
    }
    if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

#[cfg(feature = "gui")]
fn open_gui(path: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    crate::ui::run_native(path)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_gui(_path: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this build has no GUI (built without the `gui` feature); use a subcommand, see --help")
}
