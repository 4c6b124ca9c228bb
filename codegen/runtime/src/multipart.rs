//! `multipart/form-data` bodies (RFC 7578): one part per property, text for
//! scalars, JSON for objects and lists of objects, and files, with their
//! name and media type. Generated code adds the parts; the runtime writes
//! them out with a boundary that none of them contains.

use std::fmt;

use bytes::Bytes;
use serde::Serialize;

use super::request::Body;
use super::upload::{streamed, Segment};
use super::{File, Request};

#[doc(hidden)]
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
    /// Why the first part that could not be written was refused.
    error: Option<String>,
}

struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    content: Segment,
}

impl Part {
    /// The part's bytes, unless it is a stream.
    fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Segment::Bytes(bytes) => Some(bytes),
            Segment::Stream(_) => None,
        }
    }
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, name: &str, content_type: Option<&str>, bytes: Vec<u8>) {
        let content_type = content_type.map(str::to_owned);
        let content = Segment::Bytes(Bytes::from(bytes));
        self.parts.push(Part { name: name.to_owned(), file_name: None, content_type, content });
    }

    /// A text part, when there is a value.
    pub fn text<T: fmt::Display>(&mut self, name: &str, value: Option<&T>, content_type: Option<&'static str>) {
        if let Some(value) = value {
            self.push(name, content_type, value.to_string().into_bytes());
        }
    }

    /// A text part per item of a list, under the same name.
    pub fn texts<T: fmt::Display>(&mut self, name: &str, values: Option<&Vec<T>>, content_type: Option<&'static str>) {
        for value in values.into_iter().flatten() {
            self.text(name, Some(value), content_type);
        }
    }

    /// A JSON part (an object, or a list of objects), when there is a value.
    pub fn json<T: Serialize + ?Sized>(&mut self, name: &str, value: Option<&T>, content_type: Option<&'static str>) {
        let Some(value) = value else { return };
        match serde_json::to_vec(value) {
            Ok(bytes) => self.push(name, Some(content_type.unwrap_or("application/json")), bytes),
            Err(e) => {
                self.error.get_or_insert(format!("part `{name}` cannot be written as JSON: {e}"));
            }
        }
    }

    /// A file part, when there is a file: its name, and its media type (the
    /// file's own, else the spec's, else `application/octet-stream`).
    pub fn file(&mut self, name: &str, file: Option<&File>, content_type: Option<&'static str>) {
        let Some(file) = file else { return };
        let content_type = file.content_type.clone().or(content_type.map(str::to_owned));
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(content_type.unwrap_or_else(|| String::from("application/octet-stream"))),
            content: file.segment(),
        });
    }

    /// A file part per file of a list, under the same name.
    pub fn files(&mut self, name: &str, files: Option<&Vec<File>>, content_type: Option<&'static str>) {
        for file in files.into_iter().flatten() {
            self.file(name, Some(file), content_type);
        }
    }

    /// The boundary: one that no part contains. With a streamed part, whose
    /// bytes are not known yet, a random one of 128 bits.
    fn boundary(&self) -> String {
        let sizes = self.parts.iter().map(|p| p.bytes().map(|b| b.len() as u64));
        let Some(mut seed) = sizes.sum::<Option<u64>>() else {
            use std::hash::{BuildHasher, Hasher};
            let random = || std::collections::hash_map::RandomState::new().build_hasher().finish();
            return format!("----codegen-boundary-{:016x}{:016x}", random(), random());
        };
        loop {
            let candidate = format!("----codegen-boundary-{seed:016x}");
            if !self.parts.iter().filter_map(Part::bytes).any(|bytes| contains(bytes, candidate.as_bytes())) {
                return candidate;
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        }
    }

    /// The body and its media type: bytes, or a chain of bytes and the
    /// streams of streamed files.
    fn write(self) -> Body {
        let boundary = self.boundary();
        let mut segments = Vec::new();
        let mut out = Vec::new();
        for part in self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(disposition.as_bytes());
            out.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            match part.content {
                Segment::Bytes(bytes) => out.extend_from_slice(&bytes),
                stream @ Segment::Stream(_) => {
                    segments.push(Segment::Bytes(Bytes::from(std::mem::take(&mut out))));
                    segments.push(stream);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        if segments.is_empty() {
            return Body::bytes(content_type, out);
        }
        segments.push(Segment::Bytes(Bytes::from(out)));
        Body { content_type: content_type.into(), payload: streamed(segments) }
    }
}

/// A name or file name inside the quotes of `Content-Disposition`: quotes,
/// backslashes and line breaks escaped as HTML forms do (RFC 7578 §2).
fn quoted(text: &str) -> String {
    text.replace('\\', "%5C").replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

impl Request {
    /// A multipart body.
    pub fn multipart(&mut self, mut form: Multipart) {
        match form.error.take() {
            Some(message) => self.refuse(message),
            None => self.body = Some(form.write()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body's media type and bytes, its streams read to the end.
    fn written(form: Multipart) -> (String, Vec<u8>) {
        let body = form.write();
        let mut sent = body.payload.take().unwrap();
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        while let std::task::Poll::Ready(Some(frame)) =
            http_body::Body::poll_frame(std::pin::Pin::new(&mut sent), &mut cx)
        {
            out.extend_from_slice(&frame.unwrap().into_data().unwrap());
        }
        (body.content_type.into_owned(), out)
    }

    #[test]
    fn parts_are_written_as_rfc_7578_says() {
        let mut form = Multipart::new();
        form.text("title", Some(&"a \"b\""), None);
        form.texts("tag", Some(&vec![1, 2]), None);
        form.json("meta", Some(&serde_json::json!({"k": "v"})), None);
        form.file("file", Some(&File::new(b"PNG".to_vec()).with_name("a\".png")), Some("image/png"));
        form.text::<i64>("unset", None, None);
        let (content_type, body) = written(form);
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na \"b\"\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n1\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n2\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":\"v\"}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn streamed_files_are_parts_like_any_other() {
        let chunks: Vec<Result<&'static [u8], std::io::Error>> = vec![Ok(b"P"), Ok(b"NG")];
        let streamed = File::stream(futures_util::stream::iter(chunks)).with_name("s.png").with_length(3);
        let mut form = Multipart::new();
        form.text("title", Some(&"t"), None);
        form.file("file", Some(&streamed), Some("image/png"));
        form.file("copy", Some(&File::new(b"PNG".to_vec()).with_name("s.png")), Some("image/png"));
        let body = form.write();
        assert!(!body.payload.is_replayable());
        let mut form = Multipart::new();
        form.text("title", Some(&"t"), None);
        form.file("file", Some(&streamed), Some("image/png"));
        form.file("copy", Some(&File::new(b"PNG".to_vec()).with_name("s.png")), Some("image/png"));
        let (content_type, bytes) = written(form);
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_eq!(boundary.len(), "----codegen-boundary-".len() + 32, "{boundary}");
        let part = |name: &str| {
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"s.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n")
        };
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nt\r\n{}{}--{boundary}--\r\n",
            part("file"),
            part("copy")
        );
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        // The two forms shared one stream: the first form's body cannot send it.
        assert!(body.payload.take().is_err());
        assert_eq!(streamed, streamed.clone());
        assert_eq!(format!("{streamed:?}"), "File { stream: Some(3), name: Some(\"s.png\"), content_type: None }");
        assert!(serde_json::to_string(&streamed).is_err());
    }

    #[test]
    fn the_boundary_is_in_no_part() {
        // The first boundary tried is seeded by the parts' length: a part of
        // exactly that text must make it try another.
        let first = format!("----codegen-boundary-{:016x}", 37);
        assert_eq!(first.len(), 37);
        let mut form = Multipart::new();
        form.file("f", Some(&File::new(first.clone().into_bytes())), None);
        let (content_type, _) = written(form);
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_ne!(boundary, first);
        assert!(!first.contains(boundary));
    }

    #[test]
    fn files_read_and_write_as_strings_in_json() {
        let file: File = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(file.bytes(), Some(&b"abc"[..]));
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"abc\"");
        assert_eq!(format!("{file:?}"), "File { bytes: 3 bytes, name: None, content_type: None }");
    }
}
