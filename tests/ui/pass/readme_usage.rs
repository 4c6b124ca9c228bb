//! The README's first example, word for word (checked by `readme_examples_are_compiled_cases`), then more.

use toggl_client::v9::types::{ActiveStatus, SortDirection};
use toggl_client::{v9, Error};

async fn list_users() -> Result<(), Error> {
    let client = v9::Client::builder()
        .api_token("YOUR_API_TOKEN") // or .basic_auth("email", "password")
        .build()?;

    // Required parameters are arguments; optional ones are setters.
    let response = client
        .get_organization_users(123)
        .active_status(vec![ActiveStatus::Active, ActiveStatus::Invited])
        .sort_dir(SortDirection::Asc)
        .per_page(100)
        .send()
        .await?;

    // Declared response headers are typed; status and raw headers are there too.
    println!("page {:?} of {:?}", response.headers().x_page, response.headers().x_pages);
    for user in response.body() {
        println!("{:?}", user.email);
    }

    // Errors are typed: an error status carries the server's message.
    match client.get_workspace_users(42).send().await {
        Err(Error::Status(e)) if e.status().as_u16() == 403 => println!("no access: {}", e.message()),
        other => println!("{other:?}"),
    }
    Ok(())
}

// ---- Beyond the README: other calls, and a main that builds requests
// without sending them (trybuild runs this binary, with no network).

use toggl_client::v9::types::UserPatchParams;

async fn remove_users(client: &v9::Client) -> Result<String, Error> {
    let body = UserPatchParams::new().with_delete(vec![7, 8]);
    match client.patch_organization_users(123, body).send().await {
        Ok(response) => Ok(response.into_body()),
        Err(Error::Status(e)) if e.status().as_u16() == 403 => Ok(format!("not allowed: {}", e.message())),
        Err(e) => Err(e),
    }
}

fn v8_client() -> Result<toggl_client::v8::Client, Error> {
    toggl_client::v8::Client::builder()
        .basic_auth("user@example.com", "secret")
        .timeout(std::time::Duration::from_secs(30))
        .build()
}

fn main() -> Result<(), Error> {
    let client = v9::Client::builder().api_token("YOUR_API_TOKEN").build()?;
    // Futures do nothing until awaited: nothing is sent.
    let _ = (list_users(), remove_users(&client), v8_client()?);
    Ok(())
}
