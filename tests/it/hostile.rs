//! Servers that misbehave: every case ends in a typed error the caller can
//! match on (or, where the answer is still usable, in its value), never in a
//! panic. A raw TCP responder on 127.0.0.1 sends what no real server should.

use std::time::Duration;

use toggl_client::{v9, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::TOKEN;

/// Serves `response`, byte for byte, to every connection on 127.0.0.1, then
/// closes it; with `silent`, reads the request and never answers. Returns the
/// v9 base URL.
async fn raw_server(response: &[u8], silent: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v9", listener.local_addr().unwrap());
    let response = response.to_vec();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut request = vec![0; 16 * 1024];
                let _ = socket.read(&mut request).await;
                if silent {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    return;
                }
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    base
}

fn client(base: &str) -> v9::Client {
    v9::Client::builder()
        .base_url(base)
        .api_token(TOKEN)
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn decode_message(error: &Error) -> &str {
    match error {
        Error::Decode { message, .. } => message,
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"id\":1",
        false,
    )
    .await;

    let error = client(&base).get_workspace_users(1).send().await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let base = raw_server(b"", true).await;
    let client = v9::Client::builder().base_url(base).retry(RetryPolicy::disabled()).build().unwrap();

    let error = client.get_workspace_users(1).timeout(Duration::from_millis(100)).send().await.unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_error() {
    let base = raw_server(b"SMTP ready\r\n\r\n", false).await;

    let error = client(&base).get_workspace_users(1).send().await.unwrap_err();

    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

#[tokio::test]
async fn invalid_utf8_text_is_a_decode_error() {
    let base =
        raw_server(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nO\xffK\xfe", false).await;

    let error = client(&base).delete_organization_users_leave(42).send().await.unwrap_err();

    assert!(decode_message(&error).contains("UTF-8"), "{error}");
    assert_eq!(error.response().unwrap().body(), "O\u{fffd}K\u{fffd}", "the body is kept, lossily");
}

#[tokio::test]
async fn a_header_that_is_not_text_is_a_header_error() {
    let base = raw_server(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pages: \xff\xfe\r\nContent-Length: 2\r\n\r\n[]",
        false,
    )
    .await;

    let error = client(&base).get_organization_users(42).send().await.unwrap_err();

    assert!(matches!(&error, Error::Header { name: "x-pages", .. }), "{error:?}");
}

#[tokio::test]
async fn bodies_beyond_the_limit_are_not_read() {
    let server = MockServer::start().await;
    let big = format!("[{}]", vec!["{\"id\":1}"; 500].join(","));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let limited = |base: String| v9::Client::builder().base_url(base).max_response_size(1024).build().unwrap();

    let error = limited(format!("{}/api/v9", server.uri())).get_workspace_users(1).send().await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 1024, .. }), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));

    // Without a Content-Length the limit holds while reading.
    let mut chunked =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..8 {
        chunked.extend_from_slice(format!("200\r\n{}\r\n", " ".repeat(0x200)).as_bytes());
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let error = limited(raw_server(&chunked, false).await).get_workspace_users(1).send().await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn json_where_text_is_declared_is_delivered_as_text() {
    let base =
        raw_server(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"a\":1}\n", false)
            .await;

    let response = client(&base).delete_organization_users_leave(42).send().await.unwrap();

    assert_eq!(response.body(), "{\"a\":1}\n");
}

#[tokio::test]
async fn text_or_nothing_where_json_is_declared_is_a_decode_error() {
    for body in [&b"OK"[..], b"", b"<html>Bad Gateway</html>"] {
        let mut response =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n", body.len())
                .into_bytes();
        response.extend_from_slice(body);
        let base = raw_server(&response, false).await;

        let error = client(&base).get_workspace_users(1).send().await.unwrap_err();

        assert!(!decode_message(&error).is_empty());
        assert_eq!(error.response().unwrap().body().as_bytes(), body);
    }
}

#[tokio::test]
async fn an_html_error_page_is_a_status_error_with_its_text() {
    let page = b"<html><body>502 Bad Gateway</body></html>";
    let mut response = format!(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n",
        page.len()
    )
    .into_bytes();
    response.extend_from_slice(page);
    let base = raw_server(&response, false).await;

    let error = client(&base).get_workspace_users(1).send().await.unwrap_err();

    let Error::Status(e) = &error else { panic!("expected Error::Status, got {error:?}") };
    assert_eq!((e.status().as_u16(), e.message()), (500, "<html><body>502 Bad Gateway</body></html>"));
}
