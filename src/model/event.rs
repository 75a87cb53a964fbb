//! Events on the timeline: something that happened, with one or more times, each backed
//! by its own quotes, so that sources that disagree about *when* stay visible.

use serde::{Deserialize, Serialize};

use super::edtf::{DAY_MINUTES, Edtf, EdtfError, Interval, days_from_civil};
use super::{EntityId, EventId, Evidence, SourceId};

/// A part of a day, as reports say "in the evening" without a clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PartOfDay {
    /// 06:00–12:00.
    Morning,
    /// 12:00–18:00.
    Afternoon,
    /// 18:00–22:00.
    Evening,
    /// 22:00–06:00 of the next day.
    Night,
}

impl PartOfDay {
    /// Every part, in the order of the day.
    pub const ALL: [Self; 4] = [Self::Morning, Self::Afternoon, Self::Evening, Self::Night];

    /// The part in words ("evening").
    pub fn name(self) -> &'static str {
        match self {
            Self::Morning => "morning",
            Self::Afternoon => "afternoon",
            Self::Evening => "evening",
            Self::Night => "night",
        }
    }

    /// The hours it covers, from the start of its day: (first, one past the last).
    pub fn hours(self) -> (i64, i64) {
        match self {
            Self::Morning => (6, 12),
            Self::Afternoon => (12, 18),
            Self::Evening => (18, 22),
            Self::Night => (22, 30),
        }
    }
}

/// One time an event is said to have happened, with the quotes that say so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventTime {
    /// The time in EDTF ("2024-12-08", "2024-12-08?", "2024-12-07/2024-12-09").
    pub when: String,
    /// A part of that day, when the sources give one ("evening"); needs a single day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<PartOfDay>,
    /// Quotes that give this time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// Why an event time cannot be placed on the time axis.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventTimeError {
    /// The EDTF text does not parse.
    #[error(transparent)]
    Edtf(#[from] EdtfError),
    /// A part of day with something other than a single day.
    #[error("{0:?}: a part of the day needs a single day such as 2024-12-08")]
    PartWithoutDay(String),
}

impl EventTime {
    /// A time with no part of day and no evidence yet.
    pub fn new(when: impl Into<String>) -> Self {
        Self { when: when.into(), part: None, evidence: Vec::new() }
    }

    /// The parsed time, checked against its part of day.
    pub fn parse(&self) -> Result<Edtf, EventTimeError> {
        let edtf = Edtf::parse(&self.when)?;
        if self.part.is_some() && edtf.as_day().is_none() {
            return Err(EventTimeError::PartWithoutDay(self.when.clone()));
        }
        Ok(edtf)
    }

    /// The span it covers: the EDTF interval, narrowed to the part of day if there is one.
    pub fn interval(&self) -> Result<Interval, EventTimeError> {
        let edtf = self.parse()?;
        Ok(match (self.part, edtf.as_day()) {
            (Some(part), Some((y, m, d))) => {
                let day = days_from_civil(y, m, d) * DAY_MINUTES;
                let (from, to) = part.hours();
                Interval { earliest: day + from * 60, latest: day + to * 60 }
            }
            _ => edtf.interval(),
        })
    }

    /// The time as shown: "2024-12-08 evening".
    pub fn label(&self) -> String {
        match self.part {
            Some(part) => format!("{} {}", self.when, part.name()),
            None => self.when.clone(),
        }
    }

    /// The distinct sources its evidence quotes, in order of first quote.
    pub fn sources(&self) -> Vec<&SourceId> {
        let mut sources: Vec<&SourceId> = Vec::new();
        for evidence in &self.evidence {
            if !sources.contains(&&evidence.source) {
                sources.push(&evidence.source);
            }
        }
        sources
    }
}

/// Something that happened ("Assad evacuated from Hmeimim"), with the entities involved
/// and every time the sources give for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Stable id.
    pub id: EventId,
    /// What happened.
    pub title: String,
    /// The entities involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntityId>,
    /// When it happened, by source; several when the sources disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub times: Vec<EventTime>,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Event {
    /// A new event with no entities, times or notes.
    pub fn new(id: EventId, title: impl Into<String>) -> Self {
        Self { id, title: title.into(), entities: Vec::new(), times: Vec::new(), notes: String::new() }
    }

    /// The span covering all its readable times, if it has any.
    pub fn interval(&self) -> Option<Interval> {
        self.times.iter().filter_map(|t| t.interval().ok()).reduce(Interval::union)
    }

    /// Whether its times disagree: more than one time, not all the same.
    pub fn is_conflicting(&self) -> bool {
        self.times.iter().any(|t| t.when != self.times[0].when || t.part != self.times[0].part)
    }

    /// Every source quoted for any of its times, in order of first quote.
    pub fn sources(&self) -> Vec<&SourceId> {
        let mut sources: Vec<&SourceId> = Vec::new();
        for source in self.times.iter().flat_map(EventTime::sources) {
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        sources
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_day_narrow_the_day() {
        let mut time = EventTime::new("2024-12-08");
        let day = time.interval().expect("a day");
        assert_eq!(day.latest - day.earliest, DAY_MINUTES);
        time.part = Some(PartOfDay::Night);
        let night = time.interval().expect("a night");
        assert_eq!((night.earliest - day.earliest, night.latest - day.earliest), (22 * 60, 30 * 60));
        assert_eq!(time.label(), "2024-12-08 night");
        time.when = "2024-12".to_owned();
        assert_eq!(
            time.interval().map_err(|e| e.to_string()),
            Err("\"2024-12\": a part of the day needs a single day such as 2024-12-08".to_owned())
        );
    }

    #[test]
    fn one_event_can_hold_conflicting_times() {
        let mut event = Event::new(EventId("evacuation-abcd".to_owned()), "Evacuation from Hmeimim");
        assert!(!event.is_conflicting());
        assert_eq!(event.interval(), None);
        for part in [PartOfDay::Afternoon, PartOfDay::Evening, PartOfDay::Night] {
            event.times.push(EventTime { part: Some(part), ..EventTime::new("2024-12-08") });
        }
        assert!(event.is_conflicting());
        let span = event.interval().expect("times");
        assert_eq!(span.latest - span.earliest, 18 * 60);
    }
}
