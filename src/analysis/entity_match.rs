//! Finding an entity by a few typed letters, for the tag popup: fuzzy over names and
//! aliases, best first.
//!
//! Scoring is nucleo-matcher's (the fuzzy matcher of the Helix editor) over folded text,
//! so case, accents and apostrophe styles never matter; an exact name or alias and a
//! prefix rank above scattered letters.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::model::{Entity, EntityId};
use crate::text::fold;

/// An entity that matches the query, and the name or alias that matched best.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMatch {
    /// The entity.
    pub entity: EntityId,
    /// Its name, or the alias that matched better than the name.
    pub matched: String,
    /// Higher is better.
    pub score: u32,
}

/// Bonus for a name or alias that equals the query (after folding).
const EXACT: u32 = 100_000;
/// Bonus for a name or alias that starts with the query.
const PREFIX: u32 = 50_000;

/// The entities whose name or an alias matches `query`, best first (ties by name), at most
/// `limit`. An empty query matches nothing.
pub fn rank_entities<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
    query: &str,
    limit: usize,
) -> Vec<EntityMatch> {
    let folded_query = fold(query.trim());
    if folded_query.is_empty() {
        return Vec::new();
    }
    let pattern = Pattern::new(&folded_query, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut out: Vec<(EntityMatch, String)> = Vec::new();
    for entity in entities {
        let mut best: Option<(u32, &str)> = None;
        for name in std::iter::once(&entity.name).chain(&entity.aliases) {
            let folded = fold(name);
            let Some(score) = pattern.score(Utf32Str::new(&folded, &mut buf), &mut matcher) else {
                continue;
            };
            let bonus = if folded == folded_query {
                EXACT
            } else if folded.starts_with(&folded_query) {
                PREFIX
            } else {
                0
            };
            let score = score + bonus;
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, name));
            }
        }
        if let Some((score, name)) = best {
            let found = EntityMatch { entity: entity.id.clone(), matched: name.to_owned(), score };
            out.push((found, fold(&entity.name)));
        }
    }
    out.sort_by(|(a, an), (b, bn)| {
        b.score.cmp(&a.score).then_with(|| an.cmp(bn)).then(a.entity.cmp(&b.entity))
    });
    out.into_iter().take(limit).map(|(m, _)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    fn entity(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..Entity::new(id.into(), name, EntityKind::Other)
        }
    }

    fn ranked(query: &str) -> Vec<String> {
        let entities = [
            entity("assad", "Bashar al-Assad", &["Assad", "al-Assad", "Asad"]),
            entity("hts", "Hay\u{2019}at Tahrir al-Sham", &["HTS"]),
            entity("hmeimim", "Hmeimim air base", &["Hmeimin", "Khmeimim"]),
            entity("russia", "Russia", &["Moscow"]),
            entity("sharaa", "Ahmed al-Sharaa", &["al-Jolani"]),
        ];
        rank_entities(&entities, query, 10)
            .into_iter()
            .map(|m| format!("{}:{}", m.entity, m.matched))
            .collect()
    }

    #[test]
    fn exact_alias_beats_fuzzy_name() {
        assert_eq!(ranked("asad")[0], "assad:Asad");
        assert_eq!(ranked("ASSAD")[0], "assad:Assad");
        assert_eq!(ranked("hts")[0], "hts:HTS");
    }

    #[test]
    fn prefixes_and_scattered_letters_match() {
        assert_eq!(ranked("hmei")[0], "hmeimim:Hmeimim air base");
        assert_eq!(ranked("khme")[0], "hmeimim:Khmeimim");
        assert!(ranked("hyt thrr").iter().any(|m| m.starts_with("hts:")));
        assert_eq!(ranked("hay'at")[0], "hts:Hay\u{2019}at Tahrir al-Sham");
    }

    #[test]
    fn nothing_for_an_empty_or_unmatched_query() {
        assert!(ranked("").is_empty());
        assert!(ranked("   ").is_empty());
        assert!(ranked("zzzz").is_empty());
    }
}
