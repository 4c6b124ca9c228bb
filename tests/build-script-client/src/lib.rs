//! A crate whose API client its build script generates (`build.rs`, with
//! `codegen::Generator`): the client is included from `OUT_DIR`, never
//! committed. The example of README's "Generating a client for another API".

/// The generated client: a module per spec (`v9`, and `notes` named in
/// `build.rs`).
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

/// This crate's own types, which the generated client uses for schemas the
/// build script maps to them.
pub mod note {
    use std::fmt;

    /// How a note's text is written: the spec's `Format` schema.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Format {
        /// Plain text.
        Plain,
        /// Markdown.
        Markdown,
    }

    /// The wire's text, as a query parameter writes it.
    impl fmt::Display for Format {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(match self {
                Format::Plain => "plain",
                Format::Markdown => "markdown",
            })
        }
    }
}
