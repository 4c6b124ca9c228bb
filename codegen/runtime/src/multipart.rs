//! `multipart/form-data` bodies (RFC 7578): one part per property, text for
//! scalars, JSON for objects and lists of objects, and files, with their
//! name and media type. Generated code adds the parts; the runtime writes
//! them out with a boundary that none of them contains.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::request::Body;
use super::Request;

/// A file to upload (a property of `format: binary`): its bytes, and the
/// file name and media type its part carries.
///
/// In JSON, where bytes have no place, a file is read and written as a
/// string.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct File {
    bytes: Vec<u8>,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without a name; its media type is the one the
    /// spec gives its part, else `application/octet-stream`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File { bytes: bytes.into(), name: None, content_type: None }
    }

    /// The file name sent with it.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Its media type (`image/png`), sent as its part's `Content-Type`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's name, when it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
}

/// The bytes show as their length: a file may be large, or secret.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(File::new(String::deserialize(deserializer)?.into_bytes()))
    }
}

/// The parts of a multipart body, in the order they are added.
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
    bytes: Vec<u8>,
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, name: &str, content_type: Option<&str>, bytes: Vec<u8>) {
        let content_type = content_type.map(str::to_owned);
        self.parts.push(Part { name: name.to_owned(), file_name: None, content_type, bytes });
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
            bytes: file.bytes.clone(),
        });
    }

    /// A file part per file of a list, under the same name.
    pub fn files(&mut self, name: &str, files: Option<&Vec<File>>, content_type: Option<&'static str>) {
        for file in files.into_iter().flatten() {
            self.file(name, Some(file), content_type);
        }
    }

    /// The body, with a boundary that no part contains, and its media type.
    fn write(&self) -> (String, Vec<u8>) {
        let mut seed = self.parts.iter().map(|p| p.bytes.len() as u64).sum::<u64>();
        let boundary = loop {
            let candidate = format!("----codegen-boundary-{seed:016x}");
            if !self.parts.iter().any(|p| contains(&p.bytes, candidate.as_bytes())) {
                break candidate;
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        };
        let mut out = Vec::new();
        for part in &self.parts {
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
            out.extend_from_slice(&part.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), out)
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
    pub fn multipart(&mut self, form: Multipart) {
        if let Some(message) = form.error.clone() {
            return self.refuse(message);
        }
        let (content_type, bytes) = form.write();
        self.body = Some(Body { content_type: content_type.into(), bytes });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_written_as_rfc_7578_says() {
        let mut form = Multipart::new();
        form.text("title", Some(&"a \"b\""), None);
        form.texts("tag", Some(&vec![1, 2]), None);
        form.json("meta", Some(&serde_json::json!({"k": "v"})), None);
        form.file("file", Some(&File::new(b"PNG".to_vec()).with_name("a\".png")), Some("image/png"));
        form.text::<i64>("unset", None, None);
        let (content_type, body) = form.write();
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
    fn the_boundary_is_in_no_part() {
        // The first boundary tried is seeded by the parts' length: a part of
        // exactly that text must make it try another.
        let first = format!("----codegen-boundary-{:016x}", 37);
        assert_eq!(first.len(), 37);
        let mut form = Multipart::new();
        form.file("f", Some(&File::new(first.clone().into_bytes())), None);
        let (content_type, _) = form.write();
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        assert_ne!(boundary, first);
        assert!(!first.contains(boundary));
    }

    #[test]
    fn files_read_and_write_as_strings_in_json() {
        let file: File = serde_json::from_str("\"abc\"").unwrap();
        assert_eq!(file.bytes(), b"abc");
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"abc\"");
        assert_eq!(format!("{file:?}"), "File { bytes: 3 bytes, name: None, content_type: None }");
    }
}
