//! The three-step tour a first launch shows over the sample project, in a small window
//! that leaves the workbench usable beside it. Help ▸ Show the tour brings it back.

use super::command::Command;
use super::tiles::Pane;

/// One step: a title, what to try, and the panel it is about (brought to the front).
struct Step {
    title: &'static str,
    text: &'static str,
    panel: Pane,
}

const STEPS: [Step; 3] = [
    Step {
        title: "1 of 3 · Read the sources",
        text: "The sample is a finished case: five press reports on Bashar al-Assad's flight to \
               Moscow in December 2024. Click a report in Sources to read it; names are coloured \
               by kind, and a click on one shows that entity in the Inspector.",
        panel: Pane::Reader,
    },
    Step {
        title: "2 of 3 · Tag what they mention",
        text: "Select a few words in the Reader and press T to tag them as an entity, or use \
               Find mentions in Suggestions to look for every known name at once. Ctrl+Z undoes \
               anything.",
        panel: Pane::Entities,
    },
    Step {
        title: "3 of 3 · Map and present",
        text: "The Map shows how the entities relate; every line is backed by quotes (click one \
               to see them). Press F5 to present the map slide by slide, and Ctrl+K to find any \
               other command by name.",
        panel: Pane::Map,
    },
];

/// The tour while it is shown: which step.
#[derive(Debug, Default)]
pub struct Tour {
    step: usize,
}

impl Tour {
    /// Draws the current step with Back, Next (or Done) and Skip. Returns the commands
    /// it asks for (bring a panel to the front) and whether the tour goes on.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let Some(step) = STEPS.get(self.step) else {
            return false;
        };
        let mut going_on = true;
        let mut moved = None;
        egui::Window::new("Welcome to Dossier")
            .id(egui::Id::unique("tour"))
            .collapsible(false)
            .resizable(false)
            .default_width(360.0)
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -36.0))
            .show(ctx, |ui| {
                ui.strong(step.title);
                ui.add_space(4.0);
                ui.label(step.text);
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if self.step > 0 && ui.button("Back").clicked() {
                        moved = Some(self.step - 1);
                    }
                    let last = self.step + 1 == STEPS.len();
                    if ui.button(if last { "Done" } else { "Next" }).clicked() {
                        if last {
                            going_on = false;
                        } else {
                            moved = Some(self.step + 1);
                        }
                    }
                    if !last && ui.button("Skip the tour").clicked() {
                        going_on = false;
                    }
                });
            });
        if let Some(step) = moved {
            self.step = step;
            commands.push(Command::ShowPanel(STEPS[step].panel));
        }
        going_on
    }

    /// The panel the first step is about, to show when the tour starts.
    pub fn first_panel() -> Pane {
        STEPS[0].panel
    }
}
