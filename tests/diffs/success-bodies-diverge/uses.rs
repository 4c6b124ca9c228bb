//! Takes the decoded body of a response as the model it was: with statuses
//! of different bodies, it is an enum of the operation's own.

use shop_client::shop::types::{Item, NewItem};
use shop_client::shop::Client;

pub async fn create(client: &Client) -> Result<Item, shop_client::Error> {
    let response = client.create_item(NewItem::new("lamp".into())).send().await?;
    let item: Item = response.into_body();
    Ok(item)
}
