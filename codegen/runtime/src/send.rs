//! Sending: one attempt after another as the retry policy allows, each
//! with the client's headers and credentials, and the whole response read
//! within the client's size limit.

use std::time::{Duration, Instant, SystemTime};

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use super::config::{Authorization, Secret};
use super::request::{Body, COMPONENT};
use super::{ApiError, Config, Error, HeaderError, Raw, Request, Response};

/// Statuses that are retried for every API: too many requests, and the
/// gateway errors that say the server is momentarily unreachable.
const RETRIED_STATUSES: &[u16] = &[429, 502, 503, 504];

/// The wait a `Retry-After` value asks for, as RFC 9110 writes it: seconds,
/// or an HTTP date (in any of its three formats), which is counted from
/// `now`, a date past being no wait. A day at most; `None` for anything else.
pub(crate) fn wait_until(value: &str, now: SystemTime) -> Option<Duration> {
    const DAY: Duration = Duration::from_secs(86_400);
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0)
            .then(|| Duration::from_secs_f64(seconds.min(DAY.as_secs_f64())));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO).min(DAY))
}

/// The future of a request being sent: `.await` it for the response.
pub type Sending<'a, T, H> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response<T, H>, Error>> + Send + 'a>>;

/// Sends an encoded request and decodes its answer: the one async function
/// every operation calls, so that no operation has an async body of its own.
#[doc(hidden)]
pub fn send<'a, T: Send + 'a, H: Send + 'a>(
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
#[doc(hidden)]
pub fn no_headers(_: &HeaderMap) -> Result<(), HeaderError> {
    Ok(())
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
        // A stream is read once: a request that sends one is not retried.
        let replayable = request.body.as_ref().is_none_or(|body| body.payload.is_replayable());
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
                    let delay = match replayable && self.is_retried(response.status()) {
                        true => policy.delay(
                            attempt,
                            &request.method,
                            self.wait_hint(response.status(), response.headers()),
                        ),
                        false => None,
                    };
                    match delay {
                        Some(delay) => delay,
                        None => return finish(read_response(response, &request, self).await, &request),
                    }
                }
                Err(error) => {
                    let retryable =
                        matches!(&error, Error::Transport { source, .. } if source.is_connect() || source.is_timeout());
                    match policy.delay(attempt, &request.method, None).filter(|_| retryable && replayable) {
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
        let rate_limited =
            status == StatusCode::TOO_MANY_REQUESTS || self.api.rate_limit_statuses.contains(&status.as_u16());
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
        let base = match request.server {
            Some(server) if !self.base_url_set => server,
            _ => &self.base_url,
        };
        let mut url = format!("{base}{}", request.encoded_path());
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
            let value =
                HeaderValue::from_str(value).map_err(|_| invalid(format!("the value of header parameter `{name}`")))?;
            builder = builder.header(*name, value);
        }
        // One `Cookie` header: the cookie parameters, then a cookie credential.
        let mut cookies: Vec<String> = request.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
        for credential in credentials {
            builder = match credential {
                Authorization::Header(name, value) if *name == COOKIE => {
                    let value = value.to_str().map_err(|_| invalid(String::from("a cookie credential")))?;
                    cookies.push(value.to_owned());
                    builder
                }
                Authorization::Header(name, value) => builder.header(name.clone(), value.clone()),
                Authorization::Query(..) => builder,
                Authorization::Invalid(message) => return Err(Error::InvalidRequest { message: message.clone() }),
            };
        }
        if !cookies.is_empty() {
            let mut value =
                HeaderValue::from_str(&cookies.join("; ")).map_err(|_| invalid(String::from("a cookie")))?;
            value.set_sensitive(true);
            builder = builder.header(COOKIE, value);
        }
        for (name, value) in &options.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest { message: format!("`{name}` is not a valid header name") })?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid(format!("the value of header `{name}`")))?;
            builder = builder.header(header, value);
        }
        match body {
            Some(Body { content_type, payload }) => {
                let payload = payload.take().map_err(|message| Error::InvalidRequest { message })?;
                builder = builder.header(CONTENT_TYPE, content_type.as_ref()).body(payload);
            }
            // Without a body, POST, PUT and PATCH still say so (`Content-Length: 0`):
            // some proxies refuse them otherwise.
            None if matches!(*method, Method::POST | Method::PUT | Method::PATCH) => {
                builder = builder.header(CONTENT_LENGTH, 0).body(Vec::new());
            }
            None => {}
        }
        builder
            .build()
            .map_err(|e| Error::InvalidRequest { message: format!("the request cannot be built: {}", e.without_url()) })
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

/// A success as it is; any other status an [`Error::Status`], its body
/// decoded into the operation's error type for it when it declares one.
fn finish(parts: Result<Raw, Error>, request: &Request) -> Result<Raw, Error> {
    let raw = parts?;
    if raw.status.is_success() {
        return Ok(raw);
    }
    let typed = request.error_body.and_then(|decode| decode(&raw));
    let mut error = ApiError::new(raw);
    error.typed = typed;
    Err(Error::Status(Box::new(error)))
}
