//! The serde form of a [`Vocabulary`] and a [`Position`] is their negdiff/1 file, header
//! included: what `serde_json::to_string` writes, the loader reads, and what the loader reads,
//! `serde_json::from_str` reads.
//!
//! The fields are declared once, by the derives on the types (with `remote = "Self"`, which
//! turns the derived code into inherent functions); the impls here only add `format` and
//! `kind` in front when writing, and check and drop them when reading. Reading accepts a
//! document without the header, as the model's fields alone.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Position, Vocabulary};
use crate::format::FORMAT;

/// A model type that is the body of a file of one `kind`.
trait Body: Sized {
    const KIND: &'static str;
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

impl Body for Position {
    const KIND: &'static str = "position";
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Position::serialize(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Position::deserialize(d)
    }
}

impl Body for Vocabulary {
    const KIND: &'static str = "vocabulary";
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Vocabulary::serialize(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vocabulary::deserialize(d)
    }
}

struct Fields<'a, T>(&'a T);

impl<T: Body> Serialize for Fields<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.ser(s)
    }
}

#[derive(Serialize)]
#[serde(bound(serialize = "T: Body"))]
struct File<'a, T: Body> {
    format: &'static str,
    kind: &'static str,
    #[serde(flatten)]
    body: Fields<'a, T>,
}

fn serialize_file<T: Body, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    File {
        format: FORMAT,
        kind: T::KIND,
        body: Fields(value),
    }
    .serialize(s)
}

fn deserialize_file<'de, T: Body, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(FileVisitor(PhantomData))
}

struct FileVisitor<T>(PhantomData<T>);

impl<'de, T: Body> Visitor<'de> for FileVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a negdiff/1 {} table", T::KIND)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::de(de::value::MapAccessDeserializer::new(Header::<A, T> {
            map,
            format: false,
            kind: false,
            body: PhantomData,
        }))
    }
}

/// The file's entries without `format` and `kind`, which it checks on the way.
struct Header<A, T> {
    map: A,
    format: bool,
    kind: bool,
    body: PhantomData<T>,
}

impl<'de, A: MapAccess<'de>, T: Body> MapAccess<'de> for Header<A, T> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.map.next_key::<String>()? else {
                return Ok(None);
            };
            let (seen, expected) = match key.as_str() {
                "format" => (&mut self.format, FORMAT),
                "kind" => (&mut self.kind, T::KIND),
                _ => return seed.deserialize(key.into_deserializer()).map(Some),
            };
            if std::mem::replace(seen, true) {
                return Err(de::Error::duplicate_field(if expected == FORMAT {
                    "format"
                } else {
                    "kind"
                }));
            }
            let value: String = self.map.next_value()?;
            if value != expected {
                return Err(de::Error::custom(format_args!(
                    "`{key}` is `{value}`, expected `{expected}`"
                )));
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

impl Serialize for Position {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_file(self, s)
    }
}

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_file(d)
    }
}

impl Serialize for Vocabulary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_file(self, s)
    }
}

impl<'de> Deserialize<'de> for Vocabulary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_file(d)
    }
}
