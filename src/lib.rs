//! Dossier: a workbench for source-based analysis.
//!
//! An analyst opens a project of sources, tags the entities they mention, draws
//! relationship maps whose every line is backed by quotes, and saves it all as plain RON
//! files.
//!
//! # Module map
//!
//! - [`model`]: the domain types and their invariants (no egui, no files).
//! - [`edit`]: every change as an [`edit::Edit`], applied with its inverse kept in
//!   [`edit::History`] for undo.
//! - [`store`]: the project folder on disk: atomic, deterministic, safe to load.
//! - [`analysis`]: derived data from the texts: folding (case- and accent-insensitive
//!   matching with offsets back to the original) and project-wide search.
//! - [`ingest`]: turning files (text in any encoding, Markdown, HTML, PDF) into sources.
//! - [`export`]: maps as pictures (one renderer-neutral scene, drawn as SVG and PNG) and
//!   as graphs (`GraphML`, GEXF, CSV, Cytoscape.js JSON); annotations as W3C Web
//!   Annotations and brat standoff.
//! - [`synth`]: large generated projects for benchmarks and scale tests.
//! - [`cli`]: the headless subcommands.
//! - `ui` (feature `gui`): the eframe app.
//!
//! # Data flow
//!
//! The UI reads the project immutably during a frame. Panels never change it: they push
//! commands, which the app runs at the end of the frame; edits go through
//! [`edit::History`] so that each can be undone. View state (selection, layout) is not
//! project data and is never undoable.

pub mod analysis;
pub mod cli;
pub mod edit;
pub mod export;
pub mod ingest;
pub mod model;
pub mod store;
pub mod synth;

#[cfg(feature = "gui")]
pub mod ui;
