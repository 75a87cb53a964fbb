//! Never lose work: a `dossier` process is killed (SIGKILL on Unix) at random moments
//! while it saves a large project, hundreds of times, and after every kill the project
//! must load and be exactly the state before that save or the state after it.
//!
//! The kill timings come from a seeded generator; the seed is printed, and
//! `DOSSIER_CRASH_SEED=N` replays a run. `DOSSIER_CRASH_KILLS=N` changes how many kills
//! are made (default 150; 200 kills took 120 seconds in a debug build on the busy, shared
//! two-core development machine, about 0.6 seconds per kill).

// The test prints its seed and what the kills hit, for replaying a failure.
#![allow(clippy::print_stdout)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use dossier::model::Project;
use dossier::store;
use dossier::synth::{SynthParams, synth, touch};

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Starts `dossier resave DIR --touch N` and waits until it says it starts saving.
fn start_resave(dir: &Path, n: u64) -> (Child, BufReader<ChildStdout>) {
    let mut child = Command::new(DOSSIER)
        .args(["resave", &dir.display().to_string(), "--touch", &n.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dossier");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read");
    assert_eq!(line, "saving\n", "resave {n} did not get to its save");
    (child, stdout)
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_project() {
    let seed = env_number("DOSSIER_CRASH_SEED").unwrap_or_else(|| fastrand::u64(..));
    let kills = env_number("DOSSIER_CRASH_KILLS").unwrap_or(150);
    println!("crash test: seed {seed} (replay with DOSSIER_CRASH_SEED={seed}), {kills} kills");
    let mut rng = fastrand::Rng::with_seed(seed);

    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("big");
    // Big enough that a save takes tens of milliseconds, small enough to load quickly.
    let params = SynthParams { sources: 20, entities: 400, relations: 600, mentions: 3000, seed: 7 };
    store::save(&synth(&params), &dir).expect("write the project");
    let mut current: Project = store::load(&dir).expect("the project loads");

    // One full save shows how long saving takes; kills are spread over that time after
    // the process says it starts saving (and a little past it, so some saves complete).
    let mut touches = 1_u64;
    let (mut child, mut stdout) = start_resave(&dir, touches);
    let save_started = Instant::now();
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read");
    let save_took = save_started.elapsed();
    assert_eq!(line, "saved\n");
    assert!(child.wait().expect("wait").success());
    touch(&mut current, touches);
    assert_eq!(store::load(&dir).expect("loads"), current, "a completed resave gives the touched project");
    let span_micros = (save_took.as_micros() as u64).max(1000) * 5 / 4;
    println!("crash test: one save takes {} ms", save_took.as_millis());

    let (mut old_states, mut new_states, mut interrupted) = (0, 0, 0);
    let started = Instant::now();
    for _ in 0..kills {
        touches += 1;
        let (mut child, _stdout) = start_resave(&dir, touches);
        std::thread::sleep(Duration::from_micros(rng.u64(..span_micros)));
        // An error here means the process had already finished: that is a valid outcome.
        let _ = child.kill();
        child.wait().expect("reap dossier");

        if dir.join(".save-journal").exists() || leftover_new_files(&dir) {
            interrupted += 1;
        }
        let mut expected_new = current.clone();
        touch(&mut expected_new, touches);
        let loaded = match store::load(&dir) {
            Ok(project) => project,
            Err(errors) => panic!("seed {seed}, touch {touches}: the project no longer loads:\n{errors}"),
        };
        if loaded == current {
            old_states += 1;
        } else if loaded == expected_new {
            new_states += 1;
            current = expected_new;
        } else {
            panic!("seed {seed}, touch {touches}: the project is neither the old nor the new state");
        }
        // The next save starts from what is on disk, and so does the expectation.
    }
    println!(
        "crash test: {kills} kills in {:.1} s: {old_states} left the old project, {new_states} the new one, \
         {interrupted} interrupted a save that the next load finished or discarded",
        started.elapsed().as_secs_f64()
    );
    assert!(old_states > 0 && new_states > 0, "kills should land both before and after saves complete");
}

/// True if a save left `NAME.new` files in the project folder.
fn leftover_new_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".ron.new")))
    })
}
