//! The languages Campo speaks to its users, and the trait every user-facing error implements.
//!
//! pt-BR is the default (our users are Brazilian); English is available for every message.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A language the interface and its messages can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
pub enum Lang {
    /// Português do Brasil (default).
    #[default]
    #[serde(rename = "pt-BR")]
    PtBr,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Parses a BCP 47 tag loosely ("pt", "pt-BR", "en-US" …); anything unknown is pt-BR.
    pub fn from_tag(tag: &str) -> Self {
        if tag.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::PtBr
        }
    }
}

/// A message a person reads, available in every [`Lang`].
///
/// `Display` on Campo's errors is the pt-BR text; this trait gives the others.
pub trait Localized {
    /// The message in the given language.
    fn message(&self, lang: Lang) -> String;
}

/// The words for `n` things: `one` for exactly one, `many` otherwise (none included: "0
/// registros", "0 records"), so no message says "registro(s)".
pub fn plural<'a>(n: impl TryInto<i64>, one: &'a str, many: &'a str) -> &'a str {
    if n.try_into().ok() == Some(1) {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_thing_or_many() {
        assert_eq!(plural(1_usize, "foto", "fotos"), "foto");
        assert_eq!(plural(0_i64, "foto", "fotos"), "fotos");
        assert_eq!(plural(2_u32, "photo", "photos"), "photos");
        assert_eq!(plural(u64::MAX, "photo", "photos"), "photos");
    }
}
