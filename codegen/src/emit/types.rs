//! `types.rs` of an API module: structs, enums, unions and aliases for the
//! spec's schemas.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_type};
use crate::model::{Field, Module, OneOfVariant, TypeDef, TypeKind, TypeRef, Variant};
use crate::naming;

pub(crate) fn types(module: &Module) -> TokenStream {
    let header =
        docs::inner(&format!("Types of the `{}` API: the schemas of `{}`.", naming::plain(&module.name), module.file));
    let items = module.types.iter().map(|t| type_def(t, module));
    quote! {
        #header
        #(#items)*
    }
}

fn type_def(t: &TypeDef, module: &Module) -> TokenStream {
    let name = naming::ident(&t.name);
    let doc = docs::outer(t.doc.as_deref().unwrap_or(&format!("The schema at `{}`.", t.origin)));
    match &t.kind {
        TypeKind::Struct { fields } => {
            let default = fields.iter().all(has_default).then(|| quote!(Default,));
            let fields = fields.iter().map(|f| field(f, module));
            quote! {
                #doc
                #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        TypeKind::Enum { variants } => enumeration(&name, &doc, variants),
        TypeKind::OneOf { variants } => {
            let variants = variants.iter().map(|v| one_of_variant(v, module));
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, module, true);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype(ty) => {
            let ty = rust_type(ty, module, true);
            quote! {
                #doc
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    }
}

fn has_default(f: &Field) -> bool {
    f.optional || f.flatten || !matches!(f.ty, TypeRef::Named(_))
}

fn field(f: &Field, module: &Module) -> TokenStream {
    let name = naming::ident(&f.name);
    let doc = docs::outer(f.doc.as_deref().unwrap_or(&format!("The `{}` property.", f.wire_name)));
    let mut ty = rust_type(&f.ty, module, true);
    if f.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if f.optional {
        ty = quote!(::std::option::Option<#ty>);
    }
    let mut serde = Vec::new();
    if f.flatten {
        serde.push(quote!(flatten));
    } else if naming::plain(&f.name) != f.wire_name {
        let wire = &f.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if f.optional && !f.required {
        serde.push(quote!(default, skip_serializing_if = "::std::option::Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

fn enumeration(name: &proc_macro2::Ident, doc: &TokenStream, variants: &[Variant]) -> TokenStream {
    let idents: Vec<_> = variants.iter().map(|v| naming::ident(&v.name)).collect();
    let wires: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
    let defs = variants.iter().zip(&idents).map(|(v, ident)| {
        let wire = &v.wire_name;
        let variant_doc = docs::outer(&format!("`{}`", wire.replace('`', "'")));
        let rename = (naming::plain(&v.name) != wire).then(|| quote!(#[serde(rename = #wire)]));
        quote! {
            #variant_doc
            #rename
            #ident,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #name {
            #(#defs)*
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match *self {
                    #( Self::#idents => #wires, )*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::UnknownValue;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    #( #wires => ::std::result::Result::Ok(Self::#idents), )*
                    _ => ::std::result::Result::Err(crate::runtime::UnknownValue::new(value)),
                }
            }
        }
    }
}

fn one_of_variant(v: &OneOfVariant, module: &Module) -> TokenStream {
    let name = naming::ident(&v.name);
    let mut ty = rust_type(&v.ty, module, true);
    if v.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let doc = docs::outer(&format!("A value of type `{}`.", naming::plain(&v.name)));
    quote! {
        #doc
        #name(#ty),
    }
}
