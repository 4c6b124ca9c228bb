//! `cargo xtask conformance [--spec FILE]... [--rounds N]`: every generated
//! operation checked by an independent implementation of OpenAPI.
//!
//! The specs (`api-spec/` by default) are generated into one client crate
//! under `target/conformance/client/`, and its smoke program
//! ([`codegen::smoke`]) into `target/conformance/smoke/`. Each spec gets a
//! Prism mock server (npm `@stoplight/prism-cli`, pinned, installed into
//! `target/prism/` on first use) on 127.0.0.1, with request validation on
//! and responses generated from the spec's schemas (`--dynamic`), so that
//! each round decodes new data. The program calls every operation `N`
//! rounds (20 by default); the table says, per operation, how many requests
//! the mock accepted, how many responses decoded, and the first problem.
//! Fails when any call was rejected, did not decode, or failed, and when the
//! mock judged no call at all.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use codegen::write::Plan;
use codegen::{Options, Policy, SpecSource};

use crate::project_root;

/// The mock server, pinned: its verdicts are part of the project's results.
const PRISM: &str = "@stoplight/prism-cli@5.14.2";

/// How long a mock may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(90);

const CRATE_NAME: &str = "conformance-client";

pub fn run(args: &[String]) -> Result<(), String> {
    let root = project_root();
    let mut spec_paths = Vec::new();
    let mut rounds = 20usize;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec_paths.push(PathBuf::from(args.next().ok_or("--spec needs a file")?)),
            "--rounds" => {
                rounds = args.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0).ok_or("--rounds needs a number")?
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if spec_paths.is_empty() {
        let dir = root.join(crate::SPEC_DIR);
        spec_paths = codegen::config::spec_files(&dir)?.into_iter().map(|name| dir.join(name)).collect();
    }
    let table = check(&root.join("target/conformance"), &spec_paths, rounds, Policy::default())?;
    print!("{}", table.markdown(rounds));
    match table.counts() {
        Counts { conform: 0, accepted: 0, problems: 0, .. } => Err("the mock judged no operation".to_owned()),
        Counts { problems: 0, .. } => Ok(()),
        Counts { problems, .. } => Err(format!("{problems} operations do not conform")),
    }
}

/// Generates the client of the specs at `spec_paths` (taken as `policy`
/// says) and its smoke program under `work`, and runs it `rounds` times
/// against a mock of each spec.
pub(crate) fn check(work: &Path, spec_paths: &[PathBuf], rounds: usize, policy: Policy) -> Result<Table, String> {
    let root = project_root();
    let specs: Vec<SpecSource> = spec_paths
        .iter()
        .map(|p| codegen::config::read_spec(p, &p.strip_prefix(&root).unwrap_or(p).display().to_string()))
        .collect::<Result<_, _>>()?;
    let options = Options { standalone: false, policy, ..Options::new(CRATE_NAME, "cargo xtask conformance") };
    let (binary, api) = build(work, &specs, &options)?;

    let prism = install_prism(&root)?;
    let mut mocks = Vec::new();
    let mut urls = Vec::new();
    for (path, module) in spec_paths.iter().zip(&api.modules) {
        let mock = Mock::start(&prism, path)?;
        urls.push(format!("{}=http://127.0.0.1:{}", module.name, mock.port));
        mocks.push(mock);
    }
    eprintln!("calling {} operations, {rounds} rounds", api.modules.iter().map(|m| m.operations.len()).sum::<usize>());
    let output = run_bounded(Command::new(&binary).arg(rounds.to_string()).args(&urls))?;
    for mock in &mut mocks {
        // A mock that stopped made every later call fail: no verdict of the client.
        if let Ok(Some(status)) = mock.child.try_wait() {
            return Err(format!("the mock stopped during the run ({status})"));
        }
    }
    drop(mocks);
    if !output.status.success() {
        return Err(format!("the smoke program failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(Table::read(&String::from_utf8_lossy(&output.stdout)))
}

/// How long the smoke program may run, all rounds together.
const RUN_TIMEOUT: Duration = Duration::from_secs(15 * 60);

/// Runs `command` to its end, or kills it after [`RUN_TIMEOUT`].
fn run_bounded(command: &mut Command) -> Result<std::process::Output, String> {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the smoke program: {e}"))?;
    let id = child.id();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match finished.recv_timeout(RUN_TIMEOUT) {
        Ok(output) => output.map_err(|e| format!("the smoke program failed: {e}")),
        Err(_) => {
            let _ = Command::new("kill").arg(id.to_string()).status();
            Err(format!("the smoke program ran past {} s and was stopped", RUN_TIMEOUT.as_secs()))
        }
    }
}

/// Generates the client and its smoke program under `work`, builds them, and
/// returns the program's path and the model it was made from.
fn build(work: &Path, specs: &[SpecSource], options: &Options) -> Result<(PathBuf, codegen::model::Api), String> {
    let generated = codegen::generate(specs, options).map_err(|d| format!("the specs do not generate:\n{d}"))?;
    let api = codegen::model_with(specs, options).map_err(|d| d.to_string())?.api;
    let program = codegen::smoke::program(&api, CRATE_NAME)?;
    let client = work.join("client");
    let plan = Plan::new(&client, &generated.files).map_err(|e| format!("cannot read {}: {e}", client.display()))?;
    plan.apply(&client).map_err(|e| format!("writing {} failed: {e}", client.display()))?;
    // The program uses what the client does (serde, the format crates), and tokio's runtime.
    let dependencies: String =
        generated.dependencies().lines().filter(|l| !l.starts_with("tokio ")).map(|l| format!("{l}\n")).collect();
    let smoke = work.join("smoke/src");
    fs::create_dir_all(&smoke).map_err(|e| format!("cannot create {}: {e}", smoke.display()))?;
    let files = [
        (work.join("Cargo.toml"), String::from("[workspace]\nmembers = [\"client\", \"smoke\"]\nresolver = \"2\"\n")),
        (
            work.join("smoke/Cargo.toml"),
            format!(
                "[package]\nname = \"smoke\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
                 {CRATE_NAME} = {{ path = \"../client\" }}\n\
                 tokio = {{ version = \"1.38\", default-features = false, features = [\"macros\", \"rt\", \"time\"] }}\n{dependencies}"
            ),
        ),
        (smoke.join("main.rs"), program),
    ];
    for (path, contents) in files {
        if fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    eprintln!("building the client and its smoke program");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "-p", "smoke"])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", work.join("target"))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the client, or its smoke program, does not build".to_owned());
    }
    Ok((work.join("target/debug/smoke"), api))
}

/// The `prism` command, installed with npm into `target/prism/` on first use.
fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("target/prism");
    let prism = dir.join("node_modules/.bin/prism");
    let version = PRISM.rsplit('@').next().unwrap_or_default();
    let installed = dir.join("node_modules/@stoplight/prism-cli/package.json");
    if fs::read_to_string(&installed).is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\""))) {
        return Ok(prism);
    }
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    eprintln!("installing {PRISM} into {}", dir.display());
    let output = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(PRISM)
        .output()
        .map_err(|e| format!("cannot run npm (needed to install the mock server): {e}"))?;
    if !output.status.success() {
        return Err(format!("npm install {PRISM} failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(prism)
}

/// A Prism mock of one spec, stopped when dropped.
struct Mock {
    child: Child,
    port: u16,
}

impl Mock {
    fn start(prism: &Path, spec: &Path) -> Result<Mock, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let mut child = Command::new(prism)
            .args(["mock", "--dynamic", "--errors", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        let stdout = child.stdout.take().ok_or("no output from the mock")?;
        let mut mock = Mock { child, port };
        let (ready, listening) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.contains("Prism is listening") {
                    let _ = ready.send(());
                }
            }
        });
        match listening.recv_timeout(START_TIMEOUT) {
            Ok(()) => Ok(mock),
            Err(_) => {
                let _ = mock.child.kill();
                Err(format!("the mock of {} did not start in {} s", spec.display(), START_TIMEOUT.as_secs()))
            }
        }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The verdicts per operation, in the program's order.
#[derive(Default)]
pub(crate) struct Table {
    rows: Vec<((String, String), Row)>,
}

#[derive(Default)]
struct Row {
    calls: usize,
    by_verdict: BTreeMap<String, usize>,
    /// The first problem (`rejected`, `undecoded`, `failed`), with its verdict.
    problem: Option<(String, String)>,
    /// The first call whose request or response the mock could not judge
    /// (`differs`, `harness`, `skipped`; `accepted`: the request only), and why.
    unjudged: Option<(String, String)>,
}

/// Operations by verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Counts {
    pub(crate) all: usize,
    /// Requests accepted and responses decoded.
    pub(crate) conform: usize,
    /// Requests accepted; no response the mock could judge (its own answers
    /// broke its spec).
    pub(crate) accepted: usize,
    /// A call rejected, undecoded or failed.
    pub(crate) problems: usize,
    /// No request the mock could judge.
    pub(crate) unjudged: usize,
    /// A request rejected (among `problems`).
    pub(crate) rejected: usize,
    /// A response judged: decoded or not (`conform`, and some of `problems`).
    pub(crate) answered: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.all += other.all;
        self.conform += other.conform;
        self.accepted += other.accepted;
        self.problems += other.problems;
        self.unjudged += other.unjudged;
        self.rejected += other.rejected;
        self.answered += other.answered;
    }
}

impl Row {
    fn count(&self, verdict: &str) -> usize {
        self.by_verdict.get(verdict).copied().unwrap_or(0)
    }

    /// Calls whose request the mock judged.
    fn judged(&self) -> usize {
        self.calls - ["skipped", "differs", "harness"].iter().map(|v| self.count(v)).sum::<usize>()
    }

    /// Calls whose response could be judged too: accepted, and answered
    /// as the spec says.
    fn answered(&self) -> usize {
        self.judged() - self.count("rejected") - self.count("accepted")
    }
}

impl Table {
    fn read(output: &str) -> Table {
        let mut table = Table::default();
        for line in output.lines() {
            let mut fields = line.splitn(4, '\t');
            let (Some(module), Some(op), Some(verdict)) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            let detail = fields.next().unwrap_or_default();
            let key = (module.to_owned(), op.to_owned());
            let at = match table.rows.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    table.rows.push((key, Row::default()));
                    table.rows.len() - 1
                }
            };
            let row = &mut table.rows[at].1;
            row.calls += 1;
            *row.by_verdict.entry(verdict.to_owned()).or_default() += 1;
            let slot = match verdict {
                "ok" => continue,
                "skipped" | "differs" | "harness" | "accepted" => &mut row.unjudged,
                _ => &mut row.problem,
            };
            if slot.is_none() {
                *slot = Some((verdict.to_owned(), detail.to_owned()));
            }
        }
        table
    }

    /// Operations by verdict.
    pub(crate) fn counts(&self) -> Counts {
        let rows = || self.rows.iter().map(|(_, r)| r);
        let fine = || rows().filter(|r| r.judged() > 0 && r.problem.is_none());
        Counts {
            all: self.rows.len(),
            conform: fine().filter(|r| r.answered() > 0).count(),
            accepted: fine().filter(|r| r.answered() == 0).count(),
            problems: self.disagreements(),
            unjudged: rows().filter(|r| r.judged() == 0).count(),
            rejected: rows().filter(|r| r.count("rejected") > 0).count(),
            answered: rows().filter(|r| r.answered() > 0).count(),
        }
    }

    /// Each operation's first problem: its verdict and detail.
    pub(crate) fn problems(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.rows
            .iter()
            .filter_map(|((_, op), row)| row.problem.as_ref().map(|(v, d)| (op.as_str(), v.as_str(), d.as_str())))
    }

    /// Each operation the mock did not judge in full (its request, or its
    /// response): the verdict that kept it from being judged, and its detail.
    pub(crate) fn unjudged(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.rows
            .iter()
            .filter(|(_, r)| r.problem.is_none() && r.answered() == 0)
            .filter_map(|((_, op), r)| r.unjudged.as_ref().map(|(v, d)| (op.as_str(), v.as_str(), d.as_str())))
    }

    /// Operations with a call rejected, undecoded or failed.
    fn disagreements(&self) -> usize {
        self.rows.iter().filter(|(_, row)| row.problem.is_some()).count()
    }

    fn markdown(&self, rounds: usize) -> String {
        let mut out = String::from("| operation | request accepted | response decoded | note |\n|---|---:|---:|---|\n");
        for ((module, op), row) in &self.rows {
            let note = match row.problem.as_ref().or(row.unjudged.as_ref()) {
                Some((verdict, detail)) => {
                    let detail: String = detail.chars().take(300).collect();
                    format!("{verdict}: {}", detail.replace('|', "\\|"))
                }
                None => String::new(),
            };
            if row.judged() == 0 {
                out.push_str(&format!("| {module}::{op} | not judged | not judged | {note} |\n"));
                continue;
            }
            let accepted = row.judged() - row.count("rejected");
            let decoded = match row.answered() {
                0 => String::from("not judged"),
                answered => format!("{}/{answered}", row.count("ok")),
            };
            out.push_str(&format!("| {module}::{op} | {accepted}/{} | {decoded} | {note} |\n", row.judged()));
        }
        let Counts { all, conform, accepted, problems, unjudged, .. } = self.counts();
        out.push_str(&format!(
            "\n{all} operations, {rounds} rounds: {conform} conform, {accepted} have their requests accepted \
             but no answer the mock could judge, {problems} do not conform, {unjudged} the mock cannot judge.\n"
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Counts, Table};

    #[test]
    fn operations_are_counted_by_what_the_mock_could_judge() {
        let output = "\
m\tok_op\tok\t
m\tok_op\taccepted\tthe mock's answer breaks its spec: response.body: must be integer
m\taccepted_op\taccepted\t500: NO_RESPONSE_DEFINED
m\trejected_op\tok\t
m\trejected_op\trejected\tquery.page: must be >= 1
m\tundecoded_op\tundecoded\tmissing field `id`
m\tskipped_op\tskipped\tits path template has a `#` part
m\tharness_op\tharness\ta value made here breaks a bound or pattern: body.code: pattern
";
        let table = Table::read(output);
        let counts = Counts { all: 6, conform: 1, accepted: 1, problems: 2, unjudged: 2, rejected: 1, answered: 3 };
        assert_eq!(table.counts(), counts);
        let unjudged: Vec<(&str, &str)> = table.unjudged().map(|(op, verdict, _)| (op, verdict)).collect();
        assert_eq!(unjudged, [("accepted_op", "accepted"), ("skipped_op", "skipped"), ("harness_op", "harness")]);
        let markdown = table.markdown(2);
        assert!(markdown.contains("| m::ok_op | 2/2 | 1/1 |"), "{markdown}");
        assert!(markdown.contains("| m::accepted_op | 1/1 | not judged |"), "{markdown}");
        assert!(markdown.contains("| m::rejected_op | 1/2 | 1/1 |"), "{markdown}");
        assert!(markdown.contains("| m::skipped_op | not judged | not judged |"), "{markdown}");
    }
}
