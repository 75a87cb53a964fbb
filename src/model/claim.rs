//! Claims: statements about the world, and where each source stands on them.
//!
//! A claim ("The statement was published on Telegram") gathers quotes from the sources,
//! each marked as supporting, contradicting or merely mentioning it. The quotes are the
//! same [`Evidence`] as a relation's (an anchor and an Admiralty credibility), and each
//! weighs what its source's reliability and its own credibility say it is worth
//! ([`evidence_weight`]). A claim that some sources support and others contradict is
//! *contested*, and so is the relation it is tied to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ClaimId, Credibility, EntityId, Evidence, Project, Relation, RelationId, Reliability, SourceId};

/// Where a source stands on a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stance {
    /// The quote says the claim is true.
    Supports,
    /// The quote says the claim is false.
    Contradicts,
    /// The quote speaks of it without taking a side.
    Mentions,
}

impl Stance {
    /// All stances, in the order forms list them.
    pub const ALL: [Self; 3] = [Self::Supports, Self::Contradicts, Self::Mentions];

    /// The stance as a verb, for labels ("supports").
    pub fn verb(self) -> &'static str {
        match self {
            Self::Supports => "supports",
            Self::Contradicts => "contradicts",
            Self::Mentions => "mentions",
        }
    }
}

/// One quote on a claim: the evidence and the side it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimEvidence {
    /// Whether the quote supports, contradicts or mentions the claim.
    pub stance: Stance,
    /// The quote, as relations keep theirs.
    pub quote: Evidence,
}

/// A statement about the world that the sources support, contradict or mention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// Stable id.
    pub id: ClaimId,
    /// What is claimed ("The statement was published on Telegram").
    pub statement: String,
    /// The entities it is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntityId>,
    /// The relation it bears on: contested claims make it disputed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<RelationId>,
    /// The quotes, each with its stance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<ClaimEvidence>,
    /// The analyst's notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Weight of a source by its reliability, in percent (the table in docs/FORMAT.md). A
/// source that was never graded counts as F: its reliability cannot be judged.
pub fn reliability_factor(reliability: Option<Reliability>) -> u32 {
    match reliability {
        Some(Reliability::A) => 100,
        Some(Reliability::B) => 80,
        Some(Reliability::C) => 60,
        Some(Reliability::D) => 40,
        Some(Reliability::E) => 20,
        Some(Reliability::F) | None => 50,
    }
}

/// Weight of a quote by its credibility, in percent (the table in docs/FORMAT.md). An
/// ungraded quote counts as 6: its truth cannot be judged.
pub fn credibility_factor(credibility: Option<Credibility>) -> u32 {
    match credibility {
        Some(Credibility::Confirmed) => 100,
        Some(Credibility::ProbablyTrue) => 80,
        Some(Credibility::PossiblyTrue) => 60,
        Some(Credibility::DoubtfullyTrue) => 40,
        Some(Credibility::Improbable) => 20,
        Some(Credibility::CannotBeJudged) | None => 50,
    }
}

/// What one quote is worth, from 4 (E5) to 100 (A1): the product of the two factors, in
/// percent. The quote's own credibility counts; without one, its source's.
pub fn evidence_weight(reliability: Option<Reliability>, credibility: Option<Credibility>) -> u32 {
    reliability_factor(reliability) * credibility_factor(credibility) / 100
}

/// The weight of each source on one side of a claim: its best quote on that side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SideWeight {
    /// Each source on this side with the weight of its best quote, by id.
    pub sources: BTreeMap<SourceId, u32>,
}

impl SideWeight {
    /// The side's weight: each source counted once.
    pub fn total(&self) -> u32 {
        self.sources.values().sum()
    }
}

/// How a claim stands: the weight of its supporting and contradicting sources.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClaimWeights {
    /// The sources that support it.
    pub support: SideWeight,
    /// The sources that contradict it.
    pub contradiction: SideWeight,
}

impl ClaimWeights {
    /// Whether some sources support the claim and others contradict it.
    pub fn contested(&self) -> bool {
        !self.support.sources.is_empty() && !self.contradiction.sources.is_empty()
    }
}

impl Claim {
    /// A new claim with no evidence.
    pub fn new(id: ClaimId, statement: impl Into<String>) -> Self {
        Self {
            id,
            statement: statement.into(),
            entities: Vec::new(),
            relation: None,
            evidence: Vec::new(),
            notes: String::new(),
        }
    }

    /// The ids of the sources that take `stance`, once each, in id order.
    pub fn sources_with(&self, stance: Stance) -> Vec<&SourceId> {
        let mut sources: Vec<&SourceId> =
            self.evidence.iter().filter(|e| e.stance == stance).map(|e| &e.quote.source).collect();
        sources.sort_unstable();
        sources.dedup();
        sources
    }

    /// Whether some sources support it and others contradict it (grades play no part).
    pub fn is_contested(&self) -> bool {
        let has = |stance| self.evidence.iter().any(|e| e.stance == stance);
        has(Stance::Supports) && has(Stance::Contradicts)
    }

    /// Its supporting and contradicting weights in `project`: each source counts once, by
    /// its best-weighted quote on that side ([`evidence_weight`]). A quote from a source
    /// the project lacks counts as ungraded.
    pub fn weights(&self, project: &Project) -> ClaimWeights {
        let mut weights = ClaimWeights::default();
        for evidence in &self.evidence {
            let side = match evidence.stance {
                Stance::Supports => &mut weights.support,
                Stance::Contradicts => &mut weights.contradiction,
                Stance::Mentions => continue,
            };
            let source = project.sources.get(&evidence.quote.source);
            let weight = evidence_weight(
                source.and_then(|s| s.reliability),
                evidence.quote.credibility.or_else(|| source.and_then(|s| s.credibility)),
            );
            let best = side.sources.entry(evidence.quote.source.clone()).or_default();
            *best = (*best).max(weight);
        }
        weights
    }
}

impl Project {
    /// Whether a relation is shown as disputed: flagged by hand, or tied to a contested
    /// claim. The map and every export ask this, never the flag alone.
    pub fn relation_is_disputed(&self, relation: &Relation) -> bool {
        relation.disputed
            || self.claims.values().any(|c| c.relation.as_ref() == Some(&relation.id) && c.is_contested())
    }

    /// The claims tied to a relation, in id order.
    pub fn claims_of_relation<'a>(
        &'a self,
        relation: &'a RelationId,
    ) -> impl Iterator<Item = &'a Claim> + 'a {
        self.claims.values().filter(move |c| c.relation.as_ref() == Some(relation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Anchor, Source};

    #[test]
    fn weights_follow_the_table() {
        use Credibility::{CannotBeJudged, Confirmed, Improbable, PossiblyTrue, ProbablyTrue};
        use Reliability::{A, B, C, E, F};
        let table = [
            (Some(A), Some(Confirmed), 100),
            (Some(B), Some(ProbablyTrue), 64),
            (Some(C), Some(PossiblyTrue), 36),
            (Some(E), Some(Improbable), 4),
            (Some(F), Some(CannotBeJudged), 25),
            (None, None, 25),
            (Some(A), None, 50),
            (None, Some(ProbablyTrue), 40),
        ];
        for (reliability, credibility, expected) in table {
            assert_eq!(
                evidence_weight(reliability, credibility),
                expected,
                "{reliability:?} {credibility:?}"
            );
        }
    }

    fn project() -> Project {
        let mut project = Project::new("Claims");
        for (id, reliability) in [("tass", Some(Reliability::B)), ("blog", Some(Reliability::E)), ("x", None)]
        {
            let mut source = Source::new(SourceId::from(id), id, "Assad resigned. He never resigned.");
            source.reliability = reliability;
            project.sources.insert(source.id.clone(), source);
        }
        project
    }

    fn quote(source: &str, stance: Stance, credibility: Option<Credibility>) -> ClaimEvidence {
        let text = "Assad resigned. He never resigned.";
        let (start, end) = if stance == Stance::Supports { (0, 14) } else { (16, 33) };
        let anchor = Anchor::from_span(text, start, end).expect("fits");
        ClaimEvidence { stance, quote: Evidence { source: SourceId::from(source), anchor, credibility } }
    }

    #[test]
    fn each_source_counts_once_by_its_best_quote() {
        let project = project();
        let mut claim = Claim::new(ClaimId::from("resigned"), "Assad resigned");
        claim.evidence = vec![
            quote("tass", Stance::Supports, Some(Credibility::PossiblyTrue)),
            quote("tass", Stance::Supports, Some(Credibility::ProbablyTrue)),
            quote("x", Stance::Mentions, None),
        ];
        let weights = claim.weights(&project);
        assert_eq!(weights.support.total(), 64);
        assert_eq!(weights.contradiction.total(), 0);
        assert!(!weights.contested() && !claim.is_contested());
        assert_eq!(claim.sources_with(Stance::Supports), [&SourceId::from("tass")]);

        claim.evidence.push(quote("blog", Stance::Contradicts, None));
        claim.evidence.push(quote("x", Stance::Contradicts, Some(Credibility::Confirmed)));
        let weights = claim.weights(&project);
        assert_eq!(weights.contradiction.total(), 10 + 50);
        assert!(weights.contested() && claim.is_contested());
    }

    #[test]
    fn a_contested_claim_disputes_its_relation() {
        let mut project = project();
        for id in ["russia", "assad"] {
            let entity = crate::model::Entity::new(EntityId::from(id), id, crate::model::EntityKind::Other);
            project.entities.insert(entity.id.clone(), entity);
        }
        let relation = Relation::new(
            RelationId::from("asylum"),
            EntityId::from("russia"),
            EntityId::from("assad"),
            "granted",
        );
        project.relations.insert(relation.id.clone(), relation.clone());
        let mut claim = Claim::new(ClaimId::from("resigned"), "Assad resigned");
        claim.relation = Some(relation.id.clone());
        claim.evidence = vec![quote("tass", Stance::Supports, None)];
        project.claims.insert(claim.id.clone(), claim.clone());
        assert!(!project.relation_is_disputed(&relation));
        claim.evidence.push(quote("blog", Stance::Contradicts, None));
        project.claims.insert(claim.id.clone(), claim);
        assert!(project.relation_is_disputed(&relation));
        assert_eq!(project.claims_of_relation(&relation.id).count(), 1);
    }
}
