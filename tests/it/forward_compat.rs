//! Forward-compatible types: enum values added after the spec decode into a
//! catch-all, and nullable request fields tell "leave out", "set to null"
//! and "set" apart.

use serde_json::json;
use toggl_client::v9::types::{ActiveStatus, OrgUserWorkspace, SortDirection, WorkspaceUserPayload};
use toggl_client::Nullable;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{assert_json_body, single_request, v9_client};

#[test]
fn unknown_enum_values_decode_into_the_catch_all_and_round_trip() {
    let known: SortDirection = serde_json::from_value(json!("desc")).unwrap();
    assert_eq!(known, SortDirection::Desc);
    let unknown: SortDirection = serde_json::from_value(json!("sideways")).unwrap();
    assert_eq!(unknown, SortDirection::Unknown("sideways".into()));
    assert_eq!(unknown.as_str(), "sideways");
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("sideways"));
    assert_eq!("asc".parse::<SortDirection>(), Ok(SortDirection::Asc));
}

#[tokio::test]
async fn an_enum_value_the_client_does_not_know_can_still_be_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v9/organizations/42/users"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(&server)
        .await;

    let statuses = vec![ActiveStatus::Active, ActiveStatus::Unknown("suspended".into())];
    v9_client(&server).get_organization_users(42).active_status(statuses).send().await.unwrap();

    assert_eq!(single_request(&server).await.url.query(), Some("active_status=active,suspended"));
}

/// Sends `payload` with `put_workspace_workspace_users` and returns the JSON the server got.
async fn sent(payload: WorkspaceUserPayload, expected: serde_json::Value) {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/api/v9/workspaces/1001/workspace_users/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("\"OK\"", "application/json"))
        .mount(&server)
        .await;
    v9_client(&server).put_workspace_workspace_users(1001, 7, payload).send().await.unwrap();
    assert_json_body(&single_request(&server).await, expected);
}

#[tokio::test]
async fn nullable_request_fields_can_be_left_out_cleared_or_set() {
    sent(WorkspaceUserPayload::new().with_role("user"), json!({"role": "user"})).await;
    let cleared = WorkspaceUserPayload::new()
        .with_working_hours_in_minutes(Nullable::Null)
        .with_posted_fields(vec!["working_hours_in_minutes".to_owned()]);
    sent(cleared, json!({"working_hours_in_minutes": null, "postedFields": ["working_hours_in_minutes"]})).await;
    sent(WorkspaceUserPayload::new().with_working_hours_in_minutes(480), json!({"working_hours_in_minutes": 480}))
        .await;
}

#[test]
fn nullable_fields_keep_the_difference_when_read() {
    let workspace: OrgUserWorkspace =
        serde_json::from_value(json!({"admin": null, "workspace_id": 1001, "unknown_field": 1})).unwrap();
    assert_eq!(workspace.admin, Nullable::Null);
    assert_eq!(workspace.workspace_id, Nullable::Value(1001));
    assert_eq!(workspace.role, Nullable::Absent);
    assert_eq!(workspace.workspace_id.value(), Some(&1001));
    assert_eq!(serde_json::to_value(&workspace).unwrap(), json!({"admin": null, "workspace_id": 1001}));
}
