//! `clientgen`: generate, check, lint and diff typed Rust clients of
//! Swagger 2.0 and OpenAPI 3.x documents, from anywhere.
//!
//! The crates to generate come from `codegen.toml` (see `codegen::config`),
//! or from `--spec` and `--out`. Diagnostics print as `file:line:col`, with
//! the spec path and a hint, in colour on a terminal; `lint --format json`
//! prints them as JSON for editors and CI.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use codegen::config::{self, Client, Config};
use codegen::write::Plan;
use codegen::{Diagnostics, Options, Policy, Selector, SpecSource};

#[derive(Parser)]
#[command(name = "clientgen", version, about = "Typed async Rust clients from Swagger 2.0 and OpenAPI 3.x documents")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write each client crate: only the files that change, stale generated
    /// files removed, nothing written when a spec has an error.
    Generate(Inputs),
    /// Fail when a client crate is not what its specs generate.
    Check(Inputs),
    /// Print the diagnostics of the specs, generating nothing.
    Lint {
        #[command(flatten)]
        inputs: Inputs,
        /// How to print them.
        #[arg(long, value_enum, default_value = "text")]
        format: LintFormat,
    },
    /// What changing a spec from OLD to NEW does to users of its client:
    /// each change, whether it breaks them, and the version bump it needs.
    Diff {
        /// The spec before: a file, or a folder of them.
        old: PathBuf,
        /// The spec after.
        new: PathBuf,
        /// The client's current version, for the bump.
        #[arg(long, default_value = "0.1.0")]
        version: String,
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
        /// Fail when a change breaks users.
        #[arg(long)]
        deny_breaking: bool,
    },
}

/// Which crates: those of a configuration file, or one from the command line.
#[derive(Args)]
struct Inputs {
    /// The configuration file (default: `codegen.toml` here, when there is
    /// no `--spec`).
    #[arg(long, conflicts_with = "spec")]
    config: Option<PathBuf>,
    /// Spec files (or folders of them) of one crate.
    #[arg(long, num_args = 1..)]
    spec: Vec<PathBuf>,
    /// The crate's folder (not needed by `lint`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Its package name (default: the folder's name).
    #[arg(long)]
    crate_name: Option<String>,
    /// Its version.
    #[arg(long, default_value = "0.1.0")]
    crate_version: String,
    /// Warnings are errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Leave out, with a warning, each operation the generator cannot express.
    #[arg(long)]
    skip_unsupported: bool,
    /// Generate only these operations: `id:OPERATION_ID`, `tag:TAG` or
    /// `path:/GLOB` (`*` any text within a segment, `**` any text).
    #[arg(long, num_args = 1..)]
    include: Vec<Selector>,
    /// Leave these operations out (same selectors).
    #[arg(long, num_args = 1..)]
    exclude: Vec<Selector>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(inputs) => clients(&inputs).and_then(|clients| generate(&clients, false)),
        Command::Check(inputs) => clients(&inputs).and_then(|clients| generate(&clients, true)),
        Command::Lint { mut inputs, format } => {
            // Nothing is written: the folder does not matter.
            inputs.out.get_or_insert_with(|| PathBuf::from("."));
            clients(&inputs).and_then(|clients| lint(&clients, format))
        }
        Command::Diff { old, new, version, format, deny_breaking } => diff(&old, &new, &version, format, deny_breaking),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The crates the inputs name, the command line's flags applied to each.
fn clients(inputs: &Inputs) -> Result<Vec<Client>, String> {
    let mut clients = match (&inputs.config, inputs.spec.is_empty()) {
        (Some(path), _) => Config::load(path)?.clients,
        (None, true) if Path::new(config::FILE_NAME).is_file() => Config::load(Path::new(config::FILE_NAME))?.clients,
        (None, true) => {
            return Err(format!("no {} here: name one with --config, or give --spec and --out", config::FILE_NAME))
        }
        (None, false) => vec![command_line_client(inputs)?],
    };
    for client in &mut clients {
        client.options.policy.deny_warnings |= inputs.deny_warnings;
        client.options.policy.skip_unsupported |= inputs.skip_unsupported;
        client.options.selection.include.extend(inputs.include.iter().cloned());
        client.options.selection.exclude.extend(inputs.exclude.iter().cloned());
    }
    Ok(clients)
}

fn command_line_client(inputs: &Inputs) -> Result<Client, String> {
    let out = inputs.out.clone().ok_or("--spec needs --out")?;
    let name =
        config::crate_name(inputs.crate_name.clone(), &out).map_err(|e| format!("{e} (set it with --crate-name)"))?;
    let mut specs = Vec::new();
    for path in &inputs.spec {
        specs.extend(spec_files(path, None)?);
    }
    let mut options = Options::new(&name, "clientgen generate");
    options.crate_version = inputs.crate_version.clone();
    Ok(Client { out, specs, options })
}

/// A spec file, or the spec files of a folder in name order, each named as
/// its path (or, with `short`, its file name: a spec's modules are named
/// after its file, so two versions of one spec must have the same name).
fn spec_files(path: &Path, short: Option<&str>) -> Result<Vec<(PathBuf, String)>, String> {
    if !path.is_dir() {
        let name = short.map_or_else(|| path.display().to_string(), str::to_owned);
        return Ok(vec![(path.to_path_buf(), name)]);
    }
    let files = config::spec_files(path)?.into_iter().map(|name| {
        let file = path.join(&name);
        let shown = if short.is_some() { name } else { file.display().to_string() };
        (file, shown)
    });
    Ok(files.collect())
}

/// Generates each crate; with `check`, writes nothing and fails when one is
/// stale. Every crate is generated before any is put in place: a spec with
/// an error leaves them all as they were. Each crate is written as it is
/// made, beside the files it replaces, so that a large crate's text is
/// never held in memory.
fn generate(clients: &[Client], check: bool) -> Result<(), String> {
    if check {
        return check_fresh(clients);
    }
    let mut staged = Vec::new();
    let mut failed = false;
    for client in clients {
        progress(client);
        let out = &client.out;
        match codegen::generate_into(&client.read_specs()?, &client.options, out) {
            Ok(crate_) => {
                if !crate_.warnings.is_empty() {
                    eprint!("{}", colored(&crate_.warnings));
                }
                staged.push((out, crate_.files));
            }
            Err(codegen::Failure::Specs(diagnostics)) => {
                eprint!("{}", colored(&diagnostics));
                failed = true;
            }
            Err(codegen::Failure::Write(e)) => {
                return Err(format!("writing {} failed: {e}; nothing was put in place", out.display()));
            }
        }
    }
    if failed {
        // Dropping the staged crates removes what they wrote.
        return Err(String::from("nothing was written"));
    }
    for (out, files) in staged {
        let changed = files.changed();
        if files.is_empty() {
            println!("{} is up to date", out.display());
        } else {
            files.apply().map_err(|e| format!("writing {} failed: {e}", out.display()))?;
            println!("updated {}:\n  {}", out.display(), changed.join("\n  "));
        }
    }
    Ok(())
}

/// Fails when a crate is not what its specs generate; writes nothing.
fn check_fresh(clients: &[Client]) -> Result<(), String> {
    let mut plans = Vec::new();
    let mut failed = false;
    for client in clients {
        progress(client);
        match codegen::generate(&client.read_specs()?, &client.options) {
            Ok(generated) => {
                if !generated.warnings.is_empty() {
                    eprint!("{}", colored(&generated.warnings));
                }
                let out = &client.out;
                let plan =
                    Plan::new(out, &generated.files).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
                plans.push((out, plan));
            }
            Err(diagnostics) => {
                eprint!("{}", colored(&diagnostics));
                failed = true;
            }
        }
    }
    if failed {
        return Err(String::new());
    }
    let mut stale = Vec::new();
    for (out, plan) in plans {
        if plan.is_empty() {
            println!("{} is up to date", out.display());
        } else {
            let changed = plan.changed(out);
            stale.push(format!("{} is stale; these files differ:\n  {}", out.display(), changed.join("\n  ")));
        }
    }
    match stale.is_empty() {
        true => Ok(()),
        false => Err(format!("{}\nrun `clientgen generate` to update", stale.join("\n"))),
    }
}

/// Progress, where someone watches: a large spec takes a second or two.
fn progress(client: &Client) {
    if std::io::stderr().is_terminal() {
        eprintln!("generating {} from {} spec(s)", client.out.display(), client.specs.len());
    }
}

fn lint(clients: &[Client], format: LintFormat) -> Result<(), String> {
    let mut all = Diagnostics::default();
    for client in clients {
        let options = &client.options;
        let diagnostics = match codegen::model_with(&client.read_specs()?, options) {
            Ok(modeled) => modeled.warnings,
            Err(diagnostics) => diagnostics,
        };
        all.extend(diagnostics);
    }
    match format {
        LintFormat::Json => println!("{}", all.to_json()),
        LintFormat::Text if all.is_empty() => println!("no problems found"),
        LintFormat::Text => eprint!("{}", colored(&all)),
    }
    match all.has_errors() {
        true => Err(String::new()),
        false => Ok(()),
    }
}

fn diff(old: &Path, new: &Path, version: &str, format: DiffFormat, deny_breaking: bool) -> Result<(), String> {
    // One name for both versions of a file: the new one's.
    let short = new.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let model = |path: &Path| -> Result<codegen::model::Api, String> {
        let specs: Vec<SpecSource> = spec_files(path, Some(&short))?
            .iter()
            .map(|(path, name)| config::read_spec(path, name))
            .collect::<Result<_, String>>()?;
        codegen::model(&specs, Policy::default())
            .map(|modeled| modeled.api)
            .map_err(|d| format!("{} has errors:\n{}", path.display(), colored(&d)))
    };
    let report = codegen::diff::diff(&model(old)?, &model(new)?);
    print!(
        "{}",
        match format {
            DiffFormat::Text => report.to_text(version),
            DiffFormat::Markdown => report.to_markdown(version),
        }
    );
    match deny_breaking && report.is_breaking() {
        true => Err(String::from("breaking changes (--deny-breaking)")),
        false => Ok(()),
    }
}

/// The diagnostics as text, their severities in colour when standard error
/// is a terminal (and `NO_COLOR` is not set), never in a pipe.
fn colored(diagnostics: &Diagnostics) -> String {
    let text = format!("{diagnostics}\n");
    if !std::io::stderr().is_terminal() || std::env::var_os("NO_COLOR").is_some() {
        return text;
    }
    text.lines()
        .map(|line| {
            line.replacen(": error: ", ": \x1b[1;31merror\x1b[0m: ", 1).replacen(
                ": warning: ",
                ": \x1b[1;33mwarning\x1b[0m: ",
                1,
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
