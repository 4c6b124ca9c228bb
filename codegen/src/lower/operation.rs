//! Operations: parameters, request bodies, success responses with their
//! headers, and security requirements.

use std::collections::{BTreeMap, BTreeSet};

use super::Lowerer;
use crate::model::{
    Body, BodyEncoding, ErrorDecoder, FormStyle, ListStyle, Operation, Pagination, Param, ParamLocation, ParamStyle,
    ResponseBody, ResponseHeader, Scalars, SecurityScheme, StatusVariant, Success, TypeKind, TypeRef, BODY_ARGUMENT,
};
use crate::naming;
use crate::spec::{self, is_json_media, media_essence, Media, PathItem, SecurityRequirement};

/// Names a request builder uses itself (its `client` and `options` fields,
/// `new`, `send`, `request` and the per-request option methods); a
/// parameter with one of them gets a `_param` suffix.
const BUILDER_NAMES: &[&str] =
    &["client", "options", "new", "send", "request", "timeout", "header", "retry", "pages", "items"];

/// Methods `Client` has besides the operations.
const CLIENT_METHODS: &[&str] = &["builder", "base_url"];

/// The method name of an operation without `operationId`: its method and
/// the words of its path, each `{parameter}` read as `by_parameter`
/// (`GET /users/{id}/keys` is `get_users_by_id_keys`).
fn derived_operation_name(method: &str, template: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in template.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{param}")),
            None => words.push(segment.to_owned()),
        }
    }
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    naming::plain(&naming::snake(&words.join(" "))).to_owned()
}

impl<'d> Lowerer<'d> {
    /// The operations of the document's path items, each item dropped once
    /// its operations are lowered.
    pub(super) fn operations(&mut self, paths: Vec<PathItem>, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let selection = &self.opts.selection;
        let selected = |item: &PathItem, op: &spec::Operation| {
            selection.selects(&item.template, op.operation_id.as_deref(), &op.tags)
        };
        let all: Vec<(&PathItem, &spec::Operation)> = paths
            .iter()
            .flat_map(|item| item.operations.iter().map(move |op| (item, op)))
            .filter(|(item, op)| selected(item, op))
            .collect();
        let names = self.operation_names(&all);
        debug_assert_eq!(names.len(), all.len(), "one name for each operation selected");
        let mut names = names.into_iter();
        let mut out = Vec::with_capacity(all.len());
        for mut item in paths {
            for op in std::mem::take(&mut item.operations) {
                if !selected(&item, &op) {
                    continue;
                }
                // One name for each operation selected, in the same order.
                let Some((id, method_name, builder_name)) = names.next() else { break };
                if let Some(op) = self.operation(&item, &op, id, method_name, builder_name, schemes) {
                    out.push(op);
                }
            }
        }
        out
    }

    /// The id, method name and builder name of every operation, in spec
    /// order. An operation without `operationId` is named from its method
    /// and path (`GET /users/{id}` is `get_users_by_id`); a name that an
    /// earlier operation took gets the first free number (`list_users_2`).
    /// Both are warnings; a chosen `x-rust-name` that collides is an error.
    fn operation_names(&mut self, all: &[(&PathItem, &spec::Operation)]) -> Vec<(String, String, String)> {
        // How an operation is named in messages, made only for those that need it.
        let what =
            |(item, op): &(&PathItem, &spec::Operation)| format!("`{} {}`", op.method.to_uppercase(), item.template);
        // Each method name taken, with the operation that took it (`None`: `Client`'s own).
        let mut methods: BTreeMap<String, Option<usize>> =
            CLIENT_METHODS.iter().map(|m| ((*m).to_owned(), None)).collect();
        let taker = |by: Option<usize>, name: &str| match by {
            Some(i) => what(&all[i]),
            None => format!("`Client::{name}`"),
        };
        let mut types: BTreeSet<String> = BTreeSet::new();
        let mut out = Vec::with_capacity(all.len());
        for (i, (item, op)) in all.iter().enumerate() {
            let id = match &op.operation_id {
                Some(id) => id.clone(),
                None => {
                    let derived = derived_operation_name(&op.method, &item.template);
                    if op.rust_name.is_none() {
                        let what = what(&all[i]);
                        self.warning(&op.path, format!("{what} has no `operationId`; its method is `{derived}`"))
                            .help("set `operationId` to choose the name");
                    }
                    derived
                }
            };
            let wanted = match &op.rust_name {
                Some(chosen) => self.chosen_name(chosen, &op.path, naming::snake),
                None => naming::snake(&id),
            };
            let method = if let Some(&by) = methods.get(&wanted) {
                let first = taker(by, &wanted);
                let at = op.path.key(if op.rust_name.is_some() { "x-rust-name" } else { "operationId" });
                let unique = naming::numbered_snake(&wanted, |c| methods.contains_key(c));
                if op.rust_name.is_some() {
                    self.error(&at, format!("the chosen method name `{}` is taken by {first}", naming::plain(&wanted)));
                } else {
                    let what = what(&all[i]);
                    self.warning(
                        if op.operation_id.is_some() { &at } else { &op.path },
                        format!("{what} is the method `{unique}`: `{}` is taken by {first}", naming::plain(&wanted)),
                    )
                    .help("set `x-rust-name` on the operation to choose its method name");
                }
                unique
            } else {
                wanted
            };
            methods.insert(method.clone(), Some(i));
            // The builder and its headers struct are named after the method,
            // so that two operations never need the same type name.
            let taken = |name: &str| types.contains(name) || types.contains(&format!("{name}Headers"));
            let camel = naming::camel(&method);
            let builder = if taken(&camel) { naming::numbered(&camel, taken) } else { camel };
            types.insert(format!("{builder}Headers"));
            types.insert(builder.clone());
            out.push((id, method, builder));
        }
        out
    }

    fn operation(
        &mut self,
        item: &PathItem,
        op: &spec::Operation,
        id: String,
        method_name: String,
        builder_name: String,
        schemes: &[SecurityScheme],
    ) -> Option<Operation> {
        let reported = self.diags.len();
        // The operation's own server, else its path's: its default base URL.
        let server = op.servers.first().or(item.servers.first()).map(|s| self.server_url(s));
        let server = server.map(|url| match url.contains("://") {
            true => url,
            // Relative to the document's server: on its origin.
            false => format!("{}{url}", self.document_origin()),
        });
        let params = self.params(item, op, &builder_name);
        let body = self.body(op, &builder_name);
        let response = self.success(op, &builder_name);
        let errors = self.errors(op, &builder_name);
        let security = self.security(op, schemes);
        let pagination = op.pagination.as_ref().filter(|_| self.opts.pagination);
        let pagination = pagination.and_then(|p| self.pagination(p, &params, &response));
        if self.opts.policy.skip_unsupported && self.diags.has_errors_since(reported) {
            let why = self.diags.downgrade_since(reported).unwrap_or_default();
            self.warning(
                &op.path,
                format!("`{} {}` is left out of the client: {why}", op.method.to_uppercase(), item.template),
            )
            .help("without `--skip-unsupported` this is an error");
            return None;
        }
        Some(Operation {
            id,
            method_name,
            builder_name,
            origin: op.path.clone(),
            http_method: op.method.to_uppercase(),
            path: item.template.clone(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            response,
            security,
            pagination,
            server,
            errors,
            // Named once every operation is known: `share_error_decoders`.
            error_decoder: None,
        })
    }

    /// The JSON types of the error responses that name a type of the
    /// document: statuses `4xx` and `5xx`, their ranges, and `default` when
    /// success statuses are declared.
    fn errors(&mut self, op: &spec::Operation, builder: &str) -> Vec<(String, TypeRef)> {
        let doc = self.doc;
        let has_success = op.responses.iter().any(|(code, _)| code.starts_with('2'));
        let mut out = Vec::new();
        for (code, response) in &op.responses {
            let error = code.starts_with('4') || code.starts_with('5') || (code == "default" && has_success);
            if !error || code.len() != 3 && code != "default" {
                continue;
            }
            let Some(response) = self.resolve(response, "responses", &doc.components.responses) else { continue };
            let json = response.content.iter().find(|m| is_json_media(&media_essence(&m.media_type)));
            let Some(schema) = json.and_then(|m| m.schema.as_ref()) else { continue };
            let (ty, nullable) = self.schema_type(schema, &format!("{builder}Error{}", naming::camel(code)));
            // The API's own error types; a string or a list of them is what
            // `ApiError::message` reads already.
            if !nullable && ty.names_a_type() {
                out.push((code.clone(), ty));
            }
        }
        out
    }

    /// The scheme and host of the document's first server (`https://api.example.com`),
    /// or nothing when it has none or it is relative.
    fn document_origin(&self) -> String {
        let Some(server) = self.doc.servers.first() else { return String::new() };
        let mut url = server.url.clone();
        for (name, default) in &server.variables {
            url = url.replace(&format!("{{{name}}}"), default);
        }
        match url.find("://") {
            Some(scheme) => {
                let end = url[scheme + 3..].find('/').map_or(url.len(), |path| scheme + 3 + path);
                url[..end].to_owned()
            }
            None => String::new(),
        }
    }

    /// Checks `x-pagination` against the operation: an optional integer query
    /// parameter for the page, a declared integer header for the page count,
    /// and a JSON list body.
    fn pagination(&mut self, p: &spec::Pagination, params: &[Param], response: &Success) -> Option<Pagination> {
        let page = params.iter().find(|q| q.wire_name == p.page_param && q.location == ParamLocation::Query);
        let Some(page) = page.filter(|q| !q.required && matches!(q.ty, TypeRef::I32 | TypeRef::I64)) else {
            self.error(
                &p.path.key("page-param"),
                format!(
                    "`{}` is not an optional integer query parameter (`int32` or `int64`) of this operation",
                    p.page_param
                ),
            )
            .help("name the query parameter that holds the page number");
            return None;
        };
        let item = match &response.body {
            ResponseBody::Json { ty: TypeRef::Vec(item), optional: false } => (**item).clone(),
            _ => {
                self.error(&p.path, "a paginated operation must answer with a JSON list")
                    .help("give the 2xx response an `array` schema");
                return None;
            }
        };
        let pages_field = match &p.pages_header {
            None => None,
            Some(name) => {
                let header = response.headers.iter().find(|h| h.wire_name.eq_ignore_ascii_case(name));
                match header.filter(|h| matches!(h.ty, TypeRef::I32 | TypeRef::I64)) {
                    Some(h) => Some(h.name.clone()),
                    None => {
                        self.error(
                            &p.path.key("pages-header"),
                            format!("`{name}` is not an integer header (`int32` or `int64`) of the success response"),
                        )
                        .help("declare the header under the 2xx response's `headers` with an integer schema");
                        return None;
                    }
                }
            }
        };
        Some(Pagination { page_param: page.name.clone(), page_type: page.ty.clone(), pages_field, item })
    }

    fn params(&mut self, item: &PathItem, op: &spec::Operation, builder: &str) -> Vec<Param> {
        let doc = self.doc;
        let components = &doc.components.parameters;
        // Operation parameters override path-level ones with the same name and location.
        let mut resolved: Vec<&spec::Parameter> = Vec::new();
        for p in item.parameters.iter().chain(&op.parameters) {
            let Some(p) = self.resolve(p, "parameters", components) else { continue };
            match resolved.iter().position(|q| q.name == p.name && q.location == p.location) {
                Some(i) => resolved[i] = p,
                None => resolved.push(p),
            }
        }
        let placeholders = self.placeholders(item);
        let declared_path: Vec<&str> =
            resolved.iter().filter(|p| p.location == "path").map(|p| p.name.as_str()).collect();
        let mut params: Vec<Param> = Vec::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        // The request body is the argument `body`.
        if op.request_body.is_some() {
            names.insert(BODY_ARGUMENT.to_owned(), "the request body".to_owned());
        }
        for p in resolved {
            let Some(param) = self.param(p, builder) else { continue };
            if param.location == ParamLocation::Path && !placeholders.contains(&param.wire_name) {
                // Nowhere to send it: it is left out.
                self.warning(
                    &p.path,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`; it is left out",
                        p.name, item.template
                    ),
                )
                .help(format!("add `{{{}}}` to the path, or change the parameter's `in`", p.name));
                continue;
            }
            let mut param = param;
            if let Some(first) = names.get(&param.name).cloned() {
                let taken = |c: &str| names.contains_key(c);
                if p.rust_name.is_some() {
                    self.error(
                        &p.path.key("x-rust-name"),
                        format!("the chosen name `{}` is taken by parameter `{first}`", naming::plain(&param.name)),
                    );
                } else {
                    // Parameters of different locations tell themselves apart by it.
                    let by_location = format!("{}_{}", naming::plain(&param.name), p.location);
                    let unique =
                        if taken(&by_location) { naming::numbered_snake(&param.name, taken) } else { by_location };
                    self.warning(
                        &p.path,
                        format!(
                            "parameter `{}` ({}) is the Rust name `{unique}`: `{}` is taken by parameter `{first}`",
                            p.name,
                            p.location,
                            naming::plain(&param.name)
                        ),
                    )
                    .help("set `x-rust-name` on the parameter to choose its Rust name");
                    param.name = unique;
                }
            }
            names.insert(param.name.clone(), p.name.clone());
            params.push(param);
        }
        for name in &placeholders {
            // A path parameter that failed to lower was reported already.
            if declared_path.iter().any(|declared| declared == name) {
                continue;
            }
            // An undeclared placeholder is still part of the path: a required string.
            let wanted = naming::snake(name);
            let rust = if names.contains_key(&wanted) {
                naming::numbered_snake(&wanted, |c| names.contains_key(c))
            } else {
                wanted
            };
            self.warning(
                &op.path,
                format!(
                    "the path `{}` has `{{{name}}}` but no path parameter `{name}`; it is the string argument `{}`",
                    item.template,
                    naming::plain(&rust)
                ),
            )
            .help(format!("add a parameter with `name: {name}`, `in: path` and `required: true` to give it a type"));
            names.insert(rust.clone(), name.clone());
            params.push(Param {
                name: rust,
                wire_name: name.clone(),
                location: ParamLocation::Path,
                required: true,
                ty: TypeRef::String,
                style: ParamStyle::Scalar,
                format: None,
                hints: None,
                doc: None,
                deprecated: false,
            });
        }
        // Path parameters come first, in the order of the path; they are the
        // method's leading arguments.
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => placeholders.iter().position(|n| *n == p.wire_name).unwrap_or(0),
            _ => placeholders.len(),
        });
        // Most operations have a parameter or two: no room for four kept.
        params.shrink_to_fit();
        params
    }

    /// The `{placeholder}` names of a path template, in order.
    fn placeholders(&mut self, item: &PathItem) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = item.template.as_str();
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                self.error(&item.path, format!("the path `{}` has a `}}` without its `{{`", item.template));
                return out;
            }
            let Some(close) = rest[open..].find('}') else {
                self.error(&item.path, format!("the path `{}` has a `{{` without its `}}`", item.template));
                return out;
            };
            let name = &rest[open + 1..open + close];
            if name.is_empty() || name.contains('{') {
                self.error(&item.path, format!("the path `{}` has an empty or nested `{{}}`", item.template));
                return out;
            }
            out.push(name.to_owned());
            rest = &rest[open + close + 1..];
        }
        out
    }

    fn param(&mut self, p: &spec::Parameter, builder: &str) -> Option<Param> {
        let location = match p.location.as_str() {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            other => {
                self.error(&p.path.key("in"), format!("unknown parameter location `{other}`"))
                    .help("use `path`, `query`, `header` or `cookie`");
                return None;
            }
        };
        if location == ParamLocation::Path && p.required != Some(true) {
            let what = if p.required == Some(false) { "is marked optional" } else { "is not marked required" };
            self.warning(
                &p.path,
                format!("path parameter `{}` {what}; it is required, as path parameters always are", p.name),
            )
            .help("set `required: true`");
        }
        // OpenAPI: header parameters named `Accept`, `Content-Type` or
        // `Authorization` are ignored; the client sets those itself.
        if location == ParamLocation::Header && is_managed_header(&p.name) {
            return None;
        }
        let (ty, style) = match p.content.first() {
            Some(media) => self.content_value(p, media, location, builder)?,
            None => self.schema_value(p, location, builder)?,
        };
        let required = p.required == Some(true) || location == ParamLocation::Path;
        let name = self.param_name(p)?;
        let schema = p.schema.as_ref();
        let format = match &ty {
            TypeRef::Vec(_) => schema.and_then(|s| s.items.as_ref()).and_then(|i| i.format.clone()),
            _ => schema.and_then(|s| s.format.clone()),
        };
        Some(Param {
            name,
            wire_name: p.name.clone(),
            location,
            required,
            ty,
            style,
            format,
            hints: schema.and_then(|s| self.hints(s)),
            doc: p.description.clone(),
            deprecated: p.deprecated,
        })
    }

    /// The type and style of a parameter described with `content`: the
    /// value written as its media type says (JSON, or text).
    fn content_value(
        &mut self,
        p: &spec::Parameter,
        media: &Media,
        location: ParamLocation,
        builder: &str,
    ) -> Option<(TypeRef, ParamStyle)> {
        if !is_json_media(&media_essence(&media.media_type)) {
            return Some((TypeRef::String, ParamStyle::Scalar));
        }
        let context = format!("{builder}{}", self.param_forms(&p.name).1);
        let ty = match &media.schema {
            Some(schema) => self.schema_type(schema, &context).0,
            None => TypeRef::Json,
        };
        let plain =
            matches!(location, ParamLocation::Path | ParamLocation::Cookie) && self.is_scalar(&ty, Scalars::Written);
        if plain {
            // A path segment or cookie of JSON text would hold the quotes of a
            // string, which no API that writes this means.
            self.warning(
                &p.path.key("content"),
                format!(
                    "{} parameter `{}` described as JSON is written as its plain value, not as JSON text",
                    p.location, p.name
                ),
            )
            .help("describe the parameter with `schema`");
            return Some((ty, ParamStyle::Scalar));
        }
        Some((ty, ParamStyle::Json))
    }

    /// The type and style of a parameter described with `schema`.
    fn schema_value(
        &mut self,
        p: &spec::Parameter,
        location: ParamLocation,
        builder: &str,
    ) -> Option<(TypeRef, ParamStyle)> {
        let Some(schema) = &p.schema else {
            self.error(&p.path, format!("parameter `{}` has no `schema`", p.name)).help("add `schema:` with its type");
            return None;
        };
        let context = format!("{builder}{}", self.param_forms(&p.name).1);
        let reported = self.diags.len();
        let (ty, _) = self.schema_type(schema, &context);
        if self.diags.has_errors_since(reported) {
            return None; // the schema's own error says enough (a warning leaves the parameter in)
        }
        let is_list = matches!(ty, TypeRef::Vec(_));
        let scalar = match &ty {
            TypeRef::Vec(item) => self.is_scalar(item, Scalars::Written),
            other => self.is_scalar(other, Scalars::Written),
        };
        let (style, explode) = (p.style.as_deref(), p.explode);
        let style = if !scalar || (is_list && style == Some("deepObject")) {
            // An object in a path or header, in the simple style:
            // `k,v,k2,v2`, or exploded `k=v,k2=v2`.
            let simple = matches!(location, ParamLocation::Path | ParamLocation::Header)
                && !is_list
                && matches!(style, None | Some("simple"));
            if simple {
                let explode = explode == Some(true);
                return Some((
                    ty,
                    ParamStyle::Object(if explode { FormStyle::Flattened } else { FormStyle::Joined(',') }),
                ));
            }
            // An object, a union with one, a list of objects, or a list in
            // brackets (`deepObject`): written as a form's property is.
            if location != ParamLocation::Query {
                self.error(
                    &schema.path,
                    format!("{} parameter `{}` must be a scalar, an enum or a list of those", p.location, p.name),
                )
                .help("query parameters may hold objects (`style: deepObject` or `form`); path and header parameters objects of scalars (`style: simple`)");
                return None;
            }
            ParamStyle::Object(match (style, explode) {
                (Some("deepObject"), _) => FormStyle::Brackets,
                (None | Some("form"), None | Some(true)) => FormStyle::Flattened,
                (None | Some("form"), Some(false)) => FormStyle::Joined(','),
                (Some("spaceDelimited"), _) => FormStyle::Joined(' '),
                (Some("pipeDelimited"), _) => FormStyle::Joined('|'),
                (Some(other), _) => {
                    self.error(
                        &p.path.key("style"),
                        format!("style `{other}` is not supported for query parameter `{}`", p.name),
                    )
                    .help("object query parameters support `deepObject`, `form`, `spaceDelimited` and `pipeDelimited`");
                    return None;
                }
            })
        } else if !is_list {
            if let (Some(other), false) = (
                style,
                matches!(
                    (location, style),
                    (ParamLocation::Query, Some("form" | "deepObject"))
                        | (ParamLocation::Path | ParamLocation::Header, Some("simple"))
                        | (ParamLocation::Cookie, Some("form"))
                ),
            ) {
                self.warning(
                    &p.path.key("style"),
                    format!(
                        "style `{other}` does not apply to {} parameter `{}`; its value is written as it is",
                        p.location, p.name
                    ),
                )
                .help("remove `style`, or use the location's default");
            }
            ParamStyle::Scalar
        } else {
            ParamStyle::List(match (location, style, explode) {
                (ParamLocation::Query, None | Some("form"), None | Some(true)) => ListStyle::Repeat,
                (ParamLocation::Query | ParamLocation::Cookie, None | Some("form"), Some(false)) => {
                    ListStyle::Joined(',')
                }
                (ParamLocation::Query, Some("spaceDelimited"), _) => ListStyle::Joined(' '),
                (ParamLocation::Query, Some("pipeDelimited"), _) => ListStyle::Joined('|'),
                // Swagger 2.0's `collectionFormat: tsv`, which 3.0 has no style for.
                (ParamLocation::Query, Some("tabDelimited"), _) => ListStyle::Joined('\t'),
                (ParamLocation::Path | ParamLocation::Header, None | Some("simple"), _) => ListStyle::Joined(','),
                // Swagger 2.0's `ssv`, `pipes` and `tsv`, which it allows in paths and headers.
                (ParamLocation::Path | ParamLocation::Header, Some("spaceDelimited"), _) => ListStyle::Joined(' '),
                (ParamLocation::Path | ParamLocation::Header, Some("pipeDelimited"), _) => ListStyle::Joined('|'),
                (ParamLocation::Path | ParamLocation::Header, Some("tabDelimited"), _) => ListStyle::Joined('\t'),
                (ParamLocation::Cookie, None | Some("form"), _) => ListStyle::Joined(','),
                (_, Some(other), _) => {
                    self.error(&p.path.key("style"), format!("style `{other}` is not supported for {} parameter `{}`", p.location, p.name))
                        .help("query parameters support `form`, `spaceDelimited`, `pipeDelimited` and `deepObject`; path and header parameters `simple`; cookies `form`");
                    return None;
                }
            })
        };
        Some((ty, style))
    }

    /// The parameter name `name` in `snake_case` (its argument) and in
    /// `UpperCamelCase` (for the names of the types its schema defines).
    fn param_forms(&mut self, name: &str) -> &(String, String) {
        if !self.param_forms.contains_key(name) {
            self.param_forms.insert(name.to_owned(), (naming::snake(name), naming::camel(name)));
        }
        &self.param_forms[name]
    }

    /// A parameter's Rust name: chosen (`x-rust-name`), or its name in snake
    /// case, with `_param` after a name its request builder uses itself.
    fn param_name(&mut self, p: &spec::Parameter) -> Option<String> {
        Some(match &p.rust_name {
            Some(chosen) => {
                let name = self.chosen_name(chosen, &p.path, naming::snake);
                if BUILDER_NAMES.contains(&name.as_str()) {
                    self.error(
                        &p.path.key("x-rust-name"),
                        format!("request builders use the name `{chosen}` themselves"),
                    )
                    .help(format!("use a name other than {}", BUILDER_NAMES.join(", ")));
                }
                name
            }
            None => {
                let name = self.param_forms(&p.name).0.clone();
                match BUILDER_NAMES.contains(&name.as_str()) {
                    true => format!("{name}_param"),
                    false => name,
                }
            }
        })
    }

    /// True for types a parameter (`Scalars::Written`) or a response header
    /// (`Scalars::Parsed`) can hold.
    fn is_scalar(&self, ty: &TypeRef, scalars: Scalars) -> bool {
        ty.is_scalar(&|name| self.type_def(name).map(|t| &t.kind), scalars)
    }

    fn body(&mut self, op: &spec::Operation, builder: &str) -> Option<Body> {
        let doc = self.doc;
        let body = self.resolve(op.request_body.as_ref()?, "requestBodies", &doc.components.request_bodies)?;
        let (media, chosen) = Self::choose_media(&body.content, false)?;
        let context = format!("{builder}Body");
        // The schema's type, for the media types that are written from one.
        let mut described =
            || media.schema.as_ref().map_or(TypeRef::Json, |schema| self.schema_type(schema, &context).0);
        let (ty, encoding) = match chosen {
            Chosen::Json => (described(), BodyEncoding::Json),
            Chosen::Text => (TypeRef::String, BodyEncoding::Text),
            // A file: bytes, or a stream for large uploads.
            Chosen::Bytes => (TypeRef::File, BodyEncoding::Bytes),
            Chosen::Form | Chosen::Multipart => {
                let mut ty = described();
                let form = chosen == Chosen::Form;
                let at = media.schema.as_ref().map_or(&media.path, |s| &s.path).clone();
                let text = *self.unaliased(&ty) == TypeRef::String;
                if !form && (ty == TypeRef::Json || text) {
                    // Nothing says what the parts are: an upload of one file
                    // is what such bodies carry.
                    let what =
                        if text { "is a string, not an object of parts" } else { "does not say what its parts are" };
                    self.warning(
                        &at,
                        format!("the `{}` body {what}; it is one file, the part `file`", media.media_type),
                    )
                    .help("give the body an object schema: each property is a part");
                    ty = TypeRef::File;
                }
                if form && text {
                    // Such a body's examples are the encoded form itself (`a=1&b=2`).
                    self.warning(
                        &at,
                        format!(
                            "the `{}` body is a string, not an object: it is sent as given, as the form's encoded text",
                            media.media_type
                        ),
                    )
                    .help("give the body an object schema: its properties are the form's fields");
                    return Some(self.body_of(body, media, TypeRef::String, BodyEncoding::Text));
                }
                let list = matches!(self.unaliased(&ty), TypeRef::Vec(_));
                if form && list {
                    self.warning(
                        &at,
                        format!("the `{}` body is a list, not an object: each item is written under its index, as a nested list is (`0[name]=v`)", media.media_type),
                    )
                    .help("give the body an object schema whose property holds the list: `items[0][name]=v`");
                }
                let fits = if form { self.is_object(&ty) || list } else { self.is_plain_struct(&ty) };
                if !fits {
                    let (what, help) = match form {
                        true => ("an object", "its properties are the form's fields"),
                        false => ("an object with properties", "each property is a part"),
                    };
                    self.error(&at, format!("a `{}` body must be {what}", media.media_type))
                        .help(format!("give the body an object schema: {help}"));
                    return None;
                }
                let encoding = match form {
                    true => BodyEncoding::Form(self.form_styles(media)),
                    false => BodyEncoding::Multipart(
                        media
                            .encoding
                            .iter()
                            .filter_map(|(property, e)| {
                                Some((property.clone(), part_media_type(e.content_type.as_deref()?)?))
                            })
                            .collect(),
                    ),
                };
                (ty, encoding)
            }
        };
        Some(self.body_of(body, media, ty, encoding))
    }

    /// The body of type `ty`, sent as `media`'s type with `encoding`; the
    /// other media types the API takes are named in its docs.
    fn body_of(&self, body: &spec::RequestBody, media: &Media, ty: TypeRef, encoding: BodyEncoding) -> Body {
        // A wildcard names no type to send: the bytes are sent as what they are.
        let media_type = if media.media_type.contains('*') {
            String::from("application/octet-stream")
        } else {
            media.media_type.clone()
        };
        let also: Vec<String> =
            body.content.iter().map(|m| m.media_type.clone()).filter(|m| *m != media.media_type).collect();
        let mut text = body.description.clone().unwrap_or_default();
        if !also.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("Sent as `{media_type}`; the API also takes `{}`.", also.join("`, `")));
        }
        Body { ty, encoding, media_type, also, required: body.required, doc: (!text.is_empty()).then_some(text) }
    }

    /// `ty` with the aliases it names followed.
    fn unaliased<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut ty = ty;
        for _ in 0..64 {
            match ty {
                TypeRef::Named(name) => match self.type_def(name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// True when a value of `ty` is written as a JSON object (a struct, a map,
    /// a union of those, or any JSON value, which may be one).
    fn is_object(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..64 {
            match ty {
                TypeRef::Map(_) | TypeRef::Json => return true,
                TypeRef::Named(name) => match self.type_def(name).map(|t| &t.kind) {
                    Some(TypeKind::Struct { .. }) => return true,
                    Some(TypeKind::OneOf { variants }) => {
                        let variants = variants.clone();
                        return variants
                            .iter()
                            .all(|v| matches!(v.ty, TypeRef::Named(_) | TypeRef::Map(_)) && self.is_object(&v.ty));
                    }
                    Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => ty = inner,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// True when `ty` is (an alias of) a struct of properties only (no
    /// flattened union or additional properties, which have no parts), or
    /// a file (the one part `file`).
    fn is_plain_struct(&self, ty: &TypeRef) -> bool {
        match self.unaliased(ty) {
            TypeRef::File => true,
            TypeRef::Named(name) => matches!(
                self.type_def(name).map(|t| &t.kind),
                Some(TypeKind::Struct { union: None, additional: None, .. })
            ),
            _ => false,
        }
    }

    /// The styles of the form properties the spec gives an `encoding`.
    fn form_styles(&mut self, media: &Media) -> Vec<(String, FormStyle)> {
        let mut out = Vec::new();
        for (property, encoding) in &media.encoding {
            let style = match (encoding.style.as_deref(), encoding.explode) {
                (None, None) => continue,
                (None | Some("form"), None | Some(true)) => FormStyle::Flattened,
                (None | Some("form"), Some(false)) => FormStyle::Joined(','),
                (Some("spaceDelimited"), _) => FormStyle::Joined(' '),
                (Some("pipeDelimited"), _) => FormStyle::Joined('|'),
                (Some("tabDelimited"), _) => FormStyle::Joined('\t'),
                (Some("deepObject"), _) => FormStyle::Brackets,
                (Some(other), _) => {
                    self.warning(
                        &encoding.path.key("style"),
                        format!("style `{other}` is not a style of form fields; `{property}` is written as `form`"),
                    )
                    .help("use `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`");
                    FormStyle::Exploded
                }
            };
            out.push((property.clone(), style));
        }
        out
    }

    /// Picks the media type the client uses among those offered. A request
    /// body: JSON first, then a form, text, raw bytes, multipart; a
    /// response: JSON, then text, then raw bytes, which any other media
    /// type is read as.
    fn choose_media(content: &[Media], response: bool) -> Option<(&Media, Chosen)> {
        let kind = |m: &Media| -> Chosen {
            let essence = media_essence(&m.media_type);
            if is_json_media(&essence) {
                Chosen::Json
            } else if essence.starts_with("text/") || essence == "application/xml" || essence.ends_with("+xml") {
                Chosen::Text
            } else if !response && essence == "application/x-www-form-urlencoded" {
                Chosen::Form
            } else if !response && essence == "multipart/form-data" {
                Chosen::Multipart
            } else {
                Chosen::Bytes
            }
        };
        if content.is_empty() {
            return None; // reported by the reader
        }
        let order: &[Chosen] = if response {
            &[Chosen::Json, Chosen::Text, Chosen::Bytes]
        } else {
            &[Chosen::Json, Chosen::Form, Chosen::Text, Chosen::Bytes, Chosen::Multipart]
        };
        order.iter().find_map(|&wanted| content.iter().find(|m| kind(m) == wanted).map(|m| (m, wanted)))
    }

    fn success(&mut self, op: &spec::Operation, builder: &str) -> Success {
        let doc = self.doc;
        let is_success = |code: &str| code.len() == 3 && code.starts_with('2');
        let mut codes: Vec<&(String, spec::Ref<spec::Response>)> =
            op.responses.iter().filter(|(code, _)| is_success(code)).collect();
        if codes.is_empty() {
            codes = op.responses.iter().filter(|(code, _)| code == "default").collect();
        }
        for (code, response) in &op.responses {
            let known = code == "default"
                || (code.len() == 3
                    && code.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || (i > 0 && c == 'X')));
            if !known {
                let path = match response {
                    spec::Ref::Item(r) => r.path.clone(),
                    spec::Ref::To { path, .. } => path.clone(),
                };
                self.error(&path, format!("`{code}` is not a status code"))
                    .help("use a code such as `200`, a range such as `4XX`, or `default`");
            }
        }
        let mut bodies: Vec<(String, ResponseBody, Option<String>)> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        let mut headers = Vec::new();
        let mut headers_found = false;
        for (i, (code, response)) in codes.iter().enumerate() {
            let Some(response) = self.resolve(response, "responses", &doc.components.responses) else { continue };
            if !headers_found && !response.headers.is_empty() {
                headers_found = true;
                headers = self.response_headers(response, builder);
            }
            if response.content.is_empty() {
                bodies.push((code.clone(), ResponseBody::Empty, response.description.clone()));
                continue;
            }
            // RFC 9110 §15.3.5 and §15.3.6: these statuses have no content.
            if *code == "204" || *code == "205" {
                self.warning(
                    &response.path.key("content"),
                    format!("a `{code}` response has no content (RFC 9110); the `content` given for it is ignored"),
                )
                .help("remove `content`, or answer with `200` if the operation returns a body");
                bodies.push((code.clone(), ResponseBody::Empty, response.description.clone()));
                continue;
            }
            let Some((media, chosen)) = Self::choose_media(&response.content, true) else { continue };
            if !accept.contains(&media.media_type) {
                accept.push(media.media_type.clone());
            }
            let context = if i == 0 { format!("{builder}Response") } else { format!("{builder}Response{code}") };
            let body = match (chosen, &media.schema) {
                (Chosen::Json, Some(schema)) => {
                    let (ty, nullable) = self.schema_type(schema, &context);
                    ResponseBody::Json { ty, optional: nullable }
                }
                (Chosen::Json, None) => ResponseBody::Json { ty: TypeRef::Json, optional: false },
                (Chosen::Text, _) => ResponseBody::Text,
                (Chosen::Bytes | Chosen::Form | Chosen::Multipart, _) => ResponseBody::Bytes,
            };
            bodies.push((code.clone(), body, response.description.clone()));
        }
        let body = combine_bodies(bodies, builder);
        Success {
            body,
            accept: (!accept.is_empty()).then(|| accept.join(", ")),
            headers_name: headers_found.then(|| format!("{builder}Headers")),
            headers,
        }
    }

    fn response_headers(&mut self, response: &spec::Response, builder: &str) -> Vec<ResponseHeader> {
        let doc = self.doc;
        let mut out: Vec<ResponseHeader> = Vec::new();
        for (wire, header) in &response.headers {
            // OpenAPI: a `Content-Type` response header is ignored.
            if wire.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let Some(header) = self.resolve(header, "headers", &doc.components.headers) else { continue };
            let ty = match &header.schema {
                Some(schema) => self.schema_type(schema, &format!("{builder}{}Header", naming::camel(wire))).0,
                None => TypeRef::String,
            };
            // Headers write dates as HTTP dates (`Last-Modified: Tue, 15 Nov
            // 1994 08:12:31 GMT`), whatever format the spec names: text.
            let mut ty = if matches!(ty, TypeRef::DateTime | TypeRef::Date) { TypeRef::String } else { ty };
            if !self.is_scalar(&ty, Scalars::Parsed) {
                self.warning(
                    &header.path,
                    format!(
                        "response header `{wire}` is not a string, number, boolean or enum; it is kept as its text (a list as `a,b`)"
                    ),
                )
                .help("give the header a string, integer, number, boolean or enum schema");
                ty = TypeRef::String;
            }
            let mut name = naming::snake(wire);
            if let Some(first) = out.iter().find(|h| h.name == name) {
                let unique = naming::numbered_snake(&name, |c| out.iter().any(|h| h.name == c));
                self.warning(
                    &header.path,
                    format!(
                        "header `{wire}` is the Rust field `{unique}`: `{}` is taken by `{}`",
                        naming::plain(&name),
                        first.wire_name
                    ),
                );
                name = unique;
            }
            out.push(ResponseHeader {
                name,
                wire_name: wire.clone(),
                ty,
                required: header.required,
                doc: header.description.clone(),
            });
        }
        out
    }

    fn security(&mut self, op: &spec::Operation, schemes: &[SecurityScheme]) -> Vec<Vec<usize>> {
        let doc = self.doc;
        let Some(requirements) = op.security.as_ref().or(doc.security.as_ref()) else { return Vec::new() };
        let mut out = Vec::new();
        for SecurityRequirement { schemes: names, .. } in requirements {
            let mut alternative = Vec::new();
            let mut unknown = false;
            for (name, path) in names {
                match schemes.iter().position(|s| s.name == *name) {
                    Some(i) => alternative.push(i),
                    None if doc.components.security_schemes.iter().any(|(n, _)| n == name) => {} // reported with the scheme
                    None => {
                        unknown = true;
                        // Said once per document, at its first use.
                        if !self.unknown_schemes.insert(name.clone()) {
                            continue;
                        }
                        let defined: Vec<&str> =
                            doc.components.security_schemes.iter().map(|(n, _)| n.as_str()).collect();
                        let section = self.section("securitySchemes");
                        let d = self.warning(
                            path,
                            format!(
                                "unknown security scheme `{name}`: operations that name it are generated without it"
                            ),
                        );
                        if defined.is_empty() {
                            d.help(format!("define it under `{section}`"));
                        } else {
                            d.help(format!("defined schemes: {}", defined.join(", ")));
                        }
                    }
                }
            }
            // An alternative of unknown schemes only is left out: empty, it would mean "no credentials".
            if unknown && alternative.is_empty() {
                continue;
            }
            out.push(alternative);
        }
        out
    }
}

/// The media type a part is sent with, from `encoding.contentType`: the
/// first of a list, and none for a wildcard (the part's default then).
fn part_media_type(listed: &str) -> Option<String> {
    let first = listed.split(',').next()?.trim();
    (!first.is_empty() && !first.contains('*')).then(|| first.to_owned())
}

/// One body type for all success statuses when they agree, some perhaps
/// with no content or allowing `null` (the body is then optional); when
/// they differ, an enum of the operation's own, one variant per status.
fn combine_bodies(bodies: Vec<(String, ResponseBody, Option<String>)>, builder: &str) -> ResponseBody {
    let shape = |b: &ResponseBody| match b {
        ResponseBody::Json { ty, .. } => ResponseBody::Json { ty: ty.clone(), optional: false },
        other => other.clone(),
    };
    let mut with_content = bodies.iter().filter(|(_, b, _)| *b != ResponseBody::Empty);
    let Some((_, first, _)) = with_content.next() else { return ResponseBody::Empty };
    if with_content.all(|(_, b, _)| shape(b) == shape(first)) {
        let optional =
            bodies.iter().any(|(_, b, _)| matches!(b, ResponseBody::Empty | ResponseBody::Json { optional: true, .. }));
        return match shape(first) {
            ResponseBody::Json { ty, .. } => ResponseBody::Json { ty, optional },
            other => other,
        };
    }
    let mut variants: Vec<StatusVariant> = Vec::new();
    for (status, body, doc) in bodies {
        let mut name = status_variant(&status);
        if variants.iter().any(|v| v.name == name) {
            name = format!("Status{}", status.to_ascii_lowercase());
        }
        variants.push(StatusVariant { name, status, body, doc });
    }
    ResponseBody::ByStatus { name: format!("{builder}ResponseBody"), variants }
}

/// A variant name for a success status: its reason phrase (RFC 9110), or
/// the status itself.
fn status_variant(status: &str) -> String {
    let phrase = match status {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        "208" => "AlreadyReported",
        "226" => "ImUsed",
        "2XX" | "2xx" => "Success",
        "default" => "Default",
        other => return format!("Status{}", other.to_ascii_lowercase()),
    };
    phrase.to_owned()
}

/// The media types a client can read or send.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chosen {
    Json,
    Form,
    Text,
    Bytes,
    Multipart,
}

fn is_managed_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"].contains(&name.to_ascii_lowercase().as_str())
}

/// Gives the operations that declare the same error types for the same
/// statuses one decoder of error bodies, in the order of first use, named
/// after them ([`decoder_name`]); a name an earlier decoder took gets a number.
pub(super) fn share_error_decoders(operations: &mut [Operation]) -> Vec<ErrorDecoder> {
    let mut by_errors: BTreeMap<Vec<(String, String)>, usize> = BTreeMap::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut decoders: Vec<ErrorDecoder> = Vec::new();
    for op in operations.iter_mut().filter(|op| !op.errors.is_empty()) {
        let key: Vec<(String, String)> =
            op.errors.iter().map(|(status, ty)| (status.clone(), ty.rust_text())).collect();
        let index = *by_errors.entry(key).or_insert_with_key(|key| {
            let mut name = decoder_name(key);
            if names.contains(&name) {
                name = naming::numbered_snake(&name, |n| names.contains(n));
            }
            names.insert(name.clone());
            decoders.push(ErrorDecoder { name, errors: op.errors.clone() });
            decoders.len() - 1
        });
        op.error_decoder = Some(decoders[index].name.clone());
    }
    decoders
}

/// `errors_`, then each type after the statuses that have it, types in the
/// order of their first status: `errors_404_410_basic_error_422_validation_error`.
fn decoder_name(errors: &[(String, String)]) -> String {
    let mut types: Vec<(&str, Vec<&str>)> = Vec::new();
    for (status, ty) in errors {
        match types.iter_mut().find(|(t, _)| t == ty) {
            Some((_, statuses)) => statuses.push(status),
            None => types.push((ty, vec![status])),
        }
    }
    let words: Vec<String> = types.iter().map(|(ty, statuses)| format!("{} {ty}", statuses.join(" "))).collect();
    naming::snake(&format!("errors {}", words.join(" ")))
}

#[cfg(test)]
mod docs_tests {
    /// The crate docs list the names a parameter cannot take as they are.
    #[test]
    fn the_crate_docs_list_the_builders_own_names() {
        let docs = include_str!("../lib.rs");
        let start = docs.find("builder's own items (").expect("the list") + "builder's own items (".len();
        let list: String = docs[start..start + docs[start..].find(')').unwrap()].replace("//!", " ");
        let listed: Vec<&str> = list.split(',').map(|n| n.trim().trim_matches('`')).collect();
        assert_eq!(listed, super::BUILDER_NAMES);
    }
}
