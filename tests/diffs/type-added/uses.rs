//! Imports every type by glob next to a local type of the new type's name:
//! the local one shadows the glob, so this still compiles.

use shop_client::shop::types::*;

pub struct Tag;

pub fn new_item(_: Tag) -> NewItem {
    let _: Option<Status> = None;
    NewItem::new("lamp".into())
}
