//! A string that a spec's `pattern` matches, for the smoke program's values.
//!
//! Patterns are ECMAScript regular expressions (JSON Schema Validation
//! §6.3.3). This reads the part of that syntax specs write — literals,
//! escapes, classes, groups, alternatives and quantifiers, `^` and `$` — and
//! builds the shortest match it can, lengthened when the schema's
//! `minLength` asks for more. Lookarounds, back-references and inline flags
//! give `None`: the value is then made as for any string, and the mock says
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
    // Each quantifier that allows more takes `extra` more repetitions.
    [0, 1, 2, 3, 5, 8, 16, 32, 64].into_iter().find_map(|extra| {
        let mut out = String::new();
        node.build(extra, &mut out);
        let len = out.chars().count();
        (len >= min_len && max_len.is_none_or(|max| len <= max)).then_some(out)
    })
}

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

    fn build(&self, extra: usize, out: &mut String) {
        match self {
            Node::Alternatives(options) => {
                if let Some(first) = options.first() {
                    first.build(extra, out);
                }
            }
            Node::Sequence(items) => items.iter().for_each(|item| item.build(extra, out)),
            Node::Class { ranges, negated } => out.push(pick(ranges, *negated)),
            Node::Repeat { node, min, max } => {
                let count = max.map_or(min + extra, |max| (min + extra).min(max));
                (0..count).for_each(|_| node.build(extra, out));
            }
            Node::Empty => {}
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
                      // A bound no spec means literally is read as its own limit.
        let limit = |n: usize| n.min(4096);
        let node = Node::Repeat { node: Box::new(atom), min: limit(min), max: max.map(limit) };
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
        Some(match text.split_once(',') {
            None => (text.parse().ok()?, Some(text.parse().ok()?)),
            Some((min, "")) => (min.parse().ok()?, None),
            Some((min, max)) => (min.parse().ok()?, Some(max.parse().ok()?)),
        })
    }

    /// `[…]`, the `[` already read.
    fn class(&mut self) -> Option<Node> {
        let negated = self.eat("^");
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let c = self.bump()?;
            if c == ']' && !first {
                break;
            }
            first = false;
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
            'u' if self.eat("{") => {
                let mut text = String::new();
                while let Some(c) = self.bump() {
                    if c == '}' {
                        break;
                    }
                    text.push(c);
                }
                Node::literal(char::from_u32(u32::from_str_radix(&text, 16).ok()?)?)
            }
            'u' => Node::literal(self.hex(4)?),
            // Back-references, control letters and property classes.
            '1'..='9' | 'c' | 'p' | 'P' | 'k' => return None,
            c => Node::literal(c),
        })
    }

    fn hex(&mut self, len: usize) -> Option<char> {
        let text: String = self.chars.get(self.at..self.at + len)?.iter().collect();
        self.at += len;
        char::from_u32(u32::from_str_radix(&text, 16).ok()?)
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
    fn a_brace_that_is_no_quantifier_is_a_literal() {
        assert_eq!(shortest("^{a}$").as_deref(), Some("{a}"));
        assert_eq!(shortest("^a{,2}$").as_deref(), Some("a{,2}"));
        assert_eq!(shortest(r"^[\d.-]+$").as_deref(), Some("0"));
        assert_eq!(shortest(r"^[\u0041-\u005A]$").as_deref(), Some("A"));
    }

    #[test]
    fn syntax_not_read_here_gives_none() {
        for pattern in ["(?=a)b", "(a)\\1", r"\p{L}+", "(?i)abc", "a**", "(ab", "ab)", "[b-a]", "[abc"] {
            assert_eq!(shortest(pattern), None, "{pattern}");
        }
    }
}
