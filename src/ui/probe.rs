//! Start-up measurement: with `DOSSIER_EXIT_AFTER=first-frame` the app closes once its
//! first frame is on screen, and with `DOSSIER_EXIT_AFTER=loaded` once the project given
//! on the command line is shown and its background work (search index, autosave check)
//! is done. Either way it prints to standard error how long that took since the process
//! started its window, and the peak memory so far, for BENCHMARKS.md.

use std::time::{Duration, Instant};

/// The environment variable that asks for a measured start.
pub const EXIT_AFTER_VAR: &str = "DOSSIER_EXIT_AFTER";

/// When the measured app closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitAfter {
    /// Once the first frame has been painted.
    FirstFrame,
    /// Once the project is open and nothing runs in the background.
    Loaded,
}

impl ExitAfter {
    /// What [`EXIT_AFTER_VAR`] asks for, if anything.
    pub fn from_env() -> Option<Self> {
        match std::env::var(EXIT_AFTER_VAR).ok()?.as_str() {
            "first-frame" => Some(Self::FirstFrame),
            "loaded" => Some(Self::Loaded),
            _ => None,
        }
    }
}

/// Watches the frames of a measured start and closes the window when it is done.
#[derive(Debug)]
pub struct Probe {
    exit_after: ExitAfter,
    started: Instant,
    frames: u64,
    project_shown: Option<Duration>,
    reported: bool,
}

impl Probe {
    /// A probe that started timing at `started` (when the window was being created).
    pub fn new(exit_after: ExitAfter, started: Instant) -> Self {
        Self { exit_after, started, frames: 0, project_shown: None, reported: false }
    }

    /// Called after each frame's UI with whether a project is shown and whether any
    /// background work runs. A frame's UI runs before it is painted, so the first frame
    /// counts as on screen when the second one starts.
    pub fn after_frame(&mut self, ctx: &egui::Context, project_shown: bool, busy: bool) {
        if self.reported {
            return;
        }
        self.frames += 1;
        let elapsed = self.started.elapsed();
        if project_shown && self.project_shown.is_none() {
            self.project_shown = Some(elapsed);
        }
        let done = match self.exit_after {
            ExitAfter::FirstFrame => self.frames >= 2,
            ExitAfter::Loaded => self.project_shown.is_some() && !busy && self.frames >= 2,
        };
        if done {
            let shown =
                self.project_shown.map_or_else(|| "never".to_owned(), |d| format!("{} ms", d.as_millis()));
            eprintln!(
                "dossier probe: {:?} after {} ms ({} frames); project shown after {shown}; peak memory {}",
                self.exit_after,
                elapsed.as_millis(),
                self.frames,
                peak_memory().unwrap_or_else(|| "unknown".to_owned())
            );
            self.reported = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            // Look again now and then even when nothing asks for a repaint, but not so
            // often that the probe's own frames (drawn on the CPU under Xvfb) slow down
            // the loading it measures.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }
}

/// The process's peak resident memory as the kernel counts it (`VmHWM`), on Linux.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_owned())
}
