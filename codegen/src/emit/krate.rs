//! The crate's `Cargo.toml` and `lib.rs`: dependencies, crate docs with a
//! usage example, and the module list.

use crate::toks::{toks, Toks};

use super::docs;
use crate::model::{Api, Input, Module, Operation, SchemeKind, TypeRef};
use crate::naming;
use crate::Options;

/// The dependencies of every generated crate: well-known crates only.
pub(super) const DEPENDENCIES: &str = r#"erased-serde = "0.4.5"
futures-util = { version = "0.3.31", default-features = false, features = ["alloc"] }
httpdate = "1.0.3"
percent-encoding = "2.3"
reqwest = { version = "0.12.15", default-features = false, features = ["rustls-tls"] }
serde = { version = "1.0.219", features = ["derive"] }
serde_json = "1.0.140"
serde_path_to_error = "0.1.16"
tokio = { version = "1.38", default-features = false, features = ["time"] }
tracing = { version = "0.1.40", default-features = false, features = ["std"] }
"#;

/// The dependencies of a crate with uploads (the runtime's `upload` and
/// `multipart` modules): the chunks of streams, and a body read as it is sent.
pub(super) const UPLOAD_DEPENDENCIES: &str = r#"bytes = "1.2"
http-body = "1"
"#;

/// A crate of typed formats: its name, its `Cargo.toml` line, and the types
/// it holds.
type FormatCrate = (&'static str, &'static str, fn(&TypeRef) -> bool);

/// The crates of typed formats, each a dependency of a crate whose types use
/// it: dates and times (`jiff`), UUIDs (`uuid`).
pub(crate) const FORMAT_DEPENDENCIES: &[FormatCrate] = &[
    ("jiff", r#"jiff = { version = "0.2.15", default-features = false, features = ["serde", "std"] }"#, |ty| {
        matches!(ty, TypeRef::DateTime | TypeRef::Date)
    }),
    ("uuid", r#"uuid = { version = "1.10", default-features = false, features = ["serde", "std"] }"#, |ty| {
        *ty == TypeRef::Uuid
    }),
];

/// The names of the format crates `api` uses.
pub(crate) fn format_crates(api: &Api) -> Vec<&'static str> {
    FORMAT_DEPENDENCIES.iter().filter(|(_, _, uses)| super::api_holds(api, *uses)).map(|(name, _, _)| *name).collect()
}

pub(crate) fn manifest(api: &Api, opts: &Options) -> String {
    let titles: Vec<&str> = api.modules.iter().map(|m| m.title.as_str()).collect();
    let description = toml_string(&format!("Typed async client for {}", titles.join(" and ")));
    let mut toml = format!(
        "[package]\nname = {}\nversion = {}\nedition = \"2021\"\ndescription = {}\n",
        toml_string(&opts.crate_name),
        toml_string(&opts.crate_version),
        description
    );
    if opts.standalone {
        // Its own workspace, so it builds wherever it is written.
        toml.push_str("\n[workspace]\n");
    }
    toml.push_str("\n[dependencies]\n");
    let used = format_crates(api);
    let formats = FORMAT_DEPENDENCIES.iter().filter(|(name, _, _)| used.contains(name)).map(|(_, line, _)| *line);
    let uploads = if super::files(api) { UPLOAD_DEPENDENCIES } else { "" };
    // A dependency the options give replaces the generator's of that name.
    let name = |line: &str| line.split('=').next().unwrap_or_default().trim().to_owned();
    let chosen: Vec<String> = opts.dependencies.iter().map(|line| name(line)).collect();
    let generated = DEPENDENCIES.lines().chain(uploads.lines()).chain(formats).filter(|l| !chosen.contains(&name(l)));
    let mut lines: Vec<&str> = generated.chain(opts.dependencies.iter().map(String::as_str)).collect();
    lines.sort_unstable();
    for line in lines {
        toml.push_str(line);
        toml.push('\n');
    }
    toml
}

/// A TOML basic string: quoted, with `"`, `\\` and control characters escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `runtime/mod.rs`: the runtime's modules this crate uses, their items
/// re-exported as the runtime's (`runtime::Request`), as its `lib.rs` does.
pub(crate) fn runtime_root(modules: impl Iterator<Item = &'static str>) -> Toks {
    let names: Vec<_> = modules.map(naming::ident).collect();
    let names = names.as_slice();
    let doc = docs::inner(
        "The runtime every generated operation calls: client configuration, credentials, request encoding, sending with retries, response decoding and errors. It is the same for every API; the modules of this crate hold what its specs say.\n\nIts modules are copies of the generator's runtime (`codegen/runtime/src/`), those this crate uses. Items hidden from the docs are called by the generated code only.",
    );
    toks! {
        #doc
        #(mod #names;)*
        #(pub use self::#names::*;)*
    }
}

pub(crate) fn lib(api: &Api, opts: &Options) -> Toks {
    let crate_ident = opts.crate_name.replace('-', "_");
    let mut about = String::from("Typed async client for:\n\n");
    for m in &api.modules {
        // A keyword module (`r#match`) needs the raw path as the link's target.
        let name = naming::plain(&m.name);
        let link = if name == m.name { format!("[`{name}`]") } else { format!("[`{name}`](crate::{})", m.name) };
        about.push_str(&format!(
            "- {link}: {} (version {}), from `{}`, at `{}`\n",
            m.title, m.version, m.file, m.base_url
        ));
    }
    about.push_str(
        "\nEach module has a `Client` made with `Client::builder()`; each operation is a method of it that takes the \
         required parameters, returns a request builder for the optional ones, and is sent with `.send().await`. \
         Every call returns a [`Response`] (the decoded body, typed headers, status) or an [`Error`].",
    );
    // The example shows the largest API of the crate.
    let main_module = api.modules.iter().rev().max_by_key(|m| m.operations.len());
    if let Some(example) = main_module.and_then(|m| example(m, &crate_ident)) {
        about.push_str("\n\n# Example\n\n```no_run\n");
        about.push_str(&example);
        about.push_str("```");
    }
    let doc = docs::inner(&about);
    let modules = api.modules.iter().map(|m| {
        let name = naming::ident(&m.name);
        let doc = docs::outer(&format!("{} (version {}).", m.title, m.version));
        toks! { #doc pub mod #name; }
    });
    let nullable = super::runtime_models(api).then(|| toks!(Nullable,));
    let formats = format_crates(api).into_iter().map(|name| {
        let doc = docs::outer(&format!(
            "The crate of the models' `{}` values, re-exported so that callers use the same version.",
            if name == "jiff" { "date-time` and `date" } else { name }
        ));
        let name = naming::ident(name);
        toks! { #doc pub use #name; }
    });
    let file = super::files(api).then(|| toks!(File,));
    toks! {
        #doc
        #![deny(missing_docs)]
        // An operation's required parameters are its method's arguments, however many there are.
        #![allow(clippy::too_many_arguments)]
        // Types nest as deep as the spec's schemas do.
        #![allow(clippy::type_complexity)]
        // Names come from the spec, in whatever script it writes them.
        #![allow(uncommon_codepoints, mixed_script_confusables, confusable_idents)]

        pub mod runtime;
        #(#modules)*

        pub use runtime::{ApiError, Error, #file #nullable Response, RetryPolicy};
        /// The HTTP client crate, re-exported so that callers use the same version.
        pub use reqwest;
        /// The streams of paginated operations implement `futures_util::Stream`;
        /// `futures_util::StreamExt` and `TryStreamExt` consume them.
        pub use futures_util;
        #(#formats)*
    }
}

/// A usage example: build a client with the first credentials the API takes,
/// and call the first operation (a GET if there is one) whose required
/// arguments are plain values.
fn example(module: &Module, crate_ident: &str) -> Option<String> {
    // A read is the friendliest first example; any operation will do otherwise.
    let usable = |op: &&Operation| example_args(op).is_some();
    let op = module.operations.iter().filter(usable).find(|op| op.http_method == "GET");
    let op = op.or_else(|| module.operations.iter().find(usable))?;
    let args = example_args(op)?;
    let auth = module.security_schemes.first().map(|s| match &s.kind {
        SchemeKind::Basic { token_method: Some(token), .. } => format!("    .{token}(\"YOUR_API_TOKEN\")\n"),
        SchemeKind::Basic { .. } => format!("    .{}(\"USER\", \"PASSWORD\")\n", s.builder_method),
        _ => format!("    .{}(\"YOUR_TOKEN\")\n", s.builder_method),
    });
    let module_name = &module.name;
    Some(format!(
        "# async fn example() -> Result<(), {crate_ident}::Error> {{\nlet client = {crate_ident}::{module_name}::Client::builder()\n{}    .build()?;\nlet response = client.{}({}).send().await?;\nprintln!(\"{{}}: {{:?}}\", response.status(), response.body());\n# Ok(())\n# }}\n",
        auth.unwrap_or_default(),
        op.method_name,
        args.join(", ")
    ))
}

fn example_args(op: &Operation) -> Option<Vec<String>> {
    op.arguments()
        .map(|input| match (input, input.ty()) {
            (Input::Body(_), _) => None,
            (_, int) if int.is_integer() => Some(String::from("42")),
            (_, TypeRef::F32 | TypeRef::F64) => Some(String::from("1.5")),
            (_, TypeRef::Bool) => Some(String::from("true")),
            (_, TypeRef::String) => Some(String::from("\"example\"")),
            _ => None,
        })
        .collect()
}
