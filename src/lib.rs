//! Dossier: a workbench for source-based analysis.
//!
//! An analyst opens a project of sources, tags the entities they mention, draws
//! relationship maps whose every line is backed by quotes, and saves it all as plain RON
//! files.
//!
//! # Module map
//!
//! - [`model`]: the domain types and their invariants (no egui, no files), and what items
//!   are called on screen (entity names, relation titles); claims with their weights from
//!   the Admiralty grades, and which relations a contested claim disputes.
//!   are called on screen (entity names, relation titles); timeline events with their
//!   times in EDTF (`model::Edtf`) and the intervals they cover; matrices of competing
//!   hypotheses rated against the claims (`model::AchMatrix`).
//! - [`edit`]: every change as an [`edit::Edit`], applied with its inverse kept in
//!   [`edit::History`] for undo; tagging, merging and splitting entities, citing quotes as
//!   evidence, recording claims, resolving merge conflicts.
//! - [`store`]: the project folder on disk: atomic, deterministic, safe to load; autosave
//!   recovery, the three-way merge of projects, and `.dossier` bundles.
//! - [`analysis`]: derived data from the texts and the maps: folding (case- and
//!   accent-insensitive matching with offsets back to the original), find in one source,
//!   project-wide search, the mention finder and its suggestions (one per place, with
//!   every entity the name may stand for), possible duplicate entities, entity lists,
//!   co-occurrence, and map layouts (force with a multilevel start, circle, grid,
//!   hierarchy), and date suggestions for timeline events (dates, parts of day, weekdays,
//!   "a week ago") read against a source's publication date; the scores, ranks and
//!   diagnostic rows of a matrix of competing hypotheses ([`analysis::ach`]).
//! - [`ingest`]: turning files (text in any encoding, Markdown, HTML, PDF) into sources;
//!   PDF text comes from our own content-stream reader on lopdf, in a child process.
//! - [`export`]: maps as pictures (one renderer-neutral scene, drawn as SVG and PNG),
//!   slide decks, and graphs (`GraphML`, GEXF, CSV, Cytoscape.js JSON) that networkx,
//!   igraph and Gephi read; annotations as W3C Web Annotations and brat standoff. The
//!   scene has two parts: [`export::scene::geometry`] (the shapes of a map, from
//!   [`geometry`]) and [`export::scene::page`] (fitting it to a page or slide, with
//!   title, caption, legend and sources). A matrix of competing hypotheses is written as
//!   CSV, SVG or PNG by [`export::ach`], the timeline as SVG or PNG by [`export::timeline`].
//! - [`geometry`]: the one map geometry of the canvas and the exports: node sizes, the
//!   routes of relations (bends, loops, bundles) and label placement without overlaps.
//! - [`progress`]: [`progress::Progress`], how far long work has got and the one way to
//!   cancel it, taken by the import, PDF extraction, mention scan, search index, layouts
//!   and slide decks.
//! - [`text`]: folding and word boundaries, shared by the analysis and the edits.
//! - [`bounded_read`]: the one way a file that may be hostile or huge is read whole.
//! - [`synth`]: large generated projects for benchmarks and scale tests.
//! - [`cli`]: the headless subcommands; [`cli::load_project`] is how each loads a project.
//! - `ui` (feature `gui`): the eframe app: panels, dialogs (`ui::modals`), background jobs
//!   (`ui::jobs`, each a `ui::task::Task` carrying a [`progress::Progress`]) and the
//!   action table behind menus and shortcuts (`ui::actions`). Each panel draws from its
//!   own state and the shared selection; the Reader (`ui::reader`), the Inspector
//!   (`ui::inspector`) and the Map (`ui::map`) are folders of their parts.
//!
//! # Data flow
//!
//! The UI reads the project immutably during a frame. Panels never change it: they push
//! commands, which the app runs at the end of the frame; edits go through
//! [`edit::History`] so that each can be undone. Changing the selection, or showing
//! something in another panel (a quote in the Reader, an entity on the map), is a command
//! too. View state (selection, layout) is not project data and is never undoable.

pub mod analysis;
pub mod bounded_read;
pub mod cli;
pub mod edit;
pub mod export;
pub mod geometry;
pub mod ingest;
pub mod model;
pub mod progress;
pub mod store;
pub mod synth;
pub mod text;

#[cfg(feature = "gui")]
pub mod ui;
