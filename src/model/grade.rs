//! The NATO / Admiralty grading of sources and information.

use serde::{Deserialize, Serialize};

/// How reliable a source has proven to be (Admiralty code, A–F).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    /// No doubt of authenticity, trustworthiness or competency; a history of complete reliability.
    A,
    /// Minor doubt; a history of valid information most of the time.
    B,
    /// Doubt; has provided valid information in the past.
    C,
    /// Significant doubt; has provided valid information in the past.
    D,
    /// Lacking authenticity, trustworthiness and competency; a history of invalid information.
    E,
    /// No basis exists for evaluating the reliability of the source.
    F,
}

impl Reliability {
    /// All grades, best first.
    pub const ALL: [Self; 6] = [Self::A, Self::B, Self::C, Self::D, Self::E, Self::F];

    /// The grade's letter.
    pub fn letter(self) -> char {
        match self {
            Self::A => 'A',
            Self::B => 'B',
            Self::C => 'C',
            Self::D => 'D',
            Self::E => 'E',
            Self::F => 'F',
        }
    }

    /// The standard name of the grade.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::A => "Completely reliable",
            Self::B => "Usually reliable",
            Self::C => "Fairly reliable",
            Self::D => "Not usually reliable",
            Self::E => "Unreliable",
            Self::F => "Reliability cannot be judged",
        }
    }
}

/// How credible a piece of information is (Admiralty code, 1–6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Credibility {
    /// 1: confirmed by other independent sources; logical; consistent with other information.
    Confirmed,
    /// 2: not confirmed; logical; consistent with other information.
    ProbablyTrue,
    /// 3: not confirmed; reasonably logical; agrees with some other information.
    PossiblyTrue,
    /// 4: not confirmed; possible but not logical; no other information on the subject.
    DoubtfullyTrue,
    /// 5: not confirmed; not logical; contradicted by other information.
    Improbable,
    /// 6: no basis exists for evaluating the validity of the information.
    CannotBeJudged,
}

impl Credibility {
    /// All grades, best first.
    pub const ALL: [Self; 6] = [
        Self::Confirmed,
        Self::ProbablyTrue,
        Self::PossiblyTrue,
        Self::DoubtfullyTrue,
        Self::Improbable,
        Self::CannotBeJudged,
    ];

    /// The grade's number, 1 (confirmed) to 6 (cannot be judged).
    pub fn number(self) -> u8 {
        match self {
            Self::Confirmed => 1,
            Self::ProbablyTrue => 2,
            Self::PossiblyTrue => 3,
            Self::DoubtfullyTrue => 4,
            Self::Improbable => 5,
            Self::CannotBeJudged => 6,
        }
    }

    /// The standard name of the grade.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Confirmed => "Confirmed by other sources",
            Self::ProbablyTrue => "Probably true",
            Self::PossiblyTrue => "Possibly true",
            Self::DoubtfullyTrue => "Doubtful",
            Self::Improbable => "Improbable",
            Self::CannotBeJudged => "Truth cannot be judged",
        }
    }
}
