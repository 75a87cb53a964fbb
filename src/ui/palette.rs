//! The command palette (Ctrl+K) and the keyboard shortcuts sheet (Help ▸ Keyboard
//! shortcuts). Both list the action table of [`super::actions`], so they show the same
//! names and shortcuts as the menus.

use egui::Key;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::actions::{Action, Menu};

/// How many recently run actions the palette remembers, to list them first.
pub const RECENT_MAX: usize = 8;

/// The palette's state while it is open: what was typed and which row is picked.
#[derive(Debug, Default)]
pub struct Palette {
    query: String,
    selected: usize,
}

/// What a frame of the palette gave.
pub struct PaletteOutcome {
    /// The action picked, to run now.
    pub run: Option<Action>,
    /// Whether the palette stays open.
    pub open: bool,
}

/// The actions the palette offers for `query`, best match first; among equal matches (and
/// for an empty query) the `recent` ones come first, most recent first, then the rest in
/// menu order. Fuzzy: "exppng" finds "Export map as PNG…".
pub fn palette_matches(query: &str, recent: &[Action]) -> Vec<Action> {
    let others = Action::ALL.iter().filter(|a| !recent.contains(a));
    let listed = recent.iter().chain(others).filter(|a| **a != Action::CommandPalette);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    // `match_list` sorts stably by score, so ties keep the order above.
    pattern
        .match_list(listed.map(|a| NamedAction(*a, a.info().name)), &mut matcher)
        .into_iter()
        .map(|(named, _)| named.0)
        .collect()
}

/// An action with its name, as the fuzzy matcher reads it.
struct NamedAction(Action, &'static str);

impl AsRef<str> for NamedAction {
    fn as_ref(&self) -> &str {
        self.1
    }
}

impl Palette {
    /// Draws the palette: a search field and the matching actions with their shortcuts.
    /// Up and Down move, Enter runs, Escape closes. `enabled` says which actions can run
    /// now (no project open, say).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        recent: &[Action],
        enabled: &dyn Fn(Action) -> bool,
    ) -> PaletteOutcome {
        let matches = palette_matches(&self.query, recent);
        let (up, down, enter, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::Enter),
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
            )
        });
        if down {
            self.selected = (self.selected + 1).min(matches.len().saturating_sub(1));
        }
        if up {
            self.selected = self.selected.saturating_sub(1);
        }
        self.selected = self.selected.min(matches.len().saturating_sub(1));
        let mut run = None;
        let mut open = !escape;
        egui::Modal::new(egui::Id::unique("command_palette")).show(ctx, |ui| {
            ui.set_width(460.0);
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Type a command…")
                    .desired_width(f32::INFINITY),
            );
            field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Command"));
            field.request_focus();
            if field.changed() {
                self.selected = 0;
            }
            ui.add_space(4.0);
            if matches.is_empty() {
                ui.weak("No command matches");
            }
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for (row, action) in matches.iter().enumerate() {
                    let info = action.info();
                    let shortcut = action.shortcut_text(ui.ctx());
                    let mut button = egui::Button::selectable(row == self.selected, info.name);
                    if !shortcut.is_empty() {
                        button = button.shortcut_text(shortcut);
                    }
                    let can_run = enabled(*action);
                    let mut response =
                        ui.add_enabled(can_run, button.min_size(egui::vec2(ui.available_width(), 0.0)));
                    if let Some(hint) = info.hint {
                        response = response.on_hover_text(hint);
                    }
                    if row == self.selected && (up || down) {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() || (enter && row == self.selected && can_run) {
                        run = Some(*action);
                    }
                }
            });
        });
        if run.is_some() {
            open = false;
        }
        PaletteOutcome { run, open }
    }
}

/// Draws the keyboard shortcuts sheet: every action that has a shortcut, by menu, with
/// the Command palette's own key first. Returns whether it stays open.
pub fn shortcuts_sheet_ui(ctx: &egui::Context) -> bool {
    let mut open = true;
    egui::Modal::new(egui::Id::unique("shortcuts_sheet")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Keyboard shortcuts");
        ui.label("Every command, with or without a key, is also in the command palette.");
        ui.add_space(6.0);
        egui::Grid::new("shortcuts_grid").num_columns(2).striped(true).show(ui, |ui| {
            for (menu, actions) in shortcut_rows() {
                ui.strong(menu);
                ui.end_row();
                for action in actions {
                    ui.label(action.info().name);
                    let keys: Vec<String> =
                        action.info().shortcuts.iter().map(|s| ctx.format_shortcut(s)).collect();
                    ui.label(keys.join("  or  "));
                    ui.end_row();
                }
            }
        });
        ui.add_space(8.0);
        if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            open = false;
        }
    });
    open
}

/// The actions that have shortcuts, grouped under their menu's title ("Other" for those
/// in no menu), menus in menu-bar order.
pub fn shortcut_rows() -> Vec<(&'static str, Vec<Action>)> {
    let with_keys = |a: &&Action| !a.info().shortcuts.is_empty();
    let mut rows: Vec<(&'static str, Vec<Action>)> = Menu::ALL
        .iter()
        .map(|menu| {
            let actions = Action::ALL
                .iter()
                .filter(with_keys)
                .filter(|a| a.info().menu.is_some_and(|(m, _)| m == *menu))
                .copied()
                .collect();
            (menu.title(), actions)
        })
        .collect();
    let other: Vec<Action> =
        Action::ALL.iter().filter(with_keys).filter(|a| a.info().menu.is_none()).copied().collect();
    rows.push(("Other", other));
    rows.retain(|(_, actions)| !actions.is_empty());
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_queries_find_their_command() {
        let cases = [
            ("exppng", Action::ExportMapPng),
            ("export map as png", Action::ExportMapPng),
            ("save as", Action::SaveAs),
            ("undo", Action::Undo),
            ("present", Action::Present),
            ("shortcuts", Action::ShortcutsSheet),
        ];
        for (query, expected) in cases {
            let found = palette_matches(query, &[]);
            assert_eq!(found.first(), Some(&expected), "{query:?} gave {found:?}");
        }
        assert!(palette_matches("zzzzqq", &[]).is_empty());
    }

    #[test]
    fn recent_actions_come_first_and_the_palette_does_not_list_itself() {
        let all = palette_matches("", &[]);
        assert_eq!(all.len(), Action::ALL.len() - 1);
        assert!(!all.contains(&Action::CommandPalette));
        assert_eq!(all.first(), Some(&Action::ALL[0]));
        let recent = [Action::Present, Action::Save];
        assert_eq!(palette_matches("", &recent)[..2], recent);
    }

    #[test]
    fn every_action_with_a_shortcut_is_on_the_sheet() {
        let listed: Vec<Action> = shortcut_rows().into_iter().flat_map(|(_, a)| a).collect();
        for action in Action::ALL {
            assert_eq!(listed.contains(&action), !action.info().shortcuts.is_empty(), "{action:?}");
        }
    }
}
