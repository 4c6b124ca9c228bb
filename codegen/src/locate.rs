//! Finds the line and column of spec paths in a YAML or JSON source.
//!
//! The document itself is read with serde_yaml, which keeps no positions. When a
//! run has problems to report, this module walks the parser events of the same
//! text once and records where every key and sequence item starts. A run without
//! problems never comes here.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Location, SpecPath};

/// Positions of the items of one document, by spec path.
pub(crate) struct Locations {
    by_path: BTreeMap<SpecPath, Location>,
}

impl Locations {
    /// Reads the positions of every item of `source`. A source the event parser
    /// cannot read yields no positions (its syntax error is reported elsewhere).
    pub(crate) fn of(source: &str) -> Self {
        let mut recorder = Recorder { stack: Vec::new(), by_path: BTreeMap::new() };
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
}

struct Recorder {
    stack: Vec<Frame>,
    by_path: BTreeMap<SpecPath, Location>,
}

impl Recorder {
    fn record(&mut self, path: SpecPath, mark: Marker) {
        let location = Location { line: mark.line(), column: mark.col() + 1 };
        self.by_path.entry(path).or_insert(location);
    }

    /// Handles the start of a node (scalar, alias or container); returns the
    /// node's path when it is addressable.
    fn node(&mut self, scalar: Option<&str>, mark: Marker) -> Option<SpecPath> {
        match self.stack.last_mut() {
            None => {
                self.record(SpecPath::root(), mark);
                Some(SpecPath::root())
            }
            Some(Frame::Skip { .. }) => None,
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
        if let Some(Frame::Skip { depth }) = self.stack.last_mut() {
            *depth += 1;
            return;
        }
        let is_key = matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }));
        if is_key {
            self.stack.push(Frame::Skip { depth: 1 });
            return;
        }
        let Some(path) = self.node(None, mark) else { return };
        self.stack.push(if mapping { Frame::Mapping { path, key: None } } else { Frame::Sequence { path, next: 0 } });
    }

    fn close(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Skip { depth }) if *depth > 1 => *depth -= 1,
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

impl MarkedEventReceiver for Recorder {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str, path: SpecPath) -> (usize, usize) {
        let l = Locations::of(source).find(&path);
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
    }

    #[test]
    fn complex_keys_are_skipped() {
        let source = "? [a, b]\n: 1\nc: 2\n";
        assert_eq!(at(source, SpecPath::root().key("c")), (3, 1));
    }
}
