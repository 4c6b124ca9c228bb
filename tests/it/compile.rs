//! What the compiler says: the generated client's API as users meet it (the
//! README's usage compiles; a missing required parameter or a wrong enum does
//! not), and the code generated for awkward specs under `specs/` compiles
//! without warnings. `TRYBUILD=overwrite cargo test` rewrites the expected
//! compiler output.

use std::fs;
use std::path::Path;

use codegen::Options;

use crate::generator::test_spec;

/// The specs whose generated code must compile: keywords, digits, unicode,
/// recursion, unions, diamonds, reserved names, a module named `match`.
const AWKWARD_SPECS: &[&str] = &["awkward.yaml", "shapes.yaml", "match.json"];

#[test]
fn generated_code_and_client_api_compile_as_documented() {
    write_generated_case(Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/generated").as_path());
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.pass("ui/generated/main.rs");
    cases.compile_fail("ui/fail/*.rs");
}

/// Writes the crate generated for `AWKWARD_SPECS` as one binary: its `lib.rs`
/// becomes `main.rs`, with warnings denied (unused items aside: nothing in a
/// binary uses them).
fn write_generated_case(dir: &Path) {
    let specs: Vec<_> = AWKWARD_SPECS.iter().map(|f| test_spec(f)).collect();
    let options = Options {
        crate_name: "awkward-client".into(),
        crate_version: "0.1.0".into(),
        command: "cargo test".into(),
        standalone: true,
    };
    let files = codegen::generate(&specs, &options).unwrap_or_else(|d| panic!("{d}"));
    let _ = fs::remove_dir_all(dir);
    for file in files {
        let Some(path) = file.path.strip_prefix("src/") else { continue };
        let (path, contents) = if path == "lib.rs" {
            ("main.rs", format!("#![deny(warnings)]\n#![allow(dead_code)]\n{}\nfn main() {{}}\n", file.contents))
        } else {
            (path, file.contents)
        };
        let target = dir.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, contents).unwrap();
    }
}

/// Every Rust example of the README is, word for word, part of a `pass` case.
#[test]
fn readme_examples_are_compiled_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("../README.md")).unwrap();
    let cases: Vec<String> = fs::read_dir(root.join("ui/pass"))
        .unwrap()
        .map(|entry| fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    let examples: Vec<&str> =
        readme.split("```rust\n").skip(1).map(|rest| &rest[..rest.find("```").unwrap()]).collect();
    assert!(examples.len() >= 2, "the README's examples were not found");
    for example in examples {
        assert!(
            cases.iter().any(|case| case.contains(example)),
            "no pass case contains this README example:\n{example}"
        );
    }
}
