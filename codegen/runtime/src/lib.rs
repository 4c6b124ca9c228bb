//! The runtime every generated client calls: client configuration,
//! credentials, request encoding, sending with retries, response decoding,
//! pagination and errors. It is the same for every API; the generated
//! modules hold only what a spec says.
//!
//! This crate is where the runtime is written, built, linted and tested.
//! `codegen` copies its modules into every generated crate as
//! `src/runtime/`, leaving out those the crate does not use (`pagination`
//! without a paginated operation, `form` without a form body or object
//! parameter, `multipart` and `upload` without a multipart body or file,
//! `enums` without an enum or a union,
//! `headers` without typed response headers, `models` and `nullable`
//! without a model of its own), and writes the
//! module list itself; a generated crate never depends on this one.
//!
//! Items hidden from the docs are called by generated code only.

mod config;
mod enums;
mod error;
mod form;
mod headers;
mod models;
mod multipart;
mod nullable;
mod pagination;
mod request;
mod response;
mod send;
mod upload;

pub use config::*;
pub use enums::*;
pub use error::*;
pub use form::*;
pub use headers::*;
pub use models::*;
pub use multipart::*;
pub use nullable::*;
pub use pagination::*;
pub use request::*;
pub use response::*;
pub use send::*;
pub use upload::*;
