//! `dossier tag` and `dossier entities import`: the mention finder and entity lists from
//! the command line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::analysis::{accept_all, find_suggestions, import_entity_list};
use crate::edit::apply;
use crate::model::{EntityId, IdGenerator, Project};
use crate::store;

/// Loads a project, or prints its errors; `None` means exit 1.
fn load_or_report(path: &Path) -> Option<Project> {
    match store::load(path) {
        Ok(project) => Some(project),
        Err(errors) => {
            eprintln!("{errors}");
            None
        }
    }
}

/// `dossier tag PROJECT [--entity ID] [--accept] [--json]`.
pub fn tag(path: &Path, entity: Option<&str>, accept: bool, json: bool) -> anyhow::Result<ExitCode> {
    let Some(mut project) = load_or_report(path) else {
        return Ok(ExitCode::FAILURE);
    };
    let subset: Option<Vec<EntityId>> = entity.map(|id| vec![EntityId::from(id)]);
    if let Some(id) = subset.as_ref().and_then(|s| s.first())
        && !project.entities.contains_key(id)
    {
        eprintln!("dossier: {}: there is no entity `{id}`", path.display());
        return Ok(ExitCode::from(2));
    }
    let suggestions = find_suggestions(&project, subset.as_deref(), &mut |_, _| true)?;

    // Per entity: (current mentions, suggestions, sources with suggestions).
    let mut per_entity: BTreeMap<&EntityId, (usize, usize, BTreeSet<&str>)> = BTreeMap::new();
    let listed: Vec<&EntityId> = match &subset {
        Some(ids) => ids.iter().collect(),
        None => project.entities.keys().collect(),
    };
    for id in listed {
        per_entity.insert(id, (0, 0, BTreeSet::new()));
    }
    for mention in project.mentions.values() {
        if let Some(row) = per_entity.get_mut(&mention.entity) {
            row.0 += 1;
        }
    }
    for s in &suggestions {
        if let Some(row) = per_entity.get_mut(&s.entity) {
            row.1 += 1;
            row.2.insert(s.source.as_str());
        }
    }
    if json {
        let entities: Vec<serde_json::Value> = per_entity
            .iter()
            .map(|(id, (mentions, count, sources))| {
                serde_json::json!({
                    "id": id.as_str(),
                    "name": project.entities.get(*id).map_or("", |e| e.name.as_str()),
                    "mentions": mentions,
                    "suggestions": count,
                    "sources": sources,
                })
            })
            .collect();
        println!("{}", serde_json::json!({ "entities": entities, "suggestions": suggestions.len() }));
    } else {
        for (id, (mentions, count, sources)) in &per_entity {
            if *count > 0 {
                let name = project.entities.get(*id).map_or("", |e| e.name.as_str());
                println!(
                    "{name} ({id}): {mentions} mentions, {count} suggestions in {} sources",
                    sources.len()
                );
            }
        }
        println!("{} suggestions", suggestions.len());
    }
    let per_entity_done = per_entity.len();
    drop(per_entity);
    if accept && !suggestions.is_empty() {
        let edit = accept_all(&project, &suggestions, &mut IdGenerator::default());
        apply(&mut project, &edit).context("accepting the suggestions")?;
        store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
        if !json {
            println!("accepted {} suggestions for {per_entity_done} entities", suggestions.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier entities import PROJECT LIST.csv [--json]`.
pub fn import_entities(path: &Path, list: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let Some(mut project) = load_or_report(path) else {
        return Ok(ExitCode::FAILURE);
    };
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
