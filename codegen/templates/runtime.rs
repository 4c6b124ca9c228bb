//! The runtime every generated operation calls: client configuration,
//! credentials, request encoding, sending, and response decoding. It is the
//! same for every API; the generated modules hold only what a spec says.

// One runtime serves every API, and a given spec uses only part of it.
#![allow(dead_code)]

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode};

/// Everything but the unreserved characters of RFC 3986 is percent-encoded in
/// path segments and query components, so a value can never change the
/// request's path or add query parameters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A credential that never shows in `Debug` output or error messages.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

/// Credentials for one security scheme.
#[derive(Clone, Debug)]
pub(crate) enum Credential {
    /// HTTP basic: user name and password.
    Basic { username: Secret, password: Secret },
    /// A token or key sent as the scheme says (bearer header, API key header or query).
    Token(Secret),
}

impl Credential {
    pub(crate) fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic { username: Secret(username.into()), password: Secret(password.into()) }
    }

    pub(crate) fn token(token: impl Into<String>) -> Self {
        Credential::Token(Secret(token.into()))
    }
}

/// How a security scheme sends its credentials.
#[derive(Debug)]
pub(crate) enum Scheme {
    /// `Authorization: Basic ...`
    Basic,
    /// `Authorization: Bearer ...`
    Bearer,
    /// A key in the named header.
    HeaderKey(&'static str),
    /// A key in the named query parameter.
    QueryKey(&'static str),
}

/// The configuration shared by every request of one client: where to send,
/// how, and with which credentials. Built by [`ClientBuilder`].
#[derive(Debug)]
pub struct Config {
    base_url: String,
    http: reqwest::Client,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
    schemes: &'static [Scheme],
    credentials: Vec<Option<Credential>>,
}

/// Builds a client: base URL, credentials, timeout, user agent.
///
/// Each API module's `Client::builder()` returns one; the credential methods
/// its security schemes need are defined in that module.
#[derive(Debug)]
#[must_use = "a builder does nothing until `.build()` is called"]
pub struct ClientBuilder<C> {
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    schemes: &'static [Scheme],
    credentials: Vec<Option<Credential>>,
    client: PhantomData<fn() -> C>,
}

impl<C: From<Config>> ClientBuilder<C> {
    pub(crate) fn new(base_url: &str, schemes: &'static [Scheme]) -> Self {
        Self {
            base_url: base_url.to_owned(),
            http: None,
            timeout: None,
            user_agent: None,
            schemes,
            credentials: schemes.iter().map(|_| None).collect(),
            client: PhantomData,
        }
    }

    /// Sends requests to `url` instead of the spec's server (a test server, a proxy).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Fails a request that takes longer than `timeout`, from sending it to
    /// reading the whole response. No timeout by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header; the crate's name and version by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests with this `reqwest` client (its proxy, TLS and pool settings).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub(crate) fn credential(mut self, scheme: usize, credential: Credential) -> Self {
        self.credentials[scheme] = Some(credential);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the base URL is not an absolute `http`
    /// or `https` URL, or the user agent is not a valid header value.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => {
                return Err(Error::InvalidRequest {
                    message: format!("base URL `{base_url}` is not an absolute http(s) URL; set one with `.base_url(...)`"),
                })
            }
        }
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent)
            .map_err(|_| Error::InvalidRequest { message: String::from("the user agent is not a valid header value") })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
                .build()
                .map_err(|e| Error::InvalidRequest { message: format!("the HTTP client cannot be built: {e}") })?,
        };
        Ok(C::from(Config {
            base_url,
            http,
            timeout: self.timeout,
            user_agent,
            schemes: self.schemes,
            credentials: self.credentials,
        }))
    }
}

/// Follows redirects within the origin of the request only: credentials
/// (headers and query keys alike) must never reach another host. A redirect
/// elsewhere is returned as it is, and so becomes an [`Error::Status`].
fn same_origin_redirects(attempt: reqwest::redirect::Attempt<'_>) -> reqwest::redirect::Action {
    let origin = |url: &reqwest::Url| (url.scheme().to_owned(), url.host_str().map(str::to_owned), url.port_or_known_default());
    let same = attempt.previous().first().is_some_and(|first| origin(first) == origin(attempt.url()));
    if attempt.previous().len() > 10 {
        attempt.error("too many redirects")
    } else if same {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

/// One request, as a generated operation describes it.
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The spec's path template, for errors and logs (never holds values).
    pub(crate) path_template: &'static str,
    /// The path with its parameters encoded.
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) accept: Option<&'static str>,
    /// Alternatives of schemes (indices), any one of which authenticates.
    pub(crate) security: &'static [&'static [usize]],
}

/// An encoded request body.
pub(crate) struct Body {
    content_type: &'static str,
    bytes: Vec<u8>,
}

impl Body {
    pub(crate) fn json<T: serde::Serialize + ?Sized>(value: &T, content_type: &'static str) -> Result<Body, Error> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::InvalidRequest { message: format!("the request body cannot be written as JSON: {e}") })?;
        Ok(Body { content_type, bytes })
    }

    pub(crate) fn text(value: &str, content_type: &'static str) -> Body {
        Body { content_type, bytes: value.as_bytes().to_vec() }
    }
}

/// A query string under construction; every name and value is percent-encoded.
#[derive(Default)]
pub(crate) struct Query(String);

impl Query {
    fn start_pair(&mut self, name: &str) {
        self.0.push(if self.0.is_empty() { '?' } else { '&' });
        self.0.extend(utf8_percent_encode(name, COMPONENT));
        self.0.push('=');
    }

    /// `name=value`.
    pub(crate) fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.start_pair(name);
        self.0.extend(utf8_percent_encode(&value.to_string(), COMPONENT));
    }

    /// `name=a&name=b` (form style, exploded).
    pub(crate) fn push_each<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        for value in values {
            self.push(name, value);
        }
    }

    /// `name=a,b` with the delimiter left as it is (form, spaceDelimited and
    /// pipeDelimited styles, not exploded).
    pub(crate) fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T], delimiter: char) {
        // An empty list is no parameter at all, not `name=`.
        if values.is_empty() {
            return;
        }
        self.start_pair(name);
        let delimiter = match delimiter {
            ' ' => "%20",
            '|' => "%7C",
            _ => ",",
        };
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.0.push_str(delimiter);
            }
            self.0.extend(utf8_percent_encode(&value.to_string(), COMPONENT));
        }
    }
}

/// Encodes a path parameter as one path segment.
///
/// # Errors
///
/// [`Error::InvalidRequest`] for an empty value, `.` or `..`: URL resolution
/// would remove those segments and send the request elsewhere.
pub(crate) fn path_param(name: &'static str, value: &dyn fmt::Display) -> Result<String, Error> {
    let value = value.to_string();
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest {
            message: format!("path parameter `{name}` must not be empty, `.` or `..`"),
        });
    }
    Ok(utf8_percent_encode(&value, COMPONENT).to_string())
}

/// Encodes a list path parameter (simple style: comma-separated).
pub(crate) fn path_list<T: fmt::Display>(name: &'static str, values: &[T]) -> Result<String, Error> {
    if values.is_empty() {
        return Err(Error::InvalidRequest { message: format!("path parameter `{name}` must not be an empty list") });
    }
    let parts: Result<Vec<String>, Error> = values.iter().map(|v| path_param(name, v)).collect();
    Ok(parts?.join(","))
}

/// Joins a list header parameter (simple style: comma-separated).
pub(crate) fn join<T: fmt::Display>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
}

/// A response whose status is a success, body not yet decoded.
pub(crate) struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Config {
    /// Sends `request`; a success status yields the raw response, any other
    /// status an [`Error::Status`].
    pub(crate) async fn send(&self, request: Request) -> Result<Raw, Error> {
        let Request { method, path_template, path, mut query, headers, body, accept, security } = request;
        let credentials = self.credentials_for(security);
        for (scheme, credential) in &credentials {
            if let (Scheme::QueryKey(name), Credential::Token(Secret(key))) = (scheme, credential) {
                query.push(name, key);
            }
        }
        let url = format!("{}{}{}", self.base_url, path, query.0);
        let mut builder = self.http.request(method.clone(), url.as_str());
        builder = builder.header(USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(accept) = accept {
            builder = builder.header(ACCEPT, accept);
        }
        for (name, value) in headers {
            let value = HeaderValue::from_str(&value).map_err(|_| Error::InvalidRequest {
                message: format!("the value of header parameter `{name}` is not a valid header value"),
            })?;
            builder = builder.header(name, value);
        }
        for (scheme, credential) in credentials {
            builder = match (scheme, credential) {
                (Scheme::Basic, Credential::Basic { username, password }) => {
                    builder.basic_auth(&username.0, Some(&password.0))
                }
                (Scheme::Basic, Credential::Token(token)) => builder.basic_auth(&token.0, None::<&str>),
                (Scheme::Bearer, Credential::Token(token) | Credential::Basic { password: token, .. }) => {
                    builder.bearer_auth(&token.0)
                }
                (Scheme::HeaderKey(name), Credential::Token(key) | Credential::Basic { password: key, .. }) => {
                    let mut value = HeaderValue::from_str(&key.0).map_err(|_| Error::InvalidRequest {
                        message: format!("the credential for header `{name}` is not a valid header value"),
                    })?;
                    value.set_sensitive(true);
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidRequest {
                        message: format!("`{name}` is not a valid header name"),
                    })?;
                    builder.header(name, value)
                }
                (Scheme::QueryKey(_), _) => builder,
            };
        }
        match body {
            Some(Body { content_type, bytes }) => builder = builder.header(CONTENT_TYPE, content_type).body(bytes),
            // Without a body, POST, PUT and PATCH still say so (`Content-Length: 0`):
            // some proxies refuse them otherwise.
            None if matches!(method, Method::POST | Method::PUT | Method::PATCH) => {
                builder = builder.header(CONTENT_LENGTH, 0).body(Vec::new());
            }
            None => {}
        }
        let transport = |source: reqwest::Error| Error::Transport { method: method.clone(), path: path_template, source: source.without_url() };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?.to_vec();
        if status.is_success() {
            Ok(Raw { status, headers, body })
        } else {
            Err(Error::Status(Box::new(ApiError::new(status, headers, body))))
        }
    }

    /// The credentials of the first security alternative whose credentials
    /// are all set. An operation whose alternatives are all unset is sent
    /// without credentials, and the server says what it thinks of that.
    fn credentials_for(&self, security: &[&[usize]]) -> Vec<(&Scheme, Credential)> {
        for alternative in security.iter().filter(|a| !a.is_empty()) {
            let set: Option<Vec<_>> = alternative
                .iter()
                .map(|&i| self.credentials[i].clone().map(|c| (&self.schemes[i], c)))
                .collect();
            if let Some(set) = set {
                return set;
            }
        }
        Vec::new()
    }
}

impl Raw {
    fn decode_error(self, message: String) -> Error {
        Error::Decode { status: self.status, body: String::from_utf8_lossy(&self.body).into_owned(), message }
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response { status: self.status, raw_headers: self.headers, headers: (), body }
    }

    /// A JSON body.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Ok(self.into_response(body)),
            Err(e) => Err(self.decode_error(format!("the response is not the JSON the API describes: {e}"))),
        }
    }

    /// A JSON body that may be empty or `null`.
    pub(crate) fn json_optional<T: serde::de::DeserializeOwned>(self) -> Result<Response<Option<T>>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(self.into_response(None));
        }
        self.json::<Option<T>>()
    }

    /// A JSON string; a server that sends the bare text instead is taken at
    /// its word, but JSON of another kind is an error.
    pub(crate) fn json_string(self) -> Result<Response<String>, Error> {
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
    pub(crate) fn text(self) -> Result<Response<String>, Error> {
        if self.is_json() {
            if let Ok(text) = serde_json::from_slice::<String>(&self.body) {
                return Ok(self.into_response(text));
            }
        }
        match String::from_utf8(self.body) {
            Ok(text) => Ok(Response { status: self.status, raw_headers: self.headers, headers: (), body: text }),
            Err(e) => {
                let body = e.into_bytes();
                Err(Raw { body, ..self }.decode_error(String::from("the response text is not valid UTF-8")))
            }
        }
    }

    fn is_json(&self) -> bool {
        let content_type = self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    }

    /// A body read as bytes.
    pub(crate) fn bytes(self) -> Result<Response<Vec<u8>>, Error> {
        let Raw { status, headers, body } = self;
        Ok(Response { status, raw_headers: headers, headers: (), body })
    }

    /// No body: whatever the server sent is ignored.
    pub(crate) fn empty(self) -> Result<Response<()>, Error> {
        Ok(self.into_response(()))
    }
}

/// A declared response header that is missing or does not parse.
pub(crate) struct HeaderError {
    name: &'static str,
    value: Option<String>,
}

/// Reads an optional response header.
pub(crate) fn header<T: std::str::FromStr>(headers: &HeaderMap, name: &'static str) -> Result<Option<T>, HeaderError> {
    let Some(value) = headers.get(name) else { return Ok(None) };
    let text = value.to_str().ok();
    match text.and_then(|t| t.trim().parse().ok()) {
        Some(parsed) => Ok(Some(parsed)),
        None => Err(HeaderError { name, value: Some(String::from_utf8_lossy(value.as_bytes()).into_owned()) }),
    }
}

/// Reads a response header the API always sends.
pub(crate) fn required_header<T: std::str::FromStr>(headers: &HeaderMap, name: &'static str) -> Result<T, HeaderError> {
    header(headers, name)?.ok_or(HeaderError { name, value: None })
}

/// A string that is none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    value: String,
}

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue { value: value.to_owned() }
    }

    /// The value that was not recognised.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not one of the known values", self.value)
    }
}

impl std::error::Error for UnknownValue {}

/// A success response: the decoded body, the typed headers the spec
/// declares, and the status and raw headers.
///
/// It dereferences to the body, so `response.len()` works on a list.
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    status: StatusCode,
    raw_headers: HeaderMap,
    headers: H,
    body: T,
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
    pub(crate) fn with_headers<H>(self, parse: fn(&HeaderMap) -> Result<H, HeaderError>) -> Result<Response<T, H>, Error> {
        match parse(&self.raw_headers) {
            Ok(headers) => Ok(Response { status: self.status, raw_headers: self.raw_headers, headers, body: self.body }),
            Err(HeaderError { name, value }) => Err(Error::Header { status: self.status, name, value }),
        }
    }
}

impl<T, H> std::ops::Deref for Response<T, H> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

/// A response with an error status: the status, the server's message, and
/// the whole body and headers.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    body: String,
    headers: HeaderMap,
}

impl ApiError {
    fn new(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
        let body = String::from_utf8_lossy(&body).into_owned();
        let message = server_message(&body);
        ApiError { status, message, body, headers }
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
}

fn server_message(body: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::String(message)) => message,
        Ok(serde_json::Value::Array(items)) if !items.is_empty() && items.iter().all(|i| i.is_string()) => {
            items.iter().filter_map(|i| i.as_str()).collect::<Vec<_>>().join("; ")
        }
        Ok(serde_json::Value::Object(fields)) => match ["message", "error"].iter().find_map(|k| fields.get(*k)?.as_str()) {
            Some(message) => message.to_owned(),
            None => body.trim().to_owned(),
        },
        _ => body.trim().to_owned(),
    }
}

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
        /// The HTTP status.
        status: StatusCode,
        /// The body, as text.
        body: String,
        /// Why it could not be decoded.
        message: String,
    },
    /// A success response lacks a header the API always sends, or a declared
    /// header does not parse.
    Header {
        /// The HTTP status.
        status: StatusCode,
        /// The header's name.
        name: &'static str,
        /// Its value, when present.
        value: Option<String>,
    },
}

impl Error {
    /// The response's HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode { status, .. } | Error::Header { status, .. } => Some(*status),
            Error::InvalidRequest { .. } | Error::Transport { .. } => None,
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
            Error::Decode { status, message, .. } => write!(f, "HTTP {status}: {message}"),
            Error::Header { status, name, value: None } => write!(f, "HTTP {status}: the response has no `{name}` header"),
            Error::Header { status, name, value: Some(value) } => {
                write!(f, "HTTP {status}: the `{name}` header `{value}` does not parse")
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
