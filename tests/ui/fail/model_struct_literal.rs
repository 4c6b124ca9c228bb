//! Models are `#[non_exhaustive]`: a literal would break when the API adds a
//! field, so it does not compile; `new` and the `with_*` setters do.

use toggl_client::v9::types::UserPatchParams;

fn main() {
    let _ = UserPatchParams::new().with_delete(vec![1]);
    let _ = UserPatchParams { delete: Some(vec![1]) };
}
