//! Timestamps for `imported_at`, without a date library.

use std::time::{SystemTime, UNIX_EPOCH};

/// `time` as an RFC 3339 UTC timestamp to the second, `2024-12-16T09:30:00Z`. Times
/// before 1970 are written as the epoch.
pub fn rfc3339_utc(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = secs / 86_400;
    let of_day = secs % 86_400;
    let (year, month, day) = crate::model::civil_from_days(i64::try_from(days).unwrap_or(i64::MAX));
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn formats_known_instants() {
        let table = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_734_341_400, "2024-12-16T09:30:00Z"),
            (1_709_251_199, "2024-02-29T23:59:59Z"),
            (4_102_444_800, "2100-01-01T00:00:00Z"),
        ];
        for (secs, expected) in table {
            assert_eq!(rfc3339_utc(UNIX_EPOCH + Duration::from_secs(secs)), expected, "{secs}");
        }
    }
}
