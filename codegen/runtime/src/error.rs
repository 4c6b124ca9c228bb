//! [`Error`]: everything that can go wrong with a call.

use std::fmt;

use reqwest::{Method, StatusCode};

use super::ApiError;

/// Everything that can go wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built: an invalid base URL, path parameter,
    /// header value, or body. Nothing was sent.
    InvalidRequest {
        /// What is wrong.
        message: String,
    },
    /// Sending the request or receiving the response failed: connection,
    /// TLS, timeout, or a body cut short.
    Transport {
        /// The request's method.
        method: Method,
        /// The operation's path template.
        path: &'static str,
        /// The cause (without the URL, which may hold credentials).
        source: reqwest::Error,
    },
    /// The server answered with a status that is not a success.
    Status(Box<ApiError>),
    /// A success response's body is not what the API describes.
    Decode {
        /// The response, its body kept as text.
        response: Box<ApiError>,
        /// Why it could not be decoded.
        message: String,
    },
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_size`](super::ClientBuilder::max_response_size)); reading stopped there.
    ResponseTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A success response lacks a header the API always sends, or a declared
    /// header does not parse.
    Header {
        /// The response.
        response: Box<ApiError>,
        /// The header's name.
        name: &'static str,
        /// Its value, when present.
        value: Option<String>,
    },
}

impl Error {
    /// The response, when one was received: status, headers, body, request id.
    pub fn response(&self) -> Option<&ApiError> {
        match self {
            Error::Status(response) | Error::Decode { response, .. } | Error::Header { response, .. } => Some(response),
            Error::InvalidRequest { .. } | Error::Transport { .. } | Error::ResponseTooLarge { .. } => None,
        }
    }

    /// The response's HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => self.response().map(ApiError::status),
        }
    }

    /// True when the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Transport { method, path, source } => write!(f, "{method} {path} failed: {source}"),
            Error::Status(e) if e.message.is_empty() => write!(f, "HTTP {}", e.status),
            Error::Status(e) => write!(f, "HTTP {}: {}", e.status, e.message),
            Error::Decode { response, message } => write!(f, "HTTP {}: {message}", response.status),
            Error::ResponseTooLarge { status, limit } => {
                write!(f, "HTTP {status}: the response body is larger than the limit of {limit} bytes")
            }
            Error::Header { response, name, value: None } => {
                write!(f, "HTTP {}: the response has no `{name}` header", response.status)
            }
            Error::Header { response, name, value: Some(value) } => {
                write!(f, "HTTP {}: the `{name}` header `{value}` does not parse", response.status)
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}
