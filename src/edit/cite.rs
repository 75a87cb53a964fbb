//! Citing a quote as evidence for a relation: the Reader's "Cite as evidence" and a quote
//! dropped on a relation line of the map both make this edit.

use std::ops::Range;

use super::Edit;
use crate::model::{Anchor, AnchorError, Evidence, Project, RelationId, SourceId};

/// Why a quote cannot be cited.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CiteError {
    /// The relation already has this very quote as evidence.
    #[error("That quote is already evidence for this relation")]
    AlreadyCited,
    /// The range does not fit the source's text (outside it, or through a character).
    #[error(transparent)]
    Anchor(#[from] AnchorError),
}

/// The edit that adds `range` of `source` to the evidence of `relation` (ungraded), as one
/// undo step. `None` when the source or the relation is not in the project.
pub fn cite_evidence(
    project: &Project,
    source: &SourceId,
    range: Range<usize>,
    relation: &RelationId,
) -> Result<Option<Edit>, CiteError> {
    let (Some(found), Some(text)) = (project.relations.get(relation), project.sources.get(source)) else {
        return Ok(None);
    };
    let anchor = Anchor::from_span(&text.text, range.start, range.end)?;
    if found.evidence.iter().any(|e| &e.source == source && e.anchor == anchor) {
        return Err(CiteError::AlreadyCited);
    }
    let mut updated = found.clone();
    updated.evidence.push(Evidence { source: source.clone(), anchor, credibility: None });
    Ok(Some(Edit::put(updated)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, EntityId, EntityKind, Relation, Source};

    const TEXT: &str = "Russia granted Assad asylum, the Kremlin said.";

    fn project() -> Project {
        let mut project = Project::new("Cite");
        for id in ["russia", "assad"] {
            project
                .entities
                .insert(EntityId::from(id), Entity::new(EntityId::from(id), id, EntityKind::Other));
        }
        let source = Source::new(SourceId::from("tass"), "TASS", TEXT);
        project.sources.insert(source.id.clone(), source);
        let relation = Relation::new(
            RelationId::from("asylum"),
            EntityId::from("russia"),
            EntityId::from("assad"),
            "granted",
        );
        project.relations.insert(relation.id.clone(), relation);
        project
    }

    #[test]
    fn a_quote_becomes_ungraded_evidence_once() {
        let mut project = project();
        let (source, relation) = (SourceId::from("tass"), RelationId::from("asylum"));
        let quote = 0..27;
        let Ok(Some(edit)) = cite_evidence(&project, &source, quote.clone(), &relation) else {
            panic!("the quote can be cited");
        };
        crate::edit::apply(&mut project, &edit).expect("the edit applies");
        let evidence = &project.relations[&relation].evidence;
        assert_eq!(evidence.len(), 1);
        assert_eq!(evidence[0].anchor.exact, "Russia granted Assad asylum");
        assert_eq!(evidence[0].credibility, None);
        assert_eq!(cite_evidence(&project, &source, quote, &relation), Err(CiteError::AlreadyCited));
    }

    #[test]
    fn what_cannot_be_cited() {
        let project = project();
        let (source, relation) = (SourceId::from("tass"), RelationId::from("asylum"));
        assert_eq!(cite_evidence(&project, &SourceId::from("gone"), 0..6, &relation), Ok(None));
        assert_eq!(cite_evidence(&project, &source, 0..6, &RelationId::from("gone")), Ok(None));
        assert!(matches!(cite_evidence(&project, &source, 40..400, &relation), Err(CiteError::Anchor(_))));
    }
}
