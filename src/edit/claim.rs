//! Making claims: from a quote in the Reader ("Record as claim…"), by adding another
//! source's quote to a claim, and from a relation's evidence.

use std::ops::Range;

use super::Edit;
use crate::model::{
    Anchor, AnchorError, Claim, ClaimEvidence, ClaimId, Credibility, Evidence, IdGenerator, Project,
    RelationId, SourceId, Stance, slug,
};

/// Why a claim cannot be made or extended.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClaimError {
    /// The statement is empty.
    #[error("Say what is claimed: the statement is empty")]
    EmptyStatement,
    /// The source, claim or relation is not in the project.
    #[error("There is no {0} `{1}`")]
    Missing(&'static str, String),
    /// The claim already has this very quote.
    #[error("That quote is already evidence for this claim")]
    AlreadyQuoted,
    /// The range does not fit the source's text.
    #[error(transparent)]
    Anchor(#[from] AnchorError),
}

/// A quote of `range` of `source` in `project`, with a stance and a credibility.
fn quote(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    stance: Stance,
    credibility: Option<Credibility>,
) -> Result<ClaimEvidence, ClaimError> {
    let Some(found) = project.sources.get(source) else {
        return Err(ClaimError::Missing("source", source.to_string()));
    };
    let anchor = Anchor::from_span(&found.text, range.start, range.end)?;
    Ok(ClaimEvidence { stance, quote: Evidence { source: source.clone(), anchor, credibility } })
}

/// The longest readable part of a claim's id: its first words, none cut off.
const CLAIM_SLUG_CHARS: usize = 30;

/// A new id for a claim stating `statement`, readable from its first words.
pub fn new_claim_id(project: &Project, statement: &str, ids: &mut IdGenerator) -> ClaimId {
    let mut words = String::new();
    for word in statement.split_whitespace() {
        let longer = if words.is_empty() { word.to_owned() } else { format!("{words} {word}") };
        if !words.is_empty() && slug(&longer).len() > CLAIM_SLUG_CHARS {
            break;
        }
        words = longer;
    }
    ClaimId(ids.make(&words, "claim", |id| project.id_taken(id)))
}

/// The edit that records a new claim stating `statement`, with `range` of `source` as
/// its first quote (one undo step), and the new claim's id.
pub fn record_claim(
    project: &Project,
    statement: &str,
    source: &SourceId,
    range: Range<usize>,
    stance: Stance,
    credibility: Option<Credibility>,
    ids: &mut IdGenerator,
) -> Result<(Edit, ClaimId), ClaimError> {
    let statement = statement.trim();
    if statement.is_empty() {
        return Err(ClaimError::EmptyStatement);
    }
    let evidence = quote(project, source, range, stance, credibility)?;
    let mut claim = Claim::new(new_claim_id(project, statement, ids), statement);
    claim.evidence.push(evidence);
    let id = claim.id.clone();
    Ok((Edit::put(claim), id))
}

/// The edit that adds `range` of `source` to `claim`'s evidence with `stance`.
pub fn add_claim_evidence(
    project: &Project,
    claim: &ClaimId,
    source: &SourceId,
    range: Range<usize>,
    stance: Stance,
    credibility: Option<Credibility>,
) -> Result<Edit, ClaimError> {
    let Some(found) = project.claims.get(claim) else {
        return Err(ClaimError::Missing("claim", claim.to_string()));
    };
    let evidence = quote(project, source, range, stance, credibility)?;
    if found.evidence.iter().any(|e| e.quote.source == *source && e.quote.anchor == evidence.quote.anchor) {
        return Err(ClaimError::AlreadyQuoted);
    }
    let mut updated = found.clone();
    updated.evidence.push(evidence);
    Ok(Edit::put(updated))
}

/// The edit that makes a claim of a relation's evidence: the relation's title as the
/// statement, tied to the relation and its two entities, every quote supporting it with
/// its grade. Returns the edit and the new claim's id.
pub fn claim_from_relation(
    project: &Project,
    relation: &RelationId,
    ids: &mut IdGenerator,
) -> Result<(Edit, ClaimId), ClaimError> {
    let Some(found) = project.relations.get(relation) else {
        return Err(ClaimError::Missing("relation", relation.to_string()));
    };
    let statement = project.relation_title(found);
    let mut claim = Claim::new(new_claim_id(project, &statement, ids), statement);
    claim.relation = Some(relation.clone());
    claim.entities = vec![found.from.clone()];
    if found.to != found.from {
        claim.entities.push(found.to.clone());
    }
    claim.evidence =
        found.evidence.iter().map(|e| ClaimEvidence { stance: Stance::Supports, quote: e.clone() }).collect();
    let id = claim.id.clone();
    Ok((Edit::put(claim), id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, apply};
    use crate::model::{Entity, EntityId, EntityKind, Relation, Source};

    const TEXT: &str = "The Kremlin said Assad decided to resign. Assad never considered resigning.";

    fn project() -> Project {
        let mut project = Project::new("Claims");
        for id in ["kremlin", "letter"] {
            let source = Source::new(SourceId::from(id), id, TEXT);
            project.sources.insert(source.id.clone(), source);
        }
        for id in ["russia", "assad"] {
            project
                .entities
                .insert(EntityId::from(id), Entity::new(EntityId::from(id), id, EntityKind::Other));
        }
        let mut relation = Relation::new(
            RelationId::from("asylum"),
            EntityId::from("russia"),
            EntityId::from("assad"),
            "granted asylum to",
        );
        relation.evidence.push(Evidence {
            source: SourceId::from("kremlin"),
            anchor: Anchor::from_span(TEXT, 4, 11).expect("fits"),
            credibility: Some(Credibility::ProbablyTrue),
        });
        project.relations.insert(relation.id.clone(), relation);
        project
    }

    #[test]
    fn record_then_contradict_then_undo() {
        let mut project = project();
        let mut history = History::new();
        let mut ids = IdGenerator::seeded(1);
        let (kremlin, letter) = (SourceId::from("kremlin"), SourceId::from("letter"));
        let (edit, id) =
            record_claim(&project, " Assad resigned ", &kremlin, 17..40, Stance::Supports, None, &mut ids)
                .expect("a claim");
        history.apply(&mut project, edit, "Record claim", None, 0.0).expect("applies");
        let claim = &project.claims[&id];
        assert_eq!(claim.statement, "Assad resigned");
        assert_eq!(claim.evidence[0].quote.anchor.exact, "Assad decided to resign");
        assert!(!claim.is_contested());

        let edit = add_claim_evidence(&project, &id, &letter, 42..74, Stance::Contradicts, None)
            .expect("more evidence");
        history.apply(&mut project, edit, "Add evidence", None, 10.0).expect("applies");
        assert!(project.claims[&id].is_contested());
        assert_eq!(
            add_claim_evidence(&project, &id, &letter, 42..74, Stance::Contradicts, None),
            Err(ClaimError::AlreadyQuoted)
        );

        assert!(history.undo(&mut project).expect("undoes").is_some());
        assert!(!project.claims[&id].is_contested());
        assert!(history.undo(&mut project).expect("undoes").is_some());
        assert!(project.claims.is_empty());
    }

    #[test]
    fn what_cannot_be_claimed() {
        let project = project();
        let mut ids = IdGenerator::seeded(1);
        let kremlin = SourceId::from("kremlin");
        let claim = |statement, source: &SourceId, range: Range<usize>, ids: &mut IdGenerator| {
            record_claim(&project, statement, source, range, Stance::Supports, None, ids).map(|(_, id)| id)
        };
        assert_eq!(claim("  ", &kremlin, 0..3, &mut ids), Err(ClaimError::EmptyStatement));
        assert!(matches!(claim("x", &SourceId::from("gone"), 0..3, &mut ids), Err(ClaimError::Missing(..))));
        assert!(matches!(claim("x", &kremlin, 70..700, &mut ids), Err(ClaimError::Anchor(_))));
    }

    #[test]
    fn a_relation_becomes_a_claim_and_stays_while_it_is_used() {
        let mut project = project();
        let relation = RelationId::from("asylum");
        let (edit, id) =
            claim_from_relation(&project, &relation, &mut IdGenerator::seeded(2)).expect("a claim");
        apply(&mut project, &edit).expect("applies");
        let claim = &project.claims[&id];
        assert_eq!(claim.relation.as_ref(), Some(&relation));
        assert_eq!(claim.evidence.len(), 1);
        assert_eq!(claim.evidence[0].quote.credibility, Some(Credibility::ProbablyTrue));
        assert!(apply(&mut project, &Edit::Remove(crate::model::ItemKey::Relation(relation))).is_err());
        let cascade = Edit::remove_entity_cascade(&project, &EntityId::from("russia"));
        apply(&mut project, &cascade).expect("the entity goes, the claim stays");
        assert_eq!(project.claims[&id].relation, None);
        assert_eq!(project.claims[&id].entities, [EntityId::from("assad")]);
        let cascade = Edit::remove_sources_cascade(&project, &[SourceId::from("kremlin")]);
        apply(&mut project, &cascade).expect("the source goes");
        assert!(project.claims[&id].evidence.is_empty());
        assert!(project.validate().is_empty());
    }
}
