//! Names the type of a response: `Response<Item>`, an operation without
//! typed headers.

use shop_client::shop::types::{Item, NewItem};
use shop_client::shop::Client;
use shop_client::Response;

pub async fn create(client: &Client) -> Result<Item, shop_client::Error> {
    let response: Response<Item> = client.create_item(NewItem::new("lamp".into())).send().await?;
    Ok(response.into_body())
}
