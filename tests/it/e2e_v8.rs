//! The v8 client end to end: each operation against a loopback server, checked
//! on the request as received and on the decoding of v8's responses (single
//! objects wrapped in `{"data": ...}`, null fields left out); then v8's error
//! bodies.

use serde_json::json;
use toggl_client::v8::types::{InviteRequest, WorkspaceUserUpdate, WorkspaceUserUpdateRequest};
use toggl_client::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    assert_accept, assert_json_body, assert_no_body, assert_target, assert_token_auth, single_request, v8_client,
};

const WORKSPACE: i64 = 777;

/// Serves `response` to one `method` request on `path`.
async fn serve(server: &MockServer, http_method: &str, request_path: &str, response: ResponseTemplate) {
    Mock::given(method(http_method)).and(path(request_path)).respond_with(response).expect(1).mount(server).await;
}

/// A 200 with this JSON text as body.
fn json_text(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8")
}

#[tokio::test]
async fn v8_post_workspace_invite() {
    let server = MockServer::start().await;
    let route = "/api/v8/workspaces/777/invite";
    // v8 leaves out null fields; `group_ids` is not in the spec and must be ignored.
    let body = r#"{
      "data": [
        {"id": 2346, "uid": 1235, "wid": 777, "admin": false, "active": false,
         "email": "john.doe@example.com", "at": "2013-05-17T16:50:36+03:00", "name": "john.doe",
         "invite_url": "https://toggl.com/user/accept_invitation?code=dj3xxxxx1ee",
         "group_ids": []}
      ],
      "notifications": ["not-an-email is not a valid email"]
    }"#;
    serve(&server, "POST", route, json_text(body)).await;

    let request_body = InviteRequest::new(vec!["john.doe@example.com".into(), "not-an-email".into()]);
    let result = v8_client(&server).post_workspace_invite(WORKSPACE, request_body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "POST", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_json_body(&request, json!({"emails": ["john.doe@example.com", "not-an-email"]}));
    let response = result.expect("inviting succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        json!({
            "data": [{
                "id": 2346,
                "uid": 1235,
                "wid": WORKSPACE,
                "admin": false,
                "active": false,
                "email": "john.doe@example.com",
                "at": "2013-05-17T13:50:36Z",
                "name": "john.doe",
                "invite_url": "https://toggl.com/user/accept_invitation?code=dj3xxxxx1ee"
            }],
            "notifications": ["not-an-email is not a valid email"]
        })
    );
}

#[tokio::test]
async fn v8_put_workspace_user() {
    let server = MockServer::start().await;
    let route = "/api/v8/workspace_users/2345";
    let body = r#"{"data": {"id": 2345, "uid": 1234, "wid": 777, "admin": true, "active": true,
                   "at": "2013-05-17T16:50:36+03:00", "group_ids": null}}"#;
    serve(&server, "PUT", route, json_text(body)).await;

    let request_body = WorkspaceUserUpdateRequest::new(WorkspaceUserUpdate::new(true));
    let result = v8_client(&server).put_workspace_user(2345, request_body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PUT", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_json_body(&request, json!({"workspace_user": {"admin": true}}));
    let response = result.expect("updating the workspace user succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        json!({
            "data": {
                "id": 2345,
                "uid": 1234,
                "wid": WORKSPACE,
                "admin": true,
                "active": true,
                "at": "2013-05-17T13:50:36Z"
            }
        })
    );
}

#[tokio::test]
async fn v8_delete_workspace_user() {
    let server = MockServer::start().await;
    let route = "/api/v8/workspace_users/2345";
    serve(&server, "DELETE", route, ResponseTemplate::new(200)).await;

    let result = v8_client(&server).delete_workspace_user(2345).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "DELETE", route, None);
    assert_token_auth(&request);
    assert_accept(&request, None);
    assert_no_body(&request);
    let response = result.expect("deleting the workspace user succeeds");
    assert_eq!(response.status(), 200);
    let () = response.into_body();
}

#[tokio::test]
async fn v8_get_workspace_workspace_users() {
    let server = MockServer::start().await;
    let route = "/api/v8/workspaces/777/workspace_users";
    // A bare array, not wrapped in `data`; the accepted user has no invite_url.
    let body = r#"[
      {"id": 2345, "uid": 1234, "wid": 777, "admin": true, "active": true,
       "email": "jane.doe@example.com", "at": "2013-05-17T16:50:36+03:00", "name": "Jane Doe"},
      {"id": 2346, "uid": 1235, "wid": 777, "admin": false, "active": false,
       "email": "john.doe@example.com", "at": "2013-05-17T16:51:02+03:00", "name": "john.doe",
       "invite_url": "https://toggl.com/user/accept_invitation?code=dj3xxxxx1ee", "group_ids": [12]}
    ]"#;
    serve(&server, "GET", route, json_text(body)).await;

    let result = v8_client(&server).get_workspace_workspace_users(WORKSPACE).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "GET", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    let response = result.expect("listing workspace users succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        json!([
            {
                "id": 2345,
                "uid": 1234,
                "wid": WORKSPACE,
                "admin": true,
                "active": true,
                "email": "jane.doe@example.com",
                "at": "2013-05-17T13:50:36Z",
                "name": "Jane Doe"
            },
            {
                "id": 2346,
                "uid": 1235,
                "wid": WORKSPACE,
                "admin": false,
                "active": false,
                "email": "john.doe@example.com",
                "at": "2013-05-17T13:51:02Z",
                "name": "john.doe",
                "invite_url": "https://toggl.com/user/accept_invitation?code=dj3xxxxx1ee"
            }
        ])
    );
    // `at` is `format: date-time`: an instant, written back in UTC.
    let at = response.body().as_ref().and_then(|users| users[0].at).expect("a time");
    assert_eq!(at, "2013-05-17T16:50:36+03:00".parse::<toggl_client::jiff::Timestamp>().unwrap());
    assert_eq!(at.as_second(), 1_368_798_636);
}

/// A `date-time` that is not RFC 3339 is a decode error that names the field.
#[tokio::test]
async fn v8_a_time_that_does_not_parse_is_a_decode_error() {
    let server = MockServer::start().await;
    let route = "/api/v8/workspaces/777/workspace_users";
    serve(&server, "GET", route, json_text(r#"[{"id": 1, "at": "yesterday"}]"#)).await;
    let error = v8_client(&server).get_workspace_workspace_users(WORKSPACE).send().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("the JSON the API describes: at `[0].at`: failed to parse"), "{message}");
}

#[tokio::test]
async fn v8_error_400_json_array_of_messages() {
    let server = MockServer::start().await;
    let body = r#"["Start can't be blank"]"#;
    let response = ResponseTemplate::new(400).set_body_raw(body, "application/json; charset=utf-8");
    serve(&server, "PUT", "/api/v8/workspace_users/2345", response).await;

    let request_body = WorkspaceUserUpdateRequest::new(WorkspaceUserUpdate::new(false));
    let error = v8_client(&server).put_workspace_user(2345, request_body).send().await.expect_err("a 400 is an error");

    let Error::Status(api_error) = &error else { panic!("expected Error::Status, got {error:?}") };
    assert_eq!(api_error.status(), 400);
    assert_eq!(api_error.message(), "Start can't be blank");
    assert_eq!(api_error.body(), body, "the body is kept as received");
}

#[test]
fn v8_client_debug_hides_credentials() {
    let token = "1971800d4d82861d8f2c1651fea4d212";
    let client = toggl_client::v8::Client::builder().api_token(token).build().expect("the client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains(token), "client Debug shows the token: {debug}");

    let client = toggl_client::v8::Client::builder()
        .basic_auth("user@example.com", "hunter2-s3cret")
        .build()
        .expect("the client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains("hunter2-s3cret"), "client Debug shows the password: {debug}");
}

#[tokio::test]
async fn v8_get_workspace_workspace_users_null_for_an_empty_list() {
    let server = MockServer::start().await;
    let route = "/api/v8/workspaces/777/workspace_users";
    serve(&server, "GET", route, json_text("null")).await;

    let response = v8_client(&server).get_workspace_workspace_users(WORKSPACE).send().await;

    assert_eq!(response.expect("a null list is a valid answer").into_body(), None);
}
