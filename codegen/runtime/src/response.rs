//! Responses: a success's body decoded as the spec says, with its status,
//! headers and request id; an error status's body kept as an [`ApiError`].

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use reqwest::StatusCode;

use super::Error;

/// Response headers that commonly carry a request id, tried after the one
/// the spec names.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id"];

/// A response whose status is a success, body not yet decoded.
#[doc(hidden)]
pub struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) request_id_header: Option<&'static str>,
}

/// The request id in `headers`: the header the spec names, else a common one.
pub(crate) fn find_request_id<'h>(headers: &'h HeaderMap, named: Option<&'static str>) -> Option<&'h str> {
    named.into_iter().chain(REQUEST_ID_HEADERS.iter().copied()).find_map(|name| headers.get(name)?.to_str().ok())
}

impl Raw {
    fn decode_error(self, message: String) -> Error {
        Error::Decode { response: Box::new(ApiError::new(self)), message }
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            raw_headers: self.headers,
            headers: (),
            body,
            raw_body: self.body,
            request_id_header: self.request_id_header,
        }
    }

    /// A JSON body. A value that is not what the API describes is an error
    /// that names where it is (`at `[0].created_at``).
    pub fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(self.into_response(body)),
            Err(e) => {
                let at = failing_path(&self.body, &|d| erased_serde::deserialize::<T>(d).map(drop));
                Err(self.decode_error(format!("the response is not the JSON the API describes: {at}{e}")))
            }
        }
    }

    /// A JSON body that may be empty or `null`.
    pub fn json_optional<T: serde::de::DeserializeOwned>(self) -> Result<Response<Option<T>>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.into_response(None));
        }
        self.json::<Option<T>>()
    }

    /// A JSON string; a server that sends the bare text instead is taken at
    /// its word, but JSON of another kind is an error.
    pub fn json_string(self) -> Result<Response<String>, Error> {
        match serde_json::from_slice::<serde_json::Value>(&self.body) {
            Ok(serde_json::Value::String(text)) => Ok(self.into_response(text)),
            Ok(other) => {
                let kind = if other.is_null() { "null" } else { "JSON that is not a string" };
                Err(self.decode_error(format!("the response is {kind}, where the API describes a string")))
            }
            Err(_) => self.text(),
        }
    }

    /// A text body. A server that labels it JSON and quotes it gets it unquoted.
    pub fn text(self) -> Result<Response<String>, Error> {
        if self.is_json() {
            if let Ok(text) = serde_json::from_slice::<String>(&self.body) {
                return Ok(self.into_response(text));
            }
        }
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                let text = text.to_owned();
                Ok(self.into_response(text))
            }
            Err(_) => Err(self.decode_error(String::from("the response text is not valid UTF-8"))),
        }
    }

    fn is_json(&self) -> bool {
        let content_type = self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    }

    /// A body read as bytes.
    pub fn bytes(self) -> Result<Response<Vec<u8>>, Error> {
        let body = self.body.clone();
        Ok(self.into_response(body))
    }

    /// The status, which picks the body of an operation whose success
    /// statuses have different bodies.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The body decoded as the JSON of `T`, kept as an error's typed body;
    /// `None` when it is not.
    pub fn typed_json<T: serde::de::DeserializeOwned + Send + Sync + 'static>(&self) -> Option<TypedBody> {
        let body: T = serde_json::from_slice(&self.body).ok()?;
        Some(TypedBody(std::sync::Arc::new(body)))
    }

    /// A success status the API describes no response for.
    pub fn undescribed<T>(self) -> Result<Response<T>, Error> {
        let message = format!("the API describes no response for status {}", self.status.as_u16());
        Err(self.decode_error(message))
    }

    /// No body: whatever the server sent is ignored.
    pub fn empty(self) -> Result<Response<()>, Error> {
        Ok(self.into_response(()))
    }
}

/// A declared response header that is missing or does not parse.
#[doc(hidden)]
pub struct HeaderError {
    pub(crate) name: &'static str,
    pub(crate) value: Option<String>,
}

#[doc(hidden)]
pub fn parse_header<T: std::str::FromStr>(name: &'static str, value: &HeaderValue) -> Result<T, HeaderError> {
    let text = value.to_str().ok();
    text.and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| HeaderError { name, value: Some(String::from_utf8_lossy(value.as_bytes()).into_owned()) })
}

/// A required property or header, missing until it is read; `null` is read
/// as the type reads it (an error, unless the type is an `Option`).
#[doc(hidden)]
pub struct Required<T>(pub Option<T>);

impl<T> Required<T> {
    pub fn missing() -> Self {
        Required(None)
    }
}

/// A success response: the decoded body, the typed headers the spec
/// declares, and the status, raw headers, raw body and request id.
///
/// It dereferences to the body, so `response.len()` works on a list.
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    pub(crate) status: StatusCode,
    pub(crate) raw_headers: HeaderMap,
    pub(crate) headers: H,
    pub(crate) body: T,
    pub(crate) raw_body: Vec<u8>,
    pub(crate) request_id_header: Option<&'static str>,
}

impl<T, H> Response<T, H> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers the spec declares, parsed.
    pub fn headers(&self) -> &H {
        &self.headers
    }

    /// All response headers, as received.
    pub fn raw_headers(&self) -> &HeaderMap {
        &self.raw_headers
    }

    /// The body as received, before decoding (to tell `null` from absent, say).
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The id the server gave the request, when it sends one: the header the
    /// spec names, else `X-Request-Id`, `Request-Id`, `X-Amzn-RequestId` or
    /// `X-Correlation-Id`.
    pub fn request_id(&self) -> Option<&str> {
        find_request_id(self.raw_headers(), self.request_id_header)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, the rest dropped.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The decoded body and the typed headers.
    pub fn into_parts(self) -> (T, H) {
        (self.body, self.headers)
    }
}

impl<T> Response<T> {
    /// Parses the declared headers with `parse`.
    pub(crate) fn with_headers<H>(
        self,
        parse: fn(&HeaderMap) -> Result<H, HeaderError>,
    ) -> Result<Response<T, H>, Error> {
        match parse(&self.raw_headers) {
            Ok(headers) => Ok(Response {
                status: self.status,
                raw_headers: self.raw_headers,
                headers,
                body: self.body,
                raw_body: self.raw_body,
                request_id_header: self.request_id_header,
            }),
            Err(HeaderError { name, value }) => {
                let raw = Raw {
                    status: self.status,
                    headers: self.raw_headers,
                    body: self.raw_body,
                    request_id_header: self.request_id_header,
                };
                Err(Error::Header { response: Box::new(ApiError::new(raw)), name, value })
            }
        }
    }
}

impl<T, H> Response<T, H> {
    /// The response with `f` applied to its decoded body.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U, H> {
        Response {
            status: self.status,
            raw_headers: self.raw_headers,
            headers: self.headers,
            body: f(self.body),
            raw_body: self.raw_body,
            request_id_header: self.request_id_header,
        }
    }
}

impl<T, H> std::ops::Deref for Response<T, H> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

/// A response the caller gets as an error: its status, the server's
/// message, the whole body as text, the headers and the request id.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
    pub(crate) body: String,
    pub(crate) headers: HeaderMap,
    pub(crate) request_id_header: Option<&'static str>,
    /// The body decoded into the type the API declares for this status.
    pub(crate) typed: Option<TypedBody>,
}

/// An error body decoded into the type the API declares for its status;
/// [`ApiError::typed`] gives it by its type.
#[doc(hidden)]
#[derive(Clone)]
pub struct TypedBody(std::sync::Arc<dyn std::any::Any + Send + Sync>);

impl std::fmt::Debug for TypedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TypedBody(..)")
    }
}

impl ApiError {
    pub(crate) fn new(raw: Raw) -> Self {
        let body = String::from_utf8_lossy(&raw.body).into_owned();
        let message = server_message(&body);
        let (headers, request_id_header) = (raw.headers, raw.request_id_header);
        ApiError { status: raw.status, message, body, headers, request_id_header, typed: None }
    }

    /// The body, decoded into the type the API declares for this status
    /// (each operation's docs name it), when it declares one and the body
    /// is one: `error.response().and_then(|e| e.typed::<types::Problem>())`.
    /// The text stays in [`ApiError::body`] either way.
    pub fn typed<T: std::any::Any>(&self) -> Option<&T> {
        self.typed.as_ref()?.0.downcast_ref()
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The server's message: a JSON string unquoted, a JSON list of strings
    /// joined, a JSON object's `message` or `error`, or the body's text.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The response body, as text.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The id the server gave the request, when it sends one.
    pub fn request_id(&self) -> Option<&str> {
        find_request_id(&self.headers, self.request_id_header)
    }
}

/// Where decoding `body` with `decode` fails, as `at `[0].at`: `: found,
/// once decoding has failed, by decoding again while keeping the path. The
/// deserializer is erased, so this is compiled once, not once per type.
fn failing_path(
    body: &[u8],
    decode: &dyn Fn(&mut dyn erased_serde::Deserializer<'_>) -> Result<(), erased_serde::Error>,
) -> String {
    let mut json = serde_json::Deserializer::from_slice(body);
    let mut track = serde_path_to_error::Track::new();
    let mut erased =
        <dyn erased_serde::Deserializer>::erase(serde_path_to_error::Deserializer::new(&mut json, &mut track));
    if decode(&mut erased).is_ok() {
        return String::new();
    }
    drop(erased);
    match track.path().to_string() {
        path if path == "." => String::new(),
        path => format!("at `{path}`: "),
    }
}

fn server_message(body: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::String(message)) => message,
        Ok(serde_json::Value::Array(items)) if !items.is_empty() && items.iter().all(|i| i.is_string()) => {
            items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join("; ")
        }
        Ok(serde_json::Value::Object(fields)) => {
            // `{"message": ...}`, `{"error": ...}`, or the message of an error
            // object (`{"error": {"message": ...}}`, as Stripe and Google write it).
            let nested = fields.get("error").and_then(|e| e.get("message")).and_then(|m| m.as_str());
            match ["message", "error"].iter().find_map(|k| fields.get(*k)?.as_str()).or(nested) {
                Some(message) => message.to_owned(),
                None => body.trim().to_owned(),
            }
        }
        _ => body.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_messages_are_read_from_every_common_shape() {
        assert_eq!(server_message("\"Missing or invalid workspace_id\""), "Missing or invalid workspace_id");
        assert_eq!(server_message("[\"a\", \"b\"]"), "a; b");
        assert_eq!(server_message("{\"message\": \"m\", \"code\": 1}"), "m");
        assert_eq!(server_message("{\"error\": \"e\"}"), "e");
        assert_eq!(server_message("{\"error\": {\"message\": \"declined\", \"type\": \"card\"}}"), "declined");
        assert_eq!(server_message("  plain text\n"), "plain text");
        assert_eq!(server_message("{\"other\": 1}"), "{\"other\": 1}");
    }
}
