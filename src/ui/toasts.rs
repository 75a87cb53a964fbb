//! Short messages in the corner of the window: errors, warnings, confirmations.

use super::theme;

/// How serious a toast is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something happened as asked.
    Info,
    /// Something needs attention.
    Warning,
    /// Something failed.
    Error,
}

struct Toast {
    level: Level,
    text: String,
    until_secs: f64,
}

/// The toasts on screen.
#[derive(Default)]
pub struct Toasts {
    toasts: Vec<Toast>,
}

impl Toasts {
    /// Shows a message; errors stay longer and are also logged.
    pub fn push(&mut self, ctx: &egui::Context, level: Level, text: impl Into<String>) {
        let text = text.into();
        let secs = match level {
            Level::Info => 4.0,
            Level::Warning => 8.0,
            Level::Error => {
                log::error!("{text}");
                15.0
            }
        };
        let now = ctx.input(|i| i.time);
        self.toasts.push(Toast { level, text, until_secs: now + secs });
        ctx.request_repaint();
    }

    /// The texts shown now (for tests).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.toasts.iter().map(|t| t.text.as_str())
    }

    /// Draws the toasts in the bottom-right corner; a click dismisses one.
    pub fn ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        self.toasts.retain(|t| t.until_secs > now);
        if self.toasts.is_empty() {
            return;
        }
        if let Some(next) = self.toasts.iter().map(|t| t.until_secs).reduce(f64::min) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64((next - now).max(0.05)));
        }
        let mut dismissed = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -32.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                for (i, toast) in self.toasts.iter().enumerate() {
                    let color = match toast.level {
                        Level::Info => theme::info_color(),
                        Level::Warning => theme::warning_color(),
                        Level::Error => theme::error_color(),
                    };
                    let response = egui::Frame::popup(ui.style())
                        .fill(theme::toast_fill(ui.visuals()))
                        .stroke(egui::Stroke::new(1.5, color))
                        .show(ui, |ui| {
                            ui.horizontal(|ui| {
                                let icon = match toast.level {
                                    Level::Info => "ℹ",
                                    Level::Warning => "⚠",
                                    Level::Error => "⛔",
                                };
                                ui.colored_label(color, icon);
                                ui.add(egui::Label::new(&toast.text).wrap());
                            });
                        })
                        .response
                        .interact(egui::Sense::click())
                        .on_hover_text("Click to dismiss");
                    if response.clicked() {
                        dismissed = Some(i);
                    }
                }
            });
        if let Some(i) = dismissed {
            self.toasts.remove(i);
        }
    }
}
