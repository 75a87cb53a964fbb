//! `dossier timeline` and `dossier event`: the timeline's events with their times and
//! sources, and adding them from the command line with exact quotes as evidence.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde::Serialize;

use super::dump::EvidenceOut;
use super::relate::{anchor_quote, resolve_entity, whole_words};
use crate::analysis::fold;
use crate::analysis::timeline::Lanes;
use crate::edit::{Edit, apply};
use crate::model::{
    Credibility, Event, EventId, EventTime, Evidence, IdGenerator, PartOfDay, Project, minute_label, slug,
};
use crate::store;

/// Arguments of `dossier event`.
#[derive(clap::Args, Debug)]
pub struct EventArgs {
    /// The project folder.
    pub project: PathBuf,
    /// What happened; an event with the same title (case does not matter) is extended.
    #[arg(long)]
    pub title: String,
    /// An entity involved: id, name or alias. Repeat for several.
    #[arg(long = "entity")]
    pub entities: Vec<String>,
    /// When, in EDTF: 2024-12-08, 2024-12-08?, 2024-12-07/2024-12-09, 2024-12-08T18:00.
    #[arg(long)]
    pub time: Option<String>,
    /// A part of that day: morning, afternoon, evening or night.
    #[arg(long)]
    pub part: Option<String>,
    /// Evidence for the time: a source id and a quote that occurs exactly once in its text.
    #[arg(long = "quote", value_name = "SOURCE=TEXT")]
    pub quotes: Vec<String>,
    /// How credible the quoted information is, 1 (confirmed) to 6 (cannot be judged).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub credibility: Option<u8>,
    /// The analyst's notes (replace any notes the event had).
    #[arg(long)]
    pub notes: Option<String>,
}

/// One event as `dossier timeline --json` and `dossier dump` print it.
#[derive(Serialize)]
pub(super) struct EventOut<'a> {
    id: &'a str,
    title: &'a str,
    entities: Vec<&'a str>,
    notes: &'a str,
    /// Whether its times disagree.
    conflicting: bool,
    /// The span of all its times, or null when none can be read.
    interval: Option<IntervalOut>,
    times: Vec<TimeOut<'a>>,
}

#[derive(Serialize)]
struct TimeOut<'a> {
    /// EDTF.
    when: &'a str,
    /// "evening", or null.
    part: Option<&'static str>,
    interval: Option<IntervalOut>,
    /// The distinct sources quoted for this time.
    sources: Vec<&'a str>,
    evidence: Vec<EvidenceOut<'a>>,
}

/// An interval as ISO 8601 minutes, the end excluded.
#[derive(Serialize)]
struct IntervalOut {
    earliest: String,
    latest: String,
}

impl From<crate::model::Interval> for IntervalOut {
    fn from(i: crate::model::Interval) -> Self {
        Self { earliest: minute_label(i.earliest), latest: minute_label(i.latest) }
    }
}

impl<'a> From<&'a Event> for EventOut<'a> {
    fn from(event: &'a Event) -> Self {
        Self {
            id: event.id.as_str(),
            title: &event.title,
            entities: event.entities.iter().map(crate::model::EntityId::as_str).collect(),
            notes: &event.notes,
            conflicting: event.is_conflicting(),
            interval: event.interval().map(IntervalOut::from),
            times: event
                .times
                .iter()
                .map(|t| TimeOut {
                    when: &t.when,
                    part: t.part.map(PartOfDay::name),
                    interval: t.interval().ok().map(IntervalOut::from),
                    sources: t.sources().into_iter().map(crate::model::SourceId::as_str).collect(),
                    evidence: t.evidence.iter().map(EvidenceOut::from).collect(),
                })
                .collect(),
        }
    }
}

/// The events in time order (by earliest time, events without a time last, then by id).
pub fn events_in_time_order(project: &Project) -> Vec<&Event> {
    let mut events: Vec<&Event> = project.events.values().collect();
    events.sort_by_key(|e| (e.interval().map_or(i64::MAX, |i| i.earliest), &e.id));
    events
}

/// The lanes of a timeline picture, as `--lanes` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LanesArg {
    /// One lane per entity involved.
    Entity,
    /// One lane per source quoted.
    Source,
}

impl From<LanesArg> for Lanes {
    fn from(lanes: LanesArg) -> Self {
        match lanes {
            LanesArg::Entity => Self::Entity,
            LanesArg::Source => Self::Source,
        }
    }
}

/// Draws the timeline of `project` into `file`, as SVG or PNG by its extension.
fn write_picture(project: &Project, file: &std::path::Path, lanes: Lanes, scale: f32) -> anyhow::Result<()> {
    let extension = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("svg") => crate::export::timeline::timeline_svg(project, lanes)?.into_bytes(),
        Some("png") => crate::export::timeline::timeline_png(project, lanes, scale)?,
        _ => bail!("{}: the picture's name must end in .svg or .png", file.display()),
    };
    std::fs::write(file, bytes).with_context(|| format!("writing {}", file.display()))
}

/// `dossier timeline`: the events in time order, as lines or as JSON; with a picture
/// (file, lanes, PNG scale), also drawn into that file.
pub fn timeline(
    path: &std::path::Path,
    json: bool,
    picture: Option<(&std::path::Path, Lanes, f32)>,
) -> anyhow::Result<ExitCode> {
    #[derive(Serialize)]
    struct TimelineOut<'a> {
        events: Vec<EventOut<'a>>,
    }
    let project = super::load_project(path)?;
    if let Some((file, lanes, scale)) = picture {
        write_picture(&project, file, lanes, scale)?;
    }
    let events = events_in_time_order(&project);
    if json {
        let out = TimelineOut { events: events.into_iter().map(EventOut::from).collect() };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    for event in events {
        println!("{}  ({})", event.title, event.id);
        for time in &event.times {
            let sources: Vec<&str> = time.sources().into_iter().map(crate::model::SourceId::as_str).collect();
            println!("  {}  [{}]", time.label(), sources.join(", "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier event`: adds an event, or a time, quotes or entities to the one with that title;
/// prints its id.
pub fn event(args: &EventArgs) -> anyhow::Result<ExitCode> {
    let path = &args.project;
    let mut project = super::load_project(path)?;
    let title = args.title.trim();
    if title.is_empty() {
        bail!("the title is empty; say what happened, e.g. --title \"Assad leaves Damascus\"");
    }
    let part = match args.part.as_deref().map(str::trim) {
        None => None,
        Some(word) => Some(
            PartOfDay::ALL
                .into_iter()
                .find(|p| p.name() == word.to_lowercase())
                .with_context(|| format!("--part {word:?}: write morning, afternoon, evening or night"))?,
        ),
    };
    if part.is_some() && args.time.is_none() {
        bail!("--part needs --time with the day it is part of");
    }
    if !args.quotes.is_empty() && args.time.is_none() {
        bail!("--quote needs --time: a quote is evidence for one time of the event");
    }
    let credibility = args.credibility.map(|n| Credibility::ALL[usize::from(n) - 1]);
    let mut evidence = Vec::with_capacity(args.quotes.len());
    for quote in &args.quotes {
        let (source, anchor) = anchor_quote(&project, quote)?;
        evidence.push(Evidence { source, anchor, credibility });
    }
    let wanted = fold(title);
    let existing = project.events.values().find(|e| fold(e.title.trim()) == wanted).cloned();
    let mut event = existing.unwrap_or_else(|| {
        let id = IdGenerator::default().make(whole_words(&slug(title)), "event", |id| project.id_taken(id));
        Event::new(EventId(id), title)
    });
    for entity in &args.entities {
        let entity = resolve_entity(&project, entity)?;
        if !event.entities.contains(&entity) {
            event.entities.push(entity);
        }
    }
    if let Some(when) = &args.time {
        let new = EventTime { part, evidence: Vec::new(), ..EventTime::new(when.trim()) };
        new.parse().map_err(|e| anyhow::anyhow!("--time: {e}"))?;
        let same = event.times.iter().position(|t| t.when == new.when && t.part == new.part);
        let index = same.unwrap_or_else(|| {
            event.times.push(new);
            event.times.len() - 1
        });
        let time = &mut event.times[index];
        for quote in evidence {
            let same = |e: &&mut Evidence| e.source == quote.source && e.anchor == quote.anchor;
            if let Some(old) = time.evidence.iter_mut().find(same) {
                old.credibility = quote.credibility.or(old.credibility);
            } else {
                time.evidence.push(quote);
            }
        }
    }
    if let Some(notes) = &args.notes {
        notes.trim().clone_into(&mut event.notes);
    }
    let id = event.id.clone();
    apply(&mut project, &Edit::put(event)).context("adding the event")?;
    store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
    println!("{id}");
    Ok(ExitCode::SUCCESS)
}
