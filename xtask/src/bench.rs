//! `cargo xtask bench`: the three costs of a generated client, as a table of
//! medians (with min and max) over several runs:
//!
//! 1. generation: spec text to formatted files in memory, for `api-spec/`
//!    and synthetic specs of 10 to 5,000 operations, with peak memory;
//! 2. compile time of the generated crate alone (`cargo check`, `cargo
//!    build`), its dependencies already built: as a workspace member
//!    (incremental, cargo's default for a local crate) and, for `cargo
//!    check`, as a registry dependency (not incremental);
//! 3. per-request overhead of the generated client against the same request
//!    written by hand with reqwest (the `request_overhead` bench of `tests`).

use synthetic_spec as synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use std::{env, fs};

use codegen::{Options, SpecSource};

use crate::{project_root, repo_specs};
use codegen::write::Plan;

const SIZES: &[usize] = &[10, 100, 500, 1000, 5000];

/// Options of the benchmarks. Operations a document cannot express are left
/// out (with warnings), as the corpus command does with `--skip-unsupported`:
/// the project's own specs have none.
fn options(name: &str) -> Options {
    let mut options = Options::new(name, "cargo xtask bench");
    options.policy.skip_unsupported = true;
    options
}

/// Runs `command` with `args` in a release build of this program.
pub(crate) fn in_release(command: &str, args: &[String]) -> Result<(), String> {
    let status = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--release", "--package", "xtask", "--", command])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run the release build: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{command}` failed in the release build"))
    }
}

/// Runs the benchmarks; in a debug build, runs itself again in release.
pub fn run(args: &[String]) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return in_release("bench", args);
    }
    let quick = args.iter().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 9 };
    if args.iter().any(|a| a == "--compile") {
        // The compile-time table alone.
        return compile_time(if quick { 1 } else { 3 });
    }
    generation(runs)?;
    compile_time(if quick { 1 } else { 3 })?;
    request_overhead()
}

/// The synthetic spec of `operations` operations, as the benchmarks use it.
pub fn synthetic_spec(operations: usize) -> String {
    synthetic::spec(operations)
}

/// Median, min and max of `samples`.
fn stats(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    (samples[samples.len() / 2], samples[0], samples[samples.len() - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `generate` for the given specs in this process, and apart from it
/// its first, single-threaded stage (`model`: parsing, lowering, validating):
/// the samples of each.
fn time_generation(specs: &[SpecSource], runs: usize) -> Result<(Vec<Duration>, Vec<Duration>), String> {
    // One run first, untimed, as criterion warms up: the first run of a
    // process also pays for page faults and the allocator's first arenas.
    codegen::generate(specs, &options("bench")).map_err(|d| d.to_string())?;
    let mut samples = Vec::with_capacity(runs);
    let mut model = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let files = codegen::generate(specs, &options("bench")).map_err(|d| d.to_string())?;
        samples.push(started.elapsed());
        std::hint::black_box(files);
        let started = Instant::now();
        let api = codegen::model_with(specs, &options("bench")).map_err(|d| d.to_string())?;
        model.push(started.elapsed());
        std::hint::black_box(api);
    }
    Ok((samples, model))
}

/// One generation measurement in a child process (`bench-generate`), so that
/// its peak memory is its own: median, min, max in ms, peak RSS in KiB, and
/// the median of the model stage in ms.
fn measure_in_child(spec: &str, runs: usize) -> Result<(f64, f64, f64, u64, f64), String> {
    let exe = env::current_exe().map_err(|e| e.to_string())?;
    let output = Command::new(exe)
        .args(["bench-generate", spec, &runs.to_string()])
        .output()
        .map_err(|e| format!("cannot run the measurement: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<f64> = text.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    match numbers.as_slice() {
        [median, min, max, peak, model] => Ok((*median, *min, *max, *peak as u64, *model)),
        _ => Err(format!("unexpected measurement output: {text}")),
    }
}

/// The child's side: `spec` is `api-spec` or a number of operations. In a
/// debug build, runs itself again in release.
pub fn generate_child(args: &[String]) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return in_release("bench-generate", args);
    }
    let [spec, runs] = args else { return Err("usage: bench-generate SPEC RUNS".into()) };
    let runs: usize = runs.parse().map_err(|_| "RUNS must be a number")?;
    let specs = if spec == "api-spec" {
        repo_specs(&project_root())?
    } else if let Some(width) = spec.strip_prefix("wide:").and_then(|w| w.parse::<usize>().ok()) {
        vec![SpecSource { name: "wide.yaml".into(), text: synthetic::wide(width) }]
    } else if let Ok(ops) = spec.parse::<usize>() {
        vec![SpecSource { name: "synthetic.yaml".into(), text: synthetic::spec(ops) }]
    } else if Path::new(spec).is_file() {
        vec![codegen::config::read_spec(Path::new(spec), spec)?]
    } else {
        return Err("SPEC must be api-spec, a number of operations, wide:N or a spec file".into());
    };
    let (samples, model) = time_generation(&specs, runs)?;
    let (median, min, max) = stats(samples);
    println!("{} {} {} {} {}", ms(median), ms(min), ms(max), peak_rss_kib(), ms(stats(model).0));
    Ok(())
}

/// The process's peak resident memory (`VmHWM`), in KiB; 0 where unknown.
pub(crate) fn peak_rss_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn generation(runs: usize) -> Result<(), String> {
    println!("\n## Generation: spec text to formatted files in memory ({runs} runs each)\n");
    println!(
        "| spec | operations | median ms | min ms | max ms | µs per operation | model stage ms | peak memory MiB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let api_ops = codegen::model(&repo_specs(&project_root())?, codegen::Policy::default())
        .map_err(|d| d.to_string())?
        .api
        .modules
        .iter()
        .map(|m| m.operations.len())
        .sum::<usize>();
    let mut medians = Vec::new();
    for (label, spec, ops) in std::iter::once(("api-spec/".to_owned(), "api-spec".to_owned(), api_ops))
        .chain(SIZES.iter().map(|&n| (format!("synthetic {n}"), n.to_string(), n.div_ceil(4) * 4)))
    {
        let runs = if ops >= 5000 { runs.min(5) } else { runs };
        let (median, min, max, peak, model) = measure_in_child(&spec, runs)?;
        println!(
            "| {label} | {ops} | {median:.2} | {min:.2} | {max:.2} | {:.1} | {model:.2} | {:.1} |",
            median * 1000.0 / ops as f64,
            peak as f64 / 1024.0
        );
        medians.push((ops, median));
    }
    let at = |n: usize| medians.iter().find(|(ops, _)| *ops == n).map(|(_, m)| *m).unwrap_or(f64::NAN);
    println!("\nratio time(5000) / time(500): {:.2} (linear: 10)", at(5000) / at(500));
    // An object of many properties and an enum of many values, with names that collide.
    let (narrow, ..) = measure_in_child("wide:5000", runs.min(5))?;
    let (wide, ..) = measure_in_child("wide:50000", runs.min(5))?;
    println!(
        "one enum of n values and one object of n properties: {narrow:.1} ms at 5,000, {wide:.1} ms at 50,000; \
         ratio {:.2} (linear: 10)",
        wide / narrow
    );
    Ok(())
}

/// Writes the crate generated for `specs` into `dir` (a standalone crate).
fn write_crate(dir: &Path, specs: &[SpecSource], name: &str) -> Result<usize, String> {
    let files = codegen::generate(specs, &options(name)).map_err(|d| d.to_string())?.files;
    let lines = files.iter().filter(|f| f.path.ends_with(".rs")).map(|f| f.contents.lines().count()).sum();
    Plan::new(dir, &files).and_then(|plan| plan.apply(dir)).map_err(|e| e.to_string())?;
    Ok(lines)
}

/// How a crate is compiled: as a member of the user's workspace (cargo's
/// default for a local crate: incremental), or as a dependency from a
/// registry (not incremental).
#[derive(Clone, Copy)]
enum As {
    Member,
    Dependency,
}

fn cargo_timed(dir: &Path, target: &Path, args: &[&str], mode: As) -> Result<Duration, String> {
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", if matches!(mode, As::Member) { "1" } else { "0" })
        .args(args)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr)));
    }
    Ok(started.elapsed())
}

fn compile_time(runs: usize) -> Result<(), String> {
    let root = project_root();
    let work = root.join("target/bench");
    let target = work.join("target");
    println!("\n## Compile time of the generated crate alone, dependencies built ({runs} runs each)\n");
    println!(
        "| spec | operations | lines | lines per op | check s (min-max) | check ms per op | \
         check as a dependency s (min-max) | ms per op | build s (min-max) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let cases: Vec<(String, Vec<SpecSource>, usize)> = vec![
        ("api-spec/".into(), repo_specs(&root)?, 18),
        (
            "synthetic 1000".into(),
            vec![SpecSource { name: "synthetic.yaml".into(), text: synthetic::spec(1000) }],
            1000,
        ),
    ];
    for (i, (label, specs, ops)) in cases.iter().enumerate() {
        let name = format!("bench-client-{i}");
        let dir: PathBuf = work.join(&name);
        let lines = write_crate(&dir, specs, &name)?;
        // Builds the dependencies, and settles the lock file.
        cargo_timed(&dir, &target, &["check", "--quiet"], As::Member)?;
        cargo_timed(&dir, &target, &["build", "--quiet"], As::Member)?;
        let measure = |command: &str, mode: As| -> Result<(Duration, Duration, Duration), String> {
            let mut samples = Vec::new();
            for _ in 0..runs {
                cargo_timed(&dir, &target, &["clean", "--quiet", "-p", &name], mode)?;
                samples.push(cargo_timed(&dir, &target, &[command, "--quiet"], mode)?);
            }
            Ok(stats(samples))
        };
        let check = measure("check", As::Member)?;
        let dependency = measure("check", As::Dependency)?;
        let build = measure("build", As::Member)?;
        let secs = |(median, min, max): (Duration, Duration, Duration)| {
            format!("{:.2} ({:.2}-{:.2})", median.as_secs_f64(), min.as_secs_f64(), max.as_secs_f64())
        };
        println!(
            "| {label} | {ops} | {lines} | {} | {} | {:.1} | {} | {:.1} | {} |",
            lines / ops,
            secs(check),
            ms(check.0) / *ops as f64,
            secs(dependency),
            ms(dependency.0) / *ops as f64,
            secs(build),
        );
    }
    Ok(())
}

fn request_overhead() -> Result<(), String> {
    println!("\n## Per-request overhead: generated client / hand-written reqwest, same loopback server\n");
    let status = Command::new(env!("CARGO"))
        .current_dir(project_root())
        .args(["bench", "--quiet", "--package", "tests", "--bench", "request_overhead"])
        .status()
        .map_err(|e| format!("cannot run the request bench: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the request bench failed".into())
    }
}
