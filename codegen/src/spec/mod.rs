//! The parsed document: OpenAPI 3.0 objects as the spec writes them, read from
//! YAML or JSON text. Every item keeps its spec path for later diagnostics.
//!
//! Reading checks only what one object can tell about itself: value types,
//! unknown keys, the OpenAPI version. Meaning (references, names, supported
//! constructs) is checked by `lower` and `validate`.

pub(crate) mod pointer;
mod read;
mod swagger2;
pub(crate) mod value;

use std::sync::LazyLock;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity, SpecPath};
use read::{Map, Reader};
use value::Mapping;
pub(crate) use value::Value;

/// One OpenAPI document.
#[derive(Debug)]
pub(crate) struct Document {
    pub file: String,
    pub info: Info,
    pub servers: Vec<Server>,
    pub paths: Vec<PathItem>,
    pub components: Components,
    pub security: Option<Vec<SecurityRequirement>>,
    /// `x-rust-module`: the Rust module name for this document.
    pub rust_module: Option<(String, SpecPath)>,
    /// `x-rate-limit`: how the API says "slow down".
    pub rate_limit: RateLimit,
    /// `x-request-id-header`: the response header that identifies a request.
    pub request_id_header: Option<String>,
    /// The document is Swagger 2.0, read into OpenAPI 3's objects.
    pub swagger2: bool,
}

/// `x-rate-limit: {statuses: [402], reset-header: X-Quota-Resets-In}`.
#[derive(Debug, Default)]
pub(crate) struct RateLimit {
    /// Statuses, besides 429, 502, 503 and 504, that mean "retry later".
    pub statuses: Vec<u16>,
    /// A header giving the seconds until the limit resets.
    pub reset_header: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Info {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Server {
    pub url: String,
    pub path: SpecPath,
    /// Variable names with their default values.
    pub variables: Vec<(String, String)>,
}

#[derive(Debug)]
pub(crate) struct PathItem {
    pub template: String,
    pub path: SpecPath,
    pub parameters: Vec<Ref<Parameter>>,
    pub operations: Vec<Operation>,
    /// The path item's own `servers`.
    pub servers: Vec<Server>,
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub method: String,
    pub path: SpecPath,
    pub operation_id: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Ref<Parameter>>,
    pub request_body: Option<Ref<RequestBody>>,
    pub responses: Vec<(String, Ref<Response>)>,
    pub security: Option<Vec<SecurityRequirement>>,
    /// `x-pagination`: how to ask for the next page.
    pub pagination: Option<Pagination>,
    /// `x-rust-name`: the Rust method name the spec's author chose.
    pub rust_name: Option<String>,
    /// The operation's own `servers`.
    pub servers: Vec<Server>,
}

/// `x-pagination: {page-param: page, pages-header: X-Pages}`.
#[derive(Debug)]
pub(crate) struct Pagination {
    pub path: SpecPath,
    /// The query parameter that holds the page number, counted from 1.
    pub page_param: String,
    /// A response header with the number of pages, when the API sends one.
    pub pages_header: Option<String>,
}

/// An item given in place, or a `$ref` to one in `components`. The item is
/// boxed: a `$ref` (which large documents write for most parameters and
/// responses) takes no more room than its target's name.
#[derive(Debug)]
pub(crate) enum Ref<T> {
    To { target: String, path: SpecPath },
    Item(Box<T>),
}

impl<T> Ref<T> {
    pub(crate) fn item(item: T) -> Ref<T> {
        Ref::Item(Box::new(item))
    }
}

#[derive(Debug)]
pub(crate) struct Parameter {
    pub path: SpecPath,
    pub name: String,
    pub location: String,
    pub description: Option<String>,
    pub required: Option<bool>,
    pub deprecated: bool,
    pub style: Option<String>,
    pub explode: Option<bool>,
    pub schema: Option<Box<Schema>>,
    /// `content`: the parameter's value written as this media type says.
    pub content: Vec<Media>,
    /// `x-rust-name`: the Rust name the spec's author chose.
    pub rust_name: Option<String>,
}

#[derive(Debug)]
pub(crate) struct RequestBody {
    pub description: Option<String>,
    pub required: bool,
    pub content: Vec<Media>,
}

#[derive(Debug)]
pub(crate) struct Media {
    pub media_type: String,
    pub path: SpecPath,
    pub schema: Option<Box<Schema>>,
    /// `encoding`: how properties of a form body are written, by property.
    pub encoding: Vec<(String, Encoding)>,
}

/// An Encoding Object: how one property of a form or multipart body is written.
#[derive(Debug, Clone)]
pub(crate) struct Encoding {
    pub path: SpecPath,
    pub content_type: Option<String>,
    pub style: Option<String>,
    pub explode: Option<bool>,
}

#[derive(Debug)]
pub(crate) struct Response {
    pub path: SpecPath,
    pub description: Option<String>,
    pub headers: Vec<(String, Ref<Header>)>,
    pub content: Vec<Media>,
}

#[derive(Debug)]
pub(crate) struct Header {
    pub path: SpecPath,
    pub description: Option<String>,
    pub required: bool,
    pub schema: Option<Schema>,
}

/// `security`: alternatives, each naming the schemes it needs together.
#[derive(Debug)]
pub(crate) struct SecurityRequirement {
    pub schemes: Vec<(String, SpecPath)>,
}

#[derive(Debug)]
pub(crate) struct SecurityScheme {
    pub path: SpecPath,
    pub kind: String,
    pub scheme: Option<String>,
    pub name: Option<String>,
    pub location: Option<String>,
    pub description: Option<String>,
    /// `x-api-token-password`: an HTTP basic scheme that also takes an API
    /// token as the user name with this fixed password.
    pub api_token_password: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Components {
    pub schemas: Vec<(String, Schema)>,
    pub parameters: Vec<(String, Ref<Parameter>)>,
    pub request_bodies: Vec<(String, Ref<RequestBody>)>,
    pub responses: Vec<(String, Ref<Response>)>,
    pub headers: Vec<(String, Ref<Header>)>,
    pub security_schemes: Vec<(String, SecurityScheme)>,
}

/// A Schema Object, or a `$ref` to one (`reference`; its siblings are ignored
/// as OpenAPI 3.0 says).
#[derive(Debug, Clone, Default)]
pub(crate) struct Schema {
    pub path: SpecPath,
    pub reference: Option<String>,
    pub ty: Option<String>,
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub nullable: bool,
    pub deprecated: bool,
    pub properties: Vec<(String, Schema)>,
    pub items: Option<Box<Schema>>,
    pub all_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    /// An example and the bounds a value keeps to: what a caller's value
    /// should look like (the client does not enforce them).
    pub hints: Option<Box<crate::model::Hints>>,
    /// What fewer schemas say, boxed: the schemas of a large document's
    /// operations (a `$ref`, a string, a list) are most of its memory.
    rare: Option<Box<Rare>>,
}

/// The keywords of a [`Schema`] that most schemas leave out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rare {
    pub enum_values: Option<Vec<Value<'static>>>,
    pub required: Vec<String>,
    pub additional: Option<Additional>,
    /// 3.1's `prefixItems`, when the array holds exactly these (a tuple).
    pub prefix_items: Vec<Schema>,
    pub one_of: Vec<Schema>,
    /// `x-rust-name`: the Rust name the spec's author chose.
    pub rust_name: Option<String>,
    /// `x-enum-varnames`: the Rust variant names chosen for `enum`'s values, in order.
    pub variant_names: Vec<String>,
}

/// What a schema without any of the rare keywords says of them.
static NO_RARE: Rare = Rare {
    enum_values: None,
    required: Vec::new(),
    additional: None,
    prefix_items: Vec::new(),
    one_of: Vec::new(),
    rust_name: None,
    variant_names: Vec::new(),
};

impl Schema {
    /// The keywords most schemas leave out.
    pub(crate) fn rare(&self) -> &Rare {
        self.rare.as_deref().unwrap_or(&NO_RARE)
    }

    /// The keywords most schemas leave out, to set one.
    pub(crate) fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }
}

/// `additionalProperties`.
#[derive(Debug, Clone)]
pub(crate) enum Additional {
    Allowed(bool),
    Schema(Box<Schema>),
}

/// A media type without its parameters, in lower case (`application/json`
/// of `application/json; charset=utf-8`).
pub(crate) fn media_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// True for a JSON media type's essence: `application/json` and `+json` types.
pub(crate) fn is_json_media(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The HTTP methods a Path Item may hold, in the order OpenAPI lists them.
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Parses the text of one spec file (YAML, or JSON) into a document.
/// Returns `None` when the file is too broken to read on.
pub(crate) fn parse(file: &str, text: &str, diags: &mut Diagnostics) -> Option<Document> {
    let mut value = parse_value(file, text, diags)?;
    let detached = detach_paths(&mut value);
    let mut reader = Reader { file, diags, root: &value, pointed: pointer::Pointed::default(), v31: false, v2: None };
    let mut doc = read_document(&mut reader, &value, detached)?;
    // Items read where a `$ref` pointed are components keyed by the pointer.
    let pointed = reader.pointed;
    doc.components.schemas.extend(pointed.schemas);
    doc.components.parameters.extend(pointed.parameters);
    doc.components.request_bodies.extend(pointed.request_bodies);
    doc.components.responses.extend(pointed.responses);
    doc.components.headers.extend(pointed.headers);
    Some(doc)
}

/// The path items of an OpenAPI 3 document, taken out of its tree (which
/// keeps an empty `paths`), so that each is dropped once read: they are
/// most of a large document, which is then never held twice, as a tree and
/// as objects. `None` (the tree kept whole) when a `$ref` may point into
/// them.
fn detach_paths<'t>(root: &mut Value<'t>) -> Option<Mapping<'t>> {
    if refers_into_paths(root) {
        return None;
    }
    let Value::Mapping(top) = root else { return None };
    if top.get("swagger").is_some() {
        return None;
    }
    let (_, paths) = top.0.iter_mut().find(|(key, _)| matches!(key, Value::String(k) if k == "paths"))?;
    match paths {
        Value::Mapping(items) => Some(Mapping(std::mem::take(&mut items.0))),
        _ => None,
    }
}

/// True when some `$ref` may name something under `paths` (its pointer
/// says `paths`, however encoded).
fn refers_into_paths(root: &Value) -> bool {
    let mut stack = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::Mapping(m) => {
                for (key, value) in &m.0 {
                    let is_ref = matches!(key, Value::String(k) if k == "$ref");
                    let names_paths =
                        |target: &str| target.contains("paths") || pointer::percent_decode(target).contains("paths");
                    if is_ref && matches!(value, Value::String(target) if names_paths(target)) {
                        return true;
                    }
                    stack.push(value);
                }
            }
            Value::Sequence(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

fn parse_value<'t>(file: &str, text: &'t str, diags: &mut Diagnostics) -> Option<Value<'t>> {
    let looks_like_json = text.trim_start().starts_with('{');
    let parsed = if looks_like_json {
        // JSON allows what YAML does not (tabs as indentation), so read JSON as
        // JSON, its strings borrowed from the text where they can be.
        let mut json = serde_json::Deserializer::from_str(text);
        serde::Deserialize::deserialize(&mut json).and_then(|v| json.end().map(|()| v)).map_err(
            |e: serde_json::Error| {
                let location = (e.line() > 0).then(|| Location { line: e.line(), column: e.column().max(1) });
                (format!("invalid JSON: {}", strip_position(&e.to_string())), location)
            },
        )
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map_err(|e| {
                let location = e.location().map(|l| Location { line: l.line(), column: l.column() });
                (format!("invalid YAML: {}", strip_position(&e.to_string())), location)
            })
            .and_then(|mut value| {
                // Merge keys (`<<: *anchor`) are rare; looking for them walks the whole tree.
                if text.contains("<<") {
                    value.apply_merge().map_err(|e| (format!("invalid YAML merge key: {e}"), None))?;
                }
                Ok(Value::from_yaml(value))
            })
    };
    match parsed {
        Ok(value) => Some(value),
        Err((message, location)) => {
            let message = message.replace(" at line ", " (line ").trim_end().to_owned();
            diags.push(Diagnostic {
                severity: Severity::Error,
                file: file.to_owned(),
                location,
                path: SpecPath::root(),
                message,
                help: None,
            });
            None
        }
    }
}

/// serde's messages end in "at line L column C"; the location is reported apart.
fn strip_position(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

const DOCUMENT_KEYS: &[&str] =
    &["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs"];

/// OpenAPI 3.1's document keys: 3.0's, `webhooks` and `jsonSchemaDialect`.
static DOCUMENT_KEYS_31: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| [DOCUMENT_KEYS, &["webhooks", "jsonSchemaDialect"]].concat());

fn read_document(r: &mut Reader<'_>, value: &Value, detached: Option<Mapping<'_>>) -> Option<Document> {
    let root = SpecPath::root();
    match value {
        Value::Null => {
            r.error(&root, "the spec is empty").help("an OpenAPI 3.0 document starts with `openapi: 3.0.3`");
            return None;
        }
        Value::Mapping(_) => {}
        other => {
            r.error(&root, format!("a spec must be a mapping at the top level, found {}", read::kind(other)))
                .help("an OpenAPI 3.0 document starts with `openapi: 3.0.3`");
            return None;
        }
    }
    // Check the version first: reading a 2.0 or 4.0 document as 3.x would only
    // bury the one message that matters under many that do not.
    let m = r.map(value, &root, "the document", &[])?;
    if m.has("swagger") {
        return swagger2::read_document(r, value);
    }
    match r.string(&m, "openapi") {
        None => {
            r.error(&root, "the document has no `openapi` version")
                .help("add `openapi: 3.0.3` or `openapi: 3.1.0` at the top");
            return None;
        }
        Some(v) if v.starts_with("3.0") => {}
        Some(v) if v.starts_with("3.1") => r.v31 = true,
        Some(v) => {
            r.error(
                &root.key("openapi"),
                format!("OpenAPI {v} is not supported; this generator reads Swagger 2.0, OpenAPI 3.0 and 3.1"),
            )
            .help("use `openapi: 3.0.3` or `openapi: 3.1.0` and the form of the document that version gives");
            return None;
        }
    }
    let keys = if r.v31 { &DOCUMENT_KEYS_31 } else { DOCUMENT_KEYS };
    let m = r.map(value, &root, "the document", keys)?;
    if let Some((_, p)) = m.get("webhooks") {
        r.warning(&p, "`webhooks` are ignored: they describe requests the API makes, not the client")
            .help("a client has nothing to generate for them");
    }
    let info = read_info(r, &m);
    let servers = read_servers(r, &m);
    let mut paths = Vec::new();
    match (m.get("paths"), detached) {
        (Some((_, path)), Some(items)) => paths = read_detached_paths(r, items, &path),
        (Some((value, path)), None) => {
            for (template, value, path) in path_entries(r, value, &path) {
                if let Some(item) = read_path_item(r, &template, value, &path) {
                    paths.push(item);
                }
            }
        }
        // 3.1 documents may describe only components or webhooks.
        (None, _) if r.v31 => {}
        (None, _) => {
            r.error(&root, "the document has no `paths`").help("add `paths:` with at least one operation");
        }
    }
    let components = match m.get("components") {
        Some((value, path)) => read_components(r, value, &path),
        None => Components::default(),
    };
    Some(document(r, &m, info, servers, paths, components))
}

/// The document of its parts, with what every version writes alike at its
/// root: `security` and the extensions (`x-rust-module`, `x-rate-limit`,
/// `x-request-id-header`).
fn document(
    r: &mut Reader<'_>,
    m: &Map<'_>,
    info: Info,
    servers: Vec<Server>,
    paths: Vec<PathItem>,
    components: Components,
) -> Document {
    let security = m.get("security").map(|(value, path)| read_security(r, value, &path));
    let rust_module = m.get("x-rust-module").and_then(|(value, path)| match value {
        Value::String(s) => Some((s.to_string(), path)),
        other => {
            r.error(&path, format!("`x-rust-module` must be a string, found {}", read::kind(other)));
            None
        }
    });
    let rate_limit = match r.opt_map(m, "x-rate-limit", "`x-rate-limit`", &["statuses", "reset-header"]) {
        Some(rl) => RateLimit { statuses: read_statuses(r, &rl), reset_header: r.string(&rl, "reset-header") },
        None => RateLimit::default(),
    };
    Document {
        file: r.file.to_owned(),
        info,
        servers,
        paths,
        components,
        security,
        rust_module,
        rate_limit,
        request_id_header: r.string(m, "x-request-id-header"),
        swagger2: r.v2.is_some(),
    }
}

/// The Info Object, which every version writes alike (3.1 adds `summary`).
fn read_info(r: &mut Reader<'_>, m: &Map<'_>) -> Info {
    let info_keys: &[&str] = if r.v31 {
        &["title", "summary", "version", "description", "termsOfService", "contact", "license"]
    } else {
        &["title", "version", "description", "termsOfService", "contact", "license"]
    };
    match r.opt_map(m, "info", "`info`", info_keys) {
        Some(info) => Info {
            title: r.required_string(&info, "title", "`info`").unwrap_or_default(),
            version: r.required_string(&info, "version", "`info`").unwrap_or_default(),
            description: r.prose(&info, "description"),
        },
        None => {
            r.error(&m.path, "the document has no `info`").help("add `info:` with a `title` and a `version`");
            Info::default()
        }
    }
}

/// The entries of the Paths Object that are paths (not extensions), each
/// checked to start with `/`.
fn path_entries<'v>(
    r: &mut Reader<'_>,
    value: &'v Value<'v>,
    path: &SpecPath,
) -> Vec<(String, &'v Value<'v>, SpecPath)> {
    let Some(pm) = r.named_map(value, path, "`paths`") else { return Vec::new() };
    let mut out = Vec::new();
    for (template, value, path) in pm.entries() {
        if template.starts_with("x-") {
            continue; // an extension of the Paths Object
        }
        if !template.starts_with('/') {
            r.error(&path, format!("path `{template}` must start with `/`"));
            continue;
        }
        out.push((template.to_owned(), value, path));
    }
    out
}

/// The path items of [`detach_paths`], as [`path_entries`] and
/// [`read_path_item`] read them in the tree (the same diagnostics, in the
/// same order), each item's value dropped once read.
fn read_detached_paths(r: &mut Reader<'_>, items: Mapping<'_>, path: &SpecPath) -> Vec<PathItem> {
    // The keys first, as reading `paths` as a mapping checks them.
    let mut templates = Vec::with_capacity(items.0.len());
    for (key, _) in &items.0 {
        let template = read::key_text(key);
        if template.is_none() {
            r.error(path, format!("`paths` has a key that is {}; keys must be strings", read::kind(key)));
        }
        templates.push(template);
    }
    let mut kept = Vec::with_capacity(templates.len());
    for template in templates {
        let Some(template) = template.filter(|t| !t.starts_with("x-")) else {
            kept.push(None); // not a text key, or an extension of the Paths Object
            continue;
        };
        let item_path = path.key(template.as_ref());
        if template.starts_with('/') {
            kept.push(Some((template.into_owned(), item_path)));
        } else {
            r.error(&item_path, format!("path `{template}` must start with `/`"));
            kept.push(None);
        }
    }
    let mut items: Vec<Kept<'_>> = items.0.into_iter().map(|(_, value)| value).zip(kept).collect();
    let parallel = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    let mut second = std::collections::VecDeque::new();
    if parallel && items.len() >= PARALLEL_PATH_ITEMS && r.v2.is_none() {
        second = items.split_off(items.len() / 2).into();
    }
    let mut out = Vec::with_capacity(items.len() + second.len());
    // The second half on a thread of its own, read by a reader of its own,
    // each item dropped once read. What it reads is what this reader would
    // read after the first half, until an item follows a `$ref` to a
    // pointer out of the paths: whether this reader read that pointer
    // already changes what is read. That item and those after it are left
    // for this reader, after the first half.
    let (file, root, v31) = (r.file, r.root, r.v31);
    let read_second = |second: &mut std::collections::VecDeque<Kept<'_>>| {
        let mut diags = Diagnostics::default();
        let mut reader = Reader { file, diags: &mut diags, root, pointed: pointer::Pointed::default(), v31, v2: None };
        let mut read = Vec::with_capacity(second.len());
        while let Some(kept) = second.front() {
            let reported = reader.diags.len();
            let item = read_kept(&mut reader, kept);
            if !reader.pointed.is_untouched() {
                reader.diags.items_mut().truncate(reported);
                break;
            }
            read.extend(item);
            second.pop_front();
            #[cfg(test)]
            HELPER_READ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        (read, diags)
    };
    let helped = std::thread::scope(|scope| {
        let second = &mut second;
        let helper = (!second.is_empty())
            .then(|| {
                // More stack than a main thread's: reading recurses as deep as the document nests.
                std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, move || read_second(second)).ok()
            })
            .flatten();
        // Each item dropped once read.
        out.extend(items.into_iter().filter_map(|kept| read_kept(r, &kept)));
        helper.map(|helper| helper.join())
    });
    match helped {
        Some(Ok((read, diags))) => {
            out.extend(read);
            r.diags.extend(diags);
        }
        // A panic is a bug, reported as it would be had this thread read the items.
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        None => {}
    }
    // What is left of the second half, if anything: read after the first.
    out.extend(second.into_iter().filter_map(|kept| read_kept(r, &kept)));
    out
}

/// A path item's value, with its template and spec path unless its key is
/// not a path (an extension, a key that is not text).
type Kept<'t> = (Value<'t>, Option<(String, SpecPath)>);

fn read_kept(r: &mut Reader<'_>, (value, kept): &Kept<'_>) -> Option<PathItem> {
    kept.as_ref().and_then(|(template, path)| read_path_item(r, template, value, path))
}

/// The stack of a helper thread (the one that reads the second half of the
/// path items, the one that locates warnings): reading recurses as deep as
/// the document nests, and dropping it as deep again.
pub(crate) const STACK: usize = 16 << 20;

/// How many path items a second thread has read, for a test to see it does.
#[cfg(test)]
static HELPER_READ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many path items a document has at least for the second half to be
/// read on a thread of its own.
const PARALLEL_PATH_ITEMS: usize = 256;

fn read_statuses(r: &mut Reader<'_>, m: &Map<'_>) -> Vec<u16> {
    let mut out = Vec::new();
    for (value, path) in r.list(m, "statuses") {
        match value.as_u64().and_then(|n| u16::try_from(n).ok()).filter(|n| (100..600).contains(n)) {
            Some(status) => out.push(status),
            None => {
                r.error(&path, "a status must be a number from 100 to 599");
            }
        }
    }
    out
}

/// The `servers` of a document, path item or operation.
fn read_servers(r: &mut Reader<'_>, m: &Map<'_>) -> Vec<Server> {
    let mut servers = Vec::new();
    for (value, path) in r.list(m, "servers") {
        if let Some(server) = read_server(r, value, &path) {
            servers.push(server);
        }
    }
    servers
}

fn read_server(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<Server> {
    let m = r.map(value, path, "a server", &["url", "description", "variables"])?;
    let url = r.required_string(&m, "url", "a server")?;
    let mut variables = Vec::new();
    if let Some(vars) = m.get("variables").and_then(|(v, p)| r.named_map(v, &p, "`variables`")) {
        for (name, value, path) in vars.entries() {
            let Some(var) = r.map(value, &path, "a server variable", &["default", "enum", "description"]) else {
                continue;
            };
            if let Some(default) = r.required_string(&var, "default", "a server variable") {
                variables.push((name.to_owned(), default));
            }
        }
    }
    Some(Server { url, path: path.clone(), variables })
}

const PATH_ITEM_KEYS: &[&str] = &[
    "summary",
    "description",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "parameters",
    "servers",
    "$ref",
];

fn read_path_item(r: &mut Reader<'_>, template: &str, value: &Value, path: &SpecPath) -> Option<PathItem> {
    let m = r.map(value, path, "a path item", PATH_ITEM_KEYS)?;
    if let Some((target, p)) = m.get("$ref") {
        return path_item_ref(r, template, target, &p, path, read_path_item);
    }
    let parameters =
        r.list(&m, "parameters").into_iter().filter_map(|(v, p)| read_ref(r, v, &p, read_parameter)).collect();
    let mut operations = Vec::new();
    for (method, value, path) in m.entries() {
        if METHODS.contains(&method) {
            if let Some(op) = read_operation(r, method, value, &path) {
                operations.push(op);
            }
        }
    }
    // A vector grown by pushing keeps room for four at least: most path
    // items have one or two operations, most objects one or two properties.
    operations.shrink_to_fit();
    let servers = read_servers(r, &m);
    Some(PathItem { template: template.to_owned(), path: path.clone(), parameters, operations, servers })
}

/// A path item that is a `$ref` to another path item of this document, read
/// with `read` there as this path's.
fn path_item_ref(
    r: &mut Reader<'_>,
    template: &str,
    target: &Value,
    ref_path: &SpecPath,
    path: &SpecPath,
    read: fn(&mut Reader<'_>, &str, &Value, &SpecPath) -> Option<PathItem>,
) -> Option<PathItem> {
    let local = target.as_str().and_then(|t| pointer::resolve(r.root, t).map(|found| (t, found)));
    match local {
        Some((t, (value, target_path))) if r.pointed.enter(t) => {
            let item = read(r, template, value, &target_path);
            r.pointed.leave();
            return item.map(|item| PathItem { path: path.clone(), ..item });
        }
        Some((t, _)) => {
            r.error(ref_path, format!("`$ref: {t}` is part of a cycle of path items"));
        }
        None => {
            r.error(ref_path, "`$ref` on a path item must point at another path item of this document")
                .help("write the path's operations in place");
        }
    }
    None
}

const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];

fn read_operation(r: &mut Reader<'_>, method: &str, value: &Value, path: &SpecPath) -> Option<Operation> {
    let m = r.map(value, path, "an operation", OPERATION_KEYS)?;
    if let Some((_, p)) = m.get("callbacks") {
        r.diags
            .warning(r.file, &p, "`callbacks` are ignored: they describe requests the API makes, not the client")
            .help("serve them in your own application");
    }
    let tags = r.strings(&m, "tags");
    let parameters =
        r.list(&m, "parameters").into_iter().filter_map(|(v, p)| read_ref(r, v, &p, read_parameter)).collect();
    let request_body = m.get("requestBody").and_then(|(v, p)| read_ref(r, v, &p, read_request_body));
    let mut responses = Vec::new();
    match m.get("responses") {
        Some((value, rpath)) => {
            if let Some(rm) = r.named_map(value, &rpath, "`responses`") {
                for (code, value, path) in rm.entries() {
                    if let Some(response) = read_ref(r, value, &path, read_response) {
                        responses.push((code.to_owned(), response));
                    }
                }
                responses.shrink_to_fit();
            }
        }
        None => {
            r.error(path, "the operation has no `responses`").help("add `responses:` with at least one status code");
        }
    }
    Some(Operation {
        method: method.to_owned(),
        path: path.clone(),
        operation_id: r.string(&m, "operationId"),
        tags,
        summary: r.prose(&m, "summary"),
        description: r.prose(&m, "description"),
        deprecated: r.boolean(&m, "deprecated").unwrap_or(false),
        parameters,
        request_body,
        responses,
        security: m.get("security").map(|(v, p)| read_security(r, v, &p)),
        pagination: read_pagination(r, &m),
        rust_name: r.string(&m, "x-rust-name"),
        servers: read_servers(r, &m),
    })
}

fn read_pagination(r: &mut Reader<'_>, m: &Map<'_>) -> Option<Pagination> {
    let pm = r.opt_map(m, "x-pagination", "`x-pagination`", &["page-param", "pages-header"])?;
    Some(Pagination {
        page_param: r.required_string(&pm, "page-param", "`x-pagination`")?,
        pages_header: r.string(&pm, "pages-header"),
        path: pm.path,
    })
}

/// Reads a `$ref` or, when there is none, the item itself with `read`. A
/// `$ref` to a pointer other than a component has the item it points at
/// read there, once.
fn read_ref<T: pointer::Section>(
    r: &mut Reader<'_>,
    value: &Value,
    path: &SpecPath,
    read: fn(&mut Reader<'_>, &Value, &SpecPath) -> Option<T>,
) -> Option<Ref<T>> {
    if let Value::Mapping(mapping) = value {
        if let Some(target) = mapping.get("$ref") {
            let ref_path = path.key("$ref");
            return match target {
                Value::String(target) => {
                    let target = match r.v2 {
                        Some(_) => swagger2::component_ref(target, T::NAME),
                        None => target.to_string(),
                    };
                    if pointer::is_foreign(&target, T::NAME) {
                        r.follow(
                            &target,
                            &ref_path,
                            |r, value, path| read_ref(r, value, path, read),
                            |pointed, key, item| T::pointed(pointed).push((key, item)),
                        );
                    }
                    Some(Ref::To { target, path: ref_path })
                }
                other => {
                    r.error(&ref_path, format!("`$ref` must be a string, found {}", read::kind(other)));
                    None
                }
            };
        }
    }
    read(r, value, path).map(Ref::item)
}

/// The keys of a Parameter Object; `name` and `in` first (see `read_header`).
const PARAMETER_KEYS: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];

fn read_parameter(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<Parameter> {
    let m = r.map(value, path, "a parameter", PARAMETER_KEYS)?;
    let name = r.required_string(&m, "name", "the parameter");
    let location = r.required_string(&m, "in", "the parameter");
    let schema = m.get("schema").and_then(|(v, p)| read_schema(r, v, &p));
    Some(Parameter {
        path: path.clone(),
        name: name?,
        location: location?,
        description: r.prose(&m, "description"),
        required: r.boolean(&m, "required"),
        deprecated: r.boolean(&m, "deprecated").unwrap_or(false),
        style: r.string(&m, "style"),
        explode: r.boolean(&m, "explode"),
        schema: schema.map(Box::new),
        content: read_content(r, &m, false),
        rust_name: r.string(&m, "x-rust-name"),
    })
}

fn read_request_body(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<RequestBody> {
    let m = r.map(value, path, "a request body", &["description", "content", "required"])?;
    let content = read_content(r, &m, true);
    Some(RequestBody {
        description: r.prose(&m, "description"),
        required: r.boolean(&m, "required").unwrap_or(false),
        content,
    })
}

fn read_content(r: &mut Reader<'_>, m: &Map<'_>, needed: bool) -> Vec<Media> {
    let Some((value, path)) = m.get("content") else {
        if needed {
            r.error(&m.path, "the request body has no `content`")
                .help("add `content:` with a media type such as `application/json`");
        }
        return Vec::new();
    };
    let Some(cm) = r.named_map(value, &path, "`content`") else { return Vec::new() };
    let mut out = Vec::new();
    for (media_type, value, path) in cm.entries() {
        let Some(mm) = r.map(value, &path, "a media type", &["schema", "example", "examples", "encoding"]) else {
            continue;
        };
        let schema = mm.get("schema").and_then(|(v, p)| read_schema(r, v, &p));
        let mut encoding = Vec::new();
        if let Some(em) = mm.get("encoding").and_then(|(v, p)| r.named_map(v, &p, "`encoding`")) {
            for (property, value, path) in em.entries() {
                let keys = &["contentType", "headers", "style", "explode", "allowReserved"];
                let Some(e) = r.map(value, &path, "an encoding", keys) else { continue };
                let content_type = r.string(&e, "contentType");
                let (style, explode) = (r.string(&e, "style"), r.boolean(&e, "explode"));
                encoding.push((property.to_owned(), Encoding { path, content_type, style, explode }));
            }
        }
        out.push(Media { media_type: media_type.to_owned(), path, schema: schema.map(Box::new), encoding });
    }
    out.shrink_to_fit();
    out
}

fn read_response(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<Response> {
    let m = r.map(value, path, "a response", &["description", "headers", "content", "links"])?;
    let mut headers = Vec::new();
    if let Some(hm) = m.get("headers").and_then(|(v, p)| r.named_map(v, &p, "`headers`")) {
        for (name, value, path) in hm.entries() {
            if let Some(header) = read_ref(r, value, &path, read_header) {
                headers.push((name.to_owned(), header));
            }
        }
    }
    let description = r.prose(&m, "description");
    Some(Response { path: path.clone(), description, headers, content: read_content(r, &m, false) })
}

fn read_header(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<Header> {
    // A Header Object is a Parameter Object without `name` and `in`.
    let keys = &PARAMETER_KEYS[2..];
    let m = r.map(value, path, "a header", keys)?;
    if let Some((_, p)) = m.get("content") {
        r.diags
            .warning(r.file, &p, "a header described with `content` is read as text")
            .help("describe the header with `schema` to give it a type");
    }
    Some(Header {
        path: path.clone(),
        description: r.prose(&m, "description"),
        required: r.boolean(&m, "required").unwrap_or(false),
        schema: m.get("schema").and_then(|(v, p)| read_schema(r, v, &p)),
    })
}

fn read_security(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Vec<SecurityRequirement> {
    let Value::Sequence(items) = value else {
        r.error(path, format!("`security` must be a list, found {}", read::kind(value)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = path.index(i);
        let Some(m) = r.named_map(item, &item_path, "a security requirement") else { continue };
        let schemes = m.entries().map(|(name, _, p)| (name.to_owned(), p)).collect();
        out.push(SecurityRequirement { schemes });
    }
    out
}

const COMPONENTS_KEYS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// OpenAPI 3.1's components: 3.0's and `pathItems` (read where a path's
/// `$ref` points at one).
static COMPONENTS_KEYS_31: LazyLock<Vec<&'static str>> = LazyLock::new(|| [COMPONENTS_KEYS, &["pathItems"]].concat());

fn read_components(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Components {
    let keys = if r.v31 { &COMPONENTS_KEYS_31 } else { COMPONENTS_KEYS };
    let mut c = Components::default();
    let Some(m) = r.map(value, path, "`components`", keys) else { return c };
    for (name, path, value) in section(r, &m, "schemas") {
        if let Some(schema) = read_schema(r, value, &path) {
            c.schemas.push((name, schema));
        }
    }
    for (name, path, value) in section(r, &m, "parameters") {
        if let Some(p) = read_ref(r, value, &path, read_parameter) {
            c.parameters.push((name, p));
        }
    }
    for (name, path, value) in section(r, &m, "requestBodies") {
        if let Some(b) = read_ref(r, value, &path, read_request_body) {
            c.request_bodies.push((name, b));
        }
    }
    for (name, path, value) in section(r, &m, "responses") {
        if let Some(resp) = read_ref(r, value, &path, read_response) {
            c.responses.push((name, resp));
        }
    }
    for (name, path, value) in section(r, &m, "headers") {
        if let Some(h) = read_ref(r, value, &path, read_header) {
            c.headers.push((name, h));
        }
    }
    for (name, path, value) in section(r, &m, "securitySchemes") {
        if let Some(s) = read_security_scheme(r, value, &path) {
            c.security_schemes.push((name, s));
        }
    }
    c
}

/// The named entries of one `components` section.
fn section<'v>(r: &mut Reader<'_>, m: &Map<'v>, key: &str) -> Vec<(String, SpecPath, &'v Value<'v>)> {
    named_entries(r, m, key, &format!("`components.{key}`"))
}

/// The entries of the mapping under `key`, whose keys are names (`what`
/// names the mapping in messages).
fn named_entries<'v>(r: &mut Reader<'_>, m: &Map<'v>, key: &str, what: &str) -> Vec<(String, SpecPath, &'v Value<'v>)> {
    let Some((value, path)) = m.get(key) else { return Vec::new() };
    let Some(sm) = r.named_map(value, &path, what) else { return Vec::new() };
    sm.entries().map(|(name, v, p)| (name.to_owned(), p, v)).collect()
}

/// `x-api-token-password` of an HTTP basic scheme.
fn api_token_password(r: &mut Reader<'_>, m: &Map<'_>) -> Option<String> {
    m.get("x-api-token-password").and_then(|(v, p)| match v {
        Value::String(s) => Some(s.to_string()),
        other => {
            r.error(&p, format!("`x-api-token-password` must be a string, found {}", read::kind(other)));
            None
        }
    })
}

fn read_security_scheme(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<SecurityScheme> {
    let keys = &["type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl"];
    let m = r.map(value, path, "a security scheme", keys)?;
    let api_token_password = api_token_password(r, &m);
    Some(SecurityScheme {
        path: path.clone(),
        kind: r.required_string(&m, "type", "the security scheme")?,
        scheme: r.string(&m, "scheme"),
        name: r.string(&m, "name"),
        location: r.string(&m, "in"),
        description: r.prose(&m, "description"),
        api_token_password,
    })
}

const SCHEMA_KEYS: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// A schema's example (`example`, or the first of 3.1's `examples`) and bounds.
fn read_hints(m: &read::Map<'_>) -> Option<Box<crate::model::Hints>> {
    let number = |key: &str| m.get(key).and_then(|(v, _)| v.as_f64());
    let count = |key: &str| m.get(key).and_then(|(v, _)| v.as_u64());
    let example = match (m.get("example"), m.get("examples")) {
        (Some((v, _)), _) => Some(v.to_json()),
        (None, Some((Value::Sequence(items), _))) => items.first().map(Value::to_json),
        _ => None,
    };
    let hints = crate::model::Hints {
        example,
        minimum: number("minimum"),
        maximum: number("maximum"),
        min_length: count("minLength"),
        max_length: count("maxLength"),
        min_items: count("minItems"),
        pattern: m.get("pattern").and_then(|(v, _)| v.as_str()).map(str::to_owned),
        // The items are a schema of their own: lowering gives their hints.
        items: None,
    };
    // Most schemas have none: no room is taken for them.
    (!hints.is_empty()).then(|| Box::new(hints))
}

/// A 3.1 schema that only says "null" (`{type: 'null'}`).
fn is_null_only(s: &Schema) -> bool {
    s.nullable
        && s.ty.is_none()
        && s.reference.is_none()
        && s.rare().enum_values.is_none()
        && s.properties.is_empty()
        && s.items.is_none()
        && s.rare().additional.is_none()
        && s.all_of.is_empty()
        && s.rare().one_of.is_empty()
        && s.any_of.is_empty()
}

/// OpenAPI 3.1's schema keys: 3.0's and JSON Schema 2020-12's.
static SCHEMA_KEYS_31: LazyLock<Vec<&'static str>> = LazyLock::new(|| [SCHEMA_KEYS, SCHEMA_KEYS_ADDED_31].concat());

/// The schema keys JSON Schema 2020-12 adds to OpenAPI 3.0's.
const SCHEMA_KEYS_ADDED_31: &[&str] = &[
    "const",
    "examples",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$comment",
    "$defs",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
];

/// JSON Schema 2020-12 keywords that only constrain values: read past, with
/// a warning that the client does not check them.
const NOT_ENFORCED_31: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "patternProperties",
];

/// The items of `prefixItems` when the array holds exactly them (a tuple):
/// `minItems` and `maxItems` (or `items: false`) say there are no fewer and
/// no more. Otherwise none, with a warning: the array is a list of `items`.
fn read_tuple(r: &mut Reader<'_>, m: &Map<'_>, path: &SpecPath) -> Vec<Schema> {
    let items: Vec<Schema> = r.list(m, "prefixItems").into_iter().filter_map(|(v, p)| read_schema(r, v, &p)).collect();
    let n = items.len() as u64;
    let bound = |key: &str| m.get(key).and_then(|(v, _)| v.as_u64());
    let closed =
        matches!(m.get("items"), Some((Value::Bool(false), _))) || bound("maxItems").is_some_and(|max| max <= n);
    if n > 0 && n <= 12 && bound("minItems").is_some_and(|min| min >= n) && closed {
        return items;
    }
    r.warning(
        path,
        "`prefixItems` is not enforced: the array may hold more or fewer items, so it is a list of `items`",
    )
    .help(format!("`minItems: {n}` and `maxItems: {n}` make it a tuple (of 12 items at most)"));
    Vec::new()
}

/// True for a `oneOf`/`anyOf` alternative that says nothing of what the
/// value is beyond what `own`, the schema holding it, says: `required`,
/// bounds, and properties of `own` narrowed (to fewer `enum` values, say).
fn constrains_only(alternative: &Schema, own: &Schema) -> bool {
    let a = alternative;
    let narrows = |(name, p): &(String, Schema)| {
        own.properties.iter().find(|(n, _)| n == name).is_some_and(|(_, mine)| {
            p.reference.is_none()
                && p.properties.is_empty()
                && p.items.is_none()
                && p.all_of.is_empty()
                && p.rare().one_of.is_empty()
                && p.any_of.is_empty()
                && (p.ty.is_none() || p.ty == mine.ty)
        })
    };
    a.reference.is_none()
        && a.all_of.is_empty()
        && a.rare().one_of.is_empty()
        && a.any_of.is_empty()
        && a.properties.iter().all(narrows)
        && a.items.is_none()
        && matches!(a.rare().additional, None | Some(Additional::Allowed(true)))
        && a.rare().enum_values.is_none()
        && (a.ty.is_none() || a.ty == own.ty)
}

pub(crate) fn read_schema(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<Schema> {
    // `true`/`false` schemas are JSON Schema 2020-12's, which OpenAPI 3.1 uses:
    // any value (`false`, no value at all, says nothing a type can hold).
    if let (true, Value::Bool(_)) = (r.v31, value) {
        return Some(Schema { path: path.clone(), ..Schema::default() });
    }
    let m = r.map(value, path, "a schema", if r.v31 { &SCHEMA_KEYS_31 } else { SCHEMA_KEYS })?;
    if r.v31 {
        for key in NOT_ENFORCED_31 {
            if let Some((_, p)) = m.get(key) {
                r.warning(&p, format!("`{key}` is not enforced: the value is typed by the other keywords"))
                    .help("the server checks it; the client does not");
            }
        }
    }
    let mut s = Schema { path: path.clone(), hints: read_hints(&m), ..Schema::default() };
    if let Some((target, p)) = m.get("$ref") {
        match target {
            Value::String(t) => {
                let t = match r.v2 {
                    Some(_) => swagger2::component_ref(t, "schemas"),
                    None => t.to_string(),
                };
                if pointer::is_foreign(&t, "schemas") {
                    r.follow(&t, &p, read_schema, |pointed, key, schema| pointed.schemas.push((key, schema)));
                }
                s.reference = Some(t);
            }
            other => {
                r.error(&p, format!("`$ref` must be a string, found {}", read::kind(other)));
            }
        }
        // In 3.0 a `$ref`'s siblings are ignored; in 3.1 they apply too, as
        // if the reference were a member of `allOf` beside them. Swagger 2.0
        // documents make a reference nullable with `x-nullable` beside it.
        let siblings_apply = (r.v31 && m.entries().any(|(key, _, _)| key != "$ref" && !key.starts_with("x-")))
            || (r.v2.is_some() && matches!(m.get("x-nullable"), Some((Value::Bool(true), _))));
        if !siblings_apply {
            return Some(s);
        }
    }
    let referenced = s.reference.take().map(|reference| Schema {
        path: path.clone(),
        reference: Some(reference),
        ..Schema::default()
    });
    if let Some(value) = m.value("type") {
        // Its path is made only for a message.
        let p = || m.path.key("type");
        match value {
            Value::String(t) if r.v31 && t == "null" => s.nullable = true,
            // Swagger 2.0's file: the bytes of an upload or a download.
            Value::String(t) if r.v2.is_some() && t == "file" => {
                s.ty = Some(String::from("string"));
                s.format = Some(String::from("binary"));
            }
            Value::String(t) => {
                const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
                if TYPES.contains(&t.as_ref()) {
                    s.ty = Some(t.to_string());
                } else {
                    let d = r.error(&p(), format!("unknown schema type `{t}`"));
                    if t == "null" {
                        d.help("OpenAPI 3.0 has no `null` type; write `nullable: true` instead");
                    } else {
                        d.help(format!("use one of: {}", TYPES.join(", ")));
                    }
                }
            }
            Value::Sequence(types) if r.v31 => {
                // JSON Schema 2020-12: `[string, "null"]` is a nullable string;
                // several other types say no one type.
                const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object", "null"];
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                if names.len() < types.len() || names.iter().any(|t| !TYPES.contains(t)) {
                    r.error(&p(), "a list of types holds only type names")
                        .help(format!("use some of: {}", TYPES.join(", ")));
                }
                let names: Vec<&str> = names.into_iter().filter(|t| TYPES.contains(t)).collect();
                s.nullable = names.contains(&"null");
                let others: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
                match others.as_slice() {
                    [one] => s.ty = Some((*one).to_owned()),
                    [] => {}
                    several => {
                        r.warning(
                            &p(),
                            format!("a value of several types (`{}`) is typed as any JSON value", several.join("`, `")),
                        )
                        .help("give the schema one type, or a `oneOf` of the alternatives");
                    }
                }
            }
            Value::Sequence(_) => {
                r.error(&p(), "a list of types is OpenAPI 3.1; OpenAPI 3.0 takes one `type`")
                    .help("use one `type`, with `nullable: true` for null, or `oneOf` for several types");
            }
            other => {
                // A mapping here is usually a property list written one level
                // too high: the value is still some JSON value.
                r.warning(
                    &p(),
                    format!("`type` must be a string, found {}; the value is any JSON value", read::kind(other)),
                )
                .help("write one of: string, number, integer, boolean, array, object");
            }
        }
    }
    s.format = s.format.or_else(|| r.string(&m, "format"));
    if r.v31 && s.ty.as_deref() == Some("string") && s.format.is_none() && !m.has("contentEncoding") {
        // 3.1 writes `format: binary` as the media type of the string's
        // bytes; text and JSON media types are strings still.
        let media = r.string(&m, "contentMediaType").map(|t| media_essence(&t));
        let text =
            |t: &str| t.starts_with("text/") || is_json_media(t) || t == "application/xml" || t.ends_with("+xml");
        if media.is_some_and(|t| !text(&t)) {
            s.format = Some(String::from("binary"));
        }
    }
    s.title = r.prose(&m, "title");
    s.description = r.prose(&m, "description");
    s.nullable = s.nullable || r.boolean(&m, "nullable").unwrap_or(false);
    // Swagger 2.0 has no `nullable`; its documents write the extension `x-nullable`.
    s.nullable = s.nullable || (r.v2.is_some() && r.boolean(&m, "x-nullable").unwrap_or(false));
    // 3.1's `const` is an enum of one value.
    if let (true, Some((value, _))) = (r.v31, m.get("const")) {
        s.rare_mut().enum_values = Some(vec![value.clone().into_owned()]);
    }
    s.deprecated = r.boolean(&m, "deprecated").unwrap_or(false);
    r.boolean(&m, "readOnly");
    r.boolean(&m, "writeOnly");
    if let Some((value, p)) = m.get("enum") {
        match value {
            Value::Sequence(values) => {
                s.rare_mut().enum_values = Some(values.iter().map(|v| v.clone().into_owned()).collect());
            }
            other => {
                r.error(&p, format!("`enum` must be a list, found {}", read::kind(other)));
            }
        }
    }
    if let Some(pm) = m.get("properties").and_then(|(v, p)| r.named_map(v, &p, "`properties`")) {
        for (name, value, path) in pm.entries() {
            if let Some(prop) = read_schema(r, value, &path) {
                s.properties.push((name.to_owned(), prop));
            }
        }
        s.properties.shrink_to_fit();
    }
    let required = r.strings(&m, "required");
    if !required.is_empty() {
        s.rare_mut().required = required;
    }
    if let Some((value, p)) = m.get("additionalProperties") {
        let additional = match value {
            Value::Bool(b) => Some(Additional::Allowed(*b)),
            other => read_schema(r, other, &p).map(|schema| Additional::Schema(Box::new(schema))),
        };
        if additional.is_some() {
            s.rare_mut().additional = additional;
        }
    }
    s.items = m.get("items").and_then(|(v, p)| read_schema(r, v, &p)).map(Box::new);
    if let (true, Some((_, p))) = (r.v31, m.get("prefixItems")) {
        let prefix_items = read_tuple(r, &m, &p);
        if !prefix_items.is_empty() {
            s.rare_mut().prefix_items = prefix_items;
        }
    }
    let mut composed =
        |key: &str| -> Vec<Schema> { r.list(&m, key).into_iter().filter_map(|(v, p)| read_schema(r, v, &p)).collect() };
    s.all_of = referenced.into_iter().chain(composed("allOf")).collect();
    let mut one_of = composed("oneOf");
    let mut any_of = composed("anyOf");
    if r.v31 {
        // 3.1 writes "nullable" as an alternative of type `null`:
        // `anyOf: [{$ref: X}, {type: 'null'}]` is a nullable X.
        for alternatives in [&mut one_of, &mut any_of] {
            let before = alternatives.len();
            alternatives.retain(|a| !is_null_only(a));
            if alternatives.len() < before {
                s.nullable = true;
                if alternatives.len() == 1 {
                    // One alternative left: the schema is it (as `allOf` of one).
                    s.all_of.push(alternatives.remove(0));
                }
            }
        }
    }
    // Alternatives that only add constraints (`anyOf: [{required: [a]},
    // {required: [b]}]`) say what the value must satisfy, not what it is.
    for key in ["oneOf", "anyOf"] {
        let alternatives = if key == "oneOf" { &one_of } else { &any_of };
        if !alternatives.is_empty() && alternatives.iter().all(|a| constrains_only(a, &s)) {
            if key == "oneOf" {
                one_of.clear();
            } else {
                any_of.clear();
            }
            if let Some((_, p)) = m.get(key) {
                r.diags
                    .warning(r.file, &p, format!("`{key}` only constrains the value here; it is not enforced"))
                    .help("the value is typed by the schema's other keywords");
            }
        }
    }
    if let Some((_, p)) = m.get("not") {
        // `not` only narrows the values a type allows.
        r.diags
            .warning(r.file, &p, "`not` is not enforced: the value is typed by the other keywords")
            .help("describe what the value is rather than what it is not");
    }
    s.any_of = any_of;
    if !one_of.is_empty() {
        s.rare_mut().one_of = one_of;
    }
    if let Some(name) = r.string(&m, "x-rust-name") {
        s.rare_mut().rust_name = Some(name);
    }
    let variant_names = r.strings(&m, "x-enum-varnames");
    if !variant_names.is_empty() {
        s.rare_mut().variant_names = variant_names;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let mut diags = Diagnostics::default();
        parse("t.yaml", text, &mut diags);
        diags.iter().map(|d| format!("{} | {}", d.path, d.message)).collect()
    }

    /// Path items read one by one from the detached `paths` give the items
    /// and the diagnostics, in order, that reading them in the tree gives.
    #[test]
    fn detached_path_items_read_as_in_the_tree() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {operationId: a, colour: red, responses: {200: {description: OK}}}\n  users: {}\n  x-note: {}\n  200: {}\n  [1]: {}\n  /b:\n    parameters: [{name: q, in: query, schema: {type: strin}}]\n    get: {operationId: b, responses: {200: {description: OK}}}\n";
        let mut value = parse_value("t.yaml", text, &mut Diagnostics::default()).expect("parsed");
        let read = |value: &Value, detached: Option<Mapping>| {
            let mut diags = Diagnostics::default();
            let mut r = Reader {
                file: "t.yaml",
                diags: &mut diags,
                root: value,
                pointed: Default::default(),
                v31: false,
                v2: None,
            };
            let doc = read_document(&mut r, value, detached).expect("read");
            let templates: Vec<String> = doc.paths.iter().map(|item| item.template.clone()).collect();
            (templates, diags.iter().map(|d| format!("{} | {}", d.path, d.message)).collect::<Vec<_>>())
        };
        let whole = read(&value, None);
        let detached = detach_paths(&mut value);
        assert!(detached.is_some());
        let one_by_one = read(&value, detached);
        assert_eq!(whole.0, ["/a", "/b"]);
        assert!(whole.1.len() >= 4, "{:?}", whole.1);
        assert_eq!(one_by_one, whole);
    }

    /// A document with enough path items to read them on two threads gives
    /// the objects and the diagnostics, in order, of reading them on one:
    /// with no pointer followed, with a pointer followed in the second half
    /// only and in both halves (which the second half's reader cannot read
    /// as this one would), and with path items that are `$ref`s (3.1).
    #[test]
    fn path_items_read_on_two_threads_are_those_read_on_one() {
        let read = |text: &str, detach: bool| {
            let mut value = parse_value("t.yaml", text, &mut Diagnostics::default()).expect("parsed");
            let detached = if detach { detach_paths(&mut value) } else { None };
            assert_eq!(detached.is_some(), detach);
            let mut diags = Diagnostics::default();
            let mut r = Reader {
                file: "t.yaml",
                diags: &mut diags,
                root: &value,
                pointed: Default::default(),
                v31: false,
                v2: None,
            };
            let doc = read_document(&mut r, &value, detached).expect("read");
            let pointed = format!("{:?}", r.pointed.schemas);
            let messages: Vec<String> = diags.iter().map(|d| format!("{} | {}", d.path, d.message)).collect();
            (format!("{:?}", doc.paths), pointed, messages)
        };
        let items = 2 * PARALLEL_PATH_ITEMS + 1;
        let cases: [(&str, Vec<usize>, Vec<usize>); 4] = [
            ("3.0.3", vec![], vec![]),
            ("3.0.3", vec![items - 2], vec![]),
            ("3.0.3", vec![1, items - 2], vec![]),
            ("3.1.0", vec![], vec![2, items - 3]),
        ];
        for (version, pointers, refs) in cases {
            let mut text = format!("openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths:\n");
            for i in 0..items {
                if refs.contains(&i) {
                    text.push_str(&format!("  /p{i}: {{$ref: '#/components/pathItems/P'}}\n"));
                    continue;
                }
                let schema = match pointers.contains(&i) {
                    true => "{$ref: '#/components/schemas/A/properties/b'}",
                    false => "{type: strin}",
                };
                text.push_str(&format!(
                    "  /p{i}:\n    get: {{operationId: op{i}, colour: red, parameters: [{{name: q, in: query, schema: {schema}}}], responses: {{200: {{description: OK}}}}}}\n"
                ));
            }
            // The pointed schema has a diagnostic of its own, reported where it is first read.
            text.push_str(
                "components:\n  schemas: {A: {type: object, properties: {b: {type: string, colour: red}}}}\n",
            );
            text.push_str("  pathItems: {P: {get: {colour: red, responses: {200: {description: OK}}}}}\n");
            let helped = HELPER_READ.load(std::sync::atomic::Ordering::Relaxed);
            // Pointers into the components leave the paths detached, to be read on two threads.
            let (whole, halves) = (read(&text, false), read(&text, true));
            let case = format!("{version} {pointers:?} {refs:?}");
            assert!(whole.2.len() > items, "{case}: {} diagnostics", whole.2.len());
            assert_eq!(whole.1 == "[]", pointers.is_empty(), "{case}");
            assert!(halves == whole, "{case}: the items read on two threads differ");
            if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
                assert!(
                    HELPER_READ.load(std::sync::atomic::Ordering::Relaxed) > helped,
                    "{case}: no item read on a thread"
                );
            }
        }
    }

    /// The tree is kept whole when a `$ref` may point into `paths`, and for
    /// Swagger 2.0 documents, which are read in place.
    #[test]
    fn paths_stay_in_the_tree_when_a_ref_may_point_into_them() {
        let detached =
            |text: &str| detach_paths(&mut parse_value("t.yaml", text, &mut Diagnostics::default()).unwrap()).is_some();
        let paths = "paths:\n  /a: {get: {responses: {200: {description: OK}}}}\n";
        assert!(detached(&format!("openapi: 3.0.3\n{paths}")));
        let pointer = "components:\n  responses:\n    R: {$ref: '#/paths/~1a/get/responses/200'}\n";
        assert!(!detached(&format!("openapi: 3.0.3\n{paths}{pointer}")));
        let encoded = pointer.replace("paths", "p%61ths");
        assert!(!detached(&format!("openapi: 3.0.3\n{paths}{encoded}")));
        assert!(!detached(&format!("swagger: '2.0'\n{paths}")));
    }

    #[test]
    fn reads_a_minimal_document() {
        let mut diags = Diagnostics::default();
        let doc = parse(
            "t.yaml",
            "openapi: 3.0.3\ninfo: {title: T, version: 1.0}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        200: {description: OK}\n",
            &mut diags,
        )
        .expect("parsed");
        assert!(diags.is_empty(), "{diags}");
        assert_eq!(doc.info.version, "1.0");
        assert_eq!(doc.paths[0].operations[0].responses[0].0, "200");
    }

    #[test]
    fn yaml_merge_keys_are_applied() {
        let mut diags = Diagnostics::default();
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: &get\n      operationId: a\n      responses: {200: {description: OK}}\n    put:\n      <<: *get\n      operationId: b\n";
        let doc = parse("t.yaml", text, &mut diags).expect("parsed");
        assert!(diags.is_empty(), "{diags}");
        let put = &doc.paths[0].operations[1];
        assert_eq!(put.responses[0].0, "200", "the merged key");
        let bad = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  <<: [1]\n";
        assert!(parse("t.yaml", bad, &mut diags).is_none());
        assert!(diags.to_string().contains("invalid YAML merge key"), "{diags}");
    }

    #[test]
    fn reports_every_problem_of_a_document() {
        let got = messages(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationID: a\n      deprecated: yes please\n      responses: {}\n",
        );
        assert_eq!(
            got,
            [
                "paths./a.get.operationID | unknown key `operationID` in an operation is ignored",
                "paths./a.get.deprecated | `deprecated` must be true or false, found a string",
            ]
        );
    }

    #[test]
    fn rejects_other_versions_with_one_message() {
        assert_eq!(messages("swagger: '1.2'\npaths: 3\n").len(), 1);
        assert_eq!(
            messages("openapi: 4.0.0\n"),
            ["openapi | OpenAPI 4.0.0 is not supported; this generator reads Swagger 2.0, OpenAPI 3.0 and 3.1"]
        );
    }
}
