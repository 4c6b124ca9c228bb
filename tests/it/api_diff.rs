//! `cargo xtask diff`'s report: every folder under `tests/diffs/` holds a
//! spec before and after a change and the report expected for it.
//! `UPDATE_EXPECT=1 cargo test -p tests --test it api_diff` rewrites them.

use std::fs;
use std::path::Path;

use codegen::diff::{diff, Bump, Report};
use codegen::SpecSource;

fn model(dir: &Path, file: &str) -> codegen::model::Api {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    codegen::model(&[SpecSource { name: "shop.yaml".into(), text }], codegen::Policy::default())
        .unwrap_or_else(|d| panic!("{}: {d}", dir.display()))
        .api
}

fn report(dir: &Path) -> Report {
    diff(&model(dir, "before.yaml"), &model(dir, "after.yaml"))
}

#[test]
fn every_change_is_reported_and_classified() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("diffs");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut cases: Vec<_> = fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 20, "{} cases", cases.len());
    let mut mismatches = Vec::new();
    for case in &cases {
        let got = report(case).to_text("0.1.0");
        let expected_path = case.join("expected.txt");
        if update {
            fs::write(&expected_path, &got).unwrap();
        } else if fs::read_to_string(&expected_path).unwrap_or_default() != got {
            mismatches.push(format!("--- {}\n{got}", case.display()));
        }
    }
    assert!(mismatches.is_empty(), "reports differ (UPDATE_EXPECT=1 rewrites them):\n{}", mismatches.join("\n"));
}

#[test]
fn versions_follow_cargo_semver_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("diffs");
    let breaking = report(&root.join("field-removed"));
    let additive = report(&root.join("optional-field-added"));
    let patch = report(&root.join("server-changed"));
    let none = report(&root.join("no-change"));
    assert_eq!(breaking.bump("0.3.1"), (Bump::Minor, "0.4.0".into()), "below 1.0, breaking bumps the minor");
    assert_eq!(additive.bump("0.3.1"), (Bump::Patch, "0.3.2".into()));
    assert_eq!(breaking.bump("1.2.3"), (Bump::Major, "2.0.0".into()));
    assert_eq!(additive.bump("1.2.3"), (Bump::Minor, "1.3.0".into()));
    assert_eq!(patch.bump("1.2.3"), (Bump::Patch, "1.2.4".into()));
    assert_eq!(none.bump("1.2.3"), (Bump::None, "1.2.3".into()));
    assert!(breaking.is_breaking() && !additive.is_breaking());
}

#[test]
fn the_markdown_report_is_a_table_with_the_verdict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("diffs");
    let markdown = report(&root.join("required-parameter-added")).to_markdown("0.1.0");
    assert_eq!(
        markdown,
        "## API changes\n\n| impact | module | item | change |\n|---|---|---|---|\n\
         | breaking | `shop` | parameter `shop` of `list_items` | added, required: a new argument |\n\n\
         **1 breaking change(s): version 0.1.0 -> 0.2.0**\n"
    );
}
