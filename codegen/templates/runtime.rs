//! The runtime every generated operation calls: client configuration,
//! credentials, request encoding, sending with retries, and response
//! decoding. It is the same for every API; the generated modules hold only
//! what a spec says.

// One runtime serves every API, and a given spec uses only part of it.
#![allow(dead_code)]

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

/// Everything but the unreserved characters of RFC 3986 is percent-encoded in
/// path segments and query components, so a value can never change the
/// request's path or add query parameters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Statuses that are retried for every API: too many requests, and the
/// gateway errors that say the server is momentarily unreachable.
const RETRIED_STATUSES: &[u16] = &[429, 502, 503, 504];

/// Response headers that commonly carry a request id, tried after the one
/// the spec names.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id"];

/// A credential that never shows in `Debug` output or error messages.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

/// Stands for a value that `Debug` output must not show, such as a header
/// parameter of a request builder.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
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

/// A credential as it goes on the wire, prepared once when the client is
/// built rather than on every request.
#[derive(Clone)]
pub(crate) enum Authorization {
    /// A header (`Authorization` or an API key's), marked sensitive.
    Header(HeaderName, HeaderValue),
    /// An API key in the named query parameter.
    Query(&'static str, Secret),
    /// A credential that cannot be sent as its scheme says: every request
    /// that would send it fails with this message.
    Invalid(String),
}

impl Authorization {
    fn prepare(scheme: &Scheme, credential: &Credential) -> Authorization {
        let header = |name: HeaderName, value: String| match HeaderValue::from_str(&value) {
            Ok(mut value) => {
                value.set_sensitive(true);
                Authorization::Header(name, value)
            }
            Err(_) => Authorization::Invalid(format!("the credential for `{name}` is not a valid header value")),
        };
        match (scheme, credential) {
            (Scheme::Basic, credential) => {
                let pair = match credential {
                    Credential::Basic { username, password } => format!("{}:{}", username.0, password.0),
                    Credential::Token(token) => format!("{}:", token.0),
                };
                header(AUTHORIZATION, format!("Basic {}", base64(&pair)))
            }
            (Scheme::Bearer, Credential::Token(token) | Credential::Basic { password: token, .. }) => {
                header(AUTHORIZATION, format!("Bearer {}", token.0))
            }
            (Scheme::Authorization(scheme), Credential::Token(token) | Credential::Basic { password: token, .. }) => {
                header(AUTHORIZATION, format!("{scheme} {}", token.0))
            }
            (Scheme::HeaderKey(name), Credential::Token(key) | Credential::Basic { password: key, .. }) => {
                match HeaderName::from_bytes(name.as_bytes()) {
                    Ok(name) => header(name, key.0.clone()),
                    Err(_) => Authorization::Invalid(format!("`{name}` is not a valid header name")),
                }
            }
            (Scheme::QueryKey(name), Credential::Token(key) | Credential::Basic { password: key, .. }) => {
                Authorization::Query(name, key.clone())
            }
            (Scheme::CookieKey(name), Credential::Token(key) | Credential::Basic { password: key, .. }) => {
                // RFC 6265: a cookie value has no controls, spaces, quotes, commas, semicolons or backslashes.
                let valid = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\');
                if key.0.chars().all(valid) {
                    header(COOKIE, format!("{name}={}", key.0))
                } else {
                    Authorization::Invalid(format!("the credential for the `{name}` cookie is not a valid cookie value"))
                }
            }
        }
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Authorization::Header(name, _) => f.debug_tuple("Header").field(name).field(&Secret(String::new())).finish(),
            Authorization::Query(name, key) => f.debug_tuple("Query").field(name).field(key).finish(),
            Authorization::Invalid(message) => f.debug_tuple("Invalid").field(message).finish(),
        }
    }
}

/// Standard base64 with padding, as HTTP basic authentication writes it.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(text.len().div_ceil(3) * 4);
    for chunk in text.as_bytes().chunks(3) {
        let bytes = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let bits = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(bits >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// How a security scheme sends its credentials.
#[derive(Debug)]
pub(crate) enum Scheme {
    /// `Authorization: Basic ...`
    Basic,
    /// `Authorization: Bearer ...`
    Bearer,
    /// `Authorization: <scheme> ...` for another HTTP authentication scheme.
    Authorization(&'static str),
    /// A key in the named header.
    HeaderKey(&'static str),
    /// A key in the named query parameter.
    QueryKey(&'static str),
    /// A key in the named cookie.
    CookieKey(&'static str),
}

/// What a spec says about its API as a whole, beyond its operations.
#[derive(Debug)]
pub(crate) struct ApiInfo {
    /// The security schemes, in the order operations refer to them.
    pub(crate) schemes: &'static [Scheme],
    /// Statuses, besides [`RETRIED_STATUSES`], that mean "retry later".
    pub(crate) rate_limit_statuses: &'static [u16],
    /// A header giving the seconds until a rate limit resets (lower case).
    pub(crate) reset_header: Option<&'static str>,
    /// The header that identifies a request (lower case).
    pub(crate) request_id_header: Option<&'static str>,
}

/// The wait a `Retry-After` value asks for, as RFC 9110 writes it: seconds,
/// or an HTTP date (in any of its three formats), which is counted from
/// `now`, a date past being no wait. A day at most; `None` for anything else.
pub(crate) fn wait_until(value: &str, now: SystemTime) -> Option<Duration> {
    const DAY: Duration = Duration::from_secs(86_400);
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(DAY.as_secs_f64())));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO).min(DAY))
}

/// When and how often a failed request is sent again.
///
/// A request is retried after a connection failure or timeout, and after a
/// 429, 502, 503 or 504 answer or a status the API documents as a rate
/// limit. The wait doubles from `base_delay` up to `max_delay`, with jitter;
/// a `Retry-After` header (seconds or an HTTP date), or the reset header the
/// API documents, sets it instead, and a wait longer than `max_delay` is not
/// made (the error is returned). Only requests that are safe to repeat (GET,
/// HEAD, OPTIONS, PUT, DELETE) are retried unless
/// [`RetryPolicy::retry_non_idempotent`] says otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three attempts in all, waits from 500 ms up to 30 s, idempotent requests only.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy: see [`RetryPolicy::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Never retry.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..Self::default() }
    }

    /// How many times a request is sent at most, the first time included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles for each one after.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait between attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Retry POST and PATCH requests too (only when repeating them is harmless).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The wait before attempt `attempt + 1`, or `None` for no retry.
    fn delay(&self, attempt: u32, method: &Method, hint: Option<Duration>) -> Option<Duration> {
        let idempotent =
            matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE);
        if attempt >= self.max_attempts || !(idempotent || self.non_idempotent) {
            return None;
        }
        if let Some(hint) = hint {
            return (hint <= self.max_delay).then_some(hint);
        }
        let exponential = self.base_delay.saturating_mul(2u32.saturating_pow(attempt - 1)).min(self.max_delay);
        // Equal jitter: half the wait is fixed, half random, so clients that
        // failed together do not retry together.
        let half = exponential / 2;
        Some(half + half.mul_f64(random_fraction()))
    }
}

/// A number in [0, 1) from the standard library's randomly seeded hasher.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(Instant::now().elapsed().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Changes a request just before it is sent (custom authentication,
/// headers), on every attempt.
pub type RequestHook = Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;

/// Settings for one call that override the client's: see the `timeout`,
/// `header` and `retry` methods of every request builder.
#[derive(Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
}

impl fmt::Debug for RequestOptions {
    /// Extra headers by name only: they may carry credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &headers)
            .field("retry", &self.retry)
            .finish()
    }
}

/// The configuration shared by every request of one client: where to send,
/// how, and with which credentials. Built by [`ClientBuilder`].
pub struct Config {
    base_url: String,
    http: reqwest::Client,
    timeout: Option<Duration>,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    hook: Option<RequestHook>,
    max_response_size: usize,
    api: &'static ApiInfo,
    /// By scheme, in the order of [`ApiInfo::schemes`].
    credentials: Vec<Option<Authorization>>,
}

impl Config {
    /// The URL requests are sent to, without a trailing `/`.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// The default limit on a response body: 32 MiB.
const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 << 20;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("hook", &self.hook.as_ref().map(|_| "..."))
            .field("max_response_size", &self.max_response_size)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// Builds a client: base URL, credentials, timeout, user agent, retries.
///
/// Each API module's `Client::builder()` returns one; the credential methods
/// its security schemes need are defined in that module.
#[must_use = "a builder does nothing until `.build()` is called"]
pub struct ClientBuilder<C> {
    base_url: String,
    http: Option<reqwest::Client>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: RetryPolicy,
    hook: Option<RequestHook>,
    max_response_size: usize,
    api: &'static ApiInfo,
    credentials: Vec<Option<Credential>>,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl<C: From<Config>> ClientBuilder<C> {
    pub(crate) fn new(base_url: &str, api: &'static ApiInfo) -> Self {
        Self {
            base_url: base_url.to_owned(),
            http: None,
            timeout: None,
            user_agent: None,
            retry: RetryPolicy::default(),
            hook: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            api,
            credentials: api.schemes.iter().map(|_| None).collect(),
            client: PhantomData,
        }
    }

    /// Sends requests to `url` instead of the spec's server (a test server, a proxy).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Fails an attempt that takes longer than `timeout`, from sending it to
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

    /// When to send a failed request again; [`RetryPolicy::default`] unless set.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Calls `hook` on every request just before it is sent, after the
    /// client has set its headers and credentials.
    pub fn request_hook(mut self, hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static) -> Self {
        self.hook = Some(Arc::new(hook));
        self
    }

    /// Stops reading a response whose body is larger than `bytes` and fails
    /// with [`Error::ResponseTooLarge`]; 32 MiB by default.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Sends requests with this `reqwest` client (its proxy, TLS, pool and
    /// redirect settings). The default client follows redirects within the
    /// request's origin only, so credentials never reach another host.
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
            retry: self.retry,
            hook: self.hook,
            max_response_size: self.max_response_size,
            api: self.api,
            credentials: self
                .credentials
                .iter()
                .zip(self.api.schemes)
                .map(|(credential, scheme)| Some(Authorization::prepare(scheme, credential.as_ref()?)))
                .collect(),
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

/// The methods of every request builder that set its per-request options:
/// the same for every operation, so written once here and expanded in each
/// builder's `impl`.
// A crate whose specs have no operations has no builder to expand it in.
#[allow(unused_macros)]
macro_rules! request_options {
    () => {
        /// Fails this request if an attempt takes longer than `timeout`
        /// (instead of the client's timeout).
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.timeout = Some(timeout);
            self
        }

        /// Sends this extra header with the request. An invalid name or
        /// value fails the request with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.options.headers.push((name.into(), value.into()));
            self
        }

        /// Retries this request by `policy` (instead of the client's).
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.options.retry = Some(policy);
            self
        }
    };
}
#[allow(unused_imports)]
pub(crate) use request_options;

/// What the spec fixes about an operation: its method, path template,
/// accepted media type and security.
pub(crate) struct Endpoint {
    pub(crate) method: Method,
    /// The spec's path template; `{name}` stands for path parameter `name`.
    pub(crate) path: &'static str,
    pub(crate) accept: Option<&'static str>,
    /// Alternatives of schemes (indices), any one of which authenticates.
    pub(crate) security: &'static [&'static [usize]],
}

/// One request, as a generated operation builds it: its endpoint, then each
/// parameter and the body. A value that cannot be encoded is kept as the
/// request's error, returned when it is sent; so the generated code is a
/// plain list of calls.
#[derive(Clone)]
pub(crate) struct Request {
    method: Method,
    /// The spec's path template, for errors and logs (never holds values).
    path_template: &'static str,
    /// Each path parameter's name with its value, encoded as a segment.
    path_params: Vec<(&'static str, String)>,
    query: Query,
    headers: Vec<(&'static str, String)>,
    body: Option<Body>,
    accept: Option<&'static str>,
    security: &'static [&'static [usize]],
    options: RequestOptions,
    /// Why the first parameter that could not be encoded was refused.
    error: Option<String>,
}

impl Request {
    pub(crate) fn new(endpoint: Endpoint, options: RequestOptions) -> Request {
        let Endpoint { method, path, accept, security } = endpoint;
        Request {
            method,
            path_template: path,
            path_params: Vec::new(),
            query: Query::default(),
            headers: Vec::new(),
            body: None,
            accept,
            security,
            options,
            error: None,
        }
    }

    fn refuse(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// Path parameter `name`, encoded as one segment. An empty value, `.` or
    /// `..` is refused: URL resolution would remove those segments and send
    /// the request elsewhere.
    pub(crate) fn path(&mut self, name: &'static str, value: &dyn fmt::Display) {
        match segment(&value.to_string()) {
            Some(segment) => self.path_params.push((name, segment)),
            None => self.refuse(format!("path parameter `{name}` must not be empty, `.` or `..`")),
        }
    }

    /// A list path parameter (simple style: comma-separated segments).
    pub(crate) fn path_list<T: fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        if values.is_empty() {
            return self.refuse(format!("path parameter `{name}` must not be an empty list"));
        }
        let segments: Option<Vec<String>> = values.iter().map(|value| segment(&value.to_string())).collect();
        match segments {
            Some(segments) => self.path_params.push((name, segments.join(","))),
            None => self.refuse(format!("path parameter `{name}` must not hold an empty value, `.` or `..`")),
        }
    }

    /// The path with its parameters encoded: the template with each
    /// `{name}` replaced, in one pass, so a value can never add a parameter.
    fn encoded_path(&self) -> String {
        let mut path = String::with_capacity(self.path_template.len());
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
            path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            match self.path_params.iter().find(|(param, _)| *param == name) {
                Some((_, value)) => path.push_str(value),
                None => path.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        path
    }

    /// `name=value`, when there is a value.
    pub(crate) fn query<T: fmt::Display>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.query.push(name, value);
        }
    }

    /// `name=a&name=b` (form style, exploded).
    pub(crate) fn query_each<T: fmt::Display>(&mut self, name: &str, values: Option<&Vec<T>>) {
        for value in values.into_iter().flatten() {
            self.query.push(name, value);
        }
    }

    /// `name=a,b` with the delimiter left as it is (form, spaceDelimited and
    /// pipeDelimited styles, not exploded).
    pub(crate) fn query_joined<T: fmt::Display>(&mut self, name: &str, values: Option<&Vec<T>>, delimiter: char) {
        if let Some(values) = values {
            self.query.push_joined(name, values, delimiter);
        }
    }

    /// Header parameter `name`, when there is a value.
    pub(crate) fn header<T: fmt::Display>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }

    /// A list header parameter (simple style: comma-separated).
    pub(crate) fn header_list<T: fmt::Display>(&mut self, name: &'static str, values: Option<&Vec<T>>) {
        if let Some(values) = values {
            let values: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.headers.push((name, values.join(",")));
        }
    }

    /// A body written as JSON, when there is one.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, value: Option<&T>, content_type: &'static str) {
        let Some(value) = value else { return };
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Some(Body { content_type, bytes }),
            Err(e) => self.refuse(format!("the request body cannot be written as JSON: {e}")),
        }
    }

    /// A text body, when there is one.
    pub(crate) fn text(&mut self, value: Option<&String>, content_type: &'static str) {
        if let Some(value) = value {
            self.body = Some(Body { content_type, bytes: value.as_bytes().to_vec() });
        }
    }

    /// The request, or why it was refused.
    fn checked(mut self) -> Result<Request, Error> {
        match self.error.take() {
            Some(message) => Err(Error::InvalidRequest { message }),
            None => Ok(self),
        }
    }
}

/// An encoded request body.
#[derive(Clone)]
pub(crate) struct Body {
    content_type: &'static str,
    bytes: Vec<u8>,
}

/// A query string under construction: each pair's name and value
/// percent-encoded.
#[derive(Clone, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    /// `name=value`.
    fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.0.push((encode(name), encode(&value.to_string())));
    }

    /// `name=a,b`; an empty list is no parameter at all, not `name=`.
    fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T], delimiter: char) {
        if values.is_empty() {
            return;
        }
        let delimiter = match delimiter {
            ' ' => "%20",
            '|' => "%7C",
            _ => ",",
        };
        let values: Vec<String> = values.iter().map(|value| encode(&value.to_string())).collect();
        self.0.push((encode(name), values.join(delimiter)));
    }

    /// Sets `name` to `value`, where it was if it was there.
    fn set(&mut self, name: &str, value: &dyn fmt::Display) {
        let (name, value) = (encode(name), encode(&value.to_string()));
        match self.0.iter_mut().find(|(other, _)| *other == name) {
            Some(pair) => pair.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// `?name=value&...`, or nothing without parameters.
    fn write(&self, url: &mut String) {
        for (i, (name, value)) in self.0.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.push_str(value);
        }
    }
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// A path parameter's value as one segment, or `None` for a value that URL
/// resolution would remove.
fn segment(value: &str) -> Option<String> {
    (!value.is_empty() && value != "." && value != "..").then(|| encode(value))
}

/// The future of a request being sent: `.await` it for the response.
pub type Sending<'a, T, H> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response<T, H>, Error>> + Send + 'a>>;

/// Sends an encoded request and decodes its answer: the one async function
/// every operation calls, so that no operation has an async body of its own.
pub(crate) fn send<'a, T: Send + 'a, H: Send + 'a>(
    config: &'a Config,
    request: Request,
    decode: fn(Raw) -> Result<Response<T>, Error>,
    headers: fn(&HeaderMap) -> Result<H, HeaderError>,
) -> Sending<'a, T, H> {
    Box::pin(async move {
        let raw = config.send(request.checked()?).await?;
        decode(raw)?.with_headers(headers)
    })
}

/// The typed headers of an operation that declares none.
pub(crate) fn no_headers(_: &HeaderMap) -> Result<(), HeaderError> {
    Ok(())
}

/// The pages of a paginated operation, each a [`Response`] with its headers.
pub type Pages<'a, T, H> = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Response<Vec<T>, H>, Error>> + Send + 'a>>;

/// The items of every page of a paginated operation.
pub type Items<'a, T> = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<T, Error>> + Send + 'a>>;

/// How an operation pages: the query parameter that numbers the pages, the
/// first page to send, the last one the parameter's type holds, and the
/// response header that announces the page count, if the spec names one.
pub(crate) struct Paging {
    pub(crate) param: &'static str,
    pub(crate) first: i64,
    pub(crate) last: i64,
    pub(crate) total: Option<&'static str>,
}

/// Sends `request` for page `first`, then the next, until the page count
/// (from the `total` header) is reached, a page comes back empty, page
/// `last` was sent, or an error ends the stream.
pub(crate) fn pages<'a, T: Send + 'a, H: Send + 'a>(
    config: &'a Config,
    request: Request,
    paging: Paging,
    decode: fn(Raw) -> Result<Response<Vec<T>>, Error>,
    headers: fn(&HeaderMap) -> Result<H, HeaderError>,
) -> Pages<'a, T, H> {
    let Paging { param, first, last, total } = paging;
    Box::pin(futures_util::stream::try_unfold(Some(first), move |next| {
        let response = next.map(|page| {
            let mut request = request.clone();
            request.query.set(param, &page);
            (page, send(config, request, decode, headers))
        });
        async move {
            let Some((page, response)) = response else { return Ok(None) };
            let response = response.await?;
            let pages = total.and_then(|name| header::<i64>(&response.raw_headers, name).ok().flatten());
            let done = response.body.is_empty() || pages.is_some_and(|pages| page >= pages);
            let next = if done { None } else { page.checked_add(1).filter(|next| *next <= last) };
            Ok(Some((response, next)))
        }
    }))
}

/// Flattens pages into their items.
pub(crate) fn items<'a, T: Send + 'a, H: Send + 'a>(pages: Pages<'a, T, H>) -> Items<'a, T> {
    use futures_util::TryStreamExt;
    Box::pin(pages.map_ok(|page| futures_util::stream::iter(page.body.into_iter().map(Ok))).try_flatten())
}

/// A response whose status is a success, body not yet decoded.
pub(crate) struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    request_id_header: Option<&'static str>,
}

impl Config {
    /// Sends `request`, again while the retry policy allows; a success status
    /// yields the raw response, any other an [`Error::Status`].
    pub(crate) async fn send(&self, request: Request) -> Result<Raw, Error> {
        let span = tracing::info_span!(
            "http_request",
            method = %request.method,
            path = request.path_template,
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        self.send_with_retries(request).instrument(span).await
    }

    async fn send_with_retries(&self, request: Request) -> Result<Raw, Error> {
        let policy = request.options.retry.as_ref().unwrap_or(&self.retry);
        let span = tracing::Span::current();
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            span.record("attempt", attempt);
            let outcome = self.attempt(&request).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let delay = match outcome {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    let delay = match self.is_retried(response.status()) {
                        true => policy.delay(attempt, &request.method, self.wait_hint(response.status(), response.headers())),
                        false => None,
                    };
                    match delay {
                        Some(delay) => delay,
                        None => return self.finish(read_response(response, &request, self).await),
                    }
                }
                Err(error) => {
                    let retryable = matches!(&error, Error::Transport { source, .. } if source.is_connect() || source.is_timeout());
                    match policy.delay(attempt, &request.method, None).filter(|_| retryable) {
                        Some(delay) => delay,
                        None => return Err(error),
                    }
                }
            };
            tracing::info!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    fn is_retried(&self, status: StatusCode) -> bool {
        let code = status.as_u16();
        RETRIED_STATUSES.contains(&code) || self.api.rate_limit_statuses.contains(&code)
    }

    /// The wait the server asks for: `Retry-After`, or, for a rate limit
    /// (429 or a status the spec names), the API's reset header.
    fn wait_hint(&self, status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
        let rate_limited = status == StatusCode::TOO_MANY_REQUESTS || self.api.rate_limit_statuses.contains(&status.as_u16());
        let wait = |name: &str| wait_until(headers.get(name)?.to_str().ok()?, SystemTime::now());
        wait("retry-after").or_else(|| self.api.reset_header.filter(|_| rate_limited).and_then(wait))
    }

    /// Sends one attempt; the body is read in full.
    async fn attempt(&self, request: &Request) -> Result<reqwest::Response, Error> {
        let mut http_request = self.build(request)?;
        if let Some(hook) = &self.hook {
            hook(&mut http_request);
        }
        self.http.execute(http_request).await.map_err(|e| transport(request, e))
    }

    fn build(&self, request: &Request) -> Result<reqwest::Request, Error> {
        let Request { method, query, headers, body, accept, security, options, .. } = request;
        let credentials = self.credentials_for(security);
        let mut url = format!("{}{}", self.base_url, request.encoded_path());
        query.write(&mut url);
        let mut separator = if query.0.is_empty() { '?' } else { '&' };
        for credential in credentials.clone() {
            if let Authorization::Query(name, Secret(key)) = credential {
                url.push(separator);
                url.extend(utf8_percent_encode(name, COMPONENT));
                url.push('=');
                url.extend(utf8_percent_encode(key, COMPONENT));
                separator = '&';
            }
        }
        let mut builder = self.http.request(method.clone(), url.as_str());
        builder = builder.header(USER_AGENT, self.user_agent.clone());
        if let Some(timeout) = options.timeout.or(self.timeout) {
            builder = builder.timeout(timeout);
        }
        if let Some(accept) = accept {
            builder = builder.header(ACCEPT, *accept);
        }
        let invalid = |what: String| Error::InvalidRequest { message: format!("{what} is not a valid header value") };
        for (name, value) in headers {
            let value = HeaderValue::from_str(value)
                .map_err(|_| invalid(format!("the value of header parameter `{name}`")))?;
            builder = builder.header(*name, value);
        }
        for credential in credentials {
            builder = match credential {
                Authorization::Header(name, value) => builder.header(name.clone(), value.clone()),
                Authorization::Query(..) => builder,
                Authorization::Invalid(message) => return Err(Error::InvalidRequest { message: message.clone() }),
            };
        }
        for (name, value) in &options.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest { message: format!("`{name}` is not a valid header name") })?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid(format!("the value of header `{name}`")))?;
            builder = builder.header(header, value);
        }
        match body {
            Some(Body { content_type, bytes }) => {
                builder = builder.header(CONTENT_TYPE, *content_type).body(bytes.clone());
            }
            // Without a body, POST, PUT and PATCH still say so (`Content-Length: 0`):
            // some proxies refuse them otherwise.
            None if matches!(*method, Method::POST | Method::PUT | Method::PATCH) => {
                builder = builder.header(CONTENT_LENGTH, 0).body(Vec::new());
            }
            None => {}
        }
        builder.build().map_err(|e| Error::InvalidRequest { message: format!("the request cannot be built: {}", e.without_url()) })
    }

    fn finish(&self, parts: Result<Raw, Error>) -> Result<Raw, Error> {
        let raw = parts?;
        if raw.status.is_success() {
            Ok(raw)
        } else {
            Err(Error::Status(Box::new(ApiError::new(raw))))
        }
    }

    /// The credentials of the first security alternative whose credentials
    /// are all set. An operation whose alternatives are all unset is sent
    /// without credentials, and the server says what it thinks of that.
    fn credentials_for<'s>(&'s self, security: &[&'static [usize]]) -> impl Iterator<Item = &'s Authorization> + Clone {
        let is_set = |i: &usize| self.credentials[*i].is_some();
        let alternative = security.iter().find(|a| !a.is_empty() && a.iter().all(is_set)).copied().unwrap_or_default();
        alternative.iter().filter_map(|&i| self.credentials[i].as_ref())
    }

}

/// The request id in `headers`: the header the spec names, else a common one.
fn find_request_id<'h>(headers: &'h HeaderMap, named: Option<&'static str>) -> Option<&'h str> {
    named.into_iter().chain(REQUEST_ID_HEADERS.iter().copied()).find_map(|name| headers.get(name)?.to_str().ok())
}

fn transport(request: &Request, source: reqwest::Error) -> Error {
    Error::Transport { method: request.method.clone(), path: request.path_template, source: source.without_url() }
}

/// Reads the whole body of a response, up to the client's size limit.
async fn read_response(mut response: reqwest::Response, request: &Request, config: &Config) -> Result<Raw, Error> {
    let status = response.status();
    let limit = config.max_response_size;
    let too_large = || Error::ResponseTooLarge { status, limit };
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let headers = std::mem::take(response.headers_mut());
    let request_id_header = config.api.request_id_header;
    // The declared length (already within the limit) sizes the buffer once.
    let mut body = Vec::with_capacity(response.content_length().map_or(0, |length| length as usize));
    while let Some(chunk) = response.chunk().await.map_err(|e| transport(request, e))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Raw { status, headers, body, request_id_header })
}

impl Raw {
    fn decode_error(self, message: String) -> Error {
        Error::Decode { response: Box::new(ApiError::new(self)), message }
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response { status: self.status, raw_headers: self.headers, headers: (), body, raw_body: self.body, request_id_header: self.request_id_header }
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
    pub(crate) fn bytes(self) -> Result<Response<Vec<u8>>, Error> {
        let body = self.body.clone();
        Ok(self.into_response(body))
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
    parse_header(name, value).map(Some)
}

fn parse_header<T: std::str::FromStr>(name: &'static str, value: &HeaderValue) -> Result<T, HeaderError> {
    let text = value.to_str().ok();
    text.and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| HeaderError { name, value: Some(String::from_utf8_lossy(value.as_bytes()).into_owned()) })
}

/// Parses each declared header that is present into the local its name
/// names: an operation's typed headers are a list of locals, then a struct.
pub(crate) fn read_headers(headers: &HeaderMap, locals: &mut [(&'static str, &mut dyn HeaderLocal)]) -> Result<(), HeaderError> {
    for (name, local) in locals {
        if let Some(value) = headers.get(*name) {
            local.parse(name, value)?;
        }
    }
    Ok(())
}

/// A local of an operation's typed headers that one header is parsed into.
pub(crate) trait HeaderLocal {
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
pub(crate) fn required_header<T>(value: Required<T>, name: &'static str) -> Result<T, HeaderError> {
    value.0.ok_or(HeaderError { name, value: None })
}

/// A field that tells three states apart: left out, `null`, or a value.
///
/// Types sent in requests use it for their optional, nullable fields, so that
/// a request can leave a field as it is ([`Nullable::Absent`], not sent),
/// clear it ([`Nullable::Null`], sent as `null`), or set it. A value converts
/// into it with `.into()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Left out: not sent, or not received.
    #[default]
    Absent,
    /// `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// True when left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// True when `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, when there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, when there is one; absent and `null` both become `None`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Applies `f` to the value, keeping absent and `null` as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Fields skip absent values; anywhere else absent is written as `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    /// A field that is present is `null` or a value; an absent one is
    /// [`Nullable::Absent`] through `#[serde(default)]`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

/// A property name while a model is decoded: borrowed from the input where
/// it can be. The models' `Deserialize` impls match it against their wire
/// names; unknown properties are skipped.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(key)))
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A model's fields as its `Serialize` impl hands them over: each wire name
/// with its field, skipped when it is an absent optional one. The values
/// are type-erased, so this function is the only code generic over the
/// serializer and every model's own impl is a list.
pub(crate) fn serialize_struct<S: serde::Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[(&'static str, &dyn Property)],
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let present = fields.iter().filter(|(_, field)| field.value().is_some()).count();
    let mut state = serializer.serialize_struct(name, present)?;
    for &(key, field) in fields {
        match field.value() {
            Some(value) => state.serialize_field(key, value)?,
            None => state.skip_field(key)?,
        }
    }
    state.end()
}

/// A field of a model as it is written: its value, or `None` to skip it.
pub(crate) trait Property {
    fn value(&self) -> Option<&dyn erased_serde::Serialize>;
}

/// An optional field: written when it is set.
impl<T: serde::Serialize> Property for Option<T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        self.as_ref().map(|value| value as &dyn erased_serde::Serialize)
    }
}

/// A three-state field: written as a value or `null` unless it is absent.
impl<T: serde::Serialize> Property for Nullable<T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        (!self.is_absent()).then_some(self as &dyn erased_serde::Serialize)
    }
}

/// A field that is always written (a required one, `null` when it is an empty `Option`).
pub(crate) struct Present<'a, T>(pub(crate) &'a T);

impl<T: serde::Serialize> Property for Present<'_, T> {
    fn value(&self) -> Option<&dyn erased_serde::Serialize> {
        Some(self.0)
    }
}

/// Decodes a model from a map: `decode` reads the properties through
/// [`Fields`], which erases the deserializer, so that each model's decoding
/// is a plain function, type-checked and compiled once. The map visitor is
/// not generic over the model either (it runs `decode` through a trait
/// object), so that a deserializer (serde_json's, or the erased one of a
/// nested model) instantiates it once rather than once per model; only this
/// thin function is generic. `expecting` ends the message of a value that
/// is not a map ("invalid type: ..., expected struct User").
pub(crate) fn deserialize_struct<'de, D: serde::Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    decode: fn(&mut Fields<'_, 'de>) -> Result<T, Stopped>,
) -> Result<T, D::Error> {
    let mut value = None;
    let mut run = |fields: &mut Fields<'_, 'de>| -> Result<(), Stopped> {
        value = Some(decode(fields)?);
        Ok(())
    };
    deserializer.deserialize_map(StructVisitor { expecting, run: &mut run })?;
    value.ok_or_else(|| serde::de::Error::custom("decoding stopped"))
}

/// The map visitor of every model; see [`deserialize_struct`].
struct StructVisitor<'r, 'de> {
    expecting: &'static str,
    run: &'r mut dyn FnMut(&mut Fields<'_, 'de>) -> Result<(), Stopped>,
}

impl<'de> serde::de::Visitor<'de> for StructVisitor<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut map = ErasedMap { map, error: None, de: PhantomData };
        match (self.run)(&mut Fields(&mut map)) {
            Ok(()) => Ok(()),
            // `Stopped` is only made where the error is kept.
            Err(Stopped) => Err(map.error.unwrap_or_else(|| serde::de::Error::custom("decoding stopped"))),
        }
    }
}

/// The properties of a map being decoded into a model; see [`deserialize_struct`].
pub(crate) struct Fields<'m, 'de>(&'m mut dyn MapSource<'de>);

/// Decoding a model stopped; the deserializer's error is kept by [`Fields`]
/// and returned by [`deserialize_struct`].
pub(crate) struct Stopped;

impl<'de> Fields<'_, 'de> {
    /// Reads every property of the map into the local its wire name names;
    /// skips unknown ones, and fails on a property that comes twice, as
    /// `serde_derive` does.
    pub(crate) fn read(&mut self, locals: &mut [(&'static str, &mut dyn Local)]) -> Result<(), Stopped> {
        let mut seen = vec![false; locals.len()];
        while let Some(key) = self.0.key()? {
            match locals.iter().position(|(name, _)| *name == key.as_str()) {
                Some(i) if seen[i] => return Err(self.0.duplicate(locals[i].0)),
                Some(i) => {
                    seen[i] = true;
                    locals[i].1.read(self)?;
                }
                None => self.0.skip()?,
            }
        }
        Ok(())
    }

    /// The value of the property whose name was just read.
    fn value<T: serde::Deserialize<'de>>(&mut self) -> Result<T, Stopped> {
        let mut value = None;
        self.0.value(&mut |deserializer| {
            value = Some(erased_serde::deserialize::<T>(deserializer)?);
            Ok(())
        })?;
        value.ok_or(Stopped)
    }

    /// The value of a required property once the map is read, or the
    /// deserializer's "missing field" error that names it.
    pub(crate) fn required<T>(&mut self, value: Required<T>, name: &'static str) -> Result<T, Stopped> {
        value.0.ok_or_else(|| self.0.missing(name))
    }
}

/// A local of a model's decoding that one property's value is read into.
/// Models own their data, so a local reads from a map of any lifetime.
pub(crate) trait Local {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped>;
}

/// An optional property: `null` reads as `None`.
impl<T: serde::de::DeserializeOwned> Local for Option<T> {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped> {
        *self = fields.value()?;
        Ok(())
    }
}

/// An optional, nullable property: `null` reads as `Nullable::Null`.
impl<T: serde::de::DeserializeOwned> Local for Nullable<T> {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped> {
        *self = fields.value()?;
        Ok(())
    }
}

/// A required property or header, missing until it is read; `null` is read
/// as the type reads it (an error, unless the type is an `Option`).
pub(crate) struct Required<T>(Option<T>);

impl<T> Required<T> {
    pub(crate) fn missing() -> Self {
        Required(None)
    }
}

impl<T: serde::de::DeserializeOwned> Local for Required<T> {
    fn read<'de>(&mut self, fields: &mut Fields<'_, 'de>) -> Result<(), Stopped> {
        self.0 = Some(fields.value()?);
        Ok(())
    }
}

/// Reads a value from the deserializer it is given.
type Fill<'f, 'de> = &'f mut dyn FnMut(&mut dyn erased_serde::Deserializer<'de>) -> Result<(), erased_serde::Error>;

/// A `MapAccess` behind a trait object, keeping its first error.
trait MapSource<'de> {
    fn key(&mut self) -> Result<Option<Key<'de>>, Stopped>;
    fn value(&mut self, fill: Fill<'_, 'de>) -> Result<(), Stopped>;
    fn skip(&mut self) -> Result<(), Stopped>;
    fn missing(&mut self, name: &'static str) -> Stopped;
    fn duplicate(&mut self, name: &'static str) -> Stopped;
}

struct ErasedMap<'de, A: serde::de::MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    de: PhantomData<&'de ()>,
}

impl<'de, A: serde::de::MapAccess<'de>> ErasedMap<'de, A> {
    fn keep<T>(&mut self, result: Result<T, A::Error>) -> Result<T, Stopped> {
        result.map_err(|error| {
            self.error = Some(error);
            Stopped
        })
    }
}

impl<'de, A: serde::de::MapAccess<'de>> MapSource<'de> for ErasedMap<'de, A> {
    fn key(&mut self) -> Result<Option<Key<'de>>, Stopped> {
        let key = self.map.next_key();
        self.keep(key)
    }

    fn value(&mut self, fill: Fill<'_, 'de>) -> Result<(), Stopped> {
        let value = self.map.next_value_seed(Seed(fill));
        self.keep(value)
    }

    fn skip(&mut self) -> Result<(), Stopped> {
        let value = self.map.next_value::<serde::de::IgnoredAny>();
        self.keep(value.map(drop))
    }

    fn missing(&mut self, name: &'static str) -> Stopped {
        self.error = Some(serde::de::Error::missing_field(name));
        Stopped
    }

    fn duplicate(&mut self, name: &'static str) -> Stopped {
        self.error = Some(serde::de::Error::duplicate_field(name));
        Stopped
    }
}

/// Hands the value's deserializer, erased, to a [`Fill`]. An error inside
/// it comes back through `custom` with its message; `serde_json` reads the
/// position back out of that message.
struct Seed<'f, 'de>(Fill<'f, 'de>);

impl<'de> serde::de::DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut deserializer = <dyn erased_serde::Deserializer>::erase(deserializer);
        (self.0)(&mut deserializer).map_err(serde::de::Error::custom)
    }
}

/// A success response: the decoded body, the typed headers the spec
/// declares, and the status, raw headers, raw body and request id.
///
/// It dereferences to the body, so `response.len()` works on a list.
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    status: StatusCode,
    raw_headers: HeaderMap,
    headers: H,
    body: T,
    raw_body: Vec<u8>,
    request_id_header: Option<&'static str>,
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
    pub(crate) fn with_headers<H>(self, parse: fn(&HeaderMap) -> Result<H, HeaderError>) -> Result<Response<T, H>, Error> {
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
                let raw = Raw { status: self.status, headers: self.raw_headers, body: self.raw_body, request_id_header: self.request_id_header };
                Err(Error::Header { response: Box::new(ApiError::new(raw)), name, value })
            }
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
    status: StatusCode,
    message: String,
    body: String,
    headers: HeaderMap,
    request_id_header: Option<&'static str>,
}

impl ApiError {
    fn new(raw: Raw) -> Self {
        let body = String::from_utf8_lossy(&raw.body).into_owned();
        let message = server_message(&body);
        ApiError { status: raw.status, message, body, headers: raw.headers, request_id_header: raw.request_id_header }
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
        /// The response, its body kept as text.
        response: Box<ApiError>,
        /// Why it could not be decoded.
        message: String,
    },
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_size`]); reading stopped there.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &'static str) -> Request {
        let endpoint = Endpoint { method: Method::GET, path, accept: None, security: &[] };
        Request::new(endpoint, RequestOptions::default())
    }

    #[test]
    fn path_parameters_cannot_change_the_path() {
        let table = [
            ("a/b", "a%2Fb"),
            ("a?b=c", "a%3Fb%3Dc"),
            ("a#b", "a%23b"),
            ("../x", "..%2Fx"),
            ("a b", "a%20b"),
            ("café", "caf%C3%A9"),
            ("%2F", "%252F"),
            ("{q}", "%7Bq%7D"),
            ("a-b.c_d~e", "a-b.c_d~e"),
        ];
        for (value, encoded) in table {
            let mut request = request("/x/{p}/{q}");
            request.path("p", &value);
            request.path("q", &"z");
            assert_eq!(request.encoded_path(), format!("/x/{encoded}/z"), "{value:?}");
            assert!(request.checked().is_ok());
        }
        for value in ["", ".", ".."] {
            let mut request = request("/x/{p}");
            request.path("p", &value);
            assert!(matches!(request.checked(), Err(Error::InvalidRequest { .. })), "{value:?}");
        }
        let mut empty = request("/x/{p}");
        empty.path_list::<i64>("p", &[]);
        assert!(matches!(empty.checked(), Err(Error::InvalidRequest { .. })));
        let mut list = request("/x/{p}");
        list.path_list("p", &["a", "b/c"]);
        assert_eq!(list.encoded_path(), "/x/a,b%2Fc");
        let mut dot = request("/x/{p}");
        dot.path_list("p", &["a", ".."]);
        assert!(matches!(dot.checked(), Err(Error::InvalidRequest { .. })));
    }

    #[test]
    fn query_values_cannot_add_parameters() {
        let mut request = request("/x");
        request.query("filter", Some(&"a&b=c+d #e"));
        request.query::<i64>("unset", None);
        request.query_joined("ids", Some(&vec!["1,2", "3"]), ',');
        request.query_joined("empty", Some(&Vec::<String>::new()), ',');
        request.query_each("tag", Some(&vec!["x y", "z"]));
        request.query.set("ids", &7);
        request.query.set("page", &2);
        let mut url = String::new();
        request.query.write(&mut url);
        assert_eq!(url, "?filter=a%26b%3Dc%2Bd%20%23e&ids=7&tag=x%20y&tag=z&page=2");
    }

    #[test]
    fn retry_waits_grow_and_respect_the_limits() {
        let policy = RetryPolicy::new().base_delay(Duration::from_millis(100)).max_delay(Duration::from_millis(300));
        let get = Method::GET;
        for (attempt, low, high) in [(1, 50, 100), (2, 100, 200), (3, 0, 0)] {
            let delay = policy.delay(attempt, &get, None).map(|d| d.as_millis() as u64);
            if low == 0 {
                assert_eq!(delay, None, "no attempt after the third");
            } else {
                let delay = delay.expect("a retry");
                assert!((low..=high).contains(&delay), "attempt {attempt}: {delay} ms");
            }
        }
        let long = RetryPolicy::new().max_attempts(10).base_delay(Duration::from_secs(1)).max_delay(Duration::from_secs(2));
        assert!(long.delay(8, &get, None).is_some_and(|d| d <= Duration::from_secs(2)));
        assert_eq!(policy.delay(1, &get, Some(Duration::from_millis(250))), Some(Duration::from_millis(250)));
        assert_eq!(policy.delay(1, &get, Some(Duration::from_secs(60))), None, "a wait beyond the limit is not made");
        assert_eq!(policy.delay(1, &Method::POST, None), None, "POST is not retried by default");
        assert!(policy.clone().retry_non_idempotent(true).delay(1, &Method::POST, None).is_some());
    }

    #[test]
    fn server_messages_are_read_from_every_common_shape() {
        assert_eq!(server_message("\"Missing or invalid workspace_id\""), "Missing or invalid workspace_id");
        assert_eq!(server_message("[\"a\", \"b\"]"), "a; b");
        assert_eq!(server_message("{\"message\": \"m\", \"code\": 1}"), "m");
        assert_eq!(server_message("{\"error\": \"e\"}"), "e");
        assert_eq!(server_message("  plain text\n"), "plain text");
        assert_eq!(server_message("{\"other\": 1}"), "{\"other\": 1}");
    }
}
