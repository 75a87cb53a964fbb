//! The headless subcommands, and the entry point that picks GUI or CLI.

// This module is the command-line interface: printing to stdout is its job.
#![allow(clippy::print_stdout)]

mod ach;
mod bundle;
mod claims;
mod dump;
mod export;
mod import;
mod layout;
mod merge;
mod relate;
mod tag;
mod timeline;

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
    /// Load and validate a project; list unresolved merge conflicts and possible duplicate
    /// entities. Exit 0 when valid without conflicts, 1 when invalid or conflicts remain.
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
    /// Add a relation between two entities, with quotes as evidence; prints its id.
    ///
    /// A relation with the same ends and label gets the new evidence instead of a twin.
    Relate(relate::RelateArgs),
    /// Create a map, or extend the map of that name, with entities, notes and groups;
    /// prints its id. Entities without a position are placed on a circle.
    Map(relate::MapArgs),
    /// Add an event to the timeline, or a time with quotes as evidence to the event of
    /// that title; prints its id.
    Event(timeline::EventArgs),
    /// List the timeline's events in time order, with their times and sources.
    Timeline {
        /// The project folder.
        path: PathBuf,
        /// Print one JSON object: `events`, each with its times in EDTF, their intervals
        /// and the sources behind each.
        #[arg(long)]
        json: bool,
        /// Also draw the timeline into this file: SVG or PNG, by its extension.
        #[arg(long, value_name = "FILE")]
        picture: Option<PathBuf>,
        /// With --picture: one lane per entity (the default) or per source.
        #[arg(long, value_enum, default_value = "entity")]
        lanes: timeline::LanesArg,
        /// With a PNG --picture: pixels per point (1 to 8; 2 for sharp slides).
        #[arg(long, default_value_t = crate::export::timeline::PNG_SCALE)]
        scale: f32,
    },
    /// Write the whole project (RON files and texts) as one `.dossier` file to send.
    Bundle {
        /// The project folder.
        path: PathBuf,
        /// The bundle to write (`NAME.dossier`).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Unpack a `.dossier` bundle into a new (or empty) folder, checking it as it goes.
    Unbundle {
        /// The bundle.
        file: PathBuf,
        /// The folder to create.
        dir: PathBuf,
    },
    /// Load a project, change it in a way that depends on N, and save it (for the crash
    /// test, which kills this process during the save).
    #[command(hide = true)]
    Resave {
        /// The project folder.
        path: PathBuf,
        /// Which deterministic change to make.
        #[arg(long)]
        touch: u64,
    },
    /// Work with the project's entities.
    Entities {
        #[command(subcommand)]
        command: EntitiesCommand,
    },
    /// Lay out one map (force, circle, grid or hierarchy) and save; pinned nodes stay.
    Layout {
        /// The project folder.
        path: PathBuf,
        /// The map's id.
        #[arg(long)]
        map: String,
        /// How to arrange the nodes.
        #[arg(long, value_enum, default_value_t = layout::AlgorithmArg::Force)]
        algorithm: layout::AlgorithmArg,
        /// Seed for scattering nodes that share a position: the same seed gives the same map.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Three-way merge of one project file by item id; usable as a git merge driver:
    /// `git config merge.dossier.driver "dossier merge %O %A %B %P"`.
    ///
    /// The result is written into OURS. Conflicts keep our value and are added to
    /// conflicts.ron beside PATH (beside OURS without PATH). Exit 0 when clean, 1 with
    /// conflicts, 2 when an input is unreadable or invalid.
    Merge {
        /// The common ancestor's version (empty when there is none).
        base: PathBuf,
        /// Our version; the merged file is written here.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// The file's path in the project (`entities.ron`, `proj/maps.ron`): says which
        /// file it is; without it, the content tells.
        path: Option<PathBuf>,
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
        /// Pad each source's text with filler prose to about this many kilobytes (1,000
        /// sources of 100 KB make a 100 MB corpus); by default texts hold only the
        /// sentences that mention entities.
        #[arg(long, default_value_t = 0)]
        text_kb: usize,
    },
    /// List the claims: each with its supporting and contradicting sources, their weights
    /// and whether it is contested.
    Claims {
        /// The project folder.
        path: PathBuf,
        /// Print one JSON object with a `claims` array.
        #[arg(long)]
        json: bool,
    },
    /// Record claims with quoted evidence.
    Claim {
        #[command(subcommand)]
        command: ClaimCommand,
    },
    /// Analysis of competing hypotheses: print a matrix's hypotheses ranked by weighted
    /// inconsistency (the least inconsistent first), or export it as CSV, SVG or PNG;
    /// the subcommands build one.
    #[command(args_conflicts_with_subcommands = true)]
    Ach {
        #[command(subcommand)]
        command: Option<ach::AchCommand>,
        #[command(flatten)]
        show: ach::AchShowArgs,
    },
    /// Export a map or one slide (svg, png), a map's slide deck (deck), a map's graph
    /// (graphml, gexf, csv, json) or the annotations (webanno, brat).
    Export(export::ExportArgs),
}

#[derive(Subcommand, Debug)]
enum ClaimCommand {
    /// Record a claim with quotes that support, contradict or mention it, and save; prints
    /// its id. A claim with the same statement gets the new evidence instead of a twin.
    Add(claims::ClaimAddArgs),
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
            // A project's load errors each name their file already, one per line.
            match error.downcast_ref::<ProjectErrors>() {
                Some(errors) => eprintln!("{errors}"),
                None => eprintln!("dossier: {error:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

/// A project that did not load, as a subcommand reports it: every error on its own line,
/// each naming the file, line and column; the command exits 1.
#[derive(Debug)]
pub struct ProjectErrors(pub store::LoadErrors);

impl std::fmt::Display for ProjectErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ProjectErrors {}

/// Loads the project at `path` for a subcommand: the one way the command line loads a
/// project, so that every command reports a broken one alike.
pub fn load_project(path: &std::path::Path) -> anyhow::Result<crate::model::Project> {
    store::load(path).map_err(|errors| anyhow::Error::new(ProjectErrors(errors)))
}

/// As [`load_project`], for a command that reads only the RON files `files` (see
/// [`store::load_parts`]) and saves at most those.
pub fn load_project_parts(
    path: &std::path::Path,
    files: &[&'static str],
) -> anyhow::Result<crate::model::Project> {
    store::load_parts(path, files).map_err(|errors| anyhow::Error::new(ProjectErrors(errors)))
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
            let project = load_project(&path)?;
            let json = serde_json::to_string_pretty(&dump::Dump::new(&project))?;
            println!("{json}");
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { project, files, json }) => import::import(&project, &files, json),
        Some(Command::ExtractPdf { file, max_memory }) => import::extract_pdf(&file, max_memory),
        Some(Command::Tag { path, entity, accept, json }) => tag::tag(&path, entity.as_deref(), accept, json),
        Some(Command::Relate(args)) => relate::relate(&args),
        Some(Command::Map(args)) => relate::map(&args),
        Some(Command::Event(args)) => timeline::event(&args),
        Some(Command::Timeline { path, json, picture, lanes, scale }) => {
            timeline::timeline(&path, json, picture.as_deref().map(|file| (file, lanes.into(), scale)))
        }
        Some(Command::Bundle { path, output }) => bundle::bundle(&path, &output),
        Some(Command::Unbundle { file, dir }) => bundle::unbundle(&file, &dir),
        Some(Command::Resave { path, touch }) => bundle::resave(&path, touch),
        Some(Command::Entities { command: EntitiesCommand::Import { path, list, json } }) => {
            tag::import_entities(&path, &list, json)
        }
        Some(Command::Layout { path, map, algorithm, seed }) => {
            layout::layout(&path, &map, algorithm.into(), seed)
        }
        Some(Command::Merge { base, ours, theirs, path }) => {
            Ok(merge::merge(&base, &ours, &theirs, path.as_deref()))
        }
        Some(Command::Synth { out, sources, entities, relations, mentions, seed, text_kb }) => {
            let params = crate::synth::SynthParams {
                sources,
                entities,
                relations,
                mentions: mentions.unwrap_or(sources * 50),
                seed,
            };
            let project = crate::synth::synth_sized(&params, text_kb * 1000);
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
        Some(Command::Claims { path, json }) => claims::list(&path, json),
        Some(Command::Claim { command: ClaimCommand::Add(args) }) => claims::add(&args),
        Some(Command::Ach { command: Some(command), .. }) => ach::run(&command),
        Some(Command::Ach { command: None, show }) => ach::show(&show),
    }
}

/// How many groups of possible duplicates `dossier check` prints; `--json` has them all.
const SHOWN_DUPLICATE_GROUPS: usize = 5;

fn check(path: &std::path::Path, json: bool) -> ExitCode {
    let result = store::load(path);
    let (counts, errors) = match &result {
        Ok(p) => (
            [p.sources.len(), p.entities.len(), p.mentions.len(), p.relations.len(), p.maps.len()],
            Vec::new(),
        ),
        Err(e) => ([0; 5], e.0.iter().map(ToString::to_string).collect::<Vec<_>>()),
    };
    let project = result.as_ref().ok();
    let conflicts: Vec<(&crate::model::Conflict, bool)> = project
        .map(|p| p.conflicts.values().map(|c| (c, !p.conflict_is_live(c))).collect())
        .unwrap_or_default();
    let duplicates: Vec<Vec<(&str, &str)>> = project
        .map(|p| {
            crate::analysis::duplicate_entities(p)
                .iter()
                .map(|group| {
                    group
                        .iter()
                        .filter_map(|id| p.entities.get(id))
                        .map(|e| (e.id.as_str(), e.name.as_str()))
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    if json {
        let value = serde_json::json!({
            "valid": errors.is_empty(),
            "sources": counts[0],
            "entities": counts[1],
            "mentions": counts[2],
            "relations": counts[3],
            "maps": counts[4],
            "claims": project.map_or(0, |p| p.claims.len()),
            "events": project.map_or(0, |p| p.events.len()),
            "matrices": project.map_or(0, |p| p.matrices.len()),
            "errors": errors,
            "conflicts": conflicts.iter().map(|(c, stale)| serde_json::json!({
                "id": c.id.as_str(),
                "kind": c.kind.name(),
                "item": c.item,
                "field": c.field,
                "description": c.description,
                "stale": stale,
            })).collect::<Vec<_>>(),
            "duplicates": duplicates.iter().map(|group| group.iter().map(|(id, name)| serde_json::json!({
                "id": id,
                "name": name,
            })).collect::<Vec<_>>()).collect::<Vec<_>>(),
        });
        println!("{value}");
    } else if errors.is_empty() {
        // Hints first, the verdict last. Duplicates are only a hint, so a few are shown and
        // the rest counted; `--json` lists them all.
        if !duplicates.is_empty() {
            let more = duplicates.len().saturating_sub(SHOWN_DUPLICATE_GROUPS);
            let count = duplicates.len();
            let groups = if count == 1 { "group" } else { "groups" };
            println!("possible duplicates: {count} {groups} of entities");
            for group in duplicates.iter().take(SHOWN_DUPLICATE_GROUPS) {
                let names: Vec<String> = group.iter().map(|(id, name)| format!("{id} ({name})")).collect();
                println!("  {}", names.join(", "));
            }
            if more > 0 {
                println!("  … and {more} more (dossier check --json lists them all)");
            }
        }
        for (conflict, stale) in &conflicts {
            let stale = if *stale { " (stale: its item is gone)" } else { "" };
            println!("unresolved conflict {}: {}{stale}", conflict.id, conflict.description);
        }
        // Claims are counted once a project has some, so older output stays as it was.
        let claims = match project.map_or(0, |p| p.claims.len()) {
            0 => String::new(),
            n => format!(", {n} claims"),
        };
        println!(
            "{}: valid: {} sources, {} entities, {} mentions, {} relations, {} maps{claims}",
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
    // Possible duplicates are a hint; unresolved conflicts are unfinished work.
    if errors.is_empty() && conflicts.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
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
