//! New ids for matrices of competing hypotheses and their hypotheses. Every other change
//! to a matrix is a put of the whole matrix ([`crate::model::AchMatrix::with_rating`] and
//! its siblings), one undo step each.

use crate::model::{AchId, AchMatrix, HypothesisId, IdGenerator, Project};

/// A new id for a matrix about `question`, unused in `project`.
pub fn new_matrix_id(project: &Project, question: &str, ids: &mut IdGenerator) -> AchId {
    AchId(ids.make(question, "matrix", |id| project.id_taken(id)))
}

/// A new id for a hypothesis titled `title`, unused in `matrix` and among the project's
/// ids (so that an id still names one thing anywhere in the project).
pub fn new_hypothesis_id(
    project: &Project,
    matrix: &AchMatrix,
    title: &str,
    ids: &mut IdGenerator,
) -> HypothesisId {
    HypothesisId(ids.make(title, "hypothesis", |id| {
        project.id_taken(id) || matrix.hypotheses.contains_key(&HypothesisId::from(id))
    }))
}
