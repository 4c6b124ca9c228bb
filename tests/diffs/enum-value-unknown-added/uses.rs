//! Matches every value of `Status` the way code outside the crate must: the
//! enum is non-exhaustive, so a wildcard arm is required.

use shop_client::shop::types::Status;

pub fn label(status: &Status) -> &str {
    match status {
        Status::New => "new",
        Status::Sold => "sold",
        Status::Unknown(other) => other,
        _ => "added later",
    }
}

pub fn parse(value: &str) -> Status {
    value.parse().unwrap_or(Status::New)
}
