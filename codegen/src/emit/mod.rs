//! Emitting: the intermediate model to the files of a client crate. Emitting
//! cannot fail; everything that can was checked before.

mod builders;
mod client;
mod docs;
mod krate;
mod types;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

pub(crate) use docs::LINE_BREAK;

use crate::model::{Api, TypeRef};
use crate::naming;
use crate::rust::{Scope, Ty};
use crate::Options;

/// One file of the generated crate, before rendering.
pub(crate) struct File {
    /// Path inside the crate, `/`-separated.
    pub path: String,
    /// The specs it comes from, for its header.
    pub sources: String,
    /// The first piece of its file, which carries the header.
    pub first: bool,
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

/// A piece of a file to emit: which one, before any token is made. Plain
/// data, so that pieces can be emitted and rendered on several threads
/// (token streams cannot cross threads). The types and builders of a large
/// API come in pieces of [`PIECE`] items, rendered apart and joined in order.
#[derive(Clone, Copy)]
pub(crate) enum Planned {
    Manifest,
    Lib,
    Runtime,
    Module(usize),
    /// The types `start..end` of a module.
    Types {
        module: usize,
        start: usize,
        end: usize,
    },
    /// The request builders of the operations `start..end` of a module.
    Builders {
        module: usize,
        start: usize,
        end: usize,
    },
}

/// How many types or operations one piece holds.
pub(crate) const PIECE: usize = 48;

impl Planned {
    /// Where the piece goes in its file: 0 for the first (the one with the
    /// file's header).
    pub(crate) fn start(self) -> usize {
        match self {
            Planned::Types { start, .. } | Planned::Builders { start, .. } => start,
            _ => 0,
        }
    }
}

/// Every piece of the generated crate, the largest first, so that threads
/// taking them in turn finish together: each module's `mod.rs` (one piece,
/// with a method per operation), then the builders and the types in pieces.
pub(crate) fn plan(api: &Api) -> Vec<Planned> {
    let pieces = |len: usize| (0..len.div_ceil(PIECE).max(1)).map(move |i| (i * PIECE, ((i + 1) * PIECE).min(len)));
    let mut files: Vec<Planned> = (0..api.modules.len()).map(Planned::Module).collect();
    for (module, m) in api.modules.iter().enumerate() {
        files.extend(pieces(m.operations.len()).map(|(start, end)| Planned::Builders { module, start, end }));
    }
    for (module, m) in api.modules.iter().enumerate() {
        files.extend(pieces(m.types.len()).map(|(start, end)| Planned::Types { module, start, end }));
    }
    files.extend([Planned::Lib, Planned::Manifest, Planned::Runtime]);
    files
}

/// The output path of a planned piece: it orders the rendered files.
pub(crate) fn path(api: &Api, file: Planned) -> String {
    let dir = |m: usize| format!("src/{}", naming::plain(&api.modules[m].name));
    match file {
        Planned::Manifest => "Cargo.toml".into(),
        Planned::Lib => "src/lib.rs".into(),
        Planned::Runtime => "src/runtime.rs".into(),
        Planned::Module(m) => format!("{}/mod.rs", dir(m)),
        Planned::Types { module, .. } => format!("{}/types.rs", dir(module)),
        Planned::Builders { module, .. } => format!("{}/builders.rs", dir(module)),
    }
}

/// Emits one planned file.
pub(crate) fn emit(api: &Api, opts: &Options, file: Planned) -> File {
    let all_sources = || api.modules.iter().map(|m| m.file.as_str()).collect::<Vec<_>>().join(", ");
    let (sources, content) = match file {
        Planned::Manifest => (all_sources(), Content::Toml(krate::manifest(api, opts))),
        Planned::Lib => (all_sources(), Content::Rust(krate::lib(api, opts))),
        Planned::Runtime => ("the codegen runtime".into(), Content::Verbatim(RUNTIME)),
        Planned::Module(m) => (api.modules[m].file.clone(), Content::Rust(client::module(&api.modules[m]))),
        Planned::Types { module, start, end } => {
            (api.modules[module].file.clone(), Content::Rust(types::types(&api.modules[module], start..end)))
        }
        Planned::Builders { module, start, end } => {
            (api.modules[module].file.clone(), Content::Rust(builders::builders(&api.modules[module], start..end)))
        }
    };
    File { path: path(api, file), sources, first: file.start() == 0, content }
}

/// How an operation takes the value of an input, as a method argument or a
/// setter's: strings as `impl Into<String>` (the second item is then true:
/// the value is converted with `.into()`).
pub(crate) fn argument_type(ty: &TypeRef) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), true),
        other => (Ty::of(other, Scope::Api).into_token_stream(), false),
    }
}

/// A doc line naming an operation's HTTP method and path.
pub(crate) fn endpoint(op: &crate::model::Operation) -> String {
    format!("`{} {}`", op.http_method, op.path)
}
