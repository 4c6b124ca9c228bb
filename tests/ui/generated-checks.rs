//! The `main` of the crate generated for the awkward specs (`ui/generated/`):
//! its models decode as `serde_derive` would decode them, and its
//! credentials go on the wire as their schemes say.

use std::sync::{Arc, Mutex};

use crate::shapes::types::{Base, Both, Nest, Tree};
use crate::Nullable;

pub fn run() {
    models();
    credentials();
    builder_debug();
    retry_after();
    unions();
    flattened_unions();
    bodies();
    servers();
    bodies_by_status();
    object_and_cookie_parameters();
    multipart_bodies();
    typed_error_bodies();
    swagger2();
    tuples();
    typed_formats();
    objects_in_paths_and_headers();
    uploads();
    unions_of_one_and_of_two();
    form_bodies_that_are_not_objects();
}

/// A form body that is a string is sent as given; one that is a list has
/// each item under its index; a multipart body that is a string is one file.
fn form_bodies_that_are_not_objects() {
    use crate::form_bodies_that_are_not_objects::types::CreateTasksBodyItem;
    let builder = crate::form_bodies_that_are_not_objects::Client::builder;
    let seen = sent(builder(), |client| Box::pin(client.analyze("instructions=Add%20salt&servings=2").send()));
    assert_eq!(String::from_utf8(seen.body).unwrap(), "instructions=Add%20salt&servings=2");
    let form = ("content-type".to_owned(), "application/x-www-form-urlencoded".to_owned());
    assert!(seen.headers.contains(&form), "{:?}", seen.headers);
    let tasks = vec![CreateTasksBodyItem::new().with_name("cut"), CreateTasksBodyItem::new().with_name("add intro")];
    let seen = sent(builder(), |client| Box::pin(client.create_tasks(tasks).send()));
    assert_eq!(String::from_utf8(seen.body).unwrap(), "0%5Bname%5D=cut&1%5Bname%5D=add%20intro");
    let file = crate::File::new(b"hello".to_vec()).with_name("a.txt");
    let seen = sent(builder(), |client| Box::pin(client.translate_file(file).send()));
    let body = String::from_utf8(seen.body).unwrap();
    assert!(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"), "{body}");
}

/// A union of one alternative is that alternative's type; a union of two
/// decodes as the first alternative that matches and encodes as it.
fn unions_of_one_and_of_two() {
    use crate::unions_of_one_and_of_two::types::{Account, AccountId, Owner, Profile};
    let account: Account = serde_json::from_str(r#"{"id":7,"profile":{"name":"a"},"owner":{"name":"o"},"status":"ok"}"#).unwrap();
    assert_eq!(account.id, AccountId::Integer(7));
    let profile: Option<Profile> = account.profile.clone();
    assert_eq!(profile.and_then(|p| p.name).as_deref(), Some("a"));
    let owner: Option<Owner> = account.owner.clone();
    let _: Option<Profile> = owner;
    let status: Option<String> = account.status.clone();
    assert_eq!(status.as_deref(), Some("ok"));
    let old: Account = serde_json::from_str(r#"{"id":"acct_1","profile":null}"#).unwrap();
    assert_eq!(old.id, AccountId::String("acct_1".into()));
    assert_eq!(serde_json::to_value(&old.id).unwrap(), "acct_1");
    let error = serde_json::from_str::<Account>(r#"{"id":true}"#).unwrap_err().to_string();
    assert!(error.contains("did not match any variant of untagged enum AccountId"), "{error}");
    // `enum: [""]` is the runtime's `Empty`, one type for all such enums.
    use crate::unions_of_one_and_of_two::types::AccountAddress;
    let cleared: Account = serde_json::from_str(r#"{"id":1,"address":""}"#).unwrap();
    assert_eq!(cleared.address, Some(AccountAddress::Empty(crate::runtime::Empty)));
    assert_eq!(serde_json::to_value(&cleared).unwrap()["address"], "");
    let set: Account = serde_json::from_str(r#"{"id":1,"address":{"name":"Main St"}}"#).unwrap();
    assert!(matches!(set.address, Some(AccountAddress::Profile(_))));
}

/// Files streamed to the server: as a raw body, in chunks or with their
/// length, and as a part of a multipart body; a streamed upload is sent once,
/// never retried.
fn uploads() {
    use crate::multipart_bodies::types::UploadDocumentBody;
    let stream = || {
        let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"ab"), Ok(b"cd")];
        crate::File::stream(futures_util::stream::iter(chunks))
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let no_content = "HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let client = |url: &str| crate::bodies_of_every_media_type::Client::builder().base_url(url).build().unwrap();

    let (url, requests) = capture(vec![no_content.into(), no_content.into()]);
    runtime.block_on(client(&url).upload_file(stream()).send()).unwrap();
    let chunked = requests.recv().unwrap();
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"));
    assert_eq!(chunked.header("content-type"), Some("application/octet-stream"));
    assert_eq!(chunked.body, b"abcd");
    let sized = stream().with_length(4).with_content_type("image/png");
    runtime.block_on(client(&url).upload_file(sized).send()).unwrap();
    let sized = requests.recv().unwrap();
    assert_eq!((sized.header("content-length"), sized.header("transfer-encoding")), (Some("4"), None));
    assert_eq!(sized.header("content-type"), Some("image/png"));
    assert_eq!(sized.body, b"abcd");

    // A multipart body with a streamed file: the same parts as with bytes.
    let created = "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
    let (url, requests) = capture(vec![created.into()]);
    let client = crate::multipart_bodies::Client::builder().base_url(url).build().unwrap();
    let body = UploadDocumentBody::new(stream().with_name("a.pdf")).with_title("Q3");
    runtime.block_on(client.upload_document(body).send()).unwrap();
    let seen = requests.recv().unwrap();
    let boundary = seen.header("content-type").and_then(|t| t.strip_prefix("multipart/form-data; boundary=")).unwrap();
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\nabcd\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ3\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8(seen.body).unwrap(), expected);

    // Retried on 503 when the body is bytes; sent once when it is a stream.
    let unavailable = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let (url, requests) = capture(vec![unavailable.into(), no_content.into(), unavailable.into(), no_content.into()]);
    let policy = crate::RetryPolicy::new().retry_non_idempotent(true).base_delay(std::time::Duration::from_millis(1));
    let client = crate::bodies_of_every_media_type::Client::builder().base_url(url).retry(policy).build().unwrap();
    runtime.block_on(client.upload_file(b"ab".to_vec()).send()).unwrap();
    assert_eq!((requests.recv().unwrap().body, requests.recv().unwrap().body), (b"ab".to_vec(), b"ab".to_vec()));
    let error = runtime.block_on(client.upload_file(stream()).send()).unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
    assert_eq!(requests.recv().unwrap().body, b"abcd");
    assert!(requests.recv_timeout(std::time::Duration::from_millis(200)).is_err(), "a stream is not sent again");
}

/// Objects in a path or a header in the simple style, and path and cookie
/// parameters described as JSON.
fn objects_in_paths_and_headers() {
    use crate::objects_and_json_in_paths_headers_cookies::types::Filter;
    let filter = || Filter::new("a b".into()).with_level(3);
    let seen = sent(crate::objects_and_json_in_paths_headers_cookies::Client::builder(), |client| {
        let request = client.get_thing(filter(), filter(), "t-1", filter()).x_filter(filter()).prefs(filter());
        Box::pin(request.send())
    });
    assert!(
        seen.url.ends_with(
            "/things/level,3,role,a%20b/level=3,role=a%20b/t-1/%7B%22role%22%3A%22a%20b%22%2C%22level%22%3A3%7D"
        ),
        "{}",
        seen.url
    );
    let header = |name: &str| seen.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    assert_eq!(header("x-filter").as_deref(), Some("level=3,role=a b"));
    assert_eq!(header("cookie").as_deref(), Some("prefs=%7B%22role%22%3A%22a%20b%22%2C%22level%22%3A3%7D"));
}

/// Formats as types: an instant, a date, a UUID and unsigned integers read
/// from and written as the API writes them, in models and parameters; a
/// value out of its type's range is an error.
fn typed_formats() {
    use crate::typed_formats::types::Event;
    let json = r#"{"id":"67e55044-10b1-426f-9247-bb680e5fe0c8","at":"2024-07-11T01:14:00.5+02:00","day":"2024-07-11","level":255,"port":8080,"count":4000000000,"bytes":18446744073709551615,"history":["2024-01-01T00:00:00Z"]}"#;
    let event: Event = serde_json::from_str(json).unwrap();
    assert_eq!(event.id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(event.at.to_string(), "2024-07-10T23:14:00.5Z");
    assert_eq!(event.day.map(|d| d.to_string()).as_deref(), Some("2024-07-11"));
    assert_eq!((event.level, event.port, event.count, event.bytes), (Some(255), Some(8080), Some(4_000_000_000), Some(u64::MAX)));
    let back = serde_json::to_value(&event).unwrap();
    assert_eq!(back["at"], "2024-07-10T23:14:00.5Z");
    assert_eq!(back["day"], "2024-07-11");
    assert!(serde_json::from_str::<Event>(&json.replace("255", "256")).is_err(), "256 is no uint8");
    assert!(serde_json::from_str::<Event>(&json.replace("2024-07-11T01:14:00.5+02:00", "2024-07-11 01:14")).is_err());

    let since: crate::jiff::Timestamp = "2024-01-02T03:04:05Z".parse().unwrap();
    let days = vec!["2024-01-01".parse().unwrap(), "2024-01-02".parse().unwrap()];
    let seen = sent(crate::typed_formats::Client::builder(), |client| {
        let request = client.get_event(event.id).since(since).days(days).x_day("2024-02-29".parse().unwrap());
        Box::pin(request.send())
    });
    assert!(
        seen.url.ends_with("/events/67e55044-10b1-426f-9247-bb680e5fe0c8?since=2024-01-02T03%3A04%3A05Z&days=2024-01-01,2024-01-02"),
        "{}",
        seen.url
    );
    assert!(seen.headers.iter().any(|(n, v)| n == "x-day" && v == "2024-02-29"), "{:?}", seen.headers);
}

/// OpenAPI 3.1's `prefixItems` of an array of exactly those items is a
/// tuple, read from and written as a JSON array.
fn tuples() {
    use crate::openapi_3_1_tuples_and_references::types::{Owner, Place, PlaceKeeper};
    let place: Place = serde_json::from_str(r#"{"point":[1.5,2],"label":["home",{"name":"ann"}]}"#).unwrap();
    assert_eq!(place.point, (1.5, 2.0));
    let (label, owner): &(String, Owner) = place.label.as_ref().unwrap();
    assert_eq!((label.as_str(), owner.name.as_deref()), ("home", Some("ann")));
    assert!(serde_json::from_str::<Place>(r#"{"point":[1.5,2,3]}"#).is_err(), "a tuple has no third item");
    // An alternative that is a `$ref` with a description is named by it.
    let kept: Place = serde_json::from_str(r#"{"point":[0,0],"keeper":{"name":"ann"}}"#).unwrap();
    assert!(matches!(kept.keeper, Some(PlaceKeeper::Owner(_))), "{:?}", kept.keeper);
    let back = serde_json::to_value(&place).unwrap();
    assert_eq!(back, serde_json::json!({"point": [1.5, 2.0], "label": ["home", {"name": "ann"}]}));
}

/// A Swagger 2.0 document's client: each `collectionFormat` on the wire, a
/// shared body parameter as JSON, form fields as a form (a file among them
/// as multipart), and a file response as bytes.
fn swagger2() {
    use crate::swagger2_features::types::{Item, ListItemsSort, LoginBody, UploadPhotoBody};
    let header = |sent: &Sent, name: &str| sent.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let builder = || crate::swagger2_features::Client::builder().api_key("k");
    assert_eq!(crate::swagger2_features::DEFAULT_BASE_URL, "https://api.example.com/v2");
    let two = || vec![String::from("a"), String::from("b")];
    let list = sent(builder(), |client| {
        let request = client.list_items().csv(two()).ssv(two()).tsv(two()).pipes(two()).multi(vec![1, 2]);
        Box::pin(request.sort(ListItemsSort::Desc).x_trace(vec![7, 8]).send())
    });
    assert!(
        list.url.ends_with("/items?csv=a,b&ssv=a%20b&tsv=a%09b&pipes=a%7Cb&multi=1&multi=2&sort=desc"),
        "{}",
        list.url
    );
    assert_eq!(header(&list, "x-trace").as_deref(), Some("7,8"));
    assert_eq!(header(&list, "x-key").as_deref(), Some("k"));

    let created = sent(builder(), |client| Box::pin(client.create_item(Item::new("pen".into())).send()));
    assert_eq!(header(&created, "content-type").as_deref(), Some("application/json"));
    assert_eq!(created.body, br#"{"name":"pen"}"#);

    let login = LoginBody::new("ann".into()).with_scopes(two()).with_flags(two());
    let form = sent(builder(), |client| Box::pin(client.login(login).send()));
    assert_eq!(header(&form, "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(&form, "x-key"), None, "`security: []` sends no key");
    assert_eq!(String::from_utf8(form.body).unwrap(), "flags=a%2Cb&scopes=a&scopes=b&user=ann");

    let photo = UploadPhotoBody::new(crate::File::new(b"jpg".to_vec()).with_name("p.jpg")).with_caption("hi");
    let upload = sent(builder(), |client| Box::pin(client.upload_photo(3, photo).send()));
    assert!(upload.url.ends_with("/items/3/photo"), "{}", upload.url);
    let content_type = header(&upload, "content-type").unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8(upload.body).unwrap();
    assert!(body.contains("name=\"caption\"\r\n\r\nhi\r\n") && body.contains("filename=\"p.jpg\""), "{body}");

    // Lists in a path and a header, joined as their `collectionFormat` says.
    let batch = sent(builder(), |client| {
        Box::pin(client.get_batch(vec![1, 2]).x_codes(vec!["a".into(), "b".into()]).send())
    });
    assert!(batch.url.ends_with("/batch/1%7C2"), "{}", batch.url);
    assert_eq!(header(&batch, "x-codes").as_deref(), Some("a b"));
    assert_eq!(header(&batch, "accept").as_deref(), Some("application/xml"));

    // `x-nullable` beside a `$ref`: the owner may be `null`.
    let item: Item = serde_json::from_str(r#"{"name":"pen","owner":null}"#).unwrap();
    assert_eq!(item.owner, Nullable::Null);

    let pdf = "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: 4\r\nconnection: close\r\n\r\n%PDF";
    let client = builder().base_url(serve(vec![pdf.to_owned()])).build().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let manual = runtime.block_on(client.download_manual(3).send()).unwrap();
    assert_eq!(manual.body(), b"%PDF");
}

/// An error status's body is kept as the type the API declares for it, by
/// status, range or `default`; a body that is not one has no typed form.
fn typed_error_bodies() {
    use crate::typed_error_bodies::types::{GetItemErrorDefault, Problem};
    let answer = |status: &str, body: &str| {
        format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
    };
    let url = serve(vec![
        answer("404 Not Found", "{\"code\":\"missing\",\"message\":\"no item 7\"}"),
        answer("409 Conflict", "{\"code\":\"busy\"}"),
        answer("500 Internal Server Error", "{\"trace\":\"t-1\"}"),
        answer("404 Not Found", "not json"),
    ]);
    let client = crate::typed_error_bodies::Client::builder()
        .base_url(url)
        .retry(crate::RetryPolicy::disabled())
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let next = || runtime.block_on(client.get_item(7).send()).unwrap_err();
    let error = next();
    let problem = error.response().and_then(|e| e.typed::<Problem>()).expect("a typed 404");
    assert_eq!((problem.code.as_str(), problem.message.as_deref()), ("missing", Some("no item 7")));
    assert_eq!(error.response().unwrap().message(), "no item 7");
    let error = next();
    assert_eq!(error.response().and_then(|e| e.typed::<Problem>()).map(|p| p.code.as_str()), Some("busy"));
    let error = next();
    assert_eq!(error.response().and_then(|e| e.typed::<GetItemErrorDefault>()).map(|d| d.trace.as_str()), Some("t-1"));
    assert!(error.response().unwrap().typed::<Problem>().is_none(), "typed as its own type only");
    let error = next();
    assert!(error.response().unwrap().typed::<Problem>().is_none());
    assert_eq!(error.response().unwrap().body(), "not json");
}

/// A multipart body: a part per property, files with their names and media
/// types, lists as one part per item, objects as JSON.
fn multipart_bodies() {
    use crate::multipart_bodies::types::{UploadDocumentBody, UploadDocumentBodyMeta};
    let body = UploadDocumentBody::new(crate::File::new(b"%PDF".to_vec()).with_name("a.pdf"))
        .with_title("Q3")
        .with_tags(vec!["x".into(), "y".into()])
        .with_attachments(vec![crate::File::new(b"png".to_vec()).with_name("b.png").with_content_type("image/png")])
        .with_meta(UploadDocumentBodyMeta::new().with_author("ann"))
        .with_cover(crate::File::new(b"jpg".to_vec()).with_name("c.jpg"));
    let seen = sent(crate::multipart_bodies::Client::builder(), |client| Box::pin(client.upload_document(body).send()));
    let content_type = seen.headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.clone()).unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(&content_type);
    let part = |disposition: &str, media: Option<&str>, value: &str| {
        let media = media.map(|m| format!("Content-Type: {m}\r\n")).unwrap_or_default();
        format!("--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n{media}\r\n{value}\r\n")
    };
    let expected = [
        part("name=\"file\"; filename=\"a.pdf\"", Some("application/pdf"), "%PDF"),
        part("name=\"title\"", None, "Q3"),
        part("name=\"tags\"", None, "x"),
        part("name=\"tags\"", None, "y"),
        part("name=\"attachments\"; filename=\"b.png\"", Some("image/png"), "png"),
        part("name=\"meta\"", Some("application/json"), "{\"author\":\"ann\"}"),
        part("name=\"cover\"; filename=\"c.jpg\"", Some("application/octet-stream"), "jpg"),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(String::from_utf8(seen.body).unwrap(), expected);

    // A multipart body that does not say its parts is one file, the part `file`.
    let file = crate::File::new(b"doc".to_vec()).with_name("a.txt");
    let seen = sent(crate::multipart_without_schema::Client::builder(), |client| {
        Box::pin(client.upload_attachment(file).send())
    });
    let body = String::from_utf8(seen.body).unwrap();
    assert!(body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"), "{body}");
}

/// Object query parameters are written as their style says; cookie
/// parameters and a cookie credential go in one `Cookie` header.
fn object_and_cookie_parameters() {
    use crate::object_and_cookie_parameters::types::{ListItemsFilter, ListItemsFilterCreated, ListItemsPage, ListItemsWhere};
    let filter = ListItemsFilter::new()
        .with_created(ListItemsFilterCreated::new().with_gt(1).with_lte(5))
        .with_status("open");
    let page = ListItemsPage::new().with_size(50);
    let client = crate::object_and_cookie_parameters::Client::builder().api_key("t0k");
    let seen = sent(client, |client| {
        let request = client.list_items().filter(filter).page(page).expand(vec!["customer".into(), "plan".into()]);
        let request = request.x_meta(vec![1, 2]).r#where(ListItemsWhere::new().with_city("Oslo"));
        Box::pin(request.created(7.into()).session("a b;c").theme("dark").send())
    });
    assert!(
        seen.url.ends_with(
            "/items?filter%5Bcreated%5D%5Bgt%5D=1&filter%5Bcreated%5D%5Blte%5D=5&filter%5Bstatus%5D=open&size=50\
             &expand%5B0%5D=customer&expand%5B1%5D=plan&created=7&where=%7B%22city%22%3A%22Oslo%22%7D"
        ),
        "{}",
        seen.url
    );
    let cookie = seen.headers.iter().find(|(n, _)| n == "cookie").map(|(_, v)| v.as_str());
    assert_eq!(cookie, Some("session=a%20b%3Bc; theme=dark; token=t0k"));
    let meta = seen.headers.iter().find(|(n, _)| n == "x-meta").map(|(_, v)| v.as_str());
    assert_eq!(meta, Some("[1,2]"));
    assert_eq!(seen.headers.iter().filter(|(n, _)| n == "cookie").count(), 1);
}

/// Answers each connection to the returned base URL with the next of
/// `responses` (whole HTTP/1.1 responses), on a thread of its own.
fn serve(responses: Vec<String>) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for response in responses {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                line.clear();
            }
            stream.write_all(response.as_bytes()).unwrap();
        }
    });
    url
}

/// A request as a server read it: its headers (names in lower case) and
/// its body, whole, however it was framed.
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A loopback server that answers each connection with the next response
/// and hands over each request it read, its chunked body decoded.
fn capture(responses: Vec<String>) -> (String, std::sync::mpsc::Receiver<Received>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for response in responses {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut headers = Vec::new();
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            loop {
                line.clear();
                reader.read_line(&mut line).unwrap();
                match line.trim_end().split_once(':') {
                    Some((name, value)) => headers.push((name.to_ascii_lowercase(), value.trim().to_owned())),
                    None => break,
                }
            }
            let mut received = Received { headers, body: Vec::new() };
            if received.header("transfer-encoding") == Some("chunked") {
                loop {
                    line.clear();
                    reader.read_line(&mut line).unwrap();
                    let size = usize::from_str_radix(line.trim_end(), 16).unwrap();
                    let mut chunk = vec![0; size + 2];
                    reader.read_exact(&mut chunk).unwrap();
                    if size == 0 {
                        break;
                    }
                    received.body.extend_from_slice(&chunk[..size]);
                }
            } else if let Some(length) = received.header("content-length") {
                received.body = vec![0; length.parse().unwrap()];
                reader.read_exact(&mut received.body).unwrap();
            }
            stream.write_all(response.as_bytes()).unwrap();
            sender.send(received).unwrap();
        }
    });
    (url, receiver)
}

/// The status of a success picks the variant of an operation whose
/// statuses have different bodies.
fn bodies_by_status() {
    use crate::success_bodies_by_status::builders::CreateItemResponseBody as Body;
    let answer = |status: &str, content_type: &str, body: &str| {
        format!("HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
    };
    let url = serve(vec![
        answer("200 OK", "application/json", "\"there\""),
        answer("201 Created", "application/json", "{\"id\":7}"),
        answer("202 Accepted", "text/plain", "later"),
        answer("204 No Content", "text/plain", ""),
        answer("299 Fine", "application/octet-stream", "xyz"),
    ]);
    let client = crate::success_bodies_by_status::Client::builder().base_url(url).build().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let next = || runtime.block_on(client.create_item().send()).unwrap_or_else(|e| panic!("{e}")).into_body();
    assert_eq!(next(), Body::Ok("there".into()));
    assert!(matches!(next(), Body::Created(item) if item.id == Some(7)));
    assert_eq!(next(), Body::Accepted("later".into()));
    assert_eq!(next(), Body::NoContent);
    assert_eq!(next(), Body::Success(b"xyz".to_vec()));
}

/// An operation the spec gives a server of its own is sent there, unless
/// the client's base URL is set.
fn servers() {
    let urls = |base_url: Option<&str>| -> Vec<String> {
        ["get_upload", "put_upload", "download"]
            .iter()
            .map(|op| {
                let seen = Arc::new(Mutex::new(String::new()));
                let hook = {
                    let seen = Arc::clone(&seen);
                    move |request: &mut reqwest::Request| *seen.lock().unwrap() = request.url().to_string()
                };
                let mut builder = crate::servers_per_operation::Client::builder()
                    .retry(crate::RetryPolicy::disabled())
                    .request_hook(hook);
                if let Some(url) = base_url {
                    builder = builder.base_url(url);
                }
                let client = builder.build().unwrap();
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                let _ = runtime.block_on(async {
                    match *op {
                        "get_upload" => client.get_upload().send().await,
                        "put_upload" => client.put_upload().send().await,
                        _ => client.download().send().await,
                    }
                });
                let url = seen.lock().unwrap().clone();
                url
            })
            .collect()
    };
    assert_eq!(
        urls(None),
        ["http://127.0.0.1:9/uploads/upload", "http://127.0.0.1:9/v2/upload", "http://127.0.0.1:9/api/download"]
    );
    assert_eq!(
        urls(Some("http://127.0.0.1:9/proxy")),
        ["http://127.0.0.1:9/proxy/upload", "http://127.0.0.1:9/proxy/upload", "http://127.0.0.1:9/proxy/download"]
    );
}

/// Bodies go on the wire as their media type says: a form with nested
/// values in brackets and the spec's encodings, JSON where JSON is offered
/// beside a form, raw bytes.
fn bodies() {
    use crate::bodies_of_every_media_type::types::{ChargeParams, ChargeParamsItemsItem};
    let header = |sent: &Sent, name: &str| sent.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let builder = crate::bodies_of_every_media_type::Client::builder;
    let params = ChargeParams::new(2000)
        .with_description("a b&c")
        .with_metadata([("order_id".to_owned(), "6735".to_owned())].into())
        .with_items(vec![ChargeParamsItemsItem::new().with_price("p_1").with_quantity(2)])
        .with_expand(vec!["customer".into()])
        .with_tags(vec!["x".into(), "y".into()]);
    let form = sent(builder(), |client| Box::pin(client.create_charge(params.clone()).send()));
    assert_eq!(header(&form, "content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8(form.body).unwrap(),
        "amount=2000&description=a%20b%26c&expand%5B0%5D=customer&items%5B0%5D%5Bprice%5D=p_1\
         &items%5B0%5D%5Bquantity%5D=2&metadata%5Border_id%5D=6735&tags=x%2Cy"
    );
    let json = sent(builder(), |client| Box::pin(client.create_customer().body(params.clone()).send()));
    assert_eq!(header(&json, "content-type").as_deref(), Some("application/json"));
    assert!(json.body.starts_with(b"{\"amount\":2000"), "{:?}", String::from_utf8_lossy(&json.body));
    let bytes = sent(builder(), |client| Box::pin(client.upload_file(vec![0, 159, 146, 150]).send()));
    assert_eq!(header(&bytes, "content-type").as_deref(), Some("application/octet-stream"));
    assert_eq!(bytes.body, [0, 159, 146, 150]);
}

/// A union of objects inside an object reads its alternative from the same
/// JSON object, and writes it back into it.
fn flattened_unions() {
    use crate::unions_inside_objects::types::{Check, CheckKind, Issue, IssueVariant, Threshold, ThresholdType};
    let one: Issue = serde_json::from_str(r#"{"title":"t","fixed":true,"project":"p"}"#).unwrap();
    assert_eq!(one.title, "t");
    assert!(matches!(&one.variant, IssueVariant::Variant1(v) if v.project == "p"), "{one:?}");
    let many: Issue = serde_json::from_str(r#"{"title":"t","projects":["a","b"]}"#).unwrap();
    assert!(matches!(&many.variant, IssueVariant::Variant0(v) if v.projects == ["a", "b"]), "{many:?}");
    assert!(serde_json::from_str::<Issue>(r#"{"title":"t"}"#).is_err(), "no alternative matches");
    let back = serde_json::to_value(&one).unwrap();
    assert_eq!(back, serde_json::json!({"title": "t", "fixed": true, "project": "p"}));

    // `threshold` is the alternative's: it is read by it, not by the object.
    let check = Check::new(CheckKind::from(Threshold::new(ThresholdType::Threshold, 0.5))).with_name("cpu");
    let json = serde_json::to_value(&check).unwrap();
    assert_eq!(json, serde_json::json!({"name": "cpu", "type": "threshold", "threshold": 0.5}));
    assert_eq!(serde_json::from_value::<Check>(json).unwrap(), check);

    // A property an alternative requires is the alternative's; one it only
    // declares stays the object's.
    use crate::unions_inside_objects::types::{Pet, PetVariant};
    let cat: Pet = serde_json::from_str(r#"{"name":"tom","meows":true}"#).unwrap();
    assert_eq!(cat.name.as_deref(), Some("tom"));
    assert!(matches!(&cat.variant, PetVariant::Variant0(c) if c.meows), "{cat:?}");
    let dog: Pet = serde_json::from_str(r#"{"name":"rex","barks":true}"#).unwrap();
    assert_eq!(dog.name.as_deref(), Some("rex"));
    assert!(matches!(&dog.variant, PetVariant::Variant1(d) if d.barks == Some(true)), "{dog:?}");
}

/// A union converts from each alternative of a type of its own, and a union
/// of scalars is written as its value (as a parameter is).
fn unions() {
    use crate::parameters_of_unions_and_references::types::{Done, GetWorkflowState, GetWorkflowWorkflowId};
    assert_eq!(GetWorkflowWorkflowId::from(42).to_string(), "42");
    assert_eq!(GetWorkflowWorkflowId::from(String::from("ci.yml")).to_string(), "ci.yml");
    assert_eq!(GetWorkflowState::from(Done::Failed).to_string(), "failed");
    let shape: crate::shapes::types::Shape = String::from("round").into();
    assert_eq!(shape, crate::shapes::types::Shape::String("round".into()));
}

/// `Retry-After` as seconds or as an HTTP date in each of its three formats,
/// counted from a fixed `now`.
fn retry_after() {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};
    // 30 s before Sun, 06 Nov 1994 08:49:37 GMT.
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777 - 30);
    let wait = |value: &str| crate::runtime::wait_until(value, now);
    let thirty = Some(Duration::from_secs(30));
    assert_eq!(wait("Sun, 06 Nov 1994 08:49:37 GMT"), thirty);
    assert_eq!(wait("Sunday, 06-Nov-94 08:49:37 GMT"), thirty);
    assert_eq!(wait("Sun Nov  6 08:49:37 1994"), thirty);
    assert_eq!(wait("Sun, 06 Nov 1994 08:48:37 GMT"), Some(Duration::ZERO), "a date past");
    assert_eq!(wait("Fri, 01 Jan 2100 00:00:00 GMT"), Some(Duration::from_secs(86_400)), "a day at most");
    assert_eq!(wait(" 120 "), Some(Duration::from_secs(120)));
    assert_eq!(wait("1.5"), Some(Duration::from_millis(1500)));
    assert_eq!(wait("1e300"), Some(Duration::from_secs(86_400)));
    for bad in ["-1", "NaN", "inf", "soon", "", "Sun, 32 Nov 1994 08:49:37 GMT"] {
        assert_eq!(wait(bad), None, "{bad:?}");
    }
    assert!(crate::runtime::wait_until("Sun, 06 Nov 1994 08:49:37 GMT", SystemTime::now()) == Some(Duration::ZERO));
}

/// A request builder's `Debug` shows its parameters, but of a header
/// parameter (which may carry a credential) only whether it is set.
fn builder_debug() {
    let client = crate::shapes::Client::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let debug = |request: &dyn std::fmt::Debug| format!("{request:?}");
    let unset = debug(&client.get_tree(vec![4, 2]).client_param("c-1"));
    assert!(unset.contains("id: [4, 2]") && unset.contains("client_param: Some(\"c-1\")"), "{unset}");
    assert!(unset.contains("x_trace: None"), "{unset}");
    let set = debug(&client.get_tree(vec![4, 2]).x_trace(vec!["trace-secret".into()]));
    assert!(set.contains("x_trace: Some([redacted])") && !set.contains("trace-secret"), "{set}");
}

fn models() {
    // Unknown properties are skipped, whatever their value; `null` is `None`.
    let both: Both =
        serde_json::from_str(r#"{"id": 1, "left": "l", "unknown": [1, {"x": null}], "right": null}"#).unwrap();
    assert_eq!((both.id, both.left.as_deref(), both.right.as_deref()), (1, Some("l"), None));
    let again: Both = serde_json::from_str(&serde_json::to_string(&both).unwrap()).unwrap();
    assert_eq!(again, both);

    // A nullable property sent in requests keeps absent and `null` apart.
    let note = |json: &str| serde_json::from_str::<Both>(json).unwrap().note;
    assert_eq!(note(r#"{"id": 1}"#), Nullable::Absent);
    assert_eq!(note(r#"{"id": 1, "note": null}"#), Nullable::Null);
    assert_eq!(note(r#"{"id": 1, "note": "n"}"#), Nullable::Value(String::from("n")));
    let written = |note: Nullable<String>| serde_json::to_string(&Both::new(1).with_note(note)).unwrap();
    assert_eq!(written(Nullable::Absent), r#"{"id":1}"#);
    assert_eq!(written(Nullable::Null), r#"{"id":1,"note":null}"#);

    // A missing required property, a wrong type, and not an object at all.
    let error = serde_json::from_str::<Base>("{}").unwrap_err().to_string();
    assert!(error.contains("missing field `id`"), "{error}");
    let error = serde_json::from_str::<Base>(r#"{"id": "7"}"#).unwrap_err().to_string();
    assert!(error.contains("invalid type: string \"7\", expected i64"), "{error}");
    let error = serde_json::from_str::<Base>("[7]").unwrap_err().to_string();
    assert!(error.contains("expected struct Base"), "{error}");

    // The errors are `serde_derive`'s, word for word and at the same
    // position, those found inside a value and inside nested models
    // included (they cross the runtime's type-erased decoding once per level).
    mod derived {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        pub struct Base {
            id: i64,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        pub struct Nest {
            base: Base,
            bases: Option<Vec<Base>>,
        }
    }
    // A repeated property is an error too, even where the first value was `null`.
    for json in ["{}", r#"{"id": "7"}"#, r#"{"id": tru}"#, r#"{"id": 1.5}"#, r#"{"id": 1"#, "7", r#"{"id": 1, "id": 2}"#] {
        let ours = serde_json::from_str::<Base>(json).unwrap_err().to_string();
        let derived = serde_json::from_str::<derived::Base>(json).unwrap_err().to_string();
        assert_eq!(ours, derived, "{json}");
    }
    for json in [
        "{}",
        r#"{"base": {}}"#,
        r#"{"base": {"id": "7"}}"#,
        r#"{"bases": [{"id": 1}, {"id": tru}], "base": {"id": 1}}"#,
        r#"{"base": {"id": 1}, "bases": [{"id": 1}, 7]}"#,
        "{\n  \"base\": {\"id\": 1},\n  \"bases\": [\n    {\"id\": false}\n  ]\n}",
        "{\"bases\": null,\n \"base\": {\"id\": 1},\n \"bases\": []}",
        r#"{"base": {"id": 1, "x": 0, "id": 1}}"#,
    ] {
        let ours = serde_json::from_str::<Nest>(json).unwrap_err().to_string();
        let derived = serde_json::from_str::<derived::Nest>(json).unwrap_err().to_string();
        assert_eq!(ours, derived, "{json}");
    }
    let nest: Nest = serde_json::from_str(r#"{"bases": [{"id": 2}, {"id": 3, "x": {}}], "base": {"id": 1}}"#).unwrap();
    assert_eq!(nest.base.id, 1);
    assert_eq!(nest.bases.as_ref().map(|b| b.iter().map(|b| b.id).collect::<Vec<_>>()), Some(vec![2, 3]));
    let again: Nest = serde_json::from_str(&serde_json::to_string(&nest).unwrap()).unwrap();
    assert_eq!(again, nest);

    // Keys that cannot be borrowed: escaped in the text, or from a `Value`.
    let base: Base = serde_json::from_str(r#"{"\u0069d": 7}"#).unwrap();
    assert_eq!(base.id, 7);
    let base: Base = serde_json::from_value(serde_json::json!({"id": 8})).unwrap();
    assert_eq!(base.id, 8);

    // A struct that keeps the properties it does not list (`serde_derive`).
    let tree: Tree = serde_json::from_str(r#"{"labels": {}, "colour": "green"}"#).unwrap();
    assert_eq!(serde_json::to_value(&tree).unwrap()["colour"], "green");
}

/// The URL and headers of each request, as the client's hook sees them just
/// before sending it to a port where nothing listens.
/// What a request put on the wire, as the request hook saw it.
struct Sent {
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn sent<C: From<crate::runtime::Config>, T, H>(
    client: crate::runtime::ClientBuilder<C>,
    send: impl FnOnce(&C) -> crate::runtime::Sending<'_, T, H>,
) -> Sent {
    let seen = Arc::new(Mutex::new(None));
    let hook = {
        let seen = Arc::clone(&seen);
        move |request: &mut reqwest::Request| {
            let headers = request.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned())).collect();
            let body = request.body().and_then(|b| b.as_bytes()).unwrap_or_default().to_vec();
            *seen.lock().unwrap() = Some(Sent { url: request.url().to_string(), headers, body });
        }
    };
    let client = client
        .base_url("http://127.0.0.1:9")
        .retry(crate::RetryPolicy::disabled())
        .request_hook(hook)
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    assert!(runtime.block_on(send(&client)).is_err(), "nothing listens on port 9");
    let seen = seen.lock().unwrap().take();
    seen.expect("the hook saw the request")
}

fn credentials() {
    let header =
        |headers: &[(String, String)], name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    // An API key in a header, a bearer token and a cookie, all for one operation.
    let all = crate::shapes::Client::builder().api_key_key_2("k3y").bearer_token("t0ken").api_key_session("s3ss10n");
    let Sent { url, headers, .. } = sent(all, |client| Box::pin(client.add_note("note").send()));
    assert_eq!(header(&headers, "x-key").as_deref(), Some("k3y"));
    assert_eq!(header(&headers, "authorization").as_deref(), Some("Bearer t0ken"));
    assert_eq!(header(&headers, "cookie").as_deref(), Some("SESSION=s3ss10n"));
    assert!(!url.contains("api_key"), "{url}");

    // A cookie value that would break the header is refused, not sent.
    let bad = crate::shapes::Client::builder().api_key_key_2("k").bearer_token("t").api_key_session("a; b=c");
    let client = bad.base_url("http://127.0.0.1:9").retry(crate::RetryPolicy::disabled()).build().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let error = runtime.block_on(client.add_note("note").send()).unwrap_err();
    assert!(matches!(error, crate::Error::InvalidRequest { .. }), "{error:?}");
    assert!(error.to_string().contains("not a valid cookie value"), "{error}");
    assert!(!format!("{error:?}").contains("a; b=c"), "the credential stays out of the error");

    // An API key in the query, encoded.
    let query = crate::shapes::Client::builder().api_key_key("a b&c");
    let Sent { url, headers, .. } = sent(query, |client| Box::pin(client.list_pages().send()));
    assert!(url.ends_with("api_key=a%20b%26c"), "{url}");
    assert_eq!(header(&headers, "authorization"), None);

    // Other HTTP schemes: `Authorization: <scheme as the spec writes it> <credentials>`.
    let signed = crate::custom_http_auth::Client::builder().payone_hmac_sha256_credentials("c2lnbmVk");
    let Sent { headers, .. } = sent(signed, |client| Box::pin(client.list_items().send()));
    assert_eq!(header(&headers, "authorization").as_deref(), Some("payone-hmac-sha256 c2lnbmVk"));
    let kerberos = crate::custom_http_auth::Client::builder().negotiate_credentials("YIIC");
    let Sent { headers, .. } = sent(kerberos, |client| Box::pin(client.list_items().send()));
    assert_eq!(header(&headers, "authorization").as_deref(), Some("Negotiate YIIC"));
}
