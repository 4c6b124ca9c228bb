//! Creates an item: the call is the same whichever server serves it.

use shop_client::shop::types::{Item, NewItem};
use shop_client::shop::Client;

pub async fn create(client: &Client) -> Result<Item, shop_client::Error> {
    let response = client.create_item(NewItem::new("lamp".into())).send().await?;
    Ok(response.into_body())
}
