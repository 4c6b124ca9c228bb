//! Cross-item rules: what no single item can check by itself.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::Api;
use crate::naming;

/// Module names the generated crate uses for itself, or that name the
/// crates every Rust crate sees.
const RESERVED_MODULES: &[&str] = &["runtime", "reqwest", "std", "core", "alloc"];

/// Methods `Client` has besides the operations.
const CLIENT_METHODS: &[&str] = &["builder"];

pub(crate) fn validate(api: &Api, diags: &mut Diagnostics) {
    // Each document becomes a module of one crate, so two documents must not
    // share a module name, nor take one the runtime uses.
    let mut modules: BTreeMap<&str, &str> = BTreeMap::new();
    for m in &api.modules {
        let name = naming::plain(&m.name);
        let at = &m.name_origin;
        if !name.is_ascii() {
            // Rust allows non-ASCII identifiers, but not as the names of module files.
            diags
                .error(&m.file, at, format!("the module name `{name}` is not ASCII"))
                .help("set an ASCII name with `x-rust-module` at the top of the document");
        } else if RESERVED_MODULES.contains(&name) {
            diags
                .error(&m.file, at, format!("the module name `{name}` is reserved in the generated crate"))
                .help("set another name with `x-rust-module` at the top of the document");
        } else if let Some(first) = modules.insert(name, &m.file) {
            diags
                .error(&m.file, at, format!("this document and `{first}` both become the module `{name}`"))
                .help("set distinct names with `x-rust-module` at the top of the documents");
        }
    }
    for m in &api.modules {
        // An operation is a method of the module's `Client` and a builder type:
        // two operations must not become the same method or type, and a
        // builder must not take the name of another operation's headers struct.
        let mut ids: BTreeMap<&str, &crate::model::Operation> = BTreeMap::new();
        let mut methods: BTreeMap<&str, &crate::model::Operation> = BTreeMap::new();
        let mut items: BTreeMap<&str, &crate::model::Operation> = BTreeMap::new();
        for op in &m.operations {
            if let Some(first) = ids.insert(&op.id, op) {
                diags
                    .error(
                        &m.file,
                        &op.origin.key("operationId"),
                        format!("operationId `{}` is also used by `{} {}`", op.id, first.http_method, first.path),
                    )
                    .help("every operationId must be unique");
                continue;
            }
            if CLIENT_METHODS.contains(&naming::plain(&op.method_name)) {
                diags
                    .error(
                        &m.file,
                        &op.origin.key("operationId"),
                        format!("operationId `{}` would replace `Client::{}`", op.id, naming::plain(&op.method_name)),
                    )
                    .help("rename the operation");
                continue;
            }
            if let Some(first) = methods.insert(&op.method_name, op) {
                diags
                    .error(
                        &m.file,
                        &op.origin.key("operationId"),
                        format!(
                            "operationIds `{}` and `{}` both become the method `{}`",
                            first.id,
                            op.id,
                            naming::plain(&op.method_name)
                        ),
                    )
                    .help("rename one; ids that differ only in case or punctuation cannot both be methods");
                continue;
            }
            let headers = op.response.headers_name.as_deref();
            for name in std::iter::once(op.builder_name.as_str()).chain(headers) {
                if let Some(first) = items.insert(name, op) {
                    diags
                        .error(
                            &m.file,
                            &op.origin.key("operationId"),
                            format!("operations `{}` and `{}` both need the type name `{name}`", first.id, op.id),
                        )
                        .help("rename one of the operations");
                }
            }
        }
    }
}
