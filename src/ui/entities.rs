//! The Entities panel: every entity with its kind, aliases and how often the sources
//! mention it; filter by text and kind, sort, select.

use super::command::{Command, Selection};
use super::document::Revision;
use super::theme;
use crate::analysis::MentionStats;
use crate::edit::Edit;
use crate::edit::Part;
use crate::model::{Entity, EntityId, EntityKind, IdGenerator, Project};

/// How the entity list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EntitySort {
    /// By name.
    #[default]
    Name,
    /// By number of mentions, most first.
    Mentions,
    /// By number of sources that mention it, most first.
    Sources,
}

/// The Entities panel's view state.
#[derive(Default)]
pub struct EntitiesState {
    /// Text filter (name and aliases).
    pub filter: String,
    /// Only entities of this kind, if set.
    pub kind: Option<EntityKind>,
    /// Sort order.
    pub sort: EntitySort,
    /// The list's scroll offset and visible height in the last frame, so that a row
    /// stepped to with the arrow keys is scrolled into view only when it is out of it.
    scrolled: (f32, f32),
    /// The ids listed, in order, and what they were listed for: filtering and sorting
    /// 10,000 entities runs when the project, filter, kind or order changes, not every
    /// frame.
    listed: Option<(RowsKey, Vec<EntityId>)>,
}

/// What the list's rows depend on besides the project's revision.
type RowsKey = (u64, String, Option<EntityKind>, EntitySort);

/// The entities to list, filtered and sorted.
pub fn entity_rows<'a>(
    project: &'a Project,
    state: &EntitiesState,
    counts: &MentionStats,
) -> Vec<&'a Entity> {
    let needle = state.filter.to_lowercase();
    let mut rows: Vec<&Entity> = project
        .entities
        .values()
        .filter(|e| state.kind.is_none_or(|k| e.kind == k))
        .filter(|e| {
            needle.is_empty()
                || e.name.to_lowercase().contains(&needle)
                || e.aliases.iter().any(|a| a.to_lowercase().contains(&needle))
        })
        .collect();
    let stat = |e: &Entity| counts.entity(&e.id);
    match state.sort {
        EntitySort::Name => rows.sort_by_cached_key(|e| e.name.to_lowercase()),
        EntitySort::Mentions => rows.sort_by_key(|e| std::cmp::Reverse(stat(e).0)),
        EntitySort::Sources => rows.sort_by_key(|e| std::cmp::Reverse(stat(e).1)),
    }
    rows
}

/// Draws the entity list with the mention counts in `counts`. `revision` identifies the
/// project's state, so the rows are filtered and sorted again only when it changes.
pub fn entities_ui(
    ui: &mut egui::Ui,
    project: &Project,
    revision: Revision,
    counts: &MentionStats,
    state: &mut EntitiesState,
    selection: &Selection,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("🔍");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter).hint_text("Filter entities").desired_width(140.0),
        )
        .labelled_by(label.id);
        let kind_label = state.kind.map_or("All kinds", EntityKind::label);
        egui::ComboBox::from_id_salt("entity_kind_filter")
            .selected_text(kind_label)
            .width(110.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.kind, None, "All kinds");
                for kind in EntityKind::ALL {
                    ui.selectable_value(
                        &mut state.kind,
                        Some(kind),
                        format!("{} {}", theme::kind_icon(kind), kind.label()),
                    );
                }
            })
            .response
            .on_hover_text("Show one kind of entity");
        egui::ComboBox::from_id_salt("entity_sort")
            .selected_text(match state.sort {
                EntitySort::Name => "By name",
                EntitySort::Mentions => "By mentions",
                EntitySort::Sources => "By sources",
            })
            .width(100.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.sort, EntitySort::Name, "By name");
                ui.selectable_value(&mut state.sort, EntitySort::Mentions, "By mentions");
                ui.selectable_value(&mut state.sort, EntitySort::Sources, "By sources");
            })
            .response
            .on_hover_text("Sort the list");
        if ui.button("+ New").on_hover_text("Create an entity").clicked() {
            let mut ids = IdGenerator::default();
            let id = EntityId(ids.make("New entity", "entity", |id| project.id_taken(id)));
            let entity = Entity::new(id.clone(), "New entity", EntityKind::Person);
            commands.push(Command::edit(Edit::put(entity), "Create entity"));
            commands.push(Command::Select(Selection::Entity(id)));
        }
    });
    if project.entities.is_empty() {
        ui.add_space(8.0);
        ui.label(
            egui::RichText::new(
                "No entities yet. The people, organisations, states and places that your sources mention will be listed here once you tag them.",
            )
            .color(theme::hint_color(ui.visuals())),
        );
        return;
    }
    // Sorted by name, the rows do not depend on the mentions.
    let parts: &[Part] =
        if state.sort == EntitySort::Name { &[Part::Entities] } else { &[Part::Entities, Part::Mentions] };
    let key: RowsKey = (revision.of(parts), state.filter.clone(), state.kind, state.sort);
    if state.listed.as_ref().is_none_or(|(listed_for, _)| *listed_for != key) {
        let ids = entity_rows(project, state, counts).into_iter().map(|e| e.id.clone()).collect();
        state.listed = Some((key, ids));
    }
    let Some((_, ids)) = &state.listed else {
        return;
    };
    let ids = ids.as_slice();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let current = match selection {
        Selection::Entity(id) => Some(id),
        _ => None,
    };
    let mut scroll = egui::ScrollArea::vertical().id_salt("entities_list").auto_shrink([false, false]);
    if let Some(next) = super::list_keys::stepped(ui, ids, current) {
        if let Some(row) = ids.iter().position(|id| *id == next) {
            // Keep the new row in view, scrolling as little as needed.
            let pitch = row_height + ui.spacing().item_spacing.y;
            let (top, height) = state.scrolled;
            let row_top = row as f32 * pitch;
            if row_top < top {
                scroll = scroll.vertical_scroll_offset(row_top);
            } else if row_top + pitch > top + height {
                scroll = scroll.vertical_scroll_offset((row_top + pitch - height).max(0.0));
            }
        }
        commands.push(Command::Select(Selection::Entity(next)));
    }
    let output = scroll.show_rows(ui, row_height, ids.len(), |ui, range| {
        for entity in ids[range].iter().filter_map(|id| project.entities.get(id)) {
            let selected = *selection == Selection::Entity(entity.id.clone());
            let (mentions, sources) = counts.entity(&entity.id);
            ui.horizontal(|ui| {
                ui.colored_label(theme::kind_color(entity.kind), theme::kind_icon(entity.kind))
                    .on_hover_text(entity.kind.label());
                let count_label = ui.add_sized(
                    [44.0, row_height - 4.0],
                    egui::Label::new(
                        egui::RichText::new(format!("{mentions}·{sources}"))
                            .color(theme::hint_color(ui.visuals())),
                    ),
                );
                count_label.on_hover_text(format!("{mentions} mentions in {sources} sources"));
                let text = if entity.aliases.is_empty() {
                    entity.name.clone()
                } else {
                    format!("{}  ({})", entity.name, entity.aliases.join(", "))
                };
                // Rows are drag sources too: drop one on the Map panel to put it there.
                let row =
                    ui.add(egui::Button::selectable(selected, text).truncate()).interact(egui::Sense::drag());
                row.dnd_set_drag_payload(entity.id.clone());
                if row.dragged() {
                    super::map::drag_label(ui.ctx(), &entity.name);
                }
                if row.clicked() {
                    commands.push(Command::Select(Selection::Entity(entity.id.clone())));
                }
                row.context_menu(|ui| {
                    if ui.button("Show on map").clicked() {
                        commands.push(Command::ShowOnMap(entity.id.clone()));
                        ui.close();
                    }
                });
            });
        }
    });
    state.scrolled = (output.state.clamped_offset().y, output.inner_rect.height());
}
