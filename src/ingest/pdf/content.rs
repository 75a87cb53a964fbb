//! Runs a page's content streams far enough to know where each character is drawn:
//! the graphics state (`q`, `Q`, `cm`), the text state (`Tf`, `Tc`, `Tw`, `Tz`, `TL`,
//! `Ts`), text positioning (`BT`, `Td`, `TD`, `Tm`, `T*`), every text-showing operator
//! (`Tj`, `TJ`, `'`, `"`) and form `XObjects` (`Do`). Nothing is drawn.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{Font, deref, number};

/// A character as drawn on the page, in the page's default user space (points).
#[derive(Clone, Debug)]
pub(super) struct Glyph {
    /// The characters of the code (usually one; empty when the font does not tell).
    pub text: String,
    /// Where the glyph's baseline starts.
    pub x: f64,
    /// Where the glyph's baseline starts.
    pub y: f64,
    /// The pen's move for this glyph, along the baseline (x, y).
    pub advance: (f64, f64),
    /// The font size on the page (the height of an em).
    pub size: f64,
}

/// A page asked for more work than [`MAX_OPERATIONS`].
#[derive(Debug)]
pub(super) struct TooMuchWork;

/// How much work one page may cost: operators run, including those of forms.
const MAX_OPERATIONS: usize = 5_000_000;
/// How deeply forms may draw forms.
const MAX_FORM_DEPTH: usize = 12;

/// A 2D affine matrix `[a b c d e f]` as PDF writes it.
type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` then `n` (PDF's `m × n`: a point goes through `m` first).
fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// The point `(x, y)` through `m`.
fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The graphics state that matters for text.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
}

/// The glyphs of one page, in the order they are drawn.
/// A content stream that cannot be parsed draws nothing (the other pages still count);
/// a page past [`MAX_OPERATIONS`] is an error.
pub(super) fn page_glyphs(doc: &Document, page_id: ObjectId) -> Result<Vec<Glyph>, TooMuchWork> {
    let Ok(page) = doc.get_dictionary(page_id) else { return Ok(Vec::new()) };
    let resources = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok());
    let Ok(content) = doc.get_page_content(page_id) else { return Ok(Vec::new()) };
    let mut runner = Runner { doc, fonts: HashMap::new(), glyphs: Vec::new(), operations: 0 };
    let state = State {
        ctm: IDENTITY,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        horizontal_scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    runner.run(&content, resources, state, 0)?;
    Ok(runner.glyphs)
}

/// A value of a page that may be set on the page or on any of its ancestors.
pub(super) fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(value) = deref(doc, node.get(key).ok()) {
            return Some(value);
        }
        node = deref(doc, node.get(b"Parent").ok())?.as_dict().ok()?;
    }
    None
}

struct Runner<'a> {
    doc: &'a Document,
    /// Fonts read so far, by the font dictionary's address (one object per font, so
    /// one parse of its maps however many pages or forms use it).
    fonts: HashMap<*const Dictionary, Rc<Font>>,
    glyphs: Vec<Glyph>,
    operations: usize,
}

impl<'a> Runner<'a> {
    /// Runs one content stream with `resources`, from `state`.
    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        mut state: State,
        depth: usize,
    ) -> Result<(), TooMuchWork> {
        let Ok(content) = Content::decode(content) else { return Ok(()) };
        let mut stack: Vec<State> = Vec::new();
        let mut text_matrix = IDENTITY;
        let mut line_matrix = IDENTITY;
        for operation in &content.operations {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                return Err(TooMuchWork);
            }
            let operands = &operation.operands;
            let num = |i: usize| operands.get(i).and_then(number).unwrap_or(0.0);
            match operation.operator.as_str() {
                "q" => stack.push(state.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                "cm" => {
                    let m = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    state.ctm = multiply(&m, &state.ctm);
                }
                "BT" => {
                    text_matrix = IDENTITY;
                    line_matrix = IDENTITY;
                }
                "Tf" => {
                    state.size = num(1);
                    state.font = operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|name| self.font(resources, name));
                }
                "Tc" => state.char_spacing = num(0),
                "Tw" => state.word_spacing = num(0),
                "Tz" => state.horizontal_scale = num(0) / 100.0,
                "TL" => state.leading = num(0),
                "Ts" => state.rise = num(0),
                "Td" => {
                    line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &line_matrix);
                    text_matrix = line_matrix;
                }
                "TD" => {
                    state.leading = -num(1);
                    line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, num(0), num(1)], &line_matrix);
                    text_matrix = line_matrix;
                }
                "Tm" => {
                    line_matrix = [num(0), num(1), num(2), num(3), num(4), num(5)];
                    text_matrix = line_matrix;
                }
                "T*" => {
                    line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &line_matrix);
                    text_matrix = line_matrix;
                }
                "Tj" => {
                    if let Some(Object::String(bytes, _)) = operands.first() {
                        self.show(bytes, &state, &mut text_matrix);
                    }
                }
                "TJ" => {
                    let Some(Object::Array(items)) = operands.first() else { continue };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => self.show(bytes, &state, &mut text_matrix),
                            other => {
                                let adjust = number(other).unwrap_or(0.0);
                                let tx = -adjust / 1000.0 * state.size * state.horizontal_scale;
                                text_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &text_matrix);
                            }
                        }
                    }
                }
                // `'` is `T* Tj`; `"` is `aw Tw ac Tc T* Tj` (PDF 32000 §9.4.3).
                "'" | "\"" => {
                    let string_at = if operation.operator == "'" {
                        0
                    } else {
                        state.word_spacing = num(0);
                        state.char_spacing = num(1);
                        2
                    };
                    line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &line_matrix);
                    text_matrix = line_matrix;
                    if let Some(Object::String(bytes, _)) = operands.get(string_at) {
                        self.show(bytes, &state, &mut text_matrix);
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    let Some(name) = operands.first().and_then(|n| n.as_name().ok()) else { continue };
                    self.form(resources, name, &state, depth)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Draws the form `XObject` `name` of `resources`, if it is one (images are skipped).
    fn form(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        state: &State,
        depth: usize,
    ) -> Result<(), TooMuchWork> {
        let doc = self.doc;
        let Some(stream) = resources
            .and_then(|r| deref(doc, r.get(b"XObject").ok()))
            .and_then(|x| x.as_dict().ok())
            .and_then(|x| deref(doc, x.get(name).ok()))
            .and_then(|x| x.as_stream().ok())
        else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        let mut inner = state.clone();
        if let Some(m) = deref(doc, stream.dict.get(b"Matrix").ok()).and_then(|m| m.as_array().ok()) {
            let m: Vec<f64> = m.iter().filter_map(number).collect();
            if let [a, b, c, d, e, f] = m[..] {
                inner.ctm = multiply(&[a, b, c, d, e, f], &inner.ctm);
            }
        }
        let own = deref(doc, stream.dict.get(b"Resources").ok()).and_then(|r| r.as_dict().ok());
        // A form that cannot be decompressed draws nothing; the rest of the page still counts.
        let Ok(content) = stream.get_plain_content() else { return Ok(()) };
        self.run(&content, own.or(resources), inner, depth + 1)
    }

    /// The font `name` of `resources`, read once.
    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let dict = resources
            .and_then(|r| deref(doc, r.get(b"Font").ok()))
            .and_then(|f| f.as_dict().ok())
            .and_then(|f| deref(doc, f.get(name).ok()))
            .and_then(|f| f.as_dict().ok())?;
        let key: *const Dictionary = dict;
        Some(Rc::clone(self.fonts.entry(key).or_insert_with(|| Rc::new(Font::from_dict(doc, dict)))))
    }

    /// Shows the string `bytes`: one glyph per code, moving the text matrix.
    fn show(&mut self, bytes: &[u8], state: &State, text_matrix: &mut Matrix) {
        let Some(font) = &state.font else { return };
        let scale = state.horizontal_scale;
        for code in font.codes(bytes) {
            // Text space to page space: size and scale, rise, the text matrix, the CTM.
            let render = multiply(
                &multiply(&[state.size * scale, 0.0, 0.0, state.size, 0.0, state.rise], text_matrix),
                &state.ctm,
            );
            let mut tx = code.width * state.size + state.char_spacing;
            if code.is_space {
                tx += state.word_spacing;
            }
            tx *= scale;
            let (x, y) = apply(&render, 0.0, 0.0);
            // The advance in page space: the move of the pen, through the same matrices.
            let moved = multiply(&multiply(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], text_matrix), &state.ctm);
            let origin = multiply(text_matrix, &state.ctm);
            let advance = (moved[4] - origin[4], moved[5] - origin[5]);
            let up = (render[2], render[3]);
            let size = up.0.hypot(up.1);
            if !code.text.is_empty() && size.is_finite() && x.is_finite() && y.is_finite() {
                self.glyphs.push(Glyph { text: code.text, x, y, advance, size });
            }
            *text_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], text_matrix);
        }
    }
}
