//! The README's tour of the client, word for word (checked by `readme_examples_are_compiled_cases`).

use std::time::Duration;

use toggl_client::futures_util::TryStreamExt;
use toggl_client::v9::types::{OrgUser, SortDirection, WorkspaceUserPayload};
use toggl_client::{v9, Error, Nullable, RetryPolicy};

/// Retries: connection failures, 429/502/503/504 and the statuses the spec marks as
/// rate limits (Toggl's 402) are retried with exponential backoff and jitter, waiting
/// as `Retry-After` or the spec's reset header (`X-Toggl-Quota-Resets-In`) says.
/// POST and PATCH are retried only if the policy says so.
fn client() -> Result<v9::Client, Error> {
    v9::Client::builder()
        .api_token("YOUR_API_TOKEN")
        .retry(RetryPolicy::new().max_attempts(5).max_delay(Duration::from_secs(10)))
        // Called on every attempt, after credentials are set: custom auth, headers.
        .request_hook(|request| {
            request.headers_mut().insert("x-client", "reporting".parse().expect("a valid header value"));
        })
        .build()
}

/// Pagination: `items()` walks every page lazily (`pages()` gives each page
/// with its typed headers), stopping at the last page `X-Pages` announces.
async fn every_user(client: &v9::Client) -> Result<Vec<OrgUser>, Error> {
    client.get_organization_users(123).per_page(200).items().try_collect().await
}

/// Per-request options, and raw access to what came back.
async fn one_call(client: &v9::Client) -> Result<(), Error> {
    let result = client
        .get_workspace_users(42)
        .timeout(Duration::from_secs(5))
        .header("X-Trace-Id", "abc123")
        .retry(RetryPolicy::disabled())
        .send()
        .await;
    match result {
        Ok(users) => println!("{} users, request {:?}, {} bytes", users.len(), users.request_id(), users.raw_body().len()),
        Err(error) => match error.response() {
            Some(response) => println!("{}: {} (request {:?})", response.status(), response.body(), response.request_id()),
            None => return Err(error),
        },
    }
    Ok(())
}

/// Forward-compatible types: enums have a catch-all for values added later, and
/// enums and structs are `#[non_exhaustive]`, so new variants and fields are not
/// breaking changes. Structs are made with `new` and `with_*` setters.
fn describe(direction: &SortDirection) -> &str {
    match direction {
        SortDirection::Asc => "ascending",
        SortDirection::Desc => "descending",
        other => other.as_str(),
    }
}

/// Nullable fields of request bodies tell three states apart: left out
/// (the default: not sent), `Nullable::Null` (sent as null) and a value.
fn clear_working_hours() -> WorkspaceUserPayload {
    WorkspaceUserPayload::new()
        .with_role("projectlead")
        .with_working_hours_in_minutes(Nullable::Null)
        .with_posted_fields(vec!["working_hours_in_minutes".to_owned()])
}

fn main() -> Result<(), Error> {
    let client = client()?;
    // Futures do nothing until awaited: nothing is sent.
    let _ = (every_user(&client), one_call(&client), describe(&SortDirection::Asc), clear_working_hours());
    Ok(())
}
