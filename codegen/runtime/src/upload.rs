//! Files to upload: bytes in memory, or a stream read while the request is
//! sent, as a raw request body or a part of a multipart body. Bytes can be
//! sent again, so a request with them can be retried; a stream is read once.

use std::error::Error as StdError;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::Stream;
use http_body::{Frame, SizeHint};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::request::{Body, Payload};
use super::Request;

/// The error a stream of chunks may end with.
type StreamError = Box<dyn StdError + Send + Sync>;

/// A user's stream of chunks, boxed.
type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// A file to upload (a request body of raw bytes, or a property of
/// `format: binary`): its bytes, or a stream that yields them as the request
/// is sent, and the file name and media type it carries.
///
/// A streamed file is read once: a request that sends one is not retried,
/// nor sent again on a redirect (the redirect status is the answer), and
/// clones of the file share its stream. In JSON, where bytes have no
/// place, a file is read and written as a string.
#[derive(Clone, Default)]
pub struct File {
    content: Content,
    pub(crate) name: Option<String>,
    pub(crate) content_type: Option<String>,
}

#[derive(Clone)]
enum Content {
    Bytes(Vec<u8>),
    Stream(UploadStream),
}

impl Default for Content {
    fn default() -> Self {
        Content::Bytes(Vec::new())
    }
}

impl File {
    /// A file of these bytes, without a name; its media type is the one the
    /// spec gives it, else `application/octet-stream`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File { content: Content::Bytes(bytes.into()), name: None, content_type: None }
    }

    /// A file whose bytes a stream yields as the request is sent, so that a
    /// large upload is never held in memory: a file read with
    /// `tokio_util::io::ReaderStream`, or any stream of chunks (`Vec<u8>`,
    /// `bytes::Bytes`, `&'static [u8]`, `String`). An error of the stream
    /// ends the request with `Error::Transport`.
    ///
    /// It is sent in chunks, unless [`File::with_length`] says its length.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        File { content: Content::Stream(UploadStream::new(stream)), name: None, content_type: None }
    }

    /// The length in bytes of a streamed file, sent as its body's
    /// `Content-Length` (some servers refuse uploads without one). A stream
    /// that yields more or fewer bytes fails the request. Bytes know their
    /// length: for them this does nothing.
    pub fn with_length(mut self, length: u64) -> Self {
        if let Content::Stream(stream) = &mut self.content {
            stream.length = Some(length);
        }
        self
    }

    /// The file name sent with it.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Its media type (`image/png`), sent as its `Content-Type` in place of
    /// the one the spec gives.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes; `None` for a streamed file.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            Content::Stream(_) => None,
        }
    }

    /// The file's name, when it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The file's content as a piece of a body.
    pub(crate) fn segment(&self) -> Segment {
        match &self.content {
            Content::Bytes(bytes) => Segment::Bytes(Bytes::from(bytes.clone())),
            Content::Stream(stream) => Segment::Stream(stream.clone()),
        }
    }
}

/// Files are equal when their names, media types and bytes are; a streamed
/// file equals only its clones.
impl PartialEq for File {
    fn eq(&self, other: &Self) -> bool {
        let content = match (&self.content, &other.content) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            (Content::Stream(a), Content::Stream(b)) => a.same(b),
            _ => false,
        };
        content && self.name == other.name && self.content_type == other.content_type
    }
}

impl Eq for File {}

/// The bytes show as their length: a file may be large, or secret.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("File");
        match &self.content {
            Content::Bytes(bytes) => debug.field("bytes", &format_args!("{} bytes", bytes.len())),
            Content::Stream(stream) => debug.field("stream", &stream.length),
        };
        debug.field("name", &self.name).field("content_type", &self.content_type).finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        File::new(bytes)
    }
}

/// A streamed file cannot be written as JSON: that is an error.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.content {
            Content::Bytes(bytes) => serializer.serialize_str(&String::from_utf8_lossy(bytes)),
            Content::Stream(_) => Err(serde::ser::Error::custom("a streamed file cannot be written as JSON")),
        }
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(File::new(String::deserialize(deserializer)?.into_bytes()))
    }
}

impl Request {
    /// A body of raw bytes, when there is one: the file's bytes or stream,
    /// with its media type, else the spec's.
    pub fn upload(&mut self, file: Option<&File>, content_type: &'static str) {
        let Some(file) = file else { return };
        let content_type = file.content_type.clone().map_or(content_type.into(), Into::into);
        let payload = match &file.content {
            Content::Bytes(bytes) => Payload::Bytes(bytes.clone()),
            Content::Stream(stream) => streamed(vec![Segment::Stream(stream.clone())]),
        };
        self.body = Some(Body { content_type, payload });
    }
}

/// A piece of a body that holds uploads: bytes, or a stream.
#[derive(Clone)]
pub(crate) enum Segment {
    Bytes(Bytes),
    Stream(UploadStream),
}

/// A body of pieces, read while it is sent: taking it takes each stream out
/// of its upload, so a second send of the same upload is an error, not an
/// empty body. Every stream is taken or none is: a stream that was sent
/// already, or that the body holds twice, fails the request before any
/// other stream is read.
pub(crate) fn streamed(segments: Vec<Segment>) -> Payload {
    Payload::Stream(Arc::new(move || {
        let streams: Vec<&UploadStream> = segments
            .iter()
            .filter_map(|s| match s {
                Segment::Stream(stream) => Some(stream),
                Segment::Bytes(_) => None,
            })
            .collect();
        for (i, stream) in streams.iter().enumerate() {
            if streams[..i].iter().any(|earlier| earlier.same(stream)) {
                return Err(String::from("the body holds one upload stream twice; a stream is read once"));
            }
        }
        let mut locks: Vec<_> =
            streams.iter().map(|s| s.chunks.lock().unwrap_or_else(PoisonError::into_inner)).collect();
        if locks.iter().any(|chunks| chunks.is_none()) {
            return Err(String::from("an upload stream was sent already; a stream is read once"));
        }
        let mut taken = locks.iter_mut().filter_map(|chunks| chunks.take());
        let mut pieces = Vec::with_capacity(segments.len());
        for segment in &segments {
            pieces.push(match segment {
                Segment::Bytes(bytes) => Piece::Bytes(Some(bytes.clone())),
                Segment::Stream(stream) => {
                    // One taken stream per stream segment, in order.
                    let Some(chunks) = taken.next() else {
                        return Err(String::from("an upload stream was sent already; a stream is read once"));
                    };
                    Piece::Stream { chunks: Mutex::new(chunks), length: stream.length, sent: 0 }
                }
            });
        }
        Ok(reqwest::Body::wrap(Chain { pieces, next: 0 }))
    }))
}

/// A stream to upload, shared by the clones of the file that holds it and
/// taken by the first request that sends it.
#[derive(Clone)]
pub(crate) struct UploadStream {
    chunks: Arc<Mutex<Option<Chunks>>>,
    /// Its length in bytes, when the caller knows it.
    pub(crate) length: Option<u64>,
}

impl UploadStream {
    pub(crate) fn new<S, B, E>(stream: S) -> UploadStream
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<StreamError>,
    {
        let chunks: Chunks = Box::pin(MapChunks(Box::pin(stream)));
        UploadStream { chunks: Arc::new(Mutex::new(Some(chunks))), length: None }
    }

    /// True for clones of one stream.
    pub(crate) fn same(&self, other: &UploadStream) -> bool {
        Arc::ptr_eq(&self.chunks, &other.chunks)
    }
}

/// A stream whose chunks and errors are converted as they come.
struct MapChunks<S>(Pin<Box<S>>);

impl<S, B, E> Stream for MapChunks<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<StreamError>,
{
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|item| item.map(|chunk| chunk.map(Into::into).map_err(Into::into)))
    }
}

/// The pieces of a body, sent in order.
struct Chain {
    pieces: Vec<Piece>,
    next: usize,
}

enum Piece {
    /// Bytes, until they are sent.
    Bytes(Option<Bytes>),
    /// A stream (behind a lock only so that the body is `Sync`; it is never
    /// contended), its announced length, and how much of it was sent.
    Stream { chunks: Mutex<Chunks>, length: Option<u64>, sent: u64 },
}

impl http_body::Body for Chain {
    type Data = Bytes;
    type Error = StreamError;

    /// The pieces in turn. A stream that yields more or fewer bytes than
    /// its announced length ends the body with an error: sent with a
    /// `Content-Length`, a longer one would be cut short, not refused.
    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, StreamError>>> {
        let this = self.get_mut();
        while let Some(piece) = this.pieces.get_mut(this.next) {
            match piece {
                Piece::Bytes(bytes) => match bytes.take() {
                    Some(bytes) => return Poll::Ready(Some(Ok(Frame::data(bytes)))),
                    None => this.next += 1,
                },
                Piece::Stream { chunks, length, sent } => {
                    let chunks = chunks.get_mut().unwrap_or_else(PoisonError::into_inner);
                    match chunks.as_mut().poll_next(cx) {
                        Poll::Ready(Some(Ok(chunk))) => {
                            *sent += chunk.len() as u64;
                            if let Some(length) = length.filter(|length| *sent > *length) {
                                return Poll::Ready(Some(Err(format!(
                                    "the upload stream yielded more than its length, {length} bytes"
                                )
                                .into())));
                            }
                            return Poll::Ready(Some(Ok(Frame::data(chunk))));
                        }
                        Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                        Poll::Ready(None) => match length.filter(|length| *sent < *length) {
                            Some(length) => {
                                return Poll::Ready(Some(Err(format!(
                                    "the upload stream ended after {sent} of its {length} bytes"
                                )
                                .into())))
                            }
                            None => this.next += 1,
                        },
                        Poll::Pending => return Poll::Pending,
                    }
                }
            }
        }
        Poll::Ready(None)
    }

    /// Exact when every stream's length is known: the body is then sent with
    /// a `Content-Length`, else in chunks.
    fn size_hint(&self) -> SizeHint {
        let mut exact = Some(0u64);
        for piece in &self.pieces[self.next..] {
            let remaining = match piece {
                Piece::Bytes(bytes) => Some(bytes.as_ref().map_or(0, |b| b.len() as u64)),
                Piece::Stream { length, sent, .. } => length.map(|length| length.saturating_sub(*sent)),
            };
            exact = exact.zip(remaining).and_then(|(sum, remaining)| sum.checked_add(remaining));
        }
        exact.map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static str]) -> UploadStream {
        let items: Vec<Result<&'static [u8], std::io::Error>> = parts.iter().map(|p| Ok(p.as_bytes())).collect();
        UploadStream::new(futures_util::stream::iter(items))
    }

    /// The frames of a chain, read to the end.
    fn read(chain: &mut Chain) -> Result<Vec<u8>, StreamError> {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut out = Vec::new();
        loop {
            match http_body::Body::poll_frame(Pin::new(&mut *chain), &mut cx) {
                Poll::Ready(Some(frame)) => out.extend_from_slice(&frame?.into_data().unwrap()),
                Poll::Ready(None) => return Ok(out),
                Poll::Pending => unreachable!("the test streams are ready"),
            }
        }
    }

    fn piece(stream: &UploadStream, length: Option<u64>) -> Piece {
        let chunks = stream.chunks.lock().unwrap().take().unwrap();
        Piece::Stream { chunks: Mutex::new(chunks), length, sent: 0 }
    }

    #[test]
    fn a_chain_sends_its_pieces_in_order_and_a_stream_once() {
        let stream = chunks(&["b", "cd"]);
        let payload = streamed(vec![
            Segment::Bytes(Bytes::from_static(b"a")),
            Segment::Stream(stream.clone()),
            Segment::Bytes(Bytes::from_static(b"e")),
        ]);
        assert!(!payload.is_replayable());
        assert!(payload.take().is_ok());
        assert!(payload.take().unwrap_err().contains("read once"));

        let mut chain = Chain {
            pieces: vec![
                Piece::Bytes(Some(Bytes::from_static(b"a"))),
                piece(&chunks(&["b", "cd"]), Some(3)),
                Piece::Bytes(Some(Bytes::from_static(b"e"))),
            ],
            next: 0,
        };
        assert_eq!(http_body::Body::size_hint(&chain).exact(), Some(5));
        assert_eq!(read(&mut chain).unwrap(), b"abcde");
        assert_eq!(http_body::Body::size_hint(&chain).exact(), Some(0));
    }

    #[test]
    fn every_stream_is_taken_or_none() {
        let (first, second) = (chunks(&["a"]), chunks(&["b"]));
        let sent = streamed(vec![Segment::Stream(second.clone())]);
        assert!(sent.take().is_ok());
        let both = streamed(vec![Segment::Stream(first.clone()), Segment::Stream(second)]);
        assert!(both.take().unwrap_err().contains("sent already"));
        assert!(first.chunks.lock().unwrap().is_some(), "the first stream was left for another request");
        let twice = streamed(vec![Segment::Stream(first.clone()), Segment::Stream(first.clone())]);
        assert!(twice.take().unwrap_err().contains("holds one upload stream twice"));
        assert!(streamed(vec![Segment::Stream(first)]).take().is_ok());
    }

    #[test]
    fn a_stream_must_have_the_length_it_announces() {
        let mut long = Chain { pieces: vec![piece(&chunks(&["ab", "cd"]), Some(3))], next: 0 };
        assert_eq!(read(&mut long).unwrap_err().to_string(), "the upload stream yielded more than its length, 3 bytes");
        let mut short = Chain { pieces: vec![piece(&chunks(&["ab"]), Some(3))], next: 0 };
        assert_eq!(read(&mut short).unwrap_err().to_string(), "the upload stream ended after 2 of its 3 bytes");
        let huge = Chain { pieces: vec![piece(&chunks(&[]), Some(u64::MAX)), piece(&chunks(&[]), Some(1))], next: 0 };
        assert_eq!(http_body::Body::size_hint(&huge).exact(), None, "no overflow");
    }

    #[test]
    fn a_stream_of_unknown_length_has_no_exact_size() {
        let mut chain = Chain { pieces: vec![Piece::Bytes(Some(Bytes::from_static(b"a")))], next: 0 };
        assert_eq!(http_body::Body::size_hint(&chain).exact(), Some(1));
        chain.pieces.push(piece(&chunks(&["x"]), None));
        assert_eq!(http_body::Body::size_hint(&chain).exact(), None);
        let failing: Vec<Result<Bytes, std::io::Error>> = vec![Err(std::io::Error::other("disk gone"))];
        let stream = UploadStream::new(futures_util::stream::iter(failing));
        let mut broken = Chain { pieces: vec![piece(&stream, None)], next: 0 };
        assert_eq!(read(&mut broken).unwrap_err().to_string(), "disk gone");
        assert!(Payload::Bytes(Vec::new()).is_replayable());
    }
}
