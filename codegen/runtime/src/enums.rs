//! The traits of the models' enums, written once here: enums of strings
//! compare, hash and (de)serialize as their wire value, and unions decode by
//! trying each alternative in turn. Derived, these impls were a large part of
//! a big API's compile time; these are short, and alike for every enum.

use serde::de::{DeserializeOwned, Error as _};
use serde::Deserialize;

/// The traits of an enum of strings, all by its wire value (`as_str`):
/// equality, hashing and order (so an unknown value spelled as a known one
/// is that one), `Display` and `FromStr`, `String` from it, and serde as a
/// string. The enum has `as_str` and `From<String>`.
// A crate whose models have no enum of strings does not expand it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident) => {
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

        impl ::std::cmp::PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::cmp::Ord for $name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
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

/// Decodes a union (`oneOf`, `anyOf`): the value is read once, then each
/// alternative is tried in the spec's order, the first that decodes wins.
#[doc(hidden)]
pub fn deserialize_union<'de, D, T>(
    deserializer: D,
    name: &'static str,
    alternatives: &[fn(&serde_json::Value) -> Option<T>],
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = serde_json::Value::deserialize(deserializer)?;
    alternatives
        .iter()
        .find_map(|alternative| alternative(&value))
        .ok_or_else(|| D::Error::custom(format_args!("data did not match any variant of untagged enum {name}")))
}

/// One alternative of a union: the value decoded as `T`, if it is one.
#[doc(hidden)]
pub fn alternative<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug)]
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
            deserialize_union(
                deserializer,
                "Id",
                &[|v| alternative(v).map(Id::Number), |v| alternative(v).map(Id::Text)],
            )
        }
    }

    #[test]
    fn enums_of_strings_are_their_wire_value() {
        let red: Color = serde_json::from_str("\"red\"").unwrap();
        assert!(matches!(red, Color::Red));
        assert_eq!(serde_json::to_string(&Color::Unknown("blue".into())).unwrap(), "\"blue\"");
        assert_eq!(Color::Red, Color::Unknown("red".into()), "the same wire value");
        assert!(Color::Unknown("blue".into()) < Color::Red, "ordered by wire value");
        let hasher = std::collections::hash_map::RandomState::new();
        use std::hash::BuildHasher;
        assert_eq!(hasher.hash_one(Color::Red), hasher.hash_one("red".parse::<Color>().unwrap()));
        assert_eq!(String::from(Color::Red), "red");
        assert_eq!(Color::Red.to_string(), "red");
    }

    #[test]
    fn unions_take_the_first_alternative_that_decodes() {
        assert_eq!(serde_json::from_str::<Id>("7").unwrap(), Id::Number(7));
        assert_eq!(serde_json::from_str::<Id>("\"a\"").unwrap(), Id::Text("a".into()));
        let error = serde_json::from_str::<Id>("true").unwrap_err().to_string();
        assert!(error.contains("did not match any variant of untagged enum Id"), "{error}");
    }
}
