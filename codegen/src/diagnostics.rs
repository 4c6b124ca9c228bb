//! Problems found in a spec: where they are (file, line, column, spec path) and
//! what is wrong, collected so that one run reports all of them.

use std::fmt;
use std::sync::Arc;

/// One step of a [`SpecPath`]: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A key of a mapping, such as `paths` or `/users/{id}`.
    Key(Box<str>),
    /// A position in a sequence, counted from 0.
    Index(usize),
}

/// Where an item sits inside a spec document, such as
/// `paths./organizations/{organization_id}/users.get.parameters[2]`.
///
/// A path shares its parent's steps, so extending one (reading a spec does it
/// for every value) costs one allocation whatever its depth, and cloning one
/// costs none.
#[derive(Clone, Default)]
pub struct SpecPath(Option<Arc<Step>>);

/// The last step of a path, and the path before it.
struct Step {
    parent: SpecPath,
    segment: Segment,
    len: usize,
}

impl SpecPath {
    /// The path of the document's root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: impl Into<Box<str>>) -> Self {
        self.then(Segment::Key(key.into()))
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        self.then(Segment::Index(index))
    }

    fn then(&self, segment: Segment) -> Self {
        Self(Some(Arc::new(Step { parent: self.clone(), segment, len: self.len() + 1 })))
    }

    /// The number of segments.
    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |step| step.len)
    }

    /// True for the document's root.
    pub fn is_root(&self) -> bool {
        self.0.is_none()
    }

    /// The first `n` segments of this path.
    pub(crate) fn prefix(&self, n: usize) -> Self {
        let mut path = self;
        while let Some(step) = &path.0 {
            if step.len <= n {
                break;
            }
            path = &step.parent;
        }
        path.clone()
    }

    /// The segments of this path, outermost first.
    pub fn segments(&self) -> Vec<&Segment> {
        let mut segments = Vec::with_capacity(self.len());
        let mut path = self;
        while let Some(step) = &path.0 {
            segments.push(&step.segment);
            path = &step.parent;
        }
        segments.reverse();
        segments
    }
}

impl PartialEq for SpecPath {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && same_len_cmp(self, other).is_eq()
    }
}

impl Eq for SpecPath {}

impl PartialOrd for SpecPath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Segment by segment, as the lists of segments compare.
impl Ord for SpecPath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let common = self.len().min(other.len());
        same_len_cmp(&self.prefix(common), &other.prefix(common)).then(self.len().cmp(&other.len()))
    }
}

/// Compares two paths of the same length from the root, without
/// allocating; shared steps compare equal at once.
fn same_len_cmp(a: &SpecPath, b: &SpecPath) -> std::cmp::Ordering {
    match (&a.0, &b.0) {
        (Some(x), Some(y)) if !Arc::ptr_eq(x, y) => {
            same_len_cmp(&x.parent, &y.parent).then_with(|| x.segment.cmp(&y.segment))
        }
        _ => std::cmp::Ordering::Equal,
    }
}

impl std::hash::Hash for SpecPath {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        if let Some(step) = &self.0 {
            step.parent.hash(state);
            step.segment.hash(state);
        }
    }
}

impl fmt::Debug for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SpecPath").field(&self.segments()).finish()
    }
}

impl fmt::Display for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.segments().into_iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A line and column in a source file, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number, from 1.
    pub column: usize,
}

/// How much a problem matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot go on: nothing is written.
    Error,
    /// The generator resolved it on its own (a name chosen, a key ignored)
    /// and says how; generation goes on unless warnings are denied.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file's name, as given in [`crate::SpecSource::name`].
    pub file: String,
    /// Where in the file, when the YAML tells.
    pub location: Option<Location>,
    /// The item the problem is about.
    pub path: SpecPath,
    /// What is wrong, in the spec author's terms.
    pub message: String,
    /// How to fix it, when there is a clear fix.
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(at) = self.location {
            write!(f, ":{}:{}", at.line, at.column)?;
        }
        write!(f, ": {}: {}", self.severity, self.message)?;
        if !self.path.is_root() {
            write!(f, "\n    at: {}", self.path)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n    help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, in the order of the files and their lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `path` of `file`.
    pub fn error(&mut self, file: &str, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.report(Severity::Error, file, path, message)
    }

    /// Records a warning at `path` of `file`: something the generator
    /// resolved on its own, saying how.
    pub fn warning(&mut self, file: &str, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.report(Severity::Warning, file, path, message)
    }

    fn report(
        &mut self,
        severity: Severity,
        file: &str,
        path: &SpecPath,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            file: file.to_owned(),
            location: None,
            path: path.clone(),
            message: message.into(),
            help: None,
        });
        self.items.last_mut().expect("an item was just pushed")
    }

    /// Records a problem whose location is already known (YAML syntax errors).
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The number of errors (warnings left out).
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// True when an error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Makes the errors reported after the first `start` problems warnings,
    /// for an item left out; returns the first such message.
    pub(crate) fn downgrade_since(&mut self, start: usize) -> Option<String> {
        let mut first = None;
        for d in self.items.iter_mut().skip(start).filter(|d| d.severity == Severity::Error) {
            d.severity = Severity::Warning;
            first.get_or_insert_with(|| d.message.clone());
        }
        first
    }

    /// True when an error was reported after the first `start` problems.
    pub(crate) fn has_errors_since(&self, start: usize) -> bool {
        self.items.iter().skip(start).any(|d| d.severity == Severity::Error)
    }

    /// Makes every warning an error (`--deny-warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// Appends the problems of another run (another spec's).
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The problems, in report order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of problems.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn items_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.items
    }
}

impl Diagnostics {
    /// The problems as one JSON document, for editors and CI annotations:
    ///
    /// ```json
    /// {"diagnostics": [{"severity": "error", "file": "api.yaml", "line": 12, "column": 9,
    ///   "path": "paths./items.get", "message": "...", "help": null}],
    ///  "errors": 1, "warnings": 0}
    /// ```
    ///
    /// `severity` is `"error"` or `"warning"`; `line` and `column` count
    /// from 1 and are `null` when the position is not known; `path` is the
    /// spec item (`""` for the document itself); `help` is `null` when there
    /// is no hint. Fields are only ever added.
    pub fn to_json(&self) -> String {
        let items: Vec<serde_json::Value> = self
            .items
            .iter()
            .map(|d| {
                serde_json::json!({
                    "severity": d.severity.to_string(),
                    "file": d.file,
                    "line": d.location.map(|l| l.line),
                    "column": d.location.map(|l| l.column),
                    "path": if d.path.is_root() { String::new() } else { d.path.to_string() },
                    "message": d.message,
                    "help": d.help,
                })
            })
            .collect();
        let errors = self.error_count();
        let document = serde_json::json!({
            "diagnostics": items,
            "errors": errors,
            "warnings": self.items.len() - errors,
        });
        document.to_string()
    }
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.items {
            writeln!(f, "{diagnostic}")?;
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let errors = self.error_count();
        let warnings = self.items.len() - errors;
        match (errors, warnings) {
            (e, 0) => write!(f, "{e} error{} found", plural(e)),
            (0, w) => write!(f, "{w} warning{} found", plural(w)),
            (e, w) => write!(f, "{e} error{} and {w} warning{} found", plural(e), plural(w)),
        }
    }
}

impl std::error::Error for Diagnostics {}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_extend_compare_and_print_by_their_segments() {
        let root = SpecPath::root();
        let get = root.key("paths").key("/a").key("get");
        let param = get.key("parameters").index(2);
        assert_eq!(param.to_string(), "paths./a.get.parameters[2]");
        assert_eq!(root.to_string(), "(document root)");
        assert_eq!(param.segments().len(), 5);
        assert_eq!(param.prefix(3), get);
        assert_eq!(param.prefix(9), param);
        assert!(param.prefix(0).is_root());
        // Equal paths built apart are equal, hash alike and sort by segment.
        let again = SpecPath::root().key("paths").key("/a").key("get").key("parameters").index(2);
        assert_eq!(again, param);
        let set: std::collections::BTreeSet<_> = [param.clone(), get.clone(), root.key("info")].into();
        let order: Vec<String> = set.iter().map(ToString::to_string).collect();
        assert_eq!(order, ["info", "paths./a.get", "paths./a.get.parameters[2]"]);
        assert_ne!(get.key("x"), get.index(0));
        assert!(root.key("a").key("b") < root.key("b"));
        let hash = |path: &SpecPath| {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            path.hash(&mut hasher);
            hasher.finish()
        };
        assert_eq!(hash(&param), hash(&again));
    }
}
