//! Per-request overhead: the generated client against the same request
//! written by hand with reqwest, both against one keep-alive HTTP server on
//! 127.0.0.1 that answers a page of two organization users with Toggl's
//! pagination headers. Requests of the two alternate; the table gives the
//! median per request of each and their ratio. Run by `cargo xtask bench`.

use std::time::{Duration, Instant};

use toggl_client::v9;
use toggl_client::v9::types::{ActiveStatus, OrgUser};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY: &str = r#"[{"id":5234567,"user_id":6123456,"organization_id":42,"name":"Jane Doe","email":"jane@example.com","admin":true,"owner":false,"joined":true,"inactive":false,"2fa_enabled":true,"groups":[{"group_id":77,"name":"Engineering"}],"workspaces":[{"workspace_id":1001,"workspace_name":"Main","admin":true,"role":"admin"}]},{"id":5234568,"user_id":6123457,"organization_id":42,"name":"John Roe","email":"john@example.com","admin":false,"owner":false,"joined":false,"inactive":false,"2fa_enabled":null,"groups":[],"workspaces":[]}]"#;

/// Answers every request on every connection with the same page.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v9", listener.local_addr().unwrap());
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Page: 1\r\nX-Page-Size: 50\r\nX-Pages: 1\r\nX-Records: 2\r\nX-Sort-Order: asc\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0; 8192];
                let mut filled = 0;
                loop {
                    match socket.read(&mut buffer[filled..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => filled += n,
                    }
                    // One request per read is enough: requests have no body here.
                    while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                        buffer.copy_within(end + 4..filled, 0);
                        filled -= end + 4;
                    }
                }
            });
        }
    });
    base
}

async fn generated(client: &v9::Client) -> usize {
    let response =
        client.get_organization_users(42).active_status(vec![ActiveStatus::Active]).per_page(50).send().await.unwrap();
    assert_eq!(response.headers().x_pages, Some(1));
    response.len()
}

/// What a careful hand-written call does: the ids and values formatted into
/// the URL, basic auth, `Accept`, a status check, the pagination header, JSON.
async fn by_hand(http: &reqwest::Client, base: &str) -> usize {
    let (organization_id, status, per_page) = (42, "active", 50);
    let response = http
        .get(format!("{base}/organizations/{organization_id}/users?active_status={status}&per_page={per_page}"))
        .basic_auth("token", Some("api_token"))
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let pages: Option<i64> = response.headers().get("x-pages").and_then(|v| v.to_str().ok()?.parse().ok());
    assert_eq!(pages, Some(1));
    let body = response.bytes().await.unwrap();
    let users: Vec<OrgUser> = serde_json::from_slice(&body).unwrap();
    users.len()
}

/// Requests timed of each kind.
const REQUESTS: usize = 5000;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base = serve().await;
    let client = v9::Client::builder().base_url(&base).api_token("token").build().unwrap();
    let http = reqwest::Client::new();
    // Warm up both connection pools.
    for _ in 0..200 {
        generated(&client).await;
        by_hand(&http, &base).await;
    }
    // One of each in turn, so that both see the same machine: a slow spell
    // of a noisy host lands on both alike.
    let (mut ours, mut theirs) = (Vec::with_capacity(REQUESTS), Vec::with_capacity(REQUESTS));
    for _ in 0..REQUESTS {
        let started = Instant::now();
        std::hint::black_box(generated(&client).await);
        ours.push(started.elapsed());
        let started = Instant::now();
        std::hint::black_box(by_hand(&http, &base).await);
        theirs.push(started.elapsed());
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!("| client | median µs per request | requests |");
    println!("|---|---:|---:|");
    println!("| generated | {:.1} | {REQUESTS} |", ours.as_secs_f64() * 1e6);
    println!("| hand-written reqwest | {:.1} | {REQUESTS} |", theirs.as_secs_f64() * 1e6);
    println!("\nratio generated / hand-written: {:.3}", ours.as_secs_f64() / theirs.as_secs_f64());
}
