//! The row of map tabs (select, new, rename, duplicate, delete) and the toolbar under it.

use egui::Key;

use super::{MapState, add_shape_edit, fresh_id, layout_run, new_map_command};
use crate::analysis::layout::Algorithm;
use crate::edit::Edit;
use crate::edit::Part;
use crate::model::{ItemKey, Map, MapId, Project};
use crate::ui::command::Command;
use crate::ui::document::Revision;

/// The tabs: one per map, then "+" for a new one. Right-click a tab for its menu.
pub fn tabs_ui(ui: &mut egui::Ui, project: &Project, state: &mut MapState, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        for map in super::maps_in_tab_order(project) {
            if let Some((id, name)) = &mut state.renaming
                && id == &map.id
            {
                let label = ui.label("Name:");
                let response =
                    ui.add(egui::TextEdit::singleline(name).desired_width(140.0)).labelled_by(label.id);
                if !response.has_focus() && !response.lost_focus() {
                    response.request_focus();
                }
                let done = response.lost_focus();
                if done {
                    let name = name.trim().to_owned();
                    if ui.input(|i| i.key_pressed(Key::Enter)) && !name.is_empty() && name != map.name {
                        let mut renamed = map.clone();
                        renamed.name = name;
                        commands.push(Command::edit(Edit::put(renamed), "Rename map"));
                    }
                    state.renaming = None;
                }
                continue;
            }
            let active = state.active.as_ref() == Some(&map.id);
            let response = ui.selectable_label(active, &map.name).on_hover_text(format!(
                "{} entities on this map · right-click to rename, duplicate or delete",
                map.nodes.len()
            ));
            if response.clicked() {
                state.activate(Some(map.id.clone()));
            }
            if response.double_clicked() {
                state.renaming = Some((map.id.clone(), map.name.clone()));
            }
            response.context_menu(|ui| map_menu_ui(ui, project, map, state, commands));
        }
        if ui.button("+").on_hover_text("New map").clicked() {
            let command = new_map_command(project);
            if let Command::Edit { edit: Edit::Put(item), .. } = &command
                && let ItemKey::Map(id) = item.key()
            {
                state.activate(Some(id));
            }
            commands.push(command);
        }
    });
}

/// Rename, duplicate and delete for one map.
fn map_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    map: &Map,
    state: &mut MapState,
    commands: &mut Vec<Command>,
) {
    if ui.button("Rename…").clicked() {
        state.renaming = Some((map.id.clone(), map.name.clone()));
        ui.close();
    }
    if ui.button("Duplicate").clicked() {
        let name = format!("{} copy", map.name);
        let copy = Map { id: MapId(fresh_id(project, &name, "map")), name, ..map.clone() };
        state.activate(Some(copy.id.clone()));
        state.cameras.insert(copy.id.clone(), state.cameras.get(&map.id).copied().unwrap_or_default());
        commands.push(Command::edit(Edit::put(copy), "Duplicate map"));
        ui.close();
    }
    if ui.button("Delete map").clicked() {
        commands.push(Command::edit(Edit::Remove(ItemKey::Map(map.id.clone())), "Delete map"));
        if state.active.as_ref() == Some(&map.id) {
            let next =
                super::maps_in_tab_order(project).into_iter().find(|m| m.id != map.id).map(|m| m.id.clone());
            state.activate(next);
        }
        ui.close();
    }
}

/// The time filter: off by default; on, a slider over the days of the relations' dates,
/// and only the relations valid on the chosen day (or without a date) are drawn.
fn time_filter_ui(ui: &mut egui::Ui, project: &Project, revision: Revision, state: &mut MapState) {
    use crate::model::{DAY_MINUTES, period_interval};
    let revision = revision.of(&[Part::Relations]);
    if state.time_span.as_ref().is_none_or(|(r, _)| *r != revision) {
        let span = project
            .relations
            .values()
            .filter_map(|r| period_interval(&r.start, &r.end))
            .reduce(crate::model::Interval::union)
            .map(|s| (s.earliest.div_euclid(DAY_MINUTES), (s.latest - 1).div_euclid(DAY_MINUTES)));
        state.time_span = Some((revision, span));
    }
    let Some((_, Some((first, last)))) = state.time_span else {
        return;
    };
    let mut on = state.time_filter.is_some();
    if ui
        .checkbox(&mut on, "At time")
        .on_hover_text("Show only the relations valid on one day; relations without a date are always shown")
        .changed()
    {
        state.time_filter = on.then_some(last);
    }
    if let Some(day) = state.time_filter.as_mut() {
        *day = (*day).clamp(first, last);
        ui.add(
            egui::Slider::new(day, first..=last)
                .custom_formatter(|value, _| {
                    #[allow(clippy::cast_possible_truncation)] // whole days
                    let (y, m, d) = crate::model::civil_from_days(value as i64);
                    format!("{y:04}-{m:02}-{d:02}")
                })
                .custom_parser(|text| {
                    let (y, m, d) = crate::model::date_sort_key(text);
                    #[allow(clippy::cast_precision_loss)] // whole days fit f64
                    (y != 0 && m != 0 && d != 0).then(|| crate::model::days_from_civil(y, m, d) as f64)
                }),
        )
        .on_hover_text("The day whose relations are shown");
    }
}

/// Layout, fit, notes and groups, and node sizing for the active map.
pub fn toolbar_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    map: &Map,
    state: &mut MapState,
    commands: &mut Vec<Command>,
) {
    // Wrapped, so that in a narrow pane (the reader beside the map) no button is cut off.
    ui.horizontal_wrapped(|ui| {
        if let Some(fraction) = state.layout.progress(&map.id) {
            ui.add(egui::ProgressBar::new(fraction).desired_width(120.0).show_percentage())
                .on_hover_text("Laying out the map");
            if ui.button("Stop").on_hover_text("Stop the layout and keep the map as it was").clicked() {
                state.layout.stop();
            }
        } else {
            ui.add_enabled_ui(!map.nodes.is_empty(), |ui| {
                ui.menu_button("Layout", |ui| {
                    for algorithm in Algorithm::ALL {
                        let name = match algorithm {
                            Algorithm::Force => "Force-directed",
                            Algorithm::Circle => "Circle",
                            Algorithm::Grid => "Grid",
                            Algorithm::Hierarchy => "Hierarchy",
                        };
                        if ui.button(name).clicked() {
                            layout_run::start(ui.ctx(), &mut state.layout, project, map, algorithm);
                            ui.close();
                        }
                    }
                })
                .response
                .on_hover_text("Arrange the nodes (pinned nodes stay where they are)");
            });
        }
        if ui.button("Fit all").on_hover_text("Show the whole map (F)").clicked() {
            state.canvas.fit_requested = true;
        }
        let center = state.cameras.get(&map.id).copied().unwrap_or_default().center_pos();
        if ui.button("+ Note").on_hover_text("Add a text note in the middle of the view").clicked() {
            commands.push(Command::edit(add_shape_edit(map, center, false), "Add note"));
            state.selected_shape = Some(super::ShapeRef::Note(map.notes.len()));
        }
        if ui.button("+ Group").on_hover_text("Add a labelled rectangle in the middle of the view").clicked()
        {
            commands.push(Command::edit(add_shape_edit(map, center, true), "Add group"));
            state.selected_shape = Some(super::ShapeRef::Group(map.groups.len()));
        }
        ui.checkbox(&mut state.size_by_mentions, "Size by mentions")
            .on_hover_text("Draw entities that the sources mention more often larger");
        let mut bundled = map.parallel == crate::model::ParallelRelations::Bundled;
        if ui
            .checkbox(&mut bundled, "Bundle parallel relations")
            .on_hover_text(
                "Draw several relations between the same two entities as one line with their count; \
                 selecting or pointing at it spreads them out (saved with the map, undoable)",
            )
            .changed()
        {
            commands.push(super::parallel_command(map));
        }
        time_filter_ui(ui, project, revision, state);
        ui.separator();
        let slides = format!("Slides ({})", map.slides.len());
        ui.toggle_value(&mut state.show_slides, slides)
            .on_hover_text("The storyboard: slides of this map to present, in order");
        if ui
            .button("\u{25b6} Present")
            .on_hover_text("Present this map full screen (F5; Esc leaves)")
            .clicked()
        {
            commands.push(Command::Present { slide: state.current_slide.unwrap_or(0) });
        }
    });
}
