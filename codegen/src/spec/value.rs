//! The document as a tree of values, lean enough for the largest API
//! descriptions: mappings are lists of entries in document order (no hash
//! tables), and a JSON document's strings are borrowed from its text where
//! they have no escapes. YAML is read with serde_yaml, then moved into the
//! same tree.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// One value of the document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Sequence(Vec<Value<'a>>),
    Mapping(Mapping<'a>),
}

/// A number as the document writes it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

/// A mapping's entries, in document order. A key given twice keeps its first
/// value, as [`Mapping::get`] finds it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Mapping<'a>(pub(crate) Vec<(Value<'a>, Value<'a>)>);

impl<'a> Mapping<'a> {
    /// The value of the first entry whose key is the string `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.0.iter().find(|(k, _)| matches!(k, Value::String(s) if s == key)).map(|(_, v)| v)
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, (Value<'a>, Value<'a>)> {
        self.0.iter()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'m, 'a> IntoIterator for &'m Mapping<'a> {
    type Item = &'m (Value<'a>, Value<'a>);
    type IntoIter = std::slice::Iter<'m, (Value<'a>, Value<'a>)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Unsigned(n) => write!(f, "{n}"),
            Number::Signed(n) => write!(f, "{n}"),
            Number::Float(n) => write!(f, "{n:?}"),
        }
    }
}

impl Value<'_> {
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(Number::Unsigned(n)) => Some(*n),
            Value::Number(Number::Signed(n)) => u64::try_from(*n).ok(),
            _ => None,
        }
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(Number::Unsigned(n)) => Some(*n as f64),
            Value::Number(Number::Signed(n)) => Some(*n as f64),
            Value::Number(Number::Float(n)) => Some(*n),
            _ => None,
        }
    }

    /// The value as JSON (a mapping's keys as text).
    pub(crate) fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(Number::Unsigned(n)) => serde_json::Value::from(*n),
            Value::Number(Number::Signed(n)) => serde_json::Value::from(*n),
            Value::Number(Number::Float(n)) => serde_json::Value::from(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Sequence(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Value::Mapping(m) => {
                serde_json::Value::Object(m.0.iter().map(|(k, v)| (k.scalar_text(), v.to_json())).collect())
            }
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The same value, owning its strings.
    pub(crate) fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Sequence(items) => Value::Sequence(items.into_iter().map(Value::into_owned).collect()),
            Value::Mapping(m) => {
                Value::Mapping(Mapping(m.0.into_iter().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()))
            }
        }
    }

    /// A scalar as it reads in a message (`2`, `true`, `null`, `text`).
    pub(crate) fn scalar_text(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.to_string(),
            Value::Sequence(_) => "a list".to_owned(),
            Value::Mapping(_) => "a mapping".to_owned(),
        }
    }

    /// A YAML value moved into the tree. A tagged value (`!tag x`) is its value.
    pub(crate) fn from_yaml(value: serde_yaml::Value) -> Value<'static> {
        match value {
            serde_yaml::Value::Null => Value::Null,
            serde_yaml::Value::Bool(b) => Value::Bool(b),
            serde_yaml::Value::Number(n) => Value::Number(if let Some(u) = n.as_u64() {
                Number::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Number::Signed(i)
            } else {
                Number::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            serde_yaml::Value::String(s) => Value::String(Cow::Owned(s)),
            serde_yaml::Value::Sequence(items) => Value::Sequence(items.into_iter().map(Value::from_yaml).collect()),
            serde_yaml::Value::Mapping(m) => Value::Mapping(Mapping(
                m.into_iter().map(|(k, v)| (Value::from_yaml(k), Value::from_yaml(v))).collect(),
            )),
            serde_yaml::Value::Tagged(tagged) => Value::from_yaml(tagged.value),
        }
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Seed { stacks: &mut Stacks::default() }.deserialize(deserializer)
    }
}

/// The entries of the mappings and the items of the lists being read, the
/// innermost last. A mapping or list complete is moved into a `Vec` of its
/// own size: none grows by doubling (and copying) or shrinks afterwards,
/// and a large document holds millions of them.
#[derive(Default)]
struct Stacks<'de> {
    entries: Vec<(Value<'de>, Value<'de>)>,
    items: Vec<Value<'de>>,
}

/// Reads one value on the [`Stacks`] of the document.
struct Seed<'s, 'de> {
    stacks: &'s mut Stacks<'de>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Value::Number(Number::Unsigned(n)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Value::Number(if n >= 0 { Number::Unsigned(n as u64) } else { Number::Signed(n) }))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Value::Number(Number::Float(n)))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let start = self.stacks.items.len();
        while let Some(item) = seq.next_element_seed(Seed { stacks: self.stacks })? {
            self.stacks.items.push(item);
        }
        Ok(Value::Sequence(self.stacks.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let start = self.stacks.entries.len();
        while let Some(key) = map.next_key_seed(Seed { stacks: self.stacks })? {
            let value = map.next_value_seed(Seed { stacks: self.stacks })?;
            self.stacks.entries.push((key, value));
        }
        Ok(Value::Mapping(Mapping(self.stacks.entries.drain(start..).collect())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_without_escapes_are_borrowed() {
        let text = r#"{"a": "plain", "b": "esc\"aped", "n": [1, -2, 2.5, null, true]}"#;
        let mut de = serde_json::Deserializer::from_str(text);
        let value = Value::deserialize(&mut de).unwrap();
        let Value::Mapping(m) = &value else { panic!("{value:?}") };
        assert!(matches!(m.get("a"), Some(Value::String(Cow::Borrowed("plain")))));
        assert!(matches!(m.get("b"), Some(Value::String(Cow::Owned(s))) if s == "esc\"aped"));
        let Some(Value::Sequence(n)) = m.get("n") else { panic!() };
        let texts: Vec<String> = n.iter().map(Value::scalar_text).collect();
        assert_eq!(texts, ["1", "-2", "2.5", "null", "true"]);
        assert_eq!(n[0].as_u64(), Some(1));
    }

    #[test]
    fn yaml_values_keep_their_order_and_first_keys() {
        let yaml: serde_yaml::Value = serde_yaml::from_str("b: 1\na: !tag 2\n200: x\n").unwrap();
        let Value::Mapping(m) = Value::from_yaml(yaml) else { panic!() };
        let keys: Vec<String> = m.iter().map(|(k, _)| k.scalar_text()).collect();
        assert_eq!(keys, ["b", "a", "200"]);
        assert_eq!(m.get("a").and_then(Value::as_u64), Some(2));
    }
}
