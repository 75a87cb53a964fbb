//! Plain text in any encoding, turned into UTF-8 with LF line endings.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::IngestError;

/// The byte order marks we recognise, with the encoding each announces.
const BOMS: [(&[u8], Option<&Encoding>); 3] =
    [(b"\xEF\xBB\xBF", None), (b"\xFF\xFE", Some(UTF_16LE)), (b"\xFE\xFF", Some(UTF_16BE))];

/// Decodes a text file to UTF-8 with `\n` line endings.
///
/// A byte order mark (UTF-8, UTF-16 LE or BE) decides the encoding and is dropped; text
/// that is valid UTF-8 is taken as it is; anything else is decoded with the encoding
/// `chardetng` guesses. A file that is already UTF-8 with LF endings comes back
/// byte-for-byte unchanged. Empty and binary files are refused.
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let decoded: String = if let Some((bom, encoding)) = BOMS.iter().find(|(bom, _)| bytes.starts_with(bom)) {
        let rest = &bytes[bom.len()..];
        match encoding {
            Some(encoding) => encoding.decode_without_bom_handling(rest).0.into_owned(),
            None => String::from_utf8_lossy(rest).into_owned(),
        }
    } else if bytes.contains(&0) {
        // Outside UTF-16, a NUL byte never occurs in text.
        return Err(IngestError::Binary);
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        // ISO-2022-JP and UTF-8 are ASCII-compatible or valid UTF-8, so neither gets here.
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
        encoding.decode_without_bom_handling(bytes).0.into_owned()
    };
    if looks_binary(&decoded) {
        return Err(IngestError::Binary);
    }
    Ok(match normalize_line_endings(&decoded) {
        Cow::Borrowed(_) => decoded,
        Cow::Owned(normalized) => normalized,
    })
}

/// Turns CRLF and lone CR line endings into LF; text without CR is borrowed unchanged.
pub fn normalize_line_endings(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether decoded text is really binary data: it has a NUL, or more than one control
/// character (other than tab, line feed, carriage return, form feed and escape) in 100.
fn looks_binary(text: &str) -> bool {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{000C}' | '\u{001B}') {
            controls += 1;
        }
    }
    controls * 100 > chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_normalizes() {
        let table: [(&[u8], &str); 6] = [
            (b"plain\nutf-8\n", "plain\nutf-8\n"),
            (b"a\r\nb\rc\n", "a\nb\nc\n"),
            (b"\xEF\xBB\xBFbom", "bom"),
            (b"\xFF\xFEh\0i\0", "hi"),
            (b"\xFE\xFF\0h\0i", "hi"),
            (b"caf\xE9 cr\xE8me br\xFBl\xE9e, d\xE9j\xE0 vu", "café crème brûlée, déjà vu"),
        ];
        for (bytes, expected) in table {
            assert_eq!(decode_text(bytes).ok().as_deref(), Some(expected), "{bytes:?}");
        }
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert!(matches!(decode_text(b""), Err(IngestError::Empty)));
        assert!(matches!(decode_text(b"ab\0cd"), Err(IngestError::Binary)));
        assert!(matches!(decode_text(b"\x01\x02\x03\x04 binary"), Err(IngestError::Binary)));
    }
}
