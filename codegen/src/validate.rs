//! Cross-item rules: what no single item can check by itself. (Names inside
//! one document are made unique while lowering it.)

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostics;
use crate::model::Api;
use crate::naming;

/// Module names the generated crate uses for itself, or that name the
/// crates every Rust crate sees.
const RESERVED_MODULES: &[&str] = &["runtime", "reqwest", "std", "core", "alloc"];

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
}
