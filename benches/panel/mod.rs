//! A headless `egui_kittest` harness around one panel of the app, shared by the panel
//! frame benchmarks.

use dossier::analysis::MentionStats;
use dossier::model::Project;
use dossier::ui::{Command, Revision, View};
use egui_kittest::Harness;

/// What the panel reads and writes between frames.
pub struct Panel {
    pub project: Project,
    pub counts: MentionStats,
    pub view: View,
    pub commands: Vec<Command>,
}

/// Draws one panel from the app's view: hands the panel its own state and the selection,
/// as the app's tiles do.
pub type Draw = fn(&mut egui::Ui, &Project, Revision, &MentionStats, &mut View, &mut Vec<Command>);

/// A harness of `size` points that draws `project` with `draw` in a central panel and
/// drops the commands it emits, after one first frame (which fits cameras and fills
/// caches, and is not what the benchmarks time).
pub fn harness(size: [f32; 2], project: Project, view: View, draw: Draw) -> Harness<'static, Panel> {
    let panel = Panel { counts: MentionStats::of(&project), project, view, commands: Vec::new() };
    let mut harness = Harness::builder().with_size(size).build_ui_state(
        move |ui, panel: &mut Panel| {
            egui::CentralPanel::default().show(ui, |ui| {
                draw(
                    ui,
                    &panel.project,
                    Revision::whole(1),
                    &panel.counts,
                    &mut panel.view,
                    &mut panel.commands,
                );
            });
            panel.commands.clear();
        },
        panel,
    );
    harness.step();
    harness
}
