//! Uses the default base URL, and sets another.

use shop_client::shop::{Client, DEFAULT_BASE_URL};

pub fn staging() -> Result<Client, shop_client::Error> {
    let url = DEFAULT_BASE_URL.replace("shop.", "staging.");
    Client::builder().base_url(url).basic_auth("user", "password").build()
}
