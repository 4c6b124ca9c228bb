//! Pagination: the pages of a list operation as a stream, the page
//! parameter varied here, not in the generated code.

use std::fmt;

use reqwest::header::HeaderMap;

use super::request::{encode, Query};
use super::{parse_header, send, Config, Error, HeaderError, Raw, Request, Response};

/// The pages of a paginated operation, each a [`Response`] with its headers.
pub type Pages<'a, T, H> =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Response<Vec<T>, H>, Error>> + Send + 'a>>;

/// The items of every page of a paginated operation.
pub type Items<'a, T> = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<T, Error>> + Send + 'a>>;

/// How an operation pages: the query parameter that numbers the pages, the
/// first page to send, the last one the parameter's type holds, and the
/// response header that announces the page count, if the spec names one.
#[doc(hidden)]
pub struct Paging {
    pub param: &'static str,
    pub first: i64,
    pub last: i64,
    pub total: Option<&'static str>,
}

/// Sends `request` for page `first`, then the next, until the page count
/// (from the `total` header) is reached, a page comes back empty, page
/// `last` was sent, or an error ends the stream.
#[doc(hidden)]
pub fn pages<'a, T: Send + 'a, H: Send + 'a>(
    config: &'a Config,
    request: Request,
    paging: Paging,
    decode: fn(Raw) -> Result<Response<Vec<T>>, Error>,
    headers: fn(&HeaderMap) -> Result<H, HeaderError>,
) -> Pages<'a, T, H> {
    let Paging { param, first, last, total } = paging;
    Box::pin(futures_util::stream::try_unfold(Some(first), move |next| {
        let response = next.map(|page| {
            let mut request = request.clone();
            request.query.set(param, &page);
            (page, send(config, request, decode, headers))
        });
        async move {
            let Some((page, response)) = response else { return Ok(None) };
            let response = response.await?;
            let pages = total.and_then(|name| header::<i64>(&response.raw_headers, name).ok().flatten());
            let done = response.body.is_empty() || pages.is_some_and(|pages| page >= pages);
            let next = if done { None } else { page.checked_add(1).filter(|next| *next <= last) };
            Ok(Some((response, next)))
        }
    }))
}

/// Flattens pages into their items.
#[doc(hidden)]
pub fn items<'a, T: Send + 'a, H: Send + 'a>(
    pages: impl futures_util::Stream<Item = Result<Response<Vec<T>, H>, Error>> + Send + 'a,
) -> Items<'a, T> {
    use futures_util::TryStreamExt;
    Box::pin(pages.map_ok(|page| futures_util::stream::iter(page.body.into_iter().map(Ok))).try_flatten())
}

/// Reads an optional response header.
fn header<T: std::str::FromStr>(headers: &HeaderMap, name: &'static str) -> Result<Option<T>, HeaderError> {
    let Some(value) = headers.get(name) else { return Ok(None) };
    parse_header(name, value).map(Some)
}

impl Query {
    /// Sets `name` to `value`, where it was if it was there.
    fn set(&mut self, name: &str, value: &dyn fmt::Display) {
        let (name, value) = (encode(name), encode(&value.to_string()));
        match self.0.iter_mut().find(|(other, _)| *other == name) {
            Some(pair) => pair.1 = value,
            None => self.0.push((name, value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_parameter_is_set_where_it_is_or_added() {
        let mut query = Query::default();
        query.set("page", &1);
        query.set("per page", &"50");
        query.set("page", &2);
        let mut url = String::new();
        query.write(&mut url);
        assert_eq!(url, "?page=2&per%20page=50");
    }
}
