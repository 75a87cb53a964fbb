//! Image snapshots of the app as it draws itself: the sample project's map, rendered by
//! wgpu on the CPU (Mesa's llvmpipe), compared pixel by pixel with the PNG committed
//! under `tests/snapshots/`.
//!
//! After a deliberate change to how the map looks, run
//! `UPDATE_SNAPSHOTS=1 cargo test --test ui_snapshot`, look at the new PNG and commit it.
#![cfg(feature = "gui")]

mod common;

use egui_kittest::SnapshotOptions;
use egui_kittest::kittest::Queryable;

/// Anti-aliased edges may differ by a shade between drivers; a changed node, line or
/// label changes hundreds of pixels.
fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(1.0).max_failed_pixels(60)
}

/// Renders the app and compares all but its status bar (the bottom line, 26 points high,
/// which shows the temporary folder's path) with the snapshot `name`; a mismatch is added
/// to `failures`.
fn compare_body<State>(
    harness: &mut egui_kittest::Harness<'_, State>,
    name: &str,
    failures: &mut Vec<String>,
) {
    let image = harness.render().expect("the CPU renderer draws the app");
    let cut = (26.0 * harness.ctx.pixels_per_point()).round() as u32;
    let body = image::imageops::crop_imm(&image, 0, 0, image.width(), image.height() - cut).to_image();
    if let Err(error) = egui_kittest::try_image_snapshot_options(&body, name, &options()) {
        failures.push(format!("{name}: {error}"));
    }
}

#[test]
fn the_sample_map_looks_as_it_did() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let project = dossier::store::load(&dir).expect("the sample loads");
    let mut harness = common::app_harness(&dir, project);
    harness.get_by_label("Map").click();
    harness.run();
    // The pointer leaves the tab it clicked, so that no hover effect is in the picture.
    harness.event(egui::Event::PointerGone);
    harness.run();
    assert!(harness.query_by_label("Assad's exit").is_some(), "the map tab is shown");

    // Only the canvas: the status bar shows the temporary folder, which changes from
    // run to run, and the other panels are not what this test is about.
    let canvas = harness.get_by_label("Map canvas").rect();
    let image = harness.render().expect("the CPU renderer draws the app");
    let scale = harness.ctx.pixels_per_point();
    let [x, y, width, height] =
        [canvas.min.x, canvas.min.y, canvas.width(), canvas.height()].map(|v| (v * scale).round() as u32);
    let canvas = image::imageops::crop_imm(&image, x, y, width, height).to_image();
    egui_kittest::image_snapshot_options(&canvas, "sample_map", &options());
}

/// Every panel of the sample, brought to the front with its Ctrl+number key, in the dark
/// and the light theme, at 100 % and 150 %: one picture each under `tests/snapshots/`
/// (`panel-<n>-<theme>-<percent>.png`). The window is smaller than a desktop's so the
/// pictures stay small; the status bar (which shows the temporary folder) is cut off.
#[test]
fn every_panel_looks_as_it_did_in_both_themes_and_at_150_percent() {
    const PANELS: [(egui::Key, &str); 9] = [
        (egui::Key::Num1, "sources"),
        (egui::Key::Num2, "reader"),
        (egui::Key::Num3, "entities"),
        (egui::Key::Num4, "map"),
        (egui::Key::Num5, "inspector"),
        (egui::Key::Num6, "search"),
        (egui::Key::Num7, "suggestions"),
        (egui::Key::Num8, "claims"),
        (egui::Key::Num9, "timeline"),
    ];
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let project = dossier::store::load(&dir).expect("the sample loads");
    let app = dossier::ui::DossierApp::with_project(dir.clone(), project);
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1000.0, 680.0])
        .build_ui_state(|ui, app: &mut dossier::ui::DossierApp| app.ui(ui), app);
    harness.run();
    let mut failures = Vec::new();
    for (theme, theme_name) in [(egui::Theme::Dark, "dark"), (egui::Theme::Light, "light")] {
        for (zoom, percent) in [(1.0, 100), (1.5, 150)] {
            harness.ctx.set_theme(theme);
            harness.ctx.set_zoom_factor(zoom);
            harness.run();
            for (key, panel) in PANELS {
                harness.key_press_modifiers(egui::Modifiers::COMMAND, key);
                harness.run();
                harness.event(egui::Event::PointerGone);
                harness.run();
                compare_body(&mut harness, &format!("panel-{panel}-{theme_name}-{percent}"), &mut failures);
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The Hypotheses panel, which has no Ctrl+number key and is not in the default layout:
/// opened from View ▸ Hypotheses in its own window (so that the other panels' pictures
/// keep their tab bars), in both themes at 100 % and 150 %
/// (`panel-hypotheses-<theme>-<percent>.png`).
#[test]
fn the_hypotheses_panel_looks_as_it_did_in_both_themes_and_at_150_percent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = common::copy_sample_to(tmp.path(), "syria-2024");
    let project = dossier::store::load(&dir).expect("the sample loads");
    let app = dossier::ui::DossierApp::with_project(dir.clone(), project);
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1000.0, 680.0])
        .build_ui_state(|ui, app: &mut dossier::ui::DossierApp| app.ui(ui), app);
    harness.run();
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Hypotheses").click();
    harness.run();
    let mut failures = Vec::new();
    for (theme, theme_name) in [(egui::Theme::Dark, "dark"), (egui::Theme::Light, "light")] {
        for (zoom, percent) in [(1.0, 100), (1.5, 150)] {
            harness.ctx.set_theme(theme);
            harness.ctx.set_zoom_factor(zoom);
            harness.run();
            harness.event(egui::Event::PointerGone);
            harness.run();
            compare_body(&mut harness, &format!("panel-hypotheses-{theme_name}-{percent}"), &mut failures);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
