//! Entity lists: CSV files of names, kinds and aliases imported into a project.

use std::path::Path;

use dossier::analysis::import_entity_list;
use dossier::edit::apply;
use dossier::model::{EntityKind, IdGenerator, Project};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities").join(name);
    std::fs::read_to_string(path).expect("fixture")
}

fn entity_named<'a>(project: &'a Project, name: &str, kind: EntityKind) -> &'a dossier::model::Entity {
    project.entities.values().find(|e| e.name == name && e.kind == kind).expect("entity")
}

#[test]
fn bad_rows_are_reported_by_line_and_the_rest_imported() {
    let mut project = Project::new("T");
    let (edit, report) =
        import_entity_list(&project, &fixture("small.csv"), &mut IdGenerator::seeded(1)).expect("reads");
    apply(&mut project, &edit).expect("applies");
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "line 3: the name is empty",
            "line 4: unknown kind \"Nation\" (expected one of Person, Organization, State, Place, Facility, Money, Event, Other)",
            "line 5: has 3 fields, the header has 4",
        ]
    );
    assert_eq!((report.created, report.updated, report.unchanged), (2, 0, 0));
    assert_eq!(project.entities.len(), 2);
    let russia = entity_named(&project, "Russia", EntityKind::State);
    assert_eq!(russia.aliases, ["Russian Federation", "RF", "Moscow"]);
    assert_eq!(entity_named(&project, "Damascus", EntityKind::Place).notes, "Capital of Syria.");
    assert_eq!(project.validate(), Vec::new());
}

#[test]
fn existing_entities_are_updated_not_duplicated() {
    let mut project = Project::new("T");
    let (edit, _) =
        import_entity_list(&project, &fixture("small.csv"), &mut IdGenerator::seeded(1)).expect("reads");
    apply(&mut project, &edit).expect("applies");
    let russia_id = entity_named(&project, "Russia", EntityKind::State).id.clone();
    let (edit, report) =
        import_entity_list(&project, &fixture("update.csv"), &mut IdGenerator::seeded(2)).expect("reads");
    apply(&mut project, &edit).expect("applies");
    // Russia gains an alias; Damascus the place is unchanged; Damascus the facility is new.
    assert_eq!((report.created, report.updated, report.unchanged), (1, 1, 1));
    assert_eq!(project.entities.len(), 3);
    assert_eq!(project.entities[&russia_id].aliases, ["Russian Federation", "RF", "Moscow", "Russland"]);
    // The same list again changes nothing.
    let (edit, report) =
        import_entity_list(&project, &fixture("update.csv"), &mut IdGenerator::seeded(3)).expect("reads");
    assert_eq!(edit, dossier::edit::Edit::Batch(Vec::new()));
    assert_eq!((report.created, report.updated, report.unchanged), (0, 0, 3));
}

#[test]
fn a_list_without_the_required_columns_is_refused() {
    let error =
        import_entity_list(&Project::new("T"), "name,type\nRussia,State\n", &mut IdGenerator::seeded(1))
            .expect_err("refused");
    assert_eq!(
        error.to_string(),
        "the header has no `kind` column (expected name, kind, aliases and optionally notes)"
    );
}

#[test]
fn the_sample_list_imports_without_errors() {
    let (_, report) =
        import_entity_list(&Project::new("T"), &fixture("syria-2024.csv"), &mut IdGenerator::seeded(1))
            .expect("reads");
    assert_eq!(report.errors, Vec::new());
    assert_eq!(report.created, 26);
}
