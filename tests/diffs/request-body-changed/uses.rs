//! Sends the request body the operation had, built with its setters.

use shop_client::shop::types::NewItem;
use shop_client::shop::Client;

pub async fn create(client: &Client) -> Result<i64, shop_client::Error> {
    let body = NewItem::new("lamp".into()).with_name("desk");
    Ok(client.create_item(body).send().await?.id)
}
