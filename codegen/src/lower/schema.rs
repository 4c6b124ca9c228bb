//! Schemas to Rust types: named types for components and for inline objects,
//! enums and unions; type references for everything else.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::Lowerer;
use crate::diagnostics::SpecPath;
use crate::model::{Field, OneOfVariant, TypeDef, TypeKind, TypeRef, Variant};
use crate::naming;
use crate::spec::{Additional, Schema};

impl<'d> Lowerer<'d> {
    /// The type of a value described by `schema`, naming any inline type it
    /// needs `context`. Returns the type and whether `null` is allowed.
    pub(super) fn schema_type(&mut self, schema: &Schema, context: &str) -> (TypeRef, bool) {
        if let Some(target) = &schema.reference {
            return match self.schema_ref(target, &schema.path) {
                Some((rust, nullable)) => (TypeRef::Named(rust), nullable),
                None => (TypeRef::Json, false),
            };
        }
        // `allOf: [$ref]` is how 3.0 documents add a description or `nullable` to a reference.
        if let [only] = schema.all_of.as_slice() {
            if schema.properties.is_empty() && schema.one_of.is_empty() && schema.any_of.is_empty() {
                let (ty, nullable) = self.schema_type(only, context);
                return (ty, nullable || schema.nullable);
            }
        }
        let needs_name = !schema.all_of.is_empty()
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || is_string_enum(schema)
            || !schema.properties.is_empty();
        if needs_name {
            let name = naming::camel(context);
            if !self.take_name(&name, &schema.path) {
                return (TypeRef::Json, schema.nullable);
            }
            self.define(name.clone(), schema);
            return (TypeRef::Named(name), schema.nullable);
        }
        (self.plain_type(schema, context), schema.nullable)
    }

    /// The type of a schema that needs no name of its own: scalars, lists, maps.
    fn plain_type(&mut self, schema: &Schema, context: &str) -> TypeRef {
        if schema.has_not {
            self.error(&schema.path.key("not"), "`not` schemas are not supported")
                .help("describe what the value is rather than what it is not");
            return TypeRef::Json;
        }
        match schema.ty.as_deref() {
            Some("string") => TypeRef::String,
            Some("boolean") => TypeRef::Bool,
            Some("integer") => match schema.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match schema.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("array") => match &schema.items {
                Some(items) => {
                    let (item, nullable) = self.schema_type(items, &format!("{context}Item"));
                    TypeRef::Vec(Box::new(nullable_in_collection(item, nullable)))
                }
                None => {
                    self.error(&schema.path, "an array schema needs `items`")
                        .help("add `items:` with the schema of the elements");
                    TypeRef::Vec(Box::new(TypeRef::Json))
                }
            },
            Some(_) | None => match &schema.additional {
                Some(Additional::Schema(values)) => {
                    let (value, nullable) = self.schema_type(values, &format!("{context}Value"));
                    TypeRef::Map(Box::new(nullable_in_collection(value, nullable)))
                }
                _ if schema.ty.as_deref() == Some("object") => TypeRef::Map(Box::new(TypeRef::Json)),
                _ => TypeRef::Json,
            },
        }
    }

    /// Resolves a schema `$ref` to its Rust type name and whether the target is nullable.
    fn schema_ref(&mut self, target: &str, path: &SpecPath) -> Option<(String, bool)> {
        let name = self.ref_name(target, path, "schemas")?;
        let doc = self.doc;
        match doc.components.schemas.iter().find(|(key, _)| *key == name) {
            Some((key, schema)) => Some((self.components[key.as_str()].clone(), schema.nullable)),
            None => {
                self.error(path, format!("`$ref` points to nothing: there is no `components.schemas.{name}`"));
                None
            }
        }
    }

    /// Defines the named type `name` (already taken) from `schema`.
    pub(super) fn define(&mut self, name: String, schema: &Schema) {
        let kind = if let Some(target) = &schema.reference {
            let ty = self.schema_ref(target, &schema.path).map_or(TypeRef::Json, |(rust, _)| TypeRef::Named(rust));
            TypeKind::Alias(ty)
        } else if !schema.one_of.is_empty() || !schema.any_of.is_empty() {
            self.one_of(&name, schema)
        } else if !schema.all_of.is_empty() {
            let mut parts = Vec::new();
            self.all_of_parts(schema, &mut BTreeSet::new(), &mut parts);
            self.structure(&name, &parts)
        } else if is_string_enum(schema) {
            self.enumeration(schema)
        } else if !schema.properties.is_empty() {
            self.structure(&name, std::slice::from_ref(schema))
        } else {
            TypeKind::Alias(self.plain_type(schema, &name))
        };
        let doc = schema.description.clone().or_else(|| schema.title.clone());
        self.types.push(TypeDef { name, origin: schema.path.clone(), doc, kind, in_requests: false });
    }

    /// The object schemas an `allOf` combines, references followed.
    fn all_of_parts(&mut self, schema: &Schema, seen: &mut BTreeSet<String>, parts: &mut Vec<Schema>) {
        let own = Schema { all_of: Vec::new(), ..schema.clone() };
        for part in &schema.all_of {
            let (resolved, reference) = match &part.reference {
                Some(target) => {
                    let Some(name) = self.ref_name(target, &part.path, "schemas") else { continue };
                    if seen.contains(&name) {
                        self.error(&part.path, format!("`allOf` includes `{name}` inside itself"));
                        continue;
                    }
                    let doc = self.doc;
                    match doc.components.schemas.iter().find(|(key, _)| *key == name) {
                        Some((_, target)) => (target.clone(), Some(name)),
                        None => {
                            self.error(
                                &part.path,
                                format!("`$ref` points to nothing: there is no `components.schemas.{name}`"),
                            );
                            continue;
                        }
                    }
                }
                None => (part.clone(), None),
            };
            if !resolved.one_of.is_empty() || !resolved.any_of.is_empty() {
                self.error(&part.path, "`oneOf`/`anyOf` inside `allOf` is not supported")
                    .help("list the combined object's properties, or make the union the outer schema");
                continue;
            }
            let objectish = resolved.ty.as_deref().is_none_or(|t| t == "object");
            if !objectish {
                self.error(&part.path, "`allOf` can only combine object schemas here")
                    .help("use `allOf` to merge objects; for a single reference write `$ref` alone");
                continue;
            }
            if resolved.all_of.is_empty() {
                parts.push(resolved);
            } else {
                // `seen` holds the references being expanded, not all those met:
                // two parts may share a base (a diamond) without a cycle.
                if let Some(name) = &reference {
                    seen.insert(name.clone());
                }
                self.all_of_parts(&resolved, seen, parts);
                if let Some(name) = &reference {
                    seen.remove(name);
                }
            }
        }
        parts.push(own);
    }

    /// A struct from the properties of `parts` (one schema, or the parts of an `allOf`).
    fn structure(&mut self, name: &str, parts: &[Schema]) -> TypeKind {
        let required: BTreeSet<&str> = parts.iter().flat_map(|p| p.required.iter().map(String::as_str)).collect();
        let mut fields: Vec<Field> = Vec::new();
        let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
        let mut additional: Option<(TypeRef, &SpecPath)> = None;
        for part in parts {
            for (wire, prop) in &part.properties {
                if fields.iter().any(|f| f.wire_name == *wire) {
                    continue; // a later `allOf` part restating a property keeps the first
                }
                let rust = naming::snake(wire);
                if let Some(first) = rust_names.get(&rust) {
                    self.error(
                        &prop.path,
                        format!(
                            "properties `{first}` and `{wire}` both become the Rust field `{}`",
                            naming::plain(&rust)
                        ),
                    )
                    .help("rename one of the properties");
                    continue;
                }
                rust_names.insert(rust.clone(), wire.clone());
                let (ty, nullable) = self.schema_type(prop, &format!("{name}{}", naming::camel(wire)));
                let is_required = required.contains(wire.as_str());
                let mut doc = prop.description.clone();
                if prop.deprecated {
                    doc = Some(format!("**Deprecated.** {}", doc.unwrap_or_default()).trim_end().to_owned());
                }
                fields.push(Field {
                    name: rust,
                    wire_name: wire.clone(),
                    ty,
                    optional: !is_required || nullable,
                    required: is_required,
                    nullable,
                    tri_state: false,
                    boxed: false,
                    flatten: false,
                    doc,
                });
            }
            match &part.additional {
                Some(Additional::Schema(values)) => {
                    let (value, nullable) = self.schema_type(values, &format!("{name}Value"));
                    additional = Some((nullable_in_collection(value, nullable), &part.path));
                }
                Some(Additional::Allowed(true)) => additional = Some((TypeRef::Json, &part.path)),
                _ => {}
            }
        }
        if let Some((value, path)) = additional {
            let field = "additional_properties";
            if rust_names.contains_key(field) {
                self.error(
                    path,
                    format!("a property named `{field}` clashes with the field that holds `additionalProperties`"),
                );
            } else {
                fields.push(Field {
                    name: field.to_owned(),
                    wire_name: field.to_owned(),
                    ty: TypeRef::Map(Box::new(value)),
                    optional: false,
                    required: false,
                    nullable: false,
                    tri_state: false,
                    boxed: false,
                    flatten: true,
                    doc: Some(String::from("Properties not listed in the schema (`additionalProperties`).")),
                });
            }
        }
        TypeKind::Struct { fields }
    }

    fn enumeration(&mut self, schema: &Schema) -> TypeKind {
        let mut variants: Vec<Variant> = Vec::new();
        for (i, value) in schema.enum_values.iter().flatten().enumerate() {
            let wire = match value {
                Value::String(s) => s.clone(),
                Value::Null => continue,
                other => {
                    self.error(
                        &schema.path.key("enum").index(i),
                        format!("enum value {} is not a string", scalar_text(other)),
                    )
                    .help("a string enum lists strings only; quote the value");
                    continue;
                }
            };
            let name = naming::variant(&wire);
            if let Some(first) = variants.iter().find(|v| v.name == name) {
                self.error(
                    &schema.path.key("enum").index(i),
                    format!("enum values `{}` and `{wire}` both become the Rust variant `{name}`", first.wire_name),
                )
                .help("values that differ only in case or punctuation cannot both be variants");
                continue;
            }
            if variants.iter().any(|v| v.wire_name == wire) {
                continue;
            }
            variants.push(Variant { name, wire_name: wire });
        }
        TypeKind::Enum { variants }
    }

    fn one_of(&mut self, name: &str, schema: &Schema) -> TypeKind {
        let alternatives = if schema.one_of.is_empty() { &schema.any_of } else { &schema.one_of };
        if !schema.properties.is_empty() {
            self.error(&schema.path.key("properties"), "`properties` beside `oneOf`/`anyOf` are not supported")
                .help("move the shared properties into each alternative with `allOf`");
        }
        let mut variants: Vec<OneOfVariant> = Vec::new();
        for (i, part) in alternatives.iter().enumerate() {
            let (ty, nullable) = self.schema_type(part, &format!("{name}Variant{i}"));
            let mut variant = match (&part.reference, &ty) {
                (Some(_), TypeRef::Named(n)) => n.clone(),
                (_, TypeRef::String) => "String".to_owned(),
                (_, TypeRef::I32 | TypeRef::I64) => "Integer".to_owned(),
                (_, TypeRef::F32 | TypeRef::F64) => "Number".to_owned(),
                (_, TypeRef::Bool) => "Boolean".to_owned(),
                (_, TypeRef::Vec(_)) => "List".to_owned(),
                (_, TypeRef::Map(_) | TypeRef::Json) => "Object".to_owned(),
                _ => format!("Variant{i}"),
            };
            if variants.iter().any(|v| v.name == variant) {
                variant = format!("{variant}{i}");
            }
            variants.push(OneOfVariant { name: variant, ty: nullable_in_collection(ty, nullable), boxed: false });
        }
        TypeKind::OneOf { variants }
    }
}

fn is_string_enum(schema: &Schema) -> bool {
    schema.enum_values.is_some() && schema.ty.as_deref().is_none_or(|t| t == "string")
}

fn nullable_in_collection(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Option(Box::new(ty))
    } else {
        ty
    }
}

fn scalar_text(value: &Value) -> String {
    serde_yaml::to_string(value).map(|s| s.trim().to_owned()).unwrap_or_default()
}

/// Marks the fields through which a type contains itself as boxed (a struct
/// cannot hold itself by value), turns aliases that contain themselves into
/// newtypes (`type L = Vec<L>` is not Rust), and reports `$ref` chains that
/// name only each other and so describe no type at all.
pub(super) fn box_recursive_types(l: &mut Lowerer<'_>) {
    let index: BTreeMap<String, usize> = l.types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let edges = |refs: fn(&TypeKind) -> Vec<&str>, types: &[TypeDef]| -> Vec<Vec<usize>> {
        types.iter().map(|t| refs(&t.kind).iter().filter_map(|n| index.get(*n).copied()).collect()).collect()
    };

    // Any reference, even behind a `Vec` or map, makes a recursive alias.
    let all = edges(all_refs, &l.types);
    let component = strongly_connected(&all);
    for i in 0..l.types.len() {
        let cyclic = all[i].iter().any(|&j| component[j] == component[i]);
        if let (true, TypeKind::Alias(ty)) = (cyclic, &l.types[i].kind) {
            l.types[i].kind = TypeKind::Newtype(ty.clone());
        }
    }

    let by_value = edges(by_value_refs, &l.types);
    let component = strongly_connected(&by_value);
    for i in 0..l.types.len() {
        let cyclic = by_value[i].iter().any(|&j| component[j] == component[i]);
        if !cyclic {
            continue;
        }
        let same = |name: &str| index.get(name).is_some_and(|&j| component[j] == component[i]);
        let name = l.types[i].name.clone();
        match &mut l.types[i].kind {
            TypeKind::Struct { fields } => {
                for f in fields.iter_mut().filter(|f| !f.flatten) {
                    f.boxed = by_value_name(&f.ty).is_some_and(same);
                }
            }
            TypeKind::OneOf { variants } => {
                for v in variants.iter_mut() {
                    v.boxed = by_value_name(&v.ty).is_some_and(same);
                }
            }
            TypeKind::Alias(_) | TypeKind::Newtype(_) => {
                let only_aliases = (0..l.types.len())
                    .filter(|&j| component[j] == component[i])
                    .all(|j| matches!(l.types[j].kind, TypeKind::Alias(_) | TypeKind::Newtype(_)));
                if only_aliases {
                    let path = l.types[i].origin.clone();
                    l.error(
                        &path,
                        format!("`$ref` cycle: the schema for `{name}` refers only to itself through other references"),
                    )
                    .help("one schema in the cycle must describe a value (an object, array or scalar)");
                }
            }
            TypeKind::Enum { .. } => {}
        }
    }
}

/// The named type a value of `ty` holds directly (not behind a `Vec` or map).
fn by_value_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Option(inner) => by_value_name(inner),
        _ => None,
    }
}

fn by_value_refs(kind: &TypeKind) -> Vec<&str> {
    match kind {
        TypeKind::Struct { fields } => fields.iter().filter_map(|f| by_value_name(&f.ty)).collect(),
        TypeKind::OneOf { variants } => variants.iter().filter_map(|v| by_value_name(&v.ty)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => by_value_name(ty).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Every named type `kind` refers to, directly or inside lists and maps.
fn all_refs(kind: &TypeKind) -> Vec<&str> {
    let walk = walk_names;
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct { fields } => fields.iter().for_each(|f| walk(&f.ty, &mut out)),
        TypeKind::OneOf { variants } => variants.iter().for_each(|v| walk(&v.ty, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => walk(ty, &mut out),
        TypeKind::Enum { .. } => {}
    }
    out
}

/// Tarjan's algorithm: the strongly connected component of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    struct State<'e> {
        edges: &'e [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        component: Vec<usize>,
        next: usize,
        components: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.components;
                if w == v {
                    break;
                }
            }
            s.components += 1;
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        component: vec![0; n],
        next: 0,
        components: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.component
}

/// Marks the types sent in request bodies, and in them the optional,
/// nullable fields, which tell absent, `null` and a value apart.
pub(super) fn mark_request_types(types: &mut [TypeDef], bodies: &[TypeRef]) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut pending: Vec<usize> = Vec::new();
    for body in bodies {
        let mut names = Vec::new();
        walk_names(body, &mut names);
        pending.extend(names.iter().filter_map(|n| index.get(*n).copied()));
    }
    while let Some(i) = pending.pop() {
        if types[i].in_requests {
            continue;
        }
        types[i].in_requests = true;
        for name in all_refs(&types[i].kind) {
            if let Some(&j) = index.get(name) {
                pending.push(j);
            }
        }
        if let TypeKind::Struct { fields } = &mut types[i].kind {
            for f in fields.iter_mut() {
                f.tri_state = f.nullable && !f.required && !f.flatten;
            }
        }
    }
}

fn walk_names<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => walk_names(inner, out),
        _ => {}
    }
}
