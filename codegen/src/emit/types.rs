//! `types.rs` of an API module: structs, enums, unions and aliases for the
//! spec's schemas.

use std::ops::Range;

use crate::toks::{toks, Ident, ToToks, Toks};

use super::docs;
use crate::model::{
    Field, FlattenedUnion, Module, OneOfVariant, Presence, Scalars, Storage, TypeDef, TypeKind, TypeRef, Variant,
    ADDITIONAL_FIELD,
};
use crate::naming;
use crate::rust::{Scope, Ty};

/// The types `range` of `types.rs`; the first piece has the file's docs.
pub(crate) fn types(module: &Module, range: Range<usize>) -> Toks {
    let header = (range.start == 0).then(|| {
        let mut doc = format!("Types of the `{}` API: the schemas of `{}`.", naming::plain(&module.name), module.file);
        if has_runtime_models(module) {
            doc.push_str(
                "\n\nThe structs' `Serialize` and `Deserialize` are written out, not derived: each hands its fields \
                 to the runtime (`runtime/models.rs` explains how), which keeps the crate's compile time down.",
            );
        }
        let doc = docs::inner(&doc);
        let runtime = uses_runtime(module).then(|| {
            toks!(
                use crate::runtime;
            )
        });
        toks!(#doc #runtime)
    });
    let items = module.types[range].iter().map(|t| type_def(module, t));
    toks! {
        #header
        #(#items)*
    }
}

/// True when `types.rs` uses the runtime: for the (de)serialization of a
/// struct that `serde_derive` does not implement, of an enum or a union, a
/// `Nullable` field, or a `File`.
fn uses_runtime(module: &Module) -> bool {
    super::module_runtime_models(module) || super::module_enums(module) || super::types_hold_files(module)
}

/// True when a struct has its `Serialize` and `Deserialize` written out
/// (every struct but those that flatten a union or a map into themselves).
fn has_runtime_models(module: &Module) -> bool {
    module.types.iter().any(|t| matches!(&t.kind, TypeKind::Struct { union: None, additional: None, .. }))
}

fn type_def(module: &Module, t: &TypeDef) -> Toks {
    let name = naming::ident(&t.name);
    let doc = docs::outer(t.doc.as_deref().unwrap_or(&format!("The schema at `{}`.", t.origin)));
    match &t.kind {
        TypeKind::Struct { fields, union, additional } => {
            let default = (fields.iter().all(has_default) && union.is_none()).then(|| toks!(Default,));
            let methods = struct_methods(t, fields, union.as_ref(), additional.is_some());
            // `serde_derive` for the rare struct that flattens a union or a
            // map into itself; for every other, impls that hand the fields
            // to the runtime type-erased (the derived ones were most of the
            // crate's compile time).
            let derived = union.is_some() || additional.is_some();
            let (derive, impls) = if derived {
                (toks!(::serde::Serialize, ::serde::Deserialize), Toks::new())
            } else {
                let serialize = serialize(&name, &t.name, fields);
                let deserialize = deserialize(&name, &t.name, fields);
                (Toks::new(), toks!(#{serialize} #{deserialize}))
            };
            let union = union.as_ref().map(|u| {
                let field = naming::ident(&u.name);
                let ty = naming::ident(&u.ty);
                let doc = docs::outer(&format!(
                    "Which of the alternatives of [`{}`] the value also is: read from the same object.",
                    u.ty
                ));
                toks! { #doc #[serde(flatten)] pub #field: #ty, }
            });
            let additional = additional.as_ref().map(|value| {
                let field = naming::ident(ADDITIONAL_FIELD);
                let ty = Ty::of(&TypeRef::Map(Box::new(value.clone())), Scope::Types);
                let doc = docs::outer("Properties not listed in the schema (`additionalProperties`).");
                toks! { #doc #[serde(flatten)] pub #field: #ty, }
            });
            let fields = fields.iter().map(|f| field(f, derived)).chain(union).chain(additional);
            toks! {
                #{doc}
                #[derive(Clone, Debug, #default PartialEq, #derive)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fields)*
                }

                #{methods}

                #{impls}
            }
        }
        TypeKind::Enum { variants } => enumeration(&name, &doc, variants),
        TypeKind::OneOf { variants } => {
            // A union of scalars can be a parameter: it is written as its value.
            let lookup = |n: &str| module.type_kind(n);
            let written = TypeRef::Named(t.name.clone()).is_scalar(&lookup, Scalars::Written);
            let display = written.then(|| {
                let arms = variants.iter().map(|v| {
                    let variant = naming::ident(&v.name);
                    toks!(Self::#variant(value) => ::std::fmt::Display::fmt(value, f),)
                });
                toks! {
                    impl ::std::fmt::Display for #name {
                        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                }
            });
            // Each alternative of a type no other alternative has (aliases
            // followed: two names may be one type) converts into the union.
            let canonical: Vec<TypeRef> = variants.iter().map(|v| module.canonical(&v.ty)).collect();
            let unique = |i: usize| canonical.iter().filter(|&t| *t == canonical[i]).count() == 1;
            let conversions = variants.iter().enumerate().filter(|&(i, _)| unique(i)).map(|(_, v)| {
                let variant = naming::ident(&v.name);
                let ty = Ty::of(&v.ty, Scope::Types);
                let value = match v.storage {
                    Storage::Boxed => toks!(Box::new(value)),
                    Storage::Inline => toks!(value),
                };
                toks! {
                    impl From<#ty> for #name {
                        fn from(value: #ty) -> Self {
                            Self::#variant(#value)
                        }
                    }
                }
            });
            let conversions: Vec<Toks> = conversions.collect();
            let serde = union_serde(&name, &t.name, variants);
            let variants = variants.iter().map(one_of_variant);
            toks! {
                #{doc}
                #[derive(Clone, Debug, PartialEq)]
                #[non_exhaustive]
                // The variants are the spec's alternatives as they are; boxing
                // the large ones would change the API with each spec edit.
                #[allow(clippy::large_enum_variant)]
                pub enum #name {
                    #(#variants)*
                }

                #{serde}

                #{display}

                #(#conversions)*
            }
        }
        TypeKind::Alias(ty) => {
            let ty = Ty::of(ty, Scope::Types);
            toks! {
                #doc
                pub type #name = #ty;
            }
        }
        TypeKind::Mapped(path) => {
            // Checked to be a type when the options were read.
            let ty: syn::TypePath = syn::parse_str(path).unwrap_or_else(|_| syn::parse_quote!(::serde_json::Value));
            let ty = crate::render::read_back(quote::ToTokens::to_token_stream(&ty));
            let doc = docs::outer(&format!(
                "{}\n\nThe type chosen for this schema in the generator's options.",
                t.doc.as_deref().unwrap_or(&format!("The schema at `{}`.", t.origin))
            ));
            toks! {
                #doc
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype(ty) => {
            let ty = Ty::of(ty, Scope::Types);
            toks! {
                #doc
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    }
}

/// `new` with the required fields, and for types sent in requests a `with_*`
/// setter per field: structs are `#[non_exhaustive]`, so that new fields are
/// not breaking changes, and cannot be written as literals outside the crate.
fn struct_methods(t: &TypeDef, fields: &[Field], union: Option<&FlattenedUnion>, additional: bool) -> Toks {
    let name = naming::ident(&t.name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut required = Vec::new();
    for f in fields {
        let field = naming::ident(&f.name);
        if f.presence.is_required() {
            let ty = match f.presence {
                Presence::RequiredNullable => Ty::Option(Box::new(Ty::of(&f.ty, Scope::Types))),
                _ => Ty::of(&f.ty, Scope::Types),
            };
            args.push(toks!(#field: #ty));
            let init = match (f.storage, f.presence) {
                (Storage::Boxed, Presence::RequiredNullable) => toks!(#field: #field.map(Box::new)),
                (Storage::Boxed, _) => toks!(#field: Box::new(#field)),
                (Storage::Inline, _) => toks!(#field),
            };
            required.push(init.clone());
            inits.push(init);
        } else {
            inits.push(toks!(#field: Default::default()));
        }
    }
    if let Some(u) = union {
        let (field, ty) = (naming::ident(&u.name), naming::ident(&u.ty));
        args.push(toks!(#field: #ty));
        inits.push(toks!(#field));
    }
    if additional {
        let field = naming::ident(ADDITIONAL_FIELD);
        inits.push(toks!(#field: Default::default()));
    }
    let new_doc = if args.is_empty() {
        format!("{} `{}` with every field unset.", docs::article(&t.name), t.name)
    } else {
        format!("{} `{}` with its required fields; the others unset.", docs::article(&t.name), t.name)
    };
    let new_doc = docs::outer(&new_doc);
    let setters = fields.iter().filter(|_| t.in_requests).map(|f| {
        let field = naming::ident(&f.name);
        let setter = naming::ident(&format!("with_{}", naming::plain(&f.name)));
        let mut ty = Ty::of(&f.ty, Scope::Types).to_toks_owned();
        let boxed = f.storage == Storage::Boxed;
        let mut value = toks!(value);
        if boxed {
            value = toks!(Box::new(#value));
        }
        let (doc, value) = if f.presence == Presence::TriState {
            ty = toks!(impl Into<runtime::Nullable<#ty>>);
            let value = if boxed { toks!(value.into().map(Box::new)) } else { toks!(value.into()) };
            (setter_doc(f, "to a value or to `Nullable::Null`"), value)
        } else {
            // Strings are taken as `impl Into<String>`, as the request builders take them.
            if f.ty == TypeRef::String {
                ty = toks!(impl Into<String>);
                value = if boxed { toks!(Box::new(value.into())) } else { toks!(value.into()) };
            }
            let value = if f.presence == Presence::Required { value } else { toks!(Some(#value)) };
            (setter_doc(f, ""), value)
        };
        let doc = docs::outer(&doc);
        toks! {
            #doc
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    // With `Default` derived, the unset fields are its.
    let body = if !fields.iter().all(has_default) || union.is_some() {
        toks!(Self { #(#inits),* })
    } else if required.is_empty() {
        toks!(Self::default())
    } else {
        toks!(Self { #(#required,)* ..Self::default() })
    };
    toks! {
        impl #name {
            #{new_doc}
            pub fn new(#(#args),*) -> Self {
                #{body}
            }

            #(#setters)*
        }
    }
}

/// `Serialize` for a struct: its fields by wire name, absent optional ones
/// skipped, as `serde_derive` would with `skip_serializing_if`.
fn serialize(name: &Ident, plain_name: &str, fields: &[Field]) -> Toks {
    let entries = fields.iter().map(|f| {
        let field = naming::ident(&f.name);
        let wire = &f.wire_name;
        if f.presence.skipped_when_unset() {
            toks!((#wire, &self.#field))
        } else {
            toks!((#wire, &runtime::Present(&self.#field)))
        }
    });
    let plain = naming::plain(plain_name);
    toks! {
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                runtime::serialize_struct(serializer, #plain, &[#(#entries),*])
            }
        }
    }
}

/// `Deserialize` for a struct: a plain function that hands the runtime's
/// erased map one typed place per property, by wire name, then builds the
/// struct. As with `serde_derive`, unknown properties are skipped, a repeated
/// one is an error, and so is a missing required one (`Option` and `Nullable`
/// fields may be absent).
///
/// A field that may be absent starts as its default (`None`,
/// `Nullable::Absent`) and takes the value as it comes; a required one is
/// kept in a `Required` local until the end, where its absence is an error.
/// A struct with `Default` (and fields) starts as its default and has the
/// optional fields read into it in place: fewer tokens than a local per field.
fn deserialize(name: &Ident, plain_name: &str, fields: &[Field]) -> Toks {
    let expecting = format!("struct {}", naming::plain(plain_name));
    let required = |f: &&Field| f.presence == Presence::Required;
    let body = if !fields.is_empty() && fields.iter().all(has_default) {
        let (wires, places): (Vec<_>, Vec<_>) = fields
            .iter()
            .map(|f| {
                let field = naming::ident(&f.name);
                let place = if required(&f) { toks!(#field) } else { toks!(__value.#field) };
                (f.wire_name.as_str(), place)
            })
            .unzip();
        let required: Vec<_> = fields.iter().filter(required).collect();
        let locals = required.iter().map(|f| naming::ident(&f.name));
        let types = required.iter().map(|f| Ty::field(f));
        let finish = required.iter().map(|f| {
            let (field, wire) = (naming::ident(&f.name), &f.wire_name);
            toks!(__value.#field = __map.required(#field, #wire)?;)
        });
        toks! {
            let mut __value = #name::default();
            #(let mut #locals: runtime::Required<#types> = runtime::Required::missing();)*
            __map.read(&mut [#((#wires, &mut #places)),*])?;
            #(#finish)*
            Ok(__value)
        }
    } else {
        let locals: Vec<_> = fields.iter().map(|f| naming::ident(&f.name)).collect();
        let locals = locals.as_slice();
        let wires = fields.iter().map(|f| f.wire_name.as_str());
        let (starts, finish): (Vec<_>, Vec<_>) = fields
            .iter()
            .zip(locals)
            .map(|(f, local)| {
                let ty = Ty::field(f);
                if f.presence == Presence::TriState {
                    (toks!(#ty = runtime::Nullable::Absent), toks!(#local))
                } else if f.presence != Presence::Required {
                    (toks!(#ty = None), toks!(#local))
                } else {
                    let wire = &f.wire_name;
                    (
                        toks!(runtime::Required<#ty> = runtime::Required::missing()),
                        toks!(#local: __map.required(#local, #wire)?),
                    )
                }
            })
            .collect();
        toks! {
            #(let mut #locals: #starts;)*
            __map.read(&mut [#((#wires, &mut #locals)),*])?;
            Ok(#name { #(#finish),* })
        }
    };
    toks! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                fn __decode(__map: &mut runtime::Fields<'_, '_>) -> Result<#name, runtime::Stopped> {
                    #{body}
                }
                runtime::deserialize_struct(deserializer, #expecting, __decode)
            }
        }
    }
}

fn has_default(f: &Field) -> bool {
    f.presence != Presence::Required || !holds_named(&f.ty)
}

/// True when a value of `ty` is, or is a tuple holding, a named type (which
/// may have no `Default`).
fn holds_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Tuple(items) => items.iter().any(holds_named),
        _ => false,
    }
}

/// A field's docs: the property's description, then what the generator
/// knows of it that its type does not show (its JSON name when the Rust
/// name differs, its format, whether `null` is sent for `None`).
fn field_doc(f: &Field) -> String {
    let mut facts = Vec::new();
    if naming::plain(&f.name) != f.wire_name {
        facts.push(format!("`{}` in JSON", f.wire_name));
    }
    if let Some(format) = &f.format {
        facts.push(format!("format `{format}`"));
    }
    // `Option` reads `null` as `None` anyway; what it does not show is that it is sent.
    if f.presence == Presence::RequiredNullable {
        facts.push(String::from("always sent, `null` for `None`"));
    }
    let facts = docs::sentence(&facts.join("; "));
    match (f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()), facts.is_empty()) {
        (Some(doc), true) => doc.to_owned(),
        (Some(doc), false) => format!("{doc}\n\n{facts}"),
        (None, false) => facts,
        (None, true) => String::from("Not described by the API."),
    }
}

/// A `with_*` setter's docs: what it sets (`how`, when it says more), then
/// the field's own description.
fn setter_doc(f: &Field, how: &str) -> String {
    let mut doc = format!("Sets `{}`", f.wire_name);
    if !how.is_empty() {
        doc.push(' ');
        doc.push_str(how);
    }
    doc.push('.');
    if let Some(description) = f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    doc
}

/// A struct field; its `#[serde]` attributes only where `serde_derive` implements the struct.
fn field(f: &Field, derived: bool) -> Toks {
    let name = naming::ident(&f.name);
    let doc = docs::outer(&field_doc(f));
    let ty = Ty::field(f);
    if !derived {
        return toks! {
            #{doc}
            pub #name: #{ty},
        };
    }
    let mut serde = Vec::new();
    if naming::plain(&f.name) != f.wire_name {
        let wire = &f.wire_name;
        serde.push(toks!(rename = #wire));
    }
    match f.presence {
        Presence::TriState => serde.push(toks!(default, skip_serializing_if = "crate::runtime::Nullable::is_absent")),
        Presence::Optional | Presence::OptionalNullable => {
            serde.push(toks!(default, skip_serializing_if = "Option::is_none"))
        }
        Presence::Required | Presence::RequiredNullable => {}
    }
    let serde = (!serde.is_empty()).then(|| toks!(#[serde(#(#serde),*)]));
    toks! {
        #{doc}
        #{serde}
        pub #name: #{ty},
    }
}

fn enumeration(name: &Ident, doc: &Toks, variants: &[Variant]) -> Toks {
    let idents: Vec<_> = variants.iter().map(|v| naming::ident(&v.name)).collect();
    let idents = idents.as_slice();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
    let wires = wires.as_slice();
    // The catch-all for values this client does not know yet.
    let unknown = naming::ident(&naming::catch_all(variants.iter().map(|v| v.name.as_str())));
    let defs = variants.iter().zip(idents).map(|(v, ident)| {
        let variant_doc = docs::outer(&format!("`{}`", v.wire_name.replace('`', "'")));
        toks! {
            #variant_doc
            #ident,
        }
    });
    toks! {
        #doc
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this version of the client does not know: a server may
            /// send values added after the spec was written.
            #unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #wires, )*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wires => Self::#idents, )*
                    _ => Self::#unknown(value),
                }
            }
        }

        // `Clone`, `Debug`, equality, hashing, `Display`, `FromStr` and
        // serde, all through the wire value.
        runtime::string_enum!(#name);
    }
}

/// A union's `Serialize` (the alternative's own) and `Deserialize` (each
/// alternative tried in turn, by the runtime), as `#[serde(untagged)]` would
/// derive them, in a fraction of the code.
fn union_serde(name: &Ident, plain_name: &str, variants: &[OneOfVariant]) -> Toks {
    let plain = naming::plain(plain_name);
    let idents: Vec<_> = variants.iter().map(|v| naming::ident(&v.name)).collect();
    let idents = idents.as_slice();
    let attempts = variants.iter().zip(idents).map(|(v, ident)| {
        let value = match v.storage {
            Storage::Boxed => toks!(Box::new(value)),
            Storage::Inline => toks!(value),
        };
        toks! {
            if let Some(value) = runtime::alternative(&value) {
                return Ok(Self::#ident(#value));
            }
        }
    });
    toks! {
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                match self {
                    #( Self::#idents(value) => ::serde::Serialize::serialize(value, serializer), )*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = runtime::union_value(deserializer)?;
                #(#attempts)*
                Err(runtime::no_alternative(#plain))
            }
        }
    }
}

fn one_of_variant(v: &OneOfVariant) -> Toks {
    let name = naming::ident(&v.name);
    let ty = Ty::stored(&v.ty, v.storage);
    let doc = docs::outer(&format!("A value of type `{}`.", v.ty.rust_text()));
    toks! {
        #doc
        #name(#ty),
    }
}
