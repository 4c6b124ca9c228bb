//! Lists items with the optional parameters the operation had.

use shop_client::shop::types::Status;
use shop_client::shop::Client;

pub async fn second_page(client: &Client) -> Result<usize, shop_client::Error> {
    let page = client.list_items().page(2).status(Status::New).send().await?;
    Ok(page.body().len())
}
