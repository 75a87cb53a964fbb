//! `dossier bundle`, `dossier unbundle` and the hidden `dossier resave`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::store;

/// Writes the project in `path` as the bundle `output`.
pub fn bundle(path: &Path, output: &Path) -> anyhow::Result<ExitCode> {
    let project = super::load_project(path)?;
    store::bundle::write_bundle(&project, output)
        .with_context(|| format!("writing the bundle {}", output.display()))?;
    println!("wrote {}: {}", output.display(), contents(&project));
    Ok(ExitCode::SUCCESS)
}

/// Unpacks the bundle `file` into the new folder `dir`.
pub fn unbundle(file: &Path, dir: &Path) -> anyhow::Result<ExitCode> {
    match store::bundle::read_bundle(file, dir) {
        Ok(project) => {
            println!("unpacked {} into {}: {}", file.display(), dir.display(), contents(&project));
            Ok(ExitCode::SUCCESS)
        }
        Err(store::bundle::UnbundleError::Invalid(errors)) => {
            // One problem per line, like `dossier check`.
            for error in &errors.0 {
                eprintln!("{error}");
            }
            Ok(ExitCode::FAILURE)
        }
        Err(error) => Err(error.into()),
    }
}

/// Loads `path`, applies [`crate::synth::touch`] number `n`, and saves, printing `saving`
/// before the save starts and `saved` when it is done.
pub fn resave(path: &Path, n: u64) -> anyhow::Result<ExitCode> {
    let mut project = super::load_project(path)?;
    crate::synth::touch(&mut project, n);
    // The crash test waits for this line, so that its kills land during the save.
    let mut stdout = std::io::stdout();
    writeln!(stdout, "saving")?;
    stdout.flush()?;
    store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
    writeln!(stdout, "saved")?;
    Ok(ExitCode::SUCCESS)
}

/// "5 sources, 28 entities, 152 mentions, 42 relations, 2 maps".
fn contents(project: &crate::model::Project) -> String {
    format!(
        "{} sources, {} entities, {} mentions, {} relations, {} maps",
        project.sources.len(),
        project.entities.len(),
        project.mentions.len(),
        project.relations.len(),
        project.maps.len()
    )
}
