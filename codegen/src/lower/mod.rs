//! Lowering: from parsed documents to the intermediate model. Resolves
//! `$ref`s, names every item, and reports what one item can tell about itself
//! (unsupported constructs, dangling references, parameters that do not fit).

mod operation;
mod schema;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics, SpecPath};
use crate::model::{Api, Module, ParamStyle, SchemeKind, SecurityScheme, TypeDef};
use crate::naming;
use crate::spec::{Document, Ref, Schema, Server};
use crate::{Options, Selection};

/// Lowers every document, each paired with its module name. Copies of one definition are
/// still types of their own: [`Lowered::share_types`] ends lowering.
pub(crate) fn lower(docs: &mut [(Document, String)], opts: &Options, diags: &mut Diagnostics) -> Lowered {
    unused_selectors(docs, &opts.selection, diags);
    let (modules, components) = docs
        .iter_mut()
        .map(|(doc, default_module)| {
            // Path items are most of a large document: each is dropped once
            // lowered, so that the document and the model are not held whole
            // at once.
            let paths = std::mem::take(&mut doc.paths);
            Lowerer::new(doc, opts, diags).module(default_module, paths)
        })
        .unzip();
    Lowered { api: Api { modules }, components }
}

/// The model of every document before [`Lowered::share_types`]. Sharing
/// reports nothing, so that it may run beside the work on the problems
/// reported.
pub(crate) struct Lowered {
    pub(crate) api: Api,
    /// The Rust names of each module's component types.
    components: Vec<BTreeSet<String>>,
}

impl Lowered {
    /// Gives the copies of one definition in each module one type
    /// ([`schema::share_types`]).
    pub(crate) fn share_types(mut self) -> Api {
        for (module, components) in self.api.modules.iter_mut().zip(&self.components) {
            schema::share_types(&mut module.types, components);
            module.types.shrink_to_fit();
        }
        self.api
    }
}

/// A selector that picks no operation of any document is a warning: a
/// misspelt tag must not go unnoticed.
fn unused_selectors(docs: &[(Document, String)], selection: &Selection, diags: &mut Diagnostics) {
    let operations = || {
        docs.iter().flat_map(|(doc, _)| {
            doc.paths.iter().flat_map(|item| item.operations.iter().map(move |op| (&item.template, op)))
        })
    };
    let lists = [("include", &selection.include), ("exclude", &selection.exclude)];
    for (list, selectors) in lists {
        for selector in selectors {
            if !operations().any(|(path, op)| selector.picks(path, op.operation_id.as_deref(), &op.tags)) {
                diags.warning(
                    "options",
                    &SpecPath::root(),
                    format!("`{list}` selector `{selector}` picks no operation"),
                );
            }
        }
    }
}

/// How far the definition of one component may wait on others (`allOf`
/// members defined first): deeper chains are reported, not followed, so
/// that no document can exhaust the stack.
const MAX_DEFINITION_DEPTH: usize = 64;

/// The state of lowering one document.
pub(crate) struct Lowerer<'d> {
    doc: &'d Document,
    /// What to generate: the policy, the operations, type mappings, dates.
    opts: &'d Options,
    diags: &'d mut Diagnostics,
    /// Named types made so far.
    types: Vec<TypeDef>,
    /// Rust type name to its index in `types`.
    type_index: BTreeMap<String, usize>,
    /// Every Rust type name taken, with the item that took it.
    taken: BTreeMap<String, SpecPath>,
    /// Component schemas by key.
    components: BTreeMap<&'d str, Component<'d>>,
    /// The component key of each component's Rust type name.
    component_keys: BTreeMap<String, &'d str>,
    /// How many component definitions wait on the one being made.
    depth: usize,
    /// Security scheme names used but not defined, each reported once.
    unknown_schemes: std::collections::BTreeSet<String>,
    /// The position of each item of the `components` sections that `$ref`s
    /// name (`parameters`, `requestBodies`, ...), by section and name: a
    /// first item given twice keeps its place, as a key read twice does.
    ref_index: BTreeMap<(&'static str, &'d str), usize>,
    /// Where each schema read at a `$ref` pointer sits, and its component
    /// key: the schema in place is that component's type, not a copy.
    pointer_paths: BTreeMap<SpecPath, &'d str>,
    /// Each parameter name's `snake_case` and `UpperCamelCase` forms: a
    /// large API names the same few parameters at every operation.
    param_forms: BTreeMap<String, (String, String)>,
    /// The indexes in `types` of the enums of strings alone (no chosen
    /// names) named without a diagnostic, by a hash of their values
    /// ([`Lowerer::enumeration`]).
    enums: BTreeMap<u64, Vec<usize>>,
}

/// A component schema, its Rust type name, and how far its type is defined.
pub(crate) struct Component<'d> {
    pub rust: String,
    pub schema: &'d Schema,
    pub state: Definition,
}

/// How far a component schema's type is defined.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Definition {
    Pending,
    InProgress,
    Done,
}

impl<'d> Lowerer<'d> {
    fn new(doc: &'d Document, opts: &'d Options, diags: &'d mut Diagnostics) -> Self {
        let mut ref_index = BTreeMap::new();
        let c = &doc.components;
        let sections: [(&'static str, Vec<&'d str>); 4] = [
            ("parameters", c.parameters.iter().map(|(k, _)| k.as_str()).collect()),
            ("requestBodies", c.request_bodies.iter().map(|(k, _)| k.as_str()).collect()),
            ("responses", c.responses.iter().map(|(k, _)| k.as_str()).collect()),
            ("headers", c.headers.iter().map(|(k, _)| k.as_str()).collect()),
        ];
        for (section, names) in sections {
            for (i, name) in names.into_iter().enumerate() {
                ref_index.entry((section, name)).or_insert(i);
            }
        }
        Self {
            doc,
            opts,
            diags,
            types: Vec::new(),
            type_index: BTreeMap::new(),
            taken: BTreeMap::new(),
            components: BTreeMap::new(),
            component_keys: BTreeMap::new(),
            depth: 0,
            unknown_schemes: std::collections::BTreeSet::new(),
            ref_index,
            pointer_paths: BTreeMap::new(),
            param_forms: BTreeMap::new(),
            enums: BTreeMap::new(),
        }
    }

    fn error(&mut self, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.error(&self.doc.file, path, message)
    }

    fn warning(&mut self, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.warning(&self.doc.file, path, message)
    }

    /// Something the generator cannot express that is not part of one
    /// operation (a security scheme): an error, or with `skip_unsupported`
    /// a warning, the item left out.
    fn unsupported(&mut self, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        if self.opts.policy.skip_unsupported {
            self.warning(path, format!("{}: it is left out", message.into()))
        } else {
            self.error(path, message)
        }
    }

    /// The named type `name`, when it is defined.
    fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).map(|&i| &self.types[i])
    }

    fn push_type(&mut self, def: TypeDef) {
        self.type_index.insert(def.name.clone(), self.types.len());
        self.types.push(def);
    }

    /// The module of the document, and the Rust names of its component types.
    fn module(mut self, default_module: &str, paths: Vec<crate::spec::PathItem>) -> (Module, BTreeSet<String>) {
        let doc = self.doc;
        let name_origin = doc.rust_module.as_ref().map_or_else(SpecPath::root, |(_, path)| path.clone());
        let name = match &doc.rust_module {
            Some((name, path)) => {
                // A keyword (`match`) is a module name too: `r#match`.
                let fixed = naming::snake(name);
                if naming::plain(&fixed) != *name {
                    self.error(path, format!("`x-rust-module` must be a snake_case Rust module name, found `{name}`"))
                        .help(format!("use `{}`", naming::plain(&fixed)));
                }
                fixed
            }
            None => naming::snake(default_module),
        };
        let security_schemes = self.security_schemes();
        self.register_components();
        for (key, _) in &doc.components.schemas {
            self.component(key);
        }
        let mut operations = self.operations(paths, &security_schemes);
        let error_decoders = operation::share_error_decoders(&mut operations);
        schema::box_recursive_types(&mut self);
        // Types sent: bodies, and object parameters.
        let objects = operations
            .iter()
            .flat_map(|op| &op.params)
            .filter(|p| matches!(p.style, ParamStyle::Object(_) | ParamStyle::Json));
        let sent: Vec<_> = operations
            .iter()
            .filter_map(|op| op.body.as_ref().map(|b| b.ty.clone()))
            .chain(objects.map(|p| p.ty.clone()))
            .collect();
        schema::mark_request_types(&mut self.types, &sent);
        let components: BTreeSet<String> = self.components.values().map(|c| c.rust.clone()).collect();
        let module = Module {
            name,
            name_origin,
            file: doc.file.clone(),
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            base_url: self.base_url(),
            rate_limit_statuses: doc.rate_limit.statuses.clone(),
            reset_header: doc.rate_limit.reset_header.clone(),
            request_id_header: doc.request_id_header.clone(),
            security_schemes,
            types: self.types,
            operations,
            error_decoders,
        };
        (module, components)
    }

    /// The first server's URL with its variables set to their defaults.
    /// Without servers, OpenAPI's default is `/`, which users must override.
    fn base_url(&mut self) -> String {
        let doc = self.doc;
        let Some(server) = doc.servers.first() else { return String::from("/") };
        self.server_url(server)
    }

    /// A server's URL with its variables set to their defaults, without a trailing `/`.
    pub(super) fn server_url(&mut self, server: &Server) -> String {
        let mut url = server.url.clone();
        for (name, default) in &server.variables {
            url = url.replace(&format!("{{{name}}}"), default);
        }
        if url.contains('{') {
            self.error(&server.path.key("url"), format!("server URL `{url}` has a variable with no default"))
                .help("declare each `{variable}` under `variables` with a `default`");
        }
        url.trim_end_matches('/').to_owned()
    }

    /// Takes a Rust type name for the item at `path`: `name`, or when an
    /// earlier item took it, `name` with the first free number (`Name2`),
    /// with a warning naming both. A name the spec's author `chose` that is
    /// taken is an error.
    fn take_name(&mut self, name: &str, path: &SpecPath, chosen: bool) -> String {
        let Some(first) = self.taken.get(name).cloned() else {
            self.taken.insert(name.to_owned(), path.clone());
            return name.to_owned();
        };
        let unique = naming::numbered(name, |c| self.taken.contains_key(c));
        self.taken.insert(unique.clone(), path.clone());
        if chosen {
            self.error(&path.key("x-rust-name"), format!("the chosen type name `{name}` is taken by `{first}`"));
        } else {
            self.warning(path, format!("this schema is named `{unique}`: `{name}` is taken by `{first}`"))
                .help("set `x-rust-name` on the schema to choose its Rust name");
        }
        unique
    }

    /// A Rust name the spec's author chose with `x-rust-name` at `path`
    /// (the item's path), checked: it must already be in the form
    /// `convert` gives (`naming::snake` or `naming::camel`).
    fn chosen_name(&mut self, chosen: &str, path: &SpecPath, convert: fn(&str) -> String) -> String {
        let name = convert(chosen);
        if naming::plain(&name) != chosen {
            self.error(&path.key("x-rust-name"), format!("`x-rust-name: {chosen}` is not a Rust name of this kind"))
                .help(format!("use `{}`", naming::plain(&name)));
        }
        name
    }

    fn register_components(&mut self) {
        let doc = self.doc;
        for (key, schema) in &doc.components.schemas {
            let wanted = match &schema.rare().rust_name {
                Some(chosen) => self.chosen_name(chosen, &schema.path, naming::camel),
                None if key.starts_with("#/") => naming::camel(&crate::spec::pointer::name_words(key)),
                None => naming::camel(key),
            };
            let rust = self.take_name(&wanted, &schema.path, schema.rare().rust_name.is_some());
            if key.starts_with("#/") {
                self.pointer_paths.insert(schema.path.clone(), key.as_str());
            }
            self.component_keys.entry(rust.clone()).or_insert(key.as_str());
            // A key given twice (JSON allows it) keeps its first schema, as reading does.
            self.components.entry(key.as_str()).or_insert(Component { rust, schema, state: Definition::Pending });
        }
    }

    /// Defines the type of component schema `key` unless it is defined or
    /// being defined; returns its index in `types` once it is defined.
    fn component(&mut self, key: &str) -> Option<usize> {
        let entry = self.components.get(key)?;
        let (rust, schema, state) = (entry.rust.clone(), entry.schema, entry.state);
        match state {
            Definition::Done => return self.type_index.get(&rust).copied(),
            Definition::InProgress => return None,
            Definition::Pending => {}
        }
        if self.depth >= MAX_DEFINITION_DEPTH {
            self.error(
                &schema.path,
                format!("`allOf` references nest more than {MAX_DEFINITION_DEPTH} schemas deep here"),
            )
            .help("combine fewer levels of schemas");
            return None;
        }
        if let Some(mapped) = self.opts.types.get(key) {
            // The user's own type: an alias of it, whatever the schema says.
            self.push_type(TypeDef {
                name: rust.clone(),
                origin: schema.path.clone(),
                doc: schema.description.clone().or_else(|| schema.title.clone()),
                kind: crate::model::TypeKind::Mapped(mapped.clone()),
                in_requests: false,
            });
            self.set_definition(key, Definition::Done);
            return self.type_index.get(&rust).copied();
        }
        self.set_definition(key, Definition::InProgress);
        self.depth += 1;
        let reported = self.diags.len();
        self.define(rust.clone(), schema);
        if self.opts.policy.skip_unsupported && self.diags.has_errors_since(reported) {
            // The schema's values are kept as they come, untyped.
            let why = self.diags.downgrade_since(reported).unwrap_or_default();
            if let Some(&i) = self.type_index.get(&rust) {
                self.types[i].kind = crate::model::TypeKind::Alias(crate::model::TypeRef::Json);
            }
            self.warning(&schema.path, format!("`{rust}` is typed as `serde_json::Value`: {why}"))
                .help("without `--skip-unsupported` this is an error");
        }
        self.depth -= 1;
        self.set_definition(key, Definition::Done);
        self.type_index.get(&rust).copied()
    }

    fn set_definition(&mut self, key: &str, state: Definition) {
        if let Some(entry) = self.components.get_mut(key) {
            entry.state = state;
        }
    }

    /// Resolves a `Ref` to an item of the components section `section`
    /// (`parameters`, `requestBodies`, ...), following chains of references.
    fn resolve<'a, T>(
        &mut self,
        item: &'a Ref<T>,
        section: &'static str,
        entries: &'a [(String, Ref<T>)],
    ) -> Option<&'a T> {
        let mut current = item;
        for _ in 0..=entries.len() {
            match current {
                Ref::Item(item) => return Some(item),
                Ref::To { target, path } => {
                    let name = self.ref_name(target, path, section)?;
                    match self.ref_index.get(&(section, name.as_str())).and_then(|&i| entries.get(i)) {
                        Some((_, next)) => current = next,
                        None => {
                            let section = self.section(section);
                            self.error(path, format!("`$ref` points to nothing: there is no `{section}.{name}`"));
                            return None;
                        }
                    }
                }
            }
        }
        if let Ref::To { target, path } = item {
            self.error(path, format!("`$ref: {target}` is part of a reference cycle"));
        }
        None
    }

    /// Where the document defines items of a `components` section: Swagger
    /// 2.0 writes them at the top level (`definitions`, `securityDefinitions`).
    fn section(&self, section: &str) -> String {
        match (self.doc.swagger2, section) {
            (false, _) => format!("components.{section}"),
            (true, "schemas") => String::from("definitions"),
            (true, "securitySchemes") => String::from("securityDefinitions"),
            (true, other) => other.to_owned(),
        }
    }

    /// The component name a `$ref` names in `section`, or a diagnostic saying
    /// why the reference is not supported.
    fn ref_name(&mut self, target: &str, path: &SpecPath, section: &'static str) -> Option<String> {
        let name = target.strip_prefix("#/components/").and_then(|t| t.strip_prefix(section)?.strip_prefix('/'));
        if let Some(name) = name.filter(|name| !name.contains('/')) {
            return Some(crate::spec::pointer::unescape(name).into_owned());
        }
        // A pointer elsewhere in the document: its item was read as a component keyed by it.
        let pointed = match section {
            "schemas" => self.components.contains_key(target),
            _ => self.ref_index.contains_key(&(section, target)),
        };
        if pointed {
            return Some(target.to_owned());
        }
        if target.starts_with('#') {
            // The pointer named nothing, which reading reported.
            return None;
        }
        let section = self.section(section);
        self.error(path, format!("`$ref: {target}` is not supported here"))
            .help(format!("references to other files or URLs are not supported; copy the item into `{section}`"));
        None
    }

    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let doc = self.doc;
        let mut out = Vec::new();
        for (name, scheme) in &doc.components.security_schemes {
            let kind = match (scheme.kind.as_str(), scheme.scheme.as_deref().map(str::to_ascii_lowercase)) {
                ("http", Some(s)) if s == "basic" => {
                    SchemeKind::Basic { api_token_password: scheme.api_token_password.clone(), token_method: None }
                }
                ("http", Some(s)) if s == "bearer" => SchemeKind::Bearer,
                ("oauth2" | "openIdConnect", _) => SchemeKind::Bearer,
                ("apiKey", _) => {
                    let Some(key) = scheme.name.clone().filter(|n| !n.is_empty()) else {
                        self.error(
                            &scheme.path,
                            "an `apiKey` security scheme needs the `name` of its header or query parameter",
                        )
                        .help("add `name:`, for example `name: X-API-Key`");
                        continue;
                    };
                    match scheme.location.as_deref() {
                        Some("header") => SchemeKind::ApiKeyHeader(key),
                        Some("query") => SchemeKind::ApiKeyQuery(key),
                        Some("cookie") => SchemeKind::ApiKeyCookie(key),
                        other => {
                            self.unsupported(
                                &scheme.path,
                                format!("API keys sent `in: {}` are not supported", other.unwrap_or("?")),
                            )
                            .help("send the key `in: header`, `in: query` or `in: cookie`");
                            continue;
                        }
                    }
                }
                ("http", Some(other)) if CHALLENGE_SCHEMES.contains(&other.as_str()) => {
                    self.unsupported(
                        &scheme.path,
                        format!(
                            "HTTP `{other}` authentication is not supported: it answers a challenge from the server"
                        ),
                    )
                    .help(
                        "supported: `basic`, `bearer`, and schemes whose credentials the caller makes alone \
                         (sent as `Authorization: <scheme> <credentials>`)",
                    );
                    continue;
                }
                ("http", Some(other)) if !other.is_empty() && other.chars().all(is_token_char) => {
                    // RFC 9110 §11.4: `Authorization: <scheme> <credentials>`, as the document writes the scheme.
                    SchemeKind::Http(scheme.scheme.clone().unwrap_or(other))
                }
                ("http", other) => {
                    self.error(
                        &scheme.path.key("scheme"),
                        match other {
                            Some(other) => format!("`{other}` is not an HTTP authentication scheme name"),
                            None => String::from("an `http` security scheme needs its `scheme`"),
                        },
                    )
                    .help("name the scheme as the `Authorization` header starts, for example `scheme: bearer`");
                    continue;
                }
                (other, _) => {
                    self.error(&scheme.path.key("type"), format!("unknown security scheme type `{other}`"))
                        .help("use `http`, `apiKey`, `oauth2` or `openIdConnect`");
                    continue;
                }
            };
            out.push(SecurityScheme {
                name: name.clone(),
                builder_method: String::new(),
                description: scheme.description.clone(),
                kind,
            });
        }
        name_builder_methods(&mut out);
        out
    }
}

/// HTTP authentication schemes (IANA registry) whose credentials answer a
/// challenge the server sends first: a credential set on the client cannot.
const CHALLENGE_SCHEMES: &[&str] = &["digest", "hoba", "mutual", "scram-sha-1", "scram-sha-256"];

/// A character of an HTTP token (RFC 9110 §5.6.2), as an authentication scheme's name is.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Builder methods are named by the kind of credentials; when two schemes
/// share a kind, the scheme's name is added to tell them apart.
fn name_builder_methods(schemes: &mut [SecurityScheme]) {
    fn base(kind: &SchemeKind) -> String {
        match kind {
            SchemeKind::Basic { .. } => "basic_auth".into(),
            SchemeKind::Bearer => "bearer_token".into(),
            SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) | SchemeKind::ApiKeyCookie(_) => "api_key".into(),
            SchemeKind::Http(scheme) => format!("{}_credentials", naming::plain(&naming::snake(scheme))),
        }
    }
    let count = |b: &str| schemes.iter().filter(|s| base(&s.kind) == b).count();
    let shared: Vec<bool> = schemes.iter().map(|s| count(&base(&s.kind)) > 1).collect();
    let token_count =
        schemes.iter().filter(|s| matches!(&s.kind, SchemeKind::Basic { api_token_password: Some(_), .. })).count();
    let mut taken: Vec<String> = Vec::new();
    let mut unique = |name: String| -> String {
        // Scheme names that differ only in case or punctuation get a number.
        let mut candidate = name.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{name}_{n}");
            n += 1;
        }
        taken.push(candidate.clone());
        candidate
    };
    for (scheme, shared) in schemes.iter_mut().zip(shared) {
        let suffix = naming::plain(&naming::snake(&scheme.name)).to_owned();
        let b = base(&scheme.kind);
        scheme.builder_method = unique(if shared { format!("{b}_{suffix}") } else { b });
        if let SchemeKind::Basic { api_token_password: Some(_), token_method } = &mut scheme.kind {
            *token_method =
                Some(unique(if token_count > 1 { format!("api_token_{suffix}") } else { "api_token".to_owned() }));
        }
    }
}
