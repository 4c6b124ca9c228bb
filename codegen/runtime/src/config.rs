//! Client configuration: credentials and how each security scheme sends
//! them, the retry policy, per-request options, and the client builder.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};
use reqwest::Method;

use super::Error;

const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A credential that never shows in `Debug` output or error messages.
#[derive(Clone)]
#[doc(hidden)]
pub struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

/// Stands for a value that `Debug` output must not show, such as a header
/// parameter of a request builder.
#[doc(hidden)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Credentials for one security scheme.
#[derive(Clone, Debug)]
#[doc(hidden)]
pub enum Credential {
    /// HTTP basic: user name and password.
    Basic { username: Secret, password: Secret },
    /// A token or key sent as the scheme says (bearer header, API key header or query).
    Token(Secret),
}

impl Credential {
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic { username: Secret(username.into()), password: Secret(password.into()) }
    }

    pub fn token(token: impl Into<String>) -> Self {
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
                    Authorization::Invalid(format!(
                        "the credential for the `{name}` cookie is not a valid cookie value"
                    ))
                }
            }
        }
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Authorization::Header(name, _) => {
                f.debug_tuple("Header").field(name).field(&Secret(String::new())).finish()
            }
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
#[doc(hidden)]
pub enum Scheme {
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
#[doc(hidden)]
pub struct ApiInfo {
    /// The security schemes, in the order operations refer to them.
    pub schemes: &'static [Scheme],
    /// Statuses, besides [`RETRIED_STATUSES`], that mean "retry later".
    pub rate_limit_statuses: &'static [u16],
    /// A header giving the seconds until a rate limit resets (lower case).
    pub reset_header: Option<&'static str>,
    /// The header that identifies a request (lower case).
    pub request_id_header: Option<&'static str>,
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
/// [`RetryPolicy::retry_non_idempotent`] says otherwise, and a request
/// that uploads a stream (`File::stream`) never is:
/// a stream is read once.
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
    pub(crate) fn delay(&self, attempt: u32, method: &Method, hint: Option<Duration>) -> Option<Duration> {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
        );
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
#[doc(hidden)]
pub struct RequestOptions {
    pub timeout: Option<Duration>,
    pub headers: Vec<(String, String)>,
    pub retry: Option<RetryPolicy>,
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
    pub(crate) base_url: String,
    /// The base URL was set on the builder: it serves every operation.
    pub(crate) base_url_set: bool,
    pub(crate) http: reqwest::Client,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) hook: Option<RequestHook>,
    pub(crate) max_response_size: usize,
    pub(crate) api: &'static ApiInfo,
    /// By scheme, in the order of [`ApiInfo::schemes`].
    pub(crate) credentials: Vec<Option<Authorization>>,
}

impl Config {
    /// The URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
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
    base_url_set: bool,
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
    #[doc(hidden)]
    pub fn new(base_url: &str, api: &'static ApiInfo) -> Self {
        Self {
            base_url: base_url.to_owned(),
            base_url_set: false,
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

    /// Sends requests to `url` instead of the spec's server (a test server, a
    /// proxy): every request, those of operations for which the spec names
    /// a server of their own too.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self.base_url_set = true;
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

    #[doc(hidden)]
    pub fn credential(mut self, scheme: usize, credential: Credential) -> Self {
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
                    message: format!(
                        "base URL `{base_url}` is not an absolute http(s) URL; set one with `.base_url(...)`"
                    ),
                })
            }
        }
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| Error::InvalidRequest {
            message: String::from("the user agent is not a valid header value"),
        })?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
                .build()
                .map_err(|e| Error::InvalidRequest { message: format!("the HTTP client cannot be built: {e}") })?,
        };
        Ok(C::from(Config {
            base_url,
            base_url_set: self.base_url_set,
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
    let origin =
        |url: &reqwest::Url| (url.scheme().to_owned(), url.host_str().map(str::to_owned), url.port_or_known_default());
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let long =
            RetryPolicy::new().max_attempts(10).base_delay(Duration::from_secs(1)).max_delay(Duration::from_secs(2));
        assert!(long.delay(8, &get, None).is_some_and(|d| d <= Duration::from_secs(2)));
        assert_eq!(policy.delay(1, &get, Some(Duration::from_millis(250))), Some(Duration::from_millis(250)));
        assert_eq!(policy.delay(1, &get, Some(Duration::from_secs(60))), None, "a wait beyond the limit is not made");
        assert_eq!(policy.delay(1, &Method::POST, None), None, "POST is not retried by default");
        assert!(policy.clone().retry_non_idempotent(true).delay(1, &Method::POST, None).is_some());
    }
}
