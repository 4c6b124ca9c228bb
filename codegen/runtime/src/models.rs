//! The models' `Serialize` and `Deserialize`: each model hands its fields
//! to these functions, type-erased, so that only they are generic over the
//! serializer or deserializer.

use std::fmt;
use std::marker::PhantomData;

use super::Required;

/// A property name while a model is decoded: borrowed from the input where
/// it can be. The models' `Deserialize` impls match it against their wire
/// names; unknown properties are skipped.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A model's fields as its `Serialize` impl hands them over: each wire name
/// with its field, skipped when it is an absent optional one. The values
/// are type-erased, so this function is the only code generic over the
/// serializer and every model's own impl is a list.
#[doc(hidden)]
pub fn serialize_struct<S: serde::Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[(&'static str, &dyn Property)],
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let present = fields.iter().filter(|(_, field)| field.value().is_some()).count();
    let mut state = serializer.serialize_struct(name, present)?;
    for &(key, field) in fields {
        match field.value() {
            Some(value) => state.serialize_field(key, value)?,
            None => state.skip_field(key)?,
        }
    }
    state.end()
}

/// A field of a model as it is written: its value, or `None` to skip it.
#[doc(hidden)]
pub trait Property {
    fn value(&self) -> Option<&dyn erased_serde::Serialize>;
}

/// An optional field: written when it is set.
impl<T: serde::Serialize> Property for Option<T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        self.as_ref().map(|value| value as &dyn erased_serde::Serialize)
    }
}

/// A field that is always written (a required one, `null` when it is an empty `Option`).
#[doc(hidden)]
pub struct Present<'a, T>(pub &'a T);

impl<T: serde::Serialize> Property for Present<'_, T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        Some(self.0)
    }
}

/// Decodes a model from a map: `decode` reads the properties through
/// [`Fields`], which erases the deserializer, so that each model's decoding
/// is a plain function, type-checked and compiled once. The map visitor is
/// not generic over the model either (it runs `decode` through a trait
/// object), so that a deserializer (serde_json's, or the erased one of a
/// nested model) instantiates it once rather than once per model; only this
/// thin function is generic. `expecting` ends the message of a value that
/// is not a map ("invalid type: ..., expected struct User").
#[doc(hidden)]
pub fn deserialize_struct<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    decode: fn(&mut Fields<'_, 'de>) -> Result<T, Stopped>,
) -> Result<T, D::Error> {
    let mut value = None;
    let mut run = |fields: &mut Fields<'_, 'de>| -> Result<(), Stopped> {
        value = Some(decode(fields)?);
        Ok(())
    };
    deserializer.deserialize_map(StructVisitor { expecting, run: &mut run })?;
    value.ok_or_else(|| serde::de::Error::custom("decoding stopped"))
}

/// The map visitor of every model; see [`deserialize_struct`].
struct StructVisitor<'r, 'de> {
    expecting: &'static str,
    run: &'r mut dyn FnMut(&mut Fields<'_, 'de>) -> Result<(), Stopped>,
}

impl<'de> serde::de::Visitor<'de> for StructVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut map = ErasedMap { map, error: None, de: PhantomData };
        match (self.run)(&mut Fields(&mut map)) {
            Ok(()) => Ok(()),
            // `Stopped` is only made where the error is kept.
            Err(Stopped) => Err(map.error.unwrap_or_else(|| serde::de::Error::custom("decoding stopped"))),
        }
    }
}

/// The properties of a map being decoded into a model; see [`deserialize_struct`].
#[doc(hidden)]
pub struct Fields<'m, 'de>(&'m mut dyn MapSource<'de>);

/// Decoding a model stopped; the deserializer's error is kept by [`Fields`]
/// and returned by [`deserialize_struct`].
#[doc(hidden)]
pub struct Stopped;

impl<'de> Fields<'_, 'de> {
    /// Reads every property of the map into the local its wire name names;
    /// skips unknown ones, and fails on a property that comes twice, as
    /// `serde_derive` does.
    pub fn read(&mut self, locals: &mut [(&'static str, &mut dyn Local)]) -> Result<(), Stopped> {
        let mut seen = vec![false; locals.len()];
        while let Some(key) = self.0.key()? {
            match locals.iter().position(|(name, _)| *name == key.as_str()) {
                Some(i) if seen[i] => return Err(self.0.duplicate(locals[i].0)),
                Some(i) => {
                    seen[i] = true;
                    locals[i].1.read(self)?;
                }
                None => self.0.skip()?,
            }
        }
        Ok(())
    }

    /// The value of the property whose name was just read.
    pub(crate) fn value<T: serde::Deserialize<'de>>(&mut self) -> Result<T, Stopped> {
        let mut value = None;
        self.0.value(&mut |deserializer| {
            value = Some(erased_serde::deserialize::<T>(deserializer)?);
            Ok(())
        })?;
        value.ok_or(Stopped)
    }

    /// The value of a required property once the map is read, or the
    /// deserializer's "missing field" error that names it.
    pub fn required<T>(&mut self, value: Required<T>, name: &'static str) -> Result<T, Stopped> {
        value.0.ok_or_else(|| self.0.missing(name))
    }
}

/// A local of a model's decoding that one property's value is read into.
/// Models own their data, so a local reads from a map of any lifetime.
#[doc(hidden)]
pub trait Local {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped>;
}

/// An optional property: `null` reads as `None`.
impl<T: serde::de::DeserializeOwned> Local for Option<T> {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped> {
        *self = fields.value()?;
        Ok(())
    }
}

impl<T: serde::de::DeserializeOwned> Local for Required<T> {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped> {
        self.0 = Some(fields.value()?);
        Ok(())
    }
}

/// Reads a value from the deserializer it is given.
type Fill<'f, 'de> = &'f mut dyn FnMut(&mut dyn erased_serde::Deserializer<'de>) -> Result<(), erased_serde::Error>;

/// A `MapAccess` behind a trait object, keeping its first error.
trait MapSource<'de> {
    fn key(&mut self) -> Result<Option<Key<'de>>, Stopped>;
    fn value(&mut self, fill: Fill<'_, 'de>) -> Result<(), Stopped>;
    fn skip(&mut self) -> Result<(), Stopped>;
    fn missing(&mut self, name: &'static str) -> Stopped;
    fn duplicate(&mut self, name: &'static str) -> Stopped;
}

struct ErasedMap<'de, A: serde::de::MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    de: PhantomData<&'de ()>,
}

impl<'de, A: serde::de::MapAccess<'de>> ErasedMap<'de, A> {
    fn keep<T>(&mut self, result: Result<T, A::Error>) -> Result<T, Stopped> {
        result.map_err(|error| {
            self.error = Some(error);
            Stopped
        })
    }
}

impl<'de, A: serde::de::MapAccess<'de>> MapSource<'de> for ErasedMap<'de, A> {
    fn key(&mut self) -> Result<Option<Key<'de>>, Stopped> {
        let key = self.map.next_key();
        self.keep(key)
    }

    fn value(&mut self, fill: Fill<'_, 'de>) -> Result<(), Stopped> {
        let value = self.map.next_value_seed(Seed(fill));
        self.keep(value)
    }

    fn skip(&mut self) -> Result<(), Stopped> {
        let value = self.map.next_value::<serde::de::IgnoredAny>();
        self.keep(value.map(drop))
    }

    fn missing(&mut self, name: &'static str) -> Stopped {
        self.error = Some(serde::de::Error::missing_field(name));
        Stopped
    }

    fn duplicate(&mut self, name: &'static str) -> Stopped {
        self.error = Some(serde::de::Error::duplicate_field(name));
        Stopped
    }
}

/// Hands the value's deserializer, erased, to a [`Fill`]. An error inside
/// it comes back through `custom` with its message; `serde_json` reads the
/// position back out of that message.
struct Seed<'f, 'de>(Fill<'f, 'de>);

impl<'de> serde::de::DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut deserializer = <dyn erased_serde::Deserializer>::erase(deserializer);
        (self.0)(&mut deserializer).map_err(serde::de::Error::custom)
    }
}
