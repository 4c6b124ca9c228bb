//! All naming: case conversion of spec names into Rust identifiers, keyword
//! escaping, and the identifiers the generated code uses.
//!
//! Every function returns a valid Rust identifier whatever its input: signs
//! are spelled as words (`+1` is `plus1`, `-1` is `minus1`), names that start
//! with a digit get an `n` prefix (`2fa_enabled` is `n2fa_enabled`, so that no
//! name starts with `_`, which reads as "unused" in Rust), keywords become raw
//! identifiers (`r#type`), and the four keywords that cannot be raw get a `_`
//! suffix.

use std::borrow::Cow;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition, reserved words included (`gen` is 2024's).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Prelude names the generated code uses unqualified (`Option`, `Some`,
/// `String`, ...): types are never given them, so nothing shadows them and
/// the generated code stays short (fewer tokens to emit, format and compile).
const PRELUDE: &[&str] =
    &["Box", "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Some", "String", "Vec"];

/// A `snake_case` name for fields, parameters, methods and modules.
pub fn snake(name: &str) -> String {
    escape(sanitize(snake_case(&spell_signs(name)), "n"), "value")
}

/// An `UpperCamelCase` name for types; prelude names the generated code
/// uses get a `_` suffix (`Option_`).
pub fn camel(name: &str) -> String {
    let name = escape(sanitize(upper_camel_case(&spell_signs(name)), "N"), "Type");
    if PRELUDE.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// An `UpperCamelCase` name for an enum variant from its wire value. Signs
/// are kept as words so that `+1` and `-1` stay apart.
pub fn variant(value: &str) -> String {
    escape(sanitize(upper_camel_case(&spell_signs(value)), "N"), "Empty")
}

/// heck's `snake_case` of `name`, without its per-character formatting for
/// ASCII names (nearly all of them; naming was a sizeable part of lowering
/// a large API).
fn snake_case(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_snake_case();
    }
    let mut out = String::with_capacity(name.len() + 4);
    ascii_words(name, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(word);
    });
    out.make_ascii_lowercase();
    out
}

/// heck's `UpperCamelCase` of `name`, as [`snake_case`] is its `snake_case`.
fn upper_camel_case(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_upper_camel_case();
    }
    let mut out = String::with_capacity(name.len());
    ascii_words(name, |word| {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        out[start..start + 1].make_ascii_uppercase();
    });
    out
}

/// Calls `word` with each word of an ASCII `name`, split where heck splits them: at every
/// character that is not a letter or a digit, before an upper case letter
/// that follows a lower case one (`userId`), and before the last of a run
/// of upper case letters that a lower case one follows (`HTTPServer`).
fn ascii_words<'n>(name: &'n str, mut word: impl FnMut(&'n str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        None,
        Lower,
        Upper,
    }
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = part.as_bytes();
        let (mut start, mut case) = (0, Case::None);
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            // The case of the word so far, with this letter in it.
            let with = match c {
                b'a'..=b'z' => Case::Lower,
                b'A'..=b'Z' => Case::Upper,
                _ => case,
            };
            if with == Case::Lower && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                (start, case) = (i + 1, Case::None);
            } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..i]);
                (start, case) = (i, Case::None);
            } else {
                case = with;
            }
        }
    }
}

/// Spells the signs of numbers as words, so that `reactions-+1` and
/// `reactions--1` stay apart: a `+`, and a `-` before a digit that does not
/// join two words (`x-1` is two words), become `plus` and `minus`.
fn spell_signs(name: &str) -> Cow<'_, str> {
    if !name.contains(['+', '-']) {
        return Cow::Borrowed(name);
    }
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let joins_words = before.is_some_and(char::is_alphanumeric);
        match c {
            '+' => out.push_str(" plus"),
            '-' if after.is_some_and(|a| a.is_ascii_digit()) && !joins_words => out.push_str(" minus"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `base` followed by the first number from 2 that `taken` does not hold
/// (`Reaction2`): how a name that an earlier item took is told apart.
pub(crate) fn numbered(base: &str, taken: impl Fn(&str) -> bool) -> String {
    (2..).map(|n| format!("{base}{n}")).find(|c| !taken(c)).expect("numbers never run out")
}

/// A snake_case `name` told apart the same way, after an underscore
/// (`page_size_2`; `type_2` for `r#type`).
pub(crate) fn numbered_snake(name: &str, taken: impl Fn(&str) -> bool) -> String {
    numbered(&format!("{}_", plain(name).trim_end_matches('_')), taken)
}

/// The name of an enum's variant for values added after the spec:
/// `Unknown`, with a `_` per spec variant that already took the name.
pub fn catch_all<'a>(variants: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut name = String::from("Unknown");
    while variants.clone().any(|v| plain(v) == name) {
        name.push('_');
    }
    name
}

/// The identifier token for a name made by this module (`r#type` included).
pub(crate) fn ident(name: &str) -> crate::toks::Ident {
    crate::toks::Ident::new(name.to_owned())
}

/// The name without its raw prefix, as users read it in messages.
pub fn plain(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Keeps the characters an identifier may hold, and makes the first one
/// valid: `prefix` goes before a name that starts with a digit.
fn sanitize(name: String, prefix: &str) -> String {
    let keep = |c: char| c == '_' || unicode_ident::is_xid_continue(c);
    let plain = name.bytes().all(|b| b == b'_' || b.is_ascii_alphanumeric());
    let mut out = if plain || name.chars().all(keep) { name } else { name.chars().filter(|&c| keep(c)).collect() };
    if let Some(first) = out.chars().next() {
        if first != '_' && !unicode_ident::is_xid_start(first) {
            out.insert_str(0, prefix);
        }
    }
    out
}

fn escape(name: String, empty: &str) -> String {
    if name.is_empty() || name.chars().all(|c| c == '_') {
        return empty.to_owned();
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Panics unless `name` is one Rust identifier, a keyword only as a raw one.
    fn assert_ident(name: &str) {
        assert!(syn::parse_str::<syn::Ident>(name).is_ok(), "{name} is not an identifier");
    }

    #[test]
    fn snake_names() {
        let table = [
            ("includeIndirect", "include_indirect"),
            ("organization_id", "organization_id"),
            ("X-Page-Size", "x_page_size"),
            ("2fa_enabled", "n2fa_enabled"),
            ("reactions-+1", "reactions_plus1"),
            ("reactions--1", "reactions_minus1"),
            ("a-b", "a_b"),
            ("x-1", "x_1"),
            ("type", "r#type"),
            ("self", "self_"),
            ("gen", "r#gen"),
            ("ref", "r#ref"),
            ("crate", "crate_"),
            ("", "value"),
            ("-", "value"),
            ("名前", "名前"),
            ("café au lait", "café_au_lait"),
        ];
        for (input, expected) in table {
            assert_eq!(snake(input), expected, "snake({input:?})");
            assert_ident(&snake(input));
        }
    }

    #[test]
    fn camel_names() {
        let table = [
            ("OrgUser", "OrgUser"),
            ("UsersLostPasswordURL", "UsersLostPasswordUrl"),
            ("get_organization_users", "GetOrganizationUsers"),
            ("models.OrgUser", "ModelsOrgUser"),
            ("Self", "Self_"),
            ("option", "Option_"),
            ("Result", "Result_"),
            ("2fa", "N2fa"),
            ("", "Type"),
        ];
        for (input, expected) in table {
            assert_eq!(camel(input), expected, "camel({input:?})");
            assert_ident(&camel(input));
        }
    }

    /// The ASCII conversions are heck's, on every string of up to five
    /// characters of letters of both cases, a digit and separators, and on
    /// names as real documents write them.
    #[test]
    fn ascii_case_conversions_are_hecks() {
        const ALPHABET: &[u8] = b"aBC1_- .";
        let mut names: Vec<String> = vec![String::new()];
        let mut last = names.clone();
        for _ in 0..5 {
            last = last.iter().flat_map(|n| ALPHABET.iter().map(move |&c| format!("{n}{}", char::from(c)))).collect();
            names.extend(last.iter().cloned());
        }
        names.extend(
            [
                "HTTPServerURL",
                "getHTTPResponseCode",
                "microsoft.graph.accessReviewDecision",
                "X-Page-Size",
                "$select",
                "ABCdef",
                "aB1Cd",
                "v1.0",
                "IPv6Address",
                "s3Bucket",
                "__private__",
            ]
            .map(String::from),
        );
        for name in &names {
            assert_eq!(snake_case(name), name.to_snake_case(), "snake_case({name:?})");
            assert_eq!(upper_camel_case(name), name.to_upper_camel_case(), "upper_camel_case({name:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("active", "Active"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "Empty"),
            ("override-current", "OverrideCurrent"),
            ("1st", "N1st"),
            ("-5", "Minus5"),
            ("add", "Add"),
        ];
        for (input, expected) in table {
            assert_eq!(variant(input), expected, "variant({input:?})");
            assert_ident(&variant(input));
        }
    }
}
