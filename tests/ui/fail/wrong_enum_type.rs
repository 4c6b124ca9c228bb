//! Enum parameters take the enum, not a string.

fn main() {
    let client = toggl_client::v9::Client::builder().build().unwrap();
    let _request = client.get_organization_users(1).sort_dir("desc");
}
