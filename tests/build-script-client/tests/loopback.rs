//! The client the build script generated, used as any other: a request to a
//! loopback server, and its answer decoded.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use build_script_client::api;

/// A server that answers one request with `answer` and hands over its
/// request line.
fn serve(answer: &'static str) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        stream.write_all(answer.as_bytes()).unwrap();
        request_line
    });
    (url, handle)
}

#[tokio::test]
async fn the_included_client_sends_and_decodes() {
    let (url, server) =
        serve("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello");
    let client = api::notes::Client::builder().base_url(url).build().unwrap();
    // The schema mapped to this crate's own type takes it.
    let note = client.get_note(7).format(build_script_client::note::Format::Markdown).send().await.unwrap();
    assert_eq!(note.body(), "hello");
    assert_eq!(server.join().unwrap(), "GET /notes/7?format=markdown HTTP/1.1\r\n");
    // The other spec's module is there too, with its errors at the module's root.
    let _: Option<api::Error> = None;
    let _ = api::v9::Client::builder().api_token("t").build().unwrap();
}

/// `build.rs` turned retries off: a 503 is the answer, not sent again.
#[tokio::test]
async fn requests_are_sent_once_unless_a_retry_policy_is_given() {
    let (url, server) = serve("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
    let client = api::notes::Client::builder().base_url(url).build().unwrap();
    let error = client.get_note(7).send().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    server.join().unwrap();
}

/// The crate has the dependencies the generated code needs.
#[test]
fn the_manifest_has_the_generated_clients_dependencies() {
    let dependencies = codegen::Generator::new("api")
        .spec("../../api-spec/toggl-v9.yaml")
        .spec("../specs/minimal-client.yaml")
        .dependencies()
        .unwrap();
    let manifest = include_str!("../Cargo.toml");
    let start = manifest.find("[dependencies]\n").unwrap() + "[dependencies]\n".len();
    let end = manifest[start..].find("\n\n").map_or(manifest.len(), |end| start + end + 1);
    assert_eq!(&manifest[start..end], dependencies);
}
