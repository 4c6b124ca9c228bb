//! `cargo xtask stripe`: the client of a large public API, end to end.
//!
//! Stripe's API description, from the corpus (452 operations; form bodies
//! and `deepObject` parameters throughout), is generated into
//! `target/stripe/client/`; `xtask/stripe/main.rs` is built against it in
//! `target/stripe/drive/` and run: it drives a `deepObject` query and a
//! nested form body through the client to a loopback server and checks the
//! requests byte for byte. Prints the generation time, the size of the
//! crate, and the build time of the program with the client.

use std::fs;
use std::process::Command;
use std::time::Instant;

use codegen::{Options, SpecSource};

use crate::{corpus, project_root};
use codegen::write::Plan;

/// The document, under the corpus's `api/` folder.
const DOCUMENT: &str = "stripe.com.json";

const DRIVE_MANIFEST: &str = r#"[package]
name = "stripe-drive"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
stripe-client = { path = "../client" }
tokio = { version = "1.38", default-features = false, features = ["rt"] }
"#;

pub fn run() -> Result<(), String> {
    if cfg!(debug_assertions) {
        // Generation is timed; it runs as users run it, optimized.
        return crate::bench::in_release("stripe", &[]);
    }
    let path = corpus::fetch()?.join(DOCUMENT);
    let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let started = Instant::now();
    let options = Options { standalone: false, ..Options::new("stripe-client", "cargo xtask stripe") };
    let generated = codegen::generate(&[SpecSource { name: DOCUMENT.into(), text }], &options)
        .map_err(|d| format!("{DOCUMENT} does not generate:\n{d}"))?;
    let generation = started.elapsed();
    let lines: usize = generated.files.iter().map(|f| f.contents.lines().count()).sum();

    let root = project_root().join("target/stripe");
    let client = root.join("client");
    let plan = Plan::new(&client, &generated.files).map_err(|e| format!("cannot read {}: {e}", client.display()))?;
    plan.apply(&client).map_err(|e| format!("writing {} failed: {e}", client.display()))?;
    let drive = root.join("drive/src");
    fs::create_dir_all(&drive).map_err(|e| format!("cannot create {}: {e}", drive.display()))?;
    let program = project_root().join("xtask/stripe/main.rs");
    let files = [
        (root.join("Cargo.toml"), String::from("[workspace]\nmembers = [\"client\", \"drive\"]\nresolver = \"2\"\n")),
        (root.join("drive/Cargo.toml"), DRIVE_MANIFEST.to_owned()),
        (
            drive.join("main.rs"),
            fs::read_to_string(&program).map_err(|e| format!("cannot read {}: {e}", program.display()))?,
        ),
    ];
    for (path, contents) in files {
        fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }

    eprintln!("building the Stripe client ({lines} lines) and the program that drives it");
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(["build", "--quiet", "-p", "stripe-drive"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the Stripe client, or the program that drives it, does not build".to_owned());
    }
    let build = started.elapsed();
    let output = Command::new(root.join("target/debug/stripe-drive"))
        .output()
        .map_err(|e| format!("cannot run the program: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the Stripe client did not send what the API describes:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    print!("{}", String::from_utf8_lossy(&output.stdout));
    println!(
        "| generation | lines of Rust | `cargo build` (debug, client and program) |\n|---:|---:|---:|\n| {} ms | {lines} | {:.1} s |",
        generation.as_millis(),
        build.as_secs_f64()
    );
    Ok(())
}
