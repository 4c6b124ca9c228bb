//! The generator never panics: mutated and random documents yield generated
//! code or diagnostics, and every diagnostic has a location. Random graphs
//! of schemas that refer to each other (through `allOf`, descriptions,
//! pointers, unions, nesting) never make more types than the document has
//! schemas: the work stays linear, whatever the shape of the references. Case counts are
//! bounded for the normal run; `PROPTEST_CASES=10000 cargo test -p tests
//! --test it robustness` runs more.

use std::sync::OnceLock;

use codegen::{Options, SpecSource};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_yaml::{Mapping, Value};

fn options() -> Options {
    Options::new("fuzzed", "test")
}

fn toggl_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../api-spec/toggl-v9.yaml")).expect("the spec")
    })
}

/// Generates from `text`: code or diagnostics, each with a line and column.
fn check(text: &str) -> Result<(), TestCaseError> {
    let spec = SpecSource { name: "fuzzed.yaml".into(), text: text.to_owned() };
    if let Err(diagnostics) = codegen::generate(&[spec], &options()) {
        prop_assert!(!diagnostics.is_empty());
        for d in diagnostics.iter() {
            prop_assert!(d.location.is_some(), "no location: {d}");
            prop_assert!(!d.message.is_empty());
        }
    }
    Ok(())
}

/// Values a mutation puts into a document: the shapes OpenAPI uses, and
/// strings that mean something to it.
fn any_value() -> impl Strategy<Value = Value> {
    let words = prop::sample::select(vec![
        "",
        "string",
        "integer",
        "array",
        "object",
        "null",
        "3.1.0",
        "path",
        "query",
        "cookie",
        "#/components/schemas/OrgUser",
        "#/components/schemas/Nope",
        "other.yaml#/x",
        "{organization_id}",
        "/x/{y}",
        "type",
        "2fa",
        "application/xml",
        "int32",
        "deepObject",
        "x-pagination",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        (-1e9f64..1e9).prop_map(|n| Value::Number(n.into())),
        words.prop_map(|w| Value::String(w.to_owned())),
        "\\PC{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Sequence),
            prop::collection::vec(("[a-z$]{1,8}", inner), 0..4)
                .prop_map(|entries| Value::Mapping(entries.into_iter().map(|(k, v)| (Value::String(k), v)).collect())),
        ]
    })
}

/// Every node of `value`, depth first, as a pointer of keys and indices.
fn nodes(value: &Value, here: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(here.clone());
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                here.push(k.clone());
                nodes(v, here, out);
                here.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                here.push(Value::Number(i.into()));
                nodes(v, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(mut value: &'v mut Value, pointer: &[Value]) -> &'v mut Value {
    for step in pointer {
        value = match value {
            Value::Mapping(m) => m.get_mut(step).expect("pointer from nodes()"),
            Value::Sequence(items) => &mut items[step.as_u64().expect("an index") as usize],
            _ => unreachable!("pointers only go through containers"),
        };
    }
    value
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Index, Value),
    Remove(Index),
    AddKey(Index, String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let key = prop::sample::select(vec![
        "$ref",
        "type",
        "required",
        "nullable",
        "enum",
        "items",
        "properties",
        "allOf",
        "oneOf",
        "not",
        "in",
        "style",
        "operationId",
        "parameters",
        "x-pagination",
        "x-rate-limit",
        "x-rust-module",
        "default",
        "servers",
        "bogus",
    ]);
    prop_oneof![
        (any::<Index>(), any_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<Index>().prop_map(Mutation::Remove),
        (any::<Index>(), key, any_value()).prop_map(|(i, k, v)| Mutation::AddKey(i, k.to_owned(), v)),
    ]
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    nodes(doc, &mut Vec::new(), &mut all);
    match mutation {
        Mutation::Replace(i, v) => *node_mut(doc, &all[i.index(all.len())]) = v.clone(),
        Mutation::Remove(i) => {
            let pointer = &all[i.index(all.len())];
            if let Some((last, parent)) = pointer.split_last() {
                match node_mut(doc, parent) {
                    Value::Mapping(m) => {
                        m.remove(last);
                    }
                    Value::Sequence(items) => {
                        items.remove(last.as_u64().unwrap() as usize);
                    }
                    _ => {}
                }
            }
        }
        Mutation::AddKey(i, key, v) => {
            let target = node_mut(doc, &all[i.index(all.len())]);
            if let Value::Mapping(m) = target {
                m.insert(Value::String(key.clone()), v.clone());
            } else {
                let mut m = Mapping::new();
                m.insert(Value::String(key.clone()), v.clone());
                *target = Value::Mapping(m);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Structural mutations of the Toggl spec reach every stage of the generator.
    #[test]
    fn mutated_documents_yield_code_or_diagnostics(mutations in prop::collection::vec(mutation(), 1..4)) {
        static DOC: OnceLock<Value> = OnceLock::new();
        let mut doc = DOC.get_or_init(|| serde_yaml::from_str(toggl_text()).unwrap()).clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        check(&serde_yaml::to_string(&doc).unwrap())?;
    }

    /// Textual edits: broken YAML, cut documents, stray characters.
    #[test]
    fn edited_text_yields_code_or_diagnostics(edits in prop::collection::vec((any::<Index>(), 0usize..40, "\\PC{0,6}"), 1..5)) {
        let mut text = toggl_text().to_owned();
        for (at, len, insert) in &edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = *at.get(&boundaries);
            let end = boundaries.iter().copied().find(|&b| b >= start + len).unwrap_or(text.len());
            text.replace_range(start..end, insert);
        }
        check(&text)?;
    }

    /// Random documents, YAML or JSON.
    #[test]
    fn random_documents_yield_code_or_diagnostics(doc in any_value(), json in any::<bool>()) {
        let text = if json { serde_json::to_string(&doc).unwrap_or_default() } else { serde_yaml::to_string(&doc).unwrap() };
        check(&text)?;
    }

    /// Random graphs of component schemas that refer to one another in every
    /// way real documents do: generation ends with code or diagnostics, and
    /// never makes more types than the document has schema objects.
    #[test]
    fn reference_graphs_stay_linear(graph in prop::collection::vec(prop::collection::vec((0u8..8, any::<Index>()), 1..4), 1..24)) {
        let n = graph.len();
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
        for (i, members) in graph.iter().enumerate() {
            let target = |at: &Index| format!("'#/components/schemas/S{}'", at.index(n));
            let parts: Vec<String> = members.iter().enumerate().map(|(j, (kind, at))| match kind {
                0 => format!("p{j}: {{$ref: {}}}", target(at)),
                1 => format!("p{j}: {{allOf: [{{$ref: {}}}, {{description: d}}]}}", target(at)),
                2 => format!("p{j}: {{type: array, items: {{allOf: [{{$ref: {}}}], nullable: true}}}}", target(at)),
                3 => format!("p{j}: {{$ref: \"#/components/schemas/S{}/properties/p0\"}}", at.index(n)),
                4 => format!("p{j}: {{type: object, properties: {{inner: {{allOf: [{{$ref: {}}}, {{$ref: {}}}]}}}}}}", target(at), target(at)),
                5 => format!("p{j}: {{oneOf: [{{$ref: {}}}, {{type: string}}]}}", target(at)),
                6 => format!("p{j}: {{allOf: [{{type: string}}, {{maxLength: 3}}]}}"),
                _ => format!("p{j}: {{type: object, additionalProperties: {{$ref: {}}}}}", target(at)),
            }).collect();
            let all_of = members.iter().take(2).map(|(_, at)| format!("{{$ref: {}}}", target(at))).collect::<Vec<_>>().join(", ");
            text.push_str(&format!("    S{i}:\n      allOf: [{all_of}, {{type: object, properties: {{{}}}}}]\n", parts.join(", ")));
        }
        let spec = SpecSource { name: "graph.yaml".into(), text: text.clone() };
        // Every mapping under `components` is at most one schema, and so one type.
        let schemas = text.matches('{').count();
        match codegen::model(&[spec], codegen::Policy::default()) {
            Ok(modeled) => {
                let types = modeled.api.modules[0].types.len();
                prop_assert!(types <= schemas, "{types} types from {schemas} schema objects:\n{text}");
            }
            Err(diagnostics) => {
                for d in diagnostics.iter() {
                    prop_assert!(d.location.is_some(), "no location: {d}");
                }
            }
        }
        check(&text)?;
    }
}
