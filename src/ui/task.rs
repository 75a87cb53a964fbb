//! Work that runs off the UI thread and reports back once.

use std::sync::mpsc;

use crate::progress::Progress;

/// A job on a background thread; the window repaints when it finishes.
///
/// Every task carries a [`Progress`]: a job that takes it (see [`Self::spawn_with_progress`])
/// reports through it, so the status bar and progress windows read how far it got, and
/// [`Self::cancel`] stops it. A task dropped before it finished is cancelled.
pub struct Task<T> {
    rx: mpsc::Receiver<T>,
    /// What the job is doing, for the status bar ("Opening syria-2024…").
    pub label: String,
    progress: Progress,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `job` on a new thread.
    pub fn spawn(
        ctx: &egui::Context,
        label: impl Into<String>,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        Self::spawn_with_progress(ctx, label, move |_| job())
    }

    /// Runs `job` on a new thread with the task's [`Progress`]; the window repaints at
    /// each report, so a progress bar moves.
    pub fn spawn_with_progress(
        ctx: &egui::Context,
        label: impl Into<String>,
        job: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let repaint = ctx.clone();
        let progress = Progress::with_observer(move |_| repaint.request_repaint());
        let job_progress = progress.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = job(&job_progress);
            // The receiver is gone only if the app stopped waiting; nothing to do then.
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Self { rx, label: label.into(), progress }
    }

    /// Runs `job` on a new thread without waking the window when it ends: the result is
    /// picked up on the next frame, whenever that comes. For polling that should not keep
    /// an idle window drawing.
    pub fn spawn_quiet(label: impl Into<String>, job: impl FnOnce() -> T + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // The receiver is gone only if the app stopped waiting; nothing to do then.
            let _ = tx.send(job());
        });
        Self { rx, label: label.into(), progress: Progress::new() }
    }

    /// The result, once: `Some(Ok(…))` when done, `Some(Err(()))` if the job died.
    pub fn poll(&self) -> Option<Result<T, ()>> {
        match self.rx.try_recv() {
            Ok(value) => Some(Ok(value)),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(Err(())),
        }
    }
}

impl<T> Task<T> {
    /// How far the job has got (nothing for a job that does not report).
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Asks the job to stop at its next report; its result then says it was cancelled.
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

impl<T> Drop for Task<T> {
    /// Nobody will read the result any more: let the job stop early.
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

/// A bar of how far `progress` has got, saying "`done` of `total`" (callers may give
/// their own text).
pub fn progress_bar(progress: &Progress) -> egui::ProgressBar {
    egui::ProgressBar::new(progress.fraction()).text(format!("{} of {}", progress.done(), progress.total()))
}

/// A job's Cancel button; it says "Cancelling…" and is disabled once pressed.
pub fn cancel_button_ui(ui: &mut egui::Ui, progress: &Progress) {
    let cancelling = progress.is_cancelled();
    let text = if cancelling { "Cancelling…" } else { "Cancel" };
    if ui.add_enabled(!cancelling, egui::Button::new(text)).clicked() {
        progress.cancel();
    }
}
