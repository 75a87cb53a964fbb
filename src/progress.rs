//! How far long work has got, and the one way to cancel it. No egui.
//!
//! Every long operation of the library (an import, a PDF extraction, the mention scan,
//! building the search index, a map layout, a slide deck) takes a [`Progress`]. The work
//! reports "done of total" (and, where it helps, the step it is on) and stops with
//! [`Cancelled`] at its next report once someone has called [`Progress::cancel`]. A
//! cancelled operation changes nothing: the library's long operations return what they
//! made rather than changing the project, and those that write files write none.
//!
//! A `Progress` is a cheap handle: clones share one state, so the GUI keeps one clone
//! to draw a progress bar and a Cancel button while the work runs on another thread
//! with the other.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, TryLockError};

/// The work was cancelled through its [`Progress`] before it finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// Called with the handle after every report (to log, wake a window, or cancel).
type Observer = Box<dyn Fn(&Progress) + Send + Sync>;

/// A shared handle on the progress of one piece of long work; clones share it.
#[derive(Clone, Default)]
pub struct Progress {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    cancelled: AtomicBool,
    done: AtomicUsize,
    total: AtomicUsize,
    step: Mutex<String>,
    observer: Option<Observer>,
}

/// The units a fraction is reported in by [`Progress::report_fraction`].
const FRACTION_UNITS: usize = 1000;

impl Progress {
    /// A handle that nobody watches; it can still be cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// A handle that calls `observer` after every report, on the thread that does the
    /// work: to log each step, to wake a window, or (in tests) to cancel at a given point.
    pub fn with_observer(observer: impl Fn(&Self) + Send + Sync + 'static) -> Self {
        Self { shared: Arc::new(Shared { observer: Some(Box::new(observer)), ..Shared::default() }) }
    }

    /// Asks the work to stop at its next report.
    pub fn cancel(&self) {
        self.shared.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`Self::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.shared.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once the work should stop.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() { Err(Cancelled) } else { Ok(()) }
    }

    /// Records that `done` of `total` units are done, tells the observer, and returns
    /// `Err(Cancelled)` when the work should stop.
    pub fn report(&self, done: usize, total: usize) -> Result<(), Cancelled> {
        self.shared.done.store(done, Ordering::Relaxed);
        self.shared.total.store(total, Ordering::Relaxed);
        if let Some(observer) = &self.shared.observer {
            observer(self);
        }
        self.check()
    }

    /// [`Self::report`], naming the step under way ("a.txt", "Slide 2: Moscow").
    pub fn report_step(&self, done: usize, total: usize, step: &str) -> Result<(), Cancelled> {
        {
            let mut current = self.shared.step.lock().unwrap_or_else(PoisonError::into_inner);
            current.clear();
            current.push_str(step);
        }
        self.report(done, total)
    }

    /// [`Self::report`] for work that knows only the fraction it has done (0 to 1), such
    /// as a layout: it is recorded in thousandths.
    pub fn report_fraction(&self, fraction: f32) -> Result<(), Cancelled> {
        let done = (fraction.clamp(0.0, 1.0) * FRACTION_UNITS as f32).round() as usize;
        self.report(done, FRACTION_UNITS)
    }

    /// Units done at the last report.
    pub fn done(&self) -> usize {
        self.shared.done.load(Ordering::Relaxed)
    }

    /// Units in all at the last report; 0 before the first.
    pub fn total(&self) -> usize {
        self.shared.total.load(Ordering::Relaxed)
    }

    /// The share done, 0 to 1 (0 before the first report).
    pub fn fraction(&self) -> f32 {
        match self.total() {
            0 => 0.0,
            total => (self.done() as f32 / total as f32).clamp(0.0, 1.0),
        }
    }

    /// The step named at the last [`Self::report_step`]; empty if none was. Never waits:
    /// the UI thread asks this every frame, and in the instant the work is naming a new
    /// step this gives an empty name rather than wait for it.
    pub fn step(&self) -> String {
        match self.shared.step.try_lock() {
            Ok(step) => step.clone(),
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner().clone(),
            Err(TryLockError::WouldBlock) => String::new(),
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("done", &self.done())
            .field("total", &self.total())
            .field("step", &self.step())
            .field("cancelled", &self.is_cancelled())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_report_and_the_cancel() {
        let progress = Progress::new();
        let watcher = progress.clone();
        assert_eq!((watcher.done(), watcher.total(), watcher.fraction()), (0, 0, 0.0));
        assert_eq!(progress.report_step(1, 4, "a.txt"), Ok(()));
        assert_eq!((watcher.done(), watcher.total(), watcher.step().as_str()), (1, 4, "a.txt"));
        assert!((watcher.fraction() - 0.25).abs() < f32::EPSILON);
        watcher.cancel();
        assert_eq!(progress.check(), Err(Cancelled));
        assert_eq!(progress.report(2, 4), Err(Cancelled));
        assert_eq!(watcher.done(), 2, "a report after the cancel is still recorded");
    }

    #[test]
    fn an_observer_sees_every_report_and_may_cancel() {
        let progress = Progress::with_observer(|p| {
            if p.done() >= 2 {
                p.cancel();
            }
        });
        assert_eq!(progress.report(1, 3), Ok(()));
        assert_eq!(progress.report(2, 3), Err(Cancelled));
        assert_eq!(progress.report_fraction(1.0), Err(Cancelled));
        assert_eq!((progress.done(), progress.total()), (1000, 1000));
    }
}
