//! The diff's verdicts checked against the compiler. Every case under
//! `tests/diffs/` has `uses.rs`: code that uses the crate generated from
//! `before.yaml`. It must compile against that crate, and against the crate
//! generated from `after.yaml` exactly when the report finds no breaking
//! change. Each generated crate is a real dependency of the code that uses
//! it, so `#[non_exhaustive]` and visibility apply as they do to users.
//!
//! The compiler's errors for a breaking case are kept in its `breaks.txt`;
//! `UPDATE_EXPECT=1 cargo test -p tests --test it diff_verdicts` rewrites them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::diff;
use codegen::{Options, SpecSource};

/// The package name the usage code imports every generated crate as.
const CRATE: &str = "shop_client";

/// The name of the spec in every generated crate: its module is `shop`.
const SPEC_NAME: &str = "shop.yaml";

#[test]
fn code_using_the_old_crate_breaks_exactly_when_the_report_says_so() {
    let diffs = Path::new(env!("CARGO_MANIFEST_DIR")).join("diffs");
    let mut cases: Vec<PathBuf> = fs::read_dir(&diffs).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();

    let mut workspace = Workspace::new(Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-verdicts"));
    let mut checks = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap().to_owned();
        let uses = fs::read_to_string(case.join("uses.rs"))
            .unwrap_or_else(|_| panic!("{}: every case needs a uses.rs", case.display()));
        let before = fs::read_to_string(case.join("before.yaml")).unwrap();
        let after = fs::read_to_string(case.join("after.yaml")).unwrap();
        let breaking = diff(&model(&before), &model(&after)).is_breaking();
        let user_of_before = workspace.user(&format!("{name}-before"), &before, &uses);
        let user_of_after = workspace.user(&format!("{name}-after"), &after, &uses);
        checks.push((case.clone(), name, breaking, user_of_before, user_of_after));
    }
    let outcome = workspace.check();

    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for generated in workspace.generated_targets() {
        if let Some(errors) = outcome.errors.get(&generated) {
            failures.push(format!("the generated crate `{generated}` does not compile:\n{}", errors.join("\n")));
        }
    }
    for (case, name, breaking, user_of_before, user_of_after) in checks {
        if !outcome.compiled.contains(&user_of_before) {
            failures.push(format!(
                "{name}: uses.rs does not compile against the crate generated from before.yaml:\n{}",
                outcome.errors.get(&user_of_before).map(|e| e.join("\n")).unwrap_or_default()
            ));
            continue;
        }
        let compiles = outcome.compiled.contains(&user_of_after);
        if breaking == compiles {
            failures.push(if breaking {
                format!("{name}: the report says breaking, but uses.rs compiles against after.yaml's crate")
            } else {
                format!(
                    "{name}: the report says not breaking, but uses.rs fails against after.yaml's crate:\n{}",
                    outcome.errors.get(&user_of_after).map(|e| e.join("\n")).unwrap_or_default()
                )
            });
            continue;
        }
        let expected_path = case.join("breaks.txt");
        let errors = outcome.errors.get(&user_of_after).map(|e| e.join("\n") + "\n").unwrap_or_default();
        if update {
            if breaking {
                fs::write(&expected_path, &errors).unwrap();
            } else {
                let _ = fs::remove_file(&expected_path);
            }
        } else if breaking && fs::read_to_string(&expected_path).unwrap_or_default() != errors {
            failures.push(format!("{name}: the compiler's errors differ from breaks.txt:\n{errors}"));
        } else if !breaking && expected_path.exists() {
            failures.push(format!("{name}: not breaking, yet it has a breaks.txt"));
        }
    }
    assert!(failures.is_empty(), "{}\n(UPDATE_EXPECT=1 rewrites breaks.txt)", failures.join("\n\n"));
}

fn model(text: &str) -> codegen::model::Api {
    codegen::model(&[spec(text)], codegen::Policy::default()).unwrap_or_else(|d| panic!("{d}")).api
}

fn spec(text: &str) -> SpecSource {
    SpecSource { name: SPEC_NAME.into(), text: text.into() }
}

/// A cargo workspace of generated crates (one per distinct spec) and of the
/// crates that use them, checked with one `cargo check`.
struct Workspace {
    root: PathBuf,
    /// Generated crates (package names) by spec text: the same spec is
    /// generated once.
    by_spec: BTreeMap<String, String>,
}

/// What `cargo check` made of each crate, by target name.
struct Outcome {
    compiled: BTreeSet<String>,
    errors: BTreeMap<String, Vec<String>>,
}

impl Workspace {
    fn new(root: PathBuf) -> Self {
        // The crates are written anew; the target directory is kept, with its
        // dependencies already checked.
        let _ = fs::remove_dir_all(root.join("crates"));
        Workspace { root, by_spec: BTreeMap::new() }
    }

    /// The target names of the generated crates.
    fn generated_targets(&self) -> impl Iterator<Item = String> + '_ {
        self.by_spec.values().map(|package| package.replace('-', "_"))
    }

    /// Adds a crate named `uses-{name}` whose `lib.rs` is `uses`, depending on
    /// the crate generated from `spec` under the name `shop_client`; returns
    /// its target name.
    fn user(&mut self, name: &str, spec: &str, uses: &str) -> String {
        let generated = self.generated_crate(spec);
        let package = format!("uses-{name}");
        let manifest = format!(
            "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{CRATE} = {{ package = \"{generated}\", path = \"../{generated}\" }}\n"
        );
        self.write(&format!("crates/{package}/Cargo.toml"), &manifest);
        self.write(&format!("crates/{package}/src/lib.rs"), uses);
        package.replace('-', "_")
    }

    fn generated_crate(&mut self, spec_text: &str) -> String {
        if let Some(package) = self.by_spec.get(spec_text) {
            return package.clone();
        }
        let package = format!("shop-client-{}", self.by_spec.len());
        let options = Options { standalone: false, ..Options::new(&package, "cargo test") };
        let files = codegen::generate(&[spec(spec_text)], &options).unwrap_or_else(|d| panic!("{d}")).files;
        for file in files {
            self.write(&format!("crates/{package}/{}", file.path), &file.contents);
        }
        self.by_spec.insert(spec_text.into(), package.clone());
        package
    }

    fn write(&self, path: &str, contents: &str) {
        let path = self.root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// `cargo check` of every crate, going on past failures, offline, with
    /// the versions this workspace's lock file pins.
    fn check(&self) -> Outcome {
        self.write("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n");
        let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        fs::copy(lock, self.root.join("Cargo.lock")).unwrap();
        let output = Command::new(env!("CARGO"))
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            .env_remove("RUSTFLAGS")
            .args(["check", "--workspace", "--keep-going", "--offline", "--message-format=json"])
            .output()
            .expect("cannot run cargo");
        let mut outcome = Outcome { compiled: BTreeSet::new(), errors: BTreeMap::new() };
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            let target = message["target"]["name"].as_str().unwrap_or_default().to_owned();
            match message["reason"].as_str() {
                Some("compiler-artifact") => {
                    outcome.compiled.insert(target);
                }
                Some("compiler-message") => {
                    if let Some(error) = error_line(&message["message"]) {
                        outcome.errors.entry(target).or_default().push(error);
                    }
                }
                _ => {}
            }
        }
        for error in outcome.errors.keys() {
            outcome.compiled.remove(error);
        }
        assert!(
            !outcome.compiled.is_empty(),
            "cargo check compiled nothing:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        outcome
    }
}

/// An error as one line: where (`uses.rs` for the usage code), its code, its
/// message.
fn error_line(message: &serde_json::Value) -> Option<String> {
    if message["level"] != "error" {
        return None;
    }
    let span = message["spans"].as_array()?.iter().find(|s| s["is_primary"] == true)?;
    let file = span["file_name"].as_str()?;
    let file = if file.contains("/uses-") { "uses.rs" } else { file };
    let code = message["code"]["code"].as_str().map(|c| format!("[{c}]")).unwrap_or_default();
    let text = without_crate_numbers(message["message"].as_str()?);
    Some(format!("{file}:{}: error{code}: {text}", span["line_start"]))
}

/// `shop_client_7::shop::Client` as the usage code names it:
/// `shop_client::shop::Client`.
fn without_crate_numbers(text: &str) -> String {
    let prefix = format!("{CRATE}_");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&prefix) {
        out.push_str(&rest[..at + CRATE.len()]);
        rest = rest[at + prefix.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out + rest
}
