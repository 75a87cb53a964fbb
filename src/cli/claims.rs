//! `dossier claims` and `dossier claim add`: where the sources stand on each claim, and
//! recording claims with quoted evidence from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::relate::{anchor_quote, resolve_entity};
use crate::analysis::fold;
use crate::edit::{Edit, apply, new_claim_id};
use crate::model::{Claim, ClaimEvidence, Credibility, Evidence, IdGenerator, Project, RelationId, Stance};
use crate::store;

/// Arguments of `dossier claim add`.
#[derive(clap::Args, Debug)]
pub struct ClaimAddArgs {
    /// The project folder.
    pub project: PathBuf,
    /// What is claimed; a claim with the same statement gets the new evidence instead of a twin.
    #[arg(long)]
    pub statement: String,
    /// An entity the claim is about (id, name or alias).
    #[arg(long = "entity")]
    pub entities: Vec<String>,
    /// The relation the claim bears on (its id).
    #[arg(long)]
    pub relation: Option<String>,
    /// A quote that supports the claim: a source id and text that occurs once in it.
    #[arg(long = "supports", value_name = "SOURCE=TEXT")]
    pub supports: Vec<String>,
    /// A quote that contradicts the claim.
    #[arg(long = "contradicts", value_name = "SOURCE=TEXT")]
    pub contradicts: Vec<String>,
    /// A quote that mentions the claim without taking a side.
    #[arg(long = "mentions", value_name = "SOURCE=TEXT")]
    pub mentions: Vec<String>,
    /// How credible the quoted information is, 1 (confirmed) to 6 (cannot be judged).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub credibility: Option<u8>,
    /// The analyst's notes (replace any notes the claim had).
    #[arg(long)]
    pub notes: Option<String>,
}

/// `dossier claim add`: records a claim, or adds evidence to the one with that statement.
pub fn add(args: &ClaimAddArgs) -> anyhow::Result<ExitCode> {
    let path = &args.project;
    let mut project = super::load_project(path)?;
    let statement = args.statement.trim();
    if statement.is_empty() {
        bail!("the statement is empty; say what is claimed, e.g. --statement \"Assad resigned\"");
    }
    let credibility = args.credibility.map(|n| Credibility::ALL[usize::from(n) - 1]);
    let mut evidence = Vec::new();
    for (stance, quotes) in [
        (Stance::Supports, &args.supports),
        (Stance::Contradicts, &args.contradicts),
        (Stance::Mentions, &args.mentions),
    ] {
        for text in quotes {
            let (source, anchor) = anchor_quote(&project, text)?;
            evidence.push(ClaimEvidence { stance, quote: Evidence { source, anchor, credibility } });
        }
    }
    let wanted = fold(statement);
    let mut claim =
        project.claims.values().find(|c| fold(c.statement.trim()) == wanted).cloned().unwrap_or_else(|| {
            Claim::new(new_claim_id(&project, statement, &mut IdGenerator::default()), statement)
        });
    for name in &args.entities {
        let entity = resolve_entity(&project, name)?;
        if !claim.entities.contains(&entity) {
            claim.entities.push(entity);
        }
    }
    if let Some(relation) = &args.relation {
        let relation = RelationId::from(relation.trim());
        if !project.relations.contains_key(&relation) {
            bail!("unknown relation {relation:?}; give a relation's id (dossier dump lists them)");
        }
        claim.relation = Some(relation);
    }
    for new in evidence {
        if let Some(old) = claim
            .evidence
            .iter_mut()
            .find(|e| e.quote.source == new.quote.source && e.quote.anchor == new.quote.anchor)
        {
            // The same quote again: the stance and grade given now win.
            old.stance = new.stance;
            old.quote.credibility = new.quote.credibility.or(old.quote.credibility);
        } else {
            claim.evidence.push(new);
        }
    }
    if let Some(notes) = &args.notes {
        notes.trim().clone_into(&mut claim.notes);
    }
    let id = claim.id.clone();
    apply(&mut project, &Edit::put(claim)).context("recording the claim")?;
    store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
    println!("{id}");
    Ok(ExitCode::SUCCESS)
}

/// `dossier claims`: each claim with its supporting and contradicting sources, their
/// weights and whether it is contested.
pub fn list(path: &std::path::Path, json: bool) -> anyhow::Result<ExitCode> {
    let project = super::load_project(path)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&claims_json(&project))?);
        return Ok(ExitCode::SUCCESS);
    }
    for claim in project.claims.values() {
        let weights = claim.weights(&project);
        let contested = if weights.contested() { "  CONTESTED" } else { "" };
        println!(
            "{}: {}\n  supported by {} (weight {}), contradicted by {} (weight {}){contested}",
            claim.id,
            claim.statement,
            weights.support.sources.len(),
            weights.support.total(),
            weights.contradiction.sources.len(),
            weights.contradiction.total(),
        );
    }
    let contested = project.claims.values().filter(|c| c.is_contested()).count();
    println!("{} claims, {contested} contested", project.claims.len());
    Ok(ExitCode::SUCCESS)
}

/// The claims as `dossier claims --json` prints them.
fn claims_json(project: &Project) -> serde_json::Value {
    let claims: Vec<serde_json::Value> = project
        .claims
        .values()
        .map(|claim| {
            let weights = claim.weights(project);
            serde_json::json!({
                "id": claim.id.as_str(),
                "statement": claim.statement,
                "entities": claim.entities.iter().map(crate::model::EntityId::as_str).collect::<Vec<_>>(),
                "relation": claim.relation.as_ref().map(RelationId::as_str),
                "supporting": source_ids(&weights.support),
                "contradicting": source_ids(&weights.contradiction),
                "mentioning": claim.sources_with(Stance::Mentions).iter().map(|id| id.as_str()).collect::<Vec<_>>(),
                "support_weight": weights.support.total(),
                "contradiction_weight": weights.contradiction.total(),
                "contested": weights.contested(),
            })
        })
        .collect();
    serde_json::json!({ "claims": claims })
}

/// The ids of the sources on one side of a claim, in id order.
fn source_ids(side: &crate::model::SideWeight) -> Vec<&str> {
    side.sources.keys().map(crate::model::SourceId::as_str).collect()
}
