//! Entity lists: a CSV of names, kinds and aliases turned into entities of a project.
//!
//! The header row names the columns `name`, `kind`, `aliases` (separated by `;`) and
//! optionally `notes`, in any order. An entity with the same name (compared folded) and
//! kind as an existing one updates it (new aliases are added) instead of making a
//! duplicate; bad rows are reported with their line numbers and the others imported.

use std::collections::HashMap;

use crate::edit::Edit;
use crate::model::{Entity, EntityId, EntityKind, IdGenerator, Project};
use crate::text::fold;

/// A row of the list that was not imported, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// Line number in the file (1-based; the header is line 1).
    pub line: u64,
    /// What was wrong.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Entities created.
    pub created: usize,
    /// Existing entities that gained aliases or notes.
    pub updated: usize,
    /// Rows that matched an existing entity and changed nothing.
    pub unchanged: usize,
    /// Rows that were skipped.
    pub errors: Vec<RowError>,
}

/// Why a list could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum EntityListError {
    /// The header row lacks a required column.
    #[error("the header has no `{0}` column (expected name, kind, aliases and optionally notes)")]
    MissingColumn(&'static str),
    /// The CSV could not be read.
    #[error("cannot read the list: {0}")]
    Csv(#[from] csv::Error),
}

/// The kind named `text` (case does not matter; "Organisation" is accepted).
pub fn parse_kind(text: &str) -> Option<EntityKind> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("organisation") {
        return Some(EntityKind::Organization);
    }
    EntityKind::ALL.into_iter().find(|k| k.label().eq_ignore_ascii_case(text))
}

/// Reads an entity list and returns the edit that adds and updates its entities (one
/// undo step) with a report. New ids come from `ids`.
pub fn import_entity_list(
    project: &Project,
    csv_text: &str,
    ids: &mut IdGenerator,
) -> Result<(Edit, ImportReport), EntityListError> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(csv_text.as_bytes());
    let headers = reader.headers()?.clone();
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or(EntityListError::MissingColumn(name))
    };
    let (name_col, kind_col, aliases_col) = (column("name")?, column("kind")?, column("aliases")?);
    let notes_col = column("notes").ok();

    // Entities by (folded name, kind): the project's, then those this list adds.
    let mut by_key: HashMap<(String, EntityKind), EntityId> =
        project.entities.values().map(|e| ((fold(e.name.trim()), e.kind), e.id.clone())).collect();
    let mut changed: std::collections::BTreeMap<EntityId, Entity> = std::collections::BTreeMap::new();
    let mut created: std::collections::HashSet<EntityId> = std::collections::HashSet::new();
    let mut report = ImportReport::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, csv::Position::line);
                report.errors.push(RowError { line, message: error.to_string() });
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() != headers.len() {
            report.errors.push(RowError {
                line,
                message: format!("has {} fields, the header has {}", record.len(), headers.len()),
            });
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let name = field(name_col);
        if name.is_empty() {
            report.errors.push(RowError { line, message: "the name is empty".to_owned() });
            continue;
        }
        let Some(kind) = parse_kind(field(kind_col)) else {
            report.errors.push(RowError {
                line,
                message: format!(
                    "unknown kind {:?} (expected one of {})",
                    field(kind_col),
                    EntityKind::ALL.map(EntityKind::label).join(", ")
                ),
            });
            continue;
        };
        let aliases: Vec<&str> =
            field(aliases_col).split(';').map(str::trim).filter(|a| !a.is_empty()).collect();
        let notes = notes_col.map(field).unwrap_or_default();

        let key = (fold(name), kind);
        let existing = by_key.get(&key).and_then(|id| changed.get(id).or_else(|| project.entities.get(id)));
        let mut entity = existing.cloned().unwrap_or_else(|| {
            let id = ids
                .make(name, "entity", |id| project.id_taken(id) || changed.contains_key(&EntityId::from(id)));
            Entity::new(EntityId(id), name, kind)
        });
        let before = existing.cloned();
        for alias in aliases {
            let folded = fold(alias);
            let known = fold(&entity.name) == folded || entity.aliases.iter().any(|a| fold(a) == folded);
            if !known {
                entity.aliases.push(alias.to_owned());
            }
        }
        if !notes.is_empty() && !entity.notes.contains(notes) {
            if !entity.notes.is_empty() {
                entity.notes.push('\n');
            }
            entity.notes.push_str(notes);
        }
        match before {
            None => {
                report.created += 1;
                created.insert(entity.id.clone());
            }
            Some(before) if before == entity => report.unchanged += 1,
            Some(_) => {
                if !created.contains(&entity.id) && !changed.contains_key(&entity.id) {
                    report.updated += 1;
                }
            }
        }
        by_key.insert(key, entity.id.clone());
        changed.insert(entity.id.clone(), entity);
    }
    let edits =
        changed.into_values().filter(|e| project.entities.get(&e.id) != Some(e)).map(Edit::put).collect();
    Ok((Edit::Batch(edits), report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_case_insensitively() {
        assert_eq!(parse_kind("person"), Some(EntityKind::Person));
        assert_eq!(parse_kind(" Organisation "), Some(EntityKind::Organization));
        assert_eq!(parse_kind("Nation"), None);
    }
}
