//! What the compiler says: the generated client's API as users meet it (the
//! README's usage compiles; a missing required parameter or a wrong enum does
//! not), and the code generated for awkward specs under `specs/` compiles
//! without warnings. `TRYBUILD=overwrite cargo test` rewrites the expected
//! compiler output.

use std::fs;
use std::path::Path;

use codegen::{Options, SpecSource};

use crate::generator::test_spec;
use crate::random_specs::random_spec;

/// The specs whose generated code must compile: keywords, digits, unicode,
/// recursion, unions, diamonds, reserved names, a module named `match`.
const AWKWARD_SPECS: &[&str] = &["awkward.yaml", "shapes.yaml", "match.json"];

/// How many random specs are generated and compiled (`RANDOM_SPECS=200
/// cargo test -p tests --test it compile` for more).
fn random_spec_count() -> u64 {
    std::env::var("RANDOM_SPECS").ok().and_then(|n| n.parse().ok()).unwrap_or(12)
}

/// Diagnostics a random spec may legitimately get: its names are drawn from
/// a pool where some clash, and its `allOf`s and references are drawn blind.
const EXPECTED_REJECTIONS: &[&str] = &[
    "`allOf` combines objects with",
    "`oneOf`/`anyOf` inside `allOf` is not supported",
    "`allOf` includes",
    "`$ref` cycle",
];

#[test]
fn generated_code_and_client_api_compile_as_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut awkward: Vec<_> = AWKWARD_SPECS.iter().map(|f| test_spec(f)).collect();
    awkward.extend(odd_fixtures_that_generate());
    write_generated_case(&root.join("ui/generated"), &awkward, Some(&root.join("ui/generated-checks.rs")));
    write_generated_case(&root.join("ui/random"), &accepted_random_specs(), None);
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.pass("ui/generated/main.rs");
    cases.pass("ui/random/main.rs");
    cases.compile_fail("ui/fail/*.rs");
}

/// The random specs the generator accepts; the others must be rejected for
/// one of the expected reasons only.
fn accepted_random_specs() -> Vec<SpecSource> {
    let mut accepted = Vec::new();
    for seed in 1..=random_spec_count() {
        let spec = SpecSource { name: format!("random_{seed}.yaml"), text: random_spec(seed) };
        match codegen::generate(std::slice::from_ref(&spec), &options("random")) {
            Ok(_) => accepted.push(spec),
            Err(diagnostics) => {
                for d in diagnostics.iter() {
                    assert!(
                        EXPECTED_REJECTIONS.iter().any(|reason| d.message.contains(reason)),
                        "random spec {seed} was rejected unexpectedly: {d}\n{}",
                        spec.text
                    );
                }
            }
        }
    }
    assert!(!accepted.is_empty(), "every random spec was rejected");
    eprintln!("{} of {} random specs accepted and compiled", accepted.len(), random_spec_count());
    accepted
}

/// The fixtures of `bad-specs/` that generate, with warnings or none: odd
/// specs whose code must compile like any other's.
fn odd_fixtures_that_generate() -> Vec<SpecSource> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-specs");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "expected"))
        .collect();
    paths.sort();
    let specs: Vec<SpecSource> = paths
        .iter()
        .map(|p| SpecSource {
            name: format!("bad-specs/{}", p.file_name().unwrap().to_string_lossy()),
            text: fs::read_to_string(p).unwrap(),
        })
        .filter(|spec| codegen::generate(std::slice::from_ref(spec), &options("odd")).is_ok())
        .collect();
    assert!(specs.len() >= 10, "only {} odd fixtures generate", specs.len());
    specs
}

fn options(name: &str) -> Options {
    Options::new(name, "cargo test")
}

/// Writes the crate generated for `specs` as one binary: its `lib.rs` becomes
/// `main.rs`, with warnings denied (unused items aside: nothing in a binary
/// uses them). With `checks`, that file is the module `checks`, whose `run`
/// is the binary's `main`.
fn write_generated_case(dir: &Path, specs: &[SpecSource], checks: Option<&Path>) {
    let files = codegen::generate(specs, &options("generated")).unwrap_or_else(|d| panic!("{d}")).files;
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    let main = match checks {
        Some(checks) => {
            fs::copy(checks, dir.join("checks.rs")).unwrap();
            "mod checks;\nfn main() {\n    checks::run();\n}\n"
        }
        None => "fn main() {}\n",
    };
    for file in files {
        let Some(path) = file.path.strip_prefix("src/") else { continue };
        let (path, contents) = if path == "lib.rs" {
            ("main.rs", format!("#![deny(warnings)]\n#![allow(dead_code)]\n{}\n{main}", file.contents))
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

/// README's list of errors names every variant of the runtime's `Error`.
#[test]
fn readme_lists_every_error_variant() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("../README.md")).unwrap();
    let runtime = fs::read_to_string(root.join("../codegen/runtime/src/error.rs")).unwrap();
    let start = runtime.find("pub enum Error {").expect("the runtime's Error");
    let body = &runtime[start..start + runtime[start..].find("\n}\n").expect("its end")];
    let variants: Vec<&str> = body
        .lines()
        .filter_map(|l| l.strip_prefix("    ").filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase())))
        .map(|l| l.split(|c: char| !c.is_alphanumeric()).next().unwrap())
        .collect();
    assert!(variants.len() >= 5, "{variants:?}");
    let list = &readme[readme.find("Every error is a").expect("README's error list")..];
    let list = &list[..list.find("\n\n").unwrap_or(list.len())];
    for variant in variants {
        assert!(list.contains(&format!("`{variant}`")), "README's error list lacks `{variant}`:\n{list}");
    }
}

/// The tests compile generated code with this crate's dependencies: they are
/// the generated crate's, line for line, but for `tokio`, which the tests
/// need with more features (the generated crate's are a subset).
#[test]
fn the_tests_have_the_generated_crates_dependencies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let generated = fs::read_to_string(root.join("../generated-client/Cargo.toml")).unwrap();
    let section = &generated[generated.find("[dependencies]\n").expect("its dependencies")..];
    let lines: Vec<&str> = section.lines().skip(1).take_while(|l| !l.is_empty() && !l.starts_with('[')).collect();
    assert!(lines.len() >= 5, "{lines:?}");
    for line in lines {
        let name = line.split(' ').next().unwrap();
        if name == "tokio" {
            let features = |l: &str| -> Vec<String> {
                let list = l.split("features = [").nth(1).and_then(|f| f.split(']').next()).unwrap_or_default();
                list.split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect()
            };
            let tests = ours.lines().find(|l| l.starts_with("tokio = ")).expect("tokio");
            assert!(features(line).iter().all(|f| features(tests).contains(f)), "{tests} lacks features of {line}");
        } else {
            assert!(ours.lines().any(|l| l == line), "tests/Cargo.toml lacks `{line}`");
        }
    }
}
