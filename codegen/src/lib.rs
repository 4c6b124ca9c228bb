//! Generates a typed async Rust client crate from Swagger 2.0, OpenAPI 3.0 and 3.1 documents.
//!
//! ```text
//! text ──parse──> spec::Document ──lower──> model::Api ──validate──> (barrier) ──emit──> tokens ──render──> files
//! ```
//!
//! [`generate`] reads like that pipeline. Every problem found before the
//! barrier is reported at once, with its file, line, column and spec path;
//! nothing after it can fail on a valid spec. The pipeline does no file IO:
//! [`config`] reads `codegen.toml` and specs, [`write`] brings a crate's
//! folder up to date with generated files, putting them in place only once
//! all are written ([`generate_into`] writes each file as it is made, so
//! that a large crate's text is never held in memory), and [`Generator`]
//! writes a build script's client into `OUT_DIR`; the `clientgen` binary
//! (feature `cli`, on by default) puts them together. [`Selection`] picks
//! the operations to generate.
//!
//! # Errors and warnings
//!
//! What the generator can resolve on its own it resolves the same way every
//! time and reports as a **warning**, with the same file, line, column and
//! spec path as an error: a name that collides, an operation without
//! `operationId`, an unknown key, a security requirement naming an undefined
//! scheme. What it cannot express is an **error**, and nothing is written.
//! [`Policy::deny_warnings`] makes every warning an error;
//! [`Policy::skip_unsupported`] leaves out each operation that uses
//! something it cannot express (and types each schema it cannot express as
//! `serde_json::Value`), with a warning naming it and why. Nothing is dropped
//! silently.
//!
//! # What it supports
//!
//! - **Documents**: OpenAPI 3.0.x and 3.1.x, as YAML or JSON. Several
//!   documents make one crate with one module each (named by the
//!   options' `modules`, else `x-rust-module`, else the file name). In 3.1 documents: `type` lists
//!   (`[string, "null"]` is a nullable string; several other types are any
//!   JSON value, with a warning), alternatives of type `null` in
//!   `oneOf`/`anyOf` (the value is then nullable), `const` (an enum of one
//!   value), `examples`, boolean schemas (any value), `$defs`, `info.summary`,
//!   `license.identifier`, `pathItems` in components (for a path's `$ref`);
//!   a `$ref` beside other keywords applies with them (its `description`
//!   documents the field); `prefixItems` of an array that holds exactly
//!   those items (`minItems` and `maxItems`, or `items: false`) is a tuple
//!   `(A, B)`, of any other array a warning (it is a list of `items`); a
//!   string with a binary `contentMediaType` (not text or JSON) and no
//!   `contentEncoding` is bytes, as `format: binary` is (base64 text stays a
//!   string). `webhooks` are ignored with a warning, and keywords that only
//!   constrain values (`if`/`then`/`else`, `dependentRequired`,
//!   `unevaluatedProperties`, ...) each get a warning that they are not
//!   enforced.
//! - **Swagger 2.0**: read in place into the same objects as 3.0, so that
//!   diagnostics name the 2.0 document's own lines and paths
//!   (`paths./users.get.parameters[0]`) and sections (`definitions`):
//!   `host`, `basePath` and `schemes` are the servers (`https` first; no
//!   `host`, the `basePath` alone); `consumes` and `produces`, of the
//!   document or the operation, the media types of bodies (JSON when none
//!   is named); a `body` parameter the request body; `formData` parameters
//!   the properties of a form body, `multipart/form-data` when one is a
//!   `file` (or the operation consumes only that); `collectionFormat` the
//!   style of a list (`csv`, the default, is `form` unexploded in the
//!   query and `simple` in paths and headers; `ssv`, `pipes` and `tsv`
//!   join with a space, `|` or a tab, in any location; `multi`, in the
//!   query and form fields only, is exploded `form`); `definitions`, `responses` and `securityDefinitions`
//!   (`basic`, `apiKey`, `oauth2`) the components; a `$ref` to a shared
//!   parameter is read where it points (it may be a body or a form field),
//!   and one to a shared response too when the operation's `produces` is
//!   not the document's;
//!   `type: file` is bytes (a `File` in a form), and `x-nullable: true` is
//!   `nullable` (beside a `$ref` too). An unchanged API migrated from 2.0 to 3.0 gives the same
//!   client (`cargo xtask diff` reports no change).
//! - **Servers**: the first server's URL (variables set to their defaults) is
//!   the default base URL. A path item's or operation's own `servers` are
//!   that operation's (a relative URL on the document server's origin). A
//!   base URL set on the client builder serves every operation.
//! - **Operations**: every method of every path, named by `operationId`; an
//!   operation without one is named from its method and path, each
//!   `{parameter}` read as `by_parameter` (`GET /users/{id}/keys` is
//!   `get_users_by_id_keys`). Path-level and operation-level parameters.
//! - **Parameters**: `path`, `query`, `header` and `cookie`, of scalar, enum
//!   or list type; query parameters that are objects, and path and header
//!   parameters that are objects in the simple style (`role,admin,level,3`,
//!   exploded `role=admin,level=3`; nested values as JSON text). Query styles
//!   `form` (exploded or not), `spaceDelimited`, `pipeDelimited` and, for
//!   objects, `deepObject` (`filter[created][gt]=1`); path and header style
//!   `simple`; cookies `form`, all in one `Cookie` header. Query and header
//!   parameters described with `content` of a JSON type are the value's JSON
//!   text (of another type, a string); path and cookie parameters too, but a
//!   scalar there is written as its plain value, with a warning (JSON text
//!   would put a string's quotes in the path). Header parameters
//!   named `Accept`, `Content-Type` or `Authorization` are ignored, as
//!   OpenAPI says.
//! - **Request bodies**: JSON (`application/json` and `+json`), forms
//!   (`application/x-www-form-urlencoded`: each property a pair, nested
//!   objects and lists in brackets, `items[0][price]=p`, the `encoding`'s
//!   `style` and `explode` honored for top-level properties; with a
//!   warning, a form that is a string is its encoded text, sent as given,
//!   and one that is a list has each item under its index, `0[name]=v`),
//!   multipart (`multipart/form-data`: a part per property, text for
//!   scalars, a part per list item, JSON for objects, files with their name
//!   and media type, `encoding.contentType` honored; a body that is one
//!   file, or says nothing of its parts, or is a string, is the part
//!   `file`), text, and raw bytes for any other
//!   media type (a wildcard is sent as `application/octet-stream`); a file,
//!   as a body or a part, is bytes or a stream read as the request is sent
//!   (`File::stream`; such a request is never retried). When
//!   several are offered, the first of JSON, form, text, bytes, multipart is
//!   used, and the docs name the others.
//! - **Responses**: the 2xx responses (or `default` when there is none) give
//!   the success type: JSON (and `+json`), text (`text/*`, XML), bytes (any
//!   other media type) or no content. When 2xx responses agree on one body
//!   type (some perhaps with none: the body is then an `Option`, as it is
//!   for a `nullable` schema), that is the type; when they differ, the
//!   operation has an enum of its own, a variant per status named by its
//!   reason phrase (`Created`, `Accepted`), chosen by the status received.
//!   Declared headers of the success response become a typed struct. The
//!   body of an error status is kept as text in the client's error type,
//!   and when the spec declares a type of the document for it (by status,
//!   range or `default`), decoded into it too (`ApiError::typed`), by a
//!   function that every operation declaring the same statuses and types
//!   shares (`errors_4xx_5xx_problem`, named after them).
//! - **Schemas**: `string`, `integer` (`int32` to `i32`, otherwise `i64`),
//!   `number` (`float` to `f32`, otherwise `f64`, an integer `format` on a
//!   `number` too: OpenAPI defines those for `integer`), `boolean`, `array`,
//!   `string` of `format: binary` (a `File`: bytes, file name, media type),
//!   `string` of `format: date-time` (a `jiff::Timestamp`: RFC 3339 read
//!   and written, an instant, written back in UTC), `date` (a
//!   `jiff::civil::Date`) and `uuid` (a `uuid::Uuid`), `integer` of
//!   `format: uint8` to `uint64` (`u8` to `u64`); a value that does not
//!   parse is a decode error naming where it is (`at `[0].at``); the crates
//!   are the generated crate's dependencies only when it uses them, and
//!   re-exported from it. Response headers of a date format stay text:
//!   headers write HTTP dates (`Tue, 15 Nov 1994 08:12:31 GMT`), and so do
//!   response headers that are lists or objects (`a,b`), with a warning;
//!   `object` with `properties`, `required`, `nullable` and
//!   `additionalProperties`; string `enum`s;
//!   `oneOf`/`anyOf` (an untagged
//!   enum tried in order, made `From` each alternative whose type no other
//!   has, and `Display` when its alternatives are scalars; a union of one
//!   alternative, a common way of describing a reference, is that
//!   alternative; an `enum` of the empty string alone, which APIs offer to
//!   clear a field, is the runtime's `Empty`; `discriminator`
//!   is accepted and not used;
//!   `properties` beside the alternatives are read from the alternative
//!   when every alternative has them; otherwise, when every alternative is
//!   an object, the schema is a struct of those properties with the union
//!   flattened into it (`#[serde(flatten)]`; a property an alternative
//!   declares is read by the alternative); alternatives that only constrain
//!   the value, such as `required` lists, are reported as not enforced). A schema
//!   that does not say what it holds is `serde_json::Value`, an array without
//!   `items` a `Vec` of those. Other formats (`email`, `uri`) stay strings,
//!   their format named in the field's docs.
//!   Recursive types are boxed; a schema that is only a list or map of
//!   itself becomes a newtype. `not` is not enforced (a warning).
//! - **Shared definitions**: a struct, string enum or union written
//!   inline whose definition (everything but its name: fields and their
//!   docs, variants, alternatives, the types it refers to compared after
//!   they are shared) is that of a component schema, or of an earlier
//!   inline one, is an alias of it. Real documents repeat enums at each
//!   use, and bundled documents every schema at each `$ref` they replaced;
//!   one definition compiles faster. An enum's alias names the variants in
//!   expressions and patterns (`Alias::Active`), but not in `use`.
//! - **`allOf`**: objects are merged into one struct (a referenced object's
//!   fields taken as they were lowered for it, its `required` extended by
//!   the other members'); members that only constrain or describe
//!   (`{maxLength: 5}`, `{description: ...}`) add nothing; `allOf` of one
//!   `$ref` (to give it a description or `nullable`) is that reference; an
//!   `allOf` of scalars is the scalar; objects combined with a union of
//!   objects are a struct with the union flattened into it, as above. An
//!   object combined with a value that is not one is an error. Each component schema is lowered once, so the
//!   work is linear in the size of the document.
//! - **References**: local `$ref`s to `#/components/{schemas, parameters,
//!   requestBodies, responses, headers}/Name`, and to any other JSON pointer
//!   in the document (`#/paths/~1a/get/responses/404`,
//!   `#/components/schemas/Pet/properties/owner`): the item pointed at is
//!   read once and used like a component (a schema in place and the same
//!   schema through a pointer are one type). Remote references are rejected.
//! - **Security**: HTTP `basic` (with `x-api-token-password`, an API token
//!   sent as the user name with a fixed password), HTTP `bearer`, `apiKey` in
//!   a header, the query or a cookie, `oauth2`/`openIdConnect` (a bearer token the
//!   caller obtains), and other HTTP schemes whose credentials the caller
//!   makes alone (`Authorization: <scheme> <credentials>`; schemes that
//!   answer a server challenge, such as `digest`, are rejected).
//! - **Names**: keywords become raw identifiers; signs are spelled
//!   (`reactions-+1` is `reactions_plus1`, `-1` is `Minus1`); names starting
//!   with a digit get an `n` (`N` for types) prefix (`2fa_enabled` is
//!   `n2fa_enabled`), never a leading `_`; parameters named like a request
//!   builder's own items (`client`, `options`, `new`, `send`, `request`,
//!   `timeout`, `header`, `retry`, `pages`, `items`) get a `_param` suffix.
//!   Two spec names that become the same Rust name are told apart in spec
//!   order, with a warning: types and enum variants by a number (`Name2`),
//!   fields, headers and methods by a numbered suffix (`name_2`), parameters
//!   first by their location (`id_query`). `x-rust-name` on a schema,
//!   property, parameter or operation chooses the name; a chosen name that
//!   collides is an error. `x-enum-varnames` (a list beside `enum`, as
//!   other generators read it) names the variants, put in UpperCamelCase.
//!   Module names are ASCII.
//!
//! - **Extensions**: `x-rust-module` (module name), `x-rust-name` and
//!   `x-enum-varnames` (see above), `x-api-token-password` (on a basic scheme), `x-rate-limit`
//!   (`statuses`, `reset-header`: what the client retries and how long it
//!   waits), `x-request-id-header`, and `x-pagination` on an operation
//!   (`page-param`, `pages-header`: adds `pages()` and `items()` streams).
//!   Each is checked like the rest; other `x-` keys are ignored.
//! - **Generated types**: structs and enums are `#[non_exhaustive]`; structs
//!   have `new(required fields)`, and those sent in requests `with_*`
//!   setters and, for optional nullable fields, a tri-state `Nullable<T>`
//!   (absent, `null`, value). String enums have an `Unknown(String)` variant
//!   for values added after the spec.
//!
//! Anything else the document uses that changes the client is reported as
//! not supported, never dropped silently.

#![forbid(unsafe_code)]

mod build;
pub mod config;
pub mod diagnostics;
pub mod diff;
mod emit;
mod locate;
mod lower;
pub mod model;
pub mod naming;
mod render;
mod rust;
mod select;
pub mod smoke;
mod spec;
mod toks;
mod validate;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;

pub use build::Generator;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use select::{Selection, Selector};

/// One spec document.
#[derive(Clone, Debug)]
pub struct SpecSource {
    /// The file's name as diagnostics and generated headers show it
    /// (`api-spec/toggl-v9.yaml`).
    pub name: String,
    /// Its text, YAML or JSON.
    pub text: String,
}

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The package name of the generated crate (`toggl-client`).
    pub crate_name: String,
    /// Its version.
    pub crate_version: String,
    /// The command that regenerates it, named in every file's header.
    pub command: String,
    /// Give the crate its own `[workspace]`, so that it builds wherever it is
    /// written; leave it out for a crate that is a member of a workspace.
    pub standalone: bool,
    /// How strictly the specs are taken.
    pub policy: Policy,
    /// Which operations to generate (all by default).
    pub selection: Selection,
    /// Module names chosen for specs, by the spec's [`SpecSource::name`]:
    /// they win over the document's `x-rust-module` and its file name.
    pub modules: BTreeMap<String, String>,
    /// Component schemas typed as an existing Rust type, by the schema's key
    /// (`Money` to `rust_decimal::Decimal`): the schema's generated type is
    /// an alias of it, in every spec that defines the key.
    pub types: BTreeMap<String, String>,
    /// Lines added to the generated crate's `[dependencies]` (the crates of
    /// [`Options::types`]): `name = "1"` or `name = { ... }`.
    pub dependencies: Vec<String>,
    /// How `format: date-time` and `format: date` strings are typed.
    pub dates: Dates,
    /// Operations with `x-pagination` get `pages()` and `items()` streams.
    pub pagination: bool,
    /// Clients retry failed requests by the rules of the runtime's
    /// `RetryPolicy::default()` unless given another policy; without this
    /// they send each request once unless given one.
    pub retry: bool,
}

/// How `format: date-time` and `format: date` strings are typed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dates {
    /// `jiff::Timestamp` and `jiff::civil::Date`, RFC 3339 on the wire.
    #[default]
    Jiff,
    /// `String`, as the wire has them: no dependency, no parsing.
    String,
}

impl Options {
    /// Options for a standalone crate named `crate_name`, version 0.1.0,
    /// regenerated by `command`, with the default [`Policy`].
    pub fn new(crate_name: &str, command: &str) -> Self {
        Self {
            crate_name: crate_name.to_owned(),
            crate_version: "0.1.0".to_owned(),
            command: command.to_owned(),
            standalone: true,
            policy: Policy::default(),
            selection: Selection::default(),
            modules: BTreeMap::new(),
            types: BTreeMap::new(),
            dependencies: Vec::new(),
            dates: Dates::default(),
            pagination: true,
            retry: true,
        }
    }
}

/// How strictly the specs are taken. By default, what the generator can
/// resolve on its own (a name collision, a missing `operationId`, an unknown
/// key) is a warning, and what it cannot express is an error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// Warnings are errors: nothing is generated while there is one.
    pub deny_warnings: bool,
    /// An operation that uses something the generator cannot express is
    /// left out of the client, with a warning naming it and why, instead of
    /// refusing the whole spec.
    pub skip_unsupported: bool,
}

/// A generated crate, and what the generator resolved on its own to make it.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The crate's files, in path order.
    pub files: Vec<OutputFile>,
    /// The warnings, in the order of the files and their lines.
    pub warnings: Diagnostics,
}

impl Generated {
    /// The lines of the crate's `[dependencies]`: what a crate that
    /// includes the generated code, or uses it beside its own, needs.
    pub fn dependencies(&self) -> String {
        let manifest = self.files.iter().find(|f| f.path == "Cargo.toml").map_or("", |f| f.contents.as_str());
        let start = manifest.find("[dependencies]\n").map_or(manifest.len(), |i| i + "[dependencies]\n".len());
        manifest[start..].lines().take_while(|l| !l.starts_with('[')).map(|l| format!("{l}\n")).collect()
    }
}

/// The intermediate model of valid specs, with the warnings found making it.
#[derive(Clone, Debug)]
pub struct Modeled {
    /// The model.
    pub api: model::Api,
    /// The warnings, in the order of the files and their lines.
    pub warnings: Diagnostics,
}

/// One file of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the crate, `/`-separated (`src/v9/types.rs`).
    pub path: String,
    /// The whole file.
    pub contents: String,
}

/// Generates the files of a client crate from `specs`.
///
/// # Errors
///
/// Every problem of every spec (warnings included), each with its file,
/// line, column and spec path, when there is at least one error.
pub fn generate(specs: &[SpecSource], opts: &Options) -> Result<Generated, Diagnostics> {
    let Modeled { api, warnings } = model_with(specs, opts)?;
    let files = emit_and_render(&api, opts, |_| Ok(String::new())).map_err(|failure| match failure {
        Failure::Specs(diags) => diags,
        // Joining text in memory does not fail.
        Failure::Write(e) => internal(&e.to_string()),
    })?;
    let files = files.into_iter().map(|(path, contents)| OutputFile { path, contents }).collect();
    Ok(Generated { files, warnings })
}

/// [`generate`] into the folder `dir`: each file is written as it is made,
/// beside the file it replaces (see [`write::Staged`]), so that the text of
/// a large crate is never held in memory. Nothing is in place until
/// [`write::Staged::apply`]; a spec with an error writes nothing, and a
/// failure while writing removes what was written.
///
/// # Errors
///
/// As [`generate`], or the first error writing a file.
pub fn generate_into(specs: &[SpecSource], opts: &Options, dir: &Path) -> Result<StagedCrate, Failure> {
    let Modeled { api, warnings } = model_with(specs, opts).map_err(Failure::Specs)?;
    let mut staging = write::Staging::new(dir);
    let files = emit_and_render(&api, opts, |path| staging.create(path))?;
    let files = staging.finish(files.into_iter().map(|(_, file)| file).collect()).map_err(Failure::Write)?;
    Ok(StagedCrate { files, warnings })
}

/// A crate that [`generate_into`] wrote beside its folder, and what the
/// generator resolved on its own to make it.
#[derive(Debug)]
pub struct StagedCrate {
    /// The files, written but not yet in place.
    pub files: write::Staged,
    /// The warnings, in the order of the files and their lines.
    pub warnings: Diagnostics,
}

/// Why [`generate_into`] made no crate.
#[derive(Debug)]
pub enum Failure {
    /// The specs' problems (warnings included), at least one an error.
    Specs(Diagnostics),
    /// A file of the crate's folder could not be read or written; what this
    /// call wrote is removed.
    Write(std::io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Specs(diags) => write!(f, "{diags}"),
            Failure::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Failure {}

/// Where the pieces of one generated file go, in order, as they are
/// joined: a `String`, or a file being written.
pub(crate) trait Sink: Send {
    /// The file's first piece, of `pieces` in all.
    fn first(&mut self, piece: String, pieces: usize) -> std::io::Result<()>;
    /// A later piece; pieces are one blank line apart.
    fn append(&mut self, piece: &str) -> std::io::Result<()>;
}

impl Sink for String {
    fn first(&mut self, piece: String, pieces: usize) -> std::io::Result<()> {
        *self = piece;
        // Room for the other pieces, if they are about as large: room not
        // written to takes no memory, and growing copies what is written.
        const MOST: usize = 256 << 20;
        self.reserve(self.len().saturating_mul(pieces - 1).saturating_mul(2).min(MOST));
        Ok(())
    }

    fn append(&mut self, piece: &str) -> std::io::Result<()> {
        self.push('\n');
        self.push_str(piece);
        Ok(())
    }
}

/// Emits and renders every file, on as many threads as there are cores, in
/// pieces ([`emit::plan`]), into the sink `open` gives for each path; the
/// files come back in the order of their paths, each joined from its pieces
/// in order, whatever thread made them. A piece joins its file as soon as
/// the pieces before it have: the text of a large API (tens of megabytes) is
/// then held once, not once in pieces and again joined, or not at all when
/// the sink is a file.
fn emit_and_render<S: Sink>(
    api: &model::Api,
    opts: &Options,
    mut open: impl FnMut(&str) -> std::io::Result<S>,
) -> Result<Vec<(String, S)>, Failure> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Mutex, PoisonError};
    let planned = emit::plan(api);
    let mut starts: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &piece in &planned {
        starts.entry(emit::path(api, piece)).or_default().push(piece.start());
    }
    let mut files = BTreeMap::new();
    for (path, mut starts) in starts {
        starts.sort_unstable();
        let sink = open(&path).map_err(Failure::Write)?;
        files.insert(path, Assembly { starts, joined: 0, sink, waiting: BTreeMap::new(), failed: None });
    }
    let files = Mutex::new(files);
    let next = AtomicUsize::new(0);
    // A file that cannot be written ends the work: the crate will not be made.
    let failed = AtomicBool::new(false);
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(planned.len()).max(1);
    let work = || {
        while let (false, Some(&piece)) =
            (failed.load(Ordering::Relaxed), planned.get(next.fetch_add(1, Ordering::Relaxed)))
        {
            let path = emit::path(api, piece);
            let rendered = render::render(emit::emit(api, opts, piece), opts);
            let mut files = files.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(file) = files.get_mut(&path) {
                file.add(piece.start(), rendered.contents);
                if file.failed.is_some() {
                    failed.store(true, Ordering::Relaxed);
                }
            }
        }
    };
    let panicked = std::thread::scope(|scope| {
        // Threads that cannot be started leave their share to those that were.
        let helpers: Vec<_> =
            (1..threads).filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok()).collect();
        // This thread works too, and its panic is caught as the helpers' are.
        let mine = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_err();
        let joined: Vec<bool> = helpers.into_iter().map(|helper| helper.join().is_err()).collect();
        mine || joined.contains(&true)
    });
    if panicked {
        // A panic while emitting is a bug; it is reported as one, and no file is half made.
        return Err(Failure::Specs(internal("a thread emitting files panicked")));
    }
    let mut files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
    if let Some(e) = files.values_mut().find_map(|file| file.failed.take()) {
        return Err(Failure::Write(e));
    }
    let mut out = Vec::with_capacity(files.len());
    for (path, file) in files {
        if file.joined != file.starts.len() {
            return Err(Failure::Specs(internal("a file was not made from all of its pieces")));
        }
        out.push((path, file.sink));
    }
    Ok(out)
}

/// One file being joined from its pieces, which arrive in any order.
struct Assembly<S> {
    /// The item each piece starts at, in order.
    starts: Vec<usize>,
    /// How many pieces are joined.
    joined: usize,
    /// Where the pieces joined so far went.
    sink: S,
    /// Pieces that came before those before them, by start.
    waiting: BTreeMap<usize, String>,
    /// The first error of the sink: no piece goes to it after that.
    failed: Option<std::io::Error>,
}

impl<S: Sink> Assembly<S> {
    fn add(&mut self, start: usize, piece: String) {
        if self.failed.is_some() {
            return;
        }
        self.waiting.insert(start, piece);
        while let Some(piece) = self.starts.get(self.joined).and_then(|start| self.waiting.remove(start)) {
            let joined = match self.joined {
                0 => self.sink.first(piece, self.starts.len()),
                _ => self.sink.append(&piece),
            };
            if let Err(e) = joined {
                self.failed = Some(e);
                self.waiting.clear();
                return;
            }
            self.joined += 1;
        }
    }
}

/// A bug of the generator, reported as one.
fn internal(message: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    diags.push(Diagnostic {
        severity: Severity::Error,
        file: String::from("(generator)"),
        location: None,
        path: diagnostics::SpecPath::root(),
        message: format!("internal error: {message}; please report this bug"),
        help: None,
    });
    diags
}

/// Parses, lowers and validates `specs` into the intermediate model.
///
/// # Errors
///
/// Every problem of every spec, as for [`generate`].
pub fn model(specs: &[SpecSource], policy: Policy) -> Result<Modeled, Diagnostics> {
    model_with(specs, &Options { policy, ..Options::new("api-client", "") })
}

/// [`model`] of what `opts` choose: the operations, module names, type
/// mappings, date types and features.
///
/// # Errors
///
/// As [`model`].
pub fn model_with(specs: &[SpecSource], opts: &Options) -> Result<Modeled, Diagnostics> {
    let policy = opts.policy;
    let mut diags = Diagnostics::default();
    let mut docs = Vec::new();
    for source in specs {
        if let Some(mut doc) = spec::parse(&source.name, &source.text, &mut diags) {
            let stem = Path::new(&source.name).file_stem().and_then(|s| s.to_str()).unwrap_or("api");
            let module = match opts.modules.get(&source.name) {
                Some(chosen) => {
                    // The options' name wins over the document's own.
                    doc.rust_module = None;
                    chosen.clone()
                }
                None => stem.to_owned(),
            };
            docs.push((doc, module));
        }
    }
    check_options(specs, &docs, opts, &mut diags);
    let lowered = lower::lower(&mut docs, opts, &mut diags);
    validate::validate(&lowered.api, &mut diags);
    if policy.deny_warnings {
        diags.deny_warnings();
    }
    if diags.has_errors() {
        return Err(located(diags, specs));
    }
    if diags.is_empty() {
        return Ok(Modeled { api: lowered.share_types(), warnings: diags });
    }
    // Sharing types, and locating warnings and dropping the documents, need
    // nothing of each other: on a large document each takes about a tenth of
    // a second, so they run side by side (one after the other when no thread
    // can be started).
    let mut pending = Some((docs, diags));
    let locate = |pending: &mut Option<_>| {
        let (docs, diags): (Vec<_>, _) = pending.take().unwrap_or_default();
        drop(docs);
        located(diags, specs)
    };
    let (api, warnings) = std::thread::scope(|scope| {
        let pending = &mut pending;
        let locating =
            std::thread::Builder::new().stack_size(spec::STACK).spawn_scoped(scope, move || locate(pending)).ok();
        let api = lowered.share_types();
        // A panic is a bug, reported as it would be had this thread located the warnings.
        let warnings = locating.map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (api, warnings)
    });
    Ok(Modeled { api, warnings: warnings.unwrap_or_else(|| locate(&mut pending)) })
}

/// Module names and type mappings of `opts` that cannot be used are errors;
/// those that name nothing in the specs are warnings, as unused selectors
/// are.
fn check_options(specs: &[SpecSource], docs: &[(spec::Document, String)], opts: &Options, diags: &mut Diagnostics) {
    let root = diagnostics::SpecPath::root();
    for (spec, module) in &opts.modules {
        if !specs.iter().any(|s| s.name == *spec) {
            diags.warning(
                "options",
                &root,
                format!("module name `{module}` is chosen for `{spec}`, which is not a spec read"),
            );
        }
        // A keyword (`match`) is a module name too: `r#match`.
        if naming::plain(&naming::snake(module)) != *module || !module.is_ascii() {
            diags
                .error(
                    "options",
                    &root,
                    format!("module name `{module}` of `{spec}` is not an ASCII snake_case Rust module name"),
                )
                .help(format!("use `{}`", naming::plain(&naming::snake(module))));
        }
    }
    for (key, path) in &opts.types {
        if syn::parse_str::<syn::TypePath>(path).is_err() {
            diags
                .error(
                    "options",
                    &root,
                    format!("`{path}`, the type chosen for schema `{key}`, is not a path to a Rust type"),
                )
                .help("write a path such as `rust_decimal::Decimal`");
        }
        if !docs.iter().any(|(doc, _)| doc.components.schemas.iter().any(|(k, _)| k == key)) {
            diags.warning("options", &root, format!("a type is chosen for schema `{key}`, which no spec defines"));
        }
    }
}

/// Fills in the line and column of every problem and puts them in the order
/// of the files and their lines.
fn located(mut diags: Diagnostics, specs: &[SpecSource]) -> Diagnostics {
    for source in specs {
        let unlocated = |d: &Diagnostic| d.location.is_none() && d.file == source.name;
        if !diags.iter().any(unlocated) {
            continue;
        }
        let found = locate::Locations::of(&source.text, diags.iter().filter(|d| unlocated(d)).map(|d| &d.path));
        for d in diags.items_mut().iter_mut().filter(|d| unlocated(d)) {
            d.location = Some(found.find(&d.path));
        }
    }
    let order = |file: &str| specs.iter().position(|s| s.name == file).unwrap_or(usize::MAX);
    diags.items_mut().sort_by(|a, b| {
        (order(&a.file), a.location, &a.path, &a.message).cmp(&(order(&b.file), b.location, &b.path, &b.message))
    });
    // An item shared by several operations is reported once.
    diags.items_mut().dedup();
    diags
}
