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
