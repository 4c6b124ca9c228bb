//! Helpers shared by the end-to-end tests: clients pointed at a loopback
//! `wiremock` server, the one request that server received, and assertions on
//! that request as it came over the wire.

use wiremock::{MockServer, Request};

/// The API token every test client uses.
pub const TOKEN: &str = "tok";

/// `Authorization` for [`TOKEN`]: `Basic base64("tok:api_token")`, written out
/// by hand so that it checks [`basic`] as well as the client.
pub const TOKEN_AUTHORIZATION: &str = "Basic dG9rOmFwaV90b2tlbg==";

/// A v9 client that sends to `server` and authenticates with [`TOKEN`].
pub fn v9_client(server: &MockServer) -> toggl_client::v9::Client {
    toggl_client::v9::Client::builder()
        .base_url(format!("{}/api/v9", server.uri()))
        .api_token(TOKEN)
        .build()
        .expect("the v9 client builds")
}

/// A v8 client that sends to `server` and authenticates with [`TOKEN`].
pub fn v8_client(server: &MockServer) -> toggl_client::v8::Client {
    toggl_client::v8::Client::builder()
        .base_url(format!("{}/api/v8", server.uri()))
        .api_token(TOKEN)
        .build()
        .expect("the v8 client builds")
}

/// Every request `server` received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on by default")
}

/// The one request `server` received; fails when it received none or several.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = requests(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    requests.remove(0)
}

/// The value of header `name` as text, if the request has it.
pub fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().expect("header value is ASCII"))
}

/// Method, path (as sent, still percent-encoded) and raw query string
/// (`None`: no `?` at all).
pub fn assert_target(request: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(request.method.as_str(), method, "method of {}", request.url);
    assert_eq!(request.url.path(), path, "path of {}", request.url);
    assert_eq!(request.url.query(), query, "raw query string of {}", request.url);
}

/// `Authorization: Basic base64("tok:api_token")`.
pub fn assert_token_auth(request: &Request) {
    assert_eq!(basic(TOKEN, "api_token"), TOKEN_AUTHORIZATION, "the test's own base64 encoder");
    assert_eq!(header(request, "authorization"), Some(TOKEN_AUTHORIZATION), "Authorization header");
}

/// `Accept`: the media type the spec declares for the success response, or,
/// for `None` (no success body), nothing more specific than reqwest's default `*/*`.
pub fn assert_accept(request: &Request, expected: Option<&str>) {
    let accept = header(request, "accept");
    match expected {
        Some(media_type) => assert_eq!(accept, Some(media_type), "Accept header"),
        None => assert!(matches!(accept, None | Some("*/*")), "Accept header: expected none or */*, got {accept:?}"),
    }
}

/// `Content-Type: application/json` and exactly this JSON body.
pub fn assert_json_body(request: &Request, expected: serde_json::Value) {
    assert_eq!(header(request, "content-type"), Some("application/json"), "Content-Type header");
    let body: serde_json::Value = serde_json::from_slice(&request.body)
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", String::from_utf8_lossy(&request.body)));
    assert_eq!(body, expected, "request body");
}

/// No `Content-Type` and an empty body.
pub fn assert_no_body(request: &Request) {
    assert_eq!(header(request, "content-type"), None, "Content-Type header of a request without body");
    assert!(request.body.is_empty(), "expected an empty body, got {:?}", String::from_utf8_lossy(&request.body));
}

/// `Basic base64("user:password")`, as RFC 7617 builds it.
pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", base64(format!("{user}:{password}").as_bytes()))
}

/// Standard base64 (RFC 4648 section 4) with `=` padding.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let bytes = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
