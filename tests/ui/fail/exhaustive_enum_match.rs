//! Enums are `#[non_exhaustive]`: a match must handle values added later.

use toggl_client::v9::types::SortDirection;

fn main() {
    let direction = SortDirection::Asc;
    match direction {
        SortDirection::Asc => {}
        SortDirection::Desc => {}
        SortDirection::Unknown(_) => {}
    }
}
