//! Drives the client generated from Stripe's API description against a
//! loopback server, and checks the requests byte for byte: a form-encoded
//! POST with nested objects, a map and a list, and a `deepObject` query.
//! Built and run by `cargo xtask stripe`, against the client it generates.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::thread;

use stripe_client::stripe_com::types::{
    GetCustomersCreated, GetCustomersCreatedVariant0, PostCustomersBody, PostCustomersBodyAddress,
    PostCustomersBodyAddressVariant0, PostCustomersBodyMetadata,
};
use stripe_client::stripe_com::Client;

/// One request as the server read it.
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Answers each of `answers` to one connection, in order, and hands back
/// what each request was.
fn serve(answers: Vec<String>) -> (String, thread::JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let server = thread::spawn(move || {
        let mut seen = Vec::new();
        for answer in answers {
            let (mut stream, _) = listener.accept().expect("a connection");
            let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
            let mut line = String::new();
            reader.read_line(&mut line).expect("a request line");
            let mut headers = Vec::new();
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).expect("a header");
                let Some((name, value)) = header.trim_end().split_once(": ") else { break };
                headers.push((name.to_ascii_lowercase(), value.to_owned()));
            }
            let length = headers.iter().find(|(n, _)| n == "content-length").map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("the body");
            stream.write_all(answer.as_bytes()).expect("the answer");
            seen.push(Seen { line: line.trim_end().to_owned(), headers, body: String::from_utf8(body).unwrap() });
        }
        seen
    });
    (url, server)
}

fn answer(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn main() {
    let (url, server) = serve(vec![
        answer("200 OK", r#"{"object":"list","data":[],"has_more":false,"url":"/v1/customers"}"#),
        answer("402 Payment Required", r#"{"error":{"message":"Your card was declined.","type":"card_error"}}"#),
    ]);
    let client = Client::builder().bearer_token("sk_test_123").base_url(url).build().expect("a client");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");

    let created = GetCustomersCreatedVariant0::new().with_gt(1_700_000_000).with_lte(1_800_000_000);
    let list = client
        .get_customers()
        .created(GetCustomersCreated::Variant0(created))
        .expand(vec!["data.default_source".into()])
        .limit(3);
    let page = runtime.block_on(list.send()).expect("the list decodes");
    assert_eq!(page.status(), 200);

    let metadata: BTreeMap<String, String> = [("order_id", "6735"), ("note", "a b&c")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let address = PostCustomersBodyAddressVariant0::new().with_city("Oslo").with_line1("Karl Johans gate 1");
    let body = PostCustomersBody::new()
        .with_address(PostCustomersBodyAddress::Variant0(address))
        .with_email("ann@example.com")
        .with_expand(vec!["default_source".into(), "tax".into()])
        .with_metadata(PostCustomersBodyMetadata::Object(metadata));
    let error = runtime.block_on(client.post_customers().body(body).send()).expect_err("a 402");
    let response = error.response().expect("an API error");
    assert_eq!(response.status(), 402);
    assert_eq!(response.message(), "Your card was declined.");

    let seen = server.join().expect("the server");
    assert_eq!(
        seen[0].line,
        "GET /v1/customers?created%5Bgt%5D=1700000000&created%5Blte%5D=1800000000\
         &expand%5B0%5D=data.default_source&limit=3 HTTP/1.1"
    );
    let header = |s: &Seen, name: &str| s.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(header(&seen[0], "authorization").as_deref(), Some("Bearer sk_test_123"));
    assert_eq!(seen[1].line, "POST /v1/customers HTTP/1.1");
    assert_eq!(header(&seen[1], "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        seen[1].body,
        "address%5Bcity%5D=Oslo&address%5Bline1%5D=Karl%20Johans%20gate%201&email=ann%40example.com\
         &expand%5B0%5D=default_source&expand%5B1%5D=tax&metadata%5Bnote%5D=a%20b%26c&metadata%5Border_id%5D=6735"
    );
    println!("2 requests to Stripe's API as its description says: a deepObject query and a nested form body");
}
