//! Emitting: the intermediate model to the files of a client crate. Emitting
//! cannot fail; everything that can was checked before.

mod builders;
mod client;
mod docs;
mod krate;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, Module, TypeRef};
use crate::naming;
use crate::Options;

/// One file of the generated crate, before rendering.
pub(crate) struct File {
    /// Path inside the crate, `/`-separated.
    pub path: String,
    /// The specs it comes from, for its header.
    pub sources: String,
    pub content: Content,
}

pub(crate) enum Content {
    Rust(TokenStream),
    Toml(String),
    /// Rust source that is copied as it is (the runtime).
    Verbatim(&'static str),
}

/// The runtime shared by all generated modules.
const RUNTIME: &str = include_str!("../../templates/runtime.rs");

/// Every file of the generated crate.
pub(crate) fn emit(api: &Api, opts: &Options) -> Vec<File> {
    let all_sources = api.modules.iter().map(|m| m.file.as_str()).collect::<Vec<_>>().join(", ");
    let mut files = vec![
        File {
            path: "Cargo.toml".into(),
            sources: all_sources.clone(),
            content: Content::Toml(krate::manifest(api, opts)),
        },
        File { path: "src/lib.rs".into(), sources: all_sources, content: Content::Rust(krate::lib(api, opts)) },
        File {
            path: "src/runtime.rs".into(),
            sources: "the codegen runtime".into(),
            content: Content::Verbatim(RUNTIME),
        },
    ];
    for module in &api.modules {
        let dir = format!("src/{}", naming::plain(&module.name));
        let file = |name: &str, tokens: TokenStream| File {
            path: format!("{dir}/{name}"),
            sources: module.file.clone(),
            content: Content::Rust(tokens),
        };
        files.push(file("mod.rs", client::module(module)));
        files.push(file("types.rs", types::types(module)));
        files.push(file("builders.rs", builders::builders(module)));
    }
    files
}

/// The Rust type of `ty`, as written in `types.rs` itself (`local`) or in a
/// sibling module of the same API.
pub(crate) fn rust_type(ty: &TypeRef, module: &Module, local: bool) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Named(name) => {
            let name = naming::ident(name);
            if local {
                quote!(#name)
            } else {
                let m = naming::ident(&module.name);
                quote!(crate::#m::types::#name)
            }
        }
        TypeRef::Vec(item) => {
            let item = rust_type(item, module, local);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, module, local);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner, module, local);
            quote!(::std::option::Option<#inner>)
        }
    }
}

/// A doc line naming an operation's HTTP method and path.
pub(crate) fn endpoint(op: &crate::model::Operation) -> String {
    format!("`{} {}`", op.http_method, op.path)
}
