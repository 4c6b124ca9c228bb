//! The generated client's API as users meet it: what compiles (the README's
//! usage) and what must not (a missing required parameter, a wrong enum).
//! `TRYBUILD=overwrite cargo test` rewrites the expected compiler output.

#[test]
fn client_api_compiles_as_documented() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}

/// The README's Rust example is, word for word, part of the `pass` case above.
#[test]
fn readme_example_is_a_compiled_case() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let case = std::fs::read_to_string(root.join("ui/pass/readme_usage.rs")).unwrap();
    let start = readme.find("```rust\n").expect("the README has a Rust example") + "```rust\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    assert!(case.contains(example), "tests/ui/pass/readme_usage.rs no longer contains the README's example");
}
