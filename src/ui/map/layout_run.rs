//! Layouts run off the UI thread; when one finishes, the nodes glide from their old to
//! their new places and the result becomes one undoable edit.

use egui::{Pos2, pos2};

use crate::analysis::layout::{self, Algorithm, LayoutGraph, LayoutOptions};
use crate::edit::Edit;
use crate::model::{Map, MapId, Project};
use crate::progress::Cancelled;
use crate::ui::command::Command;
use crate::ui::task::Task;

/// How long the nodes take to move to their new places.
const ANIMATION_SECS: f64 = 0.4;

struct Running {
    map: MapId,
    graph: LayoutGraph,
    /// The layout; its progress is the fraction done.
    task: Task<Result<Vec<[f32; 2]>, Cancelled>>,
}

/// Nodes on their way from the old positions to the new ones, in map (id) order.
pub struct Animation {
    /// The map laid out.
    pub map: MapId,
    graph: LayoutGraph,
    from: Vec<Pos2>,
    to: Vec<Pos2>,
    start_secs: Option<f64>,
}

/// The layout under way, or the animation after it.
#[derive(Default)]
pub struct LayoutState {
    running: Option<Running>,
    /// The animation after a layout finished.
    pub animation: Option<Animation>,
}

impl LayoutState {
    /// The fraction done of the layout running on `map`, if one is.
    pub fn progress(&self, map: &MapId) -> Option<f32> {
        self.running.as_ref().filter(|r| &r.map == map).map(|r| r.task.progress().fraction())
    }

    /// Asks the running layout to stop; the map stays as it was.
    pub fn stop(&mut self) {
        if let Some(running) = &self.running {
            running.task.cancel();
        }
    }

    /// Picks up a finished layout and starts its animation.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(running) = &self.running else {
            return;
        };
        match running.task.poll() {
            None => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Some(result) => {
                let Some(running) = self.running.take() else {
                    return;
                };
                if let Ok(Ok(positions)) = result
                    && positions.len() == running.graph.positions.len()
                {
                    let from = running.graph.positions.iter().map(|p| pos2(p[0], p[1])).collect();
                    let to = positions.iter().map(|p| pos2(p[0], p[1])).collect();
                    self.animation = Some(Animation {
                        map: running.map,
                        graph: running.graph,
                        from,
                        to,
                        start_secs: None,
                    });
                }
            }
        }
    }

    /// Where node `i` of `map` is drawn now, if an animation moves it; also ends the
    /// animation (pushing the edit) once it is done.
    pub fn animate(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        map: &Map,
        commands: &mut Vec<Command>,
    ) -> Option<(f32, &[Pos2], &[Pos2])> {
        let animation = self.animation.as_mut().filter(|a| a.map == map.id)?;
        let now = ctx.input(|i| i.time);
        let start = *animation.start_secs.get_or_insert(now);
        let t = ((now - start) / ANIMATION_SECS).clamp(0.0, 1.0) as f32;
        // The map changed under the animation (an edit, undo): give up on it.
        let stale = animation.graph.ids.len() != map.nodes.len()
            || !animation.graph.ids.iter().zip(map.nodes.keys()).all(|(a, b)| a == b);
        if stale {
            self.animation = None;
            return None;
        }
        if t >= 1.0 {
            let animation = self.animation.take()?;
            let positions: Vec<[f32; 2]> = animation.to.iter().map(|p| [p.x, p.y]).collect();
            if let Some(current) = project.maps.get(&map.id) {
                let laid_out = animation.graph.apply(current, &positions);
                commands.push(Command::edit(Edit::put(laid_out), "Layout map"));
            }
            return None;
        }
        ctx.request_repaint();
        let eased = 1.0 - (1.0 - t).powi(3);
        let animation = self.animation.as_ref()?;
        Some((eased, &animation.from, &animation.to))
    }
}

/// Starts laying out `map` with `algorithm` on a background thread.
pub fn start(
    ctx: &egui::Context,
    state: &mut LayoutState,
    project: &Project,
    map: &Map,
    algorithm: Algorithm,
) {
    if state.running.is_some() {
        return;
    }
    state.animation = None;
    let graph = LayoutGraph::from_map(project, map);
    let options = LayoutOptions { algorithm, ..LayoutOptions::default() };
    let job_graph = graph.clone();
    let task = Task::spawn_with_progress(ctx, format!("Laying out {}…", map.name), move |progress| {
        layout::run(&job_graph, &options, progress)
    });
    state.running = Some(Running { map: map.id.clone(), graph, task });
}
