//! Resolving a merge conflict: put the picked value into its item and drop the record,
//! as one undoable edit.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map as JsonMap, Value};

use super::Edit;
use crate::model::{Conflict, ConflictId, Item, ItemKey, ItemKind, Project, Side};

/// Why a conflict cannot be resolved as asked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ResolveError {
    /// There is no such conflict.
    #[error("there is no conflict `{0}`")]
    UnknownConflict(ConflictId),
    /// The picked value does not fit the item (a hand-edited conflicts.ron, say).
    #[error("the {side} value of conflict `{id}` does not fit its {kind}: {message}")]
    BadValue {
        /// The conflict.
        id: ConflictId,
        /// The side picked.
        side: &'static str,
        /// The item's kind.
        kind: &'static str,
        /// What is wrong.
        message: String,
    },
    /// Bringing back a source that is gone: its text is no longer in the project.
    #[error("source `{0}` is no longer in the project, so its text cannot be brought back")]
    SourceGone(String),
}

/// The edit that resolves conflict `conflict_id` by taking the value of side `pick`: it
/// puts that value into the item (or removes the item, or the map node, if that side
/// had removed it) and removes the conflict record. A conflict whose item is gone only
/// loses its record. Apply the edit through [`super::History`] to make it undoable.
pub fn resolve_conflict(
    project: &Project,
    conflict_id: &ConflictId,
    pick: Side,
) -> Result<Edit, ResolveError> {
    let conflict = project
        .conflicts
        .get(conflict_id)
        .ok_or_else(|| ResolveError::UnknownConflict(conflict_id.clone()))?;
    let drop_record = Edit::Remove(ItemKey::Conflict(conflict.id.clone()));
    let bad = |message: String| ResolveError::BadValue {
        id: conflict.id.clone(),
        side: pick.name(),
        kind: conflict.kind.name(),
        message,
    };
    let value = conflict
        .value(pick)
        .map(|text| serde_json::from_str::<Value>(text).map_err(|e| bad(e.to_string())))
        .transpose()?;

    let Some(key) = conflict.item_key() else {
        let meta =
            with_field(&project.meta, &conflict.field, value.or_else(|| Some(Value::String(String::new()))))
                .map_err(bad)?;
        return Ok(Edit::Batch(vec![Edit::SetMeta(meta), drop_record]));
    };
    let current = project.item(&key);
    if conflict.field.is_empty() {
        // The whole item: one side removed it.
        let change = match value {
            None if current.is_none() => None,
            None => Some(removal(project, &key)),
            Some(value) => {
                Some(Edit::put(item_from_value(conflict, value, current.as_ref()).map_err(|e| match e {
                    ItemError::Bad(message) => bad(message),
                    ItemError::SourceGone => ResolveError::SourceGone(conflict.item.clone()),
                })?))
            }
        };
        return Ok(Edit::Batch(change.into_iter().chain([drop_record]).collect()));
    }
    let Some(current) = current else {
        // Stale: the item is gone, so there is nothing to set.
        return Ok(Edit::Batch(vec![drop_record]));
    };
    let item = match current {
        Item::Source(s) => {
            let text = s.text.clone();
            let mut source: crate::model::Source = with_field(&s, &conflict.field, value).map_err(bad)?;
            source.text = text;
            Item::Source(source)
        }
        Item::Entity(e) => Item::Entity(with_field(&e, &conflict.field, value).map_err(bad)?),
        Item::Mention(m) => Item::Mention(with_field(&m, &conflict.field, value).map_err(bad)?),
        Item::Relation(r) => Item::Relation(with_field(&r, &conflict.field, value).map_err(bad)?),
        Item::Map(m) => Item::Map(with_field(&m, &conflict.field, value).map_err(bad)?),
        Item::Rejection(r) => Item::Rejection(with_field(&r, &conflict.field, value).map_err(bad)?),
        Item::Claim(c) => Item::Claim(with_field(&c, &conflict.field, value).map_err(bad)?),
        Item::Event(e) => Item::Event(with_field(&e, &conflict.field, value).map_err(bad)?),
        Item::Matrix(m) => Item::Matrix(with_field(&m, &conflict.field, value).map_err(bad)?),
        Item::Conflict(_) => return Err(bad("a conflict cannot be about another conflict".to_owned())),
    };
    Ok(Edit::Batch(vec![Edit::Put(Box::new(item)), drop_record]))
}

/// The edit that removes an item together with what refers to it.
fn removal(project: &Project, key: &ItemKey) -> Edit {
    match key {
        ItemKey::Entity(id) => Edit::remove_entity_cascade(project, id),
        ItemKey::Source(id) => Edit::remove_sources_cascade(project, std::slice::from_ref(id)),
        other => Edit::Remove(other.clone()),
    }
}

enum ItemError {
    Bad(String),
    SourceGone,
}

/// The whole item a conflict's value describes.
fn item_from_value(conflict: &Conflict, value: Value, current: Option<&Item>) -> Result<Item, ItemError> {
    fn typed<T: DeserializeOwned>(value: Value) -> Result<T, ItemError> {
        serde_json::from_value(value).map_err(|e| ItemError::Bad(e.to_string()))
    }
    Ok(match conflict.kind {
        ItemKind::Source => {
            let Some(Item::Source(existing)) = current else {
                return Err(ItemError::SourceGone);
            };
            let mut source: crate::model::Source = typed(value)?;
            source.text = existing.text.clone();
            Item::Source(source)
        }
        ItemKind::Entity => Item::Entity(typed(value)?),
        ItemKind::Mention => Item::Mention(typed(value)?),
        ItemKind::Relation => Item::Relation(typed(value)?),
        ItemKind::Map => Item::Map(typed(value)?),
        ItemKind::Rejection => Item::Rejection(typed(value)?),
        ItemKind::Claim => Item::Claim(typed(value)?),
        ItemKind::Event => Item::Event(typed(value)?),
        ItemKind::Matrix => Item::Matrix(typed(value)?),
        ItemKind::Project => return Err(ItemError::Bad("the project is not an item".to_owned())),
    })
}

/// `item` with `field` set to `value` (`None`: left out, so empty; for `nodes.ENTITY`
/// or `attributes.KEY`, the entry removed).
fn with_field<T: Serialize + DeserializeOwned>(
    item: &T,
    field: &str,
    value: Option<Value>,
) -> Result<T, String> {
    let Value::Object(mut fields) = serde_json::to_value(item).map_err(|e| e.to_string())? else {
        return Err("not a record".to_owned());
    };
    match field.split_once('.') {
        Some((outer, key)) => {
            let entry = fields.entry(outer.to_owned()).or_insert_with(|| Value::Object(JsonMap::new()));
            let Value::Object(entries) = entry else {
                return Err(format!("`{outer}` is not a map"));
            };
            match value {
                Some(value) => entries.insert(key.to_owned(), value),
                None => entries.remove(key),
            };
        }
        None => {
            match value {
                Some(value) => fields.insert(field.to_owned(), value),
                None => fields.remove(field),
            };
        }
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| e.to_string())
}
