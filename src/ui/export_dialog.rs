//! File ▸ Export…: a picture of a map (or one of its slides), its graph for other tools,
//! or the project's annotations, written where the analyst says, in the background.
//!
//! The export itself is `crate::export` (no egui); this is only the form that fills in
//! its options and the path.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::command::Command;
use super::task::Task;
use crate::export::deck::{DeckImage, DeckOptions, DeckPage};
use crate::export::{ExportError, ExportOptions, Format, GexfVersion, Output};
use crate::model::{MapId, Project, slug};
use crate::progress::Progress;

/// What the analyst picked in the form.
pub struct ExportDialog {
    /// A slide deck rather than one `format`.
    deck: bool,
    deck_svg: bool,
    deck_page: DeckPage,
    format: Format,
    map: Option<MapId>,
    /// For pictures: the slide to draw (an index), or the whole map.
    slide: Option<usize>,
    scale: f32,
    gexf_version: GexfVersion,
    path: String,
    /// Whether the path was typed (then a change of format leaves it alone).
    path_edited: bool,
    browsing: Option<Task<Option<PathBuf>>>,
}

/// One export to run: what, and where the result goes.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportJob {
    /// One picture, graph or annotation export.
    Single {
        /// What to export.
        options: Box<ExportOptions>,
        /// The file (or, for folder formats, the folder) to write.
        path: PathBuf,
    },
    /// The timeline as a picture, SVG or PNG by the file's extension.
    Timeline {
        /// Lanes by entity or by source.
        lanes: crate::analysis::timeline::Lanes,
        /// The file to write.
        path: PathBuf,
    },
    /// Every slide of a map and a page that shows them.
    Deck {
        /// The map.
        map: MapId,
        /// Pictures and page.
        options: DeckOptions,
        /// The folder to write.
        dir: PathBuf,
    },
}

impl ExportDialog {
    /// The form for `map` (the one on screen) and its `slide`, writing next to `dir`.
    pub fn new(project: &Project, map: Option<MapId>, slide: Option<usize>, dir: &Path) -> Self {
        let map =
            map.filter(|id| project.maps.contains_key(id)).or_else(|| project.maps.keys().next().cloned());
        let format = if map.is_some() { Format::Png } else { Format::WebAnnotation };
        let mut dialog = Self {
            deck: false,
            deck_svg: false,
            deck_page: DeckPage::Html,
            format,
            map,
            slide,
            scale: 2.0,
            gexf_version: GexfVersion::default(),
            path: String::new(),
            path_edited: false,
            browsing: None,
        };
        dialog.path = dialog.suggested_path(project, dir).display().to_string();
        dialog
    }

    /// The same form with `format` chosen (for "Export map as PNG…" and its kin).
    pub fn with_format(mut self, project: &Project, dir: &Path, format: Format) -> Self {
        self.format = format;
        self.path = self.suggested_path(project, dir).display().to_string();
        self
    }

    /// Where the export would go if the analyst types nothing: in `dir`, named after the
    /// map (and slide) or the project.
    fn suggested_path(&self, project: &Project, dir: &Path) -> PathBuf {
        let map = self.map.as_ref().and_then(|id| project.maps.get(id));
        let mut stem = match (self.deck || self.format.needs_map(), map) {
            (true, Some(map)) => slug(&map.name),
            _ => slug(&project.meta.title),
        };
        if stem.is_empty() {
            "export".clone_into(&mut stem);
        }
        if self.deck {
            return dir.join(format!("{stem}-slides"));
        }
        if let (true, Some(i)) = (matches!(self.format, Format::Png | Format::Svg), self.slide) {
            let _ = write!(stem, "-slide-{}", i + 1);
        }
        let name = match self.format {
            Format::Svg => format!("{stem}.svg"),
            Format::Png => format!("{stem}.png"),
            Format::GraphMl => format!("{stem}.graphml"),
            Format::Gexf => format!("{stem}.gexf"),
            Format::Json => format!("{stem}.cyjs.json"),
            Format::WebAnnotation => format!("{stem}.annotations.jsonld"),
            Format::Csv => format!("{stem}-csv"),
            Format::Brat => format!("{stem}-brat"),
        };
        dir.join(name)
    }

    /// The job the form describes; `None` without a map to draw.
    fn job(&self) -> Option<ExportJob> {
        let path = PathBuf::from(self.path.trim());
        if self.deck {
            let image = if self.deck_svg { DeckImage::Svg } else { DeckImage::Png { scale: self.scale } };
            let options = DeckOptions { image, page: self.deck_page };
            return Some(ExportJob::Deck { map: self.map.clone()?, options, dir: path });
        }
        let mut options = ExportOptions::new(self.format);
        options.map.clone_from(&self.map);
        options.scale = self.scale;
        options.gexf_version = self.gexf_version;
        if matches!(self.format, Format::Png | Format::Svg) {
            options.slide = self.slide;
        }
        Some(ExportJob::Single { options: Box::new(options), path })
    }

    /// The slides of the chosen map.
    fn slides<'p>(&self, project: &'p Project) -> &'p [crate::model::Slide] {
        self.map.as_ref().and_then(|id| project.maps.get(id)).map_or(&[][..], |m| &m.slides)
    }

    /// Draws the form. Returns a command when the analyst confirms, and whether the form
    /// stays open.
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, dir: &Path) -> (Option<Command>, bool) {
        if let Some(Ok(picked)) = self.browsing.as_ref().and_then(Task::poll) {
            self.browsing = None;
            if let Some(path) = picked {
                self.path = path.display().to_string();
                self.path_edited = true;
            }
        }
        let mut command = None;
        let mut open = true;
        let before = (self.deck, self.format, self.map.clone(), self.slide);
        egui::Modal::new(egui::Id::unique("export_dialog")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading("Export");
            ui.add_space(4.0);
            egui::Grid::new("export_form").num_columns(2).spacing([10.0, 8.0]).show(ui, |ui| {
                let format_label = ui.label("Format");
                let has_slides = !self.slides(project).is_empty();
                let shown = if self.deck { DECK } else { describe(self.format) };
                egui::ComboBox::from_id_salt("export_format")
                    .width(320.0)
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for format in Format::ALL {
                            if ui
                                .selectable_label(!self.deck && self.format == format, describe(format))
                                .clicked()
                            {
                                (self.deck, self.format) = (false, format);
                            }
                        }
                        let deck = ui
                            .add_enabled(has_slides, egui::Button::selectable(self.deck, DECK))
                            .on_disabled_hover_text(
                                "The map has no slides: add them in the Map panel's Slides list",
                            );
                        if deck.clicked() {
                            self.deck = true;
                        }
                    })
                    .response
                    .labelled_by(format_label.id);
                ui.end_row();
                if self.deck {
                    ui.label("Pictures");
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut self.deck_svg, false, "PNG");
                        ui.selectable_value(&mut self.deck_svg, true, "SVG");
                    });
                    ui.end_row();
                    ui.label("Page");
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut self.deck_page, DeckPage::Html, "HTML (index.html)");
                        ui.selectable_value(&mut self.deck_page, DeckPage::Markdown, "Markdown (index.md)");
                    });
                    ui.end_row();
                }
                if self.deck || self.format.needs_map() {
                    let map_label = ui.label("Map");
                    let name =
                        |id: &MapId| project.maps.get(id).map_or_else(|| id.to_string(), |m| m.name.clone());
                    egui::ComboBox::from_id_salt("export_map")
                        .width(320.0)
                        .selected_text(self.map.as_ref().map_or_else(|| "(no map)".to_owned(), name))
                        .show_ui(ui, |ui| {
                            for id in project.maps.keys() {
                                ui.selectable_value(&mut self.map, Some(id.clone()), name(id));
                            }
                        })
                        .response
                        .labelled_by(map_label.id);
                    ui.end_row();
                }
                if matches!(self.format, Format::Png | Format::Svg) {
                    let slides =
                        self.map.as_ref().and_then(|id| project.maps.get(id)).map_or(&[][..], |m| &m.slides);
                    if !slides.is_empty() {
                        let show_label = ui.label("Show");
                        let label =
                            |slide: Option<usize>| match slide.and_then(|i| slides.get(i).map(|s| (i, s))) {
                                Some((i, s)) => format!("Slide {}: {}", i + 1, s.title),
                                None => "The whole map".to_owned(),
                            };
                        egui::ComboBox::from_id_salt("export_slide")
                            .width(320.0)
                            .selected_text(label(self.slide))
                            .show_ui(ui, |ui| {
                                ui.selectable_value(&mut self.slide, None, label(None));
                                for i in 0..slides.len() {
                                    ui.selectable_value(&mut self.slide, Some(i), label(Some(i)));
                                }
                            })
                            .response
                            .labelled_by(show_label.id);
                        ui.end_row();
                    }
                }
                if (self.deck && !self.deck_svg) || (!self.deck && self.format == Format::Png) {
                    ui.label("Scale");
                    ui.horizontal(|ui| {
                        for scale in [1.0, 2.0, 3.0] {
                            ui.selectable_value(&mut self.scale, scale, format!("{scale}\u{00d7}"));
                        }
                        ui.label(egui::RichText::new("2\u{00d7} or more for print").small());
                    });
                    ui.end_row();
                }
                if !self.deck && self.format == Format::Gexf {
                    ui.label("Version");
                    ui.horizontal(|ui| {
                        ui.selectable_value(&mut self.gexf_version, GexfVersion::V1_3, "1.3 (Gephi)");
                        ui.selectable_value(
                            &mut self.gexf_version,
                            GexfVersion::V1_2Draft,
                            "1.2draft (networkx)",
                        );
                    });
                    ui.end_row();
                }
                let folder = self.deck || self.format.is_folder();
                let label = ui.label(if folder { "Folder" } else { "File" });
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.path).desired_width(320.0))
                    .labelled_by(label.id);
                if field.changed() {
                    self.path_edited = true;
                }
                ui.end_row();
            });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let needs_map = self.deck || self.format.needs_map();
                let ready = !self.path.trim().is_empty() && (!needs_map || self.map.is_some());
                if ui.add_enabled(ready, egui::Button::new("Export")).clicked()
                    && let Some(job) = self.job()
                {
                    command = Some(Command::Export(Box::new(job)));
                    open = false;
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    open = false;
                }
                if ui.add_enabled(self.browsing.is_none(), egui::Button::new("Browse…")).clicked() {
                    let folder = self.deck || self.format.is_folder();
                    self.browsing = Some(browse(ctx, folder, Path::new(self.path.trim())));
                }
            });
        });
        if (self.deck, self.format, self.map.clone(), self.slide) != before && !self.path_edited {
            self.path = self.suggested_path(project, dir).display().to_string();
        }
        (command, open)
    }
}

/// The deck's entry in the format list.
const DECK: &str = "Slide deck: a picture per slide and a page (HTML or Markdown)";

/// What a format is, in the analyst's words.
fn describe(format: Format) -> &'static str {
    match format {
        Format::Png => "Picture: PNG",
        Format::Svg => "Picture: SVG",
        Format::GraphMl => "Graph: GraphML (Gephi, yEd, networkx)",
        Format::Gexf => "Graph: GEXF (Gephi)",
        Format::Csv => "Graph: CSV tables (nodes.csv, edges.csv)",
        Format::Json => "Graph: Cytoscape.js JSON",
        Format::WebAnnotation => "Annotations: W3C Web Annotation (JSON-LD)",
        Format::Brat => "Annotations: brat standoff (.txt + .ann)",
    }
}

/// Asks the system where to write, off the UI thread.
fn browse(ctx: &egui::Context, folder: bool, current: &Path) -> Task<Option<PathBuf>> {
    let dir = current.parent().map(Path::to_owned).unwrap_or_default();
    let name = current.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Task::spawn(ctx, "Waiting for the file dialog…", move || {
        let dialog = rfd::FileDialog::new().set_title("Export to").set_directory(&dir);
        if folder { dialog.pick_folder() } else { dialog.set_file_name(name).save_file() }
    })
}

/// Runs `job` on `project` and writes its output; the message says what was written (or
/// that a cancel through `progress` stopped it before anything was).
pub fn run(project: &Project, job: &ExportJob, progress: &Progress) -> Result<String, String> {
    match write(project, job, progress) {
        Err(ExportError::Cancelled) => Ok("The export was cancelled; nothing was written".to_owned()),
        result => result.map_err(|e| e.to_string()),
    }
}

fn write(project: &Project, job: &ExportJob, progress: &Progress) -> Result<String, ExportError> {
    let (options, path) = match job {
        ExportJob::Single { options, path } => (options, path),
        ExportJob::Timeline { lanes, path } => {
            use crate::export::timeline::{PNG_SCALE, timeline_png, timeline_svg};
            let png = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("png"));
            let bytes = if png {
                timeline_png(project, *lanes, PNG_SCALE)?
            } else {
                timeline_svg(project, *lanes)?.into_bytes()
            };
            progress.check()?;
            Output::File(bytes).write_to(path)?;
            return Ok(format!("Exported the timeline to {}", path.display()));
        }
        ExportJob::Deck { map, options, dir } => {
            let map = crate::export::find_map(project, Some(map))?;
            let report = crate::export::deck::write_deck(project, map, dir, options, progress)?;
            return Ok(format!("Exported {} slides and {}", report.images.len(), report.page.display()));
        }
    };
    let output = crate::export::export(project, options)?;
    // One picture or graph is quick to make; a cancel meanwhile still writes nothing.
    progress.check()?;
    let files = output.write_to(path)?;
    match output {
        Output::File(_) => Ok(format!("Exported to {}", path.display())),
        Output::Folder(_) => Ok(format!("Exported {files} files to {}", path.display())),
    }
}
