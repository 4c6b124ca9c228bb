//! Calls an operation with the required parameters it had (none).

use shop_client::shop::Client;

pub async fn first_page(client: &Client) -> Result<usize, shop_client::Error> {
    Ok(client.list_items().send().await?.body().len())
}
