//! Tagging edits on the sample project: tag a span, re-assign, merge, split — each one
//! undo step that leaves a valid project.

use std::path::Path;

use dossier::edit::{
    History, TagError, TagTarget, merge_entities, reassign_mention, split_mentions, tag_span,
};
use dossier::model::{EntityId, EntityKind, IdGenerator, Project, SourceId};
use dossier::store;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const MOSCOW_REPORT: &str = "assad-assures-from-moscow-m4t8";
const RUSSIA: &str = "russia-ppm1";
const ASSAD: &str = "bashar-al-assad-2rj8";
const PUTIN: &str = "vladimir-putin-cwuq";

fn sample() -> Project {
    store::load(Path::new(SAMPLE)).expect("sample loads")
}

fn apply(history: &mut History, project: &mut Project, edit: dossier::edit::Edit) {
    history.apply(project, edit, "test", None, 0.0).expect("edit applies");
    assert!(project.validate().is_empty(), "{:?}", project.validate());
}

fn mentions_of(project: &Project, entity: &str) -> usize {
    project.mentions.values().filter(|m| m.entity.as_str() == entity).count()
}

#[test]
fn tagging_a_span_adds_one_mention_and_undo_takes_it_away() {
    let mut project = sample();
    let original = project.clone();
    let source = SourceId::from(MOSCOW_REPORT);
    let start = project.sources[&source].text.find("Kremlin").expect("the report names the Kremlin");
    let range = start..start + "Kremlin".len();
    let mut ids = IdGenerator::seeded(7);
    let (edit, entity) =
        tag_span(&project, &source, range.clone(), &TagTarget::Existing(RUSSIA.into()), &mut ids)
            .expect("tags");
    assert_eq!(entity.as_str(), RUSSIA);
    let mut history = History::default();
    apply(&mut history, &mut project, edit);
    assert_eq!(mentions_of(&project, RUSSIA), mentions_of(&original, RUSSIA) + 1);
    let added = project.mentions.values().find(|m| m.anchor.start == start && m.entity.as_str() == RUSSIA);
    let added = added.expect("the new mention");
    assert_eq!((added.anchor.end, added.anchor.exact.as_str()), (range.end, "Kremlin"));
    // The same span again is refused with a message naming it.
    let again = tag_span(&project, &source, range, &TagTarget::Existing(RUSSIA.into()), &mut ids);
    assert_eq!(again.map(|_| ()), Err(TagError::AlreadyTagged("Kremlin".into())));
    history.undo(&mut project).expect("undo");
    assert_eq!(project, original);
}

#[test]
fn tagging_as_a_new_entity_creates_it_in_the_same_step() {
    let mut project = sample();
    let source = SourceId::from(MOSCOW_REPORT);
    let start = project.sources[&source].text.find("Kremlin").expect("Kremlin");
    let target = TagTarget::New { name: "Kremlin".into(), kind: EntityKind::Organization };
    let mut ids = IdGenerator::seeded(7);
    let (edit, entity) = tag_span(&project, &source, start..start + 7, &target, &mut ids).expect("tags");
    let mut history = History::default();
    apply(&mut history, &mut project, edit);
    assert_eq!(project.entities[&entity].name, "Kremlin");
    assert_eq!(project.entities[&entity].kind, EntityKind::Organization);
    assert_eq!(mentions_of(&project, entity.as_str()), 1);
    history.undo(&mut project).expect("undo");
    assert!(!project.entities.contains_key(&entity));
    let nameless = TagTarget::New { name: "  ".into(), kind: EntityKind::Person };
    assert_eq!(tag_span(&project, &source, 0..4, &nameless, &mut ids).map(|_| ()), Err(TagError::NoName));
    assert_eq!(
        tag_span(&project, &source, 4..4, &TagTarget::Existing(RUSSIA.into()), &mut ids).map(|_| ()),
        Err(TagError::Empty)
    );
}

#[test]
fn reassigning_moves_a_mention_to_another_entity() {
    let mut project = sample();
    let mention =
        project.mentions.values().find(|m| m.entity.as_str() == PUTIN).expect("Putin mention").clone();
    let mut ids = IdGenerator::seeded(3);
    let (edit, _) = reassign_mention(&project, &mention.id, &TagTarget::Existing(RUSSIA.into()), &mut ids)
        .expect("re-assigns");
    let (putin, russia) = (mentions_of(&project, PUTIN), mentions_of(&project, RUSSIA));
    let mut history = History::default();
    apply(&mut history, &mut project, edit);
    assert_eq!(mentions_of(&project, PUTIN), putin - 1);
    assert_eq!(mentions_of(&project, RUSSIA), russia + 1);
    assert_eq!(project.mentions[&mention.id].anchor, mention.anchor);
}

#[test]
fn merging_moves_aliases_mentions_and_relations_and_undo_restores_everything() {
    let mut project = sample();
    // Give Putin a relation and a map node so that the rewiring shows.
    let mut ids = IdGenerator::seeded(11);
    let relation = dossier::model::Relation::new(
        dossier::model::RelationId::from("granted-asylum-to-t1t1"),
        PUTIN.into(),
        ASSAD.into(),
        "granted asylum to",
    );
    project.relations.insert(relation.id.clone(), relation.clone());
    let original = project.clone();
    let (putin, russia) = (mentions_of(&project, PUTIN), mentions_of(&project, RUSSIA));
    let edit = merge_entities(&project, &EntityId::from(RUSSIA), &[PUTIN.into()]).expect("merges");
    let mut history = History::default();
    apply(&mut history, &mut project, edit);
    assert!(!project.entities.contains_key(&EntityId::from(PUTIN)));
    assert_eq!(mentions_of(&project, RUSSIA), russia + putin);
    let aliases = &project.entities[&EntityId::from(RUSSIA)].aliases;
    assert!(aliases.iter().any(|a| a == "Vladimir Putin"), "{aliases:?}");
    assert_eq!(project.relations[&relation.id].from.as_str(), RUSSIA);
    history.undo(&mut project).expect("undo");
    assert_eq!(project, original);
    assert_eq!(
        merge_entities(&project, &EntityId::from(RUSSIA), &[RUSSIA.into()]).map(|_| ()),
        Err(TagError::NothingToMerge)
    );
    // And split back out: two of Russia's mentions become a new entity.
    let two: Vec<_> = project
        .mentions
        .values()
        .filter(|m| m.entity.as_str() == RUSSIA)
        .take(2)
        .map(|m| m.id.clone())
        .collect();
    let (edit, kremlin) =
        split_mentions(&project, &two, "Kremlin", EntityKind::Organization, &mut ids).expect("splits");
    apply(&mut history, &mut project, edit);
    assert_eq!(mentions_of(&project, kremlin.as_str()), 2);
    assert_eq!(mentions_of(&project, RUSSIA), russia - 2);
}

#[test]
fn the_edit_between_two_states_turns_one_into_the_other_and_undoes_back() {
    let base = sample();
    let mut target = base.clone();
    let merge = merge_entities(&target, &EntityId::from(RUSSIA), &[PUTIN.into()]).expect("merges");
    dossier::edit::apply(&mut target, &merge).expect("applies");
    let source = SourceId::from(MOSCOW_REPORT);
    let start = target.sources[&source].text.find("Kremlin").expect("Kremlin");
    let new = TagTarget::New { name: "Kremlin".into(), kind: EntityKind::Organization };
    let (tag, _) =
        tag_span(&target, &source, start..start + 7, &new, &mut IdGenerator::seeded(2)).expect("tags");
    dossier::edit::apply(&mut target, &tag).expect("applies");
    target.meta.title = "Syria, restored".into();

    let mut project = base.clone();
    let mut history = History::default();
    apply(&mut history, &mut project, dossier::edit::Edit::between(&base, &target));
    assert_eq!(project, target);
    history.undo(&mut project).expect("undo");
    assert_eq!(project, base);
}
