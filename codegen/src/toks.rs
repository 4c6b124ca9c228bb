//! The tokens the emitters build and the renderer lays out.
//!
//! [`toks!`] reads like `quote!` (`#name` interpolates, `#(#items),*`
//! repeats) but builds the renderer's tree directly: words, literals,
//! operators (`::`, `->`, `=>` as one token) and delimited groups. The
//! words and operators written in an emitter's template are borrowed, not
//! copied, and no token stream is converted afterwards. On the largest
//! documents, building `proc_macro2` streams and converting them was a third
//! of the time spent emitting.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// One token, or a delimited group of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// An identifier, a keyword or a lifetime (`'a`).
    Word(Text),
    /// A literal, as Rust source (`"text"`, `12`, `'c'`).
    Lit(Text),
    /// An operator or a separator: `,`, `::`, `->`, `&`, `<`.
    Op(&'static str),
    /// `( )`, `[ ]` or `{ }` and the tokens between.
    Group(Delim, Vec<Tok>),
}

/// The text of a word or a literal: a template's, borrowed, or one made
/// while emitting, shared by every copy of the token (interpolating a
/// name or a doc comment twice copies a pointer).
#[derive(Debug, Clone)]
pub(crate) enum Text {
    Static(&'static str),
    Shared(Rc<str>),
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Static(text) => text,
            Text::Shared(text) => text,
        }
    }
}

/// Texts are equal by what they say, borrowed or shared.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Shared(text.into())
    }
}

/// The delimiters of a [`Tok::Group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delim {
    Paren,
    Bracket,
    Brace,
}

impl Delim {
    pub(crate) fn open(self) -> &'static str {
        match self {
            Delim::Paren => "(",
            Delim::Bracket => "[",
            Delim::Brace => "{",
        }
    }

    pub(crate) fn close(self) -> &'static str {
        match self {
            Delim::Paren => ")",
            Delim::Bracket => "]",
            Delim::Brace => "}",
        }
    }
}

impl Tok {
    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(self, Tok::Op(o) if *o == op)
    }

    pub(crate) fn is_word(&self, word: &str) -> bool {
        matches!(self, Tok::Word(w) if w == word)
    }

    pub(crate) fn is_group(&self, delim: Delim) -> bool {
        matches!(self, Tok::Group(d, _) if *d == delim)
    }
}

/// A sequence of tokens: what [`toks!`] builds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Toks(pub(crate) Vec<Tok>);

impl Toks {
    pub(crate) fn new() -> Toks {
        Toks(Vec::new())
    }

    pub(crate) fn with_capacity(capacity: usize) -> Toks {
        Toks(Vec::with_capacity(capacity))
    }

    /// Appends a word of a template.
    pub(crate) fn word(&mut self, word: &'static str) {
        self.0.push(Tok::Word(Text::Static(word)));
    }

    /// Appends a literal of a template, as written there.
    pub(crate) fn lit(&mut self, lit: &'static str) {
        self.0.push(Tok::Lit(Text::Static(lit)));
    }

    /// Appends the punctuation of a template: one operator, or for a token
    /// that Rust reads as one and the renderer as two (`>>`, the end of
    /// nested generics), its operators.
    pub(crate) fn op(&mut self, text: &'static str) {
        match text {
            // Tokens of Rust that the renderer reads as several.
            ">>" | ">>=" | "<<" | "<<=" | "^=" => push_ops(text, &mut self.0),
            _ => self.0.push(Tok::Op(text)),
        }
    }

    /// Appends a delimited group.
    pub(crate) fn group(&mut self, delim: Delim, inner: Toks) {
        self.0.push(Tok::Group(delim, inner.0));
    }

    /// Appends what `item` is as tokens, moving them when it owns them.
    pub(crate) fn append(&mut self, item: impl IntoToks) {
        item.into_toks(self);
    }
}

impl Extend<Toks> for Toks {
    fn extend<I: IntoIterator<Item = Toks>>(&mut self, iter: I) {
        for toks in iter {
            self.0.extend(toks.0);
        }
    }
}

impl FromIterator<Toks> for Toks {
    fn from_iter<I: IntoIterator<Item = Toks>>(iter: I) -> Toks {
        let mut toks = Toks::new();
        toks.extend(iter);
        toks
    }
}

/// The operators of more than one character, longest first. `>>` is not
/// one: the generated code closes nested generics (`Option<Vec<T>>`) but
/// never shifts.
const OPERATORS: [&str; 19] = [
    "..=", "...", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "..", "+=", "-=", "*=", "/=", "%=", "|=", "&=",
];

/// Every punctuation character of Rust, each an operator of its own.
const PUNCTUATION: &str = "!#$%&'*+,-./:;<=>?@^|~";

/// Pushes the operators of a run of punctuation, longest first. A character
/// that is not punctuation is left out rather than guessed at.
pub(crate) fn push_ops(mut rest: &str, out: &mut Vec<Tok>) {
    while let Some(c) = rest.chars().next() {
        let op = OPERATORS.iter().find(|op| rest.starts_with(**op)).copied().or_else(|| {
            let at = PUNCTUATION.find(c)?;
            Some(&PUNCTUATION[at..at + 1])
        });
        match op {
            Some(op) => {
                out.push(Tok::Op(op));
                rest = &rest[op.len()..];
            }
            None => rest = &rest[c.len_utf8()..],
        }
    }
}

/// The operator of one punctuation character, if it is one.
pub(crate) fn punctuation(c: char) -> Option<&'static str> {
    let at = PUNCTUATION.find(c)?;
    Some(&PUNCTUATION[at..at + 1])
}

/// An identifier: a name the emitters made (`r#type` included), printed as
/// Rust reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ident(Rc<str>);

impl Ident {
    /// The identifier `text`, which is a valid identifier or raw identifier.
    pub(crate) fn new(text: String) -> Ident {
        debug_assert!(
            text.strip_prefix("r#").unwrap_or(&text).chars().all(|c| c == '_' || c.is_alphanumeric())
                && !text.is_empty(),
            "`{text}` is not an identifier"
        );
        Ident(text.into())
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A literal made at run time (a number, a string), as Rust source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Literal(Rc<str>);

impl Literal {
    /// A number without a suffix (`404`).
    pub(crate) fn number(n: impl fmt::Display) -> Literal {
        Literal(n.to_string().into())
    }

    /// A string literal of `text`, escaped as `proc_macro2` escapes one:
    /// what `char::escape_debug` does, but for `'`, which stays.
    pub(crate) fn string(text: &str) -> Literal {
        let mut repr = String::with_capacity(text.len() + 2);
        repr.push('"');
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\0' if chars.as_str().starts_with(|next: char| next.is_digit(8)) => repr.push_str(r"\x00"),
                '\0' => repr.push_str(r"\0"),
                '\'' => repr.push(c),
                // Most text needs no escaping.
                ' '..='~' if c != '"' && c != '\\' => repr.push(c),
                _ => repr.extend(c.escape_debug()),
            }
        }
        repr.push('"');
        Literal(repr.into())
    }

    /// `text` as a raw string literal (`r"…"`, with as many `#` as it
    /// needs), or a string literal when a raw one cannot hold it (a lone
    /// carriage return, a run of 256 `#`).
    pub(crate) fn raw_string(text: &str) -> Literal {
        let mut longest = 0;
        for (i, _) in text.match_indices('"') {
            longest = longest.max(text[i + 1..].len() - text[i + 1..].trim_start_matches('#').len() + 1);
        }
        let lone_cr = text.match_indices('\r').any(|(i, _)| !text[i + 1..].starts_with('\n'));
        if lone_cr || longest > 255 {
            return Literal::string(text);
        }
        let mut repr = String::with_capacity(text.len() + 3 + 2 * longest);
        repr.push('r');
        repr.extend(std::iter::repeat_n('#', longest));
        repr.push('"');
        repr.push_str(text);
        repr.push('"');
        repr.extend(std::iter::repeat_n('#', longest));
        Literal(repr.into())
    }
}

/// What can be interpolated into [`toks!`] (`#name`).
pub(crate) trait ToToks {
    fn to_toks(&self, out: &mut Toks);

    /// The tokens alone.
    fn to_toks_owned(&self) -> Toks {
        let mut out = Toks::new();
        self.to_toks(&mut out);
        out
    }
}

impl<T: ToToks + ?Sized> ToToks for &T {
    fn to_toks(&self, out: &mut Toks) {
        (**self).to_toks(out);
    }
}

impl<T: ToToks> ToToks for Option<T> {
    fn to_toks(&self, out: &mut Toks) {
        if let Some(item) = self {
            item.to_toks(out);
        }
    }
}

impl ToToks for Toks {
    fn to_toks(&self, out: &mut Toks) {
        out.0.extend(self.0.iter().cloned());
    }
}

impl ToToks for Tok {
    fn to_toks(&self, out: &mut Toks) {
        out.0.push(self.clone());
    }
}

impl ToToks for Ident {
    fn to_toks(&self, out: &mut Toks) {
        out.0.push(Tok::Word(Text::Shared(self.0.clone())));
    }
}

impl ToToks for Literal {
    fn to_toks(&self, out: &mut Toks) {
        out.0.push(Tok::Lit(Text::Shared(self.0.clone())));
    }
}

/// Text interpolates as a string literal.
impl ToToks for str {
    fn to_toks(&self, out: &mut Toks) {
        Literal::string(self).to_toks(out);
    }
}

/// A character interpolates as a character literal.
impl ToToks for char {
    fn to_toks(&self, out: &mut Toks) {
        let mut repr = String::from('\'');
        if *self == '"' {
            repr.push('"');
        } else {
            repr.extend(self.escape_debug());
        }
        repr.push('\'');
        out.0.push(Tok::Lit(repr.into()));
    }
}

impl ToToks for bool {
    fn to_toks(&self, out: &mut Toks) {
        out.word(if *self { "true" } else { "false" });
    }
}

/// Numbers interpolate with their type's suffix (`3u16`).
macro_rules! suffixed {
    ($($ty:ident)*) => {$(
        impl ToToks for $ty {
            fn to_toks(&self, out: &mut Toks) {
                out.0.push(Tok::Lit(format!(concat!("{}", stringify!($ty)), self).into()));
            }
        }
    )*};
}

suffixed!(u16 u64 usize);

impl<T: ToToks + ?Sized> ToToks for Box<T> {
    fn to_toks(&self, out: &mut Toks) {
        (**self).to_toks(out);
    }
}

impl ToToks for String {
    fn to_toks(&self, out: &mut Toks) {
        self.as_str().to_toks(out);
    }
}

/// What a repetition's item interpolates as (`#item` in `#(#item)*`):
/// an owned item is moved, a borrowed one copied.
pub(crate) trait IntoToks {
    fn into_toks(self, out: &mut Toks);
}

impl IntoToks for Toks {
    fn into_toks(self, out: &mut Toks) {
        out.0.extend(self.0);
    }
}

impl<T: IntoToks> IntoToks for Option<T> {
    fn into_toks(self, out: &mut Toks) {
        if let Some(item) = self {
            item.into_toks(out);
        }
    }
}

impl IntoToks for Ident {
    fn into_toks(self, out: &mut Toks) {
        out.0.push(Tok::Word(Text::Shared(self.0)));
    }
}

impl IntoToks for Literal {
    fn into_toks(self, out: &mut Toks) {
        out.0.push(Tok::Lit(Text::Shared(self.0)));
    }
}

impl IntoToks for String {
    fn into_toks(self, out: &mut Toks) {
        self.to_toks(out);
    }
}

impl<T: ToToks + ?Sized> IntoToks for &T {
    fn into_toks(self, out: &mut Toks) {
        self.to_toks(out);
    }
}

/// Tokens written as Rust, `#name` interpolating anything [`ToToks`] (by
/// reference), `#{name}` anything [`IntoToks`] by value (tokens built to
/// be placed once are moved in, not copied; not in a repetition's body),
/// `#(...)*` and `#(...),*` repeating for every item of the
/// collections or iterators named inside (all of them, in step; a
/// collection named by value is consumed, and its items moved in). Unlike
/// `quote!`, every name in a repetition is iterated, once per round (an
/// `Option` as zero or one item): a value repeated as it is goes in a
/// `std::iter::repeat`.
macro_rules! toks {
    () => {
        $crate::toks::Toks::new()
    };
    ($($tt:tt)+) => {
        $crate::toks::toks_in!(by_ref; $($tt)+)
    };
}

/// The tokens of a template, `#name` interpolated `by_ref` or `by_value`.
macro_rules! toks_in {
    ($mode:ident;) => {
        $crate::toks::Toks::new()
    };
    ($mode:ident; $($tt:tt)+) => {{
        // Room for the template's own tokens at least.
        let mut toks = $crate::toks::Toks::with_capacity(<[()]>::len(&[$($crate::toks::toks_unit!($tt)),+]));
        $crate::toks::toks_each!($mode; toks; $($tt)+);
        toks
    }};
}

macro_rules! toks_unit {
    ($tt:tt) => {
        ()
    };
}

/// Each token with the three before and after it, so that `#` and what
/// follows it are read together whatever comes next.
macro_rules! toks_each {
    ($mode:ident; $s:ident; $($tt:tt)*) => {
        $crate::toks::toks_window! {$mode; $s;
            (@ @ @ @ @ @ $($tt)*)
            (@ @ @ @ @ $($tt)* @)
            (@ @ @ @ $($tt)* @ @)
            (@ @ @ $(($tt))* @ @ @)
            (@ @ $($tt)* @ @ @ @)
            (@ $($tt)* @ @ @ @ @)
            ($($tt)* @ @ @ @ @ @)
        }
    };
}

macro_rules! toks_window {
    ($mode:ident; $s:ident; ($($b3:tt)*) ($($b2:tt)*) ($($b1:tt)*) ($($cur:tt)*) ($($a1:tt)*) ($($a2:tt)*) ($($a3:tt)*)) => {
        $( $crate::toks::toks_in_context! {$mode; $s; $b3 $b2 $b1 $cur $a1 $a2 $a3} )*
    };
}

macro_rules! toks_in_context {
    // Padding around the tokens.
    ($mode:ident; $s:ident; $b3:tt $b2:tt $b1:tt @ $a1:tt $a2:tt $a3:tt) => {};
    // `#(...)*` and `#(...) sep *`, and the tokens after the `#` that belong to them.
    ($mode:ident; $s:ident; $b3:tt $b2:tt $b1:tt (#) ($($inner:tt)*) * $a3:tt) => {
        $crate::toks::toks_repeat!($s; (); $($inner)*);
    };
    ($mode:ident; $s:ident; $b3:tt $b2:tt $b1:tt (#) ($($inner:tt)*) $sep:tt *) => {
        $crate::toks::toks_repeat!($s; ($sep); $($inner)*);
    };
    ($mode:ident; $s:ident; $b3:tt $b2:tt # (($($inner:tt)*)) * $a2:tt $a3:tt) => {};
    ($mode:ident; $s:ident; $b3:tt $b2:tt # (($($inner:tt)*)) $sep:tt * $a3:tt) => {};
    ($mode:ident; $s:ident; $b3:tt # ($($inner:tt)*) (*) $a1:tt $a2:tt $a3:tt) => {};
    ($mode:ident; $s:ident; $b3:tt # ($($inner:tt)*) ($sep:tt) * $a2:tt $a3:tt) => {};
    // `#(...)* *`: the second `*` is a token of its own (a dereference).
    ($mode:ident; $s:ident; # ($($inner:tt)*) * (*) $a1:tt $a2:tt $a3:tt) => {
        $crate::toks::toks_token!($mode; $s; *);
    };
    ($mode:ident; $s:ident; # ($($inner:tt)*) $sep:tt (*) $a1:tt $a2:tt $a3:tt) => {};
    // `#{name}`, and the group after the `#`.
    ($mode:ident; $s:ident; $b3:tt $b2:tt $b1:tt (#) {$var:ident} $a2:tt $a3:tt) => {
        $crate::toks::IntoToks::into_toks($var, &mut $s);
    };
    ($mode:ident; $s:ident; $b3:tt $b2:tt # ({$var:ident}) $a1:tt $a2:tt $a3:tt) => {};
    // `#name`.
    (by_ref; $s:ident; $b3:tt $b2:tt $b1:tt (#) $var:ident $a2:tt $a3:tt) => {
        $crate::toks::ToToks::to_toks(&$var, &mut $s);
    };
    (by_value; $s:ident; $b3:tt $b2:tt $b1:tt (#) $var:ident $a2:tt $a3:tt) => {
        $crate::toks::IntoToks::into_toks($var, &mut $s);
    };
    ($mode:ident; $s:ident; $b3:tt $b2:tt # ($var:ident) $a1:tt $a2:tt $a3:tt) => {};
    // Any other token.
    ($mode:ident; $s:ident; $b3:tt $b2:tt $b1:tt ($cur:tt) $a1:tt $a2:tt $a3:tt) => {
        $crate::toks::toks_token!($mode; $s; $cur);
    };
}

macro_rules! toks_token {
    ($mode:ident; $s:ident; ($($inner:tt)*)) => {
        $s.group($crate::toks::Delim::Paren, $crate::toks::toks_in!($mode; $($inner)*))
    };
    ($mode:ident; $s:ident; [$($inner:tt)*]) => {
        $s.group($crate::toks::Delim::Bracket, $crate::toks::toks_in!($mode; $($inner)*))
    };
    ($mode:ident; $s:ident; {$($inner:tt)*}) => {
        $s.group($crate::toks::Delim::Brace, $crate::toks::toks_in!($mode; $($inner)*))
    };
    ($mode:ident; $s:ident; _) => {
        $s.word("_")
    };
    ($mode:ident; $s:ident; $word:ident) => {
        $s.word(stringify!($word))
    };
    // Before literals: a literal fragment may start with `-`.
    ($mode:ident; $s:ident; -) => {
        $s.op("-")
    };
    ($mode:ident; $s:ident; $lifetime:lifetime) => {
        $s.word(stringify!($lifetime))
    };
    ($mode:ident; $s:ident; $lit:literal) => {
        $s.lit(stringify!($lit))
    };
    ($mode:ident; $s:ident; $op:tt) => {
        $s.op(stringify!($op))
    };
}

/// The body of a repetition, once for each item of the collections and
/// iterators named in it (`#name`), which go in step; the separator goes
/// between two.
macro_rules! toks_repeat {
    ($s:ident; ($($sep:tt)?); $($inner:tt)*) => {{
        // A body that names nothing would repeat forever: it does not compile.
        const _: () = assert!($crate::toks::toks_names!(count; $($inner)*) > 0, "a repetition names nothing to repeat");
        $crate::toks::toks_names!(iter; $($inner)*);
        let mut first = true;
        loop {
            $crate::toks::toks_names!(next; $($inner)*);
            if !first {
                $( $crate::toks::toks_token!(by_ref; $s; $sep); )?
            }
            first = false;
            $crate::toks::toks_each!(by_value; $s; $($inner)*);
        }
    }};
}

/// For each `#name` in a repetition's body: `iter` makes the name its
/// iterator, `next` the iterator's next item, or ends the loop; `count`
/// counts them.
macro_rules! toks_names {
    (count;) => {
        0
    };
    (count; # $var:ident $($rest:tt)*) => {
        1 + $crate::toks::toks_names!(count; $($rest)*)
    };
    (count; ($($inner:tt)*) $($rest:tt)*) => {
        $crate::toks::toks_names!(count; $($inner)*) + $crate::toks::toks_names!(count; $($rest)*)
    };
    (count; [$($inner:tt)*] $($rest:tt)*) => {
        $crate::toks::toks_names!(count; $($inner)*) + $crate::toks::toks_names!(count; $($rest)*)
    };
    (count; {$($inner:tt)*} $($rest:tt)*) => {
        $crate::toks::toks_names!(count; $($inner)*) + $crate::toks::toks_names!(count; $($rest)*)
    };
    (count; $other:tt $($rest:tt)*) => {
        $crate::toks::toks_names!(count; $($rest)*)
    };
    ($mode:ident;) => {};
    (iter; # $var:ident $($rest:tt)*) => {
        #[allow(unused_mut)]
        let mut $var = ::std::iter::IntoIterator::into_iter($var);
        $crate::toks::toks_names!(iter; $($rest)*);
    };
    (next; # $var:ident $($rest:tt)*) => {
        let Some($var) = $var.next() else { break };
        $crate::toks::toks_names!(next; $($rest)*);
    };
    ($mode:ident; ($($inner:tt)*) $($rest:tt)*) => {
        $crate::toks::toks_names!($mode; $($inner)*);
        $crate::toks::toks_names!($mode; $($rest)*);
    };
    ($mode:ident; [$($inner:tt)*] $($rest:tt)*) => {
        $crate::toks::toks_names!($mode; $($inner)*);
        $crate::toks::toks_names!($mode; $($rest)*);
    };
    ($mode:ident; {$($inner:tt)*} $($rest:tt)*) => {
        $crate::toks::toks_names!($mode; $($inner)*);
        $crate::toks::toks_names!($mode; $($rest)*);
    };
    ($mode:ident; $other:tt $($rest:tt)*) => {
        $crate::toks::toks_names!($mode; $($rest)*);
    };
}

pub(crate) use {
    toks, toks_each, toks_in, toks_in_context, toks_names, toks_repeat, toks_token, toks_unit, toks_window,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn text(toks: &Toks) -> String {
        fn walk(toks: &[Tok], out: &mut Vec<String>) {
            for tok in toks {
                match tok {
                    Tok::Word(w) | Tok::Lit(w) => out.push(w.to_string()),
                    Tok::Op(op) => out.push((*op).to_owned()),
                    Tok::Group(delim, inner) => {
                        out.push(delim.open().to_owned());
                        walk(inner, out);
                        out.push(delim.close().to_owned());
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&toks.0, &mut out);
        out.join(" ")
    }

    #[test]
    fn templates_become_the_tokens_they_read_as() {
        let name = Ident::new("r#type".to_owned());
        let fields = vec![toks!(a: u8), toks!(b: Vec<Vec<u8>>)];
        let wires = ["a", "b"];
        let places = [Ident::new("x".to_owned()), Ident::new("y".to_owned())];
        let made = toks! {
            #[derive(Debug)]
            pub struct #name<'a> { #(#fields),* }
            fn f(_: &'a str) -> Option<i64> { [#((#wires, &mut #places)),*]; x >>= 1; -1 }
        };
        assert_eq!(
            text(&made),
            "# [ derive ( Debug ) ] pub struct r#type < 'a > { a : u8 , b : Vec < Vec < u8 > > } \
             fn f ( _ : & 'a str ) -> Option < i64 > { [ ( \"a\" , & mut x ) , ( \"b\" , & mut y ) ] ; x > >= 1 ; - 1 }"
        );
        assert_eq!(text(&toks!(#(#wires)* end)), "\"a\" \"b\" end");
        assert_eq!(text(&toks!(#(#wires)* *x = 1)), "\"a\" \"b\" * x = 1");
        // `#{name}` moves the tokens in; what follows it is read as before.
        let body = toks!(x + 1);
        assert_eq!(text(&toks!(fn f() { #{body} } #{name})), "fn f ( ) { x + 1 } r#type");
        assert!(toks!().0.is_empty());
    }

    #[test]
    fn literals_are_escaped_as_rust_reads_them() {
        let lit = |l: Literal| l.0.to_string();
        assert_eq!(lit(Literal::string("a\"b\\c'\n\u{7f}é\0\0x\x007")), r#""a\"b\\c'\n\u{7f}é\0\0x\x007""#);
        assert_eq!(lit(Literal::raw_string("say \"#hi\"")), "r##\"say \"#hi\"\"##");
        assert_eq!(lit(Literal::raw_string("a\rb")), r#""a\rb""#);
        // Doc text goes into a raw literal as it is, with the `#`s its quotes need.
        for text in
            ["plain", "a \"quote\"", "a \"# b \"## c", "ends with \"", "\\n and \\ stay", "caf\u{e9} \u{1} line"]
        {
            let literal = lit(Literal::raw_string(text));
            let hashes = literal[1..].len() - literal[1..].trim_start_matches('#').len();
            assert!(literal.starts_with('r'), "{literal}");
            assert_eq!(&literal[1 + hashes + 1..literal.len() - 1 - hashes], text, "{literal}");
        }
        assert_eq!(lit(Literal::raw_string("a\r\nb")), "r\"a\r\nb\"");
        assert_eq!(lit(Literal::number(404u16)), "404");
    }
}
