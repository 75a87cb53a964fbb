//! `dossier relate` and `dossier map`: relations with quoted evidence, and maps of them,
//! from the command line, so that an analyst can script a case.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::analysis::{Folded, fold};
use crate::edit::{Edit, apply};
use crate::model::{
    Anchor, Credibility, EntityId, Evidence, IdGenerator, Map, MapGroup, MapId, MapNode, MapNote, Project,
    Relation, RelationId, SourceId, date_sort_key, slug,
};
use crate::store;

/// Arguments of `dossier relate`.
#[derive(clap::Args, Debug)]
pub struct RelateArgs {
    /// The project folder.
    pub project: PathBuf,
    /// Where the relation starts: an entity id, name or alias (case does not matter).
    #[arg(long)]
    pub from: String,
    /// Where it points: an entity id, name or alias.
    #[arg(long)]
    pub to: String,
    /// What the relation is ("granted asylum to").
    #[arg(long)]
    pub label: String,
    /// The relation has no direction.
    #[arg(long)]
    pub undirected: bool,
    /// When it held, or began: 2018, 2024-12 or 2024-12-08.
    #[arg(long)]
    pub start: Option<String>,
    /// When it ended.
    #[arg(long)]
    pub end: Option<String>,
    /// The sources disagree about it (say why in --notes).
    #[arg(long)]
    pub disputed: bool,
    /// The analyst's notes (replace any notes the relation had).
    #[arg(long)]
    pub notes: Option<String>,
    /// Evidence: a source id and a quote that occurs exactly once in its text.
    #[arg(long = "quote", value_name = "SOURCE=TEXT")]
    pub quotes: Vec<String>,
    /// How credible the quoted information is, 1 (confirmed) to 6 (cannot be judged).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    pub credibility: Option<u8>,
}

/// Arguments of `dossier map`.
#[derive(clap::Args, Debug)]
pub struct MapArgs {
    /// The project folder.
    pub project: PathBuf,
    /// The map's name; a map of that name is extended, else a new one is made.
    #[arg(long)]
    pub name: String,
    /// An entity to place (id, name or alias), optionally at a position: "Russia@0,180".
    #[arg(long = "entity", allow_hyphen_values = true, value_name = "ENTITY[@X,Y]")]
    pub entities: Vec<String>,
    /// A text note with its top-left corner.
    #[arg(long = "note", allow_hyphen_values = true, value_name = "X,Y,TEXT")]
    pub notes: Vec<String>,
    /// A labelled rectangle: top-left corner, width and height.
    #[arg(long = "group", allow_hyphen_values = true, value_name = "X,Y,W,H,LABEL")]
    pub groups: Vec<String>,
}

/// Distance between neighbouring nodes that `dossier map` places on a circle.
const NODE_SPACING: f32 = 180.0;

/// `dossier relate`: adds a relation, or adds evidence to the one with the same ends and label.
pub fn relate(args: &RelateArgs) -> anyhow::Result<ExitCode> {
    let path = &args.project;
    let mut project = load(path)?;
    let from = resolve_entity(&project, &args.from)?;
    let to = resolve_entity(&project, &args.to)?;
    let label = args.label.trim();
    if label.is_empty() {
        bail!("the label is empty; say what the relation is, e.g. --label \"granted asylum to\"");
    }
    for (flag, date) in [("--start", &args.start), ("--end", &args.end)] {
        if let Some(date) = date
            && !is_date(date)
        {
            bail!("{flag} {date:?} is not a date; write 2024, 2024-12 or 2024-12-08");
        }
    }
    let credibility = args.credibility.map(|n| Credibility::ALL[usize::from(n) - 1]);
    let mut evidence = Vec::with_capacity(args.quotes.len());
    for quote in &args.quotes {
        let (source, anchor) = anchor_quote(&project, quote)?;
        evidence.push(Evidence { source, anchor, credibility });
    }

    let existing = project.relations.values().find(|r| same_relation(r, &from, &to, label)).cloned();
    let mut relation = existing.unwrap_or_else(|| {
        let name = |id: &EntityId| project.entities.get(id).map_or("", |e| e.name.as_str());
        let readable = slug(&format!("{} {label} {}", name(&from), name(&to)));
        let id = IdGenerator::default().make(whole_words(&readable), "relation", |id| project.id_taken(id));
        Relation::new(RelationId(id), from.clone(), to.clone(), label)
    });
    for new in evidence {
        if let Some(old) = relation.evidence.iter_mut().find(|e| {
            e.source == new.source && e.anchor.start == new.anchor.start && e.anchor.end == new.anchor.end
        }) {
            // The same quote again: keep one, with the grade given now (if any).
            old.credibility = new.credibility.or(old.credibility);
        } else {
            relation.evidence.push(new);
        }
    }
    if args.undirected {
        relation.directed = false;
    }
    if let Some(start) = &args.start {
        start.trim().clone_into(&mut relation.start);
    }
    if let Some(end) = &args.end {
        end.trim().clone_into(&mut relation.end);
    }
    if !relation.start.is_empty()
        && !relation.end.is_empty()
        && date_sort_key(&relation.end) < date_sort_key(&relation.start)
    {
        bail!("the relation would end ({}) before it starts ({})", relation.end, relation.start);
    }
    if args.disputed {
        relation.disputed = true;
    }
    if let Some(notes) = &args.notes {
        notes.trim().clone_into(&mut relation.notes);
    }
    let id = relation.id.clone();
    apply(&mut project, &Edit::put(relation)).context("adding the relation")?;
    store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
    println!("{id}");
    Ok(ExitCode::SUCCESS)
}

/// `dossier map`: creates the map called `--name`, or extends it, with entities, notes and groups.
pub fn map(args: &MapArgs) -> anyhow::Result<ExitCode> {
    let path = &args.project;
    let mut project = load(path)?;
    let name = args.name.trim();
    if name.is_empty() {
        bail!("the map name is empty");
    }
    let mut placed: Vec<(EntityId, Option<[f32; 2]>)> = Vec::with_capacity(args.entities.len());
    for text in &args.entities {
        let (id, at) = entity_at(&project, text)?;
        if !placed.iter().any(|(p, _)| p == &id) {
            placed.push((id, at));
        }
    }
    let notes = args.notes.iter().map(|n| parse_note(n)).collect::<anyhow::Result<Vec<_>>>()?;
    let groups = args.groups.iter().map(|g| parse_group(g)).collect::<anyhow::Result<Vec<_>>>()?;

    let folded_name = fold(name);
    let mut map =
        project.maps.values().find(|m| fold(m.name.trim()) == folded_name).cloned().unwrap_or_else(|| {
            let id = IdGenerator::default().make(name, "map", |id| project.id_taken(id));
            Map::new(MapId(id), name)
        });
    let unplaced: Vec<&EntityId> = placed
        .iter()
        .filter(|(id, at)| at.is_none() && !map.nodes.contains_key(id))
        .map(|(id, _)| id)
        .collect();
    let circle = circle_positions(&map, &placed, unplaced.len());
    for (id, position) in unplaced.into_iter().zip(circle) {
        map.nodes.insert(id.clone(), MapNode { x: position[0], y: position[1], pinned: false });
    }
    for (id, at) in &placed {
        if let Some([x, y]) = *at {
            let pinned = map.nodes.get(id).is_some_and(|n| n.pinned);
            map.nodes.insert(id.clone(), MapNode { x, y, pinned });
        }
    }
    for note in notes {
        if !map.notes.contains(&note) {
            map.notes.push(note);
        }
    }
    for group in groups {
        if !map.groups.contains(&group) {
            map.groups.push(group);
        }
    }
    let id = map.id.clone();
    apply(&mut project, &Edit::put(map)).context("saving the map")?;
    store::save(&project, path).with_context(|| format!("saving {}", path.display()))?;
    println!("{id}");
    Ok(ExitCode::SUCCESS)
}

fn load(path: &Path) -> anyhow::Result<Project> {
    super::load_project(path)
}

/// Whether `text` is a date as relations keep them: "2024", "2024-12", "2024-12-08", or in
/// words with a year ("December 2024").
fn is_date(text: &str) -> bool {
    let text = text.trim();
    let (year, month, day) = date_sort_key(text);
    if year == 0 {
        return false;
    }
    let iso_like =
        text.len() >= 5 && text.as_bytes()[..4].iter().all(u8::is_ascii_digit) && text.as_bytes()[4] == b'-';
    if !iso_like {
        return true;
    }
    // Every part written must have been understood: "2024-13" or "2024-12-40" are typos.
    let understood = match (month, day) {
        (0, _) => format!("{year:04}"),
        (m, 0) => format!("{year:04}-{m:02}"),
        (m, d) => format!("{year:04}-{m:02}-{d:02}"),
    };
    text == understood
}

/// Whether `relation` is the one `dossier relate` would otherwise add again: same ends
/// (either way round when it is undirected) and the same label, ignoring case.
fn same_relation(relation: &Relation, from: &EntityId, to: &EntityId, label: &str) -> bool {
    let ends = (&relation.from == from && &relation.to == to)
        || (!relation.directed && &relation.from == to && &relation.to == from);
    ends && fold(relation.label.trim()) == fold(label)
}

/// The entity that `text` names: its id, or its name or an alias compared folded (case,
/// accents and apostrophe styles do not matter).
pub(super) fn resolve_entity(project: &Project, text: &str) -> anyhow::Result<EntityId> {
    let text = text.trim();
    let by_id = EntityId::from(text);
    if project.entities.contains_key(&by_id) {
        return Ok(by_id);
    }
    let wanted = fold(text);
    let matching: Vec<&crate::model::Entity> = project
        .entities
        .values()
        .filter(|e| std::iter::once(&e.name).chain(&e.aliases).any(|n| fold(n.trim()) == wanted))
        .collect();
    match matching.as_slice() {
        [entity] => Ok(entity.id.clone()),
        [] => {
            let candidates = project.entities.values().map(|e| {
                (e.id.as_str(), e.name.as_str(), std::iter::once(&e.name).chain(&e.aliases).collect())
            });
            match did_you_mean(&wanted, candidates) {
                Some(hint) => bail!("unknown entity {text:?}; did you mean {hint}?"),
                None => bail!("unknown entity {text:?}; give an entity's id, name or alias"),
            }
        }
        several => {
            let list: Vec<String> = several.iter().map(|e| format!("{:?} ({})", e.name, e.id)).collect();
            bail!("{text:?} names several entities: {}; give the id", list.join(", "))
        }
    }
}

/// A hint like `"Vladimir Putin" (vladimir-putin-cwuq)` naming the candidates closest to
/// `wanted` (already folded), or `None` when nothing is close. Each candidate is its id, its
/// display name and the names it can be called by.
fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str, Vec<&'a String>)>,
) -> Option<String> {
    let wanted_chars = wanted.chars().count();
    let limit = (wanted_chars / 3).max(2);
    let mut scored: Vec<(usize, &str, &str)> = candidates
        .filter_map(|(id, name, names)| {
            let best = names
                .iter()
                .map(|n| {
                    let n = fold(n.trim());
                    let long_enough = wanted_chars >= 3 && n.chars().count() >= 3;
                    if long_enough && (n.contains(wanted) || wanted.contains(n.as_str())) {
                        0
                    } else {
                        edit_distance(wanted, &n)
                    }
                })
                .min()?;
            (best <= limit).then_some((best, id, name))
        })
        .collect();
    scored.sort_unstable();
    let hints: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, id, name)| if id == name { format!("{id:?}") } else { format!("{name:?} ({id})") })
        .collect();
    (!hints.is_empty()).then(|| hints.join(" or "))
}

/// `slug` without a word cut off by the slug's length limit ("russia-granted-asylum-to-bashar-a"
/// becomes "russia-granted-asylum-to-bashar").
pub(super) fn whole_words(slug: &str) -> &str {
    const SLUG_LIMIT: usize = 32;
    if slug.len() < SLUG_LIMIT {
        return slug;
    }
    slug.rfind('-').map_or(slug, |cut| &slug[..cut])
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The source and anchor of a `SOURCE=TEXT` quote, which must occur exactly once.
pub(super) fn anchor_quote(project: &Project, quote: &str) -> anyhow::Result<(SourceId, Anchor)> {
    let Some((source, exact)) = quote.split_once('=') else {
        bail!("--quote {quote:?} must be SOURCE=TEXT: a source id, '=', then the quote");
    };
    let source_id = SourceId::from(source.trim());
    let Some(source) = project.sources.get(&source_id) else {
        let ids: Vec<&str> = project.sources.keys().map(SourceId::as_str).collect();
        let hint = did_you_mean(
            &fold(source.trim()),
            project.sources.keys().map(|id| (id.as_str(), id.as_str(), vec![&id.0])),
        );
        match hint {
            Some(hint) => bail!("unknown source {:?} in --quote; did you mean {hint}?", source.trim()),
            None => {
                bail!("unknown source {:?} in --quote; the sources are {}", source.trim(), ids.join(", "))
            }
        }
    };
    if exact.trim().is_empty() {
        bail!("the quote from source {source_id} is empty");
    }
    let text: &str = &source.text;
    let starts: Vec<usize> = text.match_indices(exact).map(|(i, _)| i).take(100).collect();
    match starts.as_slice() {
        [start] => {
            let anchor = Anchor::from_span(text, *start, start + exact.len())?;
            Ok((source_id, anchor))
        }
        [] => match near_match(text, exact) {
            Some(near) => bail!(
                "quote not found in source {source_id}: {exact:?}; the text has {near:?}, which differs in case, accents or punctuation"
            ),
            None => bail!("quote not found in source {source_id}: {exact:?}"),
        },
        several => {
            bail!("quote {exact:?} occurs {} times in source {source_id}; give a longer quote", several.len())
        }
    }
}

/// The first span of `text` that equals `quote` once both are folded.
fn near_match<'a>(text: &'a str, quote: &str) -> Option<&'a str> {
    let folded = Folded::new(text);
    let wanted = fold(quote);
    if wanted.is_empty() {
        return None;
    }
    let start = folded.text().find(&wanted)?;
    text.get(folded.to_original(start..start + wanted.len()))
}

/// An `--entity` value: the entity, and the position after an `@` if one was given.
fn entity_at(project: &Project, text: &str) -> anyhow::Result<(EntityId, Option<[f32; 2]>)> {
    if let Some((name, at)) = text.rsplit_once('@')
        && let Some((x, y)) = at.split_once(',')
        && let (Ok(x), Ok(y)) = (x.trim().parse::<f32>(), y.trim().parse::<f32>())
    {
        if !x.is_finite() || !y.is_finite() {
            bail!("--entity {text:?}: the position must be two finite numbers");
        }
        return Ok((resolve_entity(project, name)?, Some([x, y])));
    }
    Ok((resolve_entity(project, text)?, None))
}

/// Positions for `count` new nodes, evenly on a circle with neighbours [`NODE_SPACING`]
/// apart; around the existing nodes (and outside them) when the map has some.
fn circle_positions(map: &Map, placed: &[(EntityId, Option<[f32; 2]>)], count: usize) -> Vec<[f32; 2]> {
    if count == 0 {
        return Vec::new();
    }
    let mut fixed: Vec<[f32; 2]> = map.nodes.values().map(|n| [n.x, n.y]).collect();
    fixed.extend(placed.iter().filter_map(|(_, at)| *at));
    let n = count as f32;
    // Neighbours on a circle of radius r are 2r·sin(π/n) apart.
    let mut radius = if count == 1 { 0.0 } else { NODE_SPACING / (2.0 * (std::f32::consts::PI / n).sin()) };
    let mut centre = [0.0, 0.0];
    if !fixed.is_empty() {
        let len = fixed.len() as f32;
        centre =
            [fixed.iter().map(|p| p[0]).sum::<f32>() / len, fixed.iter().map(|p| p[1]).sum::<f32>() / len];
        let farthest = fixed.iter().map(|p| (p[0] - centre[0]).hypot(p[1] - centre[1])).fold(0.0, f32::max);
        radius = radius.max(farthest + NODE_SPACING);
    }
    (0..count)
        .map(|i| {
            // Start at the top and go clockwise (y grows downwards).
            let angle = i as f32 / n * std::f32::consts::TAU - std::f32::consts::FRAC_PI_2;
            [(centre[0] + radius * angle.cos()).round(), (centre[1] + radius * angle.sin()).round()]
        })
        .collect()
}

/// Parses `X,Y,TEXT`.
fn parse_note(text: &str) -> anyhow::Result<MapNote> {
    let parts: Vec<&str> = text.splitn(3, ',').collect();
    if let [x, y, note] = parts.as_slice()
        && let (Some(x), Some(y)) = (number(x), number(y))
        && !note.trim().is_empty()
    {
        return Ok(MapNote { x, y, text: note.trim().to_owned() });
    }
    bail!("--note {text:?} must be X,Y,TEXT: two numbers and the note's text")
}

/// Parses `X,Y,W,H,LABEL`.
fn parse_group(text: &str) -> anyhow::Result<MapGroup> {
    let parts: Vec<&str> = text.splitn(5, ',').collect();
    if let [x, y, width, height, label] = parts.as_slice()
        && let (Some(x), Some(y), Some(width), Some(height)) =
            (number(x), number(y), number(width), number(height))
        && width > 0.0
        && height > 0.0
    {
        return Ok(MapGroup { x, y, width, height, label: label.trim().to_owned() });
    }
    bail!("--group {text:?} must be X,Y,W,H,LABEL: four numbers (width and height above 0) and a label")
}

fn number(text: &str) -> Option<f32> {
    text.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        let table = [("putin", "putin", 0), ("pution", "putin", 1), ("", "abc", 3), ("kitten", "sitting", 3)];
        for (a, b, expected) in table {
            assert_eq!(edit_distance(a, b), expected, "{a} / {b}");
        }
    }

    #[test]
    fn dates() {
        for good in ["2018", "2024-12", "2024-12-08", "December 2024", "8 December 2024"] {
            assert!(is_date(good), "{good}");
        }
        for bad in ["", "soon", "2024-13", "2024-12-40", "2024-1-8", "2024-12-08T10:00"] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn notes_and_groups_parse_with_commas_in_their_text() {
        let note = parse_note("10, -20.5,Cash flights, 2018–2019").expect("parses");
        assert_eq!(note, MapNote { x: 10.0, y: -20.5, text: "Cash flights, 2018–2019".into() });
        let group = parse_group("0,0,300,200,Bases, Latakia").expect("parses");
        assert_eq!(group.label, "Bases, Latakia");
        assert!(parse_note("10,x,text").is_err());
        assert!(parse_group("0,0,-3,200,Bad").is_err());
    }

    #[test]
    fn circle_positions_are_spaced_and_outside_existing_nodes() {
        let mut map = Map::new(MapId::from("m"), "M");
        let fresh = circle_positions(&map, &[], 6);
        for pair in fresh.windows(2) {
            let gap = (pair[0][0] - pair[1][0]).hypot(pair[0][1] - pair[1][1]);
            assert!(gap >= NODE_SPACING - 2.0, "{gap}");
        }
        map.nodes.insert(EntityId::from("a"), MapNode { x: 100.0, y: 100.0, pinned: false });
        let more = circle_positions(&map, &[], 2);
        for p in more {
            assert!((p[0] - 100.0).hypot(p[1] - 100.0) >= NODE_SPACING - 1.0);
        }
    }
}
