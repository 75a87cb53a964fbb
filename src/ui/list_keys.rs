//! Up and Down (and Home and End) in the app's lists: the Sources table and the Entities
//! list move their selection with the keyboard while the pointer is over them.

/// The item to select after the arrow keys pressed this frame, in a list shown as `ids`
/// (in display order) whose selected item is `current`, or `None` when no key was pressed
/// or the list has no items. Nothing happens while a text field has the keyboard (the
/// filter box) or when the pointer is elsewhere, so other panels keep their keys.
pub fn stepped<T: PartialEq + Clone>(ui: &egui::Ui, ids: &[T], current: Option<&T>) -> Option<T> {
    if ids.is_empty() || !ui.ui_contains_pointer() || ui.ctx().egui_wants_keyboard_input() {
        return None;
    }
    let (down, up, home, end) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Home),
            i.consume_key(egui::Modifiers::NONE, egui::Key::End),
        )
    });
    let at = current.and_then(|c| ids.iter().position(|id| id == c));
    let last = ids.len() - 1;
    let to = if home {
        0
    } else if end {
        last
    } else if down {
        at.map_or(0, |i| (i + 1).min(last))
    } else if up {
        at.map_or(0, |i| i.saturating_sub(1))
    } else {
        return None;
    };
    (Some(to) != at).then(|| ids[to].clone())
}
