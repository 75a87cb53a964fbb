//! Per-user settings (Edit ▸ Settings…): the theme, the size of the interface, how
//! often unsaved work is autosaved and the grades imported sources start with. Kept in eframe's app storage, beside the recent
//! projects, never in a project.

use egui::Key;
use serde::{Deserialize, Serialize};

use super::command::Command;
use super::inspector::{credibility_combo, reliability_combo};
use crate::model::{Credibility, Reliability};

/// The colours of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Light or dark as the operating system is set.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// Dark with pure black and white, stronger outlines and a bright selection.
    HighContrast,
}

impl ThemeChoice {
    /// Every choice, in the order the settings list them.
    pub const ALL: [Self; 4] = [Self::System, Self::Light, Self::Dark, Self::HighContrast];

    /// The name shown in the settings.
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow the system",
            Self::Light => "Light",
            Self::Dark => "Dark",
            Self::HighContrast => "High contrast",
        }
    }
}

/// The user's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The colours.
    pub theme: ThemeChoice,
    /// The size of everything, 1 being 100 % (Ctrl+= and Ctrl+- change it too).
    pub zoom: f32,
    /// Seconds between autosaves of unsaved work.
    pub autosave_secs: u32,
    /// Whether the first-launch tour was finished or skipped.
    pub tour_done: bool,
    /// The reliability given to newly imported sources (none: not graded).
    pub import_reliability: Option<Reliability>,
    /// The credibility given to newly imported sources (none: not graded).
    pub import_credibility: Option<Credibility>,
}

/// The shortest and longest autosave intervals offered.
pub const AUTOSAVE_SECS_RANGE: std::ops::RangeInclusive<u32> = 10..=600;

/// The range of interface sizes offered.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            zoom: 1.0,
            autosave_secs: 30,
            tour_done: false,
            import_reliability: None,
            import_credibility: None,
        }
    }
}

impl Settings {
    /// The settings with every value brought into its range (a hand-edited or older
    /// storage file may hold anything).
    pub fn sanitised(mut self) -> Self {
        if !self.zoom.is_finite() {
            self.zoom = 1.0;
        }
        self.zoom = self.zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        self.autosave_secs =
            self.autosave_secs.clamp(*AUTOSAVE_SECS_RANGE.start(), *AUTOSAVE_SECS_RANGE.end());
        self
    }
}

/// The settings window while it is open: the values being edited.
#[derive(Debug)]
pub struct SettingsDialog {
    edited: Settings,
}

impl SettingsDialog {
    /// The window, starting from the settings in force.
    pub fn new(current: Settings) -> Self {
        Self { edited: current }
    }

    /// Draws the window. Each change is applied at once (`Command::ApplySettings`), so the
    /// user sees the theme or size they pick; Close (or Escape) closes it. Returns the
    /// command for a change, if any, and whether the window stays open.
    pub fn ui(&mut self, ctx: &egui::Context) -> (Option<Command>, bool) {
        let before = self.edited.clone();
        let mut open = true;
        let mut reset = false;
        egui::Modal::new(egui::Id::unique("settings")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading("Settings");
            ui.add_space(6.0);
            egui::Grid::new("settings_grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                let label = ui.label("Theme");
                egui::ComboBox::from_id_salt("settings_theme")
                    .selected_text(self.edited.theme.label())
                    .show_ui(ui, |ui| {
                        for choice in ThemeChoice::ALL {
                            ui.selectable_value(&mut self.edited.theme, choice, choice.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();

                let label = ui.label("Interface size");
                ui.add(
                    egui::Slider::new(&mut self.edited.zoom, ZOOM_RANGE)
                        .step_by(0.1)
                        .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
                )
                .labelled_by(label.id);
                ui.end_row();

                let label = ui.label("Autosave every");
                ui.add(egui::Slider::new(&mut self.edited.autosave_secs, AUTOSAVE_SECS_RANGE).suffix(" s"))
                    .labelled_by(label.id)
                    .on_hover_text("Unsaved work is also autosaved when the window loses focus");
                ui.end_row();

                let label = ui.label("New sources' reliability");
                reliability_combo(
                    ui,
                    "settings_reliability",
                    &mut self.edited.import_reliability,
                    220.0,
                    label.id,
                );
                ui.end_row();
                let label = ui.label("New sources' credibility");
                credibility_combo(
                    ui,
                    "settings_credibility",
                    &mut self.edited.import_credibility,
                    220.0,
                    label.id,
                );
                ui.end_row();
            });
            ui.weak("Imported sources start with these grades; the Inspector changes them per source.");
            ui.add_space(6.0);
            ui.weak("The interface is in English. Settings are kept for you on this computer.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Reset to defaults").clicked() {
                    self.edited = Settings { tour_done: self.edited.tour_done, ..Settings::default() };
                    // Applied even when the values look unchanged here: Ctrl+= may have
                    // zoomed the interface while the window was open.
                    reset = true;
                }
                if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    open = false;
                }
            });
        });
        let command =
            (reset || self.edited != before).then(|| Command::ApplySettings(self.edited.clone().sanitised()));
        (command, open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_out_of_range_are_brought_back() {
        let cases = [
            (Settings { zoom: f32::NAN, ..Settings::default() }, 1.0, 30),
            (Settings { zoom: 9.0, autosave_secs: 0, ..Settings::default() }, 3.0, 10),
            (Settings { zoom: 0.1, autosave_secs: 100_000, ..Settings::default() }, 0.5, 600),
            (Settings { zoom: 1.5, autosave_secs: 45, ..Settings::default() }, 1.5, 45),
        ];
        for (stored, zoom, secs) in cases {
            let settings = stored.sanitised();
            assert!((settings.zoom - zoom).abs() < f32::EPSILON, "{settings:?}");
            assert_eq!(settings.autosave_secs, secs);
        }
    }

    #[test]
    fn settings_missing_from_storage_take_their_defaults() {
        let settings: Settings = ron::from_str("(theme: Dark)").expect("parses");
        assert_eq!(settings, Settings { theme: ThemeChoice::Dark, ..Settings::default() });
    }
}
