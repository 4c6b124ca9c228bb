//! Reads a typed response header.

use shop_client::shop::builders::ListItemsHeaders;
use shop_client::shop::Client;

pub async fn pages(client: &Client) -> Result<Option<i64>, shop_client::Error> {
    let response = client.list_items().send().await?;
    let headers: &ListItemsHeaders = response.headers();
    Ok(headers.x_pages)
}
