//! What a spec change does to users of the generated crate: the differences
//! between two intermediate models, each classified by Rust's semver rules
//! as they apply to what the generator emits.
//!
//! The generated API: an operation is a `Client` method whose arguments are
//! its required parameters (and required body), with a setter per optional
//! parameter; structs and enums are `#[non_exhaustive]`, structs have
//! `new(required fields)`; each security scheme is a builder method. So
//! adding an optional parameter, a field that is not required, an enum
//! value, an operation or a type is additive; removing or retyping any of
//! them, or adding a required one, breaks code that compiles today.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{
    Api, Body, Field, FlattenedUnion, Module, Operation, Param, SchemeKind, TypeDef, TypeKind, TypeRef, Variant,
};
use crate::naming;
use crate::rust::{Scope, Ty};

/// How a change affects code that uses the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing a user's code can observe at compile time changes (a URL, a
    /// wire name, a description).
    Patch,
    /// Something is added; code that compiles today still compiles.
    Minor,
    /// Code that compiles today may not compile any more.
    Breaking,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The module (API) it is in.
    pub module: String,
    /// What changed, in words (`parameter `page` of `list_users``).
    pub item: String,
    /// `added`, `removed` or `changed`, with details.
    pub what: String,
    /// Its impact.
    pub impact: Impact,
}

/// Every difference between two versions of the specs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The differences, by module and in spec order.
    pub changes: Vec<Change>,
}

/// The version bump a report implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bump {
    /// No change.
    None,
    /// `x.y.z+1`.
    Patch,
    /// `x.y+1.0`.
    Minor,
    /// `x+1.0.0`.
    Major,
}

impl Report {
    /// The strongest impact, if anything changed.
    pub fn impact(&self) -> Option<Impact> {
        self.changes.iter().map(|c| c.impact).max()
    }

    /// True when some change breaks code that compiles today.
    pub fn is_breaking(&self) -> bool {
        self.impact() == Some(Impact::Breaking)
    }

    /// The bump from `version` (`major.minor.patch`), by Cargo's rules: below
    /// 1.0, a breaking change bumps the minor number and anything else the patch.
    pub fn bump(&self, version: &str) -> (Bump, String) {
        let mut parts: Vec<u64> = version.split('.').map(|p| p.parse().unwrap_or(0)).collect();
        parts.resize(3, 0);
        let (major, minor, patch) = (parts[0], parts[1], parts[2]);
        let bump = match (self.impact(), major) {
            (None, _) => Bump::None,
            (Some(Impact::Breaking), 0) => Bump::Minor,
            (Some(Impact::Breaking), _) => Bump::Major,
            (Some(Impact::Minor), 0) | (Some(Impact::Patch), _) => Bump::Patch,
            (Some(Impact::Minor), _) => Bump::Minor,
        };
        let next = match bump {
            Bump::None => version.to_owned(),
            Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
            Bump::Minor => format!("{major}.{}.0", minor + 1),
            Bump::Major => format!("{}.0.0", major + 1),
        };
        (bump, next)
    }

    /// The report for a terminal.
    pub fn to_text(&self, version: &str) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            return format!("no change to the generated API; version {version} stays\n");
        }
        let mut module = "";
        for c in &self.changes {
            if c.module != module {
                module = &c.module;
                let _ = writeln!(out, "{module}:");
            }
            let _ = writeln!(out, "  {:<8}  {}: {}", label(c.impact), c.item, c.what);
        }
        let (_, next) = self.bump(version);
        let _ = writeln!(out, "\n{}", verdict(self, version, &next));
        out
    }

    /// The report as Markdown, for a pull-request description.
    pub fn to_markdown(&self, version: &str) -> String {
        let (_, next) = self.bump(version);
        let mut out = String::from("## API changes\n\n");
        if self.changes.is_empty() {
            let _ = writeln!(out, "No change to the generated API; version {version} stays.");
            return out;
        }
        out.push_str("| impact | module | item | change |\n|---|---|---|---|\n");
        for c in &self.changes {
            let _ = writeln!(out, "| {} | `{}` | {} | {} |", label(c.impact), c.module, c.item, c.what);
        }
        let _ = writeln!(out, "\n**{}**", verdict(self, version, &next));
        out
    }
}

fn label(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "breaking",
        Impact::Minor => "additive",
        Impact::Patch => "patch",
    }
}

fn verdict(report: &Report, version: &str, next: &str) -> String {
    let breaking = report.changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    match report.impact() {
        Some(Impact::Breaking) => format!("{breaking} breaking change(s): version {version} -> {next}"),
        Some(Impact::Minor) => format!("additions only: version {version} -> {next}"),
        _ => format!("no API change: version {version} -> {next}"),
    }
}

/// The differences from `before` to `after`.
pub fn diff(before: &Api, after: &Api) -> Report {
    let mut d = Differ { changes: Vec::new(), module: String::new() };
    let old: BTreeMap<&str, &Module> = before.modules.iter().map(|m| (m.name.as_str(), m)).collect();
    let new: BTreeMap<&str, &Module> = after.modules.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, m) in &old {
        d.module = naming::plain(name).to_owned();
        match new.get(name) {
            None => d.push("module", "removed", Impact::Breaking),
            Some(n) => d.module_changes(m, n),
        }
    }
    for name in new.keys().filter(|n| !old.contains_key(*n)) {
        d.module = naming::plain(name).to_owned();
        d.push("module", "added", Impact::Minor);
    }
    Report { changes: d.changes }
}

struct Differ {
    changes: Vec<Change>,
    module: String,
}

/// A type as the generated code writes it, in words.
fn ty(t: &TypeRef) -> String {
    Ty::of(t, Scope::Types).to_string()
}

impl Differ {
    fn push(&mut self, item: impl Into<String>, what: impl Into<String>, impact: Impact) {
        self.changes.push(Change { module: self.module.clone(), item: item.into(), what: what.into(), impact });
    }

    fn module_changes(&mut self, old: &Module, new: &Module) {
        if old.base_url != new.base_url {
            self.push("server", format!("changed from `{}` to `{}`", old.base_url, new.base_url), Impact::Patch);
        }
        let methods = |m: &Module| -> Vec<String> {
            let mut out = Vec::new();
            for s in &m.security_schemes {
                out.push(s.builder_method.clone());
                if let SchemeKind::Basic { token_method: Some(token), .. } = &s.kind {
                    out.push(token.clone());
                }
            }
            out
        };
        let (old_auth, new_auth) = (methods(old), methods(new));
        for m in old_auth.iter().filter(|m| !new_auth.contains(m)) {
            self.push(format!("authentication `{m}`"), "removed", Impact::Breaking);
        }
        for m in new_auth.iter().filter(|m| !old_auth.contains(m)) {
            self.push(format!("authentication `{m}`"), "added", Impact::Minor);
        }
        self.operations(&old.operations, &new.operations);
        self.types(&old.types, &new.types);
    }

    fn operations(&mut self, old: &[Operation], new: &[Operation]) {
        let key = |o: &Operation| o.method_name.clone();
        for o in old {
            match new.iter().find(|n| key(n) == key(o)) {
                None => self.push(
                    format!("operation `{}`", naming::plain(&o.method_name)),
                    format!("removed ({} {})", o.http_method, o.path),
                    Impact::Breaking,
                ),
                Some(n) => self.operation(o, n),
            }
        }
        for n in new.iter().filter(|n| !old.iter().any(|o| key(o) == key(n))) {
            self.push(
                format!("operation `{}`", naming::plain(&n.method_name)),
                format!("added ({} {})", n.http_method, n.path),
                Impact::Minor,
            );
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let op = naming::plain(&old.method_name).to_owned();
        if (old.http_method.as_str(), old.path.as_str()) != (new.http_method.as_str(), new.path.as_str()) {
            self.push(
                format!("operation `{op}`"),
                format!("now {} {} (was {} {})", new.http_method, new.path, old.http_method, old.path),
                Impact::Patch,
            );
        }
        for p in &old.params {
            let item = format!("parameter `{}` of `{op}`", naming::plain(&p.name));
            match new.params.iter().find(|q| q.name == p.name) {
                None => self.push(
                    item,
                    format!("removed ({})", if p.required { "an argument" } else { "a setter" }),
                    Impact::Breaking,
                ),
                Some(q) => self.param(item, p, q),
            }
        }
        for q in new.params.iter().filter(|q| !old.params.iter().any(|p| p.name == q.name)) {
            let item = format!("parameter `{}` of `{op}`", naming::plain(&q.name));
            if q.required {
                self.push(item, "added, required: a new argument", Impact::Breaking);
            } else {
                self.push(item, "added, optional: a new setter", Impact::Minor);
            }
        }
        // Same required arguments, in another order: calls still compile, with
        // the values in the wrong places.
        let arguments = |o: &Operation| -> Vec<String> { o.arguments().map(|a| a.name().to_owned()).collect() };
        let (a, b) = (arguments(old), arguments(new));
        if a != b && sorted(&a) == sorted(&b) {
            let message = format!("arguments reordered: ({}) instead of ({})", b.join(", "), a.join(", "));
            self.push(format!("operation `{op}`"), message, Impact::Breaking);
        }
        if old.server != new.server {
            let server = |s: &Option<String>| s.clone().unwrap_or_else(|| String::from("the API's server"));
            let message = format!("now sent to {} (was {})", server(&new.server), server(&old.server));
            self.push(format!("operation `{op}`"), message, Impact::Patch);
        }
        if old.builder_name != new.builder_name {
            let message = format!("request builder renamed from `{}` to `{}`", old.builder_name, new.builder_name);
            self.push(format!("operation `{op}`"), message, Impact::Breaking);
        }
        match (&old.response.headers_name, &new.response.headers_name) {
            (None, Some(h)) => {
                let message = format!("now carries typed headers: `Response<T>` becomes `Response<T, {h}>`");
                self.push(format!("response of `{op}`"), message, Impact::Breaking);
            }
            (Some(h), None) => self.push(
                format!("response of `{op}`"),
                format!("no longer carries typed headers `{h}`"),
                Impact::Breaking,
            ),
            _ => {}
        }
        match (old.pagination.is_some(), new.pagination.is_some()) {
            (true, false) => self.push(
                format!("operation `{op}`"),
                "no longer paginated: `pages()` and `items()` removed",
                Impact::Breaking,
            ),
            (false, true) => {
                self.push(format!("operation `{op}`"), "now paginated: `pages()` and `items()` added", Impact::Minor)
            }
            _ => {}
        }
        self.body(&op, old.body.as_ref(), new.body.as_ref());
        let (ob, nb) = (response_text(&old.response.body), response_text(&new.response.body));
        if ob != nb {
            self.push(format!("response of `{op}`"), format!("changed from `{ob}` to `{nb}`"), Impact::Breaking);
        }
        for h in &old.response.headers {
            let item = format!("response header `{}` of `{op}`", h.wire_name);
            match new.response.headers.iter().find(|k| k.name == h.name) {
                None => self.push(item, "removed", Impact::Breaking),
                Some(k) if Ty::header(k) != Ty::header(h) => self.push(
                    item,
                    format!("type changed from `{}` to `{}`", Ty::header(h), Ty::header(k)),
                    Impact::Breaking,
                ),
                Some(_) => {}
            }
        }
        for k in new.response.headers.iter().filter(|k| !old.response.headers.iter().any(|h| h.name == k.name)) {
            self.push(format!("response header `{}` of `{op}`", k.wire_name), "added", Impact::Minor);
        }
    }

    fn param(&mut self, item: String, p: &Param, q: &Param) {
        match (p.required, q.required) {
            (false, true) => {
                self.push(item.clone(), "now required: a new argument instead of a setter", Impact::Breaking)
            }
            (true, false) => self.push(item.clone(), "now optional: a setter instead of an argument", Impact::Breaking),
            _ => {}
        }
        if p.ty != q.ty {
            self.push(item.clone(), format!("type changed from `{}` to `{}`", ty(&p.ty), ty(&q.ty)), Impact::Breaking);
        }
        if p.wire_name != q.wire_name || p.location != q.location {
            let place = |p: &Param| {
                let location = match p.location {
                    crate::model::ParamLocation::Path => "path",
                    crate::model::ParamLocation::Query => "query",
                    crate::model::ParamLocation::Header => "header",
                    crate::model::ParamLocation::Cookie => "cookie",
                };
                format!("{location} parameter `{}`", p.wire_name)
            };
            self.push(item, format!("now sent as {} (was {})", place(q), place(p)), Impact::Patch);
        }
    }

    fn body(&mut self, op: &str, old: Option<&Body>, new: Option<&Body>) {
        let item = format!("request body of `{op}`");
        match (old, new) {
            (None, None) => {}
            (None, Some(b)) if b.required => self.push(item, "added, required: a new argument", Impact::Breaking),
            (None, Some(_)) => self.push(item, "added, optional: a new setter", Impact::Minor),
            (Some(_), None) => self.push(item, "removed", Impact::Breaking),
            (Some(a), Some(b)) => {
                if a.ty != b.ty || a.required != b.required {
                    let show = |b: &Body| format!("{}{}", ty(&b.ty), if b.required { "" } else { " (optional)" });
                    self.push(item, format!("changed from `{}` to `{}`", show(a), show(b)), Impact::Breaking);
                } else if a.media_type != b.media_type {
                    self.push(item, format!("now sent as `{}` (was `{}`)", b.media_type, a.media_type), Impact::Patch);
                }
            }
        }
    }

    fn types(&mut self, old: &[TypeDef], new: &[TypeDef]) {
        let (old_by_name, new_by_name) = (by_name(old), by_name(new));
        for t in old {
            match new_by_name.get(t.name.as_str()) {
                None => self.push(format!("type `{}`", t.name), "removed", Impact::Breaking),
                Some(n) => {
                    // A type that became an alias of one with the same
                    // definition, or the other way round, is compared as that type.
                    let defined = |k: &TypeKind| {
                        matches!(k, TypeKind::Enum { .. } | TypeKind::Struct { .. } | TypeKind::OneOf { .. })
                    };
                    let kinds = match (&t.kind, &n.kind) {
                        (TypeKind::Alias(_), k) if defined(k) => (seen(t, &old_by_name), &n.kind),
                        (k, TypeKind::Alias(_)) if defined(k) => (&t.kind, seen(n, &new_by_name)),
                        kinds => kinds,
                    };
                    self.type_def(t, n, kinds)
                }
            }
        }
        for n in new.iter().filter(|n| !old_by_name.contains_key(n.name.as_str())) {
            self.push(format!("type `{}`", n.name), "added", Impact::Minor);
        }
    }

    /// `kinds`: the kinds of `old` and `new` to compare.
    fn type_def(&mut self, old: &TypeDef, new: &TypeDef, kinds: (&TypeKind, &TypeKind)) {
        let name = &old.name;
        match kinds {
            (
                TypeKind::Struct { fields: a, union: union_a, additional: additional_a },
                TypeKind::Struct { fields: b, union: union_b, additional: additional_b },
            ) => {
                let required = |fs: &[Field]| {
                    fs.iter().filter(|f| f.presence.is_required()).map(|f| f.name.clone()).collect::<Vec<_>>()
                };
                let (ra, rb) = (required(a), required(b));
                if ra != rb && sorted(&ra) == sorted(&rb) {
                    let message = format!("`new` takes its arguments in another order: ({})", rb.join(", "));
                    self.push(format!("type `{name}`"), message, Impact::Breaking);
                }
                match (old.in_requests, new.in_requests) {
                    (true, false) => self.push(
                        format!("type `{name}`"),
                        "no longer sent in requests: its `with_*` setters are removed",
                        Impact::Breaking,
                    ),
                    (false, true) => self.push(
                        format!("type `{name}`"),
                        "now sent in requests: `with_*` setters added",
                        Impact::Minor,
                    ),
                    _ => {}
                }
                for f in a {
                    let item = format!("field `{}` of `{name}`", naming::plain(&f.name));
                    match b.iter().find(|g| g.name == f.name) {
                        None => self.push(item, "removed", Impact::Breaking),
                        Some(g) if Ty::field(f) != Ty::field(g) => self.push(
                            item,
                            format!("type changed from `{}` to `{}`", Ty::field(f), Ty::field(g)),
                            Impact::Breaking,
                        ),
                        Some(g) if f.presence.is_required() != g.presence.is_required() => self.push(
                            item,
                            format!(
                                "now {}: `new` takes different arguments",
                                if g.presence.is_required() { "required" } else { "optional" }
                            ),
                            Impact::Breaking,
                        ),
                        Some(g) if f.wire_name != g.wire_name => self.push(
                            item,
                            format!("JSON name changed from `{}` to `{}`", f.wire_name, g.wire_name),
                            Impact::Patch,
                        ),
                        Some(_) => {}
                    }
                }
                for g in b.iter().filter(|g| !a.iter().any(|f| f.name == g.name)) {
                    let item = format!("field `{}` of `{name}`", naming::plain(&g.name));
                    if g.presence.is_required() {
                        self.push(item, "added, required: `new` takes a new argument", Impact::Breaking);
                    } else {
                        self.push(item, "added (the struct is non-exhaustive)", Impact::Minor);
                    }
                }
                self.flattened(name, union_a.as_ref(), union_b.as_ref());
                let additional =
                    |value: &Option<TypeRef>| value.as_ref().map(|v| ty(&TypeRef::Map(Box::new(v.clone()))));
                let item = format!("field `{}` of `{name}`", crate::model::ADDITIONAL_FIELD);
                match (additional(additional_a), additional(additional_b)) {
                    (None, Some(_)) => self.push(item, "added (the struct is non-exhaustive)", Impact::Minor),
                    (Some(_), None) => self.push(item, "removed", Impact::Breaking),
                    (Some(a), Some(b)) if a != b => {
                        self.push(item, format!("type changed from `{a}` to `{b}`"), Impact::Breaking)
                    }
                    _ => {}
                }
            }
            (TypeKind::Enum { variants: a }, TypeKind::Enum { variants: b }) => {
                if catch_all(a) != catch_all(b) {
                    let message = format!("the catch-all variant is now `{}` (was `{}`)", catch_all(b), catch_all(a));
                    self.push(format!("enum `{name}`"), message, Impact::Breaking);
                }
                for v in a.iter().filter(|v| !b.iter().any(|w| w.wire_name == v.wire_name)) {
                    self.push(format!("enum `{name}`"), format!("value `{}` removed", v.wire_name), Impact::Breaking);
                }
                for w in b.iter().filter(|w| !a.iter().any(|v| v.wire_name == w.wire_name)) {
                    self.push(
                        format!("enum `{name}`"),
                        format!("value `{}` added (the enum is non-exhaustive)", w.wire_name),
                        Impact::Minor,
                    );
                }
            }
            (TypeKind::OneOf { variants: a }, TypeKind::OneOf { variants: b }) => {
                let names = |vs: &[crate::model::OneOfVariant]| {
                    vs.iter().map(|v| (v.name.clone(), Ty::stored(&v.ty, v.storage).to_string())).collect::<Vec<_>>()
                };
                let (a, b) = (names(a), names(b));
                if a.iter().any(|v| !b.contains(v)) {
                    self.push(format!("union `{name}`"), "an alternative was removed or changed", Impact::Breaking);
                } else if b.len() > a.len() {
                    self.push(
                        format!("union `{name}`"),
                        "an alternative was added (the enum is non-exhaustive)",
                        Impact::Minor,
                    );
                } else if a != b {
                    self.push(
                        format!("union `{name}`"),
                        "alternatives reordered: values decode in another order",
                        Impact::Patch,
                    );
                }
            }
            (TypeKind::Alias(a) | TypeKind::Newtype(a), TypeKind::Alias(b) | TypeKind::Newtype(b)) if a != b => self
                .push(format!("type `{name}`"), format!("changed from `{}` to `{}`", ty(a), ty(b)), Impact::Breaking),
            (TypeKind::Mapped(a), TypeKind::Mapped(b)) if a != b => {
                self.push(format!("type `{name}`"), format!("changed from `{a}` to `{b}`"), Impact::Breaking)
            }
            (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => self.push(
                format!("type `{name}`"),
                format!("changed from {} to {}", kind(a), kind(b)),
                Impact::Breaking,
            ),
            _ => {}
        }
    }
}

impl Differ {
    /// A union flattened into a struct is a required field of it.
    fn flattened(&mut self, name: &str, old: Option<&FlattenedUnion>, new: Option<&FlattenedUnion>) {
        let item = |u: &FlattenedUnion| format!("field `{}` of `{name}`", naming::plain(&u.name));
        match (old, new) {
            (None, Some(u)) => self.push(item(u), "added, required: `new` takes a new argument", Impact::Breaking),
            (Some(u), None) => self.push(item(u), "removed", Impact::Breaking),
            (Some(a), Some(b)) if a != b => self.push(
                item(a),
                format!("now the field `{}` of type `{}` (was `{}`)", naming::plain(&b.name), b.ty, a.ty),
                Impact::Breaking,
            ),
            _ => {}
        }
    }
}

fn by_name(types: &[TypeDef]) -> BTreeMap<&str, &TypeDef> {
    types.iter().map(|t| (t.name.as_str(), t)).collect()
}

/// The kind of `t` as users see it: an alias (through other aliases) of
/// an enum, a struct or a union is that type, whose variants or fields its
/// name has (the generator makes an inline schema defined like another an
/// alias of it).
fn seen<'t>(t: &'t TypeDef, types: &BTreeMap<&str, &'t TypeDef>) -> &'t TypeKind {
    let mut kind = &t.kind;
    for _ in 0..64 {
        match kind {
            TypeKind::Alias(TypeRef::Named(target)) => match types.get(target.as_str()) {
                Some(next) => kind = &next.kind,
                None => break,
            },
            _ => break,
        }
    }
    match kind {
        TypeKind::Enum { .. } | TypeKind::Struct { .. } | TypeKind::OneOf { .. } => kind,
        _ => &t.kind,
    }
}

fn kind(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Struct { .. } => "a struct",
        TypeKind::Enum { .. } => "an enum",
        TypeKind::OneOf { .. } => "a union",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype(_) => "a newtype",
        TypeKind::Mapped(_) => "a type chosen in the options",
    }
}

/// A success body's type as a reader sees it; for an enum by status, with
/// each status and its type.
fn response_text(body: &crate::model::ResponseBody) -> String {
    match body {
        crate::model::ResponseBody::ByStatus { name, variants } => {
            let statuses: Vec<String> =
                variants.iter().map(|v| format!("{}: {}", v.status, Ty::response_body(&v.body))).collect();
            format!("{name} ({})", statuses.join(", "))
        }
        other => Ty::response_body(other).to_string(),
    }
}

fn sorted(names: &[String]) -> Vec<&String> {
    let mut names: Vec<&String> = names.iter().collect();
    names.sort();
    names
}

/// The name of an enum's variant for unknown values, as the emitter picks it.
fn catch_all(variants: &[Variant]) -> String {
    naming::catch_all(variants.iter().map(|v| v.name.as_str()))
}
