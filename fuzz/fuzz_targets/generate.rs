//! Feeds arbitrary bytes to the generator as a spec: it must answer with
//! generated files or diagnostics, never panic. See README.md ("Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let spec = codegen::SpecSource { name: String::from("fuzz.yaml"), text };
    let options = codegen::Options::new("fuzzed", "cargo fuzz");
    if let Err(diagnostics) = codegen::generate(&[spec], &options) {
        assert!(!diagnostics.is_empty());
    }
});
