//! Problems found in a spec: where they are (file, line, column, spec path) and
//! what is wrong, collected so that one run reports all of them.

use std::fmt;

/// One step of a [`SpecPath`]: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A key of a mapping, such as `paths` or `/users/{id}`.
    Key(String),
    /// A position in a sequence, counted from 0.
    Index(usize),
}

/// Where an item sits inside a spec document, such as
/// `paths./organizations/{organization_id}/users.get.parameters[2]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpecPath(Vec<Segment>);

impl SpecPath {
    /// The path of the document's root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.into()));
        Self(segments)
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        Self(segments)
    }

    /// The first `n` segments of this path.
    pub(crate) fn prefix(&self, n: usize) -> Self {
        Self(self.0[..n.min(self.0.len())].to_vec())
    }

    /// The segments of this path, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

impl fmt::Display for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.0.iter().enumerate() {
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

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
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
        write!(f, ": error: {}", self.message)?;
        if !self.path.segments().is_empty() {
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
    /// Records a problem at `path` of `file`.
    pub fn error(&mut self, file: &str, path: &SpecPath, message: impl Into<String>) -> &mut Diagnostic {
        self.items.push(Diagnostic {
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
        let n = self.items.len();
        write!(f, "{n} error{} found", if n == 1 { "" } else { "s" })
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
