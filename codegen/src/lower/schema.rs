//! Schemas to Rust types: named types for components and for inline objects,
//! enums and unions; type references for everything else.
//!
//! Each component schema is lowered once, and an `allOf` that names one
//! takes the fields already lowered for it, so the work is linear in the
//! size of the document whatever the shape of its references.

use std::collections::{BTreeMap, BTreeSet};

use crate::spec::Value;

use super::{Definition, Lowerer};
use crate::diagnostics::SpecPath;
use crate::model::{
    Field, FlattenedUnion, Hints, OneOfVariant, Presence, Storage, TypeDef, TypeKind, TypeRef, Variant,
    ADDITIONAL_FIELD,
};
use crate::naming;
use crate::spec::pointer::unescape;
use crate::spec::{Additional, Schema};
use crate::Dates;

/// What the members of an `allOf` come to.
enum Combined {
    /// Objects: their parts merged in member order.
    Object(Parts),
    /// One value that is not an object (a scalar, an enum, a list, a union).
    Value(TypeRef),
    /// No member says what the value is.
    Anything,
}

/// What the members of an `allOf` add up to, while they are read.
/// An object's parts: the shape of [`TypeKind::Struct`].
#[derive(Default)]
struct Parts {
    fields: Vec<Field>,
    union: Option<FlattenedUnion>,
    additional: Option<TypeRef>,
}

impl Parts {
    fn into_kind(self) -> TypeKind {
        let Parts { fields, mut union, additional } = self;
        // The union's field was named before every property was known.
        if let Some(union) = &mut union {
            union.name = union_field_name(&fields, &union.name);
        }
        TypeKind::Struct { fields, union, additional }
    }
}

#[derive(Default)]
struct Merged {
    parts: Parts,
    /// The first member that is a value, not an object, and where it is.
    value: Option<(TypeRef, SpecPath)>,
    /// The first member that is an object.
    object_at: Option<SpecPath>,
    /// Properties that some member lists in `required`.
    required: BTreeSet<String>,
}

/// What the alternatives of a union of objects declare.
struct Declared {
    /// The properties every alternative declares.
    every: BTreeSet<String>,
    /// The properties some alternative requires.
    required: BTreeSet<String>,
}

impl Declared {
    /// The object's own fields beside a flattened union: a property every
    /// alternative declares, or one an alternative requires, is read by the
    /// alternative (the object reads its properties first, so that
    /// alternative could not match otherwise); the others stay.
    fn leave_to_alternatives(&self, fields: &mut Vec<Field>) {
        fields.retain(|f| !self.every.contains(&f.wire_name) && !self.required.contains(&f.wire_name));
    }
}

/// What one `allOf` member contributes, found without lowering it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Object,
    Value,
    /// Constraints or prose only (`{maxLength: 5}`, `{description: ...}`).
    Nothing,
}

impl<'d> Lowerer<'d> {
    /// The type of a value described by `schema`, naming any inline type it
    /// needs `context`. Returns the type and whether `null` is allowed.
    pub(super) fn schema_type(&mut self, schema: &Schema, context: &str) -> (TypeRef, bool) {
        if let Some(target) = &schema.reference {
            return match self.schema_ref(target, &schema.path) {
                Some((rust, nullable)) => (TypeRef::Named(rust), nullable || schema.nullable),
                None => (TypeRef::Json, false),
            };
        }
        if let Some(key) = self.pointer_paths.get(&schema.path) {
            return (TypeRef::Named(self.components[key].rust.clone()), schema.nullable);
        }
        if !schema.all_of.is_empty() && schema.rare().one_of.is_empty() && schema.any_of.is_empty() {
            let nullable = schema.nullable || self.all_of_nullable(schema);
            // `allOf: [$ref]` is how 3.0 documents add a description or `nullable` to a reference.
            if let Some(only) = self.only_reference(schema) {
                return (self.schema_type(only, context).0, nullable);
            }
            if self.all_of_shape(schema) != Shape::Object {
                return match self.combine(context, schema) {
                    Combined::Value(ty) => (ty, nullable),
                    _ => (TypeRef::Json, nullable),
                };
            }
        }
        // An enum of the empty string alone is the runtime's `Empty`: one
        // type for every such enum (large APIs have hundreds).
        if only_empty_string(schema) && schema.rare().rust_name.is_none() {
            return (TypeRef::Empty, schema.nullable);
        }
        // `anyOf: [X]` (or `oneOf`) is X: a union of one is no union.
        if let (Some(only), None) = (single_alternative(schema), &schema.rare().rust_name) {
            let (ty, nullable) = self.schema_type(only, context);
            return (ty, nullable || schema.nullable);
        }
        let needs_name = !schema.all_of.is_empty()
            || !schema.rare().one_of.is_empty()
            || !schema.any_of.is_empty()
            || is_string_enum(schema)
            || has_object_properties(schema);
        if needs_name {
            let wanted = match &schema.rare().rust_name {
                Some(chosen) => self.chosen_name(chosen, &schema.path, naming::camel),
                None => naming::camel(context),
            };
            let name = self.take_name(&wanted, &schema.path, schema.rare().rust_name.is_some());
            self.define(name.clone(), schema);
            return (TypeRef::Named(name), schema.nullable);
        }
        (self.plain_type(schema, context), schema.nullable)
    }

    /// The example and bounds of `schema`, its own over those of the
    /// component schemas its `$ref`s name, then over those of its `allOf`
    /// members (a `$ref` beside a description, as real documents write
    /// it); `None` when there are none.
    pub(super) fn hints(&self, schema: &Schema) -> Option<Box<Hints>> {
        let mut hints = schema.hints.as_deref().cloned().unwrap_or_default();
        self.referenced_hints(&mut hints, schema);
        for member in &schema.all_of {
            merge_hints(&mut hints, member.hints.as_deref());
            self.referenced_hints(&mut hints, member);
        }
        if let Some(items) = &schema.items {
            hints.items = self.hints(items);
        }
        (!hints.is_empty()).then(|| Box::new(hints))
    }

    /// Adds to `hints` what they lack of the hints of the components the
    /// `$ref`s of `schema` name, one after the other.
    fn referenced_hints(&self, hints: &mut Hints, schema: &Schema) {
        let mut target = schema.reference.as_deref();
        for _ in 0..8 {
            let Some(key) = target.and_then(|t| t.strip_prefix("#/components/schemas/")) else { break };
            let Some(component) = self.components.get(key) else { break };
            merge_hints(hints, component.schema.hints.as_deref());
            target = component.schema.reference.as_deref();
        }
    }

    /// The type of a schema that needs no name of its own: scalars, lists, maps.
    fn plain_type(&mut self, schema: &Schema, context: &str) -> TypeRef {
        if !schema.properties.is_empty() && !has_object_properties(schema) {
            let ty = schema.ty.as_deref().unwrap_or_default();
            self.warning(
                &schema.path.key("properties"),
                format!("`properties` of a `type: {ty}` schema are ignored: they apply to objects only"),
            )
            .help("remove `type`, or `properties`");
        }
        match schema.ty.as_deref() {
            Some("string") => match schema.format.as_deref() {
                Some("binary") => TypeRef::File,
                Some("date-time") if self.opts.dates == Dates::Jiff => TypeRef::DateTime,
                Some("date") if self.opts.dates == Dates::Jiff => TypeRef::Date,
                Some("uuid") => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            Some("boolean") => TypeRef::Bool,
            Some("integer") => match schema.format.as_deref() {
                Some("int32") => TypeRef::I32,
                Some("uint8") => TypeRef::U8,
                Some("uint16") => TypeRef::U16,
                Some("uint32") => TypeRef::U32,
                Some("uint64") => TypeRef::U64,
                _ => TypeRef::I64,
            },
            Some("number") => match schema.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("array") if !schema.rare().prefix_items.is_empty() => TypeRef::Tuple(
                schema
                    .rare()
                    .prefix_items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let (ty, nullable) = self.schema_type(item, &format!("{context}Item{i}"));
                        nullable_in_collection(ty, nullable)
                    })
                    .collect(),
            ),
            Some("array") => match &schema.items {
                Some(items) => {
                    let (item, nullable) = self.schema_type(items, &format!("{context}Item"));
                    TypeRef::Vec(Box::new(nullable_in_collection(item, nullable)))
                }
                // An array that does not say what it holds holds any JSON value.
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            Some(_) | None => match &schema.rare().additional {
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
        let key = self.schema_key(target, path)?;
        let component = &self.components[key.as_str()];
        Some((component.rust.clone(), component.schema.nullable))
    }

    /// The component key a schema `$ref` names, or a diagnostic saying why it names none.
    fn schema_key(&mut self, target: &str, path: &SpecPath) -> Option<String> {
        let name = self.ref_name(target, path, "schemas")?;
        if self.components.contains_key(name.as_str()) {
            Some(name)
        } else {
            let section = self.section("schemas");
            self.error(path, format!("`$ref` points to nothing: there is no `{section}.{name}`"));
            None
        }
    }

    /// Defines the named type `name` (already taken) from `schema`.
    pub(super) fn define(&mut self, name: String, schema: &Schema) {
        let kind = if let Some(target) = &schema.reference {
            let ty = self.schema_ref(target, &schema.path).map_or(TypeRef::Json, |(rust, _)| TypeRef::Named(rust));
            TypeKind::Alias(ty)
        } else if only_empty_string(schema) {
            TypeKind::Alias(TypeRef::Empty)
        } else if let Some(only) = single_alternative(schema) {
            TypeKind::Alias(self.schema_type(only, &name).0)
        } else if !schema.rare().one_of.is_empty() || !schema.any_of.is_empty() {
            self.one_of(&name, schema)
        } else if !schema.all_of.is_empty() {
            match self.only_reference(schema) {
                Some(only) => TypeKind::Alias(self.schema_type(only, &name).0),
                None => match self.combine(&name, schema) {
                    Combined::Object(parts) => parts.into_kind(),
                    Combined::Value(ty) => TypeKind::Alias(ty),
                    Combined::Anything => TypeKind::Alias(TypeRef::Json),
                },
            }
        } else if is_string_enum(schema) {
            self.enumeration(schema)
        } else if has_object_properties(schema) {
            let mut fields = Vec::new();
            let additional = self.object_fields(&name, schema, &mut fields);
            if additional.is_none() {
                // Nothing could hold it: say so rather than drop it silently.
                for missing in schema.rare().required.iter().filter(|r| !fields.iter().any(|f| f.wire_name == **r)) {
                    self.warning(
                        &schema.path.key("required"),
                        format!(
                            "required property `{missing}` is not among `properties`; `{name}` has no field for it"
                        ),
                    )
                    .help(format!("describe `{missing}` under `properties`"));
                }
            }
            TypeKind::Struct { fields, union: None, additional }
        } else {
            TypeKind::Alias(self.plain_type(schema, &name))
        };
        let doc = schema.description.clone().or_else(|| schema.title.clone());
        self.push_type(TypeDef { name, origin: schema.path.clone(), doc, kind, in_requests: false });
    }

    /// The one member of an `allOf` that says what the value is, when it is
    /// a `$ref` and the schema adds no properties of its own: the schema is
    /// that reference, with more prose or `nullable`.
    fn only_reference<'s>(&mut self, schema: &'s Schema) -> Option<&'s Schema> {
        if !schema.properties.is_empty() || schema.rare().additional.is_some() || is_string_enum(schema) {
            return None;
        }
        let mut saying = schema.all_of.iter().filter(|m| m.reference.is_some() || !m.all_of.is_empty() || says_what(m));
        match (saying.next(), saying.next()) {
            (Some(only), None) if only.reference.is_some() => Some(only),
            _ => None,
        }
    }

    /// True when any member of an `allOf` (followed through references) is nullable.
    fn all_of_nullable(&self, schema: &Schema) -> bool {
        schema.all_of.iter().any(|m| {
            m.nullable
                || m.reference
                    .as_deref()
                    .and_then(|t| self.known_schema_key(t))
                    .is_some_and(|key| self.components.get(key.as_str()).is_some_and(|c| c.schema.nullable))
        })
    }

    /// The component key a schema `$ref` names, when there is such a component (no diagnostic).
    fn known_schema_key(&self, target: &str) -> Option<String> {
        if self.components.contains_key(target) {
            return Some(target.to_owned());
        }
        let key = unescape(target.strip_prefix("#/components/schemas/").filter(|k| !k.contains('/'))?).into_owned();
        self.components.contains_key(key.as_str()).then_some(key)
    }

    /// Whether an `allOf` combines objects, one value, or says nothing.
    fn all_of_shape(&mut self, schema: &Schema) -> Shape {
        let mut shape = self.own_shape(schema);
        for member in &schema.all_of {
            match self.member_shape(member) {
                Shape::Object => return Shape::Object,
                Shape::Value => shape = Shape::Value,
                Shape::Nothing => {}
            }
        }
        shape
    }

    /// The shape of the schema's own keywords, `allOf` aside.
    fn own_shape(&self, schema: &Schema) -> Shape {
        // `additionalProperties: false` alone only constrains objects: beside
        // a member that is a string, it says nothing.
        let additional = matches!(schema.rare().additional, Some(Additional::Schema(_) | Additional::Allowed(true)));
        if !schema.properties.is_empty() || additional || schema.ty.as_deref() == Some("object") {
            Shape::Object
        } else if says_value(schema) {
            Shape::Value
        } else {
            Shape::Nothing
        }
    }

    fn member_shape(&mut self, member: &Schema) -> Shape {
        if let Some(target) = &member.reference {
            let Some(key) = self.known_schema_key(target) else { return Shape::Value };
            let Some(index) = self.component(&key) else { return Shape::Nothing };
            return if self.object_index(index).is_some() { Shape::Object } else { Shape::Value };
        }
        if member.rare().one_of.is_empty() && member.any_of.is_empty() && !member.all_of.is_empty() {
            return self.all_of_shape(member);
        }
        self.own_shape(member)
    }

    /// The index of the named type `name`, its component defined now if it
    /// is not yet.
    fn named_index(&mut self, name: &str) -> Option<usize> {
        if let Some(&index) = self.type_index.get(name) {
            return Some(index);
        }
        let key = self.component_keys.get(name).copied()?;
        self.component(key)
    }

    /// The object type that the named type at `index` is, aliases followed
    /// (and defined on the way): its index, or `None` for other values.
    fn object_index(&mut self, index: usize) -> Option<usize> {
        let mut index = index;
        for _ in 0..=self.types.len() {
            match &self.types[index].kind {
                TypeKind::Struct { .. } | TypeKind::Alias(TypeRef::Map(_)) => return Some(index),
                TypeKind::Alias(TypeRef::Named(next)) => {
                    let next = next.clone();
                    index = self.named_index(&next)?;
                }
                _ => return None,
            }
        }
        None
    }

    /// The parts of the named type at `index`, aliases followed, when it is
    /// an object; `None` for other values.
    fn object_parts(&mut self, index: usize) -> Option<Parts> {
        let index = self.object_index(index)?;
        match &self.types[index].kind {
            TypeKind::Struct { fields, union, additional } => {
                Some(Parts { fields: fields.clone(), union: union.clone(), additional: additional.clone() })
            }
            TypeKind::Alias(TypeRef::Map(value)) => {
                Some(Parts { additional: Some((**value).clone()), ..Parts::default() })
            }
            _ => None,
        }
    }

    /// The members of an `allOf`, and the schema's own properties, combined.
    fn combine(&mut self, name: &str, schema: &Schema) -> Combined {
        let mut merged = Merged::default();
        self.combine_into(name, schema, &mut merged);
        let Merged { mut parts, value, object_at, required } = merged;
        for field in parts.fields.iter_mut().filter(|f| required.contains(&f.wire_name)) {
            field.presence = Presence::of(true, field.presence.nullable());
        }
        match (object_at, value) {
            (Some(_), Some((ty, at))) => {
                let variants = match &ty {
                    TypeRef::Named(n) => match self.type_def(n).map(|t| &t.kind) {
                        Some(TypeKind::OneOf { variants }) => Some((n.clone(), variants.clone())),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some((union, variants)) = variants {
                    // Objects and a union of objects: the union is flattened into the object.
                    match self.alternatives_properties(&variants) {
                        Some(_) if parts.union.is_some() => {
                            self.error(&at, "`allOf` combines two unions of objects; one is supported")
                                .help("list the alternatives' combinations in one `oneOf`");
                        }
                        Some(declared) => {
                            declared.leave_to_alternatives(&mut parts.fields);
                            let name = union_field_name(&parts.fields, &naming::snake(&union));
                            parts.union = Some(FlattenedUnion { name, ty: union });
                        }
                        None => {
                            self.error(&at, "`allOf` combines objects with a `oneOf`/`anyOf` whose alternatives are not all objects")
                                .help("make every alternative an object, or list the combined object's properties in each alternative");
                        }
                    }
                } else {
                    let what = ty.rust_text();
                    self.error(
                        &at,
                        format!("`allOf` combines objects with a value of type `{what}`; no value is both"),
                    )
                    .help("combine only objects, or only one kind of value");
                }
                Combined::Object(self.checked_parts(parts, &schema.path))
            }
            (Some(_), None) => Combined::Object(self.checked_parts(parts, &schema.path)),
            (None, Some((ty, _))) => Combined::Value(ty),
            (None, None) => Combined::Anything,
        }
    }

    /// Adds what `schema` (an `allOf` member, or the schema holding it) says to `merged`.
    fn combine_into(&mut self, name: &str, schema: &Schema, merged: &mut Merged) {
        for (i, member) in schema.all_of.iter().enumerate() {
            if let Some(target) = &member.reference {
                let Some(key) = self.schema_key(target, &member.path) else { continue };
                let Some(index) = self.component(&key) else {
                    if self.components[key.as_str()].state == Definition::InProgress {
                        self.error(&member.path, format!("`allOf` includes `{key}` inside itself"));
                    }
                    continue;
                };
                match self.object_parts(index) {
                    Some(inherited) => {
                        merged.object_at.get_or_insert_with(|| member.path.clone());
                        let mut taken = Taken::of(&merged.parts.fields);
                        for field in inherited.fields {
                            self.add_field(&mut merged.parts.fields, &mut taken, field, &member.path, false);
                        }
                        if inherited.additional.is_some() {
                            merged.parts.additional = inherited.additional;
                        }
                        if let Some(union) = inherited.union {
                            if merged.parts.union.is_some() {
                                self.error(&member.path, "`allOf` combines two unions of objects; one is supported")
                                    .help("list the alternatives' combinations in one `oneOf`");
                            }
                            merged.parts.union.get_or_insert(union);
                        }
                    }
                    None => {
                        let ty = TypeRef::Named(self.types[index].name.clone());
                        merged.value.get_or_insert((ty, member.path.clone()));
                    }
                }
                continue;
            }
            match self.member_shape(member) {
                Shape::Object => {
                    merged.object_at.get_or_insert_with(|| member.path.clone());
                    self.combine_into(name, member, merged);
                }
                Shape::Value => {
                    let (ty, _) = self.schema_type(member, &format!("{name}AllOf{i}"));
                    merged.value.get_or_insert((ty, member.path.clone()));
                }
                Shape::Nothing => {}
            }
        }
        merged.required.extend(schema.rare().required.iter().cloned());
        match self.own_shape(schema) {
            Shape::Object => {
                merged.object_at.get_or_insert_with(|| schema.path.clone());
                let own = self.object_fields(name, schema, &mut merged.parts.fields);
                if own.is_some() {
                    merged.parts.additional = own;
                }
            }
            Shape::Value if merged.value.is_none() => {
                let ty = self.plain_type_or_enum(schema, name);
                merged.value = Some((ty, schema.path.clone()));
            }
            _ => {}
        }
    }

    /// The type of a schema's own value keywords (`type`, `enum`), for an
    /// `allOf` that says the value is a scalar or a list.
    fn plain_type_or_enum(&mut self, schema: &Schema, name: &str) -> TypeRef {
        if is_string_enum(schema) {
            let wanted = naming::camel(&format!("{name}Value"));
            let enum_name = self.take_name(&wanted, &schema.path, false);
            self.define(enum_name.clone(), schema);
            TypeRef::Named(enum_name)
        } else {
            self.plain_type(schema, name)
        }
    }

    /// Lowers the properties of one object schema into `fields`; returns the
    /// type of its additional properties, when it allows them.
    fn object_fields(&mut self, name: &str, schema: &Schema, fields: &mut Vec<Field>) -> Option<TypeRef> {
        let required: BTreeSet<&str> = schema.rare().required.iter().map(String::as_str).collect();
        let mut taken = Taken::of(fields);
        for (wire, prop) in &schema.properties {
            if taken.wires.contains(wire.as_str()) {
                continue; // a later `allOf` member restating a property keeps the first
            }
            let field_context = format!("{name}{}", naming::camel(wire));
            let (ty, nullable) = self.schema_type(prop, &field_context);
            let is_required = required.contains(wire.as_str());
            let mut doc = prop.description.clone();
            if prop.deprecated {
                doc = Some(format!("**Deprecated.** {}", doc.unwrap_or_default()).trim_end().to_owned());
            }
            // A format the Rust type does not already say (`email`, not `int64`
            // or `date-time`): on a plain string or number.
            let format = prop.format.clone().filter(|_| {
                matches!(ty, TypeRef::String | TypeRef::I64 | TypeRef::F64)
                    && !matches!(prop.format.as_deref(), Some("int64" | "double"))
            });
            let field = Field {
                name: match &prop.rare().rust_name {
                    Some(chosen) => self.chosen_name(chosen, &prop.path, naming::snake),
                    None => naming::snake(wire),
                },
                wire_name: wire.clone(),
                ty,
                presence: Presence::of(is_required, nullable),
                storage: Storage::Inline,
                format,
                hints: self.hints(prop),
                doc,
            };
            self.add_field(fields, &mut taken, field, &prop.path, prop.rare().rust_name.is_some());
        }
        match &schema.rare().additional {
            Some(Additional::Schema(values)) => {
                let (value, nullable) = self.schema_type(values, &format!("{name}Value"));
                Some(nullable_in_collection(value, nullable))
            }
            Some(Additional::Allowed(true)) => Some(TypeRef::Json),
            _ => None,
        }
    }

    /// Adds a field unless its property is there already; a Rust name that
    /// another property took gets the first free number (`name_2`), with a
    /// warning. `taken` holds the names of `fields`.
    fn add_field(
        &mut self,
        fields: &mut Vec<Field>,
        taken: &mut Taken,
        mut field: Field,
        path: &SpecPath,
        chosen: bool,
    ) {
        if taken.wires.contains(&field.wire_name) {
            return;
        }
        let is_taken = |name: &str| taken.names.contains_key(name) || name == ADDITIONAL_FIELD;
        if is_taken(&field.name) {
            let unique = naming::numbered_snake(&field.name, is_taken);
            let first = taken.names.get(&field.name).map_or(ADDITIONAL_FIELD, String::as_str);
            let name = naming::plain(&field.name);
            if chosen {
                self.error(&path.key("x-rust-name"), format!("the chosen field name `{name}` is taken by `{first}`"));
            } else {
                self.warning(
                    path,
                    format!(
                        "property `{}` is the Rust field `{unique}`: `{name}` is taken by `{first}`",
                        field.wire_name
                    ),
                )
                .help("set `x-rust-name` on the property to choose its Rust name");
            }
            field.name = unique;
        }
        taken.wires.insert(field.wire_name.clone());
        taken.names.insert(field.name.clone(), field.wire_name.clone());
        fields.push(field);
    }
}

/// The wire names of a struct's fields, and their Rust names with the wire
/// name of each: fields are added in n log n, not n², however many an
/// object has.
struct Taken {
    wires: BTreeSet<String>,
    names: BTreeMap<String, String>,
}

impl Taken {
    fn of(fields: &[Field]) -> Taken {
        let mut names = BTreeMap::new();
        for f in fields {
            names.entry(f.name.clone()).or_insert_with(|| f.wire_name.clone());
        }
        Taken { wires: fields.iter().map(|f| f.wire_name.clone()).collect(), names }
    }
}

impl Lowerer<'_> {
    fn enumeration(&mut self, schema: &Schema) -> TypeKind {
        // A large API lists the same values at many operations: an enum of
        // strings alone, without chosen names, named without a diagnostic,
        // is named once. `define` pushes its type at the index noted here.
        let strings = schema.rare().enum_values.as_deref().unwrap_or_default();
        let key = (schema.rare().variant_names.is_empty() && strings.iter().all(|v| matches!(v, Value::String(_))))
            .then(|| enum_key(strings));
        let same = |variants: &[Variant]| {
            variants.len() == strings.len()
                && variants.iter().zip(strings).all(|(v, s)| matches!(s, Value::String(s) if v.wire_name == **s))
        };
        let named = key.and_then(|key| self.enums.get(&key)).and_then(|earlier| {
            earlier.iter().find_map(|&i| match &self.types.get(i)?.kind {
                TypeKind::Enum { variants } if same(variants) => Some(variants.clone()),
                _ => None,
            })
        });
        if let Some(variants) = named {
            return TypeKind::Enum { variants };
        }
        let reported = self.diags.len();
        let kind = self.name_variants(schema);
        if let (Some(key), TypeKind::Enum { variants }) = (key, &kind) {
            if self.diags.len() == reported && same(variants) {
                self.enums.entry(key).or_default().push(self.types.len());
            }
        }
        kind
    }

    /// The variants of a string enum, each value named (or by
    /// `x-enum-varnames`); values that become one name are told apart.
    fn name_variants(&mut self, schema: &Schema) -> TypeKind {
        let mut variants: Vec<Variant> = Vec::new();
        // The values and names taken so far, each name with the value that took it:
        // an enum of thousands of values is read in n log n, not n².
        let mut wires: BTreeSet<String> = BTreeSet::new();
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for (i, value) in schema.rare().enum_values.iter().flatten().enumerate() {
            let at = || schema.path.key("enum").index(i);
            let wire = match value {
                Value::String(s) => s.to_string(),
                Value::Null => continue,
                other => {
                    let text = other.scalar_text();
                    self.warning(
                        &at(),
                        format!("enum value {text} is not a string; it is read as the string `{text}`"),
                    )
                    .help("a string enum lists strings only; quote the value");
                    text
                }
            };
            if !wires.insert(wire.clone()) {
                continue;
            }
            // `x-enum-varnames` (a convention several generators share) names
            // the variant; its names are put in this generator's case.
            let wanted = match schema.rare().variant_names.get(i) {
                Some(chosen) => naming::variant(chosen),
                None => naming::variant(&wire),
            };
            let name = match names.get(&wanted) {
                Some(&first) => {
                    let unique = naming::numbered(&wanted, |c| names.contains_key(c));
                    self.warning(
                        &at(),
                        format!(
                            "enum value `{wire}` is the Rust variant `{unique}`: `{wanted}` is taken by `{}`",
                            variants[first].wire_name
                        ),
                    );
                    unique
                }
                None => wanted,
            };
            names.insert(name.clone(), variants.len());
            variants.push(Variant { name, wire_name: wire });
        }
        TypeKind::Enum { variants }
    }

    fn one_of(&mut self, name: &str, schema: &Schema) -> TypeKind {
        let alternatives = if schema.rare().one_of.is_empty() { &schema.any_of } else { &schema.rare().one_of };
        let mut variants: Vec<OneOfVariant> = Vec::new();
        for (i, part) in alternatives.iter().enumerate() {
            let (ty, nullable) = self.schema_type(part, &format!("{name}Variant{i}"));
            // A reference, or one given a description or `nullable` beside it.
            let referenced = part.reference.is_some() || self.only_reference(part).is_some();
            let mut variant = match (referenced, &ty) {
                (true, TypeRef::Named(n)) => n.clone(),
                (_, TypeRef::String) => "String".to_owned(),
                (_, int) if int.is_integer() => "Integer".to_owned(),
                (_, TypeRef::DateTime) => "DateTime".to_owned(),
                (_, TypeRef::Date) => "Date".to_owned(),
                (_, TypeRef::Uuid) => "Uuid".to_owned(),
                (_, TypeRef::Empty) => "Empty".to_owned(),
                (_, TypeRef::F32 | TypeRef::F64) => "Number".to_owned(),
                (_, TypeRef::Bool) => "Boolean".to_owned(),
                (_, TypeRef::Vec(_)) => "List".to_owned(),
                (_, TypeRef::Map(_) | TypeRef::Json) => "Object".to_owned(),
                _ => format!("Variant{i}"),
            };
            if variants.iter().any(|v| v.name == variant) {
                variant = format!("{variant}{i}");
            }
            variants.push(OneOfVariant {
                name: variant,
                ty: nullable_in_collection(ty, nullable),
                storage: Storage::Inline,
            });
        }
        // Properties beside the alternatives (a discriminator, typically) are
        // read from the alternative when every alternative has them.
        let beside: Vec<&str> = schema.properties.iter().map(|(wire, _)| wire.as_str()).collect();
        if beside.is_empty() {
            return TypeKind::OneOf { variants };
        }
        let covered = variants.iter().all(|v| {
            let TypeRef::Named(n) = &v.ty else { return false };
            self.named_fields(n).is_some_and(|fields| beside.iter().all(|w| fields.iter().any(|f| f.wire_name == *w)))
        });
        if covered {
            return TypeKind::OneOf { variants };
        }
        // Otherwise an object: its own properties, and the alternative flattened into it.
        let keyword = if schema.rare().one_of.is_empty() { "anyOf" } else { "oneOf" };
        let Some(declared) = self.alternatives_properties(&variants) else {
            self.error(&schema.path.key("properties"), format!("`properties` beside `{keyword}` alternatives that are not all objects"))
                .help("list the properties in each alternative (they are then read from it), or make every alternative an object");
            return TypeKind::OneOf { variants };
        };
        let wanted = naming::camel(&format!("{name}Variant"));
        let union = self.take_name(&wanted, &schema.path.key(keyword), false);
        let doc = format!("The alternatives of [`{name}`], one of which its value also is (`{keyword}`).");
        let origin = schema.path.key(keyword);
        self.push_type(TypeDef {
            name: union.clone(),
            origin,
            doc: Some(doc),
            kind: TypeKind::OneOf { variants },
            in_requests: false,
        });
        let mut fields = Vec::new();
        let additional = self.object_fields(name, schema, &mut fields);
        declared.leave_to_alternatives(&mut fields);
        let additional = self.no_additional_beside_union(additional, &schema.path);
        let name = union_field_name(&fields, "variant");
        TypeKind::Struct { fields, union: Some(FlattenedUnion { name, ty: union }), additional }
    }

    /// What the alternatives of a union declare, when every alternative is
    /// an object (a value that can be flattened into another object); `None`
    /// otherwise.
    fn alternatives_properties(&mut self, variants: &[OneOfVariant]) -> Option<Declared> {
        let mut every: Option<BTreeSet<String>> = None;
        let mut required = BTreeSet::new();
        for v in variants {
            let declared: BTreeSet<String> = match &v.ty {
                TypeRef::Named(n) => {
                    let fields = self.named_fields(n)?;
                    required.extend(fields.iter().filter(|f| f.presence.is_required()).map(|f| f.wire_name.clone()));
                    fields.into_iter().map(|f| f.wire_name).collect()
                }
                TypeRef::Map(_) => BTreeSet::new(),
                _ => return None,
            };
            every = Some(match every {
                None => declared,
                Some(every) => every.intersection(&declared).cloned().collect(),
            });
        }
        Some(Declared { every: every.unwrap_or_default(), required })
    }

    /// A flattened union reads the properties the object leaves; a map of
    /// additional properties beside it would read them too: it is left out,
    /// with a warning.
    fn no_additional_beside_union(&mut self, additional: Option<TypeRef>, at: &SpecPath) -> Option<TypeRef> {
        additional.as_ref()?;
        self.warning(
            at,
            "`additionalProperties` beside a union of objects are not collected: the alternative reads them",
        )
        .help("remove `additionalProperties`, or declare the properties");
        None
    }

    /// `parts`, without additional properties beside a flattened union.
    fn checked_parts(&mut self, mut parts: Parts, at: &SpecPath) -> Parts {
        if parts.union.is_some() {
            parts.additional = self.no_additional_beside_union(parts.additional.take(), at);
        }
        parts
    }

    /// The fields of the object type `name` (a component defined now if it
    /// is not yet), or `None` when it is not an object.
    fn named_fields(&mut self, name: &str) -> Option<Vec<Field>> {
        let index = self.named_index(name)?;
        self.object_parts(index).map(|parts| parts.fields)
    }
}

/// The one alternative of a `oneOf` or `anyOf` that has only one, when the
/// schema adds no other constraint: the schema is that alternative, with
/// more prose or `nullable` (a common way of documenting a reference).
fn single_alternative(schema: &Schema) -> Option<&Schema> {
    let alone = schema.all_of.is_empty() && schema.properties.is_empty() && schema.rare().additional.is_none();
    match (schema.rare().one_of.as_slice(), schema.any_of.as_slice()) {
        ([only], []) | ([], [only]) if alone && !is_string_enum(schema) => Some(only),
        _ => None,
    }
}

/// The field name of a flattened union: `wanted`, or numbered when a
/// property or the additional properties have it.
fn union_field_name(fields: &[Field], wanted: &str) -> String {
    let taken = |name: &str| fields.iter().any(|f| f.name == name) || name == ADDITIONAL_FIELD;
    if taken(wanted) {
        naming::numbered_snake(wanted, taken)
    } else {
        wanted.to_owned()
    }
}

/// True when a schema's own keywords (`allOf` aside) say what kind of value it is.
fn says_what(schema: &Schema) -> bool {
    says_value(schema) || schema.rare().additional.is_some()
}

/// [`says_what`], `additionalProperties` aside.
fn says_value(schema: &Schema) -> bool {
    schema.ty.is_some()
        || schema.rare().enum_values.is_some()
        || !schema.rare().one_of.is_empty()
        || !schema.any_of.is_empty()
        || schema.items.is_some()
        || !schema.properties.is_empty()
}

/// A string enum: `type: string` with `enum`, or `enum` without a type that
/// lists at least one string. An `enum` of `null` alone (or of nothing)
/// names no value to make a variant of: the type is a plain string.
/// A string enum whose only value (`null` aside) is `""`.
fn only_empty_string(schema: &Schema) -> bool {
    let values = schema.rare().enum_values.iter().flatten().filter(|v| !matches!(v, Value::Null));
    is_string_enum(schema)
        && values.clone().count() > 0
        && values.into_iter().all(|v| matches!(v, Value::String(s) if s.is_empty()))
}

fn is_string_enum(schema: &Schema) -> bool {
    match (schema.ty.as_deref(), &schema.rare().enum_values) {
        (Some("string"), Some(values)) => values.iter().any(|v| !matches!(v, Value::Null)),
        (None, Some(values)) => values.iter().any(|v| matches!(v, Value::String(_))),
        _ => false,
    }
}

fn nullable_in_collection(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable {
        TypeRef::Option(Box::new(ty))
    } else {
        ty
    }
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
            // A flattened union is not boxed: its alternatives in the cycle are.
            TypeKind::Struct { fields, .. } => {
                for f in fields.iter_mut() {
                    f.storage = storage(holds_by_value(&f.ty, same));
                }
            }
            TypeKind::OneOf { variants } => {
                for v in variants.iter_mut() {
                    v.storage = storage(holds_by_value(&v.ty, same));
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
            TypeKind::Enum { .. } | TypeKind::Mapped(_) => {}
        }
    }
}

fn storage(boxed: bool) -> Storage {
    if boxed {
        Storage::Boxed
    } else {
        Storage::Inline
    }
}

/// True when `schema` describes an object's properties: it has some, and
/// its `type` is not a scalar's (JSON Schema applies `properties` to objects
/// only; documents write them beside `type: string` by mistake).
fn has_object_properties(schema: &Schema) -> bool {
    !schema.properties.is_empty()
        && !matches!(schema.ty.as_deref(), Some("string" | "integer" | "number" | "boolean" | "array"))
}

/// The named type a value of `ty` holds directly (not behind a `Vec` or map).
/// True when a value of `ty` holds by value a named type that `which` picks.
fn holds_by_value(ty: &TypeRef, which: impl Fn(&str) -> bool) -> bool {
    let mut names = Vec::new();
    by_value_names(ty, &mut names);
    names.into_iter().any(which)
}

/// The named types a value of `ty` holds by value (not behind a list or map).
fn by_value_names<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::Option(inner) => by_value_names(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| by_value_names(item, out)),
        _ => {}
    }
}

fn by_value_refs(kind: &TypeKind) -> Vec<&str> {
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct { fields, union, .. } => {
            fields.iter().for_each(|f| by_value_names(&f.ty, &mut out));
            out.extend(union.iter().map(|u| u.ty.as_str()));
        }
        TypeKind::OneOf { variants } => variants.iter().for_each(|v| by_value_names(&v.ty, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => by_value_names(ty, &mut out),
        TypeKind::Enum { .. } | TypeKind::Mapped(_) => {}
    }
    out
}

/// Every named type `kind` refers to, directly or inside lists and maps.
fn all_refs(kind: &TypeKind) -> Vec<&str> {
    let walk = walk_names;
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct { fields, union, additional } => {
            fields.iter().for_each(|f| walk(&f.ty, &mut out));
            out.extend(union.iter().map(|u| u.ty.as_str()));
            additional.iter().for_each(|value| walk(value, &mut out));
        }
        TypeKind::OneOf { variants } => variants.iter().for_each(|v| walk(&v.ty, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => walk(ty, &mut out),
        TypeKind::Enum { .. } | TypeKind::Mapped(_) => {}
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

/// Fills what `hints` lack from `theirs`, if any.
fn merge_hints(hints: &mut Hints, theirs: Option<&Hints>) {
    let Some(theirs) = theirs else { return };
    hints.example = hints.example.take().or_else(|| theirs.example.clone());
    hints.minimum = hints.minimum.or(theirs.minimum);
    hints.maximum = hints.maximum.or(theirs.maximum);
    hints.min_length = hints.min_length.or(theirs.min_length);
    hints.max_length = hints.max_length.or(theirs.max_length);
    hints.min_items = hints.min_items.or(theirs.min_items);
    hints.pattern = hints.pattern.take().or_else(|| theirs.pattern.clone());
}

/// Gives types with the same definition one: a type the spec writes inline
/// (a string enum, a struct, a union) whose definition is that of a
/// component type, or of an earlier inline one, becomes an alias of it.
/// Real documents repeat an enum at each place it is used (a `status`
/// filter per list operation, an `object: list` per list response), and
/// bundled documents repeat every schema at each `$ref` they replaced; one
/// definition of each is a crate that compiles in much less time, and the
/// aliases keep every name, variants included (`Alias::Active`). Component
/// types keep their own definitions: they are types the spec names.
///
/// Definitions are the same when everything but their names is: fields
/// (names, wire names, types, presence, storage, formats, hints, docs),
/// variants or alternatives, with the types they refer to compared after
/// sharing. Types are compared after those they refer to, so that copies
/// of a struct whose fields are copies too are found; types of one cycle
/// of references are compared by name.
pub(super) fn share_types(types: &mut [TypeDef], components: &BTreeSet<String>) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let edges: Vec<Vec<usize>> =
        types.iter().map(|t| all_refs(&t.kind).iter().filter_map(|n| index.get(*n).copied()).collect()).collect();
    // A type's level is one more than the highest of the types it refers to
    // outside its cycle (Tarjan's components are numbered after those they
    // refer to). Two types with one definition are at one level, so that
    // taking the levels in turn, a level's component types first, finds
    // each definition kept (a component's, else the earliest) before its copies.
    let component = strongly_connected(&edges);
    let mut by_component: Vec<usize> = (0..types.len()).collect();
    by_component.sort_by_key(|&i| component[i]);
    let mut level = vec![0usize; types.len()];
    for &v in &by_component {
        for &w in edges[v].iter().filter(|&&w| component[w] != component[v]) {
            level[component[v]] = level[component[v]].max(level[component[w]] + 1);
        }
    }
    // Component types first, then spec order.
    let ranks: Vec<(bool, usize)> = types.iter().enumerate().map(|(i, t)| (!components.contains(&t.name), i)).collect();
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| (level[component[i]], ranks[i]));
    let mut shared_as: BTreeMap<String, String> = BTreeMap::new();
    let mut first_of: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for i in order {
        if !matches!(types[i].kind, TypeKind::Struct { .. } | TypeKind::Enum { .. } | TypeKind::OneOf { .. }) {
            continue;
        }
        let candidates = first_of.entry(definition_hash(&types[i].kind, &shared_as)).or_default();
        let found = candidates.iter().position(|&j| same_definition(&types[i].kind, &types[j].kind, &shared_as));
        let Some(at) = found else {
            candidates.push(i);
            continue;
        };
        let first = candidates[at];
        let (kept, alias) = if ranks[i] < ranks[first] { (i, first) } else { (first, i) };
        if components.contains(&types[alias].name) {
            continue;
        }
        candidates[at] = kept;
        shared_as.insert(types[alias].name.clone(), types[kept].name.clone());
        types[kept].in_requests |= types[alias].in_requests;
        let canonical = types[kept].name.clone();
        let t = &mut types[alias];
        let doc = t.doc.take().unwrap_or_else(|| format!("The schema at `{}`.", t.origin));
        let (kind, members) = match t.kind {
            TypeKind::Enum { .. } => ("enum", "values"),
            TypeKind::OneOf { .. } => ("union", "alternatives"),
            _ => ("struct", "fields"),
        };
        t.doc = Some(format!(
            "{doc}\n\nThe {kind} `{canonical}`, which has the same {members}: one definition serves both."
        ));
        t.kind = TypeKind::Alias(TypeRef::Named(canonical));
    }
    // An alias names the definition itself, not another alias of it.
    for t in types.iter_mut() {
        if let TypeKind::Alias(TypeRef::Named(target)) = &mut t.kind {
            while let Some(next) = shared_as.get(target.as_str()) {
                *target = next.clone();
            }
        }
    }
}

/// True when `a` and `b` are one definition but for their names: fields
/// (names, wire names, types, presence, storage, formats, hints, docs),
/// variants, or alternatives, the types they refer to named as they are
/// shared.
fn same_definition(a: &TypeKind, b: &TypeKind, shared_as: &BTreeMap<String, String>) -> bool {
    let same = |x: &TypeRef, y: &TypeRef| same_type(x, y, shared_as);
    match (a, b) {
        (
            TypeKind::Struct { fields, union, additional },
            TypeKind::Struct { fields: other_fields, union: other_union, additional: other_additional },
        ) => {
            let same_field = |f: &Field, g: &Field| {
                f.name == g.name
                    && f.wire_name == g.wire_name
                    && f.presence == g.presence
                    && f.storage == g.storage
                    && f.format == g.format
                    && f.doc == g.doc
                    && same_hints(f.hints.as_deref(), g.hints.as_deref())
                    && same(&f.ty, &g.ty)
            };
            let same_union = match (union, other_union) {
                (Some(u), Some(v)) => {
                    u.name == v.name && shared_name(&u.ty, shared_as) == shared_name(&v.ty, shared_as)
                }
                (u, v) => u.is_none() && v.is_none(),
            };
            let same_additional = match (additional, other_additional) {
                (Some(x), Some(y)) => same(x, y),
                (x, y) => x.is_none() && y.is_none(),
            };
            fields.len() == other_fields.len()
                && fields.iter().zip(other_fields).all(|(f, g)| same_field(f, g))
                && same_union
                && same_additional
        }
        (TypeKind::Enum { variants }, TypeKind::Enum { variants: others }) => {
            variants.len() == others.len()
                && variants.iter().zip(others).all(|(v, w)| v.name == w.name && v.wire_name == w.wire_name)
        }
        (TypeKind::OneOf { variants }, TypeKind::OneOf { variants: others }) => {
            variants.len() == others.len()
                && variants
                    .iter()
                    .zip(others)
                    .all(|(v, w)| v.name == w.name && v.storage == w.storage && same(&v.ty, &w.ty))
        }
        _ => false,
    }
}

/// Hints are the same when they read the same (`-0.0` is not `0.0`).
fn same_hints(a: Option<&Hints>, b: Option<&Hints>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => format!("{a:?}") == format!("{b:?}"),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// The name of the type that `name` is shared as (itself if it is not).
fn shared_name<'a>(mut name: &'a str, shared_as: &'a BTreeMap<String, String>) -> &'a str {
    while let Some(next) = shared_as.get(name) {
        name = next;
    }
    name
}

/// True when `a` and `b` are one type, named types compared as they are shared.
fn same_type(a: &TypeRef, b: &TypeRef, shared_as: &BTreeMap<String, String>) -> bool {
    match (a, b) {
        (TypeRef::Named(x), TypeRef::Named(y)) => shared_name(x, shared_as) == shared_name(y, shared_as),
        (TypeRef::Vec(x), TypeRef::Vec(y))
        | (TypeRef::Map(x), TypeRef::Map(y))
        | (TypeRef::Option(x), TypeRef::Option(y)) => same_type(x, y, shared_as),
        (TypeRef::Tuple(xs), TypeRef::Tuple(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_type(x, y, shared_as))
        }
        _ => a == b,
    }
}

/// A hash of a definition, to find those that may be the same
/// ([`same_definition`]): of its kind and names, which tell most apart.
fn definition_hash(kind: &TypeKind, shared_as: &BTreeMap<String, String>) -> u64 {
    use std::hash::{Hash, Hasher};
    fn ty(t: &TypeRef, shared_as: &BTreeMap<String, String>, hasher: &mut impl Hasher) {
        std::mem::discriminant(t).hash(hasher);
        match t {
            TypeRef::Named(name) => shared_name(name, shared_as).hash(hasher),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => ty(inner, shared_as, hasher),
            TypeRef::Tuple(items) => items.iter().for_each(|item| ty(item, shared_as, hasher)),
            _ => {}
        }
    }
    let mut hasher = std::hash::DefaultHasher::new();
    std::mem::discriminant(kind).hash(&mut hasher);
    match kind {
        TypeKind::Struct { fields, .. } => {
            for f in fields {
                f.name.hash(&mut hasher);
                f.wire_name.hash(&mut hasher);
                ty(&f.ty, shared_as, &mut hasher);
            }
        }
        TypeKind::Enum { variants } => variants.iter().for_each(|v| v.wire_name.hash(&mut hasher)),
        TypeKind::OneOf { variants } => {
            for v in variants {
                v.name.hash(&mut hasher);
                ty(&v.ty, shared_as, &mut hasher);
            }
        }
        _ => {}
    }
    hasher.finish()
}

/// A hash of an enum's string values, to find the enums named before that
/// may have the same ones.
fn enum_key(values: &[Value<'_>]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    for value in values {
        value.as_str().hash(&mut hasher);
    }
    hasher.finish()
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
        if let TypeKind::Struct { fields, .. } = &mut types[i].kind {
            for f in fields.iter_mut().filter(|f| f.presence == Presence::OptionalNullable) {
                f.presence = Presence::TriState;
            }
        }
    }
}

fn walk_names<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => walk_names(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| walk_names(item, out)),
        _ => {}
    }
}
