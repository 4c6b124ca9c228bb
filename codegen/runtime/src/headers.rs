//! The typed headers of a response: each declared header parsed into its
//! field, a missing required one an error.

use reqwest::header::{HeaderMap, HeaderValue};

use super::response::parse_header;
use super::{HeaderError, Required};

/// Parses each declared header that is present into the local its name
/// names: an operation's typed headers are a list of locals, then a struct.
#[doc(hidden)]
pub fn read_headers(
    headers: &HeaderMap,
    locals: &mut [(&'static str, &mut dyn HeaderLocal)],
) -> Result<(), HeaderError> {
    for (name, local) in locals {
        if let Some(value) = headers.get(*name) {
            local.parse(name, value)?;
        }
    }
    Ok(())
}

/// A local of an operation's typed headers that one header is parsed into.
#[doc(hidden)]
pub trait HeaderLocal {
    fn parse(&mut self, name: &'static str, value: &HeaderValue) -> Result<(), HeaderError>;
}

/// An optional header.
impl<T: std::str::FromStr> HeaderLocal for Option<T> {
    fn parse(&mut self, name: &'static str, value: &HeaderValue) -> Result<(), HeaderError> {
        *self = Some(parse_header(name, value)?);
        Ok(())
    }
}

/// A header the API always sends.
impl<T: std::str::FromStr> HeaderLocal for Required<T> {
    fn parse(&mut self, name: &'static str, value: &HeaderValue) -> Result<(), HeaderError> {
        self.0 = Some(parse_header(name, value)?);
        Ok(())
    }
}

/// The value of a header the API always sends, once the headers are read.
#[doc(hidden)]
pub fn required_header<T>(value: Required<T>, name: &'static str) -> Result<T, HeaderError> {
    value.0.ok_or(HeaderError { name, value: None })
}
