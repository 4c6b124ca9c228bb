//! All naming: case conversion of spec names into Rust identifiers, keyword
//! escaping, and the identifiers the generated code uses.
//!
//! Every function returns a valid Rust identifier whatever its input: names
//! that start with a digit get a `_` prefix, keywords become raw identifiers
//! (`r#type`), and the four keywords that cannot be raw get a `_` suffix.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

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
    escape(sanitize(&name.to_snake_case()), "value")
}

/// An `UpperCamelCase` name for types; prelude names the generated code
/// uses get a `_` suffix (`Option_`).
pub fn camel(name: &str) -> String {
    let name = escape(sanitize(&name.to_upper_camel_case()), "Type");
    if PRELUDE.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// An `UpperCamelCase` name for an enum variant from its wire value. Signs
/// are kept as words so that `+1` and `-1` stay apart.
pub fn variant(value: &str) -> String {
    let spelled = match value.chars().next() {
        Some('+') => format!("plus {}", &value[1..]),
        Some('-') => format!("minus {}", &value[1..]),
        _ => value.to_owned(),
    };
    escape(sanitize(&spelled.to_upper_camel_case()), "Empty")
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
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name without its raw prefix, as users read it in messages.
pub fn plain(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Keeps the characters an identifier may hold, and makes the first one valid.
fn sanitize(name: &str) -> String {
    let mut out: String = name.chars().filter(|&c| c == '_' || unicode_ident::is_xid_continue(c)).collect();
    if let Some(first) = out.chars().next() {
        if first != '_' && !unicode_ident::is_xid_start(first) {
            out.insert(0, '_');
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

    #[test]
    fn snake_names() {
        let table = [
            ("includeIndirect", "include_indirect"),
            ("organization_id", "organization_id"),
            ("X-Page-Size", "x_page_size"),
            ("2fa_enabled", "_2fa_enabled"),
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
            ident(&snake(input));
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
            ("2fa", "_2fa"),
            ("", "Type"),
        ];
        for (input, expected) in table {
            assert_eq!(camel(input), expected, "camel({input:?})");
            ident(&camel(input));
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
            ("1st", "_1st"),
        ];
        for (input, expected) in table {
            assert_eq!(variant(input), expected, "variant({input:?})");
            ident(&variant(input));
        }
    }
}
