//! Stable, readable, collision-safe ids such as `russia-k3f9`.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the project files.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a [`crate::model::Source`].
    SourceId
);
id_type!(
    /// Identifies a [`crate::model::Entity`].
    EntityId
);
id_type!(
    /// Identifies a [`crate::model::Mention`].
    MentionId
);
id_type!(
    /// Identifies a [`crate::model::Rejection`].
    RejectionId
);
id_type!(
    /// Identifies a [`crate::model::Relation`].
    RelationId
);
id_type!(
    /// Identifies a [`crate::model::Map`].
    MapId
);
id_type!(
    /// Identifies a [`crate::model::Conflict`].
    ConflictId
);
id_type!(
    /// Identifies a [`crate::model::Claim`].
    ClaimId
);
id_type!(
    /// Identifies a [`crate::model::Event`].
    EventId
);
id_type!(
    /// Identifies a [`crate::model::AchMatrix`].
    AchId
);
id_type!(
    /// Identifies a [`crate::model::Hypothesis`] within its matrix.
    HypothesisId
);

/// The longest slug kept in front of the random suffix.
const MAX_SLUG_CHARS: usize = 32;

/// Turns a name into the readable part of an id: lowercase ASCII letters and digits
/// separated by single hyphens ("Hay'at Tahrir al-Sham" → "hayat-tahrir-al-sham").
///
/// Letters with accents lose them where that is a plain ASCII letter; other scripts are
/// dropped, so a name in Arabic script gives an empty slug and the caller's fallback.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in name.chars() {
        let c = ascii_fold(c);
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= MAX_SLUG_CHARS {
                break;
            }
        } else if c != '\'' && c != '’' {
            // Apostrophes join ("Hay'at" → "hayat"); everything else separates words.
            pending_hyphen = true;
        }
    }
    out
}

/// Maps common accented Latin letters to their base letter; anything else is returned as is.
fn ascii_fold(c: char) -> char {
    match c {
        'à'..='å' | 'ā' => 'a',
        'À'..='Å' | 'Ā' => 'A',
        'è'..='ë' | 'ē' => 'e',
        'È'..='Ë' | 'Ē' => 'E',
        'ì'..='ï' | 'ī' => 'i',
        'Ì'..='Ï' | 'Ī' => 'I',
        'ò'..='ö' | 'ø' | 'ō' => 'o',
        'Ò'..='Ö' | 'Ø' | 'Ō' => 'O',
        'ù'..='ü' | 'ū' => 'u',
        'Ù'..='Ü' | 'Ū' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'ð' => 'd',
        'Ð' => 'D',
        'Ñ' => 'N',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ḥ' => 'h',
        'Ḥ' => 'H',
        'ṣ' => 's',
        'Ṣ' => 'S',
        _ => c,
    }
}

/// Makes new ids: a slug of the item's name plus a short random suffix, so two analysts
/// who each add "Russia" to their copy of a project get different ids (`russia-k3f9`,
/// `russia-x2m0`) that merge cleanly.
pub struct IdGenerator {
    rng: fastrand::Rng,
}

/// Characters of the random suffix: digits and lowercase letters.
const SUFFIX_ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// 36^4 ≈ 1.7 million suffixes per slug: ample for ids that also carry a name.
const SUFFIX_LEN: usize = 4;

impl Default for IdGenerator {
    fn default() -> Self {
        Self { rng: fastrand::Rng::new() }
    }
}

impl IdGenerator {
    /// A generator whose ids are the same on every run (for `dossier synth` and tests).
    pub fn seeded(seed: u64) -> Self {
        Self { rng: fastrand::Rng::with_seed(seed) }
    }

    /// A new id string for something called `name`; `fallback` is the slug used when the
    /// name has no ASCII letters. `taken` says whether an id is already in use.
    pub fn make(&mut self, name: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
        let mut base = slug(name);
        if base.is_empty() {
            fallback.clone_into(&mut base);
        }
        loop {
            let mut id = base.clone();
            id.push('-');
            for _ in 0..SUFFIX_LEN {
                let i = self.rng.usize(..SUFFIX_ALPHABET.len());
                id.push(char::from(SUFFIX_ALPHABET[i]));
            }
            if !taken(&id) {
                return id;
            }
        }
    }
}

/// Whether `id` is a well-formed id: 1 to 80 characters of lowercase ASCII letters,
/// digits, `-` and `_`. Ids become file names, so nothing else is allowed.
pub fn is_valid_id(id: &str) -> bool {
    (1..=80).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let table = [
            ("Russia", "russia"),
            ("Hay’at Tahrir al-Sham", "hayat-tahrir-al-sham"),
            ("Hay'at Tahrir al-Sham (HTS)", "hayat-tahrir-al-sham-hts"),
            ("  Central Bank of Syria ", "central-bank-of-syria"),
            ("Khmeimim – Hmeimim", "khmeimim-hmeimim"),
            ("Björk Guðmundsdóttir", "bjork-gudmundsdottir"),
            ("بشار الأسد", ""),
        ];
        for (name, expected) in table {
            assert_eq!(slug(name), expected, "{name}");
        }
    }

    #[test]
    fn ids_are_readable_valid_and_avoid_taken_ones() {
        let mut ids = IdGenerator::seeded(7);
        let first = ids.make("Russia", "entity", |_| false);
        assert!(first.starts_with("russia-"), "{first}");
        assert_eq!(first.len(), "russia-".len() + SUFFIX_LEN);
        assert!(is_valid_id(&first));
        let mut again = IdGenerator::seeded(7);
        let second = again.make("Russia", "entity", |id| id == first);
        assert_ne!(first, second);
        assert!(ids.make("بشار", "entity", |_| false).starts_with("entity-"));
    }
}
