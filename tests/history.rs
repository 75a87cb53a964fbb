//! Undo and redo: random edit sequences are undone and redone exactly.

use dossier::edit::{Edit, History};
use dossier::model::{
    Anchor, Entity, EntityId, EntityKind, Evidence, Map, MapId, MapNode, Mention, MentionId, Project,
    ProjectMeta, Rejection, RejectionId, Relation, RelationId,
};
use dossier::synth::{SynthParams, synth};
use proptest::prelude::*;

fn base() -> Project {
    synth(&SynthParams { sources: 4, entities: 12, relations: 8, mentions: 60, seed: 5 })
}

fn nth<K: Clone, V>(map: &std::collections::BTreeMap<K, V>, i: u32) -> Option<K> {
    if map.is_empty() { None } else { map.keys().nth(i as usize % map.len()).cloned() }
}

/// Turns a random op into an edit that fits the project as it is now.
fn edit_for(project: &Project, op: u8, a: u32, b: u32, serial: usize) -> Option<Edit> {
    Some(match op % 12 {
        0 => Edit::put(Entity {
            id: EntityId(format!("new-{serial}")),
            name: format!("New {a}"),
            kind: EntityKind::ALL[b as usize % 8],
            aliases: vec![format!("alias {b}")],
            notes: String::new(),
            attributes: std::collections::BTreeMap::default(),
        }),
        1 => {
            let id = nth(&project.entities, a)?;
            let mut entity = project.entities[&id].clone();
            entity.name = format!("{} {b}", entity.name);
            Edit::put(entity)
        }
        2 => Edit::remove_entity_cascade(project, &nth(&project.entities, a)?),
        3 => {
            let entity = nth(&project.entities, a)?;
            let source_id = nth(&project.sources, b)?;
            let text = &project.sources[&source_id].text;
            let start = (b as usize * 7) % text.len().max(1);
            let start = (start..text.len()).find(|i| text.is_char_boundary(*i))?;
            let end = (start + 1..=text.len()).find(|i| text.is_char_boundary(*i))?;
            Edit::put(Mention {
                id: MentionId(format!("m-new-{serial}")),
                entity,
                source: source_id.clone(),
                anchor: Anchor::from_span(text, start, end).ok()?,
            })
        }
        4 => Edit::Remove(dossier::model::ItemKey::Mention(nth(&project.mentions, a)?)),
        5 => {
            let from = nth(&project.entities, a)?;
            let to = nth(&project.entities, b)?;
            let source = nth(&project.sources, a)?;
            let text = &project.sources[&source].text;
            Edit::put(Relation {
                id: RelationId(format!("r-new-{serial}")),
                from,
                to,
                label: "met with".into(),
                directed: b.is_multiple_of(2),
                evidence: vec![Evidence {
                    source,
                    anchor: Anchor::from_span(text, 0, 1).ok()?,
                    credibility: None,
                }],
                disputed: b.is_multiple_of(3),
                start: String::new(),
                end: String::new(),
                notes: String::new(),
            })
        }
        6 => {
            let map_id = nth(&project.maps, 0).unwrap_or_else(|| MapId("map-new".into()));
            let mut map = project.maps.get(&map_id).cloned().unwrap_or_else(|| Map::new(map_id, "New map"));
            let entity = nth(&project.entities, a)?;
            map.nodes.insert(entity, MapNode { x: a as f32, y: b as f32, pinned: a.is_multiple_of(3) });
            Edit::put(map)
        }
        7 => Edit::SetMeta(ProjectMeta { title: format!("Title {a}"), notes: format!("Notes {b}") }),
        8 => Edit::Batch(vec![edit_for(project, 7, a, b, serial)?, edit_for(project, 0, a, b, serial)?]),
        9 => Edit::remove_sources_cascade(project, &[nth(&project.sources, a)?]),
        10 => {
            let entity = nth(&project.entities, b)?;
            let source_id = nth(&project.sources, a)?;
            let text = &project.sources[&source_id].text;
            let start = (a as usize * 13) % text.len().max(1);
            let start = (start..text.len()).find(|i| text.is_char_boundary(*i))?;
            let end = (start + 1..=text.len()).find(|i| text.is_char_boundary(*i))?;
            Edit::put(Rejection {
                id: RejectionId(format!("rej-new-{serial}")),
                entity,
                source: source_id.clone(),
                anchor: Anchor::from_span(text, start, end).ok()?,
            })
        }
        _ => Edit::Remove(dossier::model::ItemKey::Rejection(nth(&project.rejections, a)?)),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undo_all_restores_the_original_and_redo_all_the_final(
        ops in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), any::<bool>()), 1..40)
    ) {
        let original = base();
        let mut project = original.clone();
        let mut history = History::new();
        let mut now = 0.0;
        for (serial, (op, a, b, coalesce)) in ops.into_iter().enumerate() {
            let Some(edit) = edit_for(&project, op, a, b, serial) else { continue };
            now += if coalesce { 0.1 } else { 5.0 };
            let key = coalesce.then(|| format!("op{}", op % 12));
            // Edits the project refuses must leave it unchanged.
            let before = project.clone();
            if history.apply(&mut project, edit, "step", key, now).is_err() {
                prop_assert_eq!(&project, &before);
            }
            prop_assert_eq!(project.validate(), Vec::new());
        }
        let last = project.clone();
        while history.undo(&mut project).expect("undo fits").is_some() {}
        prop_assert_eq!(&project, &original);
        while history.redo(&mut project).expect("redo fits").is_some() {}
        prop_assert_eq!(&project, &last);
    }
}

#[test]
fn a_burst_of_typing_in_one_field_is_one_undo_step() {
    let mut project = Project::new("T");
    let mut history = History::new();
    let key = || Some("meta:title".to_owned());
    for (i, title) in ["S", "Sy", "Syr", "Syria"].into_iter().enumerate() {
        let edit = Edit::SetMeta(ProjectMeta { title: title.into(), notes: String::new() });
        history.apply(&mut project, edit, "Edit title", key(), i as f64 * 0.3).expect("applies");
    }
    assert_eq!(history.undo_len(), 1);
    // A pause starts a new step.
    let edit = Edit::SetMeta(ProjectMeta { title: "Syria!".into(), notes: String::new() });
    history.apply(&mut project, edit, "Edit title", key(), 10.0).expect("applies");
    assert_eq!(history.undo_len(), 2);
    history.undo(&mut project).expect("undo");
    assert_eq!(project.meta.title, "Syria");
    history.undo(&mut project).expect("undo");
    assert_eq!(project.meta.title, "T");
    assert!(!history.is_dirty());
    history.redo(&mut project).expect("redo");
    assert!(history.is_dirty());
}

#[test]
fn refused_edits_change_nothing() {
    let mut project = base();
    let before = project.clone();
    let mut history = History::new();
    let entity = project.entities.keys().next().cloned().expect("an entity");
    // The entity still has mentions: removing it alone is refused.
    let error = history
        .apply(
            &mut project,
            Edit::Remove(dossier::model::ItemKey::Entity(entity.clone())),
            "remove",
            None,
            0.0,
        )
        .expect_err("refused");
    assert!(error.to_string().starts_with(&format!("entity `{entity}` is still used by")), "{error}");
    // A batch that fails half-way is rolled back.
    let batch = Edit::Batch(vec![
        Edit::SetMeta(ProjectMeta { title: "Changed".into(), notes: String::new() }),
        Edit::Remove(dossier::model::ItemKey::Mention(MentionId("missing".into()))),
    ]);
    assert!(history.apply(&mut project, batch, "batch", None, 0.0).is_err());
    assert_eq!(project, before);
    assert!(!history.is_dirty());
    // The text of a source never changes.
    let mut source = project.sources.values().next().cloned().expect("a source");
    source.text = "rewritten".into();
    assert!(history.apply(&mut project, Edit::put(source), "text", None, 0.0).is_err());
    assert_eq!(project, before);
}

#[test]
fn an_edit_given_away_and_refused_comes_back_whole() {
    let mut project = base();
    let before = project.clone();
    let batch = Edit::Batch(vec![
        Edit::SetMeta(ProjectMeta { title: "Changed".into(), notes: String::new() }),
        edit_for(&project, 0, 1, 2, 99).expect("an entity put"),
        Edit::Remove(dossier::model::ItemKey::Mention(MentionId("missing".into()))),
        Edit::SetMeta(ProjectMeta { title: "Never".into(), notes: String::new() }),
    ]);
    let (error, returned) = dossier::edit::apply_owned(&mut project, batch.clone()).expect_err("refused");
    assert!(error.to_string().contains("missing"), "{error}");
    assert_eq!(returned, batch);
    assert_eq!(project, before);
}

#[test]
fn a_map_put_still_refuses_a_node_without_its_entity() {
    let mut project = base();
    let mut map = project.maps.values().next().cloned().expect("a map");
    // Nodes already on the map are not looked up again; a new one is.
    map.nodes.insert(EntityId("nobody-here".into()), MapNode { x: 0.0, y: 0.0, pinned: false });
    let before = project.clone();
    let (error, _) = dossier::edit::apply_owned(&mut project, Edit::put(map.clone())).expect_err("refused");
    assert!(error.to_string().contains("nobody-here"), "{error}");
    assert!(dossier::edit::apply(&mut project, &Edit::put(map)).is_err());
    assert_eq!(project, before);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// What a save replays (the edits since the last save, on the state then saved) is
    /// the project as it is, through any edits, undos, redos and saves.
    #[test]
    fn the_edits_since_the_last_save_rebuild_the_current_project(
        ops in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), 0u8..10), 1..40)
    ) {
        let mut project = base();
        let mut saved = project.clone();
        let mut history = History::new();
        for (serial, (op, a, b, action)) in ops.into_iter().enumerate() {
            match action {
                0 => { history.undo(&mut project).expect("undo fits"); }
                1 => { history.redo(&mut project).expect("redo fits"); }
                2 => {
                    history.mark_saved();
                    saved = project.clone();
                }
                _ => {
                    let Some(edit) = edit_for(&project, op, a, b, serial) else { continue };
                    let key = (action == 3).then(|| format!("op{}", op % 12));
                    let _ = history.apply(&mut project, edit, "step", key, serial as f64 * 0.5);
                }
            }
            if let Some(edits) = history.edits_since_saved() {
                let mut replayed = saved.clone();
                for edit in edits {
                    dossier::edit::apply_owned(&mut replayed, std::sync::Arc::unwrap_or_clone(edit)).expect("replays");
                }
                prop_assert_eq!(&replayed, &project);
            }
        }
    }

    /// Mention counts kept up to date from the mentions the history logs equal counts
    /// made from scratch, through any edits, undos and redos.
    #[test]
    fn mention_counts_follow_the_logged_changes(
        ops in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>(), 0u8..8), 1..40)
    ) {
        let mut project = base();
        let mut history = History::new();
        let mut counts = dossier::analysis::MentionStats::of(&project);
        prop_assert_eq!(history.take_mention_changes(), Some(Vec::new()));
        for (serial, (op, a, b, action)) in ops.into_iter().enumerate() {
            match action {
                0 => { history.undo(&mut project).expect("undo fits"); }
                1 => { history.redo(&mut project).expect("redo fits"); }
                _ => {
                    let Some(edit) = edit_for(&project, op, a, b, serial) else { continue };
                    let key = (action == 3).then(|| format!("op{}", op % 12));
                    let _ = history.apply(&mut project, edit, "step", key, serial as f64 * 0.5);
                }
            }
            counts.apply(&history.take_mention_changes().expect("few changes are logged"));
            prop_assert_eq!(&counts, &dossier::analysis::MentionStats::of(&project));
        }
    }
}
