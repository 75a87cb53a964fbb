//! Never lose work: a `dossier` process is killed (SIGKILL on Unix) at random moments
//! while it saves a large project, hundreds of times, and after every kill the project
//! must load and be exactly the state before that save or the state after it.
//!
//! The kill timings come from a seeded generator; the seed is printed, and
//! `DOSSIER_CRASH_SEED=N` replays a run. `DOSSIER_CRASH_KILLS=N` changes how many kills
//! are made (default 200, about 30 to 60 seconds in a debug build on a shared machine).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dossier::model::Project;
use dossier::store;
use dossier::synth::{SynthParams, synth, touch};

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Runs `dossier resave DIR --touch N` to the end and returns how long it took.
fn resave_to_the_end(dir: &Path, n: u64) -> Duration {
    let started = Instant::now();
    let status = Command::new(DOSSIER)
        .args(["resave", &dir.display().to_string(), "--touch", &n.to_string()])
        .status()
        .expect("run dossier");
    assert!(status.success(), "resave {n} failed");
    started.elapsed()
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_project() {
    let seed = env_number("DOSSIER_CRASH_SEED").unwrap_or_else(|| fastrand::u64(..));
    let kills = env_number("DOSSIER_CRASH_KILLS").unwrap_or(200);
    println!("crash test: seed {seed} (replay with DOSSIER_CRASH_SEED={seed}), {kills} kills");
    let mut rng = fastrand::Rng::with_seed(seed);

    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("big");
    // Big enough that a save takes tens of milliseconds, small enough to load quickly.
    let params = SynthParams { sources: 40, entities: 1500, relations: 2500, mentions: 12_000, seed: 7 };
    store::save(&synth(&params), &dir).expect("write the project");
    let mut current: Project = store::load(&dir).expect("the project loads");

    // One full run shows how long the process lives; kills are spread over that time
    // (and a little past it, so some saves complete).
    let mut touches = 1_u64;
    let full = resave_to_the_end(&dir, touches);
    touch(&mut current, touches);
    assert_eq!(store::load(&dir).expect("loads"), current, "a completed resave gives the touched project");
    let span_micros = (full.as_micros() as u64).max(1000) * 6 / 5;
    println!("crash test: one resave takes {} ms", full.as_millis());

    let (mut old_states, mut new_states, mut interrupted) = (0, 0, 0);
    let started = Instant::now();
    for _ in 0..kills {
        touches += 1;
        let mut child = Command::new(DOSSIER)
            .args(["resave", &dir.display().to_string(), "--touch", &touches.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dossier");
        std::thread::sleep(Duration::from_micros(rng.u64(..span_micros)));
        // An error here means the process had already finished: that is a valid outcome.
        let _ = child.kill();
        child.wait().expect("reap dossier");

        if dir.join(".save-journal").exists() || leftover_new_files(&dir) {
            interrupted += 1;
        }
        let mut touched = current.clone();
        touch(&mut touched, touches);
        let loaded = match store::load(&dir) {
            Ok(project) => project,
            Err(errors) => panic!("seed {seed}, touch {touches}: the project no longer loads:\n{errors}"),
        };
        if loaded == current {
            old_states += 1;
        } else if loaded == touched {
            new_states += 1;
            current = touched;
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
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().any(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".ron.new")))
        })
        .unwrap_or(false)
}
