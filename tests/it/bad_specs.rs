//! Every file under `tests/bad-specs/` is a spec with mistakes, or an odd
//! one that real documents write (names that collide, references that once
//! crashed the generator); beside it, a `.expected` file holds the exact
//! diagnostics, errors and warnings, the generator must print. The odd
//! specs that generate are also compiled (`compile`).
//! `UPDATE_EXPECT=1 cargo test` rewrites the `.expected` files (review the diff).

use std::fs;
use std::path::{Path, PathBuf};

use codegen::{Options, SpecSource};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-specs")
}

fn options() -> Options {
    Options::new("bad", "cargo test")
}

#[test]
fn every_bad_spec_reports_its_expected_diagnostics() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut specs: Vec<PathBuf> = fs::read_dir(fixture_dir())
        .expect("bad-specs/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "json")))
        .collect();
    specs.sort();
    assert!(specs.len() >= 40, "expected at least 40 bad specs, found {}", specs.len());
    let mut mismatches = Vec::new();
    for spec in &specs {
        let name = format!("bad-specs/{}", spec.file_name().unwrap().to_string_lossy());
        let text = fs::read_to_string(spec).expect("readable spec");
        let got = match codegen::generate(&[SpecSource { name: name.clone(), text }], &options()) {
            Ok(generated) if generated.warnings.is_empty() => format!("{name}: generated without errors\n"),
            Ok(generated) => format!("{}\n", generated.warnings),
            Err(diags) => format!("{diags}\n"),
        };
        let expected_path = spec.with_extension("expected");
        if update {
            fs::write(&expected_path, &got).expect("writable fixture");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            mismatches.push(format!("--- {name}\nexpected:\n{expected}\ngot:\n{got}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} fixtures differ (UPDATE_EXPECT=1 rewrites them):\n{}",
        mismatches.len(),
        specs.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_diagnostic_of_a_fixture_has_a_location() {
    for entry in fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("expected") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")) {
            let position = line.split(": error: ").next().unwrap().split(": warning: ").next().unwrap();
            assert!(position.split(':').count() == 3, "{}: no line and column in `{line}`", path.display());
        }
    }
}
