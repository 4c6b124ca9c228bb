//! Every operation, parameter, model and header of the shop, used once.

use shop_client::shop::types::{Item, NewItem, Status};
use shop_client::shop::Client;

pub async fn tour(client: &Client) -> Result<(), shop_client::Error> {
    let page = client.list_items().page(2).status(Status::Sold).send().await?;
    let pages: Option<i64> = page.headers().x_pages;
    let items: &Vec<Item> = page.body();
    let created = client.create_item(NewItem::new("lamp".into()).with_name("desk")).send().await?;
    let item: Item = created.into_body();
    client.delete_item(item.id).send().await?;
    println!("{pages:?} {} {:?}", items.len(), item.name);
    Ok(())
}
