//! Possible duplicate entities: two analysts who each added "Russia" to their copy of a
//! project end up with two entities once the copies are merged. Finding them is a
//! proposal; merging them ([`crate::edit::merge_entities`]) is the analyst's call.
//!
//! Precision matters more than recall here: a list of thousands of "possible duplicates"
//! is read by nobody. Two entities of the same kind are proposed when
//!
//! - their names are the same once folded (case, accents, spacing and punctuation
//!   between words ignored), or one's name is an alias of the other;
//! - they share an alias of two or more words ("Russian Federation"). A shared one-word
//!   alias is not enough: "Assad" names Bashar and Hafez al-Assad, and an acronym such as
//!   "MRG" stands for many organisations. Such a name is ambiguous, which the mention
//!   review handles, not a sign of a duplicate;
//! - their names differ in one word only, by a vowel or a doubled letter, and that word is
//!   at least [`MIN_VARIANT_WORD_CHARS`] letters long: "Ahmed al-Sharaa" and "Ahmad
//!   al-Sharaa", not "Republic of Aba" and "Republic of Abu", nor "Alalha Air Base" and
//!   "Alalka Air Base".

use std::collections::HashMap;

use crate::model::{Entity, EntityId, EntityKind, Project};
use crate::text::fold;

/// The shortest word in which a one-letter difference still counts as a spelling
/// variant rather than another name.
pub const MIN_VARIANT_WORD_CHARS: usize = 5;

/// Groups of entities of the same kind that are probably the same thing (see the module
/// docs for the rules). Each group has two or more ids in id order; groups are in the
/// order of their first id. Entities linked through a chain of matches form one group.
pub fn duplicate_entities(project: &Project) -> Vec<Vec<EntityId>> {
    let entities: Vec<&Entity> = project.entities.values().collect();
    let mut sets = DisjointSets::new(entities.len());
    let names: Vec<Vec<String>> = entities.iter().map(|e| words(&e.name)).collect();

    // Same name, name against alias, and shared aliases of several words.
    let mut by_name: HashMap<(EntityKind, String), usize> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        if names[i].is_empty() {
            continue;
        }
        let key = (entity.kind, names[i].join(" "));
        match by_name.get(&key) {
            Some(&first) => sets.join(first, i),
            None => {
                by_name.insert(key, i);
            }
        }
    }
    let mut by_long_alias: HashMap<(EntityKind, String), usize> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        for alias in &entity.aliases {
            let alias_words = words(alias);
            if alias_words.is_empty() {
                continue;
            }
            let several_words = alias_words.len() > 1;
            let key = (entity.kind, alias_words.join(" "));
            if let Some(&named) = by_name.get(&key) {
                sets.join(named, i);
            }
            if several_words {
                match by_long_alias.get(&key) {
                    Some(&first) => sets.join(first, i),
                    None => {
                        by_long_alias.insert(key, i);
                    }
                }
            }
        }
    }

    // Spelling variants. Two words one edit apart share a form with one letter deleted
    // (or one is such a form of the other), so names are bucketed by their other words
    // plus each one-letter deletion of the varying word, and only names in a bucket are
    // compared. This keeps the work linear in the number of names.
    let mut buckets: HashMap<(EntityKind, String), Vec<(usize, usize)>> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        for (position, word) in names[i].iter().enumerate() {
            let letters: Vec<char> = word.chars().collect();
            if letters.len() + 1 < MIN_VARIANT_WORD_CHARS {
                continue;
            }
            let mut context = String::new();
            for (j, other) in names[i].iter().enumerate() {
                context.push_str(if j == position { "\u{1}" } else { other });
                context.push(' ');
            }
            let mut variants: Vec<String> = (0..letters.len())
                .map(|skip| letters.iter().enumerate().filter(|(k, _)| *k != skip).map(|(_, c)| *c).collect())
                .collect();
            variants.push(word.clone());
            variants.sort_unstable();
            variants.dedup();
            for variant in variants {
                buckets
                    .entry((entity.kind, format!("{context}\u{2}{variant}")))
                    .or_default()
                    .push((i, position));
            }
        }
    }
    for members in buckets.values() {
        for (a, &(i, position)) in members.iter().enumerate() {
            for &(j, _) in &members[a + 1..] {
                if i != j && is_spelling_variant(&names[i][position], &names[j][position]) {
                    sets.join(i, j);
                }
            }
        }
    }

    let mut groups: Vec<Vec<EntityId>> = vec![Vec::new(); entities.len()];
    for (i, entity) in entities.iter().enumerate() {
        let root = sets.root(i);
        groups[root].push(entity.id.clone());
    }
    // Roots are the smallest member, so groups come out in the order of their first id.
    groups.into_iter().filter(|group| group.len() > 1).collect()
}

/// The words of a name once folded: runs of letters and digits.
fn words(name: &str) -> Vec<String> {
    fold(name).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Whether two different words are spellings of one name, as transliteration and
/// careless typing make them: one vowel changed ("Ahmed", "Ahmad"), one vowel added or
/// dropped ("Hmeimim", "Hmeimeim"), or one letter doubled ("Asad", "Assad"); and long
/// enough for that to be a variant rather than another word. A changed consonant makes
/// another name ("Alalha", "Alalka"), so a general edit distance would say too much; this
/// test is small and specific, which is why it is written here and not taken from a crate.
fn is_spelling_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() < MIN_VARIANT_WORD_CHARS || a == b {
        return false;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    match long.len() - short.len() {
        0 => {
            let mut differing = short.iter().zip(long.iter()).filter(|(x, y)| x != y);
            matches!((differing.next(), differing.next()), (Some((x, y)), None) if is_vowel(*x) && is_vowel(*y))
        }
        1 => {
            // The first place where they differ is the letter the longer word has more.
            let extra = short.iter().zip(long.iter()).position(|(x, y)| x != y).unwrap_or(short.len());
            let doubled = (extra > 0 && long[extra - 1] == long[extra])
                || long.get(extra + 1).is_some_and(|next| *next == long[extra]);
            long[..extra] == short[..extra]
                && long[extra + 1..] == short[extra..]
                && (is_vowel(long[extra]) || doubled)
        }
        _ => false,
    }
}

/// Union-find over positions, where a set's representative is its smallest member.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(len: usize) -> Self {
        Self { parent: (0..len).collect() }
    }

    /// The representative of `i`'s set, halving the path on the way.
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_of(rows: &[(&str, &str, EntityKind, &[&str])]) -> Project {
        let mut project = Project::new("t");
        for (id, name, kind, aliases) in rows {
            let mut entity = Entity::new(EntityId::from(*id), *name, *kind);
            entity.aliases = aliases.iter().map(|a| (*a).to_owned()).collect();
            project.entities.insert(entity.id.clone(), entity);
        }
        project
    }

    fn ids(groups: &[&[&str]]) -> Vec<Vec<EntityId>> {
        groups.iter().map(|g| g.iter().map(|id| EntityId::from(*id)).collect()).collect()
    }

    #[test]
    fn same_kind_and_folded_name_or_alias_make_a_group() {
        let project = project_of(&[
            ("russia-a", "Russia", EntityKind::State, &[]),
            ("russia-b", "RUSSIA ", EntityKind::State, &[]),
            ("russian-federation-c", "Russian Federation", EntityKind::State, &["Russia"]),
            ("russia-person-d", "Russia", EntityKind::Person, &[]),
            ("asad-e", "Asád", EntityKind::Person, &[]),
            ("assad-f", "Bashar al-Assad", EntityKind::Person, &["asad"]),
            ("hts-g", "HTS", EntityKind::Organization, &[]),
        ]);
        assert_eq!(
            duplicate_entities(&project),
            ids(&[&["asad-e", "assad-f"], &["russia-a", "russia-b", "russian-federation-c"]])
        );
    }

    /// Each row: two entities of one kind, and whether they are proposed as duplicates.
    #[test]
    fn what_counts_as_a_duplicate() {
        type Side<'a> = (&'a str, &'a [&'a str]);
        let rows: &[(Side<'_>, Side<'_>, bool)] = &[
            // A shared acronym is an ambiguous name, not a duplicate.
            (("En Ro Group", &["ERG"]), ("Enal Romi Group", &["ERG"]), false),
            // So is a shared surname.
            (("Bashar al-Assad", &["Assad"]), ("Hafez al-Assad", &["Assad"]), false),
            // A shared alias of several words is a duplicate.
            (("Russia", &["Russian Federation"]), ("RF", &["Russian Federation"]), true),
            // Punctuation and spacing between words do not matter.
            (("Bashar al-Assad", &[]), ("Bashar al Assad", &[]), true),
            (("Bashar al-Assad", &[]), ("bashar  AL-ASSAD", &[]), true),
            // One letter in a long word is a spelling variant...
            (("Ahmed al-Sharaa", &[]), ("Ahmad al-Sharaa", &[]), true),
            (("Hezbollah", &[]), ("Hizbollah", &[]), true),
            (("Alalha Air Base", &[]), ("Alalka Air Base", &[]), false),
            (("Central Bank of Syria", &[]), ("Central Bnak of Syria", &[]), false),
            (("Hmeimim Air Base", &[]), ("Hmeimeim Air Base", &[]), true),
            (("Hmeimim Air Base", &[]), ("Hmeimim Airbase", &[]), false),
            // ...but not in a short word, nor two letters, nor in two words.
            (("Republic of Aba", &[]), ("Republic of Abu", &[]), false),
            (("Mohammed Ali", &[]), ("Muhammad Ali", &[]), false),
            (("Ahmed al-Sharaa", &[]), ("Ahmad al-Shara", &[]), false),
            (("En Ro Group", &[]), ("Enal Romi Group", &[]), false),
        ];
        for (a, b, expected) in rows {
            let project = project_of(&[
                ("a", a.0, EntityKind::Organization, a.1),
                ("b", b.0, EntityKind::Organization, b.1),
            ]);
            let found = !duplicate_entities(&project).is_empty();
            assert_eq!(found, *expected, "{a:?} and {b:?}");
        }
    }

    #[test]
    fn spelling_variants_are_vowels_and_doubled_letters() {
        let rows = [
            ("ahmed", "ahmad", true),
            ("hmeimim", "hmeimeim", true),
            ("assad", "asad", true),
            ("asad", "assad", true),
            ("hezbollah", "hizbollah", true),
            ("alalha", "alalka", false),
            ("alalmor", "alalvor", false),
            ("central", "cnetral", false),
            ("bnak", "bank", false),
            ("aba", "abu", false),
            ("sharaa", "sharaa", false),
            ("mohammed", "muhammad", false),
            ("damascus", "damascuss", true),
            ("damascus", "damascust", false),
        ];
        for (a, b, expected) in rows {
            assert_eq!(is_spelling_variant(a, b), expected, "{a} ~ {b}");
        }
    }
}
