//! Request encoding: an operation's path, query and header parameters and
//! its body, each encoded as its spec says, or refused with a reason.

use std::fmt;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;

use super::{Error, Raw, RequestOptions, TypedBody};

/// Everything but the unreserved characters of RFC 3986 is percent-encoded in
/// path segments and query components, so a value can never change the
/// request's path or add query parameters.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What the spec fixes about an operation: its method, path template,
/// accepted media type and security.
#[doc(hidden)]
pub struct Endpoint {
    pub method: Method,
    /// The spec's path template; `{name}` stands for path parameter `name`.
    pub path: &'static str,
    pub accept: Option<&'static str>,
    /// Alternatives of schemes (indices), any one of which authenticates.
    pub security: &'static [&'static [usize]],
}

/// One request, as a generated operation builds it: its endpoint, then each
/// parameter and the body. A value that cannot be encoded is kept as the
/// request's error, returned when it is sent; so the generated code is a
/// plain list of calls.
#[derive(Clone)]
#[doc(hidden)]
pub struct Request {
    pub(crate) method: Method,
    /// The spec's path template, for errors and logs (never holds values).
    pub(crate) path_template: &'static str,
    /// Each path parameter's name with its value, encoded as a segment.
    pub(crate) path_params: Vec<(&'static str, String)>,
    pub(crate) query: Query,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// Cookie parameters, by name, their values encoded.
    pub(crate) cookies: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) accept: Option<&'static str>,
    pub(crate) security: &'static [&'static [usize]],
    /// The server the spec names for this operation, if it names one.
    pub(crate) server: Option<&'static str>,
    /// Decodes an error status's body into the type the spec declares for it.
    pub(crate) error_body: Option<fn(&Raw) -> Option<TypedBody>>,
    pub(crate) options: RequestOptions,
    /// Why the first parameter that could not be encoded was refused.
    pub(crate) error: Option<String>,
}

impl Request {
    pub fn new(endpoint: Endpoint, options: RequestOptions) -> Request {
        let Endpoint { method, path, accept, security } = endpoint;
        Request {
            method,
            path_template: path,
            path_params: Vec::new(),
            query: Query::default(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept,
            security,
            server: None,
            error_body: None,
            options,
            error: None,
        }
    }

    pub(crate) fn refuse(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// Sends the request to `url`, the server the spec names for this
    /// operation, unless the client's base URL was set.
    pub fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// Decodes the body of an error status with `decode`: the operation's
    /// error types, by status.
    pub fn error_body(&mut self, decode: fn(&Raw) -> Option<TypedBody>) {
        self.error_body = Some(decode);
    }

    /// Path parameter `name`, encoded as one segment. An empty value, `.` or
    /// `..` is refused: URL resolution would remove those segments and send
    /// the request elsewhere.
    pub fn path(&mut self, name: &'static str, value: &dyn fmt::Display) {
        match segment(&value.to_string()) {
            Some(segment) => self.path_params.push((name, segment)),
            None => self.refuse(format!("path parameter `{name}` must not be empty, `.` or `..`")),
        }
    }

    /// A list path parameter: its values joined by `delimiter` (`,` in the
    /// simple style; a space, `|` or a tab for Swagger 2.0's `ssv`, `pipes`
    /// and `tsv`), each value and the delimiter encoded as in a segment.
    pub fn path_list<T: fmt::Display>(&mut self, name: &'static str, values: &[T], delimiter: char) {
        if values.is_empty() {
            return self.refuse(format!("path parameter `{name}` must not be an empty list"));
        }
        let delimiter = match delimiter {
            ',' => String::from(","),
            other => encode(other.encode_utf8(&mut [0; 4])),
        };
        let segments: Option<Vec<String>> = values.iter().map(|value| segment(&value.to_string())).collect();
        match segments {
            Some(segments) => self.path_params.push((name, segments.join(&delimiter))),
            None => self.refuse(format!("path parameter `{name}` must not hold an empty value, `.` or `..`")),
        }
    }

    /// A path parameter described as JSON (`content: application/json`): the
    /// value's JSON text, encoded as one segment.
    pub fn path_json<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(text) = self.json_text(name, Some(value)) {
            self.path(name, &text);
        }
    }

    /// A path parameter that is an object, in the simple style: `k,v,k2,v2`,
    /// or exploded, `k=v,k2=v2`; keys and values encoded as in a segment.
    pub fn path_object<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T, explode: bool) {
        let Some(text) = self.simple_object(name, value, explode, encode) else { return };
        match text.is_empty() {
            true => self.refuse(format!("path parameter `{name}` must not be empty")),
            false => self.path_params.push((name, text)),
        }
    }

    /// A header parameter that is an object, in the simple style (see
    /// [`Request::path_object`]), when there is a value.
    pub fn header_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        explode: bool,
    ) {
        let Some(value) = value else { return };
        if let Some(text) = self.simple_object(name, value, explode, str::to_owned) {
            self.headers.push((name, text));
        }
    }

    /// An object's properties in the simple style, each key and value written
    /// by `write` (nested values as JSON text, `null`s left out); a value that
    /// is not an object is its text.
    fn simple_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
        write: fn(&str) -> String,
    ) -> Option<String> {
        let text = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => write(s),
            other => write(&other.to_string()),
        };
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => {
                let pairs = map.iter().filter(|(_, v)| !v.is_null());
                let pairs: Vec<String> = match explode {
                    true => pairs.map(|(k, v)| format!("{}={}", write(k), text(v))).collect(),
                    false => pairs.map(|(k, v)| format!("{},{}", write(k), text(v))).collect(),
                };
                Some(pairs.join(","))
            }
            Ok(other) => Some(text(&other)),
            Err(e) => {
                self.refuse(format!("parameter `{name}` cannot be written: {e}"));
                None
            }
        }
    }

    /// The path with its parameters encoded: the template with each
    /// `{name}` replaced, in one pass, so a value can never add a parameter.
    pub(crate) fn encoded_path(&self) -> String {
        let mut path = String::with_capacity(self.path_template.len());
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
            path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            match self.path_params.iter().find(|(param, _)| *param == name) {
                Some((_, value)) => path.push_str(value),
                None => path.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        path
    }

    /// `name=value`, when there is a value.
    pub fn query<T: fmt::Display>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.query.push(name, value);
        }
    }

    /// `name=a&name=b` (form style, exploded).
    pub fn query_each<T: fmt::Display>(&mut self, name: &str, values: Option<&Vec<T>>) {
        for value in values.into_iter().flatten() {
            self.query.push(name, value);
        }
    }

    /// `name=a,b` with the delimiter left as it is (form, spaceDelimited and
    /// pipeDelimited styles, not exploded).
    pub fn query_joined<T: fmt::Display>(&mut self, name: &str, values: Option<&Vec<T>>, delimiter: char) {
        if let Some(values) = values {
            self.query.push_joined(name, values, delimiter);
        }
    }

    /// Header parameter `name`, when there is a value.
    pub fn header<T: fmt::Display>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.headers.push((name, value.to_string()));
        }
    }

    /// A query parameter described as JSON (`content: application/json`):
    /// the value's JSON text, when there is a value.
    pub fn query_json<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(text) = self.json_text(name, value) {
            self.query.push(name, &text);
        }
    }

    /// A header parameter described as JSON: the value's JSON text.
    pub fn header_json<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(text) = self.json_text(name, value) {
            self.headers.push((name, text));
        }
    }

    fn json_text<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: Option<&T>) -> Option<String> {
        match serde_json::to_string(value?) {
            Ok(text) => Some(text),
            Err(e) => {
                self.refuse(format!("parameter `{name}` cannot be written as JSON: {e}"));
                None
            }
        }
    }

    /// A list header parameter: its values joined by `delimiter` (`,` in
    /// the simple style).
    pub fn header_list<T: fmt::Display>(&mut self, name: &'static str, values: Option<&Vec<T>>, delimiter: char) {
        if let Some(values) = values {
            let values: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.headers.push((name, values.join(delimiter.encode_utf8(&mut [0; 4]))));
        }
    }

    /// Cookie parameter `name`, when there is a value (percent-encoded, so
    /// that a value cannot end the cookie or add another).
    pub fn cookie<T: fmt::Display>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(value) = value {
            self.cookies.push((name, encode(&value.to_string())));
        }
    }

    /// A list cookie parameter (form style: comma-separated).
    pub fn cookie_list<T: fmt::Display>(&mut self, name: &'static str, values: Option<&Vec<T>>) {
        if let Some(values) = values {
            let values: Vec<String> = values.iter().map(|value| encode(&value.to_string())).collect();
            self.cookies.push((name, values.join(",")));
        }
    }

    /// A cookie parameter described as JSON: the value's JSON text,
    /// percent-encoded, when there is a value.
    pub fn cookie_json<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&T>) {
        if let Some(text) = self.json_text(name, value) {
            self.cookies.push((name, encode(&text)));
        }
    }

    /// A body written as JSON, when there is one.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: Option<&T>, content_type: &'static str) {
        let Some(value) = value else { return };
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Some(Body::bytes(content_type, bytes)),
            Err(e) => self.refuse(format!("the request body cannot be written as JSON: {e}")),
        }
    }

    /// A text body, when there is one.
    pub fn text(&mut self, value: Option<&String>, content_type: &'static str) {
        if let Some(value) = value {
            self.body = Some(Body::bytes(content_type, value.as_bytes().to_vec()));
        }
    }

    /// The request, or why it was refused.
    pub(crate) fn checked(mut self) -> Result<Request, Error> {
        match self.error.take() {
            Some(message) => Err(Error::InvalidRequest { message }),
            None => Ok(self),
        }
    }
}

/// An encoded request body and its media type.
#[derive(Clone)]
pub(crate) struct Body {
    pub(crate) content_type: std::borrow::Cow<'static, str>,
    pub(crate) payload: Payload,
}

impl Body {
    pub(crate) fn bytes(content_type: impl Into<std::borrow::Cow<'static, str>>, bytes: Vec<u8>) -> Body {
        Body { content_type: content_type.into(), payload: Payload::Bytes(bytes) }
    }
}

/// What a body sends: bytes, which can be sent again (so its request can be
/// retried), or a body read while it is sent, made once per send.
#[derive(Clone)]
pub(crate) enum Payload {
    Bytes(Vec<u8>),
    /// Made by uploads of streams (`upload.rs`), which a crate without files
    /// leaves out; the error says why it cannot be sent (its stream was).
    #[allow(dead_code)]
    Stream(std::sync::Arc<dyn Fn() -> Result<reqwest::Body, String> + Send + Sync>),
}

impl Payload {
    /// True when the body can be sent again.
    pub(crate) fn is_replayable(&self) -> bool {
        matches!(self, Payload::Bytes(_))
    }

    /// The body to send.
    pub(crate) fn take(&self) -> Result<reqwest::Body, String> {
        match self {
            Payload::Bytes(bytes) => Ok(reqwest::Body::from(bytes.clone())),
            Payload::Stream(make) => make(),
        }
    }
}

/// A query string under construction: each pair's name and value
/// percent-encoded.
#[derive(Clone, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    /// `name=value`.
    fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.0.push((encode(name), encode(&value.to_string())));
    }

    /// `name=a,b`; an empty list is no parameter at all, not `name=`.
    fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T], delimiter: char) {
        if values.is_empty() {
            return;
        }
        // The delimiter is percent-encoded as values are (a space `%20`, a
        // pipe `%7C`, a tab `%09`), except the comma, which the URL keeps.
        let delimiter = match delimiter {
            ',' => String::from(","),
            other => encode(other.encode_utf8(&mut [0; 4])),
        };
        let values: Vec<String> = values.iter().map(|value| encode(&value.to_string())).collect();
        self.0.push((encode(name), values.join(&delimiter)));
    }

    /// `?name=value&...`, or nothing without parameters.
    pub(crate) fn write(&self, url: &mut String) {
        for (i, (name, value)) in self.0.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.push_str(value);
        }
    }
}

pub(crate) fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// A path parameter's value as one segment, or `None` for a value that URL
/// resolution would remove.
fn segment(value: &str) -> Option<String> {
    (!value.is_empty() && value != "." && value != "..").then(|| encode(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RequestOptions;

    fn request(path: &'static str) -> Request {
        let endpoint = Endpoint { method: Method::GET, path, accept: None, security: &[] };
        Request::new(endpoint, RequestOptions::default())
    }

    #[test]
    fn path_parameters_cannot_change_the_path() {
        let table = [
            ("a/b", "a%2Fb"),
            ("a?b=c", "a%3Fb%3Dc"),
            ("a#b", "a%23b"),
            ("../x", "..%2Fx"),
            ("a b", "a%20b"),
            ("café", "caf%C3%A9"),
            ("%2F", "%252F"),
            ("{q}", "%7Bq%7D"),
            ("a-b.c_d~e", "a-b.c_d~e"),
        ];
        for (value, encoded) in table {
            let mut request = request("/x/{p}/{q}");
            request.path("p", &value);
            request.path("q", &"z");
            assert_eq!(request.encoded_path(), format!("/x/{encoded}/z"), "{value:?}");
            assert!(request.checked().is_ok());
        }
        for value in ["", ".", ".."] {
            let mut request = request("/x/{p}");
            request.path("p", &value);
            assert!(matches!(request.checked(), Err(Error::InvalidRequest { .. })), "{value:?}");
        }
        let mut empty = request("/x/{p}");
        empty.path_list::<i64>("p", &[], ',');
        assert!(matches!(empty.checked(), Err(Error::InvalidRequest { .. })));
        let mut list = request("/x/{p}");
        list.path_list("p", &["a", "b/c"], ',');
        assert_eq!(list.encoded_path(), "/x/a,b%2Fc");
        let mut object = request("/x/{p}/{q}");
        let value = serde_json::json!({"role": "admin", "first name": "Alex", "tags": ["a"], "gone": null});
        object.path_object("p", &value, false);
        object.path_object("q", &value, true);
        assert_eq!(
            object.encoded_path(),
            "/x/first%20name,Alex,role,admin,tags,%5B%22a%22%5D/first%20name=Alex,role=admin,tags=%5B%22a%22%5D"
        );
        let mut json = request("/x/{p}");
        json.path_json("p", &serde_json::json!({"a": 1}));
        assert_eq!(json.encoded_path(), "/x/%7B%22a%22%3A1%7D");
        let mut pipes = request("/x/{p}");
        pipes.path_list("p", &["a", "b"], '|');
        assert_eq!(pipes.encoded_path(), "/x/a%7Cb");
        let mut dot = request("/x/{p}");
        dot.path_list("p", &["a", ".."], ',');
        assert!(matches!(dot.checked(), Err(Error::InvalidRequest { .. })));
    }

    #[test]
    fn parameters_described_as_json_are_their_json_text() {
        let mut request = request("/x");
        request.query_json("filter", Some(&serde_json::json!({"a": [1, "b c"]})));
        request.header_json("x-meta", Some(&serde_json::json!({"k": true})));
        let mut url = String::new();
        request.query.write(&mut url);
        assert_eq!(url, "?filter=%7B%22a%22%3A%5B1%2C%22b%20c%22%5D%7D");
        assert_eq!(request.headers, [("x-meta", String::from("{\"k\":true}"))]);
    }

    #[test]
    fn query_values_cannot_add_parameters() {
        let mut request = request("/x");
        request.query("filter", Some(&"a&b=c+d #e"));
        request.query::<i64>("unset", None);
        request.query_joined("ids", Some(&vec!["1,2", "3"]), ',');
        request.query_joined("empty", Some(&Vec::<String>::new()), ',');
        request.query_each("tag", Some(&vec!["x y", "z"]));
        for (name, delimiter) in [("ssv", ' '), ("pipes", '|'), ("tsv", '\t')] {
            request.query_joined(name, Some(&vec!["a b", "c|d\te"]), delimiter);
        }
        let mut url = String::new();
        request.query.write(&mut url);
        assert_eq!(
            url,
            "?filter=a%26b%3Dc%2Bd%20%23e&ids=1%2C2,3&tag=x%20y&tag=z\
             &ssv=a%20b%20c%7Cd%09e&pipes=a%20b%7Cc%7Cd%09e&tsv=a%20b%09c%7Cd%09e"
        );
    }
}
