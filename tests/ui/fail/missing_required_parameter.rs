//! A required parameter is an argument: leaving it out does not compile.

fn main() {
    let client = toggl_client::v9::Client::builder().build().unwrap();
    let _request = client.get_workspace_workspace_users(42);
}
