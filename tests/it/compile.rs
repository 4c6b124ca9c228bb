//! The generated client's API as users meet it: what compiles (the README's
//! usage) and what must not (a missing required parameter, a wrong enum).
//! `TRYBUILD=overwrite cargo test` rewrites the expected compiler output.

#[test]
fn client_api_compiles_as_documented() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
