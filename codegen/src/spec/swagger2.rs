//! Swagger 2.0 documents, read in place into the same [`Document`] as
//! OpenAPI 3.x: no converted copy is made, so every item keeps the spec path
//! of the 2.0 document the user wrote, and diagnostics point there.
//!
//! What 2.0 writes differently becomes what 3.0 would say:
//! - `host`, `basePath` and `schemes` are the servers (`https` first);
//! - `consumes` and `produces` (document or operation) are media types;
//! - a `body` parameter is the request body; `formData` parameters are the
//!   properties of a form body (`multipart/form-data` when one is a file);
//! - `collectionFormat` is the style of a list (`csv` is the default);
//! - `definitions`, `responses` and `securityDefinitions` are components,
//!   `$ref`s to them are read as `#/components/...`; a `$ref` to a
//!   parameter is read where it points (it may be a body or a form field);
//! - `type: file` is bytes, and `x-nullable: true` is `nullable`.

use std::sync::LazyLock;

use super::read::{Map, Reader};
use super::{
    api_token_password, document, is_json_media, media_essence, named_entries, path_entries, path_item_ref, read_info,
    read_pagination, read_ref, read_schema, read_security, Components, Document, Encoding, Header, Media, Operation,
    Parameter, PathItem, Ref, RequestBody, Response, Schema, SecurityScheme, Server, Value, METHODS,
};
use crate::diagnostics::SpecPath;

/// What a Swagger 2.0 document says once for all its operations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Defaults {
    host: Option<String>,
    base_path: String,
    schemes: Vec<String>,
    consumes: Vec<String>,
    produces: Vec<String>,
}

const DOCUMENT_KEYS: &[&str] = &[
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];

/// The `$ref` to a component written as 3.0 writes it: `#/definitions/Pet`
/// is `#/components/schemas/Pet`, `#/responses/NotFound` is
/// `#/components/responses/NotFound`. Other pointers stay as they are.
pub(crate) fn component_ref(target: &str, section: &str) -> String {
    let written = if section == "schemas" { "definitions" } else { section };
    match target.strip_prefix("#/").and_then(|t| t.strip_prefix(written)).and_then(|t| t.strip_prefix('/')) {
        Some(name) if !name.contains('/') => format!("#/components/{section}/{name}"),
        _ => target.to_owned(),
    }
}

pub(super) fn read_document(r: &mut Reader<'_>, value: &Value) -> Option<Document> {
    let root = SpecPath::root();
    let m = r.map(value, &root, "the document", DOCUMENT_KEYS)?;
    match r.string(&m, "swagger") {
        Some(v) if v == "2.0" => {}
        other => {
            r.error(
                &root.key("swagger"),
                format!(
                    "Swagger {} is not supported; this generator reads Swagger 2.0, OpenAPI 3.0 and 3.1",
                    other.as_deref().unwrap_or("?")
                ),
            )
            .help("a Swagger document starts with `swagger: '2.0'`");
            return None;
        }
    }
    let schemes = schemes(r, &m);
    let defaults = Defaults {
        host: r.string(&m, "host"),
        base_path: r.string(&m, "basePath").unwrap_or_default(),
        schemes,
        consumes: r.strings(&m, "consumes"),
        produces: r.strings(&m, "produces"),
    };
    r.v2 = Some(defaults.clone());
    let info = read_info(r, &m);
    let servers = servers(&defaults, &defaults.schemes, &root.key("host"));
    let mut paths = Vec::new();
    match m.get("paths") {
        Some((value, path)) => {
            for (template, value, path) in path_entries(r, value, &path) {
                if let Some(item) = read_path_item(r, &template, value, &path) {
                    paths.push(item);
                }
            }
        }
        None => {
            r.error(&root, "the document has no `paths`").help("add `paths:` with at least one operation");
        }
    }
    let mut components = Components::default();
    for (name, path, value) in named_entries(r, &m, "definitions", "`definitions`") {
        if let Some(schema) = read_schema(r, value, &path) {
            components.schemas.push((name, schema));
        }
    }
    for (name, path, value) in named_entries(r, &m, "responses", "`responses`") {
        if let Some(response) = read_ref(r, value, &path, read_response) {
            components.responses.push((name, response));
        }
    }
    for (name, path, value) in named_entries(r, &m, "securityDefinitions", "`securityDefinitions`") {
        if let Some(scheme) = read_security_scheme(r, value, &path) {
            components.security_schemes.push((name, scheme));
        }
    }
    // `parameters` are read where operations use them: one may be a body.
    Some(document(r, &m, info, servers, paths, components))
}

/// `schemes`, `https` first: a client that may choose calls over TLS.
fn schemes(r: &mut Reader<'_>, m: &Map<'_>) -> Vec<String> {
    let mut schemes = r.strings(m, "schemes");
    schemes.sort_by_key(|s| s != "https");
    schemes
}

/// One server per scheme: `scheme://host/basePath`. Without a `host`, the
/// API is where the document is served: `basePath` alone, relative.
fn servers(d: &Defaults, schemes: &[String], path: &SpecPath) -> Vec<Server> {
    let base = d.base_path.trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') { base.to_owned() } else { format!("/{base}") };
    let Some(host) = d.host.as_deref().filter(|h| !h.is_empty()) else {
        return match base.is_empty() {
            true => Vec::new(),
            false => vec![Server { url: base, path: path.clone(), variables: Vec::new() }],
        };
    };
    let https = [String::from("https")];
    let schemes = if schemes.is_empty() { &https[..] } else { schemes };
    schemes
        .iter()
        .map(|scheme| Server { url: format!("{scheme}://{host}{base}"), path: path.clone(), variables: Vec::new() })
        .collect()
}

const PATH_ITEM_KEYS: &[&str] = &["$ref", "get", "put", "post", "delete", "options", "head", "patch", "parameters"];

fn read_path_item(r: &mut Reader<'_>, template: &str, value: &Value, path: &SpecPath) -> Option<PathItem> {
    let m = r.map(value, path, "a path item", PATH_ITEM_KEYS)?;
    if let Some((target, p)) = m.get("$ref") {
        return path_item_ref(r, template, target, &p, path, read_path_item);
    }
    let shared = read_parameters(r, &m);
    let mut operations = Vec::new();
    for (method, value, path) in m.entries() {
        if METHODS.contains(&method) {
            if let Some(op) = read_operation(r, method, value, &path, &shared) {
                operations.push(op);
            }
        }
    }
    let parameters = shared.plain.into_iter().map(Ref::item).collect();
    Some(PathItem { template: template.to_owned(), path: path.clone(), parameters, operations, servers: Vec::new() })
}

/// A list of 2.0 parameters, by what each becomes.
#[derive(Default)]
struct Parameters {
    plain: Vec<Parameter>,
    body: Option<BodyParameter>,
    form: Vec<FormField>,
}

/// `in: body`: the request body.
#[derive(Clone)]
struct BodyParameter {
    path: SpecPath,
    description: Option<String>,
    required: bool,
    schema: Schema,
}

/// `in: formData`: one property of a form body.
#[derive(Clone)]
struct FormField {
    name: String,
    required: bool,
    schema: Schema,
    encoding: Option<Encoding>,
}

fn read_parameters(r: &mut Reader<'_>, m: &Map<'_>) -> Parameters {
    let mut out = Parameters::default();
    for (value, path) in r.list(m, "parameters") {
        read_parameter(r, value, &path, &mut out);
    }
    out
}

/// The keys of a Parameter Object: its own and an Items Object's.
static PARAMETER_KEYS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| [&["name", "in", "description", "required", "schema", "allowEmptyValue"], ITEMS_KEYS].concat());

/// The keys of an Items Object, and (with `description`) of a Header Object.
const ITEMS_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "collectionFormat",
    "default",
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
    "enum",
    "multipleOf",
];

/// Reads one parameter (following a `$ref` to where it is written) into
/// `out`, replacing one of the same name and location.
fn read_parameter(r: &mut Reader<'_>, value: &Value, path: &SpecPath, out: &mut Parameters) {
    if let Value::Mapping(mapping) = value {
        if let Some(target) = mapping.get("$ref") {
            let ref_path = path.key("$ref");
            let found = target.as_str().and_then(|t| super::pointer::resolve(r.root, t).map(|found| (t, found)));
            match found {
                Some((t, (value, target_path))) if r.pointed.enter(t) => {
                    read_parameter(r, value, &target_path, out);
                    r.pointed.leave();
                }
                Some((t, _)) => {
                    r.error(&ref_path, format!("`$ref: {t}` is part of a cycle of parameters"));
                }
                None if target.as_str().is_some_and(|t| t.starts_with('#')) => {
                    r.error(&ref_path, "`$ref` points to nothing in this document");
                }
                None if target.as_str().is_none() => {
                    r.error(&ref_path, format!("`$ref` must be a string, found {}", super::read::kind(target)));
                }
                None => {
                    r.error(&ref_path, "`$ref` to another file is not supported")
                        .help("copy the parameter into this document's `parameters`");
                }
            }
            return;
        }
    }
    let Some(m) = r.map(value, path, "a parameter", &PARAMETER_KEYS) else { return };
    let (Some(name), Some(location)) =
        (r.required_string(&m, "name", "the parameter"), r.required_string(&m, "in", "the parameter"))
    else {
        return;
    };
    let description = r.prose(&m, "description");
    let required = r.boolean(&m, "required").unwrap_or(false);
    match location.as_str() {
        "body" => {
            let Some(schema) = m.get("schema").and_then(|(v, p)| read_schema(r, v, &p)) else {
                if !m.has("schema") {
                    r.error(path, format!("body parameter `{name}` has no `schema`"))
                        .help("add `schema:` with its type");
                }
                return;
            };
            out.body = Some(BodyParameter { path: path.clone(), description, required, schema });
        }
        "formData" => {
            let mut schema = simple_schema(r, &m);
            schema.description = description;
            let encoding = list_style(r, &m, "formData").map(|(style, explode)| Encoding {
                path: path.clone(),
                content_type: None,
                style: Some(style.to_owned()),
                explode,
            });
            out.form.retain(|f| f.name != name);
            out.form.push(FormField { name, required, schema, encoding });
        }
        "query" | "header" | "path" => {
            let schema = simple_schema(r, &m);
            let (style, explode) = match list_style(r, &m, &location) {
                Some((style, explode)) => (Some(style.to_owned()), explode),
                None => (None, None),
            };
            let p = Parameter {
                path: path.clone(),
                name,
                location,
                description,
                required: m.has("required").then_some(required),
                deprecated: false,
                style,
                explode,
                schema: Some(Box::new(schema)),
                content: Vec::new(),
                rust_name: r.string(&m, "x-rust-name"),
            };
            out.plain.retain(|q| q.name != p.name || q.location != p.location);
            out.plain.push(p);
        }
        other => {
            r.error(&path.key("in"), format!("unknown parameter location `{other}`"))
                .help("use `query`, `header`, `path`, `formData` or `body`");
        }
    }
}

/// The 3.0 style (and `explode`) of a list parameter's `collectionFormat`;
/// `None` for a value that is not a list.
fn list_style(r: &mut Reader<'_>, m: &Map<'_>, location: &str) -> Option<(&'static str, Option<bool>)> {
    if m.get("type").and_then(|(t, _)| t.as_str().map(|t| t == "array")) != Some(true) {
        return None;
    }
    let simple = matches!(location, "path" | "header");
    Some(match r.string(m, "collectionFormat").as_deref() {
        None | Some("csv") if simple => ("simple", None),
        None | Some("csv") => ("form", Some(false)),
        Some("ssv") => ("spaceDelimited", None),
        Some("tsv") => ("tabDelimited", None),
        Some("pipes") => ("pipeDelimited", None),
        Some("multi") if simple => {
            r.error(
                &m.path.key("collectionFormat"),
                format!("`collectionFormat: multi` is not possible in the {location}"),
            )
            .help("`multi` repeats the parameter, which only `query` and `formData` parameters can; use `csv`");
            return None;
        }
        Some("multi") => ("form", Some(true)),
        Some(other) => {
            r.error(&m.path.key("collectionFormat"), format!("unknown `collectionFormat: {other}`"))
                .help("use `csv`, `ssv`, `tsv`, `pipes` or `multi`");
            return None;
        }
    })
}

/// The schema a parameter, an Items Object or a header states with its
/// own keys (`type`, `format`, `items`, `enum`).
fn simple_schema(r: &mut Reader<'_>, m: &Map<'_>) -> Schema {
    let mut s = Schema { path: m.path.clone(), ..Schema::default() };
    if let Some((value, p)) = m.get("type") {
        const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "file", "object"];
        match value.as_str() {
            Some("file") => {
                s.ty = Some(String::from("string"));
                s.format = Some(String::from("binary"));
            }
            Some(t) if TYPES.contains(&t) => s.ty = Some(t.to_owned()),
            _ => {
                r.error(&p, "unknown parameter type").help(format!("use one of: {}", TYPES.join(", ")));
            }
        }
    }
    s.format = s.format.or_else(|| r.string(m, "format"));
    s.nullable = r.boolean(m, "x-nullable").unwrap_or(false);
    if let Some((value, p)) = m.get("enum") {
        match value {
            Value::Sequence(values) => {
                s.rare_mut().enum_values = Some(values.iter().map(|v| v.clone().into_owned()).collect());
            }
            other => {
                r.error(&p, format!("`enum` must be a list, found {}", super::read::kind(other)));
            }
        }
    }
    if let Some((value, p)) = m.get("items") {
        // An Items Object; some documents write a Schema (a `$ref`) there.
        let is_schema = matches!(value, Value::Mapping(items) if items.get("$ref").is_some());
        let items = match is_schema {
            true => read_schema(r, value, &p),
            false => r.map(value, &p, "`items`", ITEMS_KEYS).map(|items| simple_schema(r, &items)),
        };
        s.items = items.map(Box::new);
    }
    s
}

/// The keys of a Header Object: an Items Object's and `description`.
static HEADER_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| [ITEMS_KEYS, &["description"]].concat());

const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "consumes",
    "produces",
    "parameters",
    "responses",
    "schemes",
    "deprecated",
    "security",
];

fn read_operation(
    r: &mut Reader<'_>,
    method: &str,
    value: &Value,
    path: &SpecPath,
    shared: &Parameters,
) -> Option<Operation> {
    let m = r.map(value, path, "an operation", OPERATION_KEYS)?;
    let defaults = r.v2.clone().unwrap_or_default();
    let tags = r.strings(&m, "tags");
    let consumes = if m.has("consumes") { r.strings(&m, "consumes") } else { defaults.consumes.clone() };
    let produces = if m.has("produces") { r.strings(&m, "produces") } else { defaults.produces.clone() };
    let own = read_parameters(r, &m);
    let mut form = shared.form.clone();
    for field in own.form {
        form.retain(|f| f.name != field.name);
        form.push(field);
    }
    let body = own.body.or_else(|| shared.body.clone());
    let request_body = match (body, form.is_empty()) {
        (Some(_), false) => {
            r.error(path, "the operation has both a `body` parameter and `formData` parameters")
                .help("send one body: either the `body` parameter or the form fields");
            None
        }
        (Some(body), true) => Some(body_request(body, &consumes)),
        (None, false) => Some(form_request(form, &consumes, path)),
        (None, true) => None,
    };
    let mut responses = Vec::new();
    match m.get("responses") {
        Some((value, rpath)) => {
            if let Some(rm) = r.named_map(value, &rpath, "`responses`") {
                for (code, value, path) in rm.entries() {
                    let response = match value {
                        // A shared response, in the media types the document produces...
                        Value::Mapping(mapping) if mapping.get("$ref").is_some() => match produces == defaults.produces
                        {
                            true => read_ref(r, value, &path, read_response),
                            // ...or read where it is, in those this operation produces.
                            false => shared_response(r, value, &path, &produces),
                        },
                        _ => read_response_as(r, value, &path, &produces).map(Ref::item),
                    };
                    if let Some(response) = response {
                        responses.push((code.to_owned(), response));
                    }
                }
            }
        }
        None => {
            r.error(path, "the operation has no `responses`").help("add `responses:` with at least one status code");
        }
    }
    // Its own `schemes` are its servers, when they are not the document's.
    let servers = match m.get("schemes") {
        Some((_, p)) => {
            let schemes = schemes(r, &m);
            match schemes == defaults.schemes {
                true => Vec::new(),
                false => servers(&defaults, &schemes, &p),
            }
        }
        None => Vec::new(),
    };
    Some(Operation {
        method: method.to_owned(),
        path: path.clone(),
        operation_id: r.string(&m, "operationId"),
        tags,
        summary: r.prose(&m, "summary"),
        description: r.prose(&m, "description"),
        deprecated: r.boolean(&m, "deprecated").unwrap_or(false),
        parameters: own.plain.into_iter().map(Ref::item).collect(),
        request_body: request_body.map(Ref::item),
        responses,
        security: m.get("security").map(|(v, p)| read_security(r, v, &p)),
        pagination: read_pagination(r, &m),
        rust_name: r.string(&m, "x-rust-name"),
        servers,
    })
}

/// The request body of a `body` parameter: its schema, as each media type
/// the operation consumes (JSON when it names none).
fn body_request(body: BodyParameter, consumes: &[String]) -> RequestBody {
    let json = [String::from("application/json")];
    let media_types = if consumes.is_empty() { &json[..] } else { consumes };
    let content = media_types
        .iter()
        .map(|media_type| Media {
            media_type: media_type.clone(),
            path: body.path.clone(),
            schema: Some(Box::new(body.schema.clone())),
            encoding: Vec::new(),
        })
        .collect();
    RequestBody { description: body.description, required: body.required, content }
}

/// The request body of `formData` parameters: an object of the fields, sent
/// as `multipart/form-data` when a field is a file (or the operation
/// consumes only that), otherwise as `application/x-www-form-urlencoded`.
fn form_request(fields: Vec<FormField>, consumes: &[String], op_path: &SpecPath) -> RequestBody {
    let has_file = fields.iter().any(|f| f.schema.format.as_deref() == Some("binary"));
    let forms: Vec<&String> = consumes
        .iter()
        .filter(|m| matches!(media_essence(m).as_str(), "application/x-www-form-urlencoded" | "multipart/form-data"))
        .collect();
    let media_types: Vec<String> = match (has_file, forms.as_slice()) {
        (true, _) => vec![String::from("multipart/form-data")],
        (false, []) => vec![String::from("application/x-www-form-urlencoded")],
        (false, forms) => forms.iter().map(|m| (*m).clone()).collect(),
    };
    let path = fields.first().map_or_else(|| op_path.clone(), |f| f.schema.path.clone());
    let mut schema = Schema {
        path: path.clone(),
        ty: Some(String::from("object")),
        properties: fields.iter().map(|f| (f.name.clone(), f.schema.clone())).collect(),
        ..Schema::default()
    };
    let required: Vec<String> = fields.iter().filter(|f| f.required).map(|f| f.name.clone()).collect();
    if !required.is_empty() {
        schema.rare_mut().required = required;
    }
    let encoding: Vec<(String, Encoding)> =
        fields.iter().filter_map(|f| Some((f.name.clone(), f.encoding.clone()?))).collect();
    let required = fields.iter().any(|f| f.required);
    let content = media_types
        .into_iter()
        .map(|media_type| Media {
            media_type,
            path: path.clone(),
            schema: Some(Box::new(schema.clone())),
            encoding: encoding.clone(),
        })
        .collect();
    RequestBody { description: None, required, content }
}

/// A `$ref` to a response, read where it points in the media types
/// `produces` lists (an operation's own, not the document's).
fn shared_response(r: &mut Reader<'_>, value: &Value, path: &SpecPath, produces: &[String]) -> Option<Ref<Response>> {
    let target = match value {
        Value::Mapping(mapping) => mapping.get("$ref").and_then(Value::as_str),
        _ => None,
    };
    match target.and_then(|t| super::pointer::resolve(r.root, t)) {
        Some((found, at)) if !matches!(found, Value::Mapping(m) if m.get("$ref").is_some()) => {
            read_response_as(r, found, &at, produces).map(Ref::item)
        }
        // A chain of references, or one to nothing: read (and reported) as a reference.
        _ => read_ref(r, value, path, read_response),
    }
}

/// A response of `responses` (the document's): its body is in the media
/// types the document produces.
fn read_response(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<Response> {
    let produces = r.v2.as_ref().map(|d| d.produces.clone()).unwrap_or_default();
    read_response_as(r, value, path, &produces)
}

/// A response whose body, when it has a `schema`, is in the media types
/// `produces` lists (JSON when it lists none; a file is bytes).
fn read_response_as(r: &mut Reader<'_>, value: &Value, path: &SpecPath, produces: &[String]) -> Option<Response> {
    let m = r.map(value, path, "a response", &["description", "schema", "headers", "examples"])?;
    let mut headers = Vec::new();
    if let Some(hm) = m.get("headers").and_then(|(v, p)| r.named_map(v, &p, "`headers`")) {
        for (name, value, path) in hm.entries() {
            let Some(h) = r.map(value, &path, "a header", &HEADER_KEYS) else { continue };
            let header = Header {
                path: path.clone(),
                description: r.prose(&h, "description"),
                required: false,
                schema: Some(simple_schema(r, &h)),
            };
            headers.push((name.to_owned(), Ref::item(header)));
        }
    }
    let description = r.prose(&m, "description");
    let mut content = Vec::new();
    if let Some((value, schema_path)) = m.get("schema") {
        if let Some(schema) = read_schema(r, value, &schema_path) {
            let is_json = |m: &&String| is_json_media(&media_essence(m));
            let file = schema.format.as_deref() == Some("binary") && schema.ty.as_deref() == Some("string");
            let media_types: Vec<String> = match file {
                // A file is the bytes of whatever the operation produces.
                true => {
                    let binary: Vec<String> = produces.iter().filter(|m| !is_json(m)).cloned().collect();
                    if binary.is_empty() {
                        vec![String::from("application/octet-stream")]
                    } else {
                        binary
                    }
                }
                false if produces.is_empty() => vec![String::from("application/json")],
                false => produces.to_vec(),
            };
            let schema = (!file).then_some(schema);
            content = media_types
                .into_iter()
                .map(|media_type| Media {
                    media_type,
                    path: schema_path.clone(),
                    schema: schema.clone().map(Box::new),
                    encoding: Vec::new(),
                })
                .collect();
        }
    }
    Some(Response { path: path.clone(), description, headers, content })
}

fn read_security_scheme(r: &mut Reader<'_>, value: &Value, path: &SpecPath) -> Option<SecurityScheme> {
    let keys = &["type", "description", "name", "in", "flow", "authorizationUrl", "tokenUrl", "scopes"];
    let m = r.map(value, path, "a security scheme", keys)?;
    let kind = r.required_string(&m, "type", "the security scheme")?;
    // 2.0's `basic` is 3.0's HTTP scheme `basic`.
    let (kind, scheme) = match kind.as_str() {
        "basic" => (String::from("http"), Some(String::from("basic"))),
        _ => (kind, None),
    };
    Some(SecurityScheme {
        path: path.clone(),
        kind,
        scheme,
        name: r.string(&m, "name"),
        location: r.string(&m, "in"),
        description: r.prose(&m, "description"),
        api_token_password: api_token_password(r, &m),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn read(text: &str) -> (Option<Document>, Diagnostics) {
        let mut diags = Diagnostics::default();
        (super::super::parse("t.yaml", text, &mut diags), diags)
    }

    #[test]
    fn references_to_definitions_are_components() {
        assert_eq!(component_ref("#/definitions/Pet", "schemas"), "#/components/schemas/Pet");
        assert_eq!(component_ref("#/responses/NotFound", "responses"), "#/components/responses/NotFound");
        assert_eq!(component_ref("#/definitions/Pet/properties/a", "schemas"), "#/definitions/Pet/properties/a");
        assert_eq!(component_ref("other.json#/definitions/Pet", "schemas"), "other.json#/definitions/Pet");
    }

    #[test]
    fn host_base_path_and_schemes_are_the_servers() {
        let head = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n";
        let urls = |extra: &str| -> Vec<String> {
            let (doc, diags) = read(&format!("{head}{extra}"));
            assert!(diags.is_empty(), "{diags}");
            doc.unwrap().servers.into_iter().map(|s| s.url).collect()
        };
        assert_eq!(urls("host: a.io\nbasePath: /v1/\nschemes: [http, https]\n"), ["https://a.io/v1", "http://a.io/v1"]);
        assert_eq!(urls("host: a.io\n"), ["https://a.io"]);
        assert_eq!(urls("basePath: v2\n"), ["/v2"]);
        assert!(urls("").is_empty(), "no host: where the document is served");
    }

    #[test]
    fn body_and_form_parameters_are_request_bodies() {
        let (doc, diags) = read(
            "swagger: '2.0'\ninfo: {title: T, version: '1'}\nconsumes: [application/xml]\npaths:\n  /a:\n    parameters:\n      - {name: f, in: formData, type: string}\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: object}}\n      responses: {'200': {description: OK}}\n    put:\n      parameters:\n        - {name: g, in: formData, type: file, required: true}\n      responses: {'200': {description: OK}}\n",
        );
        let ops = &doc.unwrap().paths[0].operations;
        let media = |i: usize| match &ops[i].request_body {
            Some(Ref::Item(body)) => body.content.iter().map(|m| m.media_type.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert!(diags.to_string().contains("both a `body` parameter and `formData` parameters"), "{diags}");
        assert!(ops[0].request_body.is_none(), "a body and a form: neither is guessed");
        assert_eq!(media(1), ["multipart/form-data"], "a file makes the form multipart");
        let Some(Ref::Item(form)) = &ops[1].request_body else { unreachable!() };
        let schema = form.content[0].schema.as_ref().unwrap();
        let names: Vec<&str> = schema.properties.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!((names, schema.rare().required.clone()), (vec!["f", "g"], vec![String::from("g")]));
    }
}
