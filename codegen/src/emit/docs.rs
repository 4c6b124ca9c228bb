//! Doc comments from spec prose, with the prose made safe for rustdoc (bare
//! URLs linked, stray brackets escaped, code fences marked as text so they
//! are never compiled as doc tests).
//!
//! A doc comment of several lines travels through the token stream as one
//! `#[doc]` attribute, its lines joined by [`LINE_BREAK`]; rendering writes
//! one `///` line per line. One attribute per comment instead of one per
//! line makes a sizeable part of the tokens fewer.

use crate::toks::{toks, Literal, Toks};

/// Separates the lines of one doc attribute. A control character, so it is
/// never part of spec prose ([`joined`] drops those).
pub(crate) const LINE_BREAK: char = '\u{1}';

/// "A" or "An" before `word`, as it is read: by its first letter, and for
/// a `U` by the sound it starts with (`An` `Update`, `A` `User`).
pub(crate) fn article(word: &str) -> &'static str {
    let lower = word.to_ascii_lowercase();
    let an = match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o') => true,
        Some('u') => {
            !["uni", "use", "usa", "usu", "uti", "ure", "uri", "ura", "euro"].iter().any(|p| lower.starts_with(p))
        }
        _ => false,
    };
    if an {
        "An"
    } else {
        "A"
    }
}

/// `text` as a sentence: its first letter upper case and a full stop, or
/// nothing for no text.
pub(crate) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
    }
}

/// Outer doc attributes (`///`) for `text`.
pub(crate) fn outer(text: &str) -> Toks {
    let doc = Literal::raw_string(&joined(text));
    toks! { #[doc = #doc] }
}

/// Inner doc attributes (`//!`) for `text`.
pub(crate) fn inner(text: &str) -> Toks {
    let doc = Literal::raw_string(&joined(text));
    toks! { #![doc = #doc] }
}

/// The lines of `text` made safe for rustdoc, each with the leading space
/// that rendering writes after `///`, joined by [`LINE_BREAK`].
fn joined(text: &str) -> String {
    // Control characters (a lone `\r`, bidi overrides) are errors or lints in comments.
    // Printable ASCII and line feeds, most prose, is read as it is.
    let unwanted = |c: char| c != '\n' && (c.is_control() || is_bidi_control(c));
    let cleaned: String;
    let text = if is_plain(text) || !text.chars().any(unwanted) {
        text
    } else {
        cleaned = text.replace('\t', "    ").chars().filter(|&c| !unwanted(c)).collect();
        cleaned.as_str()
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<&str> = None;
    // The width of the marker of the list item being continued, if any.
    let mut item: Option<usize> = None;
    // In a block quote (`> Note`), which a blank line ends.
    let mut quote = false;
    let mut described = false;
    for (i, line) in lines(text.trim()).enumerate() {
        if i > 0 {
            out.push(LINE_BREAK);
        }
        let start = out.len();
        out.push(' ');
        let trimmed = line.trim_start();
        if fence.is_none() {
            item = match (list_marker_width(trimmed), item) {
                (Some(width), _) => Some(width),
                _ if trimmed.is_empty() => None,
                (None, item) => item,
            };
        }
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        if marker.is_some() || fence.is_some() {
            // Code is no quote's paragraph.
            quote = false;
        }
        match (fence, marker) {
            (None, Some(m)) => {
                // An opening fence: code without a language (or marked Rust) would be
                // compiled as a doc test.
                fence = Some(m);
                let language = trimmed[m.len()..].trim_start_matches(m.chars().next().unwrap_or('`')).trim();
                if language.is_empty() || language.split(',').any(|word| word.trim() == "rust") {
                    out.push_str(m);
                    out.push_str("text");
                } else {
                    out.push_str(trimmed);
                }
            }
            (Some(open), Some(m)) if m == open => {
                fence = None;
                out.push_str(m);
            }
            (Some(_), _) => out.push_str(line),
            // Indented prose would be an indented code block, that is a doc test;
            // a list item's next lines are indented as wide as its marker, as
            // Markdown reads them (rustdoc's lints ask for it).
            (None, None) => {
                if let Some(width) = item.filter(|_| list_marker_width(trimmed).is_none()) {
                    out.extend(std::iter::repeat_n(' ', width));
                }
                // A line that continues a quote's paragraph is marked as one, as
                // Markdown reads it; a list item, a heading or a rule starts a block of its own.
                let starts_block = list_marker_width(trimmed).is_some() || trimmed.starts_with('#') || is_rule(trimmed);
                let continues = quote && !trimmed.is_empty() && !trimmed.starts_with('>') && !starts_block;
                if continues {
                    out.push_str("> ");
                }
                quote = trimmed.starts_with('>') || continues;
                prose(trimmed, &mut out);
            }
        }
        // A line of white space is an empty line, without the leading space.
        let kept = out[start + 1..].trim_end().len();
        out.truncate(if kept == 0 { start } else { start + 1 + kept });
        described |= kept > 0;
    }
    if let Some(open) = fence {
        out.push(LINE_BREAK);
        out.push(' ');
        out.push_str(open);
    }
    if !described {
        return String::from(" (No description.)");
    }
    out
}

/// The lines of `text`, as [`str::lines`] splits them (a `\r` before a
/// line feed is dropped), each end found with `memchr`.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text).filter(|t| !t.is_empty());
    std::iter::from_fn(move || {
        let text = rest?;
        Some(match memchr::memchr(b'\n', text.as_bytes()) {
            Some(end) => {
                rest = Some(&text[end + 1..]).filter(|t| !t.is_empty());
                text[..end].strip_suffix('\r').unwrap_or(&text[..end])
            }
            None => {
                rest = None;
                text
            }
        })
    })
}

/// True when `text` is printable ASCII and line feeds alone, as most prose
/// is. (The bytes are tested in blocks, without stopping at the first that
/// is not, so that the compiler tests many at once.)
fn is_plain(text: &str) -> bool {
    let plain = |b: u8| (b' '..0x7f).contains(&b) || b == b'\n';
    text.as_bytes().chunks(64).all(|block| block.iter().fold(true, |all, &b| all & plain(b)))
}

/// The width of the list marker a line starts with (`- `, `* `, `+ `,
/// `12. `, `3) `), if it is a list item.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = &line[digits..];
        if !(digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") "))) {
            return None;
        }
        digits + 1
    };
    // The item's text starts after the spaces that follow the marker (one
    // to four; more make an indented code block, which starts after one).
    let spaces = line[marker..].chars().take_while(|&c| c == ' ').count();
    Some(marker + if spaces > 4 { 1 } else { spaces })
}

/// A thematic break: three or more `-`, `*` or `_`, alone on the line but
/// for spaces.
fn is_rule(line: &str) -> bool {
    let mut marks = line.chars().filter(|&c| c != ' ');
    let Some(first) = marks.next() else { return false };
    matches!(first, '-' | '*' | '_') && marks.clone().count() >= 2 && marks.all(|c| c == first)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Escapes what rustdoc would misread in one line of prose outside code.
///
/// The scan stays linear in the length of the line, whatever it holds: the
/// next quote or bracket, the next `](` and the next `` `] `` are each found
/// once and kept until the scan passes them, and the brackets already
/// written are tracked as they are written.
fn prose(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let urls = memchr::memchr_iter(b'h', bytes).any(|at| bytes[at..].starts_with(b"http"));
    let mut special = Next::new(|b| memchr::memchr3(b'`', b'[', b']', b));
    let mut link_end = Next::new(|b| find_pair(b, *b"]("));
    let mut code_end = Next::new(|b| find_pair(b, *b"`]"));
    let mut written = Written::new(out.len());
    let mut in_code = false;
    let mut at = 0;
    loop {
        // Up to the next character that may need care, the text is kept as
        // it is: only a code span's quote, a bracket or a URL's `h` starts
        // anything.
        let next = special.from(bytes, at).unwrap_or(bytes.len());
        let stop = match urls {
            true => memchr::memchr(b'h', &bytes[at..next]).map_or(next, |i| at + i),
            false => next,
        };
        out.push_str(&line[at..stop]);
        at = stop;
        let rest = &line[at..];
        let Some(c) = rest.chars().next() else { break };
        if c == 'h' && !rest.starts_with("http") {
            out.push(c);
            at += 1;
            continue;
        }
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(url_len) = bare_url_len(rest, out[written.start..].chars().next_back()) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                at += url_len;
                continue;
            }
            let escape = match c {
                '[' => {
                    let link_end = link_end.from(bytes, at).map(|i| i - at);
                    let code_end = code_end.from(bytes, at + 2).map(|i| i - at);
                    !is_markdown_link(rest, link_end, code_end)
                }
                ']' => !out[written.start..].ends_with("\\[") && !written.closes_link(out),
                _ => false,
            };
            if escape {
                out.push('\\');
            }
        }
        out.push(c);
        at += c.len_utf8();
    }
}

/// The next place, at or after a position of a line, where a search finds
/// something: searched again only once the position passes it.
struct Next<F> {
    search: F,
    /// The last answer: `None` before the first search, `Some(None)` when
    /// nothing is left to find.
    found: Option<Option<usize>>,
}

impl<F: Fn(&[u8]) -> Option<usize>> Next<F> {
    fn new(search: F) -> Self {
        Next { search, found: None }
    }

    /// The place at or after `at` (which never moves back).
    fn from(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        match self.found {
            Some(None) => None,
            Some(Some(place)) if place >= at => Some(place),
            _ => {
                let place = bytes.get(at..).and_then(&self.search).map(|i| at + i);
                self.found = Some(place);
                place
            }
        }
    }
}

/// Where the two bytes of `pair` first follow each other in `bytes`.
fn find_pair(bytes: &[u8], pair: [u8; 2]) -> Option<usize> {
    memchr::memchr_iter(pair[0], bytes).find(|&at| bytes.get(at + 1) == Some(&pair[1]))
}

/// The brackets of a line's escaped text, read as it is written.
struct Written {
    /// Where the line starts in the output.
    start: usize,
    /// How far the output has been read.
    read: usize,
    open: Option<usize>,
    close: Option<usize>,
}

impl Written {
    fn new(start: usize) -> Self {
        Written { start, read: start, open: None, close: None }
    }

    /// True when the line written so far holds an unclosed `[` of a
    /// markdown link.
    fn closes_link(&mut self, out: &str) -> bool {
        for i in memchr::memchr2_iter(b'[', b']', &out.as_bytes()[self.read..]) {
            let place = Some(self.read + i);
            match out.as_bytes()[self.read + i] {
                b'[' => self.open = place,
                _ => self.close = place,
            }
        }
        self.read = out.len();
        match self.open {
            Some(open) => self.close.is_none_or(|c| c < open) && !out[self.start..open].ends_with('\\'),
            None => false,
        }
    }
}

/// The length of a bare `http(s)://` URL at the start of `s`.
fn bare_url_len(s: &str, before: Option<char>) -> Option<usize> {
    if !(s.starts_with("http://") || s.starts_with("https://")) || matches!(before, Some('<' | '(' | '"' | '\'')) {
        return None;
    }
    let end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')')).unwrap_or(s.len());
    Some(s[..end].trim_end_matches(['.', ',', ';', ':']).len())
}

/// `[text](url)` or an intra-doc link ``[`Item`]`` at the start of `s`,
/// given where in `s` the next `](` is and the next `` `] `` after the
/// opening `` [` ``.
fn is_markdown_link(s: &str, link_end: Option<usize>, code_end: Option<usize>) -> bool {
    let link = link_end.is_some_and(|i| !s[1..i].contains(['[', ']']));
    let intra_doc = s.starts_with("[`") && code_end.is_some_and(|i| !s[2..i].contains(['[', ']', '`', ' ']));
    link || intra_doc
}

/// The documentation shared by an operation's method and its builder.
pub(crate) fn operation(op: &crate::model::Operation) -> String {
    let mut doc = op.summary.clone().unwrap_or_else(|| format!("The `{}` operation.", op.id));
    if let Some(description) = op.description.as_deref().filter(|d| Some(*d) != op.summary.as_deref()) {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    doc.push_str(&format!("\n\n{}", super::endpoint(op)));
    if let Some(server) = &op.server {
        doc.push_str(&format!(
            ", on the operation's own server `{server}` (unless the client's base URL is set: it then serves every operation)"
        ));
    }
    if op.deprecated {
        doc.push_str("\n\n**Deprecated** by the API.");
    }
    doc
}

#[cfg(test)]
mod tests {
    #[test]
    fn articles_follow_the_sound() {
        let read = |w: &str| format!("{} {w}", super::article(w));
        assert_eq!(read("OrgUser"), "An OrgUser");
        assert_eq!(read("Update"), "An Update");
        assert_eq!(read("User"), "A User");
        assert_eq!(read("UnitPrice"), "A UnitPrice");
        assert_eq!(read("Group"), "A Group");
        assert_eq!(read("Item"), "An Item");
    }

    use super::*;

    #[test]
    fn lines_split_as_str_lines_does() {
        for text in ["", "a", "a\n", "a\r\nb", "a\n\nb\n\n", "\n", "\r\n", "a\rb\r", "x\r\r\ny\r", "\u{e9}\n\u{e9}"] {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{text:?}");
        }
    }

    /// The lines of [`joined`].
    fn sanitize(text: &str) -> Vec<String> {
        joined(text).split(LINE_BREAK).map(String::from).collect()
    }

    #[test]
    fn makes_prose_safe_for_rustdoc() {
        let table = [
            ("See https://toggl.com/docs.", " See <https://toggl.com/docs>."),
            ("Already <https://x.y> linked", " Already <https://x.y> linked"),
            ("List [1, 2] here", " List \\[1, 2\\] here"),
            ("A [link](https://x.y) stays", " A [link](https://x.y) stays"),
            ("`[code]` stays", " `[code]` stays"),
            ("See [`Client`] and [`a::B`].", " See [`Client`] and [`a::B`]."),
            (
                "The `http://x.y` hint; then http://a.b, and [x]",
                " The `http://x.y` hint; then <http://a.b>, and \\[x\\]",
            ),
        ];
        for (input, expected) in table {
            assert_eq!(sanitize(input), [expected], "{input:?}");
        }
    }

    /// [`prose`] as it reads most simply: every question answered by
    /// searching the rest of the line, or what was written of it, again.
    fn prose_by_search(line: &str) -> String {
        let mut out = String::new();
        let mut in_code = false;
        let mut at = 0;
        while let Some(c) = line[at..].chars().next() {
            let rest = &line[at..];
            if c == '`' {
                in_code = !in_code;
            }
            if !in_code {
                if let Some(url_len) = bare_url_len(rest, out.chars().next_back()) {
                    out.push('<');
                    out.push_str(&rest[..url_len]);
                    out.push('>');
                    at += url_len;
                    continue;
                }
                let link = c == '[' && rest.find("](").is_some_and(|i| !rest[1..i].contains(['[', ']']));
                let intra_doc = rest.starts_with("[`")
                    && rest[2..].find("`]").is_some_and(|i| !rest[2..2 + i].contains(['[', ']', '`', ' ']));
                let open = out.rfind('[').filter(|&open| out.rfind(']').is_none_or(|c| c < open));
                let closes_link = open.is_some_and(|open| !out[..open].ends_with('\\'));
                if (c == '[' && !(link || intra_doc)) || c == ']' && !out.ends_with("\\[") && !closes_link {
                    out.push('\\');
                }
            }
            out.push(c);
            at += c.len_utf8();
        }
        out
    }

    #[test]
    fn prose_is_escaped_as_by_searching_again() {
        // Random lines of the characters that matter, against the simplest
        // reading of the rules.
        let pieces = ["[", "]", "`", "](", "`]", "[`", "(", ")", " ", "a", "h", "\\", "<", "http://x.y/", "https://z"];
        let mut state = 0x2545_f491_u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(state >> 60) + 1 {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                line.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let mut out = String::new();
            prose(&line, &mut out);
            assert_eq!(out, prose_by_search(&line), "{line:?}");
        }
    }

    #[test]
    fn code_is_never_a_doc_test() {
        assert_eq!(sanitize("x\n```\ncode\n```"), [" x", " ```text", " code", " ```"]);
        assert_eq!(sanitize("```json\n{}"), [" ```json", " {}", " ```"]);
        assert_eq!(sanitize("~~~rust\nfn f() {}\n~~~"), [" ~~~text", " fn f() {}", " ~~~"]);
        assert_eq!(sanitize("para\n\n    indented"), [" para", "", " indented"]);
    }

    #[test]
    fn list_items_continue_indented() {
        assert_eq!(
            sanitize("Values:\n\n* `a`: one\nstill a\n* b\n\nafter\n10. ten\nmore"),
            [" Values:", "", " * `a`: one", "   still a", " * b", "", " after", " 10. ten", "     more"]
        );
        assert_eq!(sanitize("*   wide\nnext"), [" *   wide", "     next"]);
        assert_eq!(
            sanitize("> [!NOTE]\n>    Note.\nMore of it.\n\nAfter."),
            [" > \\[!NOTE\\]", " >    Note.", " > More of it.", "", " After."]
        );
        assert_eq!(sanitize("> Quote.\n- item"), [" > Quote.", " - item"]);
        assert_eq!(sanitize("> Note\n```\ncode\n```\nAfter."), [" > Note", " ```text", " code", " ```", " After."]);
        assert_eq!(sanitize("> Note\n---\nAfter"), [" > Note", " ---", " After"]);
        assert_eq!(sanitize("- item\n  > quote\n  continued"), [" - item", "   > quote", "   > continued"]);
    }

    #[test]
    fn control_characters_and_blank_text_are_dropped() {
        assert_eq!(sanitize("a\rb\u{202E}c\td"), [" abc    d"]);
        assert_eq!(sanitize("  "), [" (No description.)"]);
    }
}
