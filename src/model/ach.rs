//! Analysis of competing hypotheses (Heuer's ACH): a matrix of hypotheses (columns)
//! against claims (rows), each cell saying how consistent the claim, if true, is with the
//! hypothesis.
//!
//! A matrix is one item (`ach.ron`), like a map: its hypotheses and rows are keyed by id
//! inside it, so two analysts who rate different rows merge cleanly. The scores live in
//! [`crate::analysis::ach`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AchId, ClaimId, HypothesisId, ValidationError, is_valid_id};

/// How consistent one claim is with one hypothesis (Heuer's five ratings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    /// CC: the claim strongly points to the hypothesis.
    VeryConsistent,
    /// C: the claim fits the hypothesis.
    Consistent,
    /// N: neutral, or the claim does not apply to the hypothesis.
    #[default]
    Neutral,
    /// I: the claim does not fit the hypothesis.
    Inconsistent,
    /// II: the claim strongly argues against the hypothesis.
    VeryInconsistent,
}

impl Rating {
    /// Every rating, from very consistent to very inconsistent (the order of menus and of
    /// the cycle a click steps through).
    pub const ALL: [Self; 5] =
        [Self::VeryConsistent, Self::Consistent, Self::Neutral, Self::Inconsistent, Self::VeryInconsistent];

    /// The short code analysts write in the cells ("CC", "C", "N", "I", "II").
    pub fn code(self) -> &'static str {
        match self {
            Self::VeryConsistent => "CC",
            Self::Consistent => "C",
            Self::Neutral => "N",
            Self::Inconsistent => "I",
            Self::VeryInconsistent => "II",
        }
    }

    /// The rating in words ("very inconsistent").
    pub fn name(self) -> &'static str {
        match self {
            Self::VeryConsistent => "very consistent",
            Self::Consistent => "consistent",
            Self::Neutral => "neutral or not applicable",
            Self::Inconsistent => "inconsistent",
            Self::VeryInconsistent => "very inconsistent",
        }
    }

    /// The rating a code stands for, in any case ("ii", "CC"); `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The next rating in the cycle a click steps through: CC, C, N, I, II, then CC again.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::VeryConsistent => Self::Consistent,
            Self::Consistent => Self::Neutral,
            Self::Neutral => Self::Inconsistent,
            Self::Inconsistent => Self::VeryInconsistent,
            Self::VeryInconsistent => Self::VeryConsistent,
        }
    }

    /// The rating of the claim's opposite: what a source that contradicts the claim says
    /// about the hypothesis (CC and II swap, C and I swap, N stays).
    #[must_use]
    pub fn opposite(self) -> Self {
        match self {
            Self::VeryConsistent => Self::VeryInconsistent,
            Self::Consistent => Self::Inconsistent,
            Self::Neutral => Self::Neutral,
            Self::Inconsistent => Self::Consistent,
            Self::VeryInconsistent => Self::VeryConsistent,
        }
    }

    /// What the rating adds to a hypothesis's inconsistency, per unit of row weight
    /// (Heuer: only I and II count, 1 and 2).
    pub fn inconsistency(self) -> u32 {
        match self {
            Self::Inconsistent => 1,
            Self::VeryInconsistent => 2,
            Self::VeryConsistent | Self::Consistent | Self::Neutral => 0,
        }
    }

    /// What the rating adds to a hypothesis's consistency, per unit of row weight (C 1,
    /// CC 2); shown for information, never used to rank.
    pub fn consistency(self) -> u32 {
        match self {
            Self::Consistent => 1,
            Self::VeryConsistent => 2,
            Self::Neutral | Self::Inconsistent | Self::VeryInconsistent => 0,
        }
    }
}

/// One hypothesis: a column of the matrix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hypothesis {
    /// What it says happened ("Russia evacuated him unplanned").
    pub title: String,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// One row of the matrix: a claim, rated against the hypotheses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AchRow {
    /// The rating for each hypothesis; a hypothesis left out is rated neutral, and a
    /// neutral rating is never stored, so each matrix has one way to be written.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ratings: BTreeMap<HypothesisId, Rating>,
}

impl AchRow {
    /// The row's rating for `hypothesis` (neutral when none was given).
    pub fn rating(&self, hypothesis: &HypothesisId) -> Rating {
        self.ratings.get(hypothesis).copied().unwrap_or_default()
    }

    /// Sets the rating for `hypothesis`; neutral removes the entry.
    pub fn set_rating(&mut self, hypothesis: HypothesisId, rating: Rating) {
        if rating == Rating::Neutral {
            self.ratings.remove(&hypothesis);
        } else {
            self.ratings.insert(hypothesis, rating);
        }
    }
}

/// A matrix of competing hypotheses about one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AchMatrix {
    /// Stable id.
    pub id: AchId,
    /// The question the hypotheses answer ("How did Assad leave Syria?").
    pub question: String,
    /// The hypotheses, by id: the columns, in id order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hypotheses: BTreeMap<HypothesisId, Hypothesis>,
    /// The rows, by the claim each one rates, in claim id order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rows: BTreeMap<ClaimId, AchRow>,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl AchMatrix {
    /// A matrix with no hypotheses and no rows.
    pub fn new(id: AchId, question: impl Into<String>) -> Self {
        Self {
            id,
            question: question.into(),
            hypotheses: BTreeMap::new(),
            rows: BTreeMap::new(),
            notes: String::new(),
        }
    }

    /// The rating of `claim` for `hypothesis` (neutral when the claim is not a row).
    pub fn rating(&self, claim: &ClaimId, hypothesis: &HypothesisId) -> Rating {
        self.rows.get(claim).map_or(Rating::Neutral, |row| row.rating(hypothesis))
    }

    /// The matrix with one cell set; a claim that is not yet a row becomes one.
    #[must_use]
    pub fn with_rating(&self, claim: &ClaimId, hypothesis: &HypothesisId, rating: Rating) -> Self {
        let mut matrix = self.clone();
        matrix.rows.entry(claim.clone()).or_default().set_rating(hypothesis.clone(), rating);
        matrix
    }

    /// The matrix with a hypothesis added, or renamed when it is there already.
    #[must_use]
    pub fn with_hypothesis(&self, id: &HypothesisId, title: &str) -> Self {
        let mut matrix = self.clone();
        let hypothesis = matrix
            .hypotheses
            .entry(id.clone())
            .or_insert_with(|| Hypothesis { title: String::new(), notes: String::new() });
        title.trim().clone_into(&mut hypothesis.title);
        matrix
    }

    /// The matrix with a row for `claim` (unchanged when it has one).
    #[must_use]
    pub fn with_row(&self, claim: &ClaimId) -> Self {
        let mut matrix = self.clone();
        matrix.rows.entry(claim.clone()).or_default();
        matrix
    }

    /// The matrix without the row for `claim`.
    #[must_use]
    pub fn without_row(&self, claim: &ClaimId) -> Self {
        let mut matrix = self.clone();
        matrix.rows.remove(claim);
        matrix
    }

    /// The hypothesis that `text` names: its id, or its title compared without regard to
    /// case and surrounding spaces.
    pub fn find_hypothesis(&self, text: &str) -> Option<&HypothesisId> {
        let text = text.trim();
        self.hypotheses.get_key_value(&HypothesisId::from(text)).map(|(id, _)| id).or_else(|| {
            self.hypotheses.iter().find(|(_, h)| h.title.trim().eq_ignore_ascii_case(text)).map(|(id, _)| id)
        })
    }

    /// The matrix without a hypothesis and its cells.
    #[must_use]
    pub fn without_hypothesis(&self, hypothesis: &HypothesisId) -> Self {
        let mut matrix = self.clone();
        matrix.hypotheses.remove(hypothesis);
        for row in matrix.rows.values_mut() {
            row.ratings.remove(hypothesis);
        }
        matrix
    }

    /// Its broken references: hypothesis ids that are not valid, rows whose claim is not
    /// in the project (`claim_exists` says), ratings for hypotheses the matrix lacks.
    pub fn errors(&self, claim_exists: impl Fn(&ClaimId) -> bool) -> Vec<ValidationError> {
        let id = self.id.as_str();
        let mut errors: Vec<ValidationError> = self
            .hypotheses
            .keys()
            .filter(|h| !is_valid_id(h.as_str()))
            .map(|h| ValidationError::BadId { kind: "hypothesis", id: h.to_string() })
            .collect();
        let dangling = |target_kind, target: &str| ValidationError::Dangling {
            kind: "matrix",
            id: id.to_owned(),
            target_kind,
            target: target.to_owned(),
        };
        for (claim, row) in &self.rows {
            if !claim_exists(claim) {
                errors.push(dangling("claim", claim.as_str()));
            }
            for hypothesis in row.ratings.keys() {
                if !self.hypotheses.contains_key(hypothesis) {
                    errors.push(dangling("hypothesis", hypothesis.as_str()));
                }
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_the_cycle_visits_every_rating() {
        let mut rating = Rating::VeryConsistent;
        for expected in Rating::ALL {
            assert_eq!(rating, expected);
            assert_eq!(Rating::from_code(&rating.code().to_lowercase()), Some(rating));
            rating = rating.next();
        }
        assert_eq!(rating, Rating::VeryConsistent);
        assert_eq!(Rating::from_code("III"), None);
    }

    #[test]
    fn neutral_is_never_stored() {
        let (claim, h) = (ClaimId::from("c"), HypothesisId::from("h"));
        let mut matrix = AchMatrix::new(AchId::from("m"), "Why?");
        matrix.hypotheses.insert(h.clone(), Hypothesis { title: "H".to_owned(), notes: String::new() });
        let rated = matrix.with_rating(&claim, &h, Rating::Inconsistent);
        assert_eq!(rated.rating(&claim, &h), Rating::Inconsistent);
        let back = rated.with_rating(&claim, &h, Rating::Neutral);
        assert!(back.rows[&claim].ratings.is_empty());
        assert!(back.without_hypothesis(&h).hypotheses.is_empty());
    }

    #[test]
    fn errors_name_missing_claims_and_hypotheses() {
        let mut matrix = AchMatrix::new(AchId::from("m"), "Why?");
        matrix.rows.entry(ClaimId::from("gone")).or_default().set_rating("ghost".into(), Rating::Consistent);
        let errors: Vec<String> = matrix.errors(|_| false).iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "matrix `m` refers to claim `gone`, which does not exist",
                "matrix `m` refers to hypothesis `ghost`, which does not exist"
            ]
        );
    }
}
