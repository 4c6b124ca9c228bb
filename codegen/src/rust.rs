//! Rust types as the generated crate writes them: the one mapping from the
//! model's types to Rust, rendered as tokens for the emitters and as text for
//! messages and the diff, so that the two cannot say different things.

use std::fmt;

use crate::toks::{toks, Ident, IntoToks, ToToks, Toks};

use crate::model::{Field, Presence, ResponseBody, ResponseHeader, Storage, TypeRef};
use crate::naming;

/// Where a type is written: named types are local in `types.rs`, and
/// `types::Name` in `mod.rs` and `builders.rs` of the same API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `types.rs`.
    Types,
    /// `mod.rs` and `builders.rs`, which import the types module as `types`.
    Api,
}

/// A Rust type of the generated crate.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// A type written the same everywhere (`bool`, `i64`, `String`, `()`).
    Plain(&'static str),
    /// `serde_json::Value`.
    Json,
    /// A type of another crate, by its path from the crate root (`jiff::Timestamp`).
    Extern(&'static str),
    /// A named type of the API's `types.rs`.
    Named(String, Scope),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `(A, B, ...)`.
    Tuple(Vec<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Option<T>`.
    Option(Box<Ty>),
    /// `Box<T>`.
    Boxed(Box<Ty>),
    /// The runtime's `Nullable<T>`: absent, `null` or a value.
    Nullable(Box<Ty>),
    /// The runtime's `File`.
    File,
    /// The runtime's `Empty`.
    Empty,
}

impl Ty {
    /// The Rust type of a model type.
    pub(crate) fn of(ty: &TypeRef, scope: Scope) -> Ty {
        let inner = |t: &TypeRef| Box::new(Ty::of(t, scope));
        match ty {
            TypeRef::Bool => Ty::Plain("bool"),
            TypeRef::I32 => Ty::Plain("i32"),
            TypeRef::I64 => Ty::Plain("i64"),
            TypeRef::U8 => Ty::Plain("u8"),
            TypeRef::U16 => Ty::Plain("u16"),
            TypeRef::U32 => Ty::Plain("u32"),
            TypeRef::U64 => Ty::Plain("u64"),
            TypeRef::DateTime => Ty::Extern("jiff::Timestamp"),
            TypeRef::Date => Ty::Extern("jiff::civil::Date"),
            TypeRef::Uuid => Ty::Extern("uuid::Uuid"),
            TypeRef::F32 => Ty::Plain("f32"),
            TypeRef::F64 => Ty::Plain("f64"),
            TypeRef::String => Ty::Plain("String"),
            TypeRef::Json => Ty::Json,
            TypeRef::Named(name) => Ty::Named(name.clone(), scope),
            TypeRef::Vec(item) => Ty::Vec(inner(item)),
            TypeRef::Tuple(items) => Ty::Tuple(items.iter().map(|t| Ty::of(t, scope)).collect()),
            TypeRef::Map(value) => Ty::Map(inner(value)),
            TypeRef::Option(value) => Ty::Option(inner(value)),
            TypeRef::File => Ty::File,
            TypeRef::Empty => Ty::Empty,
        }
    }

    /// A value as a field or variant holds it: boxed when its type contains itself.
    pub(crate) fn stored(ty: &TypeRef, storage: Storage) -> Ty {
        match storage {
            Storage::Inline => Ty::of(ty, Scope::Types),
            Storage::Boxed => Ty::Boxed(Box::new(Ty::of(ty, Scope::Types))),
        }
    }

    /// A struct field's type: its value, in an `Option` or a `Nullable` when
    /// it may be absent or `null`.
    pub(crate) fn field(f: &Field) -> Ty {
        let value = Box::new(Ty::stored(&f.ty, f.storage));
        match f.presence {
            Presence::Required => *value,
            Presence::RequiredNullable | Presence::Optional | Presence::OptionalNullable => Ty::Option(value),
            Presence::TriState => Ty::Nullable(value),
        }
    }

    /// The type of a field of a response's typed headers.
    pub(crate) fn header(h: &ResponseHeader) -> Ty {
        let ty = Ty::of(&h.ty, Scope::Api);
        if h.required {
            ty
        } else {
            Ty::Option(Box::new(ty))
        }
    }

    /// The type of a success response's decoded body.
    pub(crate) fn response_body(body: &ResponseBody) -> Ty {
        match body {
            ResponseBody::Empty => Ty::Plain("()"),
            ResponseBody::Json { ty, optional: false } => Ty::of(ty, Scope::Api),
            ResponseBody::Json { ty, optional: true } => Ty::Option(Box::new(Ty::of(ty, Scope::Api))),
            ResponseBody::Text => Ty::Plain("String"),
            ResponseBody::Bytes => Ty::Vec(Box::new(Ty::Plain("u8"))),
            // An enum of `builders.rs`, where the response types are written.
            ResponseBody::ByStatus { name, .. } => Ty::Named(name.clone(), Scope::Types),
        }
    }
}

impl IntoToks for Ty {
    fn into_toks(self, out: &mut Toks) {
        self.to_toks(out);
    }
}

impl ToToks for Ty {
    fn to_toks(&self, tokens: &mut Toks) {
        tokens.append(match self {
            Ty::Plain("()") => toks!(()),
            Ty::Plain(name) => {
                tokens.word(name);
                return;
            }
            Ty::Json => toks!(::serde_json::Value),
            Ty::Extern(path) => {
                let segments = path.split("::").map(|s| Ident::new(s.to_owned()));
                toks!(#(::#segments)*)
            }
            Ty::Named(name, scope) => {
                let name = naming::ident(name);
                match scope {
                    Scope::Types => toks!(#name),
                    Scope::Api => toks!(types::#name),
                }
            }
            Ty::Vec(item) => toks!(Vec<#item>),
            Ty::Tuple(items) => toks!((#(#items,)*)),
            Ty::Map(value) => toks!(::std::collections::BTreeMap<String, #value>),
            Ty::Option(value) => toks!(Option<#value>),
            Ty::Boxed(value) => toks!(Box<#value>),
            Ty::Nullable(value) => toks!(runtime::Nullable<#value>),
            Ty::File => toks!(runtime::File),
            Ty::Empty => toks!(runtime::Empty),
        });
    }
}

/// The type as a reader sees it (`Vec<Tag>`, `Option<Nullable<i64>>`): for
/// messages and reports.
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Plain(name) => f.write_str(name),
            Ty::Json => f.write_str("serde_json::Value"),
            Ty::Extern(path) => f.write_str(path),
            Ty::Named(name, _) => f.write_str(naming::plain(name)),
            Ty::Vec(item) => write!(f, "Vec<{item}>"),
            Ty::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Ty::to_string).collect();
                // A tuple of one is written `(T,)`, as Rust writes it.
                let comma = if items.len() == 1 { "," } else { "" };
                write!(f, "({}{comma})", items.join(", "))
            }
            Ty::Map(value) => write!(f, "BTreeMap<String, {value}>"),
            Ty::Option(value) => write!(f, "Option<{value}>"),
            Ty::Boxed(value) => write!(f, "Box<{value}>"),
            Ty::Nullable(value) => write!(f, "Nullable<{value}>"),
            Ty::File => f.write_str("File"),
            Ty::Empty => f.write_str("Empty"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(ty: &Ty) -> String {
        crate::render::format(ty.to_toks_owned()).replace([' ', '\n'], "")
    }

    #[test]
    fn text_and_tokens_are_the_same_type() {
        let ty = TypeRef::Map(Box::new(TypeRef::Vec(Box::new(TypeRef::Named("Tag".into())))));
        assert_eq!(Ty::of(&ty, Scope::Api).to_string(), "BTreeMap<String, Vec<Tag>>");
        assert_eq!(tokens(&Ty::of(&ty, Scope::Api)), "::std::collections::BTreeMap<String,Vec<types::Tag>>");
        assert_eq!(tokens(&Ty::of(&ty, Scope::Types)), "::std::collections::BTreeMap<String,Vec<Tag>>");
    }

    #[test]
    fn a_field_wraps_its_value_as_its_presence_and_storage_say() {
        let field = |presence, storage| Field {
            name: "next".into(),
            wire_name: "next".into(),
            ty: TypeRef::Named("Node".into()),
            presence,
            storage,
            format: None,
            hints: None,
            doc: None,
        };
        let text = |presence, storage| Ty::field(&field(presence, storage)).to_string();
        assert_eq!(text(Presence::Required, Storage::Inline), "Node");
        assert_eq!(text(Presence::RequiredNullable, Storage::Boxed), "Option<Box<Node>>");
        assert_eq!(text(Presence::OptionalNullable, Storage::Inline), "Option<Node>");
        assert_eq!(text(Presence::TriState, Storage::Boxed), "Nullable<Box<Node>>");
        assert_eq!(tokens(&Ty::field(&field(Presence::TriState, Storage::Inline))), "runtime::Nullable<Node>");
    }

    #[test]
    fn keywords_are_raw_in_code_and_plain_in_text() {
        let ty = Ty::of(&TypeRef::Named("r#type".into()), Scope::Types);
        assert_eq!(ty.to_string(), "type");
        assert_eq!(tokens(&ty), "r#type");
    }
}
