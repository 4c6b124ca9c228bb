//! Project automation, run as `cargo xtask <command>`:
//!
//! - `regen`: regenerate `generated-client/` from `api-spec/`;
//! - `regen --check`: fail, writing nothing, when `generated-client/` is stale;
//! - `generate --spec FILE... --out DIR [--crate-name NAME] [--deny-warnings]
//!   [--skip-unsupported]`: write a client crate for any Swagger 2.0 or OpenAPI 3 documents;
//! - `corpus [--dir DIR | --swagger2] [--sample N] [--compile K] [--jobs J]
//!   [--skip-unsupported]`: generate every document of the public APIs-guru
//!   corpus (fetched into `target/corpus/`), each in a child process, and
//!   print what generates, what is refused and why, and what crashes;
//! - `fuzz [--seconds N]`: fuzz the generator with `cargo fuzz` for N seconds
//!   (60 by default), from a corpus of the project's specs;
//! - `bench [--quick] [--compile]`: print generation, compile-time and
//!   per-request figures (`--compile`: the compile-time table alone);
//! - `synthetic N`: print the synthetic spec of N operations the benchmarks use;
//! - `bench-generate SPEC RUNS`: time generation alone, in this process, for
//!   `api-spec`, a synthetic spec of SPEC operations, `wide:N` (an enum of N
//!   values and an object of N properties) or a spec file: median, min and max
//!   ms, peak memory in KiB, and the model stage's median ms (what `bench`
//!   runs per row; a target for a profiler);
//! - `diff [--base REV] [--format text|markdown] [--deny-breaking]`: what the
//!   spec changes since REV (default `HEAD`) do to users of the generated crate;
//! - `conformance [--spec FILE]... [--rounds N]`: call every operation of
//!   the generated client of the specs (`api-spec/` by default) against a
//!   Prism mock server of each, which validates the requests, for N rounds
//!   of generated responses, and print the verdicts per operation;
//! - `stripe`: generate the client of Stripe's API description (from the
//!   corpus), build a program that drives it against a loopback server, and
//!   check its requests byte for byte.

mod bench;
mod conformance;
mod corpus;
mod stripe;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use codegen::write::Plan;
use codegen::{Options, SpecSource};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask regen [--check]
  cargo xtask generate --spec FILE... --out DIR [--crate-name NAME] [--deny-warnings] [--skip-unsupported]
  cargo xtask corpus [--dir DIR | --swagger2] [--sample N] [--compile K] [--jobs J] [--skip-unsupported] [--slowest N]
  cargo xtask fuzz [--seconds N]
  cargo xtask bench [--quick] [--compile]
  cargo xtask synthetic N
  cargo xtask bench-generate api-spec|N|wide:N|FILE RUNS
  cargo xtask diff [--base REV] [--format text|markdown] [--deny-breaking]
  cargo xtask conformance [--spec FILE]... [--rounds N]
  cargo xtask stripe";

/// The generated crate of this repository.
const CLIENT_DIR: &str = "generated-client";
const SPEC_DIR: &str = "api-spec";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regen") => match &args[1..] {
            [] => regen(false),
            [flag] if flag == "--check" => regen(true),
            _ => Err(USAGE.to_owned()),
        },
        Some("generate") => generate(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        Some("corpus-one") => corpus::one(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("stripe") if args.len() == 1 => stripe::run(),
        Some("conformance") => conformance::run(&args[1..]),
        Some("bench-generate") => bench::generate_child(&args[1..]),
        Some("synthetic") => match &args[1..] {
            [n] => n.parse().map_err(|_| USAGE.to_owned()).map(|n| print!("{}", bench::synthetic_spec(n))),
            _ => Err(USAGE.to_owned()),
        },
        Some("fuzz") => match &args[1..] {
            [] => fuzz(60),
            [flag, seconds] if flag == "--seconds" => seconds.parse().map_err(|_| USAGE.to_owned()).and_then(fuzz),
            _ => Err(USAGE.to_owned()),
        },
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the project root").to_path_buf()
}

/// The spec documents of this repository, named relative to the project root.
fn repo_specs(root: &Path) -> Result<Vec<SpecSource>, String> {
    specs_in(root, SPEC_DIR)
}

/// The specs in the folder `spec_dir` of `root`, in name order.
fn specs_in(root: &Path, spec_dir: &str) -> Result<Vec<SpecSource>, String> {
    let dir = root.join(spec_dir);
    let names = codegen::config::spec_files(&dir)?;
    names.iter().map(|name| read_spec(&dir.join(name), format!("{spec_dir}/{name}"))).collect()
}

fn read_spec(path: &Path, name: String) -> Result<SpecSource, String> {
    codegen::config::read_spec(path, &name)
}

/// The plans that bring every client of the project's `codegen.toml` up to
/// date with its specs, each with the client's folder relative to `root`;
/// none when any spec has an error.
fn regen_plan(root: &Path) -> Result<Vec<(String, Plan)>, String> {
    let config = codegen::config::Config::load(&root.join(codegen::config::FILE_NAME))?;
    let mut plans = Vec::new();
    for client in &config.clients {
        let generated = codegen::generate(&client.read_specs()?, &client.options)
            .map_err(|d| format!("{d}\nnothing was written"))?;
        let dir = &client.out;
        let plan =
            Plan::new(dir, &generated.files).map_err(|e| format!("cannot compare with {}: {e}", dir.display()))?;
        let name = dir.strip_prefix(root).unwrap_or(dir).display().to_string();
        plans.push((name, plan));
    }
    Ok(plans)
}

fn regen(check: bool) -> Result<(), String> {
    regen_in(&project_root(), check, None)
}

/// `regen` for the project at `root`; `fail_after` injects a failure after
/// that many files are written (for tests).
fn regen_in(root: &Path, check: bool, fail_after: Option<usize>) -> Result<(), String> {
    for (name, plan) in regen_plan(root)? {
        let dir = root.join(&name);
        if plan.is_empty() {
            println!("{name}/ is up to date");
            continue;
        }
        let changed = plan.changed(&dir);
        if check {
            return Err(format!(
                "{name}/ is stale; these files differ from what the specs generate:\n  {}\nrun `cargo xtask regen` and commit the result",
                changed.join("\n  ")
            ));
        }
        plan.apply_failing_after(&dir, fail_after)
            .map_err(|e| format!("writing {name}/ failed: {e}; it was left as it was"))?;
        println!("updated {name}/:\n  {}", changed.join("\n  "));
    }
    Ok(())
}

fn generate(args: &[String]) -> Result<(), String> {
    let mut specs = Vec::new();
    let mut out = None;
    let mut crate_name = None;
    let mut policy = codegen::Policy::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--deny-warnings" => policy.deny_warnings = true,
            "--skip-unsupported" => policy.skip_unsupported = true,
            "--spec" => {
                while let Some(file) = args.get(i + 1).filter(|a| !a.starts_with("--")) {
                    specs.push(read_spec(Path::new(file), file.clone())?);
                    i += 1;
                }
            }
            "--out" => {
                out = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--crate-name" => {
                crate_name = args.get(i + 1).cloned();
                i += 1;
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
        i += 1;
    }
    let (Some(out), false) = (out, specs.is_empty()) else { return Err(USAGE.to_owned()) };
    let crate_name =
        codegen::config::crate_name(crate_name, &out).map_err(|e| format!("{e} (set it with --crate-name)"))?;
    let options = Options { policy, ..Options::new(&crate_name, "cargo xtask generate") };
    let staged = codegen::generate_into(&specs, &options, &out).map_err(|failure| match failure {
        codegen::Failure::Specs(d) => format!("{d}\nnothing was written"),
        codegen::Failure::Write(e) => format!("writing {} failed: {e}; it was left as it was", out.display()),
    })?;
    if !staged.warnings.is_empty() {
        eprintln!("{}", staged.warnings);
    }
    let changed = staged.files.changed().len();
    staged.files.apply().map_err(|e| format!("writing {} failed: {e}", out.display()))?;
    println!("wrote {} ({changed} files changed)", out.display());
    Ok(())
}

/// The specs of `api-spec/` as they are at git revision `rev`.
fn specs_at(root: &Path, rev: &str) -> Result<Vec<SpecSource>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let output = std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !output.status.success() {
            return Err(format!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let listing = git(&["ls-tree", "--name-only", &format!("{rev}:{SPEC_DIR}")])?;
    let mut names: Vec<&str> =
        listing.lines().filter(|n| [".yaml", ".yml", ".json"].iter().any(|ext| n.ends_with(ext))).collect();
    names.sort();
    names
        .iter()
        .map(|name| {
            Ok(SpecSource {
                name: format!("{SPEC_DIR}/{name}"),
                text: git(&["show", &format!("{rev}:{SPEC_DIR}/{name}")])?,
            })
        })
        .collect()
}

/// `diff`: compares the specs at a revision with the working tree, at the
/// level of the generated API.
fn diff(args: &[String]) -> Result<(), String> {
    let (mut base, mut markdown, mut deny) = (String::from("HEAD"), false, false);
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1).map(String::as_str)) {
            ("--base", Some(rev)) => {
                base = rev.to_owned();
                i += 1;
            }
            ("--format", Some("markdown")) => {
                markdown = true;
                i += 1;
            }
            ("--format", Some("text")) => i += 1,
            ("--deny-breaking", _) => deny = true,
            _ => return Err(USAGE.to_owned()),
        }
        i += 1;
    }
    let root = project_root();
    let policy = codegen::Policy::default();
    let before = codegen::model(&specs_at(&root, &base)?, policy)
        .map_err(|d| format!("the specs at {base} have errors:\n{d}"))?;
    let after = codegen::model(&repo_specs(&root)?, policy).map_err(|d| format!("the specs have errors:\n{d}"))?;
    let report = codegen::diff::diff(&before.api, &after.api);
    let version = client_version(&root);
    print!("{}", if markdown { report.to_markdown(&version) } else { report.to_text(&version) });
    if deny && report.is_breaking() {
        return Err("breaking changes (--deny-breaking)".to_owned());
    }
    Ok(())
}

/// The generated crate's current version, from its manifest.
fn client_version(root: &Path) -> String {
    let manifest = fs::read_to_string(root.join(CLIENT_DIR).join("Cargo.toml")).unwrap_or_default();
    manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_else(|| "0.1.0".to_owned())
}

/// Runs the `generate` fuzz target for `seconds`, its corpus seeded with the
/// specs and bad-spec fixtures. A panic, a stack overflow, an input that
/// takes over 5 s or 1 GiB leaves its input in `fuzz/artifacts/generate/`,
/// to become a bad-spec fixture.
fn fuzz(seconds: u64) -> Result<(), String> {
    let root = project_root();
    let has_cargo_fuzz =
        std::process::Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !has_cargo_fuzz {
        return Err("cargo-fuzz is not installed: run `cargo install cargo-fuzz --locked`".to_owned());
    }
    let corpus = root.join("fuzz/corpus/generate");
    fs::create_dir_all(&corpus).map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
    for dir in ["api-spec", "tests/bad-specs", "tests/specs"] {
        let entries = fs::read_dir(root.join(dir)).map_err(|e| format!("cannot read {dir}: {e}"))?;
        for path in entries.filter_map(|e| Some(e.ok()?.path())) {
            if path.extension().is_some_and(|ext| ext != "expected") {
                let name =
                    format!("{}-{}", dir.replace('/', "-"), path.file_name().unwrap_or_default().to_string_lossy());
                fs::copy(&path, corpus.join(name)).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
            }
        }
    }
    // `-s none`: no sanitizer, so the stable toolchain builds it (the
    // generator has no unsafe code for a sanitizer to watch).
    let status = std::process::Command::new("cargo")
        .current_dir(root.join("fuzz"))
        .args(["fuzz", "run", "-s", "none", "-O", "generate", "corpus/generate", "--"])
        .arg(format!("-max_total_time={seconds}"))
        .arg("-max_len=65536")
        // An input that takes seconds or hundreds of MiB is a bug too (work
        // that grows faster than the document), kept like a crash.
        .arg("-timeout=5")
        .arg("-rss_limit_mb=1024")
        .status()
        .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the fuzzer found a failing input: see fuzz/artifacts/generate/".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir` (its path relative to `dir`) with its contents, sorted.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(d) = pending.pop() {
            for entry in fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                match path.is_dir() {
                    true => pending.push(path),
                    false => out.push((
                        path.strip_prefix(dir).unwrap().display().to_string(),
                        fs::read_to_string(&path).unwrap(),
                    )),
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn generate_writes_a_standalone_crate_and_refuses_bad_specs() {
        let out = std::env::temp_dir().join(format!("xtask-generate-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        let spec = project_root().join("api-spec/toggl-v8.yaml").display().to_string();
        let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();

        generate(&args(&["--spec", &spec, "--out", &out.display().to_string(), "--crate-name", "v8-client"])).unwrap();
        let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"v8-client\"") && manifest.contains("\n[workspace]\n"), "{manifest}");
        for file in [
            "src/lib.rs",
            "src/runtime/mod.rs",
            "src/runtime/send.rs",
            "src/v8/mod.rs",
            "src/v8/types.rs",
            "src/v8/builders.rs",
        ] {
            assert!(out.join(file).is_file(), "{file} was not written");
        }

        let bad = out.join("bad.yaml");
        fs::write(&bad, "openapi: 3.0.3\n").unwrap();
        let before = fs::read_to_string(out.join("src/lib.rs")).unwrap();
        let error =
            generate(&args(&["--spec", &bad.display().to_string(), "--out", &out.display().to_string()])).unwrap_err();
        assert!(error.contains("bad.yaml:1:1: error: the document has no `info`"), "{error}");
        assert!(error.ends_with("nothing was written"), "{error}");
        assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), before);

        let error =
            generate(&args(&["--spec", &spec, "--out", &out.join("my client").display().to_string()])).unwrap_err();
        assert!(error.starts_with("`my client` is not a valid package name"), "{error}");
        assert!(!out.join("my client").exists());
        let _ = fs::remove_dir_all(&out);
    }

    /// A copy of the project's specs and generated client in a temporary folder.
    fn project_copy(name: &str) -> PathBuf {
        let copy = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&copy);
        let root = project_root();
        fs::create_dir_all(&copy).unwrap();
        fs::copy(root.join(codegen::config::FILE_NAME), copy.join(codegen::config::FILE_NAME)).unwrap();
        let config = codegen::config::Config::load(&root.join(codegen::config::FILE_NAME)).unwrap();
        for client in &config.clients {
            copy_tree(&client.out, &copy.join(client.out.strip_prefix(&root).unwrap()));
            for (spec, _) in &client.specs {
                let target = copy.join(spec.strip_prefix(&root).unwrap());
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::copy(spec, target).unwrap();
            }
        }
        copy
    }

    fn copy_tree(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                copy_tree(&path, &target);
            } else {
                fs::copy(&path, &target).unwrap();
            }
        }
    }

    #[test]
    fn regen_on_a_spec_with_errors_changes_nothing() {
        let copy = project_copy("regen-bad");
        let before = snapshot(&copy.join(CLIENT_DIR));
        let spec = copy.join(SPEC_DIR).join("toggl-v9.yaml");
        let text =
            fs::read_to_string(&spec).unwrap().replace("operationId: get_workspace_users", "operationId: [oops]");
        fs::write(&spec, text).unwrap();

        let error = regen_in(&copy, false, None).unwrap_err();

        assert!(error.contains("`operationId` must be a string, found a list"), "{error}");
        assert!(error.ends_with("nothing was written"), "{error}");
        assert_eq!(snapshot(&copy.join(CLIENT_DIR)), before);
        let _ = fs::remove_dir_all(&copy);
    }

    #[test]
    fn regen_interrupted_part_way_changes_nothing_and_keeps_hand_written_files() {
        let copy = project_copy("regen-interrupted");
        let hand_written = copy.join(CLIENT_DIR).join("src/extra.rs");
        fs::write(&hand_written, "// written by hand\n").unwrap();
        let before = snapshot(&copy.join(CLIENT_DIR));
        // A change to both specs rewrites files of both modules.
        for file in ["toggl-v8.yaml", "toggl-v9.yaml"] {
            let spec = copy.join(SPEC_DIR).join(file);
            let text = fs::read_to_string(&spec).unwrap().replace("title: Toggl", "title: Toggl (changed)");
            fs::write(&spec, text).unwrap();
        }
        let plan = regen_plan(&copy).unwrap().swap_remove(0).1;
        assert!(plan.writes.len() >= 2, "the change rewrites several files");

        for fail_after in 0..plan.writes.len() {
            let error = regen_in(&copy, false, Some(fail_after)).unwrap_err();
            assert!(error.contains("it was left as it was"), "{error}");
            assert_eq!(snapshot(&copy.join(CLIENT_DIR)), before, "after a failure at write {fail_after}");
        }
        regen_in(&copy, false, None).unwrap();
        assert!(regen_plan(&copy).unwrap().iter().all(|(_, plan)| plan.is_empty()));
        assert_eq!(fs::read_to_string(&hand_written).unwrap(), "// written by hand\n");
        let _ = fs::remove_dir_all(&copy);
    }

    /// `cargo test` fails when a committed client is not what its specs generate.
    #[test]
    fn generated_client_is_fresh() {
        let root = project_root();
        for (dir, plan) in regen_plan(&root).unwrap_or_else(|e| panic!("{e}")) {
            let stale = plan.changed(&root.join(&dir));
            assert!(stale.is_empty(), "{dir}/ is stale: {stale:?}; run `cargo xtask regen`");
        }
    }

    /// README and ARCHITECTURE.md name every command `USAGE` lists.
    #[test]
    fn the_docs_name_every_command() {
        let root = project_root();
        let readme = fs::read_to_string(root.join("README.md")).unwrap();
        let architecture = fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
        let table = readme.lines().find(|l| l.starts_with("| `xtask/` |")).expect("README's xtask row");
        let map = &architecture[architecture.find("### `xtask`").expect("the xtask code map")..];
        let map = &map[..map[4..].find("\n### ").map_or(map.len(), |end| end + 4)];
        let commands: Vec<&str> =
            USAGE.lines().filter_map(|l| l.trim().strip_prefix("cargo xtask ")?.split(' ').next()).collect();
        assert!(commands.len() >= 8, "{commands:?}");
        for command in commands {
            assert!(table.contains(&format!("`{command}")), "README's xtask row lacks `{command}`");
            assert!(map.contains(&format!("`{command}")), "ARCHITECTURE.md's xtask map lacks `{command}`");
        }
    }
}
