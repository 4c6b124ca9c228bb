//! The usage the README shows: build a client, call operations with required
//! arguments and optional setters, read typed headers, match errors.

use toggl_client::v9::types::{ActiveStatus, SortDirection, UserPatchParams};
use toggl_client::{v9, Error};

async fn list_active_users(client: &v9::Client) -> Result<(), Error> {
    let response = client
        .get_organization_users(123)
        .active_status(vec![ActiveStatus::Active, ActiveStatus::Invited])
        .sort_dir(SortDirection::Asc)
        .per_page(100)
        .send()
        .await?;
    println!("page {:?} of {:?}", response.headers().x_page, response.headers().x_pages);
    for user in response.body() {
        println!("{:?} <{:?}>", user.name, user.email);
    }
    Ok(())
}

async fn remove_users(client: &v9::Client) -> Result<String, Error> {
    let body = UserPatchParams { delete: Some(vec![7, 8]) };
    match client.patch_organization_users(123, body).send().await {
        Ok(response) => Ok(response.into_body()),
        Err(Error::Status(e)) if e.status().as_u16() == 403 => Ok(format!("not allowed: {}", e.message())),
        Err(e) => Err(e),
    }
}

fn main() -> Result<(), Error> {
    let client = v9::Client::builder()
        .api_token("YOUR_API_TOKEN")
        .timeout(std::time::Duration::from_secs(30))
        .build()?;
    let by_password = v8_client()?;
    // Building requests sends nothing; only `.send().await` does.
    let _ = (list_active_users(&client), remove_users(&client), by_password);
    Ok(())
}

fn v8_client() -> Result<toggl_client::v8::Client, Error> {
    toggl_client::v8::Client::builder().basic_auth("user@example.com", "secret").build()
}
