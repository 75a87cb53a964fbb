//! Slide decks of the sample map "Assad's exit": numbered pictures plus a page that shows
//! them in order; the folder rules (new, empty or an earlier deck); escaping; the CLI.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use dossier::export::ExportError;
use dossier::export::deck::{self, DeckImage, DeckOptions, DeckPage};
use dossier::model::{MapId, Project};
use dossier::progress::Progress;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/syria-2024");
const EXIT: &str = "assads-exit-k14g";

fn sample() -> Project {
    dossier::store::load(Path::new(SAMPLE)).expect("the sample loads")
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier")).args(args).output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(
    project: &Project,
    map: &str,
    dir: &Path,
    options: &DeckOptions,
) -> Result<deck::DeckReport, ExportError> {
    deck::write_deck(project, &project.maps[&MapId::from(map)], dir, options, &Progress::new())
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file in `dir` with its bytes, by name.
fn contents_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names_in(dir)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).expect("read");
            (name, bytes)
        })
        .collect()
}

#[test]
fn cli_writes_numbered_pictures_and_a_page_with_every_caption_in_order() {
    let project = sample();
    let map = &project.maps[&MapId::from(EXIT)];
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("deck");
    let output =
        dossier(&["export", SAMPLE, "--format", "deck", "--map", EXIT, "-o", dir.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let names = names_in(&dir);
    assert_eq!(names.len(), map.slides.len() + 1, "{names:?}");
    assert_eq!(names.last().map(String::as_str), Some("index.md"));
    let page = std::fs::read_to_string(dir.join("index.md")).expect("the page");
    let mut last_caption_at = 0;
    for (index, slide) in map.slides.iter().enumerate() {
        let name = &names[index];
        let slug = dossier::model::slug(&slide.title);
        assert_eq!(name, &format!("{:02}-{slug}.png", index + 1));
        let png = std::fs::read(dir.join(name)).expect("the picture");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        assert!(pixmap.width() >= 1280, "{name}: {}", pixmap.width());
        // The page shows the picture, then the caption (its first words are plain text).
        let image_at = page.find(&format!("]({name})")).unwrap_or_else(|| panic!("{name} is on the page"));
        let words: String = slide.caption.split(' ').take(4).collect::<Vec<_>>().join(" ");
        let caption_at = page[image_at..].find(&words).map(|at| at + image_at).expect("the caption follows");
        assert!(caption_at > last_caption_at, "slide {} comes after the one before", index + 1);
        last_caption_at = caption_at;
    }
    // Citations: the sources' titles and a quote from the evidence.
    assert!(page.contains("**Sources**") && page.contains("Leaders"), "{page}");
    assert!(page.contains("Putin had personally granted asylum"), "a quote of slide 3");
}

#[test]
fn the_html_page_escapes_text_and_needs_nothing_outside_the_folder() {
    let mut project = sample();
    let map = project.maps.get_mut(&MapId::from(EXIT)).expect("the map");
    map.slides[1].title = "HTS <script>alert(\"x\")</script> & co".into();
    map.slides[1].caption = "Caption with <b>tags</b> & 'quotes'".into();
    let tmp = tempfile::tempdir().expect("tmp");
    let options = DeckOptions { image: DeckImage::Svg, page: DeckPage::Html };
    let report = write(&project, EXIT, tmp.path(), &options).expect("the deck is written");
    assert_eq!(report.page, tmp.path().join("index.html"));
    let page = std::fs::read_to_string(&report.page).expect("the page");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("HTS &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"), "{page}");
    assert!(page.contains("Caption with &lt;b&gt;tags&lt;/b&gt; &amp; &apos;quotes&apos;"), "{page}");
    let lower = page.to_lowercase();
    for forbidden in ["<script", "<link", "javascript:", "src=\"http", "url(", "@import"] {
        assert!(!lower.contains(forbidden), "{forbidden} in the page");
    }
    // Every image is a file of the deck, linked by its bare name.
    let sources: Vec<&str> =
        page.split("<img src=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert_eq!(sources.len(), report.images.len());
    for source in sources {
        assert!(!source.contains('/') && tmp.path().join(source).is_file(), "{source}");
    }
    // The SVG pictures are what the single-slide export draws.
    let svg = std::fs::read_to_string(&report.images[0]).expect("an SVG");
    assert!(svg.contains("<svg") && svg.contains("The whole picture"));
}

#[test]
fn a_deck_is_the_same_bytes_every_time_and_can_be_cancelled() {
    let project = sample();
    let map = &project.maps[&MapId::from(EXIT)];
    let options = DeckOptions { image: DeckImage::Png { scale: 1.0 }, page: DeckPage::Html };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let shared = Arc::clone(&seen);
    let progress = Progress::with_observer(move |p| {
        shared.lock().expect("not poisoned").push((p.done(), p.total(), p.step()));
    });
    let first = deck::render_deck(&project, map, &options, &progress).expect("a deck");
    let second = deck::render_deck(&project, map, &options, &Progress::new()).expect("a deck");
    assert!(first == second, "the same bytes every time");
    let total = map.slides.len();
    // "Slide n of m" before each slide, then all done.
    let expected: Vec<(usize, usize, String)> = (0..total)
        .map(|done| (done, total, format!("slide {} of {total}", done + 1)))
        .chain([(total, total, format!("slide {total} of {total}"))])
        .collect();
    assert_eq!(*seen.lock().expect("not poisoned"), expected);

    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("deck");
    let cancelled = Progress::new();
    cancelled.cancel();
    let cancelled = deck::write_deck(&project, map, &dir, &options, &cancelled);
    assert!(matches!(cancelled, Err(ExportError::Cancelled)), "{cancelled:?}");
    assert!(!dir.exists(), "nothing is written when cancelled");
}

#[test]
fn a_deck_cancelled_after_its_first_slide_leaves_no_file() {
    let project = sample();
    let map = &project.maps[&MapId::from(EXIT)];
    assert!(map.slides.len() >= 2, "the sample map has several slides");
    let options = DeckOptions { image: DeckImage::Png { scale: 1.0 }, page: DeckPage::Html };
    // Cancelled from the progress report that follows the first slide.
    let after_first_slide = || {
        Progress::with_observer(|p| {
            if p.done() >= 1 {
                p.cancel();
            }
        })
    };

    let tmp = tempfile::tempdir().expect("tmp");
    let new_dir = tmp.path().join("deck");
    let progress = after_first_slide();
    let outcome = deck::write_deck(&project, map, &new_dir, &options, &progress);
    assert!(matches!(outcome, Err(ExportError::Cancelled)), "{outcome:?}");
    assert_eq!(progress.done(), 1, "stopped after the first slide");
    assert!(!new_dir.exists(), "no folder and no file is left");

    // Over an earlier deck, the earlier files stay as they were and nothing is added.
    let earlier = tmp.path().join("earlier");
    write(&project, EXIT, &earlier, &options).expect("the earlier deck");
    let before = contents_of(&earlier);
    let svg = DeckOptions { image: DeckImage::Svg, page: DeckPage::Markdown };
    let outcome = deck::write_deck(&project, map, &earlier, &svg, &after_first_slide());
    assert!(matches!(outcome, Err(ExportError::Cancelled)), "{outcome:?}");
    let after = contents_of(&earlier);
    assert!(before == after, "the earlier deck is untouched");
}

#[test]
fn a_deck_replaces_an_earlier_deck_and_refuses_a_folder_of_other_files() {
    let mut project = sample();
    let tmp = tempfile::tempdir().expect("tmp");

    let other = tmp.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    std::fs::write(other.join("thesis.docx"), "mine").expect("write");
    let refused =
        write(&project, EXIT, &other, &DeckOptions::default()).expect_err("a folder of other files");
    assert_eq!(
        refused.to_string(),
        format!("{} is not empty and holds no earlier deck; choose an empty or new folder", other.display())
    );
    assert_eq!(names_in(&other), ["thesis.docx"], "left alone");

    let dir = tmp.path().join("deck");
    write(&project, EXIT, &dir, &DeckOptions::default()).expect("a first deck");
    std::fs::write(dir.join("notes.txt"), "the presenter's notes").expect("write");
    let before = names_in(&dir);

    // One slide fewer and an HTML page: the old last picture and index.md go.
    let map = project.maps.get_mut(&MapId::from(EXIT)).expect("the map");
    map.slides.pop();
    let options = DeckOptions { image: DeckImage::Png { scale: 1.0 }, page: DeckPage::Html };
    let report = write(&project, EXIT, &dir, &options).expect("over the earlier deck");
    let removed: Vec<String> = report
        .removed
        .iter()
        .map(|p| p.file_name().expect("a name").to_string_lossy().into_owned())
        .collect();
    let count = before.len() - 2; // the pictures: all but index.md and notes.txt
    assert_eq!(removed, [before[count - 1].clone(), "index.md".to_owned()]);
    let mut expected: Vec<String> = before[..count - 1].to_vec();
    expected.extend(["index.html".to_owned(), "notes.txt".to_owned()]);
    assert_eq!(names_in(&dir), expected);
}

#[test]
fn a_map_without_slides_has_no_deck() {
    let project = sample();
    let tmp = tempfile::tempdir().expect("tmp");
    let error = write(&project, "money-and-bases-xhmr", &tmp.path().join("deck"), &DeckOptions::default())
        .expect_err("no slides");
    assert_eq!(
        error.to_string(),
        "map `money-and-bases-xhmr` has no slides; add slides to its storyboard first"
    );

    let output = dossier(&[
        "export",
        SAMPLE,
        "--format",
        "deck",
        "--map",
        "money-and-bases-xhmr",
        "-o",
        tmp.path().join("cli").to_str().expect("UTF-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    assert!(!tmp.path().join("cli").exists());
    let output = dossier(&["export", SAMPLE, "--format", "svg", "--deck-page", "html", "-o", "x.svg"]);
    assert_eq!(output.status.code(), Some(2), "--deck-page is for decks only");
}
