//! A checked walk over a YAML value: typed getters that report a wrong type or
//! an unknown key as a diagnostic at its spec path, and carry on.

use std::borrow::Cow;

use super::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, SpecPath};

/// Reads one file's values, reporting problems into `diags`.
pub(crate) struct Reader<'a> {
    pub(crate) file: &'a str,
    pub(crate) diags: &'a mut Diagnostics,
    /// The whole document, where `$ref` pointers are resolved.
    pub(crate) root: &'a Value<'a>,
    /// The items read at `$ref` pointers so far.
    pub(crate) pointed: super::pointer::Pointed,
    /// The document is OpenAPI 3.1: its schemas are JSON Schema 2020-12's.
    pub(crate) v31: bool,
    /// The document is Swagger 2.0: its media types where it declares none.
    pub(crate) v2: Option<super::swagger2::Defaults>,
}

/// A mapping whose keys were checked against the keys its object allows.
pub(crate) struct Map<'v> {
    entries: Vec<(Cow<'v, str>, &'v Value<'v>)>,
    pub(crate) path: SpecPath,
}

impl<'v> Map<'v> {
    /// The value under `key`, with its path.
    pub(crate) fn get(&self, key: &str) -> Option<(&'v Value<'v>, SpecPath)> {
        self.value(key).map(|v| (v, self.path.key(key)))
    }

    /// The value under `key`. Its path, which costs an allocation, is made
    /// only when there is something to say about it.
    pub(crate) fn value(&self, key: &str) -> Option<&'v Value<'v>> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// True when the mapping has `key`.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == key)
    }

    /// All entries, in document order, with their paths.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&str, &'v Value<'v>, SpecPath)> + '_ {
        self.entries.iter().map(|(k, v)| (k.as_ref(), *v, self.path.key(k.as_ref())))
    }
}

/// How a value's kind is named in messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
    }
}

/// The text of a scalar mapping key (`200:` is read as the number 200).
pub(crate) fn key_text<'v>(key: &'v Value<'v>) -> Option<Cow<'v, str>> {
    match key {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        Value::Bool(b) => Some(Cow::Owned(b.to_string())),
        _ => None,
    }
}

impl Reader<'_> {
    /// Reports a problem at `path`.
    pub(crate) fn error(&mut self, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.error(self.file, path, message)
    }

    pub(crate) fn warning(&mut self, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.warning(self.file, path, message)
    }

    /// Reads `value` as the mapping of an object named `what`, whose allowed
    /// keys are `known` (plus any `x-` extension).
    pub(crate) fn map<'v>(
        &mut self,
        value: &'v Value<'v>,
        path: &SpecPath,
        what: &str,
        known: &[&str],
    ) -> Option<Map<'v>> {
        let Value::Mapping(mapping) = value else {
            self.error(path, format!("{what} must be a mapping, found {}", kind(value)));
            return None;
        };
        let mut entries = Vec::with_capacity(mapping.len());
        for (key, value) in mapping {
            let Some(name) = key_text(key) else {
                self.error(path, format!("{what} has a key that is {}; keys must be strings", kind(key)));
                continue;
            };
            if !known.is_empty() && !known.contains(&name.as_ref()) && !name.starts_with("x-") {
                let d = self.diags.warning(
                    self.file,
                    &path.key(name.as_ref()),
                    format!("unknown key `{name}` in {what} is ignored"),
                );
                match closest(&name, known) {
                    Some(near) => d.help(format!("did you mean `{near}`?")),
                    None => d.help(format!("{what} allows: {}", known.join(", "))),
                };
            }
            entries.push((name, value));
        }
        Some(Map { entries, path: path.clone() })
    }

    /// Reads a mapping whose keys are names chosen by the spec author
    /// (schema names, status codes, media types).
    pub(crate) fn named_map<'v>(&mut self, value: &'v Value<'v>, path: &SpecPath, what: &str) -> Option<Map<'v>> {
        self.map(value, path, what, &[])
    }

    /// The optional sub-mapping under `key`.
    pub(crate) fn opt_map<'v>(&mut self, m: &Map<'v>, key: &str, what: &str, known: &[&str]) -> Option<Map<'v>> {
        let (value, path) = m.get(key)?;
        self.map(value, &path, what, known)
    }

    /// An optional string. Numbers and booleans are taken as their text, as
    /// YAML reads `version: 1.0` as a number.
    pub(crate) fn string(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        match m.value(key)? {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            other => {
                self.error(&m.path.key(key), format!("`{key}` must be a string, found {}", kind(other)));
                None
            }
        }
    }

    /// Optional prose (`description`, `summary`, `title`): blank text counts as absent.
    pub(crate) fn prose(&mut self, m: &Map<'_>, key: &str) -> Option<String> {
        self.string(m, key).filter(|text| !text.trim().is_empty())
    }

    /// A string the object cannot do without.
    pub(crate) fn required_string(&mut self, m: &Map<'_>, key: &str, what: &str) -> Option<String> {
        if !m.has(key) {
            self.error(&m.path, format!("{what} has no `{key}`"));
            return None;
        }
        self.string(m, key)
    }

    /// An optional boolean.
    pub(crate) fn boolean(&mut self, m: &Map<'_>, key: &str) -> Option<bool> {
        match m.value(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(&m.path.key(key), format!("`{key}` must be true or false, found {}", kind(other)))
                    .help("write `true` or `false` without quotes");
                None
            }
        }
    }

    /// The items of an optional list, with their paths.
    pub(crate) fn list<'v>(&mut self, m: &Map<'v>, key: &str) -> Vec<(&'v Value<'v>, SpecPath)> {
        let Some((value, path)) = m.get(key) else { return Vec::new() };
        match value {
            Value::Sequence(items) => items.iter().enumerate().map(|(i, v)| (v, path.index(i))).collect(),
            other => {
                self.error(&path, format!("`{key}` must be a list, found {}", kind(other)));
                Vec::new()
            }
        }
    }

    /// A list of strings.
    pub(crate) fn strings(&mut self, m: &Map<'_>, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (value, path) in self.list(m, key) {
            match value {
                Value::String(s) => out.push(s.to_string()),
                other => {
                    self.error(&path, format!("items of `{key}` must be strings, found {}", kind(other)));
                }
            }
        }
        out
    }
}

/// The allowed key nearest to a misspelled one, when it is near enough to be a typo.
fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        let known = ["operationId", "parameters", "responses"];
        assert_eq!(closest("operationID", &known), Some("operationId"));
        assert_eq!(closest("paramters", &known), Some("parameters"));
        assert_eq!(closest("colour", &known), None);
    }
}
