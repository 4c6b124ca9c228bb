//! Paginated operations as streams: several pages, an empty result, a page
//! that fails midway, a starting page, and an API that omits the page count.

use toggl_client::futures_util::{StreamExt, TryStreamExt};
use toggl_client::{Error, RetryPolicy};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{requests, v9_client};

const ROUTE: &str = "/api/v9/organizations/42/users";

/// Serves page `page` of `pages` with these user ids (and the headers Toggl sends).
async fn page(server: &MockServer, page: u32, pages: Option<u32>, ids: &[i64]) {
    let body: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id, "name": format!("user {id}")})).collect();
    let mut response =
        ResponseTemplate::new(200).set_body_json(body).insert_header("X-Page", page.to_string().as_str());
    if let Some(pages) = pages {
        response = response.insert_header("X-Pages", pages.to_string().as_str());
    }
    Mock::given(method("GET"))
        .and(path(ROUTE))
        .and(query_param("page", page.to_string().as_str()))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn ids(users: &[toggl_client::v9::types::OrgUser]) -> Vec<i64> {
    users.iter().filter_map(|u| u.id).collect()
}

#[tokio::test]
async fn items_stream_across_all_pages_and_stop_at_the_last() {
    let server = MockServer::start().await;
    page(&server, 1, Some(3), &[1, 2]).await;
    page(&server, 2, Some(3), &[3, 4]).await;
    page(&server, 3, Some(3), &[5]).await;

    let users: Vec<_> = v9_client(&server).get_organization_users(42).per_page(2).items().try_collect().await.unwrap();

    assert_eq!(ids(&users), [1, 2, 3, 4, 5]);
    let queries: Vec<_> = requests(&server).await.iter().map(|r| r.url.query().unwrap_or("").to_owned()).collect();
    assert_eq!(queries, ["page=1&per_page=2", "page=2&per_page=2", "page=3&per_page=2"]);
}

#[tokio::test]
async fn pages_are_fetched_lazily_with_their_headers() {
    let server = MockServer::start().await;
    page(&server, 1, Some(5), &[1]).await;
    page(&server, 2, Some(5), &[2]).await;

    let client = v9_client(&server);
    let mut pages = client.get_organization_users(42).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!((first.headers().x_page, first.headers().x_pages), (Some(1), Some(5)));
    assert_eq!(requests(&server).await.len(), 1, "the second page is not asked for before it is wanted");
    let second = pages.next().await.unwrap().unwrap();
    assert_eq!(ids(second.body()), [2]);
    drop(pages);
    assert_eq!(requests(&server).await.len(), 2, "nothing is fetched after the stream is dropped");
}

#[tokio::test]
async fn an_empty_result_is_one_empty_page() {
    let server = MockServer::start().await;
    page(&server, 1, Some(0), &[]).await;

    let pages: Vec<_> = v9_client(&server).get_organization_users(42).pages().try_collect().await.unwrap();

    assert_eq!(pages.len(), 1);
    assert!(pages[0].body().is_empty());
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    page(&server, 1, Some(3), &[1, 2]).await;
    let denied = ResponseTemplate::new(403).set_body_raw("\"User is not authorized\"", "application/json");
    Mock::given(method("GET")).and(path(ROUTE)).and(query_param("page", "2")).respond_with(denied).mount(&server).await;

    let client = v9_client(&server);
    let results: Vec<_> = client.get_organization_users(42).retry(RetryPolicy::disabled()).items().collect().await;

    assert_eq!(results.len(), 3, "two items, then the error, then nothing");
    assert_eq!(results[0].as_ref().unwrap().id, Some(1));
    assert_eq!(results[1].as_ref().unwrap().id, Some(2));
    match &results[2] {
        Err(Error::Status(e)) => assert_eq!((e.status().as_u16(), e.message()), (403, "User is not authorized")),
        other => panic!("expected the 403, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 2, "no page after the failure is asked for");
}

#[tokio::test]
async fn walking_starts_at_the_page_set_on_the_request() {
    let server = MockServer::start().await;
    page(&server, 2, Some(3), &[3]).await;
    page(&server, 3, Some(3), &[5]).await;

    let users: Vec<_> = v9_client(&server).get_organization_users(42).page(2).items().try_collect().await.unwrap();

    assert_eq!(ids(&users), [3, 5]);
}

#[tokio::test]
async fn without_a_page_count_walking_stops_at_an_empty_page() {
    let server = MockServer::start().await;
    page(&server, 1, None, &[1]).await;
    page(&server, 2, None, &[2]).await;
    page(&server, 3, None, &[]).await;

    let users: Vec<_> = v9_client(&server).get_organization_users(42).items().try_collect().await.unwrap();

    assert_eq!(ids(&users), [1, 2]);
}
