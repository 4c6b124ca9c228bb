//! Uses the inline enum of `list_orders` by its name, variants included.
//! When another operation declares the same enum first, this name becomes an
//! alias of that one's (identical enums share one definition): the code
//! still compiles, and the report finds no breaking change.

use shop_client::shop::types::ListOrdersStatus;

pub fn label(status: &ListOrdersStatus) -> &str {
    match status {
        ListOrdersStatus::New => "new",
        ListOrdersStatus::Sold => "sold",
        ListOrdersStatus::Unknown(other) => other,
        _ => "added later",
    }
}

pub fn parse(value: &str) -> ListOrdersStatus {
    value.parse().unwrap_or(ListOrdersStatus::New)
}

pub fn list(client: &shop_client::shop::Client) -> shop_client::shop::builders::ListOrders<'_> {
    client.list_orders().status(ListOrdersStatus::Sold)
}
