//! A crate whose API client its build script generates (`build.rs`, with
//! `codegen::Generator`): the client is included from `OUT_DIR`, never
//! committed. The example of README's "Generating a client for another API".

/// The generated client: a module per spec (`v9`, `minimal_client`).
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}
