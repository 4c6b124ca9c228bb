//! Builds and reads an `Item` the ways code outside the crate can: with
//! `new`, by field, and with patterns that end in `..` (the struct is
//! non-exhaustive, so a struct literal is refused).

use shop_client::shop::types::Item;

pub fn make() -> Item {
    let mut item = Item::new(7);
    item.name = Some("lamp".into());
    item
}

pub fn read(item: &Item) -> (i64, Option<&str>) {
    let Item { id, name, .. } = item;
    (*id, name.as_deref())
}
