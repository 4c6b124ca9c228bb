//! `codegen.toml`: which client crates to generate, from which specs, and
//! how. Read by the `clientgen` binary and by this repository's own
//! `cargo xtask regen`, so that a crate is generated the same way whichever
//! runs it.
//!
//! ```toml
//! # One table per generated crate.
//! [[client]]
//! # The crate's folder, relative to this file.
//! out = "generated-client"
//! # Its package name and version.
//! name = "toggl-client"
//! version = "0.1.0"
//! # Spec files, or folders whose `.yaml`, `.yml` and `.json` files are
//! # read in name order; relative to this file. A file's module is named
//! # by its `x-rust-module`, else its file name, unless given here.
//! specs = ["api-spec", { path = "billing.yaml", module = "billing" }]
//! # The command named in each file's header as the one that regenerates it.
//! command = "cargo xtask regen"
//! # Give the crate its own `[workspace]` (the default), or not, for a member
//! # of the workspace the file is in.
//! standalone = false
//! # Warnings are errors.
//! deny-warnings = true
//! # Leave out, with a warning, each operation the generator cannot express.
//! skip-unsupported = false
//! # The operations to generate: by `operationId`, tag, or path (`*` is any
//! # text within a segment, `**` any text); all when `include` is empty.
//! include = ["tag:users", "path:/me/**"]
//! exclude = ["id:delete_account"]
//! # `format: date-time` and `date` strings: "jiff" (the default) types
//! # them as `jiff::Timestamp` and `jiff::civil::Date`; "string" keeps the
//! # wire's text.
//! dates = "jiff"
//! # `pages()` and `items()` streams for operations with `x-pagination`.
//! pagination = true
//! # Clients retry failures by `RetryPolicy::default()` unless given another
//! # policy; with `false` they send each request once unless given one.
//! retry = true
//!
//! # Component schemas typed as existing Rust types, by the schema's key: the
//! # schema's type is an alias of it. The type must implement `Clone`,
//! # `Debug`, `PartialEq` and serde's `Serialize` and `Deserialize`, and
//! # `Display` (and `FromStr` in response headers) where a parameter has it.
//! [client.types]
//! Money = "rust_decimal::Decimal"
//!
//! # Dependencies added to the crate's `Cargo.toml`, for those types, as
//! # written (a `path` is relative to the generated crate); one of a name
//! # the generator uses replaces it.
//! [client.dependencies]
//! rust_decimal = { version = "1", features = ["serde-str"] }
//! ```
//!
//! A key this file does not know is an error: a misspelt setting must not
//! be silently ignored.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::{Dates, Options, Policy, Selection, Selector, SpecSource};

/// The default name of the file.
pub const FILE_NAME: &str = "codegen.toml";

/// The command named in generated headers when the file names none.
const DEFAULT_COMMAND: &str = "clientgen generate";

/// A parsed `codegen.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// The crates to generate, in the file's order.
    pub clients: Vec<Client>,
}

/// One `[[client]]`: a crate to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The crate's folder.
    pub out: PathBuf,
    /// Each spec file, and the name diagnostics and headers give it (its
    /// path relative to the configuration's folder, `/`-separated).
    pub specs: Vec<(PathBuf, String)>,
    /// What to generate.
    pub options: Options,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    client: Vec<ClientTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ClientTable {
    out: String,
    name: Option<String>,
    version: Option<String>,
    specs: Vec<SpecEntry>,
    command: Option<String>,
    #[serde(default = "yes")]
    standalone: bool,
    #[serde(default)]
    deny_warnings: bool,
    #[serde(default)]
    skip_unsupported: bool,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    dates: DatesKey,
    #[serde(default = "yes")]
    pagination: bool,
    #[serde(default = "yes")]
    retry: bool,
    #[serde(default)]
    types: BTreeMap<String, String>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

/// A spec: a file or folder, or a file with its module's name.
enum SpecEntry {
    Path(String),
    Named(NamedSpec),
}

/// A string, or a table read with its own errors (a misspelt key is named,
/// as everywhere else in the file).
impl<'de> Deserialize<'de> for SpecEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = SpecEntry;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a path, or a table `{ path = \"...\", module = \"...\" }`")
            }

            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<SpecEntry, E> {
                Ok(SpecEntry::Path(path.to_owned()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<SpecEntry, A::Error> {
                NamedSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(SpecEntry::Named)
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedSpec {
    path: String,
    module: String,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum DatesKey {
    #[default]
    Jiff,
    String,
}

fn yes() -> bool {
    true
}

impl Config {
    /// Reads the configuration at `path`; relative paths in it are taken
    /// from its folder.
    ///
    /// # Errors
    ///
    /// The file cannot be read, is not valid TOML, has a key it should not
    /// have, or a spec folder cannot be listed: the message names the file
    /// (and the line, for TOML errors).
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        // `codegen.toml` alone has the parent `""`: its paths stay relative.
        let dir = path.parent().unwrap_or(Path::new(""));
        Config::parse(&text, dir).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses a configuration whose relative paths are taken from `dir`.
    ///
    /// # Errors
    ///
    /// As [`Config::load`], without the file name.
    pub fn parse(text: &str, dir: &Path) -> Result<Config, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
        if file.client.is_empty() {
            return Err(String::from("no `[[client]]`: nothing to generate"));
        }
        let clients: Vec<Client> = file.client.into_iter().map(|table| table.resolve(dir)).collect::<Result<_, _>>()?;
        // Each crate brings its own folder up to date: two in one folder
        // would each take the other's files for stale ones.
        let folders: Vec<PathBuf> = clients.iter().map(|c| lexical(&c.out)).collect();
        for (i, a) in folders.iter().enumerate() {
            if let Some(b) = folders[..i].iter().find(|b| a.starts_with(b) || b.starts_with(a)) {
                return Err(format!(
                    "two `[[client]]`s write to `{}` and `{}`, one inside the other: give each a folder of its own",
                    b.display(),
                    a.display()
                ));
            }
        }
        Ok(Config { clients })
    }
}

impl ClientTable {
    fn resolve(self, dir: &Path) -> Result<Client, String> {
        let out = dir.join(&self.out);
        let name = crate_name(self.name, &out)?;
        let mut specs = Vec::new();
        let mut modules = BTreeMap::new();
        for entry in &self.specs {
            let (spec, module) = match entry {
                SpecEntry::Path(spec) => (spec, None),
                SpecEntry::Named(NamedSpec { path, module }) => (path, Some(module)),
            };
            let path = dir.join(spec);
            if path.is_dir() {
                if module.is_some() {
                    return Err(format!("client `{name}`: `{spec}` is a folder; a module is named for a file"));
                }
                for file in spec_files(&path)? {
                    let shown = format!("{}/{}", spec.trim_end_matches('/'), file);
                    specs.push((path.join(&file), shown));
                }
            } else {
                if let Some(module) = module {
                    modules.insert(spec.clone(), module.clone());
                }
                specs.push((path, spec.clone()));
            }
        }
        if specs.is_empty() {
            return Err(format!("client `{name}` has no spec"));
        }
        let mut options = Options::new(&name, self.command.as_deref().unwrap_or(DEFAULT_COMMAND));
        if let Some(version) = self.version {
            options.crate_version = version;
        }
        options.standalone = self.standalone;
        options.policy = Policy { deny_warnings: self.deny_warnings, skip_unsupported: self.skip_unsupported };
        let selectors = |list: &[String]| -> Result<Vec<Selector>, String> {
            list.iter().map(|s| s.parse().map_err(|e| format!("client `{name}`: {e}"))).collect()
        };
        options.selection = Selection { include: selectors(&self.include)?, exclude: selectors(&self.exclude)? };
        options.modules = modules;
        options.dates = match self.dates {
            DatesKey::Jiff => Dates::Jiff,
            DatesKey::String => Dates::String,
        };
        options.pagination = self.pagination;
        options.retry = self.retry;
        options.types = self.types;
        options.dependencies =
            self.dependencies.iter().map(|(crate_name, value)| format!("{crate_name} = {value}")).collect();
        Ok(Client { out, specs, options })
    }
}

impl Client {
    /// The text of each spec.
    ///
    /// # Errors
    ///
    /// A spec that cannot be read.
    pub fn read_specs(&self) -> Result<Vec<SpecSource>, String> {
        self.specs.iter().map(|(path, name)| read_spec(path, name)).collect()
    }
}

/// The spec at `path`, named `name` in diagnostics and headers.
///
/// # Errors
///
/// The file cannot be read.
pub fn read_spec(path: &Path, name: &str) -> Result<SpecSource, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SpecSource { name: name.to_owned(), text })
}

/// The names of the `.yaml`, `.yml` and `.json` files of `dir`, sorted.
///
/// # Errors
///
/// The folder cannot be listed.
pub fn spec_files(dir: &Path) -> Result<Vec<String>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext)))
        .collect();
    names.sort();
    Ok(names)
}

/// `path` with its `.` steps left out and each `..` taking the step before
/// it away, as far as the text says (links are not followed).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for step in path.components() {
        match step {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The package name of the crate written to `out`: `chosen`, else the
/// folder's name.
///
/// # Errors
///
/// The name is not one Cargo accepts (see [`check_package_name`]).
pub fn crate_name(chosen: Option<String>, out: &Path) -> Result<String, String> {
    let name = chosen.unwrap_or_else(|| out.file_name().and_then(|n| n.to_str()).unwrap_or("api-client").to_owned());
    check_package_name(&name)?;
    Ok(name)
}

/// A package name Cargo accepts: ASCII letters, digits, `-` and `_`,
/// starting with a letter.
///
/// # Errors
///
/// Says what a valid name is.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match valid {
        true => Ok(()),
        false => Err(format!(
            "`{name}` is not a valid package name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_read_with_their_defaults_and_paths_from_the_file() {
        let config = Config::parse(
            "[[client]]\nout = \"out/a\"\nspecs = [\"a.yaml\"]\n\n[[client]]\nout = \"b\"\nname = \"b-client\"\nversion = \"2.1.0\"\nspecs = [\"b.json\"]\ncommand = \"make\"\nstandalone = false\ndeny-warnings = true\ninclude = [\"tag:users\"]\nexclude = [\"id:drop\"]\n",
            Path::new("/p"),
        )
        .unwrap();
        let [a, b] = &config.clients[..] else { panic!("two clients: {config:?}") };
        assert_eq!((a.out.as_path(), a.options.crate_name.as_str()), (Path::new("/p/out/a"), "a"));
        assert_eq!(a.specs, [(PathBuf::from("/p/a.yaml"), String::from("a.yaml"))]);
        assert_eq!((a.options.standalone, a.options.policy), (true, Policy::default()));
        assert_eq!(a.options.command, DEFAULT_COMMAND);
        assert_eq!((b.options.crate_name.as_str(), b.options.crate_version.as_str()), ("b-client", "2.1.0"));
        assert_eq!((b.options.command.as_str(), b.options.standalone), ("make", false));
        assert!(b.options.policy.deny_warnings && !b.options.policy.skip_unsupported);
        assert!(a.options.selection.is_all());
        let selection = &b.options.selection;
        assert_eq!(
            (selection.include[0].to_string(), selection.exclude[0].to_string()),
            ("tag:users".into(), "id:drop".into())
        );
    }

    #[test]
    fn modules_types_dependencies_dates_and_features_are_read() {
        let config = Config::parse(
            "[[client]]\nout = \"a\"\nspecs = [\"a.yaml\", { path = \"b.yaml\", module = \"billing\" }]\n\
             dates = \"string\"\npagination = false\nretry = false\n\
             [client.types]\nMoney = \"rust_decimal::Decimal\"\n\
             [client.dependencies]\nrust_decimal = { version = \"1\", features = [\"serde-str\"] }\nitoa = \"1\"\n",
            Path::new("/p"),
        )
        .unwrap();
        let options = &config.clients[0].options;
        assert_eq!(config.clients[0].specs[1], (PathBuf::from("/p/b.yaml"), String::from("b.yaml")));
        assert_eq!(options.modules, BTreeMap::from([("b.yaml".into(), "billing".into())]));
        assert_eq!(options.types, BTreeMap::from([("Money".into(), "rust_decimal::Decimal".into())]));
        assert_eq!(
            options.dependencies,
            ["itoa = \"1\"", "rust_decimal = { features = [\"serde-str\"], version = \"1\" }"]
        );
        assert_eq!((options.dates, options.pagination, options.retry), (Dates::String, false, false));
        let defaults = &Config::parse("[[client]]\nout = \"a\"\nspecs = [\"a.yaml\"]\n", Path::new(".")).unwrap();
        let defaults = &defaults.clients[0].options;
        assert_eq!((defaults.dates, defaults.pagination, defaults.retry), (Dates::Jiff, true, true));
    }

    #[test]
    fn mistakes_are_errors_that_say_where() {
        let error = |text: &str| Config::parse(text, Path::new(".")).unwrap_err();
        let misspelt = error("[[client]]\nout = \"a\"\nspecs = [\"a.yaml\"]\ndeny_warnings = true\n");
        assert!(misspelt.contains("unknown field `deny_warnings`") && misspelt.contains("line 4"), "{misspelt}");
        assert!(error("[[client]]\nspecs = []\n").contains("missing field `out`"));
        assert!(error("").contains("no `[[client]]`"));
        assert!(error("[[client]]\nout = \"my client\"\nspecs = [\"a.yaml\"]\n").contains("not a valid package name"));
        assert!(error("[[client]]\nout = \"a\"\nspecs = []\n").contains("client `a` has no spec"));
        let dates = error("[[client]]\nout = \"a\"\nspecs = [\"a.yaml\"]\ndates = \"chrono\"\n");
        assert!(dates.contains("unknown variant `chrono`, expected `jiff` or `string`"), "{dates}");
        let misspelt = error("[[client]]\nout = \"a\"\nspecs = [{ path = \"a.yaml\", modul = \"m\" }]\n");
        assert!(misspelt.contains("unknown field `modul`, expected `path` or `module`"), "{misspelt}");
        let folder = error("[[client]]\nout = \"a\"\nspecs = [{ path = \"src\", module = \"m\" }]\n");
        assert!(folder.contains("`src` is a folder"), "{folder}");
        let selector = error("[[client]]\nout = \"a\"\nspecs = [\"a.yaml\"]\ninclude = [\"users\"]\n");
        assert!(selector.starts_with("client `a`: `users` is not an operation selector"), "{selector}");
        let client = |out: &str| format!("[[client]]\nout = \"{out}\"\nname = \"c\"\nspecs = [\"a.yaml\"]\n");
        let shared = error(&format!("{}{}", client("a"), client("b/../a")));
        assert!(shared.contains("one inside the other"), "{shared}");
        assert!(error(&format!("{}{}", client("a"), client("a/inner"))).contains("one inside the other"));
        assert!(Config::parse(&format!("{}{}", client("a"), client("ab")), Path::new(".")).is_ok());
    }
}
