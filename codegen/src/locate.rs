//! Finds the line and column of spec paths in a YAML or JSON source.
//!
//! The document itself is read with serde_yaml, which keeps no positions. When a
//! run has problems to report, this module walks the parser events of the same
//! text once and records where every key and sequence item starts. A run without
//! problems never comes here.

use std::collections::{BTreeMap, BTreeSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Location, SpecPath};

/// Positions of the items of one document, by spec path.
pub(crate) struct Locations {
    by_path: BTreeMap<SpecPath, Location>,
}

impl Locations {
    /// Reads the positions of `paths` (and of their ancestors) in `source`;
    /// the rest of the document is walked over without building its paths.
    /// A source the event parser cannot read yields no positions (its syntax
    /// error is reported elsewhere).
    pub(crate) fn of<'p>(source: &str, paths: impl IntoIterator<Item = &'p SpecPath>) -> Self {
        let mut wanted = BTreeSet::new();
        for path in paths {
            for n in 0..=path.len() {
                wanted.insert(path.prefix(n));
            }
        }
        if source.trim_start().starts_with('{') {
            // Read as JSON, as parsing does: a YAML scanner holds every
            // token of a one-line JSON document in memory at once.
            return Self { by_path: json::locate(source, &wanted) };
        }
        let mut recorder = Recorder { stack: Vec::new(), by_path: BTreeMap::new(), wanted: &wanted };
        let mut parser = Parser::new_from_str(source);
        // On a scan error the positions recorded so far are still right.
        let _ = parser.load(&mut recorder, false);
        Self { by_path: recorder.by_path }
    }

    /// The position of `path`, or of its nearest ancestor that exists in the
    /// source (a missing key is reported at the mapping that lacks it); the
    /// document as a whole starts at line 1, column 1.
    pub(crate) fn find(&self, path: &SpecPath) -> Location {
        (1..=path.segments().len())
            .rev()
            .find_map(|n| self.by_path.get(&path.prefix(n)).copied())
            .unwrap_or(Location { line: 1, column: 1 })
    }
}

enum Frame {
    Mapping {
        path: SpecPath,
        key: Option<String>,
    },
    Sequence {
        path: SpecPath,
        next: usize,
    },
    /// Inside a complex (non-scalar) mapping key: nothing in it is addressable.
    Skip {
        depth: usize,
    },
    /// Inside a value no wanted path goes through: nothing in it is recorded.
    Unwanted {
        depth: usize,
    },
}

struct Recorder<'w> {
    stack: Vec<Frame>,
    by_path: BTreeMap<SpecPath, Location>,
    /// The paths to locate, with every prefix of each.
    wanted: &'w BTreeSet<SpecPath>,
}

impl Recorder<'_> {
    fn record(&mut self, path: SpecPath, mark: Marker) {
        if self.wanted.contains(&path) {
            let location = Location { line: mark.line(), column: mark.col() + 1 };
            self.by_path.entry(path).or_insert(location);
        }
    }

    /// Handles the start of a node (scalar, alias or container); returns the
    /// node's path when it is addressable.
    fn node(&mut self, scalar: Option<&str>, mark: Marker) -> Option<SpecPath> {
        match self.stack.last_mut() {
            None => {
                self.record(SpecPath::root(), mark);
                Some(SpecPath::root())
            }
            Some(Frame::Skip { .. } | Frame::Unwanted { .. }) => None,
            Some(Frame::Sequence { path, next }) => {
                let item = path.index(*next);
                *next += 1;
                self.record(item.clone(), mark);
                Some(item)
            }
            Some(Frame::Mapping { path, key }) => match key.take() {
                Some(key) => Some(path.key(key)),
                None => {
                    // This node is a key: remember it, and record the key's position
                    // as the position of its entry.
                    // An alias used as a key has no name of its own.
                    let name = scalar.unwrap_or("?").to_owned();
                    let entry = path.key(name.clone());
                    *key = Some(name);
                    self.record(entry, mark);
                    None
                }
            },
        }
    }

    fn open(&mut self, mapping: bool, mark: Marker) {
        if let Some(Frame::Skip { depth } | Frame::Unwanted { depth }) = self.stack.last_mut() {
            *depth += 1;
            return;
        }
        let is_key = matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }));
        if is_key {
            self.stack.push(Frame::Skip { depth: 1 });
            return;
        }
        let Some(path) = self.node(None, mark) else { return };
        if !self.wanted.contains(&path) {
            self.stack.push(Frame::Unwanted { depth: 1 });
            return;
        }
        self.stack.push(if mapping { Frame::Mapping { path, key: None } } else { Frame::Sequence { path, next: 0 } });
    }

    fn close(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Skip { depth } | Frame::Unwanted { depth }) if *depth > 1 => *depth -= 1,
            Some(Frame::Skip { .. }) => {
                self.stack.pop();
                // The complex key is done; its value follows under no name.
                if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                    *key = Some(String::from("?"));
                }
            }
            _ => {
                self.stack.pop();
            }
        }
    }
}

impl MarkedEventReceiver for Recorder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.node(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.node(None, mark);
            }
            Event::MappingStart(..) => self.open(true, mark),
            Event::SequenceStart(..) => self.open(false, mark),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            _ => {}
        }
    }
}

/// Positions in JSON text, found in one pass over its bytes.
mod json {
    use std::collections::{BTreeMap, BTreeSet};

    use crate::diagnostics::{Location, SpecPath};

    /// An open container and its path, which a wanted path goes through
    /// (the others are skipped).
    enum Open {
        Object(SpecPath),
        Array(SpecPath, usize),
    }

    struct Scan<'s> {
        text: &'s str,
        bytes: &'s [u8],
        pos: usize,
        line: usize,
        line_start: usize,
        /// The last position a column was counted for on this line, and its
        /// column: positions only grow, so each character is counted once.
        counted: (usize, usize),
    }

    impl Scan<'_> {
        fn location(&mut self, at: usize) -> Location {
            // Columns count characters, as the YAML locator's do.
            let (from, chars) = if self.counted.0 >= self.line_start { self.counted } else { (self.line_start, 0) };
            let chars = chars + self.text.get(from..at).map_or(0, |t| t.chars().count());
            self.counted = (at, chars);
            Location { line: self.line, column: chars + 1 }
        }

        fn skip_space(&mut self) {
            while let Some(&b) = self.bytes.get(self.pos) {
                match b {
                    b'\n' => {
                        self.pos += 1;
                        self.line += 1;
                        self.line_start = self.pos;
                    }
                    b' ' | b'\t' | b'\r' => self.pos += 1,
                    _ => break,
                }
            }
        }

        /// Skips the string at `pos` (its opening quote); returns its
        /// contents, unescaped, when `keep`.
        fn string(&mut self, keep: bool) -> Option<String> {
            let start = self.pos + 1;
            let mut i = start;
            let mut escaped = false;
            while let Some(at) = self.bytes.get(i..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
                i += at;
                if self.bytes[i] == b'"' {
                    break;
                }
                escaped = true;
                i += 2;
            }
            if i >= self.bytes.len() || self.bytes.get(i) != Some(&b'"') {
                // Unterminated: the string runs to the end.
                i = self.bytes.len();
            }
            let raw = self.text.get(start..i.min(self.bytes.len()))?;
            self.pos = i + 1;
            if !keep {
                return None;
            }
            if !escaped {
                return Some(raw.to_owned());
            }
            serde_json::from_str(&format!("\"{raw}\"")).ok()
        }
    }

    impl Scan<'_> {
        /// Skips the rest of the array or object opened just before `pos`,
        /// counting its lines: nothing in it is wanted.
        fn skip_container(&mut self) {
            let mut depth = 1usize;
            while let Some(&b) = self.bytes.get(self.pos) {
                match b {
                    b'"' => {
                        self.string(false);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            self.pos += 1;
                            return;
                        }
                    }
                    b'\n' => {
                        self.line += 1;
                        self.line_start = self.pos + 1;
                    }
                    _ => {}
                }
                self.pos += 1;
            }
        }
    }

    /// The positions of the `wanted` paths of a JSON document: a key's
    /// entry where its key starts, an array item where it starts.
    pub(super) fn locate(text: &str, wanted: &BTreeSet<SpecPath>) -> BTreeMap<SpecPath, Location> {
        let mut s = Scan { text, bytes: text.as_bytes(), pos: 0, line: 1, line_start: 0, counted: (0, 0) };
        let mut found = BTreeMap::new();
        let mut stack: Vec<Open> = Vec::new();
        // The path of the value about to be read (`None`: not wanted).
        let mut next: Option<SpecPath> = Some(SpecPath::root());
        let mut expect_key = false;
        loop {
            s.skip_space();
            let Some(&b) = s.bytes.get(s.pos) else { break };
            if expect_key {
                expect_key = false;
                match b {
                    b'"' => {
                        let at = s.pos;
                        let parent = match stack.last() {
                            Some(Open::Object(path)) => Some(path.clone()),
                            _ => None,
                        };
                        let key = s.string(parent.is_some());
                        next = parent.zip(key).map(|(p, k)| p.key(k)).filter(|p| wanted.contains(p));
                        if let Some(path) = &next {
                            found.entry(path.clone()).or_insert_with(|| s.location(at));
                        }
                        s.skip_space();
                        if s.bytes.get(s.pos) == Some(&b':') {
                            s.pos += 1;
                        }
                        continue;
                    }
                    b'}' => {}
                    _ => break,
                }
            }
            match b {
                b'{' | b'[' => {
                    let path = next.take().or_else(|| array_item(&mut stack, wanted));
                    if let Some(path) = &path {
                        found.entry(path.clone()).or_insert_with(|| s.location(s.pos));
                    }
                    s.pos += 1;
                    match path {
                        // No wanted path goes through it.
                        None => s.skip_container(),
                        Some(path) if b == b'{' => {
                            stack.push(Open::Object(path));
                            expect_key = true;
                        }
                        Some(path) => stack.push(Open::Array(path, 0)),
                    }
                }
                b'}' | b']' => {
                    stack.pop();
                    s.pos += 1;
                }
                b',' => {
                    s.pos += 1;
                    expect_key = matches!(stack.last(), Some(Open::Object(_)));
                }
                _ => {
                    // A scalar: a string, number, or literal.
                    let path = next.take().or_else(|| array_item(&mut stack, wanted));
                    if let Some(path) = path {
                        found.entry(path).or_insert_with(|| s.location(s.pos));
                    }
                    if b == b'"' {
                        s.string(false);
                    } else {
                        while s.bytes.get(s.pos).is_some_and(|c| !b",}] \t\r\n".contains(c)) {
                            s.pos += 1;
                        }
                    }
                }
            }
            if stack.is_empty() {
                break;
            }
        }
        found
    }

    /// The path of the next item of the array on top of the stack, when wanted.
    fn array_item(stack: &mut [Open], wanted: &BTreeSet<SpecPath>) -> Option<SpecPath> {
        match stack.last_mut() {
            Some(Open::Array(path, next)) => {
                let item = path.index(*next);
                *next += 1;
                Some(item).filter(|p| wanted.contains(p))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str, path: SpecPath) -> (usize, usize) {
        let l = Locations::of(source, [&path]).find(&path);
        (l.line, l.column)
    }

    #[test]
    fn finds_keys_and_items() {
        let source = "a:\n  b: 1\n  list:\n    - x\n    - {c: 2}\n";
        let root = SpecPath::root();
        assert_eq!(at(source, root.key("a")), (1, 1));
        assert_eq!(at(source, root.key("a").key("b")), (2, 3));
        assert_eq!(at(source, root.key("a").key("list").index(1)), (5, 7));
        assert_eq!(at(source, root.key("a").key("list").index(1).key("c")), (5, 8));
    }

    #[test]
    fn missing_items_fall_back_to_their_parent() {
        let source = "a:\n  b: 1\n";
        let root = SpecPath::root();
        assert_eq!(at(source, root.key("a").key("missing").key("deeper")), (1, 1));
        assert_eq!(at("", SpecPath::root()), (1, 1));
    }

    #[test]
    fn json_sources_are_located_too() {
        let source = "{\n  \"paths\": {\n    \"/x\": {}\n  }\n}\n";
        assert_eq!(at(source, SpecPath::root().key("paths").key("/x")), (3, 5));
        let root = SpecPath::root();
        // Escaped keys, items of lists, scalars in lists, text before on the line.
        let source = "{\"a\\/b\": [1, {\"c\": \"x,]\"}, [2, 3]],\n \"é\": {\"d\": true}}";
        assert_eq!(at(source, root.key("a/b")), (1, 2));
        assert_eq!(at(source, root.key("a/b").index(0)), (1, 11));
        assert_eq!(at(source, root.key("a/b").index(1).key("c")), (1, 15));
        assert_eq!(at(source, root.key("a/b").index(2).index(1)), (1, 32));
        assert_eq!(at(source, root.key("é").key("d")), (2, 8));
        assert_eq!(at(source, root.key("é").key("missing")), (2, 2));
        // A value no wanted path goes through is skipped whole: its strings
        // (an escaped quote, brackets) and its lines.
        let source = "{\"skip\": {\"s\": \"a\\\"}]\",\n \"t\": [\n{}]},\n \"want\": 1}";
        assert_eq!(at(source, root.key("want")), (4, 2));
        assert_eq!(at(source, root.key("skip").key("t").index(0)), (3, 1));
    }

    #[test]
    fn complex_keys_are_skipped() {
        let source = "? [a, b]\n: 1\nc: 2\n";
        assert_eq!(at(source, SpecPath::root().key("c")), (3, 1));
    }
}
