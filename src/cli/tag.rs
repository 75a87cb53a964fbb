//! `dossier tag` and `dossier entities import`: the mention finder and entity lists from
//! the command line.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::analysis::{Suggestions, accept_all, find_suggestions, import_entity_list};
use crate::edit::apply;
use crate::model::{EntityId, IdGenerator, Project};
use crate::progress::Progress;
use crate::store;

/// What `dossier tag` found for one entity.
#[derive(Clone, Copy, Default, serde::Serialize)]
struct EntityCounts {
    /// Mentions it has now.
    mentions: usize,
    /// Places where it is the only candidate.
    suggestions: usize,
    /// Places it shares with other candidates (ambiguous names).
    ambiguous: usize,
    /// Sources with at least one of those places.
    sources: usize,
    /// The last source counted in `sources` (suggestions come by source).
    #[serde(skip)]
    last_source: Option<u32>,
}

/// One row of `dossier tag --json`.
#[derive(serde::Serialize)]
struct EntityRow<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(flatten)]
    counts: EntityCounts,
}

/// The output of `dossier tag --json`: counts only, never one line per place.
#[derive(serde::Serialize)]
struct TagReport<'a> {
    /// Places suggested.
    suggestions: usize,
    /// Of those, places with several candidate entities.
    ambiguous: usize,
    /// Suggestions made mentions by `--accept`.
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted: Option<usize>,
    entities: Vec<EntityRow<'a>>,
}

/// `dossier tag PROJECT [--entity ID] [--accept] [--json]`.
///
/// `--accept` makes mentions of the unambiguous suggestions only; a name shared by several
/// entities is left for the analyst to pick in the Suggestions panel.
pub fn tag(path: &Path, entity: Option<&str>, accept: bool, json: bool) -> anyhow::Result<ExitCode> {
    // The finder reads names and texts and skips what is already a mention or rejected;
    // relations, maps and conflicts play no part, so they are not loaded, and `--accept`
    // saves mentions.ron alone.
    let mut project = super::load_project_parts(
        path,
        &[store::SOURCES_FILE, store::ENTITIES_FILE, store::MENTIONS_FILE, store::REJECTIONS_FILE],
    )?;
    let subset: Option<Vec<EntityId>> = entity.map(|id| vec![EntityId::from(id)]);
    if let Some(id) = subset.as_ref().and_then(|s| s.first())
        && !project.entities.contains_key(id)
    {
        eprintln!("dossier: {}: there is no entity `{id}`", path.display());
        return Ok(ExitCode::from(2));
    }
    let suggestions = find_suggestions(&project, subset.as_deref(), &Progress::new())?;
    let counts = count_per_entity(&project, &suggestions);
    let ambiguous = suggestions.ambiguous_count();
    let unambiguous = suggestions.len() - ambiguous;
    let row = |(index, counts): (usize, &EntityCounts)| {
        let id = suggestions.entity(index as u32);
        let name = project.entities.get(id).map_or("", |e| e.name.as_str());
        EntityRow { id: id.as_str(), name, counts: *counts }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        let report = TagReport {
            suggestions: suggestions.len(),
            ambiguous,
            accepted: accept.then_some(unambiguous),
            entities: counts.iter().enumerate().map(row).collect(),
        };
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        for entity in counts.iter().enumerate().filter(|(_, c)| c.suggestions + c.ambiguous > 0).map(row) {
            let c = entity.counts;
            writeln!(
                out,
                "{} ({}): {} mentions, {} suggestions and {} ambiguous in {} sources",
                entity.name, entity.id, c.mentions, c.suggestions, c.ambiguous, c.sources
            )?;
        }
        writeln!(out, "{} suggestions, {ambiguous} of them ambiguous", suggestions.len())?;
    }
    out.flush()?;
    drop(out);
    if accept && unambiguous > 0 {
        let edit = accept_all(&project, &suggestions, suggestions.items(), &mut IdGenerator::default());
        apply(&mut project, &edit).context("accepting the suggestions")?;
        store::save_files(&project, path, &[store::MENTIONS_FILE])
            .with_context(|| format!("saving {}", path.display()))?;
    }
    if accept && !json {
        let entities = counts.iter().filter(|c| c.suggestions > 0).count();
        println!(
            "accepted {unambiguous} suggestions for {entities} entities; {ambiguous} ambiguous left for review"
        );
    }
    // The process ends here: freeing a big project item by item (100,000 mentions of six
    // strings each) would only add to the time `dossier tag` takes, so leave it to the exit.
    std::mem::forget(project);
    std::mem::forget(suggestions);
    Ok(ExitCode::SUCCESS)
}

/// The counts of every entity searched for, in the order of `suggestions`' entities.
fn count_per_entity(project: &Project, suggestions: &Suggestions) -> Vec<EntityCounts> {
    let count = suggestions.entity_count();
    let mut counts = vec![EntityCounts::default(); count];
    let index: foldhash::HashMap<&EntityId, usize> =
        (0..count).map(|i| (suggestions.entity(i as u32), i)).collect();
    for mention in project.mentions.values() {
        if let Some(&i) = index.get(&mention.entity) {
            counts[i].mentions += 1;
        }
    }
    for s in suggestions.items() {
        let ambiguous = s.is_ambiguous();
        for &e in suggestions.candidate_indices(s) {
            let c = &mut counts[e as usize];
            if ambiguous {
                c.ambiguous += 1;
            } else {
                c.suggestions += 1;
            }
            if c.last_source != Some(s.source) {
                c.last_source = Some(s.source);
                c.sources += 1;
            }
        }
    }
    counts
}

/// `dossier entities import PROJECT LIST.csv [--json]`.
pub fn import_entities(path: &Path, list: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let mut project = super::load_project(path)?;
    let text = match std::fs::read_to_string(list) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("dossier: cannot read {}: {error}", list.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    let (edit, report) = match import_entity_list(&project, &text, &mut IdGenerator::default()) {
        Ok(result) => result,
        Err(error) => {
            eprintln!("dossier: {}: {error}", list.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    apply(&mut project, &edit).context("adding the entities")?;
    store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
    let errors: Vec<String> =
        report.errors.iter().map(|e| format!("{}:{}: {}", list.display(), e.line, e.message)).collect();
    if json {
        println!(
            "{}",
            serde_json::json!({
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": errors,
            })
        );
    } else {
        for error in &errors {
            eprintln!("{error}");
        }
        println!(
            "{} entities created, {} updated, {} unchanged, {} rows skipped",
            report.created,
            report.updated,
            report.unchanged,
            report.errors.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}
