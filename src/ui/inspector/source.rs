//! A source's metadata (title, outlet, dates, tags, …) and its Admiralty grades.

use super::{credibility_combo, field_edit, hint, notes_field, reliability_combo, text_field};
use crate::model::Source;
use crate::ui::command::Command;

/// The selected source's fields.
pub fn source_ui(ui: &mut egui::Ui, source: &Source, commands: &mut Vec<Command>) {
    ui.heading("Source");
    let mut push = |field: &str, updated: Source| {
        commands.push(field_edit("source", source.id.as_str(), field, updated));
    };
    egui::Grid::new(("source_fields", source.id.as_str())).num_columns(2).spacing([8.0, 6.0]).show(
        ui,
        |ui| {
            type Field = (&'static str, &'static str, fn(&mut Source) -> &mut String, &'static str);
            let fields: [Field; 7] = [
                ("Title", "title", |s| &mut s.title, "Headline"),
                ("Outlet", "outlet", |s| &mut s.outlet, "Publication or channel"),
                ("Author", "author", |s| &mut s.author, ""),
                ("URL", "URL", |s| &mut s.url, "https://…"),
                ("Published", "date", |s| &mut s.published, "2024-12-16 or December 2024"),
                ("Retrieved", "retrieval date", |s| &mut s.retrieved, "When you got it: 2024-12-17"),
                ("Language", "language", |s| &mut s.language, "en, ar, ru, …"),
            ];
            for (label, field, access, hint_text) in fields {
                let mut copy = source.clone();
                let current = access(&mut copy).clone();
                if let Some(value) = text_field(ui, label, &current, hint_text) {
                    *access(&mut copy) = value;
                    push(field, copy);
                }
                if field == "URL" && !source.url.is_empty() {
                    ui.label("");
                    // The link opens only on this click, never by itself.
                    ui.hyperlink_to("Open in browser ↗", &source.url);
                    ui.end_row();
                }
            }

            let tags = source.tags.join(", ");
            if let Some(value) = text_field(ui, "Tags", &tags, "statement, primary, …") {
                let tags =
                    value.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
                push("tags", Source { tags, ..source.clone() });
            }

            let label = ui.label("Reliability");
            let mut reliability = source.reliability;
            if reliability_combo(ui, "reliability", &mut reliability, 220.0, label.id) {
                push("reliability", Source { reliability, ..source.clone() });
            }
            ui.end_row();

            let label = ui.label("Credibility");
            let mut credibility = source.credibility;
            if credibility_combo(ui, "credibility", &mut credibility, 220.0, label.id) {
                push("credibility", Source { credibility, ..source.clone() });
            }
            ui.end_row();
        },
    );
    if let Some(notes) = notes_field(
        ui,
        "Notes",
        &source.notes,
        "Your notes on this source: who, first-hand or not, what it cites",
    ) {
        push("notes", Source { notes, ..source.clone() });
    }
    ui.add_space(8.0);
    // Counting the characters of a 10 MB text takes milliseconds: once per text, not per frame.
    let count_id = egui::Id::unique(("char_count", source.id.as_str(), source.text.len()));
    let chars = ui.data_mut(|d| *d.get_temp_mut_or_insert_with(count_id, || source.text.chars().count()));
    hint(ui, &format!("Id {} · text in {} ({chars} characters)", source.id, source.text_file));
    if !source.original_file.is_empty() {
        let size = source.size.map_or(String::new(), |n| format!(", {} KB", n.div_ceil(1024)));
        let path =
            if source.original_path.is_empty() { &source.original_file } else { &source.original_path };
        hint(ui, &format!("Imported from {path}{size} on {}", source.imported_at));
    }
    hint(
        ui,
        "Reliability grades the source (A–F); credibility grades its information (1–6): the Admiralty code.",
    );
}
