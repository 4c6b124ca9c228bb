//! Makes a request model with `new`, which takes its required fields.

use shop_client::shop::types::NewItem;

pub fn lamp() -> NewItem {
    NewItem::new("lamp".into())
}
