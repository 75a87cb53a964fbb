//! The app's named commands in one table: their names, shortcuts, menus and hints. The
//! menu bar, the keyboard shortcuts and the status bar all read this table (and a
//! command palette will), so a name or a shortcut is written once and they never
//! disagree.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use egui::gui_zoom::kb_shortcuts::{ZOOM_IN, ZOOM_IN_SECONDARY, ZOOM_OUT, ZOOM_RESET};

use super::command::{Command, PanelLayout, Zoom};
use super::tiles::Pane;
use super::view::View;

/// A command of the app that has a name and a place in the menus or the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NewProject,
    OpenProject,
    OpenByPath,
    ImportSources,
    ImportFolder,
    ExportBundle,
    Export,
    ExportTimeline,
    ImportEntityList,
    Save,
    SaveAs,
    Close,
    Quit,
    Undo,
    Redo,
    SearchProject,
    Present,
    PresentFromSlide,
    ResetLayout,
    ReaderBesideMap,
    ExportMapPng,
    ExportMapSvg,
    CommandPalette,
    ShortcutsSheet,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    GoToSources,
    GoToReader,
    GoToEntities,
    GoToMap,
    GoToInspector,
    GoToSearch,
    GoToReview,
    Settings,
    ShowTour,
    RecordClaim,
    ShowClaims,
    ShowTimeline,
    ShowHypotheses,
}

/// The menus of the menu bar, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Help,
}

impl Menu {
    /// Every menu, in the order of the menu bar.
    pub const ALL: [Self; 4] = [Self::File, Self::Edit, Self::View, Self::Help];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::View => "View",
            Self::Help => "Help",
        }
    }
}

/// What the table knows of one action.
#[derive(Clone, Copy, Debug)]
pub struct ActionInfo {
    /// Its name, as menus show it.
    pub name: &'static str,
    /// The menu it is in, and its group there (groups are separated by a line).
    pub menu: Option<(Menu, u8)>,
    /// Its keyboard shortcuts, the first shown in menus.
    pub shortcuts: &'static [KeyboardShortcut],
    /// A line that explains it, shown on hover.
    pub hint: Option<&'static str>,
    /// Whether it needs an open project.
    pub needs_project: bool,
}

const COMMAND_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::S);
const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::Z);
const REDO_ALT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const SEARCH: KeyboardShortcut = KeyboardShortcut::new(COMMAND_SHIFT, Key::F);
const PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
const PRESENT_HERE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::SHIFT, Key::F5);
const PALETTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
const SETTINGS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Comma);
const GO_SOURCES: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1);
const GO_READER: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2);
const GO_ENTITIES: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3);
const GO_MAP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4);
const GO_INSPECTOR: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num5);
const GO_SEARCH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num6);
const GO_REVIEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num7);
const GO_CLAIMS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num8);
const GO_TIMELINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num9);
const RECORD_CLAIM: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::C);

impl Action {
    /// Every action, in menu order.
    pub const ALL: [Self; 40] = [
        Self::NewProject,
        Self::OpenProject,
        Self::OpenByPath,
        Self::ImportSources,
        Self::ImportFolder,
        Self::ExportBundle,
        Self::Export,
        Self::ExportTimeline,
        Self::ImportEntityList,
        Self::Save,
        Self::SaveAs,
        Self::Close,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::SearchProject,
        Self::Present,
        Self::PresentFromSlide,
        Self::ResetLayout,
        Self::ReaderBesideMap,
        Self::ExportMapPng,
        Self::ExportMapSvg,
        Self::CommandPalette,
        Self::ShortcutsSheet,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::GoToSources,
        Self::GoToReader,
        Self::GoToEntities,
        Self::GoToMap,
        Self::GoToInspector,
        Self::GoToSearch,
        Self::GoToReview,
        Self::Settings,
        Self::ShowTour,
        Self::RecordClaim,
        Self::ShowClaims,
        Self::ShowTimeline,
        Self::ShowHypotheses,
    ];

    /// Its row of the table.
    pub fn info(self) -> ActionInfo {
        use Menu::{Edit, File, Help, View};
        let row = |name, menu, shortcuts, hint, needs_project| ActionInfo {
            name,
            menu,
            shortcuts,
            hint,
            needs_project,
        };
        match self {
            Self::NewProject => row("New project…", Some((File, 0)), &[NEW], None, false),
            Self::OpenProject => row("Open project…", Some((File, 0)), &[OPEN], None, false),
            Self::OpenByPath => row("Open by path…", Some((File, 0)), &[], None, false),
            Self::ImportSources => row("Import sources…", Some((File, 1)), &[], None, true),
            Self::ImportFolder => row("Import folder…", Some((File, 1)), &[], None, true),
            Self::ExportBundle => row(
                "Export bundle…",
                Some((File, 1)),
                &[],
                Some("The whole project, texts included, as one .dossier file to send"),
                true,
            ),
            Self::Export => row(
                "Export…",
                Some((File, 1)),
                &[],
                Some(
                    "A map or slide as PNG or SVG, its graph for Gephi, yEd or Cytoscape, or the annotations",
                ),
                true,
            ),
            Self::ExportTimeline => row(
                "Export timeline picture…",
                Some((File, 1)),
                &[],
                Some("The whole timeline, lanes as the Timeline panel shows them, as PNG or SVG"),
                true,
            ),
            Self::ImportEntityList => row(
                "Import entity list…",
                Some((File, 1)),
                &[],
                Some("A CSV with the columns name, kind, aliases (separated by ;) and notes"),
                true,
            ),
            Self::Save => row("Save", Some((File, 2)), &[SAVE], None, true),
            Self::SaveAs => row("Save as…", Some((File, 2)), &[SAVE_AS], None, true),
            Self::Close => row("Close", Some((File, 2)), &[], None, true),
            Self::Quit => row("Quit", Some((File, 3)), &[QUIT], None, false),
            Self::Undo => row("Undo", Some((Edit, 0)), &[UNDO], None, true),
            Self::Redo => row("Redo", Some((Edit, 0)), &[REDO, REDO_ALT], None, true),
            Self::SearchProject => row(
                "Search the project…",
                Some((Edit, 1)),
                &[SEARCH],
                Some("Look through every source's text and metadata"),
                true,
            ),
            Self::Present => row(
                "Present map",
                Some((View, 1)),
                &[PRESENT],
                Some("Show the active map full screen, slide by slide"),
                true,
            ),
            Self::PresentFromSlide => row(
                "Present from current slide",
                Some((View, 1)),
                &[PRESENT_HERE],
                Some("Start the presentation at the slide picked in the Slides list"),
                true,
            ),
            Self::ResetLayout => row("Reset panel layout", Some((View, 0)), &[], None, true),
            Self::ShowTimeline => row(
                "Timeline",
                Some((View, 0)),
                &[GO_TIMELINE],
                Some("Show the events on a time axis, with the times each source gives"),
                true,
            ),
            // Ctrl+1…9 are taken: the View menu and the palette reach it.
            Self::ShowHypotheses => row(
                "Hypotheses",
                Some((View, 0)),
                &[],
                Some(
                    "Competing hypotheses rated against the claims, ranked by how little the claims refute them",
                ),
                true,
            ),
            Self::ReaderBesideMap => row(
                "Reader beside map",
                Some((View, 0)),
                &[],
                Some(
                    "Show the reader and the map side by side: drag a quote from the text onto a relation to cite it",
                ),
                true,
            ),
            // In the palette only: the Export form, with the format already chosen.
            Self::ExportMapPng => {
                row("Export map as PNG…", None, &[], Some("The map on screen as a picture"), true)
            }
            Self::ExportMapSvg => {
                row("Export map as SVG…", None, &[], Some("The map on screen as a drawing"), true)
            }
            Self::CommandPalette => row(
                "Command palette…",
                Some((Help, 0)),
                &[PALETTE],
                Some("Find any command by typing part of its name"),
                false,
            ),
            Self::ShortcutsSheet => row("Keyboard shortcuts", Some((Help, 0)), &[], None, false),
            Self::ZoomIn => row("Zoom in", Some((View, 2)), &[ZOOM_IN, ZOOM_IN_SECONDARY], None, false),
            Self::ZoomOut => row("Zoom out", Some((View, 2)), &[ZOOM_OUT], None, false),
            Self::ZoomReset => row("Actual size", Some((View, 2)), &[ZOOM_RESET], None, false),
            Self::GoToSources => row("Go to Sources", Some((View, 3)), &[GO_SOURCES], None, true),
            Self::GoToReader => row("Go to Reader", Some((View, 3)), &[GO_READER], None, true),
            Self::GoToEntities => row("Go to Entities", Some((View, 3)), &[GO_ENTITIES], None, true),
            Self::GoToMap => row("Go to Map", Some((View, 3)), &[GO_MAP], None, true),
            Self::GoToInspector => row("Go to Inspector", Some((View, 3)), &[GO_INSPECTOR], None, true),
            Self::GoToSearch => row("Go to Search", Some((View, 3)), &[GO_SEARCH], None, true),
            Self::GoToReview => row("Go to Suggestions", Some((View, 3)), &[GO_REVIEW], None, true),
            Self::ShowTour => row(
                "Show the tour",
                Some((Help, 1)),
                &[],
                Some("Three steps through the sample case: read, tag, map and present"),
                true,
            ),
            Self::Settings => row(
                "Settings…",
                Some((Edit, 3)),
                &[SETTINGS],
                Some("Theme, interface size and autosave"),
                false,
            ),
            Self::RecordClaim => row(
                "Record as claim…",
                Some((Edit, 2)),
                &[RECORD_CLAIM],
                Some(
                    "Record the text selected in the Reader as a claim, with the quote as its first evidence",
                ),
                true,
            ),
            Self::ShowClaims => row(
                "Claims",
                Some((View, 0)),
                &[GO_CLAIMS],
                Some("The claims, with how much the sources support or contradict each"),
                true,
            ),
        }
    }

    /// The command this action runs, given what the user looks at.
    pub fn command(self, view: &View) -> Command {
        match self {
            Self::NewProject => Command::PromptNew,
            Self::OpenProject => Command::BrowseOpen,
            Self::OpenByPath => Command::PromptOpen,
            Self::ImportSources => Command::BrowseImportFiles,
            Self::ImportFolder => Command::BrowseImportFolder,
            Self::ExportBundle => Command::BrowseExportBundle,
            Self::Export => Command::PromptExport,
            Self::ExportTimeline => Command::BrowseExportTimeline,
            Self::ImportEntityList => Command::BrowseEntityList,
            Self::Save => Command::Save,
            Self::SaveAs => Command::PromptSaveAs,
            Self::Close => Command::Close,
            Self::Quit => Command::Quit,
            Self::Undo => Command::Undo,
            Self::Redo => Command::Redo,
            Self::SearchProject => Command::FocusSearch,
            Self::Present => Command::Present { slide: 0 },
            Self::PresentFromSlide => Command::Present { slide: view.map.current_slide.unwrap_or(0) },
            Self::ResetLayout => Command::Layout(PanelLayout::Default),
            Self::ReaderBesideMap => Command::Layout(PanelLayout::ReaderBesideMap),
            Self::ExportMapPng => Command::PromptExportAs(crate::export::Format::Png),
            Self::ExportMapSvg => Command::PromptExportAs(crate::export::Format::Svg),
            Self::CommandPalette => Command::OpenPalette,
            Self::ShortcutsSheet => Command::ShowShortcuts,
            Self::ZoomIn => Command::Zoom(Zoom::In),
            Self::ZoomOut => Command::Zoom(Zoom::Out),
            Self::ZoomReset => Command::Zoom(Zoom::Reset),
            Self::GoToSources => Command::ShowPanel(Pane::Sources),
            Self::GoToReader => Command::ShowPanel(Pane::Reader),
            Self::GoToEntities => Command::ShowPanel(Pane::Entities),
            Self::GoToMap => Command::ShowPanel(Pane::Map),
            Self::GoToInspector => Command::ShowPanel(Pane::Inspector),
            Self::GoToSearch => Command::ShowPanel(Pane::Search),
            Self::GoToReview => Command::ShowPanel(Pane::Review),
            Self::Settings => Command::OpenSettings,
            Self::ShowTour => Command::ShowTour,
            Self::RecordClaim => Command::RecordClaim,
            Self::ShowClaims => Command::ShowPanel(Pane::Claims),
            Self::ShowTimeline => Command::ShowPanel(Pane::Timeline),
            Self::ShowHypotheses => Command::ShowPanel(Pane::Hypotheses),
        }
    }

    /// The first shortcut, as this platform writes it ("Ctrl+S"), or "" if none.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.info().shortcuts.first().map(|s| ctx.format_shortcut(s)).unwrap_or_default()
    }
}

/// The commands of the shortcuts pressed this frame (consuming those key presses).
/// While presenting, the presentation shortcuts do nothing.
pub fn shortcut_commands(ctx: &egui::Context, view: &View) -> Vec<Command> {
    // egui matches shortcuts logically (Ctrl+Shift+S also matches Ctrl+S), so the ones with
    // more modifiers are tried first.
    let mut table: Vec<(KeyboardShortcut, Action)> = Action::ALL
        .iter()
        .flat_map(|action| action.info().shortcuts.iter().map(move |shortcut| (*shortcut, *action)))
        .collect();
    table.sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
    let presenting = view.map.presenting.is_some();
    // A key without modifiers is typing while a text field has the focus.
    let typing = ctx.egui_wants_keyboard_input();
    let mut commands = Vec::new();
    ctx.input_mut(|input| {
        for (shortcut, action) in &table {
            if presenting
                && matches!(action, Action::Present | Action::PresentFromSlide | Action::RecordClaim)
            {
                continue;
            }
            if typing && shortcut.modifiers.is_none() && *action == Action::RecordClaim {
                continue;
            }
            // egui zooms the interface with these keys at the end of the frame, after the
            // panels that use them for themselves (the map zooms the map with Ctrl+plus
            // under the pointer); the table lists them for the menus and the palette.
            if matches!(action, Action::ZoomIn | Action::ZoomOut | Action::ZoomReset) {
                continue;
            }
            if input.consume_shortcut(shortcut) {
                commands.push(action.command(view));
            }
        }
    });
    commands
}

fn modifier_count(modifiers: Modifiers) -> u32 {
    u32::from(modifiers.alt) + u32::from(modifiers.ctrl || modifiers.command) + u32::from(modifiers.shift)
}

/// What the menus need to know of the app's state.
pub struct MenuState<'a> {
    /// Whether a project is open.
    pub has_project: bool,
    /// The undo and redo labels ("Undo Rename entity"), where there is something to undo
    /// or redo.
    pub undo: Option<String>,
    /// See `undo`.
    pub redo: Option<String>,
    /// Recently opened projects, for File ▸ Open recent.
    pub recent: &'a [PathBuf],
}

/// Draws the menu bar's menus from the table.
pub fn menu_bar_ui(ui: &mut egui::Ui, state: &MenuState<'_>, view: &View, commands: &mut Vec<Command>) {
    for menu in Menu::ALL {
        ui.menu_button(menu.title(), |ui| menu_ui(ui, menu, state, view, commands));
    }
}

fn menu_ui(ui: &mut egui::Ui, menu: Menu, state: &MenuState<'_>, view: &View, commands: &mut Vec<Command>) {
    let mut last_group = None;
    for action in Action::ALL {
        let info = action.info();
        let Some((in_menu, group)) = info.menu else {
            continue;
        };
        if in_menu != menu {
            continue;
        }
        if last_group.is_some_and(|last| last != group) {
            ui.separator();
        }
        last_group = Some(group);
        let (label, enabled) = match action {
            Action::Undo => {
                (state.undo.clone().unwrap_or_else(|| info.name.to_owned()), state.undo.is_some())
            }
            Action::Redo => {
                (state.redo.clone().unwrap_or_else(|| info.name.to_owned()), state.redo.is_some())
            }
            _ => (info.name.to_owned(), state.has_project || !info.needs_project),
        };
        let shortcut = action.shortcut_text(ui.ctx());
        let mut button = egui::Button::new(label);
        if !shortcut.is_empty() {
            button = button.shortcut_text(shortcut);
        }
        let mut response = ui.add_enabled(enabled, button);
        if let Some(hint) = info.hint {
            response = response.on_hover_text(hint);
        }
        if response.clicked() {
            commands.push(action.command(view));
        }
        if action == Action::OpenByPath {
            recent_menu_ui(ui, state.recent, commands);
        }
    }
}

fn recent_menu_ui(ui: &mut egui::Ui, recent: &[PathBuf], commands: &mut Vec<Command>) {
    ui.menu_button("Open recent", |ui| {
        if recent.is_empty() {
            ui.label("No recent projects");
        }
        for path in recent {
            if ui.button(super::start::display_name(path)).on_hover_text(path.display().to_string()).clicked()
            {
                commands.push(Command::Open(path.clone()));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_shortcut_or_a_name() {
        let mut shortcuts = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for action in Action::ALL {
            let info = action.info();
            assert!(names.insert(info.name), "{} is used twice", info.name);
            for shortcut in info.shortcuts {
                assert!(shortcuts.insert(*shortcut), "{action:?} repeats a shortcut");
            }
        }
    }

    #[test]
    fn every_action_is_in_the_palette_or_on_a_key() {
        let in_palette = super::super::palette::palette_matches("", &[]);
        for action in Action::ALL {
            let info = action.info();
            assert!(
                in_palette.contains(&action) || !info.shortcuts.is_empty(),
                "{action:?} cannot be reached"
            );
        }
    }
}
