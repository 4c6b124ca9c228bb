//! Swagger 2.0 input: the 2.0 edition of the Toggl users operations
//! (`specs/toggl-v9-swagger2.json`, written as Toggl's own 2.0 description
//! states them) gives the client that `api-spec/toggl-v9.yaml` gives, but
//! for what the 2.0 edition itself says differently.

use std::fs;
use std::path::Path;

use codegen::diff::diff;
use codegen::SpecSource;

fn model(path: &Path) -> codegen::model::Api {
    let text = fs::read_to_string(path).unwrap();
    // The same file name, so that both are the module `v9` of one crate.
    codegen::model(&[SpecSource { name: "toggl-v9".into(), text }], codegen::Policy::default())
        .unwrap_or_else(|d| panic!("{}: {d}", path.display()))
        .api
}

#[test]
fn the_toggl_swagger2_edition_gives_the_same_client_but_where_it_differs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let openapi3 = model(&root.join("api-spec/toggl-v9.yaml"));
    let swagger2 = model(&root.join("tests/specs/toggl-v9-swagger2.json"));
    let operations = |api: &codegen::model::Api| api.modules[0].operations.len();
    assert_eq!((operations(&openapi3), operations(&swagger2)), (14, 14));
    let report = diff(&openapi3, &swagger2).to_text("1.0.0");
    // Where the 2.0 edition says something else, and nothing more:
    // - a 2.0 parameter states its type in place (it cannot `$ref` a
    //   definition), so the enums of `active_status` and `sort_dir` are
    //   each operation's own types, not the shared `ActiveStatus` and
    //   `SortDirection`;
    // - Toggl's 2.0 edition declares `name` of
    //   `get_organization_workspaces_workspaceusers` as a form field
    //   (`in: formData`, required), which the 3.0 spec sends in the query.
    let expected = "\
v9:
  breaking  parameter `active_status` of `get_organization_users`: type changed from `Vec<ActiveStatus>` to `Vec<GetOrganizationUsersActiveStatusItem>`
  breaking  parameter `sort_dir` of `get_organization_users`: type changed from `SortDirection` to `GetOrganizationUsersSortDir`
  breaking  parameter `active_status` of `get_organization_users_detailed`: type changed from `Vec<ActiveStatus>` to `Vec<GetOrganizationUsersDetailedActiveStatusItem>`
  breaking  parameter `sort_dir` of `get_organization_users_detailed`: type changed from `SortDirection` to `GetOrganizationUsersDetailedSortDir`
  breaking  parameter `name` of `get_organization_workspaces_workspaceusers`: removed (a setter)
  breaking  request body of `get_organization_workspaces_workspaceusers`: added, required: a new argument
  additive  type `GetOrganizationUsersActiveStatusItem`: added
  additive  type `GetOrganizationUsersSortDir`: added
  additive  type `GetOrganizationUsersDetailedActiveStatusItem`: added
  additive  type `GetOrganizationUsersDetailedSortDir`: added
  additive  type `GetOrganizationWorkspacesWorkspaceusersBody`: added

6 breaking change(s): version 1.0.0 -> 2.0.0
";
    assert_eq!(report, expected);
}
