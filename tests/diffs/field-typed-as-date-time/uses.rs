//! Reads a string field that the spec then types as `date-time`.

use shop_client::shop::types::Item;

pub fn sold_at(item: &Item) -> Option<String> {
    item.sold_at.clone()
}
