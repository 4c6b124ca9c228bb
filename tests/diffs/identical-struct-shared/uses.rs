//! Uses the inline response struct of `get_order` by its name: fields, `new`
//! and the operation's result. When another operation declares the same
//! struct first, this name becomes an alias of that one's (identical inline
//! structs share one definition): the code still compiles, and the report
//! finds no breaking change.

use shop_client::shop::types::GetOrderResponse;

pub fn note(order: &GetOrderResponse) -> Option<&str> {
    order.note.as_deref()
}

pub fn make(id: i64) -> GetOrderResponse {
    GetOrderResponse::new(id)
}

pub async fn fetch(client: &shop_client::shop::Client) -> Option<GetOrderResponse> {
    client.get_order(7).send().await.ok().map(|response| response.into_body())
}
