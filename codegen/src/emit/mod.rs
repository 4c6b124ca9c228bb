//! Emitting: the intermediate model to the files of a client crate. Emitting
//! cannot fail; everything that can was checked before.

mod builders;
mod client;
mod docs;
mod krate;
mod types;

use crate::toks::{toks, ToToks, Toks};

pub(crate) use docs::LINE_BREAK;

use crate::model::{Api, BodyEncoding, Presence, TypeKind, TypeRef};
use crate::naming;
use crate::rust::{Scope, Ty};
use crate::Options;

/// One file of the generated crate, before rendering.
pub(crate) struct File {
    /// Path inside the crate, `/`-separated.
    pub path: String,
    /// The `@generated` header, on the first piece of a file only.
    pub header: Option<Header>,
    pub content: Content,
    /// What of the rendered text belongs to pieces before or after this one.
    pub cut: Cut,
}

/// The lines of a rendered piece that other pieces of its file hold: a
/// block (`impl Client { ... }`) whose items come in several pieces is
/// rendered whole in each, the first piece keeping its opening line and
/// the last its closing line. The items inside are laid out as they are
/// in the whole block, at the same indent.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cut {
    /// The first line opens a block that a piece before this one opened.
    pub opening: bool,
    /// The last line closes a block that a piece after this one closes.
    pub closing: bool,
}

/// What a file is generated from, and so how to change it.
pub(crate) enum Header {
    /// These specs (`api-spec/a.yaml, api-spec/b.yaml`).
    Specs(String),
    /// A file of the generator's runtime (`codegen/runtime/src/send.rs`), or its folder.
    Runtime(String),
}

pub(crate) enum Content {
    Rust(Toks),
    Toml(String),
    /// Rust source copied as it is (a runtime module).
    Verbatim(&'static str),
}

/// A module of the runtime (`codegen/runtime/src/`), and when a crate needs it.
struct RuntimeModule {
    name: &'static str,
    source: &'static str,
    needed: fn(&Api) -> bool,
}

/// The runtime's modules, in the order of its `lib.rs`. Its unit tests,
/// last in each file, stay in the generator.
const RUNTIME_MODULES: &[RuntimeModule] = &[
    RuntimeModule { name: "config", source: include_str!("../../runtime/src/config.rs"), needed: always },
    RuntimeModule { name: "enums", source: include_str!("../../runtime/src/enums.rs"), needed: enums },
    RuntimeModule { name: "error", source: include_str!("../../runtime/src/error.rs"), needed: always },
    RuntimeModule { name: "form", source: include_str!("../../runtime/src/form.rs"), needed: form_bodies },
    RuntimeModule { name: "headers", source: include_str!("../../runtime/src/headers.rs"), needed: typed_headers },
    RuntimeModule { name: "models", source: include_str!("../../runtime/src/models.rs"), needed: runtime_models },
    RuntimeModule { name: "multipart", source: include_str!("../../runtime/src/multipart.rs"), needed: files },
    RuntimeModule { name: "nullable", source: include_str!("../../runtime/src/nullable.rs"), needed: runtime_models },
    RuntimeModule { name: "pagination", source: include_str!("../../runtime/src/pagination.rs"), needed: paginated },
    RuntimeModule { name: "request", source: include_str!("../../runtime/src/request.rs"), needed: always },
    RuntimeModule { name: "response", source: include_str!("../../runtime/src/response.rs"), needed: always },
    RuntimeModule { name: "send", source: include_str!("../../runtime/src/send.rs"), needed: always },
    RuntimeModule { name: "upload", source: include_str!("../../runtime/src/upload.rs"), needed: files },
];

fn always(_: &Api) -> bool {
    true
}

/// An operation's response declares headers: they are parsed into a struct.
fn typed_headers(api: &Api) -> bool {
    api.modules.iter().flat_map(|m| &m.operations).any(|op| op.response.headers_name.is_some())
}

/// An operation's request body is a form, or a query parameter an object
/// (written as a form's property is).
fn form_bodies(api: &Api) -> bool {
    let form = |op: &crate::model::Operation| {
        op.body.as_ref().is_some_and(|b| matches!(b.encoding, BodyEncoding::Form(_)))
            || op.params.iter().any(|p| matches!(p.style, crate::model::ParamStyle::Object(_)))
    };
    api.modules.iter().flat_map(|m| &m.operations).any(form)
}

/// A multipart body, or a file (`format: binary`) anywhere: in a type, an
/// input, a success body or an error type.
pub(crate) fn files(api: &Api) -> bool {
    let multipart = |op: &crate::model::Operation| {
        op.body.as_ref().is_some_and(|b| matches!(b.encoding, BodyEncoding::Multipart(_)))
    };
    api.modules.iter().any(|m| m.operations.iter().any(multipart)) || api_holds(api, |t| *t == TypeRef::File)
}

/// True when a type anywhere in the crate (a model, an input, a success body
/// or header, an error type) is or holds one that `leaf` picks.
pub(crate) fn api_holds(api: &Api, leaf: fn(&TypeRef) -> bool) -> bool {
    api.modules.iter().any(|m| {
        types_hold(m, leaf)
            || m.operations.iter().any(|op| {
                let mut types = op
                    .inputs()
                    .map(|i| i.ty())
                    .chain(op.errors.iter().map(|(_, ty)| ty))
                    .chain(op.response.headers.iter().map(|h| &h.ty));
                types.any(|ty| ty.holds(&leaf)) || response_holds(&op.response.body, leaf)
            })
    })
}

fn response_holds(body: &crate::model::ResponseBody, leaf: fn(&TypeRef) -> bool) -> bool {
    match body {
        crate::model::ResponseBody::Json { ty, .. } => ty.holds(&leaf),
        crate::model::ResponseBody::ByStatus { variants, .. } => variants.iter().any(|v| response_holds(&v.body, leaf)),
        _ => false,
    }
}

/// True when a named type of `module` holds a file.
pub(crate) fn types_hold_files(module: &crate::model::Module) -> bool {
    types_hold(module, |t| *t == TypeRef::File)
}

/// True when a named type of `module` is or holds one that `leaf` picks.
fn types_hold(module: &crate::model::Module, leaf: fn(&TypeRef) -> bool) -> bool {
    let held = |ty: &TypeRef| ty.holds(&leaf);
    module.types.iter().any(|t| match &t.kind {
        TypeKind::Struct { fields, additional, .. } => {
            fields.iter().any(|f| held(&f.ty)) || additional.as_ref().is_some_and(held)
        }
        TypeKind::OneOf { variants } => variants.iter().any(|v| held(&v.ty)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => held(ty),
        TypeKind::Enum { .. } | TypeKind::Mapped(_) => false,
    })
}

fn paginated(api: &Api) -> bool {
    api.modules.iter().flat_map(|m| &m.operations).any(|op| op.pagination.is_some())
}

/// A model (de)serialized by the runtime, or a tri-state field (`Nullable`,
/// which the models module reads and writes).
pub(crate) fn runtime_models(api: &Api) -> bool {
    api.modules.iter().any(module_runtime_models)
}

/// A model is an enum of strings or a union (their traits are the
/// runtime's), or a type is the runtime's `Empty`.
fn enums(api: &Api) -> bool {
    api.modules.iter().any(module_enums) || api_holds(api, |t| *t == TypeRef::Empty)
}

/// [`enums`] for one module's types.
pub(crate) fn module_enums(module: &crate::model::Module) -> bool {
    module.types.iter().any(|t| matches!(t.kind, TypeKind::Enum { .. } | TypeKind::OneOf { .. }))
        || types_hold(module, |t| *t == TypeRef::Empty)
}

/// [`runtime_models`] for one module: what its `types.rs` asks of the runtime's models.
pub(crate) fn module_runtime_models(module: &crate::model::Module) -> bool {
    module.types.iter().any(|t| match &t.kind {
        TypeKind::Struct { fields, union, additional } => {
            (union.is_none() && additional.is_none()) || fields.iter().any(|f| f.presence == Presence::TriState)
        }
        _ => false,
    })
}

/// The runtime modules `api` needs, with their source (the unit tests left out).
fn runtime_modules(api: &Api) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    RUNTIME_MODULES.iter().filter(move |m| (m.needed)(api)).map(|m| {
        let end = m.source.find("\n#[cfg(test)]\nmod tests {").unwrap_or(m.source.len());
        // Up to the last item's end, with its line break.
        let source = &m.source[..=m.source[..end].trim_end().len()];
        (m.name, source)
    })
}

/// A piece of a file to emit: which one, before any token is made. Plain
/// data, so that pieces can be emitted and rendered on several threads
/// (token streams cannot cross threads). The types and builders of a large
/// API come in pieces of [`PIECE`] items, rendered apart and joined in order.
#[derive(Clone, Copy)]
pub(crate) enum Planned {
    Manifest,
    Lib,
    /// `runtime/mod.rs`.
    RuntimeRoot,
    /// A runtime module, by its index in [`RUNTIME_MODULES`].
    Runtime(usize),
    /// The types `start..end` of a module.
    Types {
        module: usize,
        start: usize,
        end: usize,
    },
    /// The methods of the operations `start..end` of a module, in its
    /// `mod.rs` (with the rest of the file when `start` is 0).
    Module {
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
            Planned::Types { start, .. } | Planned::Module { start, .. } | Planned::Builders { start, .. } => start,
            _ => 0,
        }
    }
}

/// Every piece of the generated crate, the larger kinds first, so that
/// threads taking them in turn finish together: each module's `mod.rs`
/// (its methods in pieces), then its builders and its types in pieces.
pub(crate) fn plan(api: &Api) -> Vec<Planned> {
    let pieces = |len: usize| (0..len.div_ceil(PIECE).max(1)).map(move |i| (i * PIECE, ((i + 1) * PIECE).min(len)));
    let mut files = Vec::new();
    for (module, m) in api.modules.iter().enumerate() {
        files.extend(pieces(m.operations.len()).map(|(start, end)| Planned::Module { module, start, end }));
    }
    for (module, m) in api.modules.iter().enumerate() {
        files.extend(pieces(m.operations.len()).map(|(start, end)| Planned::Builders { module, start, end }));
    }
    for (module, m) in api.modules.iter().enumerate() {
        files.extend(pieces(m.types.len()).map(|(start, end)| Planned::Types { module, start, end }));
    }
    files.extend([Planned::Lib, Planned::Manifest, Planned::RuntimeRoot]);
    files.extend((0..RUNTIME_MODULES.len()).filter(|&i| (RUNTIME_MODULES[i].needed)(api)).map(Planned::Runtime));
    files
}

/// The output path of a planned piece: it orders the rendered files.
pub(crate) fn path(api: &Api, file: Planned) -> String {
    let dir = |m: usize| format!("src/{}", naming::plain(&api.modules[m].name));
    match file {
        Planned::Manifest => "Cargo.toml".into(),
        Planned::Lib => "src/lib.rs".into(),
        Planned::RuntimeRoot => "src/runtime/mod.rs".into(),
        Planned::Runtime(i) => format!("src/runtime/{}.rs", RUNTIME_MODULES[i].name),
        Planned::Module { module, .. } => format!("{}/mod.rs", dir(module)),
        Planned::Types { module, .. } => format!("{}/types.rs", dir(module)),
        Planned::Builders { module, .. } => format!("{}/builders.rs", dir(module)),
    }
}

/// Emits one planned file.
pub(crate) fn emit(api: &Api, opts: &Options, file: Planned) -> File {
    let all_sources = || Header::Specs(api.modules.iter().map(|m| m.file.as_str()).collect::<Vec<_>>().join(", "));
    let module_source = |m: usize| Header::Specs(api.modules[m].file.clone());
    let mut cut = Cut::default();
    let (header, content) = match file {
        Planned::Manifest => (all_sources(), Content::Toml(krate::manifest(api, opts))),
        Planned::Lib => (all_sources(), Content::Rust(krate::lib(api, opts))),
        Planned::RuntimeRoot => {
            let modules = runtime_modules(api).map(|(name, _)| name);
            (Header::Runtime("codegen/runtime/src/".into()), Content::Rust(krate::runtime_root(modules)))
        }
        Planned::Runtime(i) => {
            let module = &RUNTIME_MODULES[i];
            let text = runtime_modules(api).find(|(name, _)| *name == module.name).map_or("", |(_, text)| text);
            (Header::Runtime(format!("codegen/runtime/src/{}.rs", module.name)), Content::Verbatim(text))
        }
        Planned::Module { module, start, end } => {
            let operations = api.modules[module].operations.len();
            cut = Cut { opening: start > 0, closing: end < operations };
            (module_source(module), Content::Rust(client::module(&api.modules[module], opts, start..end)))
        }
        Planned::Types { module, start, end } => {
            (module_source(module), Content::Rust(types::types(&api.modules[module], start..end)))
        }
        Planned::Builders { module, start, end } => {
            (module_source(module), Content::Rust(builders::builders(&api.modules[module], start..end)))
        }
    };
    File { path: path(api, file), header: (file.start() == 0).then_some(header), content, cut }
}

/// How an operation takes the value of an input, as a method argument or a
/// setter's: strings as `impl Into<String>`, files as `impl Into<File>` (the
/// second item is then true: the value is converted with `.into()`).
pub(crate) fn argument_type(ty: &TypeRef) -> (Toks, bool) {
    match ty {
        TypeRef::String => (toks!(impl Into<String>), true),
        // Bytes (`Vec<u8>`) or a stream.
        TypeRef::File => (toks!(impl Into<runtime::File>), true),
        other => (Ty::of(other, Scope::Api).to_toks_owned(), false),
    }
}

/// A doc line naming an operation's HTTP method and path.
pub(crate) fn endpoint(op: &crate::model::Operation) -> String {
    format!("`{} {}`", op.http_method, op.path)
}

#[cfg(test)]
mod tests {
    use super::RUNTIME_MODULES;

    /// The runtime crate's `lib.rs` declares the modules that are embedded,
    /// in the same order, and the copies leave its unit tests out.
    #[test]
    fn the_embedded_runtime_is_the_runtime_crate() {
        let lib = include_str!("../../runtime/src/lib.rs");
        let declared: Vec<&str> =
            lib.lines().filter_map(|l| l.strip_prefix("mod ").and_then(|l| l.strip_suffix(';'))).collect();
        let embedded: Vec<&str> = RUNTIME_MODULES.iter().map(|m| m.name).collect();
        assert_eq!(declared, embedded);
        let api = crate::model::Api { modules: Vec::new() };
        for (name, text) in super::runtime_modules(&api) {
            assert!(!text.contains("#[cfg(test)]") && !text.contains("#[test]"), "{name} keeps its tests");
            assert!(text.ends_with("}\n") || text.ends_with(";\n"), "{name} is cut inside an item");
        }
    }

    /// The runtime crate builds with the dependencies every generated crate gets.
    #[test]
    fn the_runtime_crate_has_the_generated_crates_dependencies() {
        let manifest = include_str!("../../runtime/Cargo.toml");
        let start = manifest.find("[dependencies]\n").expect("its dependencies") + "[dependencies]\n".len();
        let end = manifest[start..].find("\n\n").map_or(manifest.len(), |end| start + end + 1);
        assert_eq!(&manifest[start..end], super::krate::DEPENDENCIES);
        let uploads: String = manifest[end..]
            .lines()
            .skip_while(|l| l.is_empty() || l.starts_with('#'))
            .take_while(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(uploads, super::krate::UPLOAD_DEPENDENCIES);
    }
}
