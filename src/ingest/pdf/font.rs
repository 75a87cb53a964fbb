//! What a PDF font tells a text extractor: how the bytes of a string split into codes,
//! which characters each code stands for, and how far each glyph moves the pen.
//!
//! The Unicode of a code comes, in order of preference, from the font's `/ToUnicode`
//! map, from its `/Encoding` (a standard encoding by name, with `/Differences` of glyph
//! names), or from the standard encoding. The encodings' tables and the glyph-name list
//! are lopdf's, reached through its one public door, `Dictionary::get_font_encoding`;
//! that function prefers `/Encoding` to `/ToUnicode` (which loses the text of subset
//! TrueType fonts) and keeps its `CMap` type private, so the `CMaps` (`/ToUnicode`, and
//! the code lengths of a composite font's `/Encoding`) are read here, from the tokens of
//! lopdf's content-stream parser.

use std::collections::{BTreeMap, HashMap};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

use super::base14::{AVERAGE_WIDTH, standard_width};

/// A font of a page, ready to decode strings shown with it.
pub(super) struct Font {
    /// Codes are two bytes (a composite `Type0` font), else one.
    two_byte: bool,
    /// How a composite font's strings split into codes, when its `/Encoding` `CMap` says.
    code_lengths: Vec<CodeRange>,
    /// The font's `/ToUnicode` map, if it has a readable one.
    to_unicode: Option<CMap>,
    /// The character of each one-byte code by the font's encoding.
    simple: Vec<Option<String>>,
    /// Glyph widths by code, in text space units per unit of font size.
    widths: HashMap<u32, f64>,
    /// The width of a code missing from `widths`.
    default_width: f64,
    /// The font's `/BaseFont`, for the standard fonts' widths.
    base_name: Vec<u8>,
    /// Glyph space to text space, horizontally (1/1000 except for Type 3 fonts).
    glyph_scale: f64,
}

/// One code of a shown string.
pub(super) struct Code {
    /// The characters it stands for (empty when the font does not tell).
    pub text: String,
    /// How far the glyph moves the pen, per unit of font size.
    pub width: f64,
    /// The code is the single byte 32, to which word spacing applies.
    pub is_space: bool,
}

impl Font {
    /// Reads the font dictionary `dict` of `doc`. Never fails: what cannot be read is
    /// left out, and the text of such codes comes out empty.
    pub fn from_dict(doc: &Document, dict: &Dictionary) -> Self {
        let subtype = name_of(doc, dict.get(b"Subtype").ok());
        let two_byte = subtype.as_deref() == Some(b"Type0");
        let base_name = name_of(doc, dict.get(b"BaseFont").ok()).unwrap_or_default();
        let glyph_scale = if subtype.as_deref() == Some(b"Type3") {
            deref(doc, dict.get(b"FontMatrix").ok())
                .and_then(|m| m.as_array().ok())
                .and_then(|m| m.first())
                .and_then(number)
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let code_lengths = if two_byte {
            deref(doc, dict.get(b"Encoding").ok())
                .and_then(|e| e.as_stream().ok())
                .and_then(|e| e.get_plain_content().ok())
                .and_then(|bytes| CMap::parse(&bytes))
                .map(|cmap| cmap.code_space)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        let to_unicode = deref(doc, dict.get(b"ToUnicode").ok())
            .and_then(|e| e.as_stream().ok())
            .and_then(|e| e.get_plain_content().ok())
            .and_then(|bytes| CMap::parse(&bytes));
        let mut font = Self {
            two_byte,
            code_lengths,
            to_unicode,
            simple: Vec::new(),
            widths: HashMap::new(),
            default_width: AVERAGE_WIDTH,
            base_name,
            glyph_scale,
        };
        if two_byte {
            font.read_composite_widths(doc, dict);
        } else {
            font.simple = simple_encoding(doc, dict);
            font.read_simple_widths(doc, dict);
        }
        font
    }

    /// Splits `bytes` into codes, each with its text and width.
    pub fn codes(&self, bytes: &[u8]) -> Vec<Code> {
        let mut codes = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let length = self.code_length(rest).min(rest.len());
            let (chunk, tail) = rest.split_at(length);
            rest = tail;
            let value = chunk.iter().fold(0u32, |code, &b| (code << 8) | u32::from(b));
            let mapped = self.to_unicode.as_ref().and_then(|map| map.get(value, length));
            let text = match mapped {
                Some(text) => text,
                None if !self.two_byte => {
                    self.simple.get(value as usize).cloned().flatten().unwrap_or_default()
                }
                None => String::new(),
            };
            codes.push(Code { width: self.width(value), is_space: !self.two_byte && value == 32, text });
        }
        codes
    }

    /// The length in bytes of the code at the start of `bytes`.
    fn code_length(&self, bytes: &[u8]) -> usize {
        if !self.two_byte {
            return 1;
        }
        for range in &self.code_lengths {
            if let Some(code) = bytes.get(..range.length) {
                let value = code.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b));
                if (range.low..=range.high).contains(&value) {
                    return range.length;
                }
            }
        }
        2
    }

    /// The advance of `code` per unit of font size.
    fn width(&self, code: u32) -> f64 {
        if let Some(width) = self.widths.get(&code) {
            return width * self.glyph_scale;
        }
        if !self.two_byte
            && let Some(width) = standard_width(&self.base_name, code)
        {
            return width * 0.001;
        }
        self.default_width * self.glyph_scale
    }

    /// `/FirstChar` and `/Widths` of a simple font, and its `/MissingWidth`.
    fn read_simple_widths(&mut self, doc: &Document, dict: &Dictionary) {
        let first = deref(doc, dict.get(b"FirstChar").ok()).and_then(number).unwrap_or(0.0);
        if let Some(widths) = deref(doc, dict.get(b"Widths").ok()).and_then(|w| w.as_array().ok()) {
            let first = first.max(0.0) as u32;
            for (code, width) in (first..).zip(widths.iter()) {
                if let Some(width) = deref(doc, Some(width)).and_then(number) {
                    self.widths.insert(code, width);
                }
            }
        }
        let missing = deref(doc, dict.get(b"FontDescriptor").ok())
            .and_then(|d| d.as_dict().ok())
            .and_then(|d| deref(doc, d.get(b"MissingWidth").ok()))
            .and_then(number);
        if let Some(missing) = missing.filter(|&w| w > 0.0) {
            self.default_width = missing;
        }
    }

    /// `/DW` and `/W` of a composite font's descendant.
    fn read_composite_widths(&mut self, doc: &Document, dict: &Dictionary) {
        let Some(descendant) = deref(doc, dict.get(b"DescendantFonts").ok())
            .and_then(|d| d.as_array().ok())
            .and_then(|d| deref(doc, d.first()))
            .and_then(|d| d.as_dict().ok())
        else {
            return;
        };
        self.default_width = deref(doc, descendant.get(b"DW").ok()).and_then(number).unwrap_or(1000.0);
        let Some(w) = deref(doc, descendant.get(b"W").ok()).and_then(|w| w.as_array().ok()) else {
            return;
        };
        // `c [w1 w2 …]` gives widths from c on; `c_first c_last w` one width for a range.
        // The ranges are capped so that a hostile file cannot make us fill memory.
        let mut items = w.iter().map(|item| deref(doc, Some(item)));
        let mut budget: u32 = 1 << 20;
        while let Some(Some(first)) = items.next() {
            let Some(first) = number(first) else { break };
            let first = first.max(0.0) as u32;
            match items.next().flatten() {
                Some(Object::Array(list)) => {
                    for (code, width) in (first..).zip(list.iter()) {
                        if let Some(width) = deref(doc, Some(width)).and_then(number) {
                            self.widths.insert(code, width);
                        }
                    }
                }
                Some(last) => {
                    let Some(last) = number(last) else { break };
                    let Some(Some(width)) = items.next().map(|w| w.and_then(number)) else { break };
                    let last = (last.max(0.0) as u32).min(first.saturating_add(budget));
                    budget = budget.saturating_sub(last.saturating_sub(first) + 1);
                    for code in first..=last {
                        self.widths.insert(code, width);
                    }
                }
                None => break,
            }
        }
    }
}

/// A range of codes of one length, from a `CMap`'s `codespacerange`.
#[derive(Clone, Copy, Debug)]
struct CodeRange {
    length: usize,
    low: u32,
    high: u32,
}

/// A `CMap`: its code space, and the text of codes (`bfchar` and `bfrange`).
struct CMap {
    code_space: Vec<CodeRange>,
    /// Single codes by (length, code).
    chars: HashMap<(usize, u32), String>,
    /// Ranges by (length, first code): the last code and what the range maps to.
    ranges: BTreeMap<(usize, u32), (u32, RangeTarget)>,
}

/// What a `bfrange` maps its codes to.
enum RangeTarget {
    /// The first code's UTF-16 units; later codes add to the last unit.
    Start(Vec<u16>),
    /// One text per code.
    Each(Vec<String>),
}

impl CMap {
    /// Reads a `CMap` from its stream's bytes, with lopdf's tokenizer (a `CMap` is
    /// PostScript: operands, then the keyword that uses them, like a content stream).
    fn parse(bytes: &[u8]) -> Option<Self> {
        let content = Content::decode(bytes).ok()?;
        let mut cmap = Self { code_space: Vec::new(), chars: HashMap::new(), ranges: BTreeMap::new() };
        for operation in &content.operations {
            let operands = &operation.operands;
            match operation.operator.as_str() {
                "endcodespacerange" => {
                    for pair in operands.chunks_exact(2) {
                        if let (Some(low), Some(high)) = (hex_code(&pair[0]), hex_code(&pair[1])) {
                            cmap.code_space.push(CodeRange { length: low.0, low: low.1, high: high.1 });
                        }
                    }
                }
                "endbfchar" => {
                    for pair in operands.chunks_exact(2) {
                        if let (Some(code), Object::String(target, _)) = (hex_code(&pair[0]), &pair[1]) {
                            cmap.chars.insert(code, utf16_text(&utf16_units(target)));
                        }
                    }
                }
                "endbfrange" => {
                    for triple in operands.chunks_exact(3) {
                        let (Some(low), Some(high)) = (hex_code(&triple[0]), hex_code(&triple[1])) else {
                            continue;
                        };
                        let target = match &triple[2] {
                            Object::String(start, _) => RangeTarget::Start(utf16_units(start)),
                            Object::Array(items) => RangeTarget::Each(
                                items
                                    .iter()
                                    .map(|item| match item {
                                        Object::String(t, _) => utf16_text(&utf16_units(t)),
                                        _ => String::new(),
                                    })
                                    .collect(),
                            ),
                            _ => continue,
                        };
                        if high.1 >= low.1 {
                            cmap.ranges.insert(low, (high.1, target));
                        }
                    }
                }
                _ => {}
            }
        }
        Some(cmap)
    }

    /// The text of `code`, `length` bytes long (trying the other common length too, for
    /// maps that write one-byte codes as two bytes).
    fn get(&self, code: u32, length: usize) -> Option<String> {
        self.get_exact(code, length).or_else(|| self.get_exact(code, if length == 1 { 2 } else { 1 }))
    }

    fn get_exact(&self, code: u32, length: usize) -> Option<String> {
        if let Some(text) = self.chars.get(&(length, code)) {
            return Some(text.clone());
        }
        let (&(range_length, low), (high, target)) = self.ranges.range(..=(length, code)).next_back()?;
        if range_length != length || code > *high {
            return None;
        }
        let offset = code - low;
        match target {
            RangeTarget::Start(units) => {
                let mut units = units.clone();
                let last = units.last_mut()?;
                *last = last.wrapping_add(offset as u16);
                Some(utf16_text(&units))
            }
            RangeTarget::Each(texts) => texts.get(offset as usize).cloned(),
        }
    }
}

/// A hex string operand as (length in bytes, value); at most 4 bytes.
fn hex_code(object: &Object) -> Option<(usize, u32)> {
    let Object::String(bytes, _) = object else { return None };
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some((bytes.len(), bytes.iter().fold(0u32, |c, &b| (c << 8) | u32::from(b))))
}

/// Big-endian UTF-16 units of a `CMap`'s target string.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes.chunks(2).map(|pair| pair.iter().fold(0u16, |u, &b| (u << 8) | u16::from(b))).collect()
}

/// UTF-16 units as text, unpaired surrogates dropped.
fn utf16_text(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied()).filter_map(Result::ok).collect()
}

/// The character of each one-byte code: the base encoding (named in `/Encoding`, else
/// the standard one) with the `/Differences` applied.
fn simple_encoding(doc: &Document, dict: &Dictionary) -> Vec<Option<String>> {
    let encoding = deref(doc, dict.get(b"Encoding").ok());
    let base_name = match encoding {
        Some(Object::Name(name)) => Some(name.as_slice()),
        Some(Object::Dictionary(d)) => d.get(b"BaseEncoding").ok().and_then(|n| n.as_name().ok()),
        _ => None,
    };
    let base = match base_name {
        Some(name @ (b"WinAnsiEncoding" | b"MacRomanEncoding" | b"MacExpertEncoding")) => name,
        _ => b"StandardEncoding".as_slice(),
    };
    let mut table = base_encoding(doc, base);
    if let Some(Object::Dictionary(d)) = encoding
        && let Some(differences) = deref(doc, d.get(b"Differences").ok()).and_then(|a| a.as_array().ok())
    {
        let mut code = 0usize;
        for item in differences {
            match item {
                Object::Integer(start) => code = usize::try_from(*start).unwrap_or(usize::MAX),
                Object::Name(name) => {
                    if let Some(slot) = table.get_mut(code) {
                        *slot = glyph_name_text(doc, name);
                    }
                    code = code.saturating_add(1);
                }
                _ => {}
            }
        }
    }
    table
}

/// The character of each code of the standard encoding `name`, from lopdf's tables.
fn base_encoding(doc: &Document, name: &[u8]) -> Vec<Option<String>> {
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Name(name.to_vec()));
    let Ok(encoding) = font.get_font_encoding(doc) else { return vec![None; 256] };
    (0..=255u8).map(|code| encoding.bytes_to_string(&[code]).ok().filter(|text| !text.is_empty())).collect()
}

/// The text of a glyph name: from the Adobe glyph list (lopdf's, through an encoding
/// whose only difference is this name at code 0, where the standard encoding has
/// nothing), else a `uniXXXX` / `uXXXX[XX]` name or a ligature `f_i`; `None` for names
/// that say nothing (`g123`).
fn glyph_name_text(doc: &Document, name: &[u8]) -> Option<String> {
    let mut encoding = Dictionary::new();
    encoding.set("Type", Object::Name(b"Encoding".to_vec()));
    encoding.set("Differences", vec![Object::Integer(0), Object::Name(name.to_vec())]);
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Encoding", Object::Dictionary(encoding));
    if let Ok(found) = font.get_font_encoding(doc)
        && let Ok(text) = found.bytes_to_string(&[0])
        && !text.is_empty()
    {
        return Some(text);
    }
    let name = std::str::from_utf8(name).ok()?;
    // Variant and ligature names: `a.sc` is `a`, `f_i` is `f` then `i`.
    let base = name.split('.').next().unwrap_or(name);
    if base.contains('_') {
        return base.split('_').map(|part| glyph_name_text(doc, part.as_bytes())).collect();
    }
    if base != name {
        return glyph_name_text(doc, base.as_bytes());
    }
    if let Some(hex) = name.strip_prefix("uni").filter(|h| !h.is_empty() && h.len() % 4 == 0) {
        let units: Option<Vec<u16>> = hex
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).ok().and_then(|c| u16::from_str_radix(c, 16).ok()))
            .collect();
        return Some(utf16_text(&units?));
    }
    if let Some(hex) = name.strip_prefix('u').filter(|h| (4..=6).contains(&h.len())) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from);
    }
    None
}

/// `object`, with a reference followed (once per step, at most a few steps).
pub(super) fn deref<'a>(doc: &'a Document, object: Option<&'a Object>) -> Option<&'a Object> {
    let mut object = object?;
    for _ in 0..8 {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// A name object's bytes.
fn name_of(doc: &Document, object: Option<&Object>) -> Option<Vec<u8>> {
    deref(doc, object).and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec)
}

/// An integer or real as a float.
pub(super) fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}
