//! The conformance smoke program of a generated crate: a `main.rs` that
//! calls every operation of every module with values that fit the spec,
//! through the real client, and prints one verdict line per call. A mock
//! server that validates requests against the spec (Prism, started by
//! `cargo xtask conformance`) answers; the program says whether the request
//! was accepted and the response decoded into the generated types.
//!
//! Values are made from the model: every optional parameter is set, every
//! field of a body is given, enums take their first value, unions their
//! first alternative, integers `1` (a page is at least 1), other numbers
//! `1.5`, strings one their `pattern` matches (`pattern.rs`), else `"example"`
//! or a value of their `format`, typed formats a valid value, and a file
//! the bytes `example`. Operations with a file inside another value (a multipart
//! body's file part), which cannot be made from JSON, are reported as not
//! judged.
//!
//! Each line is `module<TAB>operation<TAB>verdict<TAB>detail`, with the
//! verdicts `ok`, `rejected` (the mock found the request breaks the spec),
//! `differs` (each problem the mock found is in a body property it reads
//! otherwise than the OpenAPI specification says; the detail names the
//! section), `accepted` (the mock accepted the request, but its own answer
//! broke its spec and it sent an error instead: the response is not
//! judged), `undecoded` (the response does not fit the generated types),
//! `failed` (another error), `harness` (a value made here does not fit its
//! type, or breaks a bound, pattern or format the model does not carry:
//! not the client's doing) and `skipped` (not judged, and why). A
//! redirect the mock answers, and a header parameter OpenAPI says to
//! ignore that the mock requires, are the mock's (`accepted`, `differs`).

use crate::toks::{toks, Ident, Toks};
use serde_json::{json, Map, Value};

use crate::model::{Api, BodyEncoding, Hints, Input, Module, Operation, Scalars, SchemeKind, TypeKind, TypeRef};
use crate::naming;
use crate::rust::{Scope, Ty};

mod pattern;

/// How deep objects are filled with their optional fields: deeper, only the
/// required ones.
const FULL_DEPTH: usize = 4;

/// How deep values are made at all: deeper, lists and maps are empty and
/// anything else `null`, so that a type that requires itself ends.
const MAX_DEPTH: usize = 12;

/// How long one call may take: a mock that stops answering fails the call,
/// not the run.
const CALL_TIMEOUT_SECS: u64 = 20;

/// The smoke program's `main.rs` for the crate `crate_name` generated from
/// `api`: run as `smoke ROUNDS MODULE=URL...`, with a URL for every module.
///
/// # Errors
///
/// `crate_name` is not a package name whose library can be named in Rust.
pub fn program(api: &Api, crate_name: &str) -> Result<String, String> {
    crate::config::check_package_name(crate_name)?;
    let krate = naming::ident(&crate_name.replace('-', "_"));
    let modules = api.modules.iter().map(|m| module_fn(m, &krate));
    let calls = api.modules.iter().map(|m| {
        let name = &m.name;
        let run = naming::ident(&format!("run_{}", naming::plain(&m.name)));
        toks! {
            let Some(url) = urls.iter().find_map(|(m, url)| (m == #name).then_some(url)) else {
                eprintln!("no URL for the module `{}`", #name);
                std::process::exit(2);
            };
            for _ in 0..rounds {
                #run(url).await;
            }
        }
    });
    let skipping = api.modules.iter().any(|m| m.operations.iter().any(|op| unjudged(m, op).is_some()));
    let skip = skipping.then(|| {
        toks! {
            /// Reports an operation that is not called, and why.
            fn skip(module: &str, operation: &str, why: &str) {
                println!("{module}\t{operation}\tskipped\t{why}");
            }
        }
    });
    let tokens = toks! {
        //! Calls every operation against a mock server of its spec and prints a verdict per call.
        #![allow(deprecated)]
        // A spec whose every operation is skipped calls nothing.
        #![allow(dead_code, unused_variables)]

        use #krate::Error;

        /// The value of type `T` written as JSON: a value the spec allows.
        /// One that does not fit is the harness's fault, and says so.
        fn value<T: serde::de::DeserializeOwned>(json: &str) -> T {
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{HARNESS}{json} does not fit its type: {e}"))
        }

        /// How a panic of the harness's own making begins.
        const HARNESS: &str = "the harness's value ";

        /// The codes of the mock's violations that are about a value's
        /// bounds, pattern or format, not its type or encoding.
        const VALUE_CODES: &[&str] = &[
            "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
            "maxProperties", "oneOf",
        ];

        /// The violations of the spec the mock found in the request: from
        /// its `sl-violations` header, or the body of its own 422 answer.
        /// Each is the location (`body`, `tags`) and the message.
        fn violations(headers: &#krate::reqwest::header::HeaderMap, body: &str) -> Vec<(Vec<String>, String, String)> {
            let listed = headers.get("sl-violations").and_then(|h| h.to_str().ok()).map(str::to_owned);
            let problem = serde_json::from_str::<serde_json::Value>(body).ok().filter(|p| p["validation"].is_array());
            let list: Vec<serde_json::Value> = match (listed, problem) {
                (Some(header), _) => serde_json::from_str(&header).unwrap_or_default(),
                (None, Some(problem)) => serde_json::from_value(problem["validation"].clone()).unwrap_or_default(),
                (None, None) => Vec::new(),
            };
            list.iter()
                .filter(|v| v["severity"] == "Error")
                .map(|v| {
                    let location: Vec<String> = v["location"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|l| l.as_str())
                        .filter(|&l| l != "request")
                        .map(str::to_owned)
                        .collect();
                    let code = v["code"].as_str().unwrap_or_default().to_owned();
                    (location, v["message"].as_str().unwrap_or_default().to_owned(), code)
                })
                .collect()
        }

        /// Prints the verdict on one call: `rejected` when the mock found
        /// the request breaks the spec, whatever it answered, unless each
        /// problem is in a body property the mock reads otherwise than
        /// OpenAPI says (`differs`, and `why`).
        fn report<T, H>(
            module: &str,
            operation: &str,
            differs: (&[&str], &str),
            result: Result<#krate::Response<T, H>, Error>,
        ) {
            let found = match &result {
                Ok(response) => violations(response.raw_headers(), ""),
                Err(error) => error.response().map_or_else(Vec::new, |r| violations(r.headers(), r.body())),
            };
            let (answer, found): (Vec<_>, Vec<_>) =
                found.into_iter().partition(|(l, _, _)| l.first().is_some_and(|l| l == "response"));
            let explained = |(location, _, _): &(Vec<String>, String, String)| {
                location.len() == 2 && location[0] == "body" && differs.0.contains(&location[1].as_str())
            };
            // OpenAPI 3.0.3 §4.7.12: these header parameters are ignored (the client sets them).
            let managed = |(location, message, _): &(Vec<String>, String, String)| {
                let message = message.to_ascii_lowercase();
                location.first().is_some_and(|l| l == "header")
                    && ["'accept'", "'content-type'", "'authorization'"].iter().any(|h| message.contains(h))
            };
            // The values this program makes honour types, enums and formats,
            // not every bound and pattern of the spec: those are its own.
            // Formats the client types and writes itself stay the client's to get right.
            let typed = |message: &str| ["\"date-time\"", "\"date\"", "\"uuid\""].iter().any(|f| message.contains(f));
            let made = |(_, message, code): &(Vec<String>, String, String)| {
                VALUE_CODES.contains(&code.as_str()) && !(code == "format" && typed(message))
            };
            let listed = |found: &[(Vec<String>, String, String)]| {
                found.iter().map(|(l, m, _)| format!("{}: {m}", l.join("."))).collect::<Vec<_>>().join("; ")
            };
            let (verdict, detail) = match &result {
                _ if !found.is_empty() && found.iter().all(explained) => {
                    ("differs", format!("{} ({})", differs.1, listed(&found)))
                }
                _ if !found.is_empty() && found.iter().all(managed) => (
                    "differs",
                    format!("the mock requires a header OpenAPI 3.0.3 §4.7.12 (Parameter Object) says to ignore ({})", listed(&found)),
                ),
                _ if !found.is_empty() && found.iter().all(|v| made(v) || explained(v) || managed(v)) => {
                    ("harness", format!("a value made here breaks a bound or pattern: {}", listed(&found)))
                }
                _ if !found.is_empty() => ("rejected", listed(&found)),
                // The request was valid (the mock checks it first), but the
                // mock made an answer its spec does not allow, and sent an error instead.
                Err(_) if !answer.is_empty() => {
                    ("accepted", format!("the mock's answer breaks its spec: {}", listed(&answer)))
                }
                // A redirect the mock cannot serve the target of.
                Err(Error::Status(response)) if response.status().is_redirection() => {
                    ("accepted", format!("the mock answers {} with no target to follow", response.status()))
                }
                Ok(_) => ("ok", String::new()),
                Err(Error::Decode { message, .. }) => ("undecoded", message.clone()),
                Err(Error::Header { name, value, .. }) => ("undecoded", format!("header `{name}`: {value:?}")),
                // The mock's own answers: to a request it refuses (4xx,
                // `https://stoplight.io/prism/errors#UNAUTHORIZED`), or when it
                // cannot make an answer to a valid one (5xx, `NO_RESPONSE_DEFINED`).
                Err(Error::Status(response)) if response.body().contains("/prism/errors#") => {
                    let verdict = if response.status().is_client_error() { "rejected" } else { "accepted" };
                    (verdict, format!("{}: {}", response.status(), response.body()))
                }
                Err(error) => ("failed", error.to_string()),
            };
            let detail = detail.split_whitespace().collect::<Vec<_>>().join(" ");
            println!("{module}\t{operation}\t{verdict}\t{detail}");
        }

        /// Waits for one call; a panic (a value that does not fit its type) is its verdict.
        async fn judge(module: &str, operation: &str, call: tokio::task::JoinHandle<()>) {
            if let Err(error) = call.await {
                let message = match error.try_into_panic() {
                    Ok(panic) => panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default(),
                    Err(error) => error.to_string(),
                };
                let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
                match message.strip_prefix(HARNESS) {
                    Some(value) => println!("{module}\t{operation}\tharness\t{HARNESS}{value}"),
                    None => println!("{module}\t{operation}\tfailed\tthe call panicked: {message}"),
                }
            }
        }

        #skip

        #(#modules)*

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let mut args = std::env::args().skip(1);
            let rounds: usize = args.next().and_then(|r| r.parse().ok()).expect("usage: smoke ROUNDS MODULE=URL...");
            let urls: Vec<(String, String)> =
                args.filter_map(|a| a.split_once('=').map(|(m, u)| (m.to_owned(), u.to_owned()))).collect();
            #(#calls)*
        }
    };
    Ok(crate::render::format(tokens))
}

/// `run_<module>(url)`: one round of calls to every operation of `module`.
fn module_fn(module: &Module, krate: &Ident) -> Toks {
    let m = naming::ident(&module.name);
    let name = &module.name;
    let run = naming::ident(&format!("run_{}", naming::plain(&module.name)));
    let credentials = module.security_schemes.iter().map(|s| {
        let method = naming::ident(&s.builder_method);
        match &s.kind {
            SchemeKind::Basic { token_method: Some(token), .. } => {
                let token = naming::ident(token);
                toks!(.#token("token"))
            }
            SchemeKind::Basic { .. } => toks!(.#method("user", "password")),
            _ => toks!(.#method("token")),
        }
    });
    let calls = module.operations.iter().map(|op| call(module, op));
    toks! {
        #[allow(unused_imports)]
        async fn #run(url: &str) {
            use #krate::#m::types;
            use #krate::runtime;
            // Each request once: a retry would hide what the mock said first.
            let client = #krate::#m::Client::builder()
                .base_url(url)
                .retry(#krate::RetryPolicy::disabled())
                .timeout(std::time::Duration::from_secs(#CALL_TIMEOUT_SECS))
                #(#credentials)*
                .build()
                .expect("a client");
            const MODULE: &str = #name;
            let module = MODULE;
            #(#calls)*
        }
    }
}

/// One operation's call and report, or why it is skipped.
fn call(module: &Module, op: &Operation) -> Toks {
    let id = &op.method_name;
    if let Some(why) = unjudged(module, op) {
        return toks!(skip(module, #id, #why););
    }
    let method = naming::ident(&op.method_name);
    let arguments = op.arguments().map(|input| argument(module, input));
    let setters = op.inputs().filter(|i| !i.required()).map(|input| {
        let setter = naming::ident(input.name());
        let value = argument(module, input);
        toks!(.#setter(#value))
    });
    let (differs, why) = mock_differences(module, op);
    // Its own task: a value that does not fit its type fails this call alone.
    toks! {
        judge(module, #id, {
            let client = client.clone();
            tokio::spawn(async move {
                report(module, #id, (&[#(#differs),*], #why), client.#method(#(#arguments),*)#(#setters)*.send().await);
            })
        })
        .await;
    }
}

/// The body properties of `op` that Prism reads otherwise than OpenAPI
/// says, and how.
fn mock_differences(module: &Module, op: &Operation) -> (Vec<String>, &'static str) {
    let none = (Vec::new(), "");
    let Some(body) = &op.body else { return none };
    let Some(fields) = struct_fields(module, &body.ty) else { return none };
    let is_text = |ty: &TypeRef| ty.is_scalar(&|n| module.type_kind(n), Scalars::Parsed);
    // Written `tags=a&tags=b`; a list of objects is in brackets either way.
    let is_list = |ty: &TypeRef| matches!(module.resolved(ty), TypeRef::Vec(item) if is_text(item));
    let (differs, why) = match &body.encoding {
        BodyEncoding::Form(styles) => (
            fields
                .iter()
                .filter(|f| is_list(&f.ty) && !styles.iter().any(|(p, _)| *p == f.wire_name))
                .map(|f| f.wire_name.clone())
                .collect::<Vec<_>>(),
            "the mock reads a form field without `encoding` as brackets (`tags[0]=a`); OpenAPI 3.0.3 §4.7.15 \
             (Encoding Object) gives it the query's default style, `form` exploded (`tags=a&tags=b`), as the client sends it",
        ),
        BodyEncoding::Multipart(_) => (
            fields.iter().filter(|f| !is_text(&f.ty)).map(|f| f.wire_name.clone()).collect(),
            "the mock reads every part as text; OpenAPI 3.0.3 §4.7.15 (Encoding Object) sends an object as an \
             `application/json` part and a list as parts of its items' type, as the client does",
        ),
        _ => return none,
    };
    if differs.is_empty() {
        return none;
    }
    (differs, why)
}

/// The fields of the struct `ty` is.
fn struct_fields<'m>(module: &'m Module, ty: &'m TypeRef) -> Option<&'m [crate::model::Field]> {
    let TypeRef::Named(name) = module.resolved(ty) else { return None };
    match module.type_kind(name)? {
        TypeKind::Struct { fields, .. } => Some(fields),
        _ => None,
    }
}

/// A value for `input`, read from JSON the spec allows; a file's bytes.
fn argument(module: &Module, input: Input) -> Toks {
    if *input.ty() == TypeRef::File {
        return toks!(b"example".to_vec());
    }
    let ty = Ty::of(input.ty(), Scope::Api);
    let (format, hints) = match input {
        Input::Param(p) => (p.format.as_deref(), p.hints.as_deref()),
        Input::Body(_) => (None, None),
    };
    let json = formatted(module, input.ty(), format, hints, 0).to_string();
    toks!(value::<#ty>(#json))
}

/// Why the operation cannot be called with values made from JSON.
fn unjudged(module: &Module, op: &Operation) -> Option<&'static str> {
    if op.path.contains(['#', '?']) {
        return Some(
            "its path template has a `#` or `?` part, which is not sent; the mock routes by the whole template",
        );
    }
    let holds_file = |ty: &TypeRef| holds(module, ty, &mut Vec::new(), &|t| *t == TypeRef::File);
    if op.inputs().any(|i| *i.ty() != TypeRef::File && holds_file(i.ty())) {
        return Some("a file inside a value: the value is not made from JSON");
    }
    None
}

/// True when a value of `ty` holds a type `leaf` picks, named types followed once.
fn holds<'m>(module: &'m Module, ty: &'m TypeRef, seen: &mut Vec<&'m str>, leaf: &dyn Fn(&TypeRef) -> bool) -> bool {
    if leaf(ty) {
        return true;
    }
    match ty {
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => holds(module, inner, seen, leaf),
        TypeRef::Tuple(items) => items.iter().any(|t| holds(module, t, seen, leaf)),
        TypeRef::Named(name) if !seen.contains(&name.as_str()) => {
            seen.push(name);
            let Some(kind) = module.type_kind(name) else { return false };
            match kind {
                TypeKind::Struct { fields, additional, .. } => {
                    fields.iter().any(|f| holds(module, &f.ty, seen, leaf))
                        || additional.as_ref().is_some_and(|a| holds(module, a, seen, leaf))
                }
                TypeKind::OneOf { variants } => variants.iter().any(|v| holds(module, &v.ty, seen, leaf)),
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => holds(module, inner, seen, leaf),
                TypeKind::Enum { .. } | TypeKind::Mapped(_) => false,
            }
        }
        _ => false,
    }
}

/// A value of type `ty`: the spec's example when it has one of the type's
/// shape, else one made whose strings (or list items) have the `format`,
/// kept to the bounds of the `hints`.
fn formatted(module: &Module, ty: &TypeRef, format: Option<&str>, hints: Option<&Hints>, depth: usize) -> Value {
    if let Some(example) = hints.and_then(|h| h.example.as_ref()).filter(|e| fits(module, ty, e)) {
        return example.clone();
    }
    if let Some(text) = matched(module, ty, hints) {
        return json!(text);
    }
    let whole = matches!(format, Some("int32" | "int64" | "integer"));
    let value = match (ty, format.and_then(formatted_text)) {
        (TypeRef::String, Some(text)) => json!(text),
        (TypeRef::F32 | TypeRef::F64, _) if whole => json!(1),
        (TypeRef::Vec(item), _) if depth < MAX_DEPTH => {
            json!([formatted(module, item, format, hints.and_then(|h| h.items.as_deref()), depth)])
        }
        (TypeRef::Option(inner), _) => formatted(module, inner, format, None, depth),
        _ => sample(module, ty, depth),
    };
    match hints {
        Some(hints) => bounded(value, hints),
        None => value,
    }
}

/// A string of type `ty` that its `pattern` matches, within its length bounds.
fn matched(module: &Module, ty: &TypeRef, hints: Option<&Hints>) -> Option<String> {
    let hints = hints.filter(|_| *module.resolved(ty) == TypeRef::String)?;
    let min = hints.min_length.map_or(0, |min| usize::try_from(min).unwrap_or(usize::MAX));
    let max = hints.max_length.map(|max| usize::try_from(max).unwrap_or(usize::MAX));
    pattern::example(hints.pattern.as_deref()?, min, max)
}

/// `value` moved inside the bounds: a string padded or cut to its length
/// bounds, a number brought to its `minimum` or `maximum` (an integer stays
/// one), a list given as many items as it needs.
fn bounded(value: Value, hints: &Hints) -> Value {
    match value {
        Value::String(text) => {
            let mut text: String = match hints.max_length {
                Some(max) => text.chars().take(usize::try_from(max).unwrap_or(usize::MAX)).collect(),
                None => text,
            };
            let min = hints.min_length.map_or(0, |min| usize::try_from(min).unwrap_or(0).min(4096));
            while text.chars().count() < min {
                text.push('x');
            }
            json!(text)
        }
        Value::Number(n) => {
            let integer = n.is_i64() || n.is_u64();
            let mut x = n.as_f64().unwrap_or(1.0);
            if let Some(min) = hints.minimum.filter(|min| x < *min) {
                x = if integer { min.ceil() } else { min };
            }
            if let Some(max) = hints.maximum.filter(|max| x > *max) {
                x = if integer { max.floor() } else { max };
            }
            match integer {
                // Within i64 by the bounds a spec can write for one.
                true => json!(x as i64),
                false => json!(x),
            }
        }
        Value::Array(items) => {
            let want = hints.min_items.map_or(0, |n| usize::try_from(n).unwrap_or(0).min(64));
            match items.first().cloned() {
                Some(first) if items.len() < want => Value::Array(vec![first; want]),
                _ => Value::Array(items),
            }
        }
        other => other,
    }
}

/// True when the JSON `value` has the shape of `ty` (a spec's example may
/// not: it is documentation).
fn fits(module: &Module, ty: &TypeRef, value: &Value) -> bool {
    match ty {
        TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::Empty => value.is_string(),
        TypeRef::Bool => value.is_boolean(),
        TypeRef::F32 | TypeRef::F64 => value.is_number(),
        int if int.is_integer() => value.is_i64() || value.is_u64(),
        TypeRef::Vec(_) | TypeRef::Tuple(_) => value.is_array(),
        TypeRef::Map(_) => value.is_object(),
        TypeRef::Option(inner) => fits(module, inner, value),
        TypeRef::Named(_) => match module.resolved(ty) {
            TypeRef::Named(name) => match module.type_kind(name) {
                Some(TypeKind::Struct { .. }) => value.is_object(),
                Some(TypeKind::Enum { variants }) => variants.iter().any(|v| value.as_str() == Some(&v.wire_name)),
                _ => false,
            },
            other => fits(module, other, value),
        },
        _ => false,
    }
}

/// A string of a `format` that validators check (JSON Schema's, and
/// OpenAPI's `byte`); `None` for formats anything passes.
fn formatted_text(format: &str) -> Option<&'static str> {
    Some(match format {
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com/",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "ZXhhbXBsZQ==",
        "date-time" => "2024-07-11T10:00:00Z",
        "date" => "2024-07-11",
        "time" => "10:00:00Z",
        "duration" => "P1D",
        "uuid" => "3f2b1c4e-9a7d-4b8e-8c6f-2d1e0a9b7c5d",
        "int32" | "int64" | "integer" => "1",
        "number" | "float" | "double" | "decimal" => "1.5",
        _ => return None,
    })
}

/// A JSON value of type `ty` that the spec allows, `depth` objects deep.
fn sample(module: &Module, ty: &TypeRef, depth: usize) -> Value {
    if depth >= MAX_DEPTH {
        return match ty {
            TypeRef::Vec(_) => json!([]),
            TypeRef::Map(_) => json!({}),
            _ => Value::Null,
        };
    }
    match ty {
        TypeRef::Bool => json!(true),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => json!(1),
        TypeRef::F32 | TypeRef::F64 => json!(1.5),
        TypeRef::String => json!("example"),
        TypeRef::DateTime => json!("2024-07-11T10:00:00Z"),
        TypeRef::Date => json!("2024-07-11"),
        TypeRef::Uuid => json!("3f2b1c4e-9a7d-4b8e-8c6f-2d1e0a9b7c5d"),
        TypeRef::Empty => json!(""),
        TypeRef::Json => json!({}),
        TypeRef::File => Value::Null,
        TypeRef::Vec(item) => json!([sample(module, item, depth + 1)]),
        TypeRef::Tuple(items) => Value::Array(items.iter().map(|t| sample(module, t, depth)).collect()),
        TypeRef::Map(value) => json!({ "key": sample(module, value, depth + 1) }),
        TypeRef::Option(inner) => sample(module, inner, depth),
        TypeRef::Named(name) => named(module, name, depth),
    }
}

/// A JSON value of the named type `name`.
fn named(module: &Module, name: &str, depth: usize) -> Value {
    let Some(kind) = module.type_kind(name) else { return Value::Null };
    match kind {
        TypeKind::Struct { fields, union, .. } => {
            let mut object = Map::new();
            if let Some(union) = union {
                if let Value::Object(alternative) = named(module, &union.ty, depth + 1) {
                    object.extend(alternative);
                }
            }
            for f in fields.iter().filter(|f| depth < FULL_DEPTH || f.presence.is_required()) {
                let value = formatted(module, &f.ty, f.format.as_deref(), f.hints.as_deref(), depth + 1);
                object.insert(f.wire_name.clone(), value);
            }
            Value::Object(object)
        }
        TypeKind::Enum { variants } => variants.first().map_or(Value::Null, |v| json!(v.wire_name)),
        // A string first: as path or query text, a number would match a string alternative too.
        TypeKind::OneOf { variants } => variants
            .iter()
            .find(|v| v.ty == TypeRef::String)
            .or(variants.first())
            .map_or(Value::Null, |v| sample(module, &v.ty, depth + 1)),
        // An alias is its type, one object deep as that is (aliases do not cycle).
        TypeKind::Alias(inner) => sample(module, inner, depth),
        TypeKind::Newtype(inner) => sample(module, inner, depth + 1),
        TypeKind::Mapped(_) => json!("example"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Options, SpecSource};

    /// The program for `tests/specs/encodings.yaml`, without white space:
    /// what it says, however it is laid out.
    fn encodings() -> String {
        flat(&api(include_str!("../../../tests/specs/encodings.yaml")), "encodings-client")
    }

    /// The model of the spec `text`.
    fn api(text: &str) -> Api {
        let specs = [SpecSource { name: "t.yaml".into(), text: text.to_owned() }];
        crate::model_with(&specs, &Options::new("t", "")).unwrap().api
    }

    /// The program for `api`'s crate `crate_name`, without white space.
    fn flat(api: &Api, crate_name: &str) -> String {
        program(api, crate_name).unwrap().split_whitespace().collect()
    }

    /// A type that requires itself ends (a list that is empty, a `null`),
    /// and a crate name that is no Rust name is an error, not a panic.
    #[test]
    fn recursive_types_end_and_bad_crate_names_are_errors() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /t:\n    put:\n      operationId: put_t\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}}\n      responses: {'204': {description: OK}}\ncomponents:\n  schemas:\n    Tree:\n      type: object\n      required: [children, next]\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n        next: {oneOf: [{$ref: '#/components/schemas/Tree'}, {type: string}]}\n";
        let api = api(text);
        let program = flat(&api, "t-client");
        assert!(program.contains(r#"{\"children\":[{\"children\":[{"#), "{program}");
        assert!(program.contains(r#"\"children\":[],"#), "the deepest list is empty: {program}");
        assert!(super::program(&api, "3d").is_err());
    }

    /// The spec's example wins when it has the value's shape; otherwise a
    /// made value is kept to the bounds.
    #[test]
    fn examples_and_bounds_shape_the_values() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id}:\n    put:\n      operationId: put_a\n      parameters:\n        - {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}\n        - {name: size, in: query, schema: {type: integer, minimum: 10, maximum: 20}}\n        - {name: code, in: query, schema: {type: string, maxLength: 3}}\n        - {name: wrong, in: query, schema: {type: integer, example: not-a-number}}\n        - {name: ref, in: query, schema: {type: string, pattern: '^[A-Z]{2}-\\d+$', minLength: 6}}\n        - {name: ids, in: query, schema: {type: array, items: {type: string, pattern: '^id-[0-9]{3}$'}}}\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Body'}}}}\n      responses: {'204': {description: OK}}\ncomponents:\n  schemas:\n    Id: {type: string, pattern: '^aos-[a-z]+$', example: aos-abc}\n    Body:\n      type: object\n      properties:\n        name: {type: string, minLength: 10}\n        tags: {type: array, items: {type: string}, minItems: 2}\n        slug: {$ref: '#/components/schemas/Slug'}\n        owner: {allOf: [{$ref: '#/components/schemas/Code'}], description: The owner.}\n    Code: {type: string, pattern: '^[A-Z]{3}$'}\n    Slug: {type: string, pattern: '^[a-z]+(-[a-z]+)*$', maxLength: 9}\n";
        let program = flat(&api(text), "t-client");
        for expected in [
            r#"value::<types::Id>("\"aos-abc\"")"#,
            r#".size(value::<i64>("10")"#,
            r#".code(value::<String>("\"exa\"")"#,
            r#".wrong(value::<i64>("1")"#,
            r#"\"name\":\"examplexxx\""#,
            r#"\"tags\":[\"example\",\"example\"]"#,
            // Strings their pattern matches, within the length bounds.
            r#".r#ref(value::<String>("\"AA-000\"")"#,
            r#"\"slug\":\"a\""#,
            // Through `allOf` (a `$ref` beside a description), and in list items.
            r#"\"owner\":\"AAA\""#,
            r#".ids(value::<Vec<String>>("[\"id-000\"]")"#,
        ] {
            assert!(program.contains(expected), "no {expected}:\n{program}");
        }
    }

    #[test]
    fn every_operation_is_called_with_every_input_set() {
        let program = encodings();
        assert!(program.contains("useencodings_client::Error;"), "{program}");
        for id in ["list_items", "create_item", "get_item", "add_note", "upload_attachment"] {
            assert!(program.contains(&format!("client.{id}(")), "no call of {id}:\n{program}");
        }
        // Optional parameters, by their setters; a value of each type from JSON.
        for setter in [
            r#".tag(value::<Vec<String>>("[\"example\"]")"#,
            r#".since(value::<::jiff::Timestamp>("\"2024-07-11T10:00:00Z\"")"#,
            r#".session(value::<String>("\"example\"")"#,
        ] {
            assert!(program.contains(setter), "no {setter}:\n{program}");
        }
        assert!(program.contains(r#"b"example".to_vec()"#), "a file is bytes:\n{program}");
        assert!(program.contains(r#"{\"gt\":1,\"lte\":1}"#), "objects have every field:\n{program}");
    }

    #[test]
    fn body_properties_the_mock_reads_otherwise_are_named_with_the_section() {
        let program = encodings();
        assert!(program.contains(r#""create_item",(&["tags"],"themockreadsaformfield"#), "{program}");
        assert!(program.contains(r#""add_note",(&["labels","meta"],"#), "{program}");
        assert!(program.contains("OpenAPI3.0.3§4.7.15(EncodingObject)"));
        assert!(program.contains(r#""create_item_declared",(&[],""),"#), "a declared style is judged");
    }
}
