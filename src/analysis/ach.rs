//! Scores of a matrix of competing hypotheses, as Heuer ranks them.
//!
//! A row rates a claim as if it were true. Its evidence is the quotes for and against it,
//! weighed as the Claims panel weighs them ([`crate::model::Claim::weights`]): the quotes
//! that support the claim count with the row's ratings, and the quotes that contradict it
//! count as evidence for its opposite, with the opposite ratings (CC and II swap, C and I
//! swap). So a claim most sources deny counts against the hypotheses it would support,
//! instead of for them. A hypothesis's *inconsistency* is the sum, over rows and both
//! sides, of the side's weight times 1 for I and 2 for II; the hypothesis with the least
//! is the most likely, since evidence can refute a hypothesis but never prove it. The
//! *consistency* (C 1, CC 2, the same way) is shown for information only.

use crate::model::{AchMatrix, AchRow, ClaimId, HypothesisId, Project, Rating};

/// How one hypothesis scores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HypothesisScore {
    /// The hypothesis.
    pub id: HypothesisId,
    /// Weighted inconsistency: the lower, the more likely.
    pub inconsistency: u32,
    /// Weighted consistency, for information.
    pub consistency: u32,
    /// 1 for the least inconsistent; equal scores share a rank (1, 1, 3).
    pub rank: usize,
}

/// How one row counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowScore {
    /// The claim the row rates.
    pub claim: ClaimId,
    /// The claim's supporting weight (0 when the project lacks the claim).
    pub weight: u32,
    /// The claim's contradicting weight, which counts with the opposite ratings.
    pub against: u32,
    /// Whether its ratings differ between hypotheses, so that it helps tell them apart.
    pub diagnostic: bool,
}

/// The scores of a whole matrix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AchScores {
    /// Each hypothesis, in column order.
    pub hypotheses: Vec<HypothesisScore>,
    /// Each row, in row order.
    pub rows: Vec<RowScore>,
}

impl AchScores {
    /// The hypotheses from the most likely (rank 1) down; equal ranks in column order.
    pub fn ranked(&self) -> Vec<&HypothesisScore> {
        let mut ranked: Vec<&HypothesisScore> = self.hypotheses.iter().collect();
        ranked.sort_by_key(|h| h.rank);
        ranked
    }

    /// The score of one hypothesis.
    pub fn hypothesis(&self, id: &HypothesisId) -> Option<&HypothesisScore> {
        self.hypotheses.iter().find(|h| &h.id == id)
    }

    /// The score of one row.
    pub fn row(&self, claim: &ClaimId) -> Option<&RowScore> {
        self.rows.iter().find(|r| &r.claim == claim)
    }
}

/// The weights of the row for `claim` in `project`: supporting and contradicting.
pub fn row_weights(project: &Project, claim: &ClaimId) -> (u32, u32) {
    project.claims.get(claim).map_or((0, 0), |c| {
        let weights = c.weights(project);
        (weights.support.total(), weights.contradiction.total())
    })
}

/// Whether a row tells the hypotheses of `matrix` apart: not every hypothesis has the
/// same rating (unrated counts as neutral). With fewer than two hypotheses no row does.
pub fn is_diagnostic(matrix: &AchMatrix, row: &AchRow) -> bool {
    let mut ratings = matrix.hypotheses.keys().map(|h| row.rating(h));
    let Some(first) = ratings.next() else {
        return false;
    };
    ratings.any(|r| r != first)
}

/// Scores every hypothesis and row of `matrix` against the claims of `project`.
pub fn score(project: &Project, matrix: &AchMatrix) -> AchScores {
    let rows: Vec<RowScore> = matrix
        .rows
        .iter()
        .map(|(claim, row)| {
            let (weight, against) = row_weights(project, claim);
            RowScore { claim: claim.clone(), weight, against, diagnostic: is_diagnostic(matrix, row) }
        })
        .collect();
    let weighted = |hypothesis: &HypothesisId, per: fn(Rating) -> u32| -> u32 {
        matrix
            .rows
            .values()
            .zip(&rows)
            .map(|(row, score)| {
                let rating = row.rating(hypothesis);
                per(rating) * score.weight + per(rating.opposite()) * score.against
            })
            .sum()
    };
    let mut hypotheses: Vec<HypothesisScore> = matrix
        .hypotheses
        .keys()
        .map(|id| HypothesisScore {
            id: id.clone(),
            inconsistency: weighted(id, Rating::inconsistency),
            consistency: weighted(id, Rating::consistency),
            rank: 0,
        })
        .collect();
    let scores: Vec<u32> = hypotheses.iter().map(|h| h.inconsistency).collect();
    for hypothesis in &mut hypotheses {
        hypothesis.rank = 1 + scores.iter().filter(|&&s| s < hypothesis.inconsistency).count();
    }
    AchScores { hypotheses, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AchId, Anchor, Claim, ClaimEvidence, Evidence, Hypothesis, Reliability, Source, Stance,
    };

    /// A project with claim `a` (one A-graded source, ungraded quote: weight 50) and
    /// claim `b` (no source: weight 0), and a matrix with hypotheses h1, h2 and h3.
    fn setup() -> (Project, AchMatrix) {
        let mut project = Project::new("ACH");
        let mut source = Source::new("s".into(), "S", "It happened.");
        source.reliability = Some(Reliability::A);
        project.sources.insert(source.id.clone(), source);
        let mut a = Claim::new("a".into(), "It happened");
        let anchor = Anchor::from_span("It happened.", 0, 11).expect("fits");
        a.evidence.push(ClaimEvidence {
            stance: Stance::Supports,
            quote: Evidence { source: "s".into(), anchor, credibility: None },
        });
        project.claims.insert(a.id.clone(), a);
        project.claims.insert("b".into(), Claim::new("b".into(), "Nobody says so"));
        let mut matrix = AchMatrix::new(AchId::from("m"), "What happened?");
        for h in ["h1", "h2", "h3"] {
            matrix.hypotheses.insert(h.into(), Hypothesis { title: h.to_uppercase(), notes: String::new() });
        }
        (project, matrix)
    }

    #[test]
    fn inconsistency_counts_i_once_and_ii_twice_times_the_weight() {
        let (project, matrix) = setup();
        let (a, b) = (ClaimId::from("a"), ClaimId::from("b"));
        let matrix = matrix
            .with_rating(&a, &"h1".into(), Rating::Inconsistent)
            .with_rating(&a, &"h2".into(), Rating::VeryInconsistent)
            .with_rating(&a, &"h3".into(), Rating::VeryConsistent)
            .with_rating(&b, &"h3".into(), Rating::VeryInconsistent);
        let scores = score(&project, &matrix);
        let table: Vec<(&str, u32, u32, usize)> = scores
            .hypotheses
            .iter()
            .map(|h| (h.id.as_str(), h.inconsistency, h.consistency, h.rank))
            .collect();
        // b weighs nothing: no source asserts it, so its II costs h3 nothing.
        assert_eq!(table, [("h1", 50, 0, 2), ("h2", 100, 0, 3), ("h3", 0, 100, 1)]);
        let ranked: Vec<&str> = scores.ranked().iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ranked, ["h3", "h1", "h2"]);
        assert_eq!(scores.row(&a).map(|r| r.weight), Some(50));
        assert_eq!(scores.row(&b).map(|r| r.weight), Some(0));
    }

    #[test]
    fn sources_against_a_claim_count_with_the_opposite_ratings() {
        let (mut project, matrix) = setup();
        // A second source, graded E (20 %), denies a: ungraded quote, so 20 × 50 % = 10.
        let mut denier = Source::new("t".into(), "T", "It never happened.");
        denier.reliability = Some(Reliability::E);
        project.sources.insert(denier.id.clone(), denier);
        let anchor = Anchor::from_span("It never happened.", 0, 17).expect("fits");
        let claim = project.claims.get_mut(&ClaimId::from("a")).expect("a");
        claim.evidence.push(ClaimEvidence {
            stance: Stance::Contradicts,
            quote: Evidence { source: "t".into(), anchor, credibility: None },
        });
        let a = ClaimId::from("a");
        let matrix = matrix.with_rating(&a, &"h1".into(), Rating::VeryConsistent).with_rating(
            &a,
            &"h2".into(),
            Rating::Inconsistent,
        );
        let scores = score(&project, &matrix);
        let table: Vec<(&str, u32, u32)> =
            scores.hypotheses.iter().map(|h| (h.id.as_str(), h.inconsistency, h.consistency)).collect();
        // h1: CC for the 50 that support a (consistency 100), II for the 10 that deny it
        // (inconsistency 20). h2: I for 50, C for 10. h3: neutral both ways.
        assert_eq!(table, [("h1", 20, 100), ("h2", 50, 10), ("h3", 0, 0)]);
        assert_eq!(scores.row(&a).map(|r| (r.weight, r.against)), Some((50, 10)));
    }

    #[test]
    fn equal_scores_share_a_rank() {
        let (project, matrix) = setup();
        let matrix = matrix.with_rating(&"a".into(), &"h2".into(), Rating::Inconsistent);
        let ranks: Vec<usize> = score(&project, &matrix).hypotheses.iter().map(|h| h.rank).collect();
        assert_eq!(ranks, [1, 3, 1]);
    }

    #[test]
    fn a_row_rated_alike_everywhere_is_not_diagnostic() {
        let (_, matrix) = setup();
        let a = ClaimId::from("a");
        let table = [
            (vec![], false),
            (vec![("h1", Rating::Consistent), ("h2", Rating::Consistent), ("h3", Rating::Consistent)], false),
            (vec![("h1", Rating::Consistent), ("h2", Rating::Consistent)], true),
            (vec![("h2", Rating::Neutral)], false),
            (vec![("h3", Rating::Inconsistent)], true),
        ];
        for (cells, expected) in table {
            let mut rated = matrix.clone();
            rated.rows.insert(a.clone(), AchRow::default());
            for (h, rating) in &cells {
                rated = rated.with_rating(&a, &(*h).into(), *rating);
            }
            assert_eq!(is_diagnostic(&rated, &rated.rows[&a]), expected, "{cells:?}");
        }
        let mut single = AchMatrix::new(AchId::from("one"), "?");
        single.hypotheses.insert("h".into(), Hypothesis { title: "H".to_owned(), notes: String::new() });
        let single = single.with_rating(&a, &"h".into(), Rating::VeryInconsistent);
        assert!(!is_diagnostic(&single, &single.rows[&a]));
    }
}
