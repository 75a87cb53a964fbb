//! `dossier ach`: a matrix of competing hypotheses, its scores and ranks, and its export;
//! `dossier ach new`, `add-hypothesis` and `rate` build one from the command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::analysis::ach::score;
use crate::edit::{Edit, apply, new_hypothesis_id, new_matrix_id};
use crate::model::{AchId, AchMatrix, ClaimId, IdGenerator, Project, Rating};
use crate::store;

/// Arguments of `dossier ach` without a subcommand: show or export a matrix.
#[derive(clap::Args, Debug)]
pub struct AchShowArgs {
    /// The project folder.
    pub project: Option<PathBuf>,
    /// The matrix (its id); needed only when the project has several.
    #[arg(long)]
    pub matrix: Option<String>,
    /// Print one JSON object: the hypotheses with their scores and ranks, the rows with
    /// their weights, ratings and whether they are diagnostic.
    #[arg(long)]
    pub json: bool,
    /// Write the matrix as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the matrix as an SVG picture to this file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Write the matrix as a PNG picture to this file.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Scale of the PNG (1 = one pixel per SVG unit).
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
}

/// The subcommands of `dossier ach`.
#[derive(clap::Subcommand, Debug)]
pub enum AchCommand {
    /// Start a matrix of competing hypotheses about a question, and save; prints its id.
    New {
        /// The project folder.
        project: PathBuf,
        /// The question the hypotheses answer.
        #[arg(long)]
        question: String,
    },
    /// Add a hypothesis (a column) to the matrix, and save; prints its id. A hypothesis
    /// with the same title is not added twice.
    AddHypothesis {
        /// The project folder.
        project: PathBuf,
        /// What the hypothesis says.
        #[arg(long)]
        title: String,
        /// The matrix (its id); needed only when the project has several.
        #[arg(long)]
        matrix: Option<String>,
    },
    /// Add a claim as a row of the matrix (if it is not one yet) and rate it, and save.
    Rate {
        /// The project folder.
        project: PathBuf,
        /// The claim (its id; `dossier claims` lists them).
        #[arg(long)]
        claim: String,
        /// Ratings as HYPOTHESIS=RATING: a hypothesis's id or title, and CC, C, N, I or II.
        #[arg(value_name = "HYPOTHESIS=RATING")]
        ratings: Vec<String>,
        /// The matrix (its id); needed only when the project has several.
        #[arg(long)]
        matrix: Option<String>,
    },
}

/// The matrix `wanted` names, or the project's only one.
fn find_matrix<'a>(project: &'a Project, wanted: Option<&str>) -> anyhow::Result<&'a AchMatrix> {
    let known = || project.matrices.keys().map(AchId::as_str).collect::<Vec<_>>().join(", ");
    match wanted {
        Some(id) => project
            .matrices
            .get(&AchId::from(id.trim()))
            .with_context(|| format!("there is no matrix `{}`; the matrices are: {}", id.trim(), known())),
        None => match project.matrices.len() {
            0 => bail!("the project has no matrix of hypotheses; start one with `dossier ach new`"),
            1 => Ok(project.matrices.values().next().context("one matrix")?),
            _ => bail!("the project has several matrices; choose one with --matrix ({})", known()),
        },
    }
}

/// Applies `edit` and saves the project.
fn save_with(project: &mut Project, path: &Path, edit: &Edit, what: &str) -> anyhow::Result<()> {
    apply(project, edit).with_context(|| what.to_owned())?;
    store::save(project, path).with_context(|| format!("saving {}", path.display()))?;
    Ok(())
}

/// Runs one `dossier ach` subcommand.
pub fn run(command: &AchCommand) -> anyhow::Result<ExitCode> {
    match command {
        AchCommand::New { project: path, question } => {
            let mut project = super::load_project(path)?;
            let question = question.trim();
            if question.is_empty() {
                bail!(
                    "the question is empty; say what the hypotheses answer, e.g. --question \"How did Assad leave?\""
                );
            }
            let id = new_matrix_id(&project, question, &mut IdGenerator::default());
            save_with(
                &mut project,
                path,
                &Edit::put(AchMatrix::new(id.clone(), question)),
                "starting the matrix",
            )?;
            println!("{id}");
        }
        AchCommand::AddHypothesis { project: path, title, matrix } => {
            let mut project = super::load_project(path)?;
            let title = title.trim();
            if title.is_empty() {
                bail!("the title is empty; say what the hypothesis is");
            }
            let matrix = find_matrix(&project, matrix.as_deref())?.clone();
            let id = if let Some(id) = matrix.find_hypothesis(title) {
                id.clone()
            } else {
                let id = new_hypothesis_id(&project, &matrix, title, &mut IdGenerator::default());
                let edit = Edit::put(matrix.with_hypothesis(&id, title));
                save_with(&mut project, path, &edit, "adding the hypothesis")?;
                id
            };
            println!("{id}");
        }
        AchCommand::Rate { project: path, claim, ratings, matrix } => {
            let mut project = super::load_project(path)?;
            let claim = ClaimId::from(claim.trim());
            if !project.claims.contains_key(&claim) {
                bail!("unknown claim {:?}; give a claim's id (dossier claims lists them)", claim.as_str());
            }
            let mut matrix = find_matrix(&project, matrix.as_deref())?.with_row(&claim);
            for text in ratings {
                let Some((hypothesis, code)) = text.rsplit_once('=') else {
                    bail!("{text:?} must be HYPOTHESIS=RATING, e.g. \"Assad left by plan=CC\"");
                };
                let Some(id) = matrix.find_hypothesis(hypothesis).cloned() else {
                    bail!("the matrix has no hypothesis {:?} (by id or title)", hypothesis.trim());
                };
                let Some(rating) = Rating::from_code(code) else {
                    bail!("unknown rating {:?}; use CC, C, N, I or II", code.trim());
                };
                matrix = matrix.with_rating(&claim, &id, rating);
            }
            save_with(&mut project, path, &Edit::put(matrix), "rating the claim")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier ach PROJECT`: prints the matrix's ranking (or JSON) and writes the exports asked for.
pub fn show(args: &AchShowArgs) -> anyhow::Result<ExitCode> {
    let Some(path) = &args.project else {
        bail!("give the project folder: dossier ach PROJECT (or a subcommand, see dossier ach --help)");
    };
    let project = super::load_project(path)?;
    let matrix = find_matrix(&project, args.matrix.as_deref())?;
    let write = |file: &Path, bytes: &[u8]| {
        std::fs::write(file, bytes).with_context(|| format!("writing {}", file.display()))
    };
    if let Some(file) = &args.csv {
        write(file, crate::export::ach::ach_csv(&project, matrix)?.as_bytes())?;
    }
    if let Some(file) = &args.svg {
        write(file, crate::export::ach::ach_svg(&project, matrix).as_bytes())?;
    }
    if let Some(file) = &args.png {
        write(file, &crate::export::ach::ach_png(&project, matrix, args.scale)?)?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&matrix_json(&project, matrix))?);
    } else if args.csv.is_none() && args.svg.is_none() && args.png.is_none() {
        print_ranking(&project, matrix);
    }
    Ok(ExitCode::SUCCESS)
}

/// The ranking and the rows, as text.
fn print_ranking(project: &Project, matrix: &AchMatrix) {
    let scores = score(project, matrix);
    println!("{} ({})", matrix.question, matrix.id);
    println!("rank  inconsistency  consistency  hypothesis");
    for h in scores.ranked() {
        let title = matrix.hypotheses.get(&h.id).map_or("", |h| h.title.as_str());
        println!("{:>4}  {:>13}  {:>11}  {title}", h.rank, h.inconsistency, h.consistency);
    }
    println!("   for  against  diagnostic  claim");
    for row in &scores.rows {
        let statement = project.claims.get(&row.claim).map_or("", |c| c.statement.as_str());
        let mark = if row.diagnostic { "yes" } else { "no" };
        println!("{:>6}  {:>7}  {mark:>10}  {statement}", row.weight, row.against);
    }
}

/// The matrix as `dossier ach --json` prints it (and `dossier dump` lists it).
pub(super) fn matrix_json(project: &Project, matrix: &AchMatrix) -> serde_json::Value {
    let scores = score(project, matrix);
    let hypotheses: Vec<serde_json::Value> = scores
        .hypotheses
        .iter()
        .map(|h| {
            serde_json::json!({
                "id": h.id.as_str(),
                "title": matrix.hypotheses.get(&h.id).map_or("", |h| h.title.as_str()),
                "inconsistency": h.inconsistency,
                "consistency": h.consistency,
                "rank": h.rank,
            })
        })
        .collect();
    let rows: Vec<serde_json::Value> = matrix
        .rows
        .iter()
        .zip(&scores.rows)
        .map(|((claim, row), row_score)| {
            let ratings: serde_json::Map<String, serde_json::Value> = matrix
                .hypotheses
                .keys()
                .map(|h| (h.to_string(), serde_json::Value::from(row.rating(h).code())))
                .collect();
            serde_json::json!({
                "claim": claim.as_str(),
                "statement": project.claims.get(claim).map_or("", |c| c.statement.as_str()),
                "weight": row_score.weight,
                "weight_against": row_score.against,
                "diagnostic": row_score.diagnostic,
                "ratings": ratings,
            })
        })
        .collect();
    serde_json::json!({
        "id": matrix.id.as_str(),
        "question": matrix.question,
        "hypotheses": hypotheses,
        "rows": rows,
    })
}
