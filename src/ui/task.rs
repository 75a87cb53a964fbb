//! Work that runs off the UI thread and reports back once.

use std::sync::mpsc;

/// A job on a background thread; the window repaints when it finishes.
pub struct Task<T> {
    rx: mpsc::Receiver<T>,
    /// What the job is doing, for the status bar ("Opening syria-2024…").
    pub label: String,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `job` on a new thread.
    pub fn spawn(
        ctx: &egui::Context,
        label: impl Into<String>,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = job();
            // The receiver is gone only if the app stopped waiting; nothing to do then.
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        Self { rx, label: label.into() }
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
        Self { rx, label: label.into() }
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
