//! The spacing between two tokens on one line, and the tree of a
//! `proc_macro2` token stream.
//!
//! [`Spacing`] decides, token after token, whether a space separates two
//! of them, the way rustfmt writes Rust: `&self`, `Vec<T>`, `a == b`,
//! `f(x)`, `if (x)`, `|value| value`. [`tree`] reads a stream that `syn`
//! printed (a type path the user chose, or in tests, text read back) into
//! the [`Tok`]s the emitters build: its joined punctuation put back
//! together (`::`, `->`, `=>`, `&&`).

use proc_macro2::{Delimiter, Spacing as Joint, TokenStream, TokenTree};

use crate::toks::{punctuation, push_ops};
pub(crate) use crate::toks::{Delim, Tok};

/// The tree of `stream`. Invisible groups (from interpolated streams) are
/// flattened into their parent.
pub(super) fn tree(stream: TokenStream) -> Vec<Tok> {
    let mut out = Vec::new();
    push_stream(stream, &mut out);
    out
}

fn push_stream(stream: TokenStream, out: &mut Vec<Tok>) {
    // Punctuation joined to what follows waits here for the rest of its run.
    let mut pending = String::new();
    for token in stream {
        let ident = match &token {
            TokenTree::Punct(p) => {
                // Most punctuation stands alone (`,`, `:`, `;`): an operator of its own.
                if pending.is_empty() && p.spacing() == Joint::Alone {
                    if let Some(op) = punctuation(p.as_char()) {
                        out.push(Tok::Op(op));
                        continue;
                    }
                }
                pending.push(p.as_char());
                if p.spacing() == Joint::Alone {
                    flush(&mut pending, out);
                }
                continue;
            }
            TokenTree::Ident(i) => Some(i.to_string()),
            _ => None,
        };
        if let (Some(run), Some(ident)) = (pending.strip_suffix('\''), &ident) {
            // A lifetime: `'` joined to the identifier after it.
            let lifetime = format!("'{ident}");
            pending = run.to_owned();
            flush(&mut pending, out);
            out.push(Tok::Word(lifetime.into()));
            continue;
        }
        flush(&mut pending, out);
        match token {
            TokenTree::Group(g) => {
                let delimiter = g.delimiter();
                let inner = g.stream();
                // The group's own handle on its tokens goes first, so that
                // walking them moves them rather than copies them.
                drop(g);
                let delim = match delimiter {
                    Delimiter::Parenthesis => Delim::Paren,
                    Delimiter::Bracket => Delim::Bracket,
                    Delimiter::Brace => Delim::Brace,
                    Delimiter::None => {
                        push_stream(inner, out);
                        continue;
                    }
                };
                out.push(Tok::Group(delim, tree(inner)));
            }
            TokenTree::Literal(l) => out.push(Tok::Lit(l.to_string().into())),
            TokenTree::Ident(_) | TokenTree::Punct(_) => out.extend(ident.map(|i| Tok::Word(i.into()))),
        }
    }
    flush(&mut pending, out);
}

/// Pushes the operators of a run of joined punctuation, longest first.
fn flush(pending: &mut String, out: &mut Vec<Tok>) {
    push_ops(pending, out);
    pending.clear();
}

/// Keywords that read as a word before a parenthesis (`if (`, `in (`), unlike
/// a function's name (`f(`).
pub(super) fn is_keyword(word: &str) -> bool {
    // Byte patterns compile to a length test and byte comparisons: this
    // runs for every word laid out.
    matches!(
        word.as_bytes(),
        b"as"
            | b"async"
            | b"await"
            | b"break"
            | b"const"
            | b"continue"
            | b"dyn"
            | b"else"
            | b"enum"
            | b"extern"
            | b"for"
            | b"if"
            | b"impl"
            | b"in"
            | b"let"
            | b"loop"
            | b"match"
            | b"mod"
            | b"move"
            | b"mut"
            | b"ref"
            | b"return"
            | b"static"
            | b"struct"
            | b"trait"
            | b"type"
            | b"unsafe"
            | b"use"
            | b"where"
            | b"while"
    )
}

/// What the token before the next one was, as far as spacing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Nothing yet on this line, or just after an opening delimiter.
    Start,
    /// A name, `self`, a literal, a closing delimiter or a generic's `>`:
    /// what a call's `(`, an index's `[` or a path's `::` follows closely.
    Operand,
    /// A keyword other than those that name a value.
    Keyword,
    /// An operator that takes nothing after it closely (`=`, `,`, `->`, `:`).
    Spaced,
    /// An operator that the next token follows closely (`::`, `.`, unary
    /// `&`, a generic's `<`, a macro's `!`, `#`, a closure's opening `|`).
    Tight,
}

/// The spacing state of one line of tokens inside one group.
#[derive(Debug, Clone)]
pub(super) struct Spacing {
    prev: Prev,
    /// The open `<` of generics, each true when a keyword opened it
    /// (`impl<T>`), after which a path starts afresh (`impl<T> ::a::B`).
    generics: Vec<bool>,
    /// Inside a closure's `|...|`.
    closure: bool,
    /// Inside `use` braces, written `{a, b}`.
    pub(super) use_tree: bool,
}

impl Spacing {
    pub(super) fn new() -> Spacing {
        Spacing { prev: Prev::Start, generics: Vec::new(), closure: false, use_tree: false }
    }

    /// Whether a space goes before `tok`, which `next` follows; records `tok`.
    /// (Inlined where tokens are laid out, the rarer operators kept apart in
    /// [`Spacing::op`]: this runs for every token written or measured.)
    #[inline]
    pub(super) fn before(&mut self, tok: &Tok, next: Option<&Tok>) -> bool {
        let prev = self.prev;
        let (space, now) = match tok {
            Tok::Word(w) => {
                // A lifetime is spaced from what follows it as a keyword is (`&'a [T]`).
                let role = if is_keyword(w) || w.starts_with('\'') { Prev::Keyword } else { Prev::Operand };
                (prev != Prev::Tight && prev != Prev::Start, role)
            }
            Tok::Lit(_) => (prev != Prev::Tight && prev != Prev::Start, Prev::Operand),
            Tok::Group(delim, _) => {
                let space = match (delim, prev) {
                    (_, Prev::Start | Prev::Tight) => false,
                    (Delim::Brace, _) => !self.use_tree,
                    (_, Prev::Operand) => false,
                    (_, _) => true,
                };
                (space, Prev::Operand)
            }
            Tok::Op(op) => self.op(op, prev, next),
        };
        self.prev = now;
        space
    }

    /// The spacing of an operator, from the token before it (and for `!`,
    /// the one after it).
    #[inline(never)]
    fn op(&mut self, op: &str, prev: Prev, next: Option<&Tok>) -> (bool, Prev) {
        let start = prev == Prev::Start || prev == Prev::Tight;
        // In a unary position: after an operator, a keyword or an opening.
        let unary = prev != Prev::Operand;
        match op {
            "," | ";" | ":" => (false, Prev::Spaced),
            // `T: ?Sized`, or the `?` after a value.
            "?" if prev == Prev::Spaced => (true, Prev::Tight),
            "?" => (false, Prev::Operand),
            "." => (false, Prev::Tight),
            "::" => (!start && prev != Prev::Operand, Prev::Tight),
            "#" => (!start, Prev::Tight),
            "!" if prev == Prev::Operand && matches!(next, Some(Tok::Group(..))) => (false, Prev::Tight),
            "&" | "&&" | "*" | "-" | "!" if unary => (!start, Prev::Tight),
            "<" => {
                // Always a generic's: the generated code compares with methods.
                self.generics.push(prev == Prev::Keyword);
                (prev == Prev::Spaced, Prev::Tight)
            }
            ">" if !self.generics.is_empty() => {
                let keyword = self.generics.pop() == Some(true);
                (false, if keyword { Prev::Keyword } else { Prev::Operand })
            }
            "|" | "||" if self.closure && op == "|" => {
                self.closure = false;
                (false, Prev::Spaced)
            }
            "|" if unary => {
                self.closure = true;
                (!start, Prev::Tight)
            }
            "||" if unary => (!start, Prev::Spaced),
            ".." | "..=" => (!start && prev != Prev::Operand, Prev::Tight),
            _ => (!start, Prev::Spaced),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// The tokens of `stream` on one line, spaced.
    fn line(stream: TokenStream) -> String {
        fn walk(toks: &[Tok], out: &mut String) {
            let mut spacing = Spacing::new();
            for (i, tok) in toks.iter().enumerate() {
                if spacing.before(tok, toks.get(i + 1)) {
                    out.push(' ');
                }
                match tok {
                    Tok::Word(s) | Tok::Lit(s) => out.push_str(s),
                    Tok::Op(s) => out.push_str(s),
                    Tok::Group(d, inner) => {
                        // Braces hold their tokens a space away, as layout writes them on one line.
                        let pad = if *d == Delim::Brace && !inner.is_empty() { " " } else { "" };
                        out.push_str(d.open());
                        out.push_str(pad);
                        walk(inner, out);
                        out.push_str(pad);
                        out.push_str(d.close());
                    }
                }
            }
        }
        let mut out = String::new();
        walk(&tree(stream), &mut out);
        out
    }

    #[test]
    fn tokens_are_spaced_as_rustfmt_writes_them() {
        let cases = [
            (quote!(pub(crate) client: &'a super::Client), "pub(crate) client: &'a super::Client"),
            (
                quote!(fn f<__S: ::serde::Serializer>(&self, s: __S) -> Result<__S::Ok, __S::Error>),
                "fn f<__S: ::serde::Serializer>(&self, s: __S) -> Result<__S::Ok, __S::Error>",
            ),
            (quote!(impl<'de> ::serde::Deserialize<'de> for A), "impl<'de> ::serde::Deserialize<'de> for A"),
            (quote!(let x: Option<Vec<Vec<u8>>> = None), "let x: Option<Vec<Vec<u8>>> = None"),
            (quote!(if a == b && !c { x } else { y }), "if a == b && !c { x } else { y }"),
            (quote!(v.iter().map(|x| x * 2).collect::<Vec<_>>()?), "v.iter().map(|x| x * 2).collect::<Vec<_>>()?"),
            (quote!(runtime::string_enum!(A); vec![1, 2]), "runtime::string_enum!(A); vec![1, 2]"),
            (quote!(&mut [("a", &mut a)]), "&mut [(\"a\", &mut a)]"),
            (quote!(#[derive(Clone)] Self::A => -1), "#[derive(Clone)] Self::A => -1"),
            (quote!(move || async move { f(&*x).await }), "move || async move { f(&*x).await }"),
            (quote!(..Default::default()), "..Default::default()"),
            (quote!(0..n), "0..n"),
            (quote!(<T as X>::f), "<T as X>::f"),
            (quote!(fn f() -> impl Fn(u8) + '_), "fn f() -> impl Fn(u8) + '_"),
        ];
        for (stream, expected) in cases {
            assert_eq!(line(stream), expected);
        }
    }
}
