//! The storyboard of the active map: its slides in order, each a camera, a choice of what
//! is shown and stressed, and a caption. Slides are added from the current view, then
//! renamed, captioned, reordered and deleted here; every change is an undoable edit of
//! the map.

use std::fmt::Write as _;

use egui::Rect;

use super::MapState;
use crate::edit::Edit;
use crate::model::{Map, Slide, SlideView};
use crate::ui::command::Command;
use crate::ui::theme;

/// The command that replaces `map`'s slides by `slides`.
fn slides_edit(map: &Map, slides: Vec<Slide>, label: &str, coalesce: Option<String>) -> Command {
    let mut map = map.clone();
    map.slides = slides;
    Command::Edit { edit: Edit::put(map), label: label.to_owned(), coalesce }
}

/// The slide view of a rectangle in map units.
pub fn slide_view(rect: Rect) -> SlideView {
    SlideView { x: rect.min.x, y: rect.min.y, width: rect.width(), height: rect.height() }
}

/// The rectangle of a slide view, in map units.
pub fn view_rect(view: &SlideView) -> Rect {
    Rect::from_min_size(egui::pos2(view.x, view.y), egui::vec2(view.width, view.height))
}

/// A new slide from what the canvas shows now: its view, and the selected nodes (and
/// relation) as the slide's highlights.
fn slide_from_view(map: &Map, state: &MapState) -> Option<Slide> {
    let view = state.canvas.last_view.filter(|r| r.is_positive() && r.is_finite())?;
    let mut slide = Slide::new(format!("Slide {}", map.slides.len() + 1), slide_view(view));
    slide.highlighted = state.selected.iter().filter(|id| map.nodes.contains_key(*id)).cloned().collect();
    slide.highlighted_relations.extend(state.selected_relation.clone());
    Some(slide)
}

/// The Slides side panel of the Map panel.
pub fn storyboard_ui(ui: &mut egui::Ui, map: &Map, state: &mut MapState, commands: &mut Vec<Command>) {
    // Before any button below picks a slide that only exists once its edit has run.
    state.current_slide = state.current_slide.filter(|&i| i < map.slides.len());
    ui.horizontal(|ui| {
        ui.strong("Slides");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("\u{25b6} Present")
                .on_hover_text("Show the map full screen and step through its slides (F5; Esc leaves)")
                .clicked()
            {
                commands.push(Command::Present { slide: state.current_slide.unwrap_or(0) });
            }
        });
    });
    if ui
        .button("+ Add slide from view")
        .on_hover_text("A new slide showing what the map shows now; selected nodes are highlighted on it")
        .clicked()
        && let Some(slide) = slide_from_view(map, state)
    {
        let mut slides = map.slides.clone();
        let at = state.current_slide.map_or(slides.len(), |i| (i + 1).min(slides.len()));
        slides.insert(at, slide);
        commands.push(slides_edit(map, slides, "Add slide", None));
        state.current_slide = Some(at);
    }
    ui.separator();
    if map.slides.is_empty() {
        ui.label(
            egui::RichText::new(
                "No slides yet. Frame part of the map, select what to stress, then add a slide. Presenting steps through them in order.",
            )
            .small()
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    }

    egui::ScrollArea::vertical().id_salt("slides_list").max_height(ui.available_height() * 0.45).show(
        ui,
        |ui| {
            for (i, slide) in map.slides.iter().enumerate() {
                let selected = state.current_slide == Some(i);
                ui.horizontal(|ui| {
                    let text = format!("{}. {}", i + 1, slide.title);
                    let row = ui.add(egui::Button::selectable(selected, text).truncate());
                    if row.clicked() {
                        state.current_slide = Some(i);
                        state.canvas.go_to_view = Some(view_rect(&slide.view));
                    }
                    if row.double_clicked() {
                        commands.push(Command::Present { slide: i });
                    }
                });
            }
        },
    );
    // A slide added this frame exists only once its edit has run: wait for it.
    let Some((index, slide)) = state.current_slide.and_then(|i| map.slides.get(i).map(|s| (i, s))) else {
        ui.label(
            egui::RichText::new("Click a slide to frame the map on it and edit it.")
                .small()
                .color(theme::hint_color(ui.visuals())),
        );
        return;
    };
    ui.separator();
    ui.horizontal(|ui| {
        let count = map.slides.len();
        let mut reorder = |to: usize, label: &str| {
            let mut slides = map.slides.clone();
            let moved = slides.remove(index);
            slides.insert(to, moved);
            commands.push(slides_edit(map, slides, label, None));
            state.current_slide = Some(to);
        };
        if ui.add_enabled(index > 0, egui::Button::new("Move up")).clicked() {
            reorder(index - 1, "Move slide up");
        }
        if ui
            .add_enabled(index + 1 < count, egui::Button::new("\u{2193}"))
            .on_hover_text("Move down")
            .clicked()
        {
            reorder(index + 1, "Move slide down");
        }
        if ui.button("Delete").on_hover_text("Delete this slide").clicked() {
            let mut slides = map.slides.clone();
            slides.remove(index);
            commands.push(slides_edit(map, slides, "Delete slide", None));
            state.current_slide = None;
        }
    });

    let mut edited = slide.clone();
    let mut changed: Option<&str> = None;
    let title_label = ui.label("Slide title");
    if ui
        .add(egui::TextEdit::singleline(&mut edited.title).desired_width(f32::INFINITY))
        .labelled_by(title_label.id)
        .changed()
    {
        changed = Some("Rename slide");
    }
    let caption_label = ui.label("Caption");
    if ui
        .add(
            egui::TextEdit::multiline(&mut edited.caption)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text("What the audience should take from this slide"),
        )
        .labelled_by(caption_label.id)
        .changed()
    {
        changed = Some("Edit caption");
    }
    if let Some(label) = changed {
        let mut slides = map.slides.clone();
        slides[index] = edited.clone();
        let key = format!("slide:{}:{index}:{label}", map.id);
        commands.push(slides_edit(map, slides, label, Some(key)));
    }

    ui.add_space(4.0);
    let mut update: Option<(Slide, &str)> = None;
    ui.horizontal_wrapped(|ui| {
        if ui.button("Use current view").on_hover_text("Frame this slide on what the map shows now").clicked()
            && let Some(view) = state.canvas.last_view.filter(|r| r.is_positive() && r.is_finite())
        {
            update = Some((Slide { view: slide_view(view), ..slide.clone() }, "Change slide view"));
        }
        let selection: std::collections::BTreeSet<_> =
            state.selected.iter().filter(|id| map.nodes.contains_key(*id)).cloned().collect();
        if ui
            .add_enabled(
                !selection.is_empty() || state.selected_relation.is_some(),
                egui::Button::new("Highlight selection"),
            )
            .on_hover_text("Stress the selected nodes and relation on this slide; the rest is dimmed")
            .clicked()
        {
            let mut s = slide.clone();
            s.highlighted.clone_from(&selection);
            s.highlighted_relations = state.selected_relation.iter().cloned().collect();
            update = Some((s, "Highlight on slide"));
        }
        if ui.add_enabled(!selection.is_empty(), egui::Button::new("Show only selection")).clicked() {
            update =
                Some((Slide { nodes: Some(selection), ..slide.clone() }, "Show only selection on slide"));
        }
        if let Some(relation) = &state.selected_relation {
            let hidden = slide.hidden_relations.contains(relation);
            let text = if hidden { "Show selected relation" } else { "Hide selected relation" };
            if ui.button(text).clicked() {
                let mut s = slide.clone();
                if hidden {
                    s.hidden_relations.remove(relation);
                } else {
                    s.hidden_relations.insert(relation.clone());
                }
                update = Some((s, "Hide relation on slide"));
            }
        }
        let filtered = slide.nodes.is_some() || !slide.hidden_relations.is_empty() || slide.has_highlights();
        if ui
            .add_enabled(filtered, egui::Button::new("Show everything"))
            .on_hover_text("Show every node and relation, nothing highlighted")
            .clicked()
        {
            update = Some((Slide::new(slide.title.clone(), slide.view), "Reset slide"));
            if let Some((s, _)) = &mut update {
                s.caption.clone_from(&slide.caption);
            }
        }
    });
    if let Some((new, label)) = update {
        let mut slides = map.slides.clone();
        slides[index] = new;
        commands.push(slides_edit(map, slides, label, None));
    }
    let shown = map.nodes.keys().filter(|id| slide.shows_node(id)).count();
    let stressed = slide.highlighted.iter().filter(|id| map.nodes.contains_key(*id)).count();
    let mut summary = format!("Shows {shown} of {} nodes", map.nodes.len());
    if stressed > 0 {
        let _ = write!(summary, " \u{00b7} {stressed} highlighted");
    }
    if !slide.hidden_relations.is_empty() {
        let _ = write!(summary, " \u{00b7} {} relations hidden", slide.hidden_relations.len());
    }
    ui.label(egui::RichText::new(summary).small().color(theme::hint_color(ui.visuals())));
}
