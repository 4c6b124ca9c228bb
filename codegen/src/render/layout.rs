//! Layout: token trees to lines, the way rustfmt lays out Rust.
//!
//! A file is a list of items; an item is its attributes (doc attributes
//! become `///` lines), then its tokens on one line if they fit in
//! [`WIDTH`] columns. When they do not, the groups that do not fit break
//! from the left: a call's arguments, an array's elements or a struct
//! literal's fields go one per line, one level in, with a trailing comma,
//! and a group that is the only (or a closure that is the last) argument
//! opens on the line of the call (`Ok(Foo {` … `})`). Bodies (a function's
//! block, an `impl`'s members, a struct's fields, a `match`'s arms) always
//! take one line per member. Blank lines: one between top-level items (a run
//! of `use` or `mod name;` declarations stays together) and between the
//! members of an `impl` or a trait, none inside a function.
//!
//! The layout is a function of the tokens alone, so the same tokens always
//! give the same text.

use std::borrow::Cow;

use super::tokens::{is_keyword, Delim, Spacing, Tok};
use crate::emit::LINE_BREAK;

/// The width that lines are kept within, when their tokens can break.
const WIDTH: usize = 100;
/// The widest that a method chain, a call's arguments or an array's
/// elements are on one line in an expression (rustfmt's defaults).
const CHAIN_WIDTH: usize = 60;
const LIST_WIDTH: usize = 60;
/// The widest that a struct literal's fields are on one line.
const LITERAL_WIDTH: usize = 18;
const INDENT: &str = "    ";

/// `out` followed by the text of a file whose tokens are `toks`.
pub(super) fn file(toks: &[Tok], out: String) -> String {
    let mut printer = Printer { out, indent: 0, column: 0, scratch: String::new() };
    printer.items(toks, Container::File);
    printer.out
}

/// How a brace group lays out its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Braces {
    /// A function's or an expression's block: statements, one per line.
    Block,
    /// An `impl`'s or a trait's members, a blank line apart.
    Members,
    /// A module's items, spaced as a file's.
    Items,
    /// A struct's fields or an enum's variants, one per line.
    Fields,
    /// A `match`'s arms, one per line.
    Arms,
    /// A struct literal: `Foo { a, b }` on one line if it fits.
    Literal,
    /// The braces of a `use` declaration: `{a, b}`, never broken.
    UseTree,
}

impl Braces {
    /// Bodies that always take one line per member (when not empty).
    fn multiline(self) -> bool {
        !matches!(self, Braces::Literal | Braces::UseTree)
    }
}

/// The list of items or statements being written, for the blank lines between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    File,
    Members,
    Block,
}

struct Printer {
    out: String,
    /// The current indentation level.
    indent: usize,
    /// The column the next character goes to.
    column: usize,
    /// Where lines are written to be measured ([`Printer::flat_width`]).
    scratch: String,
}

impl Printer {
    #[inline]
    fn push(&mut self, text: &str) {
        if self.column == 0 && !text.is_empty() {
            self.indentation();
        }
        self.out.push_str(text);
        self.column += width(text);
    }

    /// The indentation that starts a line.
    #[inline(never)]
    fn indentation(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str(INDENT);
        }
        self.column = self.indent * INDENT.len();
    }

    /// [`Printer::push`] of one space, the text written most often.
    fn space(&mut self) {
        if self.column == 0 {
            self.push(" ");
        } else {
            self.out.push(' ');
            self.column += 1;
        }
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Writes the items (or statements) of `toks`, each starting on a new line.
    fn items(&mut self, toks: &[Tok], container: Container) {
        let mut rest = toks;
        let mut previous: Option<Grouping> = None;
        // A file's (or module's) inner attributes first: docs, then the others.
        if container == Container::File {
            let mut docs = false;
            while let [Tok::Op(hash), Tok::Op(bang), Tok::Group(Delim::Bracket, attr), tail @ ..] = rest {
                if *hash != "#" || *bang != "!" {
                    break;
                }
                let doc = doc_text(attr);
                if doc.is_none() && docs {
                    self.newline();
                }
                docs = doc.is_some();
                self.attribute(attr, "//!", "#!");
                rest = tail;
                previous = Some(Grouping::Alone);
            }
        }
        for item in split_statements(rest) {
            let grouping = Grouping::of(item);
            let blank = match container {
                Container::Block => false,
                Container::Members => previous.is_some(),
                Container::File => previous.is_some_and(|p| !(p == grouping && grouping != Grouping::Alone)),
            };
            if blank {
                self.newline();
            }
            self.statement(item);
            previous = Some(grouping);
        }
    }

    /// One item or statement: its attributes on lines of their own, then the rest.
    fn statement(&mut self, toks: &[Tok]) {
        let body = self.outer_attributes(toks);
        let kind = item_keyword(body);
        self.expr(body, 0, kind);
        self.newline();
    }

    /// Writes the outer attributes at the start of `toks`, one per line;
    /// returns the tokens after them.
    fn outer_attributes<'t>(&mut self, mut toks: &'t [Tok]) -> &'t [Tok] {
        while let [Tok::Op(hash), Tok::Group(Delim::Bracket, attr), tail @ ..] = toks {
            if *hash != "#" {
                break;
            }
            self.attribute(attr, "///", "#");
            toks = tail;
        }
        toks
    }

    /// `#[doc = "..."]` as comment lines (`prefix` is `///` or `//!`), any
    /// other attribute as it is.
    fn attribute(&mut self, attr: &[Tok], doc_prefix: &str, hash: &str) {
        if let Some(doc) = doc_text(attr) {
            // Both separators are one byte long.
            let mut rest = doc.as_ref();
            loop {
                let end = memchr::memchr2(b'\n', LINE_BREAK as u8, rest.as_bytes());
                self.push(doc_prefix);
                self.push(rest[..end.unwrap_or(rest.len())].trim_end());
                self.newline();
                match end {
                    Some(end) => rest = &rest[end + 1..],
                    None => return,
                }
            }
        }
        self.push(hash);
        self.push("[");
        self.flat(without_trailing_comma(attr, false), None);
        self.push("]");
        self.newline();
    }

    /// Writes `toks` from the current column: on this line if they fit with
    /// `tail` more columns after them, broken where they do not. `item` is
    /// the keyword of the item they declare, if they declare one.
    fn expr(&mut self, toks: &[Tok], tail: usize, item: Option<&str>) {
        // A statement with a body (`if a.b().c() { … }`) is not a chain: its condition stays whole.
        let body = toks.iter().enumerate().any(|(i, t)| {
            matches!(t, Tok::Group(Delim::Brace, inner) if !inner.is_empty() && brace_kind(toks, i, item).multiline())
        });
        let cuts = if item.is_none() && !body { chain_cuts(toks) } else { Vec::new() };
        if cuts.len() >= 2 {
            let flat = self.flat_width(toks, item, WIDTH);
            let chain = self.flat_width(&toks[cuts[0]..], None, WIDTH);
            let fits = flat.is_some_and(|w| self.start_column() + w + tail <= WIDTH);
            if !(fits && chain.is_some_and(|w| w <= CHAIN_WIDTH)) {
                self.chain(toks, &cuts, tail);
                return;
            }
        }
        if !body && self.try_flat(toks, item, tail) {
            return;
        }
        if item.is_none() && self.assignment(toks, tail) {
            return;
        }
        let mut spacing = Spacing::new();
        spacing.use_tree = item == Some("use");
        let mut i = 0;
        while i < toks.len() {
            let tok = &toks[i];
            if spacing.before(tok, toks.get(i + 1)) {
                self.space();
            }
            i += 1;
            if tok.is_op("<") {
                if let Some(close) = self.angles(toks, i, &spacing, tail) {
                    spacing.before(&toks[close], toks.get(close + 1));
                    i = close + 1;
                    continue;
                }
            }
            let i = i - 1;
            let Tok::Group(delim, inner) = tok else {
                self.push(text(tok));
                continue;
            };
            let braces = (*delim == Delim::Brace).then(|| brace_kind(toks, i, item));
            match braces {
                Some(kind) if kind.multiline() && !inner.is_empty() => self.body(kind, inner),
                Some(Braces::UseTree) => self.flat_group(toks, i, item),
                _ => {
                    // The tokens that must follow on this line: up to the next group.
                    let follow = following_width(&spacing, &toks[i + 1..], tail, item);
                    if inner.is_empty() || !breakable(toks, i) {
                        self.flat_group(toks, i, item);
                    } else if !self.within(follow, |p, limit| p.group_within(toks, i, item, Some(limit))) {
                        self.broken(*delim, inner, braces, follow, keeps_trailing_comma(toks, i));
                    }
                }
            }
        }
    }

    /// The generic arguments after the `<` just written, from `toks[start]`:
    /// when they do not fit on the line, one per line, a level in, then the
    /// closing `>`, whose index is returned. `None` when they fit (or have
    /// no closing `>`): nothing is written.
    fn angles(&mut self, toks: &[Tok], start: usize, spacing: &Spacing, tail: usize) -> Option<usize> {
        let mut depth = 1;
        let close = start
            + toks[start..].iter().position(|t| {
                if t.is_op("<") {
                    depth += 1;
                } else if t.is_op(">") {
                    depth -= 1;
                }
                depth == 0
            })?;
        let inner = &toks[start..close];
        // Only a type's or a turbofish's arguments break: not a qualified path (`<T as Trait>::f`).
        let after_name = start.checked_sub(2).is_some_and(|p| matches!(&toks[p], Tok::Word(_)) || toks[p].is_op("::"));
        if !after_name || inner.iter().any(|t| t.is_word("as")) {
            return None;
        }
        let mut after = spacing.clone();
        let follow = {
            after.before(&toks[close], toks.get(close + 1));
            1 + following_width(&after, &toks[close + 1..], tail, None)
        };
        if self.flat_width(inner, None, WIDTH).is_some_and(|w| self.start_column() + 1 + w + follow <= WIDTH) {
            return None;
        }
        // One plain argument (`Option<String>`) gains nothing from a line of its own.
        if !inner.iter().any(|t| t.is_op(",") || t.is_op("<")) {
            return None;
        }
        self.push("<");
        self.newline();
        self.indent += 1;
        for element in split_commas(inner) {
            self.expr(element, 1, None);
            self.push(",");
            self.newline();
        }
        self.indent -= 1;
        self.push(">");
        Some(close)
    }

    /// `lhs =` and a right-hand side whose first line does not fit after
    /// it: the right-hand side goes on the next line, a level in. Returns
    /// false for other statements.
    fn assignment(&mut self, toks: &[Tok], tail: usize) -> bool {
        let mut angles = Angles::default();
        let Some(eq) = toks.iter().position(|t| angles.top_level(t) && t.is_op("=")) else {
            return false;
        };
        let declaration =
            toks[..eq].iter().any(|t| matches!(t, Tok::Word(w) if matches!(&**w, "let" | "const" | "static" | "type")));
        if !declaration {
            return false;
        }
        let (lhs, rhs) = (&toks[..=eq], &toks[eq + 1..]);
        // The right-hand side's first line: up to its first opening delimiter.
        let head = rhs.iter().position(|t| matches!(t, Tok::Group(..)) || t.is_op("<"));
        let head_width = match head {
            Some(g) => self.flat_width(&rhs[..g], None, WIDTH).map(|w| w + 2),
            None => self.flat_width(rhs, None, WIDTH),
        };
        let widths = self.flat_width(lhs, None, WIDTH).zip(head_width);
        if widths.is_some_and(|(l, r)| self.start_column() + l + 1 + r <= WIDTH) {
            return false;
        }
        self.flat(lhs, None);
        self.indent += 1;
        self.newline();
        self.expr(rhs, tail, None);
        self.indent -= 1;
        true
    }

    /// The column the next token starts at, indentation included.
    fn start_column(&self) -> usize {
        self.column.max(self.indent * INDENT.len())
    }

    /// A method chain too long for one line: its root, then one call per
    /// line, a level in. A root shorter than the indentation keeps the first
    /// call (`f.debug_struct("A")`).
    fn chain(&mut self, toks: &[Tok], cuts: &[usize], tail: usize) {
        let root = &toks[..cuts[0]];
        let short_root = matches!(root, [Tok::Word(w)] if w.len() <= INDENT.len());
        let mut bounds: Vec<usize> = cuts.to_vec();
        bounds.push(toks.len());
        let first = if short_root { 1 } else { 0 };
        self.expr(&toks[..bounds[first]], 0, None);
        self.indent += 1;
        for (k, window) in bounds.windows(2).enumerate().skip(first) {
            self.newline();
            let last = k + 2 == bounds.len();
            self.expr(&toks[window[0]..window[1]], if last { tail } else { 0 }, None);
        }
        self.indent -= 1;
    }

    /// A group whose elements do not fit on the line: one per line, a level
    /// in, or the only element opening on this line.
    fn broken(&mut self, delim: Delim, inner: &[Tok], braces: Option<Braces>, follow: usize, tuple: bool) {
        let elements = split_commas(inner);
        self.push(delim.open());
        let overflows = match elements.as_slice() {
            // A one-element tuple keeps its comma: on a line of its own.
            [only] => braces.is_none() && !tuple && ends_with_group(only),
            [.., last] => braces.is_none() && is_closure_with_block(last),
            [] => false,
        };
        let literal = braces == Some(Braces::Literal);
        if overflows && elements.len() == 1 {
            self.expr(elements[0], delim.close().len() + follow, None);
            self.push(delim.close());
            return;
        }
        if let Some((last, first)) = elements.split_last().filter(|_| overflows) {
            let head: Option<usize> =
                first.iter().try_fold(0, |sum, e| Some(sum + self.flat_width(e, None, WIDTH)? + 2));
            if head.is_some_and(|w| self.start_column() + w < WIDTH - 10) {
                for element in first {
                    self.flat(element, None);
                    self.push(", ");
                }
                self.expr(last, delim.close().len() + follow, None);
                self.push(delim.close());
                return;
            }
        }
        self.newline();
        self.indent += 1;
        for element in &elements {
            let element = self.outer_attributes(element);
            let comma = !(literal && element.first().is_some_and(|t| t.is_op("..")));
            self.expr(element, usize::from(comma), None);
            if comma {
                self.push(",");
            }
            self.newline();
        }
        self.indent -= 1;
        self.push(delim.close());
    }

    /// A brace group that takes one line per member.
    fn body(&mut self, kind: Braces, inner: &[Tok]) {
        self.push("{");
        self.newline();
        self.indent += 1;
        match kind {
            // A literal's or a `use`'s braces are never bodies; as blocks they would still read.
            Braces::Block | Braces::Literal | Braces::UseTree => self.items(inner, Container::Block),
            Braces::Members => self.items(inner, Container::Members),
            Braces::Items => self.items(inner, Container::File),
            Braces::Fields => {
                for field in split_commas(inner) {
                    let field = self.outer_attributes(field);
                    self.expr(field, 1, Some("enum"));
                    self.push(",");
                    self.newline();
                }
            }
            Braces::Arms => {
                for arm in split_arms(inner) {
                    let arm = self.outer_attributes(arm);
                    let block = matches!(arm, [.., Tok::Op(arrow), Tok::Group(Delim::Brace, _)] if *arrow == "=>");
                    let comma = !block;
                    self.expr(arm, usize::from(comma), None);
                    if comma {
                        self.push(",");
                    }
                    self.newline();
                }
            }
        }
        self.indent -= 1;
        self.push("}");
    }

    /// The width of `toks` on one line, or `None` if they hold a body that
    /// takes several lines, a list too long for one line in an expression,
    /// or are wider than `budget`: they are written as
    /// [`Printer::flat_within`] writes them, on a line of their own.
    fn flat_width(&mut self, toks: &[Tok], item: Option<&str>, budget: usize) -> Option<usize> {
        let mut line = std::mem::take(&mut self.scratch);
        line.clear();
        let mut line = Printer { out: line, indent: 0, column: 0, scratch: String::new() };
        let fits = line.flat_within(toks, item, Some(budget));
        self.scratch = line.out;
        fits.then_some(line.column)
    }

    /// `toks` on the current line if they fit there with `tail` more
    /// columns after them, as [`Printer::flat_width`] measures them; otherwise
    /// nothing is written and the result is false.
    fn try_flat(&mut self, toks: &[Tok], item: Option<&str>, tail: usize) -> bool {
        self.within(tail, |p, limit| p.flat_within(toks, item, Some(limit)))
    }

    /// What `write` writes on the current line if it keeps the line within
    /// [`WIDTH`] with `tail` more columns after it (`write` is given the
    /// column not to pass, and returns false once it cannot keep to it);
    /// otherwise nothing. Measuring while writing takes one pass over the
    /// tokens where most lines fit.
    fn within(&mut self, tail: usize, write: impl FnOnce(&mut Self, usize) -> bool) -> bool {
        let Some(limit) = WIDTH.checked_sub(tail) else { return false };
        let start = self.start_column();
        if start > limit {
            return false;
        }
        // The column written text starts at (an empty line's indentation
        // comes with it), which `start` may be past.
        let first = if self.column == 0 { self.indent * INDENT.len() } else { self.column };
        let (len, column) = (self.out.len(), self.column);
        if write(self, limit - (start - first)) {
            return true;
        }
        self.out.truncate(len);
        self.column = column;
        false
    }

    /// `toks` on the current line. With a `limit`, only while the line
    /// stays within that column and every group may be on one line (no
    /// body, and a list in an expression no wider than its limit): false as
    /// soon as one cannot, with the tokens so far written.
    fn flat_within(&mut self, toks: &[Tok], item: Option<&str>, limit: Option<usize>) -> bool {
        let mut spacing = Spacing::new();
        spacing.use_tree = item == Some("use");
        for (i, tok) in toks.iter().enumerate() {
            if spacing.before(tok, toks.get(i + 1)) {
                self.space();
            }
            let fits = match tok {
                Tok::Group(..) => self.group_within(toks, i, item, limit),
                _ => {
                    self.push(text(tok));
                    limit.is_none_or(|limit| self.column <= limit)
                }
            };
            if !fits {
                return false;
            }
        }
        true
    }

    /// The group `toks[i]` as [`Printer::flat_within`] writes it.
    fn group_within(&mut self, toks: &[Tok], i: usize, item: Option<&str>, limit: Option<usize>) -> bool {
        let Tok::Group(delim, inner) = &toks[i] else { return false };
        let braces = (*delim == Delim::Brace).then(|| brace_kind(toks, i, item));
        if limit.is_some() && braces.is_some_and(Braces::multiline) && !inner.is_empty() {
            return false;
        }
        let inner = without_trailing_comma(inner, keeps_trailing_comma(toks, i));
        let padded = braces.is_some_and(|b| b != Braces::UseTree) && !inner.is_empty();
        let inner_item = if braces == Some(Braces::UseTree) { Some("use") } else { None };
        self.push(delim.open());
        if padded {
            self.space();
        }
        let start = self.column;
        if !self.flat_within(inner, inner_item, limit) {
            return false;
        }
        let listed = limit.is_some() && item.is_none();
        if listed && self.column - start > list_limit(*delim, braces) && breakable(toks, i) {
            return false;
        }
        if padded {
            self.space();
        }
        self.push(delim.close());
        limit.is_none_or(|limit| self.column <= limit)
    }

    /// `toks` on the current line, whatever its width.
    fn flat(&mut self, toks: &[Tok], item: Option<&str>) {
        self.flat_within(toks, item, None);
    }

    /// The group `toks[i]` on the current line, whatever its width.
    fn flat_group(&mut self, toks: &[Tok], i: usize, item: Option<&str>) {
        self.group_within(toks, i, item, None);
    }
}

/// How items group in a file: a run of plain `use` declarations, or of
/// `mod name;`, stays together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    Use,
    BareMod,
    Alone,
}

impl Grouping {
    fn of(item: &[Tok]) -> Grouping {
        let item = match item {
            [Tok::Word(p), Tok::Group(Delim::Paren, _), rest @ ..] if p == "pub" => rest,
            [Tok::Word(p), rest @ ..] if p == "pub" => rest,
            _ => item,
        };
        match item {
            [Tok::Word(w), ..] if w == "use" => Grouping::Use,
            [Tok::Word(m), Tok::Word(_), Tok::Op(semi)] if m == "mod" && *semi == ";" => Grouping::BareMod,
            _ => Grouping::Alone,
        }
    }
}

fn text(tok: &Tok) -> &str {
    match tok {
        Tok::Word(s) | Tok::Lit(s) => s,
        Tok::Op(s) => s,
        Tok::Group(..) => "",
    }
}

/// Columns that `text` takes.
fn width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// The columns that must follow a group on its line: the tokens after it up
/// to the next group (or generic's `<`) and its opening, or to the end and
/// `tail`. In an item's signature generics do not break (its parameters
/// do). `spacing` is the line's spacing just after the group.
fn following_width(spacing: &Spacing, after: &[Tok], tail: usize, item: Option<&str>) -> usize {
    let mut spacing = spacing.clone();
    let mut sum = 0;
    for (i, tok) in after.iter().enumerate() {
        sum += usize::from(spacing.before(tok, after.get(i + 1)));
        // A signature breaks its parameters before its return type's generics.
        if matches!(tok, Tok::Group(..)) || (item.is_none() && tok.is_op("<")) {
            return sum + 1;
        }
        sum += width(text(tok));
    }
    sum + tail
}

/// Whether the parenthesis or bracket group `toks[i]` may break one element
/// per line, with a trailing comma: not a visibility (`pub(crate)`), a
/// macro's arguments, an attribute, an index, an array `[x; n]`, or a
/// parenthesized expression, where a comma would change or break the code.
fn breakable(toks: &[Tok], i: usize) -> bool {
    let Tok::Group(delim, inner) = &toks[i] else { return false };
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    let operand = is_operand(prev);
    let top_level = |sep: &str| {
        let mut angles = Angles::default();
        inner.iter().any(|t| angles.top_level(t) && t.is_op(sep))
    };
    match (delim, prev) {
        (_, Some(Tok::Word(w))) if w == "pub" => false,
        (_, Some(Tok::Op(op))) if *op == "!" || *op == "#" => false,
        (Delim::Bracket, _) => !operand && !top_level(";"),
        (Delim::Paren, _) => operand || top_level(","),
        (Delim::Brace, _) => true,
    }
}

/// Whether a group after `prev` is a call's arguments or an index (after a
/// name, a literal, a group, a generic's `>`, `?` or `.await`), not a tuple,
/// a parenthesized expression or an array.
fn is_operand(prev: Option<&Tok>) -> bool {
    match prev {
        Some(Tok::Word(w)) => !is_keyword(w) || w == "await",
        Some(Tok::Lit(_) | Tok::Group(..)) => true,
        Some(Tok::Op(op)) => *op == ">" || *op == "?",
        None => false,
    }
}

/// Whether the group `toks[i]` keeps the comma that ends it: a macro's
/// arguments are the macro's to read, and `(x,)` is a one-element tuple.
fn keeps_trailing_comma(toks: &[Tok], i: usize) -> bool {
    let Tok::Group(delim, inner) = &toks[i] else { return false };
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    if prev.is_some_and(|p| p.is_op("!")) {
        return true;
    }
    *delim == Delim::Paren
        && !is_operand(prev)
        && inner.last().is_some_and(|t| t.is_op(","))
        && split_commas(inner).len() == 1
}

/// The widest that the elements of a group in an expression are on one line.
fn list_limit(delim: Delim, braces: Option<Braces>) -> usize {
    match (delim, braces) {
        (Delim::Brace, Some(Braces::Literal)) => LITERAL_WIDTH,
        (Delim::Brace, _) => WIDTH,
        _ => LIST_WIDTH,
    }
}

/// `inner` without the comma that ends it, unless it is to be `kept`
/// ([`keeps_trailing_comma`]).
fn without_trailing_comma(inner: &[Tok], kept: bool) -> &[Tok] {
    match inner {
        [rest @ .., last] if last.is_op(",") && !kept => rest,
        _ => inner,
    }
}

/// The keyword of the item that `toks` declare (`fn`, `struct`, `impl`,
/// `use`), after any visibility and qualifiers.
fn item_keyword(toks: &[Tok]) -> Option<&str> {
    let mut i = 0;
    if toks.first().is_some_and(|t| t.is_word("pub")) {
        i += 1;
        if toks.get(i).is_some_and(|t| t.is_group(Delim::Paren)) {
            i += 1;
        }
    }
    while let Some(Tok::Word(w)) = toks.get(i) {
        match &**w {
            "async" | "unsafe" | "default" => i += 1,
            "const" if toks.get(i + 1).is_some_and(|t| t.is_word("fn") || t.is_word("unsafe")) => i += 1,
            "fn" | "struct" | "enum" | "union" | "impl" | "trait" | "mod" | "use" => return Some(w),
            _ => return None,
        }
    }
    None
}

/// How the brace group at `toks[i]` lays out, from what comes before it.
fn brace_kind(toks: &[Tok], i: usize, item: Option<&str>) -> Braces {
    let first_brace = !toks[..i].iter().any(|t| t.is_group(Delim::Brace));
    if let Some(item) = item {
        if first_brace {
            return match item {
                "struct" | "enum" | "union" => Braces::Fields,
                "impl" | "trait" => Braces::Members,
                "mod" => Braces::Items,
                "use" => Braces::UseTree,
                _ => Braces::Block,
            };
        }
        if matches!(item, "enum" | "struct" | "union") {
            // A variant's fields.
            return Braces::Fields;
        }
        if item == "use" {
            return Braces::UseTree;
        }
    }
    let Some(prev) = i.checked_sub(1).map(|p| &toks[p]) else {
        return Braces::Block;
    };
    match prev {
        Tok::Op(op) if matches!(*op, "=>" | "|" | "||") => return Braces::Block,
        Tok::Word(w) if matches!(&**w, "else" | "loop" | "unsafe" | "async" | "move" | "try") => return Braces::Block,
        Tok::Op(op) if *op == "!" => return Braces::Block,
        _ => {}
    }
    for tok in toks[..i].iter().rev() {
        match tok {
            Tok::Word(w) if w == "match" => return Braces::Arms,
            Tok::Word(w) if matches!(&**w, "if" | "while" | "for") => return Braces::Block,
            Tok::Op(op) if matches!(*op, ";" | "," | "=>") => break,
            Tok::Group(Delim::Brace, _) => break,
            _ => {}
        }
    }
    // Statements (`;`) make a block whatever comes before it.
    let statements = matches!(&toks[i], Tok::Group(_, inner) if inner.iter().any(|t| t.is_op(";")));
    match prev {
        _ if statements => Braces::Block,
        Tok::Word(_) => Braces::Literal,
        Tok::Op(op) if *op == ">" => Braces::Literal,
        _ => Braces::Block,
    }
}

/// The statements (or items) of a block, each with its `;` if it has one.
fn split_statements(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < toks.len() {
        let tok = &toks[i];
        let ends = if tok.is_op(";") {
            true
        } else if tok.is_group(Delim::Brace) {
            let statement = &toks[start..=i];
            let body = skip_attributes(statement);
            let next = toks.get(i + 1);
            let item = item_keyword(body);
            let brace_count = body.iter().filter(|t| t.is_group(Delim::Brace)).count();
            let item_body = match item {
                Some("use") => false,
                Some(_) => brace_count == 1,
                None => false,
            };
            // An item made by a macro (`m! { … }`), not a value (`let x = m! { … };`).
            let macro_body = matches!(body, [.., Tok::Op(bang), Tok::Group(..)] if *bang == "!")
                && !body.iter().any(|t| t.is_op("="));
            let control = body.first().is_some_and(|t| {
                matches!(t, Tok::Word(w) if matches!(&**w, "if" | "match" | "for" | "while" | "loop" | "unsafe"))
                    || t.is_group(Delim::Brace)
            }) && !next
                .is_some_and(|n| n.is_word("else") || n.is_op(".") || n.is_op("?") || n.is_op(";"));
            item_body || macro_body || control
        } else {
            false
        };
        i += 1;
        if ends {
            out.push(&toks[start..i]);
            start = i;
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

fn skip_attributes(mut toks: &[Tok]) -> &[Tok] {
    while let [Tok::Op(hash), Tok::Group(Delim::Bracket, _), tail @ ..] = toks {
        if *hash != "#" {
            break;
        }
        toks = tail;
    }
    toks
}

/// The elements of a comma-separated list, without the commas. Commas
/// between a generic's `<` and `>` (`BTreeMap<K, V>`) separate nothing here.
fn split_commas(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut angles = Angles::default();
    let mut start = 0;
    for (i, tok) in toks.iter().enumerate() {
        if angles.top_level(tok) && tok.is_op(",") {
            out.push(&toks[start..i]);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

/// The depth of generics' angle brackets, token after token.
#[derive(Default)]
struct Angles(usize);

impl Angles {
    /// Whether `tok` is outside any `<` `>`, counting it.
    fn top_level(&mut self, tok: &Tok) -> bool {
        if tok.is_op("<") {
            self.0 += 1;
        } else if tok.is_op(">") && self.0 > 0 {
            self.0 -= 1;
        }
        self.0 == 0
    }
}

/// The arms of a `match`, without their commas: an arm whose body is a
/// block may end without one.
fn split_arms(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut angles = Angles::default();
    while i < toks.len() {
        if angles.top_level(&toks[i]) && toks[i].is_op(",") {
            out.push(&toks[start..i]);
            start = i + 1;
        } else if toks[i].is_op("=>")
            && toks.get(i + 1).is_some_and(|t| t.is_group(Delim::Brace))
            && !toks.get(i + 2).is_some_and(|t| t.is_op(".") || t.is_op("?"))
        {
            out.push(&toks[start..i + 2]);
            i += 2;
            if toks.get(i).is_some_and(|t| t.is_op(",")) {
                i += 1;
            }
            start = i;
            continue;
        }
        i += 1;
    }
    if start < toks.len() {
        out.push(&toks[start..]);
    }
    out
}

/// Where the method calls of a chain start: each `.` at this level before
/// a name and its arguments, or before `await`.
fn chain_cuts(toks: &[Tok]) -> Vec<usize> {
    // `a.b() && c.d()` is two operands, not one chain.
    let binary = ["&&", "||", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "^"];
    if toks.iter().any(|t| binary.iter().any(|op| t.is_op(op))) {
        return Vec::new();
    }
    (0..toks.len())
        .filter(|&i| {
            toks[i].is_op(".")
                && match (toks.get(i + 1), toks.get(i + 2)) {
                    (Some(Tok::Word(w)), _) if w == "await" => true,
                    (Some(Tok::Word(_)), Some(next)) => next.is_group(Delim::Paren) || next.is_op("::"),
                    _ => false,
                }
        })
        .collect()
}

fn ends_with_group(toks: &[Tok]) -> bool {
    matches!(toks.last(), Some(Tok::Group(..)))
}

/// A closure whose body is a block (`|x| { … }`, `move || async move { … }`).
fn is_closure_with_block(toks: &[Tok]) -> bool {
    let closure = toks.iter().any(|t| t.is_op("|") || t.is_op("||"));
    closure && toks.last().is_some_and(|t| t.is_group(Delim::Brace))
}

/// The text of a `doc = "..."` attribute.
fn doc_text(attr: &[Tok]) -> Option<Cow<'_, str>> {
    match attr {
        [Tok::Word(doc), Tok::Op(eq), Tok::Lit(lit)] if doc == "doc" && *eq == "=" => unescape(lit),
        _ => None,
    }
}

/// The value of a string literal as `toks::Literal` (or `proc_macro2`) writes one.
fn unescape(lit: &str) -> Option<Cow<'_, str>> {
    if let Some(raw) = lit.strip_prefix('r') {
        let hashes = &raw[..raw.len() - raw.trim_start_matches('#').len()];
        let body = raw[hashes.len()..].strip_prefix('"')?.strip_suffix(hashes)?.strip_suffix('"')?;
        return Some(Cow::Borrowed(body));
    }
    let body = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let end = rest.find('}')?;
                out.push(char::from_u32(u32::from_str_radix(&rest[..end], 16).ok()?)?);
                chars = rest[end + 1..].chars();
            }
            _ => return None,
        }
    }
    Some(Cow::Owned(out))
}
