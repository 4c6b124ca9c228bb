//! Retries, per-request options, the request hook, request ids, tracing, and
//! secrets, against a loopback server. Waits are milliseconds: no test sleeps
//! for seconds.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use toggl_client::v9::types::UserPatchParams;
use toggl_client::{v9, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, requests, TOKEN, TOKEN_AUTHORIZATION};

const USERS: &str = "/api/v9/workspaces/1001/users";

/// Retries quickly: 1 ms doubling to at most 20 ms.
fn fast() -> RetryPolicy {
    RetryPolicy::new().base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(20))
}

fn client(server: &MockServer, policy: RetryPolicy) -> v9::Client {
    v9::Client::builder().base_url(format!("{}/api/v9", server.uri())).api_token(TOKEN).retry(policy).build().unwrap()
}

/// `http_method` on `route` answers `failure` `times` times (at least once), then 200 with `[]`.
async fn failing(server: &MockServer, http_method: &str, route: &str, failure: ResponseTemplate, times: u64) {
    Mock::given(method(http_method)).and(path(route)).respond_with(failure).up_to_n_times(times).mount(server).await;
    let ok = ResponseTemplate::new(200).set_body_raw("[]", "application/json");
    Mock::given(method(http_method)).and(path(route)).respond_with(ok).mount(server).await;
}

#[tokio::test]
async fn transient_failures_are_retried_until_success() {
    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(503), 2).await;

    let response = client(&server, fast()).get_workspace_users(1001).send().await.expect("the third attempt succeeds");

    assert!(response.body().is_empty());
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter().all(|r| header(r, "authorization") == Some(TOKEN_AUTHORIZATION)),
        "every attempt authenticates"
    );
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(502), 10).await;

    let error = client(&server, fast().max_attempts(2)).get_workspace_users(1001).send().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(400), 10).await;

    let error = client(&server, fast()).get_workspace_users(1001).send().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn non_idempotent_requests_are_retried_only_when_asked() {
    let route = "/api/v9/organizations/42/users";
    let body = || UserPatchParams::new().with_delete(vec![1]);

    let server = MockServer::start().await;
    failing(&server, "PATCH", route, ResponseTemplate::new(503), 2).await;
    let error = client(&server, fast()).patch_organization_users(42, body()).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "PATCH is not retried by default");

    let server = MockServer::start().await;
    failing(&server, "PATCH", route, ResponseTemplate::new(503), 2).await;
    let per_request = fast().retry_non_idempotent(true);
    client(&server, fast()).patch_organization_users(42, body()).retry(per_request).send().await.unwrap();
    assert_eq!(requests(&server).await.len(), 3, "the per-request policy opts in");
}

#[tokio::test]
async fn a_spent_quota_is_retried_after_the_reset_the_api_names() {
    let server = MockServer::start().await;
    let quota = ResponseTemplate::new(402).insert_header("X-Toggl-Quota-Resets-In", "0.05");
    failing(&server, "GET", USERS, quota, 1).await;
    // Without the header the wait would be about 1 ms.
    let policy = fast().max_delay(Duration::from_secs(5));

    let started = Instant::now();
    client(&server, policy).get_workspace_users(1001).send().await.expect("the retry after the reset succeeds");

    assert!(started.elapsed() >= Duration::from_millis(50), "waited {:?}", started.elapsed());
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_reset_beyond_the_longest_wait_is_not_waited_for() {
    let server = MockServer::start().await;
    let quota = ResponseTemplate::new(402).insert_header("X-Toggl-Quota-Resets-In", "3600");
    failing(&server, "GET", USERS, quota, 1).await;

    let started = Instant::now();
    let error = client(&server, fast()).get_workspace_users(1001).send().await.unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(5));
    let response = error.response().expect("the 402 is returned");
    assert_eq!(response.status(), 402);
    assert_eq!(response.headers()["x-toggl-quota-resets-in"], "3600", "the caller sees when to come back");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(429).insert_header("Retry-After", "0"), 1).await;

    client(&server, fast()).get_workspace_users(1001).send().await.expect("retried after 0 s");

    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_may_be_an_http_date() {
    // A date past asks for no wait: retried at once.
    let server = MockServer::start().await;
    let past = ResponseTemplate::new(503).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");
    failing(&server, "GET", USERS, past, 1).await;
    client(&server, fast()).get_workspace_users(1001).send().await.expect("retried at once");
    assert_eq!(requests(&server).await.len(), 2);

    // A date beyond the longest wait is not waited for: the 503 is returned.
    let server = MockServer::start().await;
    let later = ResponseTemplate::new(503).insert_header("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT");
    failing(&server, "GET", USERS, later, 1).await;
    let error = client(&server, fast()).get_workspace_users(1001).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off_per_client_and_per_request() {
    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(503), 10).await;
    client(&server, RetryPolicy::disabled()).get_workspace_users(1001).send().await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);

    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(503), 10).await;
    client(&server, fast()).get_workspace_users(1001).retry(RetryPolicy::disabled()).send().await.unwrap_err();
    assert_eq!(requests(&server).await.len(), 1);
}

/// A subscriber that writes formatted spans and events into a buffer.
fn capture_logs() -> (Arc<Mutex<Vec<u8>>>, impl tracing::Subscriber + Send + Sync) {
    #[derive(Clone)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let writer = Buffer(buffer.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    (buffer, subscriber)
}

#[tokio::test(flavor = "current_thread")]
async fn connection_failures_are_retried_and_traced_without_secrets() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = v9::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}/api/v9"))
        .basic_auth("user@example.com", "hunter2-secret")
        .retry(fast())
        .build()
        .unwrap();
    let (logs, subscriber) = capture_logs();
    let _guard = tracing::subscriber::set_default(subscriber);

    let error = client.get_workspace_users(1001).send().await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("retrying").count(), 2, "two retries after the first attempt:\n{logs}");
    assert!(logs.contains("http_request{method=GET path=\"/workspaces/{workspace_id}/users\""), "{logs}");
    assert!(logs.contains("attempt=3"), "{logs}");
    for text in [format!("{error}"), format!("{error:?}"), format!("{client:?}"), logs] {
        assert!(!text.contains("hunter2-secret") && !text.contains("user@example.com"), "a secret leaked: {text}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn spans_record_status_and_duration() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_raw("[]", "application/json");
    Mock::given(method("GET")).and(path(USERS)).respond_with(ok).mount(&server).await;
    let (logs, subscriber) = capture_logs();
    let _guard = tracing::subscriber::set_default(subscriber);

    client(&server, fast()).get_workspace_users(1001).send().await.unwrap();

    let logs = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("status=200") && logs.contains("attempt=1") && logs.contains("duration_ms="), "{logs}");
    assert!(!logs.contains(TOKEN_AUTHORIZATION) && !logs.contains("dG9r"), "{logs}");
}

#[tokio::test]
async fn per_request_timeout_and_headers() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200).set_body_raw("[]", "application/json").set_delay(Duration::from_millis(500));
    Mock::given(method("GET")).and(path(USERS)).respond_with(slow).mount(&server).await;
    let client = client(&server, RetryPolicy::disabled());

    let error = client.get_workspace_users(1001).timeout(Duration::from_millis(50)).send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    client.get_workspace_users(1001).header("X-Extra", "yes").send().await.unwrap();
    let last = requests(&server).await.pop().unwrap();
    assert_eq!(header(&last, "x-extra"), Some("yes"));

    let before = requests(&server).await.len();
    for (name, value) in [("X-Bad\n", "x"), ("X-Ok", "injected\r\nX-Admin: true")] {
        let error = client.get_workspace_users(1001).header(name, value).send().await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    }
    assert_eq!(requests(&server).await.len(), before, "nothing was sent");
}

#[tokio::test]
async fn the_request_hook_sees_every_attempt() {
    let server = MockServer::start().await;
    failing(&server, "GET", USERS, ResponseTemplate::new(503), 1).await;
    let client = v9::Client::builder()
        .base_url(format!("{}/api/v9", server.uri()))
        .retry(fast())
        .request_hook(|request| {
            request.headers_mut().insert("x-signature", "signed".parse().unwrap());
        })
        .build()
        .unwrap();

    client.get_workspace_users(1001).send().await.unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| header(r, "x-signature") == Some("signed")));
}

#[tokio::test]
async fn responses_and_errors_carry_the_request_id() {
    let server = MockServer::start().await;
    let ok =
        ResponseTemplate::new(200).set_body_raw("[]", "application/json").insert_header("X-Toggl-Request-Id", "req-1");
    Mock::given(method("GET")).and(path(USERS)).respond_with(ok).up_to_n_times(1).mount(&server).await;
    let denied =
        ResponseTemplate::new(403).set_body_raw("\"no\"", "application/json").insert_header("X-Request-Id", "req-2");
    Mock::given(method("GET")).and(path(USERS)).respond_with(denied).mount(&server).await;
    let client = client(&server, fast());

    let response = client.get_workspace_users(1001).send().await.unwrap();
    assert_eq!(response.request_id(), Some("req-1"));
    assert_eq!(response.raw_body(), b"[]");

    let error = client.get_workspace_users(1001).send().await.unwrap_err();
    let response = error.response().unwrap();
    assert_eq!((response.status().as_u16(), response.request_id(), response.message()), (403, Some("req-2"), "no"));
}
