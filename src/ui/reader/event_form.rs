//! "Record as event…": a small form over the Reader that makes the selected quote the
//! evidence for a time of an event (a new one, or one already on the timeline), with the
//! times the selection's sentence gives offered as suggestions. Recording is one undo step.

use std::ops::Range;

use crate::analysis::{sentence_around, suggest_times};
use crate::edit::Edit;
use crate::model::{
    Anchor, EntityId, Event, EventId, EventTime, Evidence, IdGenerator, PartOfDay, Project, Source, SourceId,
    slug,
};
use crate::ui::command::{Command, Selection};
use crate::ui::theme;

/// The open form.
pub struct EventForm {
    source: SourceId,
    range: Range<usize>,
    /// The event the time is added to; `None` makes a new one.
    target: Option<EventId>,
    title: String,
    /// Times found in the selection's sentence, with the phrase that gives each.
    suggestions: Vec<(EventTime, String)>,
    /// The time chosen, in EDTF.
    when: String,
    part: Option<PartOfDay>,
    /// Entities mentioned in the selection's sentence, for a new event.
    entities: Vec<EntityId>,
}

impl EventForm {
    /// The form for `range` of `source`: the quote as the title, the times of its sentence
    /// suggested and the first of them chosen.
    pub fn new(project: &Project, source: &Source, range: Range<usize>) -> Self {
        let sentence = sentence_around(&source.text, range.clone());
        let text = &source.text[sentence.clone()];
        let suggestions: Vec<(EventTime, String)> = suggest_times(text, &source.published)
            .into_iter()
            .map(|s| (s.time, text[s.range].to_owned()))
            .collect();
        let mut entities: Vec<EntityId> = Vec::new();
        for mention in project.mentions_in_source(&source.id) {
            let inside = mention.anchor.start >= sentence.start && mention.anchor.end <= sentence.end;
            if inside && !entities.contains(&mention.entity) {
                entities.push(mention.entity.clone());
            }
        }
        let title: String = source.text[range.clone()].chars().take(80).collect();
        let (when, part) =
            suggestions.first().map_or((String::new(), None), |(t, _)| (t.when.clone(), t.part));
        Self { source: source.id.clone(), range, target: None, title, suggestions, when, part, entities }
    }

    /// The event as it will be after recording, or why it cannot be recorded.
    fn recorded(&self, project: &Project) -> Result<Event, String> {
        let source = project.sources.get(&self.source).ok_or("the source is gone")?;
        let anchor =
            Anchor::from_span(&source.text, self.range.start, self.range.end).map_err(|e| e.to_string())?;
        let time = EventTime { part: self.part, ..EventTime::new(self.when.trim()) };
        time.parse().map_err(|e| e.to_string())?;
        let evidence = Evidence { source: self.source.clone(), anchor, credibility: None };
        let mut event = if let Some(id) = &self.target {
            project.events.get(id).cloned().ok_or("the event is gone")?
        } else {
            let title = self.title.trim();
            if title.is_empty() {
                return Err("give the event a title".to_owned());
            }
            let id = IdGenerator::default().make(&slug(title), "event", |id| project.id_taken(id));
            let mut event = Event::new(EventId(id), title);
            event.entities.clone_from(&self.entities);
            event
        };
        match event.times.iter_mut().find(|t| t.when == time.when && t.part == time.part) {
            Some(same) if same.evidence.contains(&evidence) => {
                return Err("this quote already gives that time".to_owned());
            }
            Some(same) => same.evidence.push(evidence),
            None => event.times.push(EventTime { evidence: vec![evidence], ..time }),
        }
        Ok(event)
    }
}

/// Draws the form while it is open; recording pushes the edit and selects the event.
pub fn event_form_ui(
    ctx: &egui::Context,
    project: &Project,
    form: &mut Option<EventForm>,
    commands: &mut Vec<Command>,
) {
    let Some(state) = form.as_mut() else {
        return;
    };
    let mut close = false;
    egui::Window::new("Record as event").collapsible(false).resizable(false).show(ctx, |ui| {
        let quote: String = project
            .sources
            .get(&state.source)
            .and_then(|s| s.text.get(state.range.clone()))
            .unwrap_or_default()
            .chars()
            .take(120)
            .collect();
        ui.label(egui::RichText::new(format!("\u{201c}{quote}\u{201d}")).italics());
        egui::Grid::new("event_form").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
            let label = ui.label("Event");
            let current = state
                .target
                .as_ref()
                .and_then(|id| project.events.get(id))
                .map_or("New event", |e| e.title.as_str());
            egui::ComboBox::from_id_salt("event_form_target")
                .selected_text(current)
                .width(260.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.target, None, "New event");
                    for event in project.events.values() {
                        ui.selectable_value(&mut state.target, Some(event.id.clone()), &event.title);
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            if state.target.is_none() {
                let label = ui.label("Title");
                ui.add(egui::TextEdit::singleline(&mut state.title).desired_width(260.0))
                    .labelled_by(label.id);
                ui.end_row();
            }
            ui.label("Suggested");
            ui.vertical(|ui| {
                if state.suggestions.is_empty() {
                    ui.label(
                        egui::RichText::new("No date in this sentence")
                            .color(theme::hint_color(ui.visuals())),
                    );
                }
                for (time, phrase) in &state.suggestions {
                    let chosen = state.when == time.when && state.part == time.part;
                    if ui
                        .selectable_label(
                            chosen,
                            format!("{}  \u{00b7}  \u{201c}{phrase}\u{201d}", time.label()),
                        )
                        .clicked()
                    {
                        state.when.clone_from(&time.when);
                        state.part = time.part;
                    }
                }
            });
            ui.end_row();
            let label = ui.label("Time (EDTF)");
            ui.add(
                egui::TextEdit::singleline(&mut state.when)
                    .hint_text("2024-12-08, 2024-12-08?, 2024-12-07/2024-12-09")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Part of day");
            egui::ComboBox::from_id_salt("event_form_part")
                .selected_text(state.part.map_or("—", PartOfDay::name))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut state.part, None, "—");
                    for part in PartOfDay::ALL {
                        ui.selectable_value(&mut state.part, Some(part), part.name());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
        });
        let recorded = state.recorded(project);
        if let Err(why) = &recorded {
            ui.label(egui::RichText::new(why).color(theme::error_color()));
        }
        ui.horizontal(|ui| {
            if ui.add_enabled(recorded.is_ok(), egui::Button::new("Record")).clicked()
                && let Ok(event) = recorded
            {
                let id = event.id.clone();
                commands.push(Command::edit(Edit::put(event), "Record event"));
                commands.push(Command::Select(Selection::Event(id)));
                close = true;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
    });
    if close {
        *form = None;
    }
}
