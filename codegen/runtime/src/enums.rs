//! The traits of the models' enums, written once here: enums of strings
//! compare, hash and (de)serialize as their wire value, and unions decode by
//! trying each alternative in turn; `Empty` is every enum of the empty
//! string alone. Derived, these impls were a large part of
//! a big API's compile time; these are short, and alike for every enum.

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The traits of an enum of strings, all by its wire value (`as_str`):
/// `Clone` (through the value: one short allocation), `Debug`
/// (`Status("active")`), equality and hashing (so an unknown value spelled
/// as a known one is that one), `Display`, `FromStr` and `String::from`,
/// and serde as a string. The enum has `as_str` and `From<String>`.
///
/// Written here rather than derived: each derived impl is a `match` over
/// every value, and a large API has thousands of these enums.
// A crate whose models have no enum of strings does not expand it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident) => {
        impl ::std::clone::Clone for $name {
            fn clone(&self) -> Self {
                Self::from(self.as_str().to_owned())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
            }
        }

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value.to_owned()))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// The empty string: the only value of an enum that an API writes to let a
/// field be cleared (`enum: [""]`, often beside another type in an
/// `anyOf`). One type for all of them; written as `""`, and read from `""`
/// only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Empty;

impl std::fmt::Display for Empty {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

impl std::str::FromStr for Empty {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "" => Ok(Empty),
            other => Err(format!("`{other}` is not the empty string")),
        }
    }
}

impl serde::Serialize for Empty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("")
    }
}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A union's value (`oneOf`, `anyOf`), read once so that each alternative
/// can be tried in turn with [`alternative`].
#[doc(hidden)]
pub fn union_value<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<serde_json::Value, D::Error> {
    serde_json::Value::deserialize(deserializer)
}

/// One alternative of a union: the value decoded as `T`, if it is one.
#[doc(hidden)]
pub fn alternative<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The error of a value that is none of the union's alternatives.
#[doc(hidden)]
pub fn no_alternative<E: serde::de::Error>(name: &str) -> E {
    E::custom(format_args!("data did not match any variant of untagged enum {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    enum Color {
        Red,
        Unknown(String),
    }

    impl Color {
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<String> for Color {
        fn from(value: String) -> Self {
            match value.as_str() {
                "red" => Self::Red,
                _ => Self::Unknown(value),
            }
        }
    }

    string_enum!(Color);

    #[derive(Debug, PartialEq)]
    enum Id {
        Number(i64),
        Text(String),
    }

    impl<'de> Deserialize<'de> for Id {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = union_value(deserializer)?;
            if let Some(value) = alternative(&value) {
                return Ok(Id::Number(value));
            }
            if let Some(value) = alternative(&value) {
                return Ok(Id::Text(value));
            }
            Err(no_alternative("Id"))
        }
    }

    #[test]
    fn enums_of_strings_are_their_wire_value() {
        let red: Color = serde_json::from_str("\"red\"").unwrap();
        assert!(matches!(red, Color::Red));
        assert_eq!(serde_json::to_string(&Color::Unknown("blue".into())).unwrap(), "\"blue\"");
        assert_eq!(Color::Red, Color::Unknown("red".into()), "the same wire value");
        assert!(matches!(Color::Unknown("red".into()).clone(), Color::Red), "cloned by wire value");
        assert_eq!(format!("{:?}", Color::Unknown("blue".into())), "Color(\"blue\")");
        let hasher = std::collections::hash_map::RandomState::new();
        use std::hash::BuildHasher;
        assert_eq!(hasher.hash_one(Color::Red), hasher.hash_one("red".parse::<Color>().unwrap()));
        assert_eq!(Color::Red.to_string(), "red");
        assert_eq!(String::from(Color::Unknown("blue".into())), "blue");
    }

    #[test]
    fn the_empty_string_is_its_own_type() {
        assert_eq!(serde_json::to_string(&Empty).unwrap(), "\"\"");
        assert_eq!(serde_json::from_str::<Empty>("\"\"").unwrap(), Empty);
        let error = serde_json::from_str::<Empty>("\"x\"").unwrap_err().to_string();
        assert!(error.contains("`x` is not the empty string"), "{error}");
        assert_eq!(Empty.to_string(), "");
    }

    #[test]
    fn unions_take_the_first_alternative_that_decodes() {
        assert_eq!(serde_json::from_str::<Id>("7").unwrap(), Id::Number(7));
        assert_eq!(serde_json::from_str::<Id>("\"a\"").unwrap(), Id::Text("a".into()));
        let error = serde_json::from_str::<Id>("true").unwrap_err().to_string();
        assert!(error.contains("did not match any variant of untagged enum Id"), "{error}");
    }
}
