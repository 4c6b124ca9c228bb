//! Lowering: from parsed documents to the intermediate model. Resolves
//! `$ref`s, names every item, and reports what one item can tell about itself
//! (unsupported constructs, dangling references, parameters that do not fit).

mod operation;
mod schema;

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, SpecPath};
use crate::model::{Api, Module, SchemeKind, SecurityScheme, TypeDef};
use crate::naming;
use crate::spec::{Document, Ref};

/// Lowers every document; `default_module` gives each one's module name when
/// the document does not set `x-rust-module`.
pub(crate) fn lower(docs: &[(Document, String)], diags: &mut Diagnostics) -> Api {
    let modules = docs.iter().map(|(doc, default_module)| Lowerer::new(doc, diags).module(default_module)).collect();
    Api { modules }
}

/// The state of lowering one document.
pub(crate) struct Lowerer<'d> {
    doc: &'d Document,
    diags: &'d mut Diagnostics,
    /// Named types made so far.
    types: Vec<TypeDef>,
    /// Every Rust type name taken, with the item that took it.
    taken: BTreeMap<String, SpecPath>,
    /// Component schema key to Rust type name.
    components: BTreeMap<&'d str, String>,
}

impl<'d> Lowerer<'d> {
    fn new(doc: &'d Document, diags: &'d mut Diagnostics) -> Self {
        Self { doc, diags, types: Vec::new(), taken: BTreeMap::new(), components: BTreeMap::new() }
    }

    fn error(&mut self, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.error(&self.doc.file, path, message)
    }

    fn module(mut self, default_module: &str) -> Module {
        let doc = self.doc;
        let name_origin = doc.rust_module.as_ref().map_or_else(SpecPath::root, |(_, path)| path.clone());
        let name = match &doc.rust_module {
            Some((name, path)) => {
                if naming::snake(name) != *name {
                    let fixed = naming::snake(name);
                    self.error(path, format!("`x-rust-module` must be a snake_case Rust module name, found `{name}`"))
                        .help(format!("use `{}`", naming::plain(&fixed)));
                }
                name.clone()
            }
            None => naming::snake(default_module),
        };
        let security_schemes = self.security_schemes();
        self.register_components();
        for (key, schema) in &doc.components.schemas {
            let rust = self.components[key.as_str()].clone();
            self.define(rust, schema);
        }
        let operations = self.operations(&security_schemes);
        schema::box_recursive_types(&mut self);
        let bodies: Vec<_> = operations.iter().filter_map(|op| op.body.as_ref().map(|b| b.ty.clone())).collect();
        schema::mark_request_types(&mut self.types, &bodies);
        Module {
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
        }
    }

    /// The first server's URL with its variables set to their defaults.
    /// Without servers, OpenAPI's default is `/`, which users must override.
    fn base_url(&mut self) -> String {
        let Some(server) = self.doc.servers.first() else { return String::from("/") };
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

    /// Takes a Rust type name for the item at `path`; reports a clash with an
    /// earlier item that became the same name.
    fn take_name(&mut self, name: &str, path: &SpecPath) -> bool {
        if let Some(first) = self.taken.get(name).cloned() {
            self.error(path, format!("this schema and `{first}` both become the Rust type `{name}`"))
                .help("rename one of them (or set a distinct `title`) so the names differ after case conversion");
            return false;
        }
        self.taken.insert(name.to_owned(), path.clone());
        true
    }

    fn register_components(&mut self) {
        let doc = self.doc;
        for (key, schema) in &doc.components.schemas {
            let rust = naming::camel(key);
            self.take_name(&rust, &schema.path);
            self.components.insert(key.as_str(), rust);
        }
    }

    /// Resolves a `Ref` to an item of the components section `section`
    /// (`parameters`, `requestBodies`, ...), following chains of references.
    fn resolve<'a, T>(&mut self, item: &'a Ref<T>, section: &str, entries: &'a [(String, Ref<T>)]) -> Option<&'a T> {
        let mut current = item;
        for _ in 0..=entries.len() {
            match current {
                Ref::Item(item) => return Some(item),
                Ref::To { target, path } => {
                    let name = self.ref_name(target, path, section)?;
                    match entries.iter().find(|(key, _)| *key == name) {
                        Some((_, next)) => current = next,
                        None => {
                            self.error(
                                path,
                                format!("`$ref` points to nothing: there is no `components.{section}.{name}`"),
                            );
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

    /// The component name a `$ref` names in `section`, or a diagnostic saying
    /// why the reference is not supported.
    fn ref_name(&mut self, target: &str, path: &SpecPath, section: &str) -> Option<String> {
        let prefix = format!("#/components/{section}/");
        if let Some(name) = target.strip_prefix(&prefix) {
            if !name.contains('/') {
                return Some(name.replace("~1", "/").replace("~0", "~"));
            }
        }
        let d = self.error(path, format!("`$ref: {target}` is not supported here"));
        if target.starts_with('#') {
            d.help(format!("refer to an item of `components.{section}` (`{prefix}Name`)"));
        } else {
            d.help(format!(
                "references to other files or URLs are not supported; copy the item into `components.{section}`"
            ));
        }
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
                        other => {
                            self.error(
                                &scheme.path,
                                format!("API keys sent `in: {}` are not supported", other.unwrap_or("?")),
                            )
                            .help("send the key `in: header` or `in: query`");
                            continue;
                        }
                    }
                }
                ("http", other) => {
                    self.error(
                        &scheme.path,
                        format!("HTTP `{}` authentication is not supported", other.as_deref().unwrap_or("?")),
                    )
                    .help("supported: `scheme: basic`, `scheme: bearer`, `apiKey`, `oauth2`, `openIdConnect`");
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

/// Builder methods are named by the kind of credentials; when two schemes
/// share a kind, the scheme's name is added to tell them apart.
fn name_builder_methods(schemes: &mut [SecurityScheme]) {
    fn base(kind: &SchemeKind) -> &'static str {
        match kind {
            SchemeKind::Basic { .. } => "basic_auth",
            SchemeKind::Bearer => "bearer_token",
            SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) => "api_key",
        }
    }
    let count = |b: &str| schemes.iter().filter(|s| base(&s.kind) == b).count();
    let shared: Vec<bool> = schemes.iter().map(|s| count(base(&s.kind)) > 1).collect();
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
        scheme.builder_method = unique(if shared { format!("{b}_{suffix}") } else { b.to_owned() });
        if let SchemeKind::Basic { api_token_password: Some(_), token_method } = &mut scheme.kind {
            *token_method =
                Some(unique(if token_count > 1 { format!("api_token_{suffix}") } else { "api_token".to_owned() }));
        }
    }
}
