//! `$ref`s to any JSON pointer inside the document (`#/paths/~1a/get/responses/200`,
//! `#/components/schemas/A/properties/b`): the item pointed at is read once,
//! where it is, and kept as a component of its own whose key is the pointer,
//! so that lowering resolves it like a component reference.

use std::collections::BTreeSet;

use super::read::{self, Reader};
use super::{Header, Parameter, Ref, RequestBody, Response, Schema, Value};
use crate::diagnostics::SpecPath;

/// How far pointers may lead to pointers before the chain is reported.
const MAX_DEPTH: usize = 64;

/// The items read at pointers, by the components section they stand in.
#[derive(Debug, Default)]
pub(crate) struct Pointed {
    pub schemas: Vec<(String, Schema)>,
    pub parameters: Vec<(String, Ref<Parameter>)>,
    pub request_bodies: Vec<(String, Ref<RequestBody>)>,
    pub responses: Vec<(String, Ref<Response>)>,
    pub headers: Vec<(String, Ref<Header>)>,
    /// Pointers read, or being read (a cycle reads each once).
    seen: BTreeSet<String>,
    /// Pointers being read, one inside another.
    depth: usize,
    /// Path items being read at a `$ref`, one inside another.
    open: Vec<String>,
}

/// An item that a `$ref` may point at, and the `components` section it belongs to.
pub(crate) trait Section: Sized {
    const NAME: &'static str;
    fn pointed(p: &mut Pointed) -> &mut Vec<(String, Ref<Self>)>;
}

macro_rules! section {
    ($ty:ty, $name:literal, $field:ident) => {
        impl Section for $ty {
            const NAME: &'static str = $name;
            fn pointed(p: &mut Pointed) -> &mut Vec<(String, Ref<Self>)> {
                &mut p.$field
            }
        }
    };
}
section!(Parameter, "parameters", parameters);
section!(RequestBody, "requestBodies", request_bodies);
section!(Response, "responses", responses);
section!(Header, "headers", headers);

/// True for a local `$ref` that is not `#/components/{section}/Name`.
pub(crate) fn is_foreign(target: &str, section: &str) -> bool {
    let Some(rest) = target.strip_prefix('#') else { return false };
    match rest.strip_prefix("/components/").and_then(|r| r.strip_prefix(section)).and_then(|r| r.strip_prefix('/')) {
        Some(name) => name.contains('/'),
        None => true,
    }
}

/// The value a local JSON pointer (`#/a/b~1c/0`, percent-encoded or not)
/// names in `root`, with its spec path.
pub(crate) fn resolve<'v>(root: &'v Value<'v>, target: &str) -> Option<(&'v Value<'v>, SpecPath)> {
    let pointer = target.strip_prefix('#')?;
    let mut value = root;
    let mut path = SpecPath::root();
    if pointer.is_empty() {
        return Some((value, path));
    }
    for raw in pointer.strip_prefix('/')?.split('/') {
        let segment = unescape(&percent_decode(raw)).into_owned();
        match value {
            Value::Mapping(m) => {
                let (_, next) = m.iter().find(|(k, _)| read::key_text(k).as_deref() == Some(segment.as_str()))?;
                value = next;
                path = path.key(segment);
            }
            Value::Sequence(items) => {
                let i: usize = segment.parse().ok()?;
                value = items.get(i)?;
                path = path.index(i);
            }
            _ => return None,
        }
    }
    Some((value, path))
}

/// A JSON pointer segment with its escapes (`~1` for `/`, `~0` for `~`)
/// undone; most have none.
pub(crate) fn unescape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains('~') {
        std::borrow::Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        std::borrow::Cow::Borrowed(segment)
    }
}

pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Pointed {
    /// True when no `$ref` to a pointer out of the components was followed
    /// ([`Reader::follow`]): what was read did not depend on the pointers
    /// read before. (Path item `$ref`s leave no trace once read.)
    pub(crate) fn is_untouched(&self) -> bool {
        self.seen.is_empty()
    }

    /// Starts reading at `target` (a path item's `$ref`); false when it is
    /// being read already (a cycle) or the chain is too long.
    pub(crate) fn enter(&mut self, target: &str) -> bool {
        if self.depth >= MAX_DEPTH || self.open.iter().any(|t| t == target) {
            return false;
        }
        self.open.push(target.to_owned());
        self.depth += 1;
        true
    }

    /// Ends the reading [`Pointed::enter`] started.
    pub(crate) fn leave(&mut self) {
        self.open.pop();
        self.depth -= 1;
    }
}

impl Reader<'_> {
    /// Reads the item a foreign pointer names, once, with `read`, and keeps
    /// it in `store`; reports a pointer that names nothing.
    pub(crate) fn follow<T>(
        &mut self,
        target: &str,
        ref_path: &SpecPath,
        read: impl FnOnce(&mut Self, &Value<'_>, &SpecPath) -> Option<T>,
        store: impl FnOnce(&mut Pointed, String, T),
    ) {
        if self.pointed.seen.contains(target) {
            return;
        }
        self.pointed.seen.insert(target.to_owned());
        let root = self.root;
        let Some((value, path)) = resolve(root, target) else {
            self.error(ref_path, format!("`$ref: {target}` points to nothing in this document"));
            return;
        };
        if self.pointed.depth >= MAX_DEPTH {
            self.error(ref_path, format!("`$ref`s lead through more than {MAX_DEPTH} pointers here"));
            return;
        }
        self.pointed.depth += 1;
        let item = read(self, value, &path);
        self.pointed.depth -= 1;
        if let Some(item) = item {
            store(&mut self.pointed, target.to_owned(), item);
        }
    }
}

/// Words for the Rust name of a pointed-at schema: the names in its pointer,
/// without the words of OpenAPI's structure (`#/components/schemas/Pet/properties/owner`
/// gives `Pet owner`).
pub(crate) fn name_words(target: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "paths",
        "content",
        "schema",
        "responses",
        "parameters",
        "requestBodies",
        "requestBody",
        "headers",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "definitions",
    ];
    let words: Vec<String> = target
        .trim_start_matches("#/")
        .split('/')
        .map(|s| unescape(&percent_decode(s)).into_owned())
        .filter_map(|s| match s.strip_prefix('/') {
            // A path template's words, its parameters' names among them.
            Some(template) => Some(template.replace(['/', '{', '}'], " ")),
            None if STRUCTURE.contains(&s.as_str()) || s.contains('/') || s.parse::<usize>().is_ok() => None,
            None => Some(s),
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_resolve_through_mappings_and_lists() {
        let yaml = serde_yaml::from_str("paths:\n  /a/{b}:\n    get:\n      tags: [x, y]\n  200: ok\n").unwrap();
        let root = Value::from_yaml(yaml);
        let (value, path) = resolve(&root, "#/paths/~1a~1%7Bb%7D/get/tags/1").unwrap();
        assert_eq!(value, &Value::String("y".into()));
        assert_eq!(path.to_string(), "paths./a/{b}.get.tags[1]");
        assert_eq!(resolve(&root, "#/paths/200").map(|(v, _)| v.clone()), Some(Value::String("ok".into())));
        assert!(resolve(&root, "#/paths/missing").is_none());
        assert!(resolve(&root, "#/paths/~1a~1%7Bb%7D/get/tags/9").is_none());
    }

    #[test]
    fn foreign_pointers_and_their_names() {
        assert!(!is_foreign("#/components/schemas/Pet", "schemas"));
        assert!(is_foreign("#/components/schemas/Pet/properties/owner", "schemas"));
        assert!(is_foreign("#/paths/~1a/get/responses/200", "responses"));
        assert!(!is_foreign("other.yaml#/components/schemas/Pet", "schemas"));
        assert_eq!(name_words("#/components/schemas/Pet/properties/owner"), "Pet owner");
        assert_eq!(name_words("#/paths/~1users/get/responses/200/content/application~1json/schema"), "users get");
    }
}
