//! [`Nullable`]: a field that tells absent, `null` and a value apart.

use super::models::{Fields, Local, Property, Stopped};

/// A field that tells three states apart: left out, `null`, or a value.
///
/// Types sent in requests use it for their optional, nullable fields, so that
/// a request can leave a field as it is ([`Nullable::Absent`], not sent),
/// clear it ([`Nullable::Null`], sent as `null`), or set it. A value converts
/// into it with `.into()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Left out: not sent, or not received.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, when there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, when there is one; absent and `null` both become `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Applies `f` to the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Fields skip absent values; anywhere else absent is written as `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// A field that is present is `null` or a value; an absent one is
    /// [`Nullable::Absent`] through `#[serde(default)]`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

/// A three-state field: written as a value or `null` unless it is absent.
impl<T: serde::Serialize> Property for Nullable<T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        (!self.is_absent()).then_some(self as &dyn erased_serde::Serialize)
    }
}

/// An optional, nullable property: `null` reads as `Nullable::Null`.
impl<T: serde::de::DeserializeOwned> Local for Nullable<T> {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped> {
        *self = fields.value()?;
        Ok(())
    }
}
