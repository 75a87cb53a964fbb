//! Fuzzes the CSV entity-list import against a project that already has entities, and
//! applies the resulting edit: whatever the list says, the project must stay valid.

#![no_main]

use std::sync::OnceLock;

use dossier::analysis::import_entity_list;
use dossier::model::{Entity, EntityId, EntityKind, IdGenerator, Project};
use libfuzzer_sys::fuzz_target;

fn project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let mut project = Project::new("Fuzz");
        for (id, name, kind) in [
            ("russia-k3f9", "Russia", EntityKind::State),
            ("hts-b2c3", "Hayat Tahrir al-Sham", EntityKind::Organization),
        ] {
            let id = EntityId::from(id);
            project.entities.insert(id.clone(), Entity::new(id, name, kind));
        }
        project
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let project = project();
    if let Ok((edit, _report)) = import_entity_list(project, &text, &mut IdGenerator::seeded(1)) {
        let mut changed = project.clone();
        if dossier::edit::apply(&mut changed, &edit).is_ok() {
            assert!(changed.validate().is_empty(), "an entity list made the project invalid");
        }
    }
});
