//! Fuzzes the project loader: the first byte picks one file of a small valid project
//! (a RON file or the source's text), the rest of the input becomes that file's bytes,
//! and `store::load` must return a project or errors, never panic or hang.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use dossier::model::{Anchor, Entity, EntityId, EntityKind, Mention, MentionId, Project, Source, SourceId};
use dossier::store;
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "ERBIL, 16 December. Bashar al-Assad spoke from Moscow about Hmeimim.\n";
const TEXT_FILE: &str = "texts/report-a1b2.txt";

/// A small project with every kind of cross-reference, saved once per process.
struct Template {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    files: Vec<(String, Vec<u8>)>,
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("project");
        let mut project = Project::new("Fuzz");
        let source = SourceId::from("report-a1b2");
        project.sources.insert(source.clone(), Source::new(source.clone(), "Report", TEXT));
        let entity = EntityId::from("hmeimim-c3d4");
        project.entities.insert(entity.clone(), Entity::new(entity.clone(), "Hmeimim", EntityKind::Facility));
        let start = TEXT.find("Hmeimim").expect("in the text");
        let anchor = Anchor::from_span(TEXT, start, start + "Hmeimim".len()).expect("anchor");
        let id = MentionId::from("m-0001");
        project.mentions.insert(id.clone(), Mention { id, entity, source, anchor });
        store::save(&project, &dir).expect("save the template");
        let mut files: Vec<(String, Vec<u8>)> = store::DATA_FILES
            .iter()
            .map(|name| ((*name).to_owned(), std::fs::read(dir.join(name)).expect("read")))
            .collect();
        files.push((TEXT_FILE.to_owned(), TEXT.as_bytes().to_vec()));
        Template { _tmp: tmp, dir, files }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, contents)) = data.split_first() else {
        return;
    };
    let template = template();
    let (name, original) = &template.files[usize::from(pick) % template.files.len()];
    let path = template.dir.join(name);
    std::fs::write(&path, contents).expect("write the fuzzed file");
    if let Err(errors) = store::load(&template.dir) {
        for error in &errors.0 {
            assert!(!error.to_string().contains('\n'), "an error spans lines: {error}");
        }
    }
    std::fs::write(&path, original).expect("restore");
});
