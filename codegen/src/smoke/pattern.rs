//! A string that a spec's `pattern` matches, for the smoke program's values.
//!
//! Patterns are ECMAScript regular expressions (JSON Schema Validation
//! §6.3.3). This reads the part of that syntax specs write — literals,
//! escapes, classes, groups, alternatives and quantifiers, `^` and `$` — and
//! builds a short match: each alternation's first alternative, each
//! quantifier's fewest repetitions, more of them when the schema's
//! `minLength` asks for more. Lookarounds, back-references, inline flags
//! and what reads differently under ECMAScript's flags (`[]`, `\u{…}`) give
//! `None`: the value is then made as for any string, and the mock says
//! whether it fits.

/// A string `pattern` matches whose length in characters is within
/// `min_len..=max_len`, or `None` when the pattern uses syntax read nowhere
/// here or no match that this builds has such a length.
pub(super) fn example(pattern: &str, min_len: usize, max_len: Option<usize>) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars: &chars, at: 0 };
    let node = parser.alternatives()?;
    if parser.at != chars.len() {
        return None; // an unmatched `)`
    }
    // Each quantifier that allows more takes `extra` more repetitions: the
    // length only grows with it.
    for extra in [0, 1, 2, 3, 5, 8, 16, 32, 64] {
        let mut out = String::new();
        if !node.build(extra, &mut out) {
            return None;
        }
        let len = out.chars().count();
        if max_len.is_some_and(|max| len > max) {
            return None;
        }
        if len >= min_len {
            return Some(out);
        }
    }
    None
}

/// The longest string built: a value the smoke program holds in its text.
const MAX_CHARS: usize = 4096;

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Alternatives, the first one used.
    Alternatives(Vec<Node>),
    /// Items one after the other.
    Sequence(Vec<Node>),
    /// One character of a set; `negated`: one character outside it.
    Class { ranges: Vec<(char, char)>, negated: bool },
    /// `min` to `max` (unbounded: `None`) repetitions.
    Repeat { node: Box<Node>, min: usize, max: Option<usize> },
    /// Matches without a character: `^`, `$`, `\b`, `\B`.
    Empty,
}

/// The characters tried, in order, for a class: readable ones first.
const PREFERRED: &str = "aA0bB1cC2xyz_-.@ ";

impl Node {
    fn literal(c: char) -> Node {
        Node::Class { ranges: vec![(c, c)], negated: false }
    }

    /// Appends the match; false when it would pass [`MAX_CHARS`] bytes.
    fn build(&self, extra: usize, out: &mut String) -> bool {
        match self {
            Node::Alternatives(options) => options.first().is_none_or(|first| first.build(extra, out)),
            Node::Sequence(items) => items.iter().all(|item| item.build(extra, out)),
            Node::Class { ranges, negated } => {
                out.push(pick(ranges, *negated));
                out.len() <= MAX_CHARS
            }
            Node::Repeat { node, min, max } => {
                let count = max.map_or(min + extra, |max| (min + extra).min(max));
                (0..count).all(|_| node.build(extra, out))
            }
            Node::Empty => true,
        }
    }
}

/// A character in (or, `negated`, outside) `ranges`.
fn pick(ranges: &[(char, char)], negated: bool) -> char {
    let inside = |c: char| ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
    if let Some(c) = PREFERRED.chars().find(|&c| inside(c) != negated) {
        return c;
    }
    if negated {
        // Printable ASCII first, then the first letter past the ranges.
        return ('!'..='~').chain('\u{a1}'..='\u{ffff}').find(|&c| !inside(c)).unwrap_or('a');
    }
    ranges.first().map_or('a', |&(lo, _)| lo)
}

struct Parser<'p> {
    chars: &'p [char],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn eat(&mut self, text: &str) -> bool {
        let wanted: Vec<char> = text.chars().collect();
        let found = self.chars.get(self.at..self.at + wanted.len()) == Some(&wanted[..]);
        if found {
            self.at += wanted.len();
        }
        found
    }

    /// `a|b|…` up to a `)` or the end.
    fn alternatives(&mut self) -> Option<Node> {
        let mut options = vec![self.sequence()?];
        while self.eat("|") {
            options.push(self.sequence()?);
        }
        Some(if options.len() == 1 { options.remove(0) } else { Node::Alternatives(options) })
    }

    fn sequence(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Some(Node::Sequence(items))
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.bump()?;
        Some(match c {
            '^' | '$' => Node::Empty,
            '.' => Node::Class { ranges: vec![('\n', '\n'), ('\r', '\r')], negated: true },
            '(' => {
                let lookbehind =
                    self.chars.get(self.at..self.at + 3).is_some_and(|c| matches!(c, ['?', '<', '=' | '!']));
                if self.eat("?:") {
                    // a group that is not captured: read like any group
                } else if !lookbehind && (self.eat("?P<") || self.eat("?<")) {
                    if !self.name() {
                        return None;
                    }
                } else if self.peek() == Some('?') {
                    return None; // lookarounds and inline flags
                }
                let inner = self.alternatives()?;
                if !self.eat(")") {
                    return None;
                }
                inner
            }
            '[' => self.class()?,
            '\\' => self.escape(false)?,
            '*' | '+' | '?' => return None, // nothing to repeat
            '{' if self.bounds_at(self.at) => return None,
            c => Node::literal(c),
        })
    }

    /// Skips a group name up to its `>`.
    fn name(&mut self) -> bool {
        while let Some(c) = self.bump() {
            if c == '>' {
                return true;
            }
        }
        false
    }

    /// True when `n}`, `n,}` or `n,m}` is at `from` (just after a `{`).
    fn bounds_at(&self, from: usize) -> bool {
        let rest: String = self.chars.get(from..).unwrap_or_default().iter().take_while(|&&c| c != '}').collect();
        let closed = self.chars.get(from + rest.chars().count()) == Some(&'}');
        let mut parts = rest.splitn(2, ',');
        let first = parts.next().unwrap_or("");
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        closed && !first.is_empty() && digits(first) && parts.next().is_none_or(digits)
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') if self.bounds_at(self.at + 1) => {
                self.at += 1;
                self.bounds()?
            }
            _ => return Some(atom),
        };
        self.at += 1; // past the `*`, `+` or `?`, or the bounds' `}`
        let node = Node::Repeat { node: Box::new(atom), min, max };
        // A lazy quantifier's `?` changes nothing here; a second quantifier is an error.
        self.eat("?");
        match self.peek() {
            Some('*' | '+' | '?') => None,
            _ => Some(node),
        }
    }

    /// The `n`, `n,` or `n,m` of a `{…}` quantifier, up to its `}`.
    fn bounds(&mut self) -> Option<(usize, Option<usize>)> {
        let mut text = String::new();
        while let Some(c) = self.peek().filter(|&c| c != '}') {
            text.push(c);
            self.at += 1;
        }
        // Past `MAX_CHARS`, a bound is one no value here can meet.
        let count = |text: &str| text.parse::<usize>().ok().filter(|&n| n <= MAX_CHARS);
        Some(match text.split_once(',') {
            None => (count(&text)?, Some(count(&text)?)),
            Some((min, "")) => (count(min)?, None),
            Some((min, max)) => (count(min)?, Some(max.parse::<usize>().ok()?)),
        })
    }

    /// `[…]`, the `[` already read. `[]` (nothing) and `[^]` (anything) are
    /// ECMAScript's own: not read.
    fn class(&mut self) -> Option<Node> {
        let negated = self.eat("^");
        if self.peek() == Some(']') {
            return None;
        }
        let mut ranges = Vec::new();
        loop {
            let c = self.bump()?;
            if c == ']' {
                break;
            }
            let lo = match c {
                '\\' => match self.escape(true)? {
                    Node::Class { ranges: set, negated: false } if set.len() == 1 && set[0].0 == set[0].1 => set[0].0,
                    Node::Class { ranges: set, negated: false } => {
                        ranges.extend(set);
                        continue;
                    }
                    // `\D`, `\W`, `\S` inside a class: not read here.
                    _ => return None,
                },
                c => c,
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']') {
                self.at += 1;
                let hi = match self.bump()? {
                    '\\' => match self.escape(true)? {
                        Node::Class { ranges: set, negated: false } if set.len() == 1 && set[0].0 == set[0].1 => {
                            set[0].0
                        }
                        _ => return None,
                    },
                    c => c,
                };
                if hi < lo {
                    return None;
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Some(Node::Class { ranges, negated })
    }

    /// The escape after a `\`; `in_class`: inside `[…]`, where `\b` is a
    /// backspace.
    fn escape(&mut self, in_class: bool) -> Option<Node> {
        let digits = vec![('0', '9')];
        let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        let space = vec![(' ', ' '), ('\t', '\t'), ('\n', '\n'), ('\r', '\r'), ('\u{b}', '\u{c}')];
        let c = self.bump()?;
        Some(match c {
            'd' => Node::Class { ranges: digits, negated: false },
            'D' => Node::Class { ranges: digits, negated: true },
            'w' => Node::Class { ranges: word, negated: false },
            'W' => Node::Class { ranges: word, negated: true },
            's' => Node::Class { ranges: space, negated: false },
            'S' => Node::Class { ranges: space, negated: true },
            'b' if in_class => Node::literal('\u{8}'),
            'b' | 'B' => Node::Empty,
            'n' => Node::literal('\n'),
            'r' => Node::literal('\r'),
            't' => Node::literal('\t'),
            'f' => Node::literal('\u{c}'),
            'v' => Node::literal('\u{b}'),
            '0' => Node::literal('\0'),
            'x' => Node::literal(self.hex(2)?),
            'u' => Node::literal(self.hex(4)?),
            // Back-references, control letters, property classes, and
            // `\u{…}`, which only the `u` flag reads as a code point.
            '1'..='9' | 'c' | 'p' | 'P' | 'k' => return None,
            c => Node::literal(c),
        })
    }

    fn hex(&mut self, len: usize) -> Option<char> {
        let digits = self.chars.get(self.at..self.at + len)?;
        if !digits.iter().all(char::is_ascii_hexdigit) {
            return None;
        }
        self.at += len;
        char::from_u32(u32::from_str_radix(&digits.iter().collect::<String>(), 16).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::example;

    fn shortest(pattern: &str) -> Option<String> {
        example(pattern, 0, None)
    }

    #[test]
    fn literals_classes_and_quantifiers_give_the_shortest_match() {
        assert_eq!(shortest("^aos-[a-z]+$").as_deref(), Some("aos-a"));
        assert_eq!(shortest(r"^\d{3}-\d{2,4}$").as_deref(), Some("000-00"));
        assert_eq!(shortest("^[A-Z]{2}[0-9]*$").as_deref(), Some("AA"));
        assert_eq!(shortest(r"^v\d+(\.\d+)?$").as_deref(), Some("v0"));
        assert_eq!(shortest(r"^\w+@\w+\.com$").as_deref(), Some("a@a.com"));
        assert_eq!(shortest(r"^[^\s/]+$").as_deref(), Some("a"));
        assert_eq!(shortest("^[^a-zA-Z0-9]$").as_deref(), Some("_"));
        assert_eq!(shortest(r"^\$\{x\}$").as_deref(), Some("${x}"));
    }

    #[test]
    fn alternatives_take_the_first_and_groups_nest() {
        assert_eq!(shortest("^(red|green)$").as_deref(), Some("red"));
        assert_eq!(shortest("^(?:ab|c)(d(e)?)+$").as_deref(), Some("abd"));
        assert_eq!(shortest("^(?<year>[0-9]{4})-(?P<m>[01][0-9])$").as_deref(), Some("0000-00"));
        assert_eq!(shortest("(|x)y").as_deref(), Some("y"));
    }

    #[test]
    fn length_bounds_lengthen_repetitions() {
        assert_eq!(example("^[a-z]+$", 5, Some(8)).as_deref(), Some("aaaaaa"));
        assert_eq!(example("^[a-z]{2}$", 5, None), None);
        assert_eq!(example("^x*$", 0, Some(0)).as_deref(), Some(""));
    }

    #[test]
    fn matches_too_long_to_hold_give_none() {
        assert_eq!(shortest(r"^\d{5000}$"), None);
        assert_eq!(shortest(r"^(\d{4000}){4000}$"), None);
        assert_eq!(example("^((a+)+)+$", 1_000_000, None), None);
        assert_eq!(shortest(r"^\d{4096}$").map(|s| s.len()), Some(4096));
    }

    #[test]
    fn common_patterns_give_a_match() {
        assert_eq!(shortest(r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$").as_deref(), Some("a@a.aa"));
        assert_eq!(shortest(r"^\d{4}-\d{2}-\d{2}$").as_deref(), Some("0000-00-00"));
        assert_eq!(shortest(r"^(\+|-)?\d+$").as_deref(), Some("0"));
        assert_eq!(shortest(r"[^\]]").as_deref(), Some("a"));
    }

    #[test]
    fn a_brace_that_is_no_quantifier_is_a_literal() {
        assert_eq!(shortest("^{a}$").as_deref(), Some("{a}"));
        assert_eq!(shortest("^a{,2}$").as_deref(), Some("a{,2}"));
        assert_eq!(shortest(r"^[\d.-]+$").as_deref(), Some("0"));
        assert_eq!(shortest(r"^[\u0041-\u005A]$").as_deref(), Some("A"));
    }

    #[test]
    fn syntax_not_read_here_gives_none() {
        for pattern in [
            "(?=a)b", "(a)\\1", r"\p{L}+", "(?i)abc", "a**", "(ab", "ab)", "[b-a]", "[abc", "[]a", "[^]", r"\u{41}",
            r"\x+1",
        ] {
            assert_eq!(shortest(pattern), None, "{pattern}");
        }
    }
}
