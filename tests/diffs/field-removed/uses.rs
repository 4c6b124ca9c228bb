//! Reads a field of a response model.

use shop_client::shop::types::Item;

pub fn name(item: &Item) -> Option<String> {
    item.name.clone()
}
