//! The v9 client end to end: each operation against a loopback server, checked
//! on the request as received (method, path, raw query, headers, body) and on
//! the decoding of realistic responses; then the error paths.

use serde_json::json;
use toggl_client::v9::builders::{GetOrganizationUsersDetailedHeaders, GetOrganizationUsersHeaders};
use toggl_client::v9::types::{
    ActiveStatus, OrgUserWorkspace, OrganizationUserPayload, SortDirection, UserAssignmentsPayload, UserPatchParams,
    WorkspaceUserPayload, WorkspaceUsersPatchParams,
};
use toggl_client::Error;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    assert_accept, assert_json_body, assert_no_body, assert_target, assert_token_auth, basic, header, requests,
    single_request, v9_client,
};

const ORG: i64 = 42;
const WORKSPACE: i64 = 1001;

/// Serves `response` to one `method` request on `path`.
async fn serve(server: &MockServer, http_method: &str, request_path: &str, response: ResponseTemplate) {
    Mock::given(method(http_method)).and(path(request_path)).respond_with(response).expect(1).mount(server).await;
}

/// A 200 with this JSON text as body, sent as the API sends it.
fn json_text(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json; charset=utf-8")
}

/// A 200 with this JSON list and the pagination headers `X-Page`,
/// `X-Page-Size`, `X-Pages`, `X-Records` and `X-Sort-Order`, in that order.
fn paginated(body: &str, values: [&str; 5]) -> ResponseTemplate {
    let names = ["X-Page", "X-Page-Size", "X-Pages", "X-Records", "X-Sort-Order"];
    names.iter().zip(values).fold(json_text(body), |response, (name, value)| response.insert_header(*name, value))
}

/// A 200 with a `text/plain` body.
fn plain_text(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "text/plain; charset=utf-8")
}

/// Two organization users as the API returns them: an admin with every field,
/// and an invited user with nulls. Both carry a field the spec does not know.
const ORG_USERS_JSON: &str = r#"[
  {
    "id": 5234567,
    "user_id": 6123456,
    "organization_id": 42,
    "name": "Jane Doe",
    "email": "jane.doe@example.com",
    "avatar_url": "https://assets.track.toggl.com/avatars/5f1c3e0d2b.png",
    "admin": true,
    "owner": true,
    "joined": true,
    "inactive": false,
    "can_edit_email": true,
    "2fa_enabled": true,
    "role_id": 1234,
    "workspace_count": 1,
    "created_at": "2023-01-15T09:30:00.123456Z",
    "invitation_id": null,
    "invitation_code": null,
    "groups": [{"group_id": 77, "name": "Engineering"}],
    "workspaces": [
      {
        "workspace_id": 1001,
        "workspace_name": "Acme Inc",
        "workspace_user_id": 900001,
        "admin": true,
        "role": "admin",
        "role_id": 1234,
        "active": true,
        "inactive": false,
        "rate": 85.5,
        "cost": null,
        "default_currency": "USD",
        "working_hours": 7.5,
        "groups": null,
        "view_edit_billable_rates": true,
        "view_edit_labor_costs": false,
        "timesheet_approver": null
      }
    ],
    "user_tags": ["contractor"]
  },
  {
    "id": 5234568,
    "user_id": 6123457,
    "organization_id": 42,
    "name": "john.smith@example.com",
    "email": "john.smith@example.com",
    "avatar_url": null,
    "admin": false,
    "owner": false,
    "joined": false,
    "inactive": false,
    "can_edit_email": false,
    "2fa_enabled": false,
    "role_id": 1235,
    "workspace_count": 0,
    "created_at": null,
    "invitation_id": 31415,
    "invitation_code": "a1b2c3d4e5",
    "groups": [],
    "workspaces": null,
    "user_tags": null
  }
]"#;

/// What [`ORG_USERS_JSON`] decodes to, as the types serialize it: `None` and
/// `Nullable::Absent` left out, `Nullable::Null` as `null`.
fn org_users() -> serde_json::Value {
    json!([
        {
            "id": 5_234_567,
            "user_id": 6_123_456,
            "organization_id": ORG,
            "name": "Jane Doe",
            "email": "jane.doe@example.com",
            "avatar_url": "https://assets.track.toggl.com/avatars/5f1c3e0d2b.png",
            "admin": true,
            "owner": true,
            "joined": true,
            "inactive": false,
            "can_edit_email": true,
            "2fa_enabled": true,
            "role_id": 1234,
            "workspace_count": 1,
            "created_at": "2023-01-15T09:30:00.123456Z",
            "groups": [{"group_id": 77, "name": "Engineering"}],
            "workspaces": [{
                "workspace_id": WORKSPACE,
                "workspace_name": "Acme Inc",
                "workspace_user_id": 900_001,
                "admin": true,
                "role": "admin",
                "role_id": 1234,
                "active": true,
                "inactive": false,
                "rate": 85.5,
                "cost": null,
                "default_currency": "USD",
                "working_hours": 7.5,
                "groups": null,
                "view_edit_billable_rates": true,
                "view_edit_labor_costs": false
            }]
        },
        {
            "id": 5_234_568,
            "user_id": 6_123_457,
            "organization_id": ORG,
            "name": "john.smith@example.com",
            "email": "john.smith@example.com",
            "admin": false,
            "owner": false,
            "joined": false,
            "inactive": false,
            "can_edit_email": false,
            "2fa_enabled": false,
            "role_id": 1235,
            "workspace_count": 0,
            "invitation_id": 31_415,
            "invitation_code": "a1b2c3d4e5",
            "groups": []
        }
    ])
}

/// A workspace user with every field (S3 names), some null, plus an unknown field.
const WORKSPACE_USER_JSON: &str = r#"{
    "id": 900001,
    "uid": 6123456,
    "wid": 1001,
    "user_id": null,
    "workspace_id": null,
    "name": "Jane Doe",
    "email": "jane.doe@example.com",
    "timezone": "Europe/Tallinn",
    "at": "2024-03-04T10:11:12+00:00",
    "avatar_file_name": null,
    "active": true,
    "admin": true,
    "inactive": false,
    "is_direct": true,
    "organization_admin": true,
    "workspace_admin": true,
    "2fa_enabled": true,
    "group_ids": [77, 78],
    "role": "admin",
    "role_id": 1234,
    "rate": 85.5,
    "rate_last_updated": "2024-02-01T00:00:00Z",
    "labor_cost": 42.25,
    "labor_cost_last_updated": null,
    "labour_cost": null,
    "working_hours_in_minutes": 480,
    "view_edit_billable_rates": true,
    "view_edit_labor_costs": false,
    "invitation_code": null,
    "invite_url": null,
    "timesheet_setup": {"approver_id": null}
}"#;

/// What [`WORKSPACE_USER_JSON`] decodes to, as the types serialize it (`None` left out).
fn workspace_user() -> serde_json::Value {
    json!({
        "id": 900_001,
        "uid": 6_123_456,
        "wid": WORKSPACE,
        "name": "Jane Doe",
        "email": "jane.doe@example.com",
        "timezone": "Europe/Tallinn",
        "at": "2024-03-04T10:11:12+00:00",
        "active": true,
        "admin": true,
        "inactive": false,
        "is_direct": true,
        "organization_admin": true,
        "workspace_admin": true,
        "2fa_enabled": true,
        "group_ids": [77, 78],
        "role": "admin",
        "role_id": 1234,
        "rate": 85.5,
        "rate_last_updated": "2024-02-01T00:00:00Z",
        "labor_cost": 42.25,
        "working_hours_in_minutes": 480,
        "view_edit_billable_rates": true,
        "view_edit_labor_costs": false
    })
}

#[tokio::test]
async fn v9_delete_organization_users_leave() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users/leave";
    serve(&server, "DELETE", route, plain_text("OK")).await;

    let result = v9_client(&server).delete_organization_users_leave(ORG).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "DELETE", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("text/plain"));
    assert_no_body(&request);
    let response = result.expect("leaving the organization succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_delete_workspace_user() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/workspace_users/900001";
    serve(&server, "DELETE", route, ResponseTemplate::new(200)).await;

    let result = v9_client(&server).delete_workspace_user(WORKSPACE, 900_001).send().await;

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
async fn v9_get_organization_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users";
    let response = paginated(ORG_USERS_JSON, ["2", "2", "3", "5", "desc"]);
    serve(&server, "GET", route, response).await;

    let result = v9_client(&server)
        .get_organization_users(ORG)
        .filter("Jane Doe")
        .active_status(vec![ActiveStatus::Active, ActiveStatus::Invited])
        .only_admins(false)
        .groups(vec![77, 78])
        .workspaces(vec![WORKSPACE])
        .page(2)
        .per_page(2)
        .sort_dir(SortDirection::Desc)
        .send()
        .await;

    let request = single_request(&server).await;
    assert_target(
        &request,
        "GET",
        route,
        Some("filter=Jane%20Doe&active_status=active,invited&only_admins=false&groups=77,78&workspaces=1001&page=2&per_page=2&sort_dir=desc"),
    );
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    let response = result.expect("listing organization users succeeds");
    assert_eq!(response.status(), 200);
    let headers: &GetOrganizationUsersHeaders = response.headers();
    assert_eq!(
        (headers.x_page, headers.x_page_size, headers.x_pages, headers.x_records, headers.x_sort_order.as_deref()),
        (Some(2), Some(2), Some(3), Some(5), Some("desc"))
    );
    assert_eq!(response.len(), 2, "Deref to the body");
    assert_eq!(serde_json::to_value(response.body()).unwrap(), org_users());
}

#[tokio::test]
async fn v9_get_organization_users_detailed() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users/detailed";
    let response = paginated(ORG_USERS_JSON, ["1", "2", "1", "2", "asc"]);
    serve(&server, "GET", route, response).await;

    let result = v9_client(&server)
        .get_organization_users_detailed(ORG)
        .per_page(2)
        .active_status(vec![ActiveStatus::Active, ActiveStatus::Invited])
        .send()
        .await;

    let request = single_request(&server).await;
    // Only the two parameters that were set: no filter, only_admins, groups, workspaces, page or sort_dir.
    assert_target(&request, "GET", route, Some("active_status=active,invited&per_page=2"));
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    let response = result.expect("listing organization users with details succeeds");
    assert_eq!(response.status(), 200);
    let headers: &GetOrganizationUsersDetailedHeaders = response.headers();
    assert_eq!(
        (headers.x_page, headers.x_page_size, headers.x_pages, headers.x_records, headers.x_sort_order.as_deref()),
        (Some(1), Some(2), Some(1), Some(2), Some("asc"))
    );
    assert_eq!(response.raw_headers().get("x-records").map(|v| v.as_bytes()), Some(&b"2"[..]));
    assert_eq!(serde_json::to_value(response.body()).unwrap(), org_users());
}

#[tokio::test]
async fn v9_get_organization_workspaces_workspaceusers() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/workspaces/1001/workspace_users";
    let body = format!("[{WORKSPACE_USER_JSON}]");
    Mock::given(method("GET")).and(path(route)).respond_with(json_text(&body)).expect(2).mount(&server).await;
    let client = v9_client(&server);

    let without_name = client.get_organization_workspaces_workspaceusers(ORG, WORKSPACE).send().await;
    let with_name = client.get_organization_workspaces_workspaceusers(ORG, WORKSPACE).name("Jane Doe").send().await;

    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_target(&received[0], "GET", route, None);
    assert_target(&received[1], "GET", route, Some("name=Jane%20Doe"));
    for request in &received {
        assert_token_auth(request);
        assert_accept(request, Some("application/json"));
        assert_no_body(request);
    }
    for result in [without_name, with_name] {
        let response = result.expect("listing the workspace's users succeeds");
        assert_eq!(response.status(), 200);
        assert_eq!(serde_json::to_value(response.body()).unwrap(), json!([workspace_user()]));
    }
}

#[tokio::test]
async fn v9_get_workspace_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/users";
    let body = r#"[
      {"id": 6123456, "email": "jane.doe@example.com", "fullname": "Jane Doe", "inactive": false,
       "is_active": true, "is_admin": true, "role": "admin", "timezone": "Europe/Tallinn"},
      {"id": 6123457, "email": "john.smith@example.com", "fullname": null, "inactive": true,
       "is_active": false, "is_admin": null, "role": "user", "timezone": "UTC"}
    ]"#;
    serve(&server, "GET", route, json_text(body)).await;

    let result = v9_client(&server).get_workspace_users(WORKSPACE).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "GET", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    let response = result.expect("listing workspace users succeeds");
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        json!([
            {
                "id": 6_123_456,
                "email": "jane.doe@example.com",
                "fullname": "Jane Doe",
                "inactive": false,
                "is_active": true,
                "is_admin": true,
                "role": "admin"
            },
            {
                "id": 6_123_457,
                "email": "john.smith@example.com",
                "inactive": true,
                "is_active": false,
                "role": "user"
            }
        ])
    );
}

#[tokio::test]
async fn v9_get_workspace_workspace_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/workspace_users";
    let invited = r#"{"id": 900002, "uid": 6123457, "wid": 1001, "name": "john.smith@example.com",
        "email": "john.smith@example.com", "active": false, "admin": false, "inactive": false,
        "is_direct": false, "2fa_enabled": null, "group_ids": null, "rate": null, "labor_cost": null,
        "role": "user", "invite_url": "https://track.toggl.com/invitations/a1b2c3d4e5"}"#;
    serve(&server, "GET", route, json_text(&format!("[{WORKSPACE_USER_JSON}, {invited}]"))).await;

    let result = v9_client(&server).get_workspace_workspace_users(WORKSPACE, true).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "GET", route, Some("includeIndirect=true"));
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    let response = result.expect("listing workspace users succeeds");
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        json!([
            workspace_user(),
            {
                "id": 900_002,
                "uid": 6_123_457,
                "wid": WORKSPACE,
                "name": "john.smith@example.com",
                "email": "john.smith@example.com",
                "active": false,
                "admin": false,
                "inactive": false,
                "is_direct": false,
                "role": "user",
                "invite_url": "https://track.toggl.com/invitations/a1b2c3d4e5"
            }
        ])
    );
}

#[tokio::test]
async fn v9_patch_organization_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users";
    serve(&server, "PATCH", route, plain_text("OK")).await;

    let body = UserPatchParams::new().with_delete(vec![5_234_567, 5_234_568]);
    let result = v9_client(&server).patch_organization_users(ORG, body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PATCH", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("text/plain"));
    assert_json_body(&request, json!({"delete": [5_234_567, 5_234_568]}));
    let response = result.expect("deleting organization users succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_patch_organization_workspace_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/workspaces/1001/workspace_users";
    serve(&server, "PATCH", route, plain_text("OK")).await;

    let body = WorkspaceUsersPatchParams::new().with_delete(vec![900_002]);
    let result = v9_client(&server).patch_organization_workspace_users(ORG, WORKSPACE, body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PATCH", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("text/plain"));
    assert_json_body(&request, json!({"delete": [900_002]}));
    let response = result.expect("deleting workspace users succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_post_workspace_users_lost_password() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/users/6123456/lost_password";
    let body = r#"{"url": "https://track.toggl.com/reset_password/4f9a2c1e7b", "expires_at": "2024-03-05T10:11:12Z"}"#;
    serve(&server, "POST", route, json_text(body)).await;

    let result = v9_client(&server).post_workspace_users_lost_password(WORKSPACE, 6_123_456).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "POST", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    let response = result.expect("requesting a password change succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        json!({"url": "https://track.toggl.com/reset_password/4f9a2c1e7b"})
    );
}

#[tokio::test]
async fn v9_put_organization_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users/5234567";
    serve(&server, "PUT", route, plain_text("OK")).await;

    let body = OrganizationUserPayload::new()
        .with_name("Jane Q. Doe".to_owned())
        .with_email("jane.doe@example.com".to_owned())
        .with_groups(vec![77])
        .with_inactive(false)
        .with_organization_admin(true)
        .with_workspaces(vec![OrgUserWorkspace::new().with_workspace_id(WORKSPACE).with_role_id(1235)]);
    let result = v9_client(&server).put_organization_users(ORG, 5_234_567, body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PUT", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("text/plain"));
    // Unset fields are left out, not sent as null.
    assert_json_body(
        &request,
        json!({
            "name": "Jane Q. Doe",
            "email": "jane.doe@example.com",
            "groups": [77],
            "inactive": false,
            "organization_admin": true,
            "workspaces": [{"workspace_id": 1001, "role_id": 1235}]
        }),
    );
    let response = result.expect("changing the organization user succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_put_organization_workspaces_assignments() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/workspaces/1001/assignments";
    serve(&server, "PUT", route, plain_text("OK")).await;

    let body = UserAssignmentsPayload::new()
        .with_user_id(6_123_457)
        .with_group_id(77)
        .with_joined(true)
        .with_operation("add".to_owned());
    let result = v9_client(&server).put_organization_workspaces_assignments(ORG, WORKSPACE, body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PUT", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("text/plain"));
    assert_json_body(&request, json!({"user_id": 6_123_457, "group_id": 77, "joined": true, "operation": "add"}));
    let response = result.expect("changing assignments succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_put_workspace_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/users/6123456";
    // The spec says application/json, but the server sends the bare text.
    serve(&server, "PUT", route, json_text("OK")).await;

    let result = v9_client(&server).put_workspace_users(WORKSPACE, 6_123_456).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PUT", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_no_body(&request);
    // A PUT without a body still says so, or some proxies answer 411.
    assert_eq!(header(&request, "content-length"), Some("0"));
    let response = result.expect("updating the workspace user succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_put_workspace_workspace_users() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/workspace_users/900001";
    serve(&server, "PUT", route, json_text(r#""OK""#)).await;

    let body = WorkspaceUserPayload::new()
        .with_role("projectlead".to_owned())
        .with_rate(95.0)
        .with_rate_change_mode("override-all".to_owned())
        .with_labor_cost(40.5)
        .with_working_hours_in_minutes(450)
        .with_view_edit_billable_rates(true)
        .with_posted_fields(vec!["labor_cost_change_mode".into()]);
    let result = v9_client(&server).put_workspace_workspace_users(WORKSPACE, 900_001, body).send().await;

    let request = single_request(&server).await;
    assert_target(&request, "PUT", route, None);
    assert_token_auth(&request);
    assert_accept(&request, Some("application/json"));
    assert_json_body(
        &request,
        json!({
            "role": "projectlead",
            "rate": 95.0,
            "rate_change_mode": "override-all",
            "labor_cost": 40.5,
            "working_hours_in_minutes": 450,
            "view_edit_billable_rates": true,
            "postedFields": ["labor_cost_change_mode"]
        }),
    );
    let response = result.expect("updating the workspace user succeeds");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "OK", "the JSON string is unquoted");
}

#[tokio::test]
async fn v9_basic_auth_with_email_and_password() {
    let server = MockServer::start().await;
    serve(&server, "GET", "/api/v9/workspaces/1001/users", json_text("[]")).await;
    let client = toggl_client::v9::Client::builder()
        .base_url(format!("{}/api/v9", server.uri()))
        .basic_auth("user@example.com", "secret")
        .build()
        .expect("the client builds");

    let result = client.get_workspace_users(WORKSPACE).send().await;

    let request = single_request(&server).await;
    assert_eq!(basic("user@example.com", "secret"), "Basic dXNlckBleGFtcGxlLmNvbTpzZWNyZXQ=");
    assert_eq!(header(&request, "authorization"), Some("Basic dXNlckBleGFtcGxlLmNvbTpzZWNyZXQ="));
    assert!(result.expect("the call succeeds").is_empty());
}

#[tokio::test]
async fn v9_error_403_json_quoted_message() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(403)
        .set_body_raw(r#""Missing or invalid workspace_id""#, "application/json; charset=utf-8");
    serve(&server, "GET", "/api/v9/workspaces/1001/users", response).await;

    let error = v9_client(&server).get_workspace_users(WORKSPACE).send().await.expect_err("a 403 is an error");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    let Error::Status(api_error) = &error else { panic!("expected Error::Status, got {error:?}") };
    assert_eq!(api_error.status(), 403);
    assert_eq!(api_error.message(), "Missing or invalid workspace_id");
    assert_eq!(api_error.body(), r#""Missing or invalid workspace_id""#, "the body is kept as received");
    assert_eq!(error.to_string(), "HTTP 403 Forbidden: Missing or invalid workspace_id");
}

#[tokio::test]
async fn v9_error_400_text_plain_message() {
    let server = MockServer::start().await;
    let message = "At least one organization user ID must be supplied.";
    let response = ResponseTemplate::new(400).set_body_raw(message, "text/plain; charset=utf-8");
    serve(&server, "PATCH", "/api/v9/organizations/42/users", response).await;

    let body = UserPatchParams::new().with_delete(vec![]);
    let error = v9_client(&server).patch_organization_users(ORG, body).send().await.expect_err("a 400 is an error");

    let Error::Status(api_error) = &error else { panic!("expected Error::Status, got {error:?}") };
    assert_eq!(api_error.status(), 400);
    assert_eq!(api_error.message(), message);
    assert_eq!(api_error.body(), message);
}

#[tokio::test]
async fn v9_error_200_malformed_json_is_decode_error() {
    let server = MockServer::start().await;
    let body = r#"[{"id": 5234567, "name": "Jane Doe", "2fa_enabled": tru"#;
    serve(&server, "GET", "/api/v9/organizations/42/users", json_text(body)).await;

    let error = v9_client(&server).get_organization_users(ORG).send().await.expect_err("truncated JSON is an error");

    let Error::Decode { response, message } = &error else { panic!("expected Error::Decode, got {error:?}") };
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), body, "the body is kept as received");
    assert_eq!(response.headers()["content-type"], "application/json; charset=utf-8");
    assert!(!message.is_empty());
}

#[tokio::test]
async fn v9_error_non_numeric_x_pages_is_header_error() {
    let server = MockServer::start().await;
    let response = json_text("[]").insert_header("X-Page", "1").insert_header("X-Pages", "many");
    serve(&server, "GET", "/api/v9/organizations/42/users/detailed", response).await;

    let error = v9_client(&server)
        .get_organization_users_detailed(ORG)
        .send()
        .await
        .expect_err("a non-numeric X-Pages is an error");

    let Error::Header { response, name, value } = &error else { panic!("expected Error::Header, got {error:?}") };
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), "[]");
    assert!(name.eq_ignore_ascii_case("X-Pages"), "header name {name}");
    assert_eq!(value.as_deref(), Some("many"));
}

#[test]
fn v9_client_debug_hides_credentials() {
    let token = "1971800d4d82861d8f2c1651fea4d212";
    let builder = toggl_client::v9::Client::builder().api_token(token);
    assert!(!format!("{builder:?}").contains(token), "builder Debug shows the token: {builder:?}");
    let client = builder.build().expect("the client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains(token), "client Debug shows the token: {debug}");
    assert!(debug.contains("redacted"), "client Debug should say the credential is redacted: {debug}");

    let client = toggl_client::v9::Client::builder()
        .basic_auth("user@example.com", "hunter2-s3cret")
        .build()
        .expect("the client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains("hunter2-s3cret"), "client Debug shows the password: {debug}");
    assert!(!debug.contains("user@example.com"), "client Debug shows the user name: {debug}");
    assert!(!debug.contains("dXNlckBleGFtcGxl"), "client Debug shows the encoded credentials: {debug}");
}

#[tokio::test]
async fn v9_empty_list_parameters_are_left_out() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users";
    serve(&server, "GET", route, json_text("[]")).await;

    v9_client(&server).get_organization_users(ORG).active_status(vec![]).groups(vec![]).page(1).send().await.unwrap();

    assert_target(&single_request(&server).await, "GET", route, Some("page=1"));
}

#[tokio::test]
async fn v9_redirects_to_another_host_do_not_carry_credentials() {
    let elsewhere = MockServer::start().await;
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/users";
    let location = format!("{}/stolen", elsewhere.uri());
    serve(&server, "GET", route, ResponseTemplate::new(302).insert_header("Location", location.as_str())).await;

    let error = v9_client(&server).get_workspace_users(WORKSPACE).send().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert!(requests(&elsewhere).await.is_empty(), "the redirect was followed to another host");
}

#[tokio::test]
async fn v9_redirects_within_the_server_are_followed() {
    let server = MockServer::start().await;
    let old = "/api/v9/workspaces/1001/users";
    let moved = format!("{}/api/v9/moved", server.uri());
    serve(&server, "GET", old, ResponseTemplate::new(301).insert_header("Location", moved.as_str())).await;
    serve(&server, "GET", "/api/v9/moved", json_text("[]")).await;

    let response = v9_client(&server).get_workspace_users(WORKSPACE).send().await.unwrap();

    assert!(response.body().is_empty());
    let last = requests(&server).await.pop().unwrap();
    assert_token_auth(&last);
}

#[tokio::test]
async fn v9_text_answered_as_a_json_string_is_unquoted() {
    let server = MockServer::start().await;
    let route = "/api/v9/organizations/42/users";
    serve(&server, "PATCH", route, json_text(r#""OK""#)).await;

    let body = UserPatchParams::new().with_delete(vec![1]);
    let response = v9_client(&server).patch_organization_users(ORG, body).send().await.unwrap();

    assert_eq!(response.body(), "OK");
}

#[tokio::test]
async fn v9_null_where_a_string_is_declared_is_a_decode_error() {
    let server = MockServer::start().await;
    let route = "/api/v9/workspaces/1001/users/7";
    serve(&server, "PUT", route, json_text("null")).await;

    let error = v9_client(&server).put_workspace_users(WORKSPACE, 7).send().await.unwrap_err();

    match error {
        Error::Decode { response, message } => {
            assert_eq!(response.status(), 200);
            assert_eq!(response.body(), "null");
            assert!(message.contains("null"), "{message}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
