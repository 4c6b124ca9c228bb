//! Calls the operations the crate had.

use shop_client::shop::Client;

pub async fn delete_and_list(client: &Client) -> Result<(), shop_client::Error> {
    client.delete_item(7).send().await?;
    client.list_items().send().await?;
    Ok(())
}
