//! The `dossier` binary: the GUI, or a headless subcommand.

use std::process::ExitCode;

fn main() -> ExitCode {
    dossier::cli::main()
}
