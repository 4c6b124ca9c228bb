//! Every operation of the shop as Swagger 2.0 describes it, used once.

use shop_client::shop::types::{Item, LoginBody};
use shop_client::shop::Client;

pub async fn tour(client: &Client) -> Result<(), shop_client::Error> {
    let page = client.list_items(10).tags(vec!["a".into()]).ids(vec![1, 2]).send().await?;
    let total: Option<i64> = page.headers().x_total;
    let items: &Vec<Item> = page.body();
    let created = client.create_item(Item::new("lamp".into()).with_note(String::from("fragile"))).send().await?;
    let item: Item = created.into_body();
    let label: Vec<u8> = client.get_label(item.id.unwrap_or_default()).send().await?.into_body();
    client.login(LoginBody::new("ann".into()).with_scopes(vec!["read".into()])).send().await?;
    println!("{total:?} {} {:?} {}", items.len(), item.name, label.len());
    Ok(())
}
