//! Turns the glyphs of a page into text in reading order, the way poppler's `pdftotext`
//! does in its default mode, in a smaller form:
//!
//! 1. The page is turned by its `/Rotate`, so that a landscape page reads upright, and
//!    glyphs are grouped by the direction of their baseline (upright text first, then
//!    text turned by a quarter, a half, three quarters), each group turned upright.
//! 2. Glyphs become words in the order they are drawn: a space character, a gap of more
//!    than a tenth of the font size, a step back or a change of baseline ends a word.
//! 3. Words on one baseline become line fragments, broken where the gap is wider than
//!    [`COLUMN_GAP`] font sizes (the gutter between columns, or a table's cells).
//! 4. Fragments are put in reading order by cutting the page recursively ("XY cut") at
//!    the widest empty band: a vertical band (a gutter) splits it into columns read left
//!    to right, a horizontal band into parts read top to bottom. Columns win when their
//!    gutter is wider than the widest horizontal band, which is what keeps the lines of
//!    two columns that share baselines from being interleaved.

use super::content::Glyph;

/// A gap between words, in font sizes, wider than which a line is split into fragments.
const COLUMN_GAP: f64 = 1.5;
/// A gap between characters, in font sizes, wider than which they are two words
/// (poppler's `minWordBreakSpace`).
const WORD_GAP: f64 = 0.1;
/// A step back, in font sizes, further than which a character starts a new word.
const WORD_OVERLAP: f64 = 0.2;
/// A change of baseline, in font sizes, more than which a character starts a new word.
const BASELINE_SHIFT: f64 = 0.5;
/// Above this many fragments a page is read top to bottom without looking for columns,
/// so that a page of a million tiny pieces cannot take quadratic time.
const MAX_CUT_FRAGMENTS: usize = 4000;

/// The text of a page whose glyphs are `glyphs`, on a page turned by `rotate` degrees
/// clockwise when shown: lines separated by `\n`, blocks by an empty line.
pub(super) fn page_text(glyphs: &[Glyph], rotate: i64) -> String {
    let turns = rotate.rem_euclid(360) / 90;
    let mut groups: [Vec<Glyph>; 4] = Default::default();
    let mut direction = 0;
    for glyph in glyphs {
        let shown = turn_clockwise(glyph, turns);
        let (dx, dy) = shown.advance;
        if dx.abs() > 1e-9 || dy.abs() > 1e-9 {
            // Counter-clockwise quarter turns of the baseline from left-to-right.
            direction = if dx.abs() >= dy.abs() {
                if dx > 0.0 { 0 } else { 2 }
            } else if dy > 0.0 {
                1
            } else {
                3
            };
        }
        groups[direction as usize].push(turn_clockwise(&shown, direction));
    }
    let parts: Vec<String> =
        groups.iter().map(|group| upright_text(group)).filter(|text| !text.is_empty()).collect();
    parts.join("\n\n")
}

/// `glyph` turned clockwise by `turns` quarter turns: as seen on a page shown turned
/// so, or, for a glyph whose baseline runs `turns` quarter turns counter-clockwise,
/// turned so that it runs left to right.
fn turn_clockwise(glyph: &Glyph, turns: i64) -> Glyph {
    let turn = |(x, y): (f64, f64)| match turns {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    };
    let (x, y) = turn((glyph.x, glyph.y));
    Glyph { text: glyph.text.clone(), x, y, advance: turn(glyph.advance), size: glyph.size }
}

/// A word: characters drawn one after the other on one baseline.
#[derive(Debug)]
struct Word {
    text: String,
    x0: f64,
    x1: f64,
    baseline: f64,
    size: f64,
}

/// Words on one baseline, with no wide gap between them.
#[derive(Debug)]
struct Fragment {
    words: Vec<Word>,
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
    size: f64,
}

/// The text of upright glyphs.
fn upright_text(glyphs: &[Glyph]) -> String {
    let words = words(glyphs);
    let fragments = fragments(words);
    let mut order = Vec::new();
    let all: Vec<usize> = (0..fragments.len()).collect();
    if fragments.len() > MAX_CUT_FRAGMENTS {
        order.extend(top_to_bottom(&fragments, all).into_iter().map(|i| (i, false)));
    } else {
        cut(&fragments, all, f64::INFINITY, &mut order);
    }
    let mut text = String::new();
    for (n, (index, new_block)) in order.into_iter().enumerate() {
        if n > 0 {
            text.push_str(if new_block { "\n\n" } else { "\n" });
        }
        let words: Vec<&str> = fragments[index].words.iter().map(|w| w.text.as_str()).collect();
        text.push_str(&words.join(" "));
    }
    text
}

/// Glyphs, in drawing order, grouped into words.
fn words(glyphs: &[Glyph]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut open = false;
    for glyph in glyphs {
        if glyph.text.chars().all(char::is_whitespace) {
            open = false;
            continue;
        }
        let x0 = glyph.x.min(glyph.x + glyph.advance.0);
        let x1 = glyph.x.max(glyph.x + glyph.advance.0);
        if open && let Some(word) = words.last_mut() {
            let size = word.size.max(glyph.size);
            let gap = x0 - word.x1;
            let same_line = (glyph.y - word.baseline).abs() <= BASELINE_SHIFT * size;
            if same_line && gap <= WORD_GAP * size && gap >= -WORD_OVERLAP * size {
                word.text.push_str(&glyph.text);
                word.x1 = word.x1.max(x1);
                word.x0 = word.x0.min(x0);
                word.size = size;
                continue;
            }
        }
        words.push(Word { text: glyph.text.clone(), x0, x1, baseline: glyph.y, size: glyph.size });
        open = true;
    }
    words
}

/// Words grouped by baseline and split at wide gaps.
fn fragments(mut words: Vec<Word>) -> Vec<Fragment> {
    words.sort_by(|a, b| b.baseline.total_cmp(&a.baseline).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Word>> = Vec::new();
    for word in words {
        if let Some(line) = lines.last_mut()
            && let Some(first) = line.first()
            && (first.baseline - word.baseline).abs() <= BASELINE_SHIFT * first.size.max(word.size)
        {
            line.push(word);
            continue;
        }
        lines.push(vec![word]);
    }
    let mut fragments = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut current: Vec<Word> = Vec::new();
        for word in line {
            if let Some(last) = current.last()
                && word.x0 - last.x1 > COLUMN_GAP * last.size.max(word.size)
            {
                fragments.push(fragment(std::mem::take(&mut current)));
            }
            current.push(word);
        }
        if !current.is_empty() {
            fragments.push(fragment(current));
        }
    }
    fragments
}

/// A fragment of `words` (not empty), with its box.
fn fragment(words: Vec<Word>) -> Fragment {
    let size = words.iter().map(|w| w.size).fold(0.0, f64::max);
    let x0 = words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min);
    let x1 = words.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max);
    let top = words.iter().map(|w| w.baseline + 0.7 * w.size).fold(f64::NEG_INFINITY, f64::max);
    let bottom = words.iter().map(|w| w.baseline - 0.2 * w.size).fold(f64::INFINITY, f64::min);
    Fragment { words, x0, x1, top, bottom, size }
}

/// Appends the fragments `part` to `order` in reading order, each with whether it starts
/// a new block: after a gutter, or after a band more than twice as high as the
/// narrowest band between lines seen so far (`line_gap`, passed down the cuts) and
/// more than half a font size (a paragraph's space).
fn cut(fragments: &[Fragment], part: Vec<usize>, line_gap: f64, order: &mut Vec<(usize, bool)>) {
    if part.len() <= 1 {
        order.extend(part.into_iter().map(|i| (i, false)));
        return;
    }
    let mut sizes: Vec<f64> = part.iter().map(|&i| fragments[i].size).collect();
    sizes.sort_by(f64::total_cmp);
    let size = sizes[sizes.len() / 2];
    let (vertical_at, vertical_gap, _) = widest_gap(&part, |i| (fragments[i].x0, fragments[i].x1));
    let (horizontal_at, horizontal_gap, narrowest) =
        widest_gap(&part, |i| (-fragments[i].top, -fragments[i].bottom));
    let line_gap = line_gap.min(narrowest);
    let (first, second, new_block) = if vertical_gap >= size && vertical_gap >= horizontal_gap {
        let (left, right): (Vec<usize>, Vec<usize>) =
            part.into_iter().partition(|&i| fragments[i].x1 <= vertical_at);
        (left, right, true)
    } else if horizontal_gap > 0.0 {
        let (above, below): (Vec<usize>, Vec<usize>) =
            part.into_iter().partition(|&i| -fragments[i].bottom <= horizontal_at);
        (above, below, horizontal_gap > 0.5 * size && horizontal_gap > 2.0 * line_gap)
    } else {
        order.extend(top_to_bottom(fragments, part).into_iter().map(|i| (i, false)));
        return;
    };
    if first.is_empty() || second.is_empty() {
        // Cannot happen with a positive gap; read what is left in plain order.
        let all = first.into_iter().chain(second).collect();
        order.extend(top_to_bottom(fragments, all).into_iter().map(|i| (i, false)));
        return;
    }
    cut(fragments, first, line_gap, order);
    let start = order.len();
    cut(fragments, second, line_gap, order);
    if new_block && let Some(entry) = order.get_mut(start) {
        entry.1 = true;
    }
}

/// The widest empty band between the intervals `span(i)` of `part`, as the band's start
/// and its width (0 when the intervals leave no band), and the narrowest band's width
/// (infinite when there is none).
fn widest_gap(part: &[usize], span: impl Fn(usize) -> (f64, f64)) -> (f64, f64, f64) {
    let mut spans: Vec<(f64, f64)> = part.iter().map(|&i| span(i)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut at, mut widest, mut narrowest) = (0.0, 0.0, f64::INFINITY);
    let mut reach = f64::NEG_INFINITY;
    for (start, end) in spans {
        let gap = start - reach;
        if reach > f64::NEG_INFINITY && gap > 0.0 {
            if gap > widest {
                (at, widest) = (reach, gap);
            }
            narrowest = narrowest.min(gap);
        }
        reach = reach.max(end);
    }
    (at, widest, narrowest)
}

/// `part` sorted top to bottom, then left to right.
fn top_to_bottom(fragments: &[Fragment], mut part: Vec<usize>) -> Vec<usize> {
    part.sort_by(|&a, &b| {
        let (a, b) = (&fragments[a], &fragments[b]);
        let baseline_a = a.words.first().map_or(a.bottom, |w| w.baseline);
        let baseline_b = b.words.first().map_or(b.bottom, |w| w.baseline);
        baseline_b.total_cmp(&baseline_a).then(a.x0.total_cmp(&b.x0))
    });
    part
}
