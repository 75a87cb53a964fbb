//! Partial dates as analysts write them: "2024-12-16", "December 2024", "2024".

/// A sortable key for a partial date: (year, month, day), with 0 for what is unknown.
/// Text that holds no recognisable date gives `(0, 0, 0)`, which sorts first.
pub fn date_sort_key(text: &str) -> (i32, u8, u8) {
    let text = text.trim();
    // ISO 8601: 2024, 2024-12, 2024-12-16 (anything after the day, like a time, is ignored).
    let mut parts = text.splitn(3, '-');
    if let Some(year) = parts.next().and_then(|y| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten()) {
        let month = parts.next().and_then(|m| m.parse::<u8>().ok()).filter(|m| (1..=12).contains(m));
        let day = parts
            .next()
            .and_then(|d| d.get(..2).and_then(|d| d.parse::<u8>().ok()))
            .filter(|d| (1..=31).contains(d));
        return (year, month.unwrap_or(0), day.unwrap_or(0));
    }
    // Words: "December 2024", "16 December 2024", "Dec 16, 2024".
    let mut year = 0;
    let mut month = 0;
    let mut day = 0;
    for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == '.') {
        if word.is_empty() {
            continue;
        }
        if let Ok(n) = word.parse::<i32>() {
            if n > 31 {
                year = n;
            } else if n >= 1 {
                day = n as u8;
            }
        } else if let Some(m) = month_number(word) {
            month = m;
        }
    }
    if year == 0 { (0, 0, 0) } else { (year, month, if month == 0 { 0 } else { day }) }
}

fn month_number(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = word.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS.iter().position(|m| *m == prefix).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_sort_as_people_expect() {
        let table = [
            ("2024-12-16", (2024, 12, 16)),
            ("2024-12", (2024, 12, 0)),
            ("2024", (2024, 0, 0)),
            ("2024-12-16T10:00Z", (2024, 12, 16)),
            ("December 2024", (2024, 12, 0)),
            ("16 December 2024", (2024, 12, 16)),
            ("Dec 16, 2024", (2024, 12, 16)),
            ("", (0, 0, 0)),
            ("last week", (0, 0, 0)),
        ];
        for (text, key) in table {
            assert_eq!(date_sort_key(text), key, "{text}");
        }
        assert!(date_sort_key("December 2024") < date_sort_key("2024-12-16"));
    }
}
