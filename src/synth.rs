//! `dossier synth`: large, realistic, deterministic projects for benchmarks and scale
//! tests. Sources are generated prose that names the entities (by name and alias), with
//! the mentions anchored in it and relations backed by quotes from it.

use std::collections::BTreeMap;

use crate::model::{
    Anchor, Credibility, Entity, EntityId, EntityKind, IdGenerator, Map, MapId, MapNode, Mention, MentionId,
    Project, Relation, RelationId, Reliability, Source, SourceId,
};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct SynthParams {
    /// Number of sources.
    pub sources: usize,
    /// Number of entities.
    pub entities: usize,
    /// Number of relations.
    pub relations: usize,
    /// Total number of mentions across all sources.
    pub mentions: usize,
    /// Seed: the same parameters and seed give the same project.
    pub seed: u64,
}

const SYLLABLES: [&str; 24] = [
    "ka", "ro", "mi", "sel", "dan", "vor", "li", "ta", "nu", "bar", "en", "zi", "ha", "mor", "qa", "tel",
    "su", "ra", "vin", "do", "al", "ke", "sha", "ni",
];

const LABELS: [&str; 8] = [
    "sent money to",
    "negotiated with",
    "controls",
    "met with",
    "supplied",
    "attacked",
    "granted asylum to",
    "is in contact with",
];

const OUTLETS: [&str; 6] =
    ["Northern Wire", "The Ledger", "Coastal Daily", "Radio Meridian", "Field Notes", "Gazette"];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A pronounceable word that is unique for each `n`.
fn word(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    let mut chars = out.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn entity_name(i: usize, kind: EntityKind) -> (String, Vec<String>) {
    let a = word(i * 7 + 3);
    let b = word(i);
    match kind {
        EntityKind::Person => (format!("{a} al-{b}"), vec![b.clone(), format!("{a} {b}")]),
        EntityKind::Organization => {
            let initials = format!("{}{}G", first(&a), first(&b));
            (format!("{a} {b} Group"), vec![initials])
        }
        EntityKind::State => (format!("Republic of {b}"), vec![b]),
        EntityKind::Place => (format!("{b} Province"), vec![format!("{b}")]),
        EntityKind::Facility => (format!("{b} Air Base"), vec![format!("{b} airbase")]),
        EntityKind::Money => (format!("{b} Fund"), Vec::new()),
        EntityKind::Event => (format!("{b} Offensive"), Vec::new()),
        EntityKind::Other => (format!("{a} {b}"), Vec::new()),
    }
}

fn first(s: &str) -> char {
    s.chars().next().unwrap_or('X').to_ascii_uppercase()
}

/// Builds a source's text sentence by sentence and records anchors as it goes.
struct TextBuilder {
    text: String,
}

impl TextBuilder {
    fn push(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }
}

/// Everyday words for the filler prose of [`synth_sized`].
const FILLER: [&str; 32] = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "that",
    "was",
    "for",
    "on",
    "with",
    "by",
    "as",
    "at",
    "from",
    "officials",
    "forces",
    "government",
    "after",
    "had",
    "not",
    "been",
    "which",
    "city",
    "week",
    "reported",
    "according",
    "military",
    "talks",
    "statement",
    "residents",
];

/// Adds sentences of filler prose (everyday words and made-up ones, one paragraph break
/// in about eight sentences) to `b` until its text is at least `until` bytes long.
fn filler(b: &mut TextBuilder, until: usize, rng: &mut fastrand::Rng) {
    while b.text.len() < until {
        let words = rng.usize(8..20);
        for i in 0..words {
            let n = rng.usize(..100);
            let word = if n < 80 {
                FILLER[n % FILLER.len()].to_owned()
            } else {
                word(rng.usize(..4096) + 600).to_lowercase()
            };
            if i == 0 {
                let mut chars = word.chars();
                b.text.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                b.text.push_str(chars.as_str());
            } else {
                b.text.push(' ');
                b.text.push_str(&word);
            }
        }
        b.text.push_str(if rng.usize(..8) == 0 { ".\n\n" } else { ". " });
    }
}

/// Generates the project described by `params`.
pub fn synth(params: &SynthParams) -> Project {
    synth_sized(params, 0)
}

/// Generates the project described by `params`, padding each source's text with filler
/// prose to about `text_bytes_per_source` bytes (spread between the sentences that
/// mention entities), so that a project can be as large on disk as a real corpus.
pub fn synth_sized(params: &SynthParams, text_bytes_per_source: usize) -> Project {
    let mut ids = IdGenerator::seeded(params.seed);
    let mut rng = fastrand::Rng::with_seed(params.seed ^ 0x5eed);
    let mut project = Project::new(format!("Synthetic project (seed {})", params.seed));
    project.meta.notes = format!(
        "Generated by `dossier synth --sources {} --entities {} --relations {} --mentions {} --seed {}`.",
        params.sources, params.entities, params.relations, params.mentions, params.seed
    );

    let mut entity_ids = Vec::with_capacity(params.entities);
    // Names with which sources may refer to each entity: its name and its aliases.
    let mut spellings: Vec<Vec<String>> = Vec::with_capacity(params.entities);
    for i in 0..params.entities {
        let kind = EntityKind::ALL[i % EntityKind::ALL.len()];
        let (name, aliases) = entity_name(i, kind);
        let id = EntityId(ids.make(&name, "entity", |id| project.id_taken(id)));
        let mut names = vec![name.clone()];
        names.extend(aliases.iter().cloned());
        spellings.push(names);
        entity_ids.push(id.clone());
        project.entities.insert(id.clone(), Entity { aliases, ..Entity::new(id, name, kind) });
    }

    // Relations are spread over the sources; each is stated in one sentence of one source.
    let mut relation_plan: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); params.sources];
    if params.entities >= 2 && params.sources > 0 {
        for r in 0..params.relations {
            let from = rng.usize(..params.entities);
            let mut to = rng.usize(..params.entities - 1);
            if to >= from {
                to += 1;
            }
            relation_plan[r % params.sources].push((from, to, r));
        }
    }

    let mut relation_items = Vec::new();
    for s in 0..params.sources {
        let budget = params.mentions / params.sources.max(1)
            + usize::from(s < params.mentions % params.sources.max(1));
        let mut left = budget;
        let title = format!("{} report {}", word(s + 11), s + 1);
        let source_id = SourceId(ids.make(&title, "source", |id| project.id_taken(id)));
        let mut b = TextBuilder { text: format!("{title}\n\n") };
        b.text.reserve(text_bytes_per_source);
        let mut mentions = Vec::new();
        // Filler is added after each sentence in proportion to the mentions placed so far.
        let sentences = relation_plan[s].len() + budget;
        let mut placed = 0;

        let mut mention = |b: &mut TextBuilder, entity: usize, left: &mut usize, rng: &mut fastrand::Rng| {
            let names = &spellings[entity];
            let name = &names[rng.usize(..names.len())];
            let (start, end) = b.push(name);
            if *left > 0 {
                *left -= 1;
                mentions.push((entity, start, end));
            }
        };

        for &(from, to, r) in &relation_plan[s] {
            let sentence_start = b.text.len();
            b.push("Officials said that ");
            mention(&mut b, from, &mut left, &mut rng);
            b.push(&format!(" {} ", LABELS[r % LABELS.len()]));
            mention(&mut b, to, &mut left, &mut rng);
            b.push(&format!(" in {} {}.", MONTHS[r % 12], 2015 + r % 10));
            let sentence_end = b.text.len();
            b.push(" ");
            relation_items.push((r, from, to, source_id.clone(), sentence_start, sentence_end));
            placed += 1;
            filler(&mut b, text_bytes_per_source * placed / sentences.max(1), &mut rng);
        }
        while left > 0 && params.entities > 0 {
            let a = rng.usize(..params.entities);
            match rng.u8(..4) {
                0 => {
                    b.push("Residents described how ");
                    mention(&mut b, a, &mut left, &mut rng);
                    b.push(" changed the situation on the ground. ");
                }
                1 if left >= 2 => {
                    let other = rng.usize(..params.entities);
                    b.push("Reports linked ");
                    mention(&mut b, a, &mut left, &mut rng);
                    b.push(" to ");
                    mention(&mut b, other, &mut left, &mut rng);
                    b.push(", though the details remain unclear. ");
                }
                2 => {
                    b.push("A spokesperson declined to comment on ");
                    mention(&mut b, a, &mut left, &mut rng);
                    b.push(".\n\n");
                }
                _ => {
                    b.push("According to two people familiar with the matter, ");
                    mention(&mut b, a, &mut left, &mut rng);
                    b.push(" had been preparing for weeks. ");
                }
            }
            placed += 1;
            filler(&mut b, text_bytes_per_source * placed / sentences.max(1), &mut rng);
        }
        filler(&mut b, text_bytes_per_source, &mut rng);
        b.text.push_str("\nThe situation remains fluid.\n");

        let mut source = Source::new(source_id.clone(), title, b.text.as_str());
        OUTLETS[s % OUTLETS.len()].clone_into(&mut source.outlet);
        source.published = format!("{}-{:02}-{:02}", 2015 + s % 10, 1 + s % 12, 1 + s % 28);
        "en".clone_into(&mut source.language);
        source.reliability = Some(Reliability::ALL[s % 6]);
        for (entity, start, end) in mentions {
            let Ok(anchor) = Anchor::from_span(&b.text, start, end) else { continue };
            let id = MentionId(ids.make("m", "m", |id| project.id_taken(id)));
            project.mentions.insert(
                id.clone(),
                Mention { id, entity: entity_ids[entity].clone(), source: source_id.clone(), anchor },
            );
        }
        project.sources.insert(source_id, source);
    }

    for (r, from, to, source, start, end) in relation_items {
        let text = &project.sources[&source].text;
        let Ok(anchor) = Anchor::from_span(text, start, end) else { continue };
        let label = LABELS[r % LABELS.len()].to_owned();
        let id = RelationId(ids.make(&label, "relation", |id| project.id_taken(id)));
        project.relations.insert(
            id.clone(),
            Relation {
                evidence: vec![crate::model::Evidence {
                    source,
                    anchor,
                    credibility: Some(Credibility::ALL[r % 6]),
                }],
                ..Relation::new(id, entity_ids[from].clone(), entity_ids[to].clone(), label)
            },
        );
    }

    let columns = (params.entities as f64).sqrt().ceil().max(1.0) as usize;
    let nodes: BTreeMap<EntityId, MapNode> = entity_ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let node =
                MapNode { x: (i % columns) as f32 * 120.0, y: (i / columns) as f32 * 90.0, pinned: false };
            (id.clone(), node)
        })
        .collect();
    let map_id = MapId(ids.make("All entities", "map", |id| project.id_taken(id)));
    project.maps.insert(map_id.clone(), Map { nodes, ..Map::new(map_id, "All entities") });
    project
}

/// Changes `project` in a way that depends only on `n` and the project, for tests that
/// need a different project to save (`dossier resave --touch N`): the notes, one entity,
/// one relation and one mention change or go, and every fourth touch adds or removes a
/// small source, so a save rewrites several files and writes or deletes a text.
pub fn touch(project: &mut Project, n: u64) {
    project.meta.notes = format!("Touched {n} times.");
    let pick = |len: usize| (n % len.max(1) as u64) as usize;
    let entity_index = pick(project.entities.len());
    if let Some(entity) = project.entities.values_mut().nth(entity_index) {
        entity.notes = format!("touch {n}");
    }
    let relation_index = pick(project.relations.len());
    if let Some(relation) = project.relations.values_mut().nth(relation_index) {
        relation.notes = format!("touch {n}");
    }
    let mention_index = pick(project.mentions.len());
    if let Some(id) = project.mentions.keys().nth(mention_index).cloned() {
        project.mentions.remove(&id);
    }
    match n % 8 {
        0 => {
            let id = SourceId(format!("touch-{n}"));
            let source = Source::new(id.clone(), format!("Touch {n}"), format!("The text of touch {n}.\n"));
            project.sources.insert(id, source);
        }
        4 => {
            project.sources.remove(&SourceId(format!("touch-{}", n - 4)));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synth_is_valid_deterministic_and_has_the_asked_counts() {
        let params = SynthParams { sources: 20, entities: 60, relations: 40, mentions: 700, seed: 3 };
        let project = synth(&params);
        assert_eq!(project.validate(), Vec::new());
        assert_eq!(project.sources.len(), 20);
        assert_eq!(project.entities.len(), 60);
        assert_eq!(project.relations.len(), 40);
        assert_eq!(project.mentions.len(), 700);
        assert_eq!(project.maps.values().map(|m| m.nodes.len()).sum::<usize>(), 60);
        assert_eq!(synth(&params), project);
        assert!(project.relations.values().all(|r| !r.evidence.is_empty()));
    }

    /// The map the layout benchmark uses: every entity on it, every relation between them.
    #[test]
    fn large_map_for_layouts() {
        let params = SynthParams { sources: 10, entities: 10_000, relations: 20_000, mentions: 0, seed: 1 };
        let project = synth(&params);
        let map = project.maps.values().next().expect("a map");
        assert_eq!(map.nodes.len(), 10_000);
        let graph = crate::analysis::layout::LayoutGraph::from_map(&project, map);
        assert_eq!(graph.edges.len(), 20_000);
        assert!(graph.edges.iter().all(|(a, b)| a != b));
    }

    #[test]
    fn words_are_unique() {
        let words: std::collections::HashSet<String> = (0..20_000).map(word).collect();
        assert_eq!(words.len(), 20_000);
    }
}
