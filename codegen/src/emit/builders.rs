//! `builders.rs` of an API module: one request builder per operation (setters
//! for optional parameters, then `send`), and the typed response headers.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::client::operation_doc;
use super::{docs, rust_type};
use crate::model::{
    Body, BodyEncoding, ListStyle, Module, Operation, Pagination, Param, ParamLocation, ResponseBody, TypeRef,
};
use crate::naming;

/// The builders of the operations `range` of `builders.rs`; the first piece
/// has the file's docs.
pub(crate) fn builders(module: &Module, range: Range<usize>) -> TokenStream {
    let header = (range.start == 0).then(|| {
        docs::inner(&format!(
            "Request builders of the `{}` API, one per operation, and the typed headers of their responses.",
            naming::plain(&module.name)
        ))
    });
    let items = module.operations[range].iter().map(|op| builder(op, module));
    quote! {
        #header
        #(#items)*
    }
}

/// A value the caller passes for a parameter: strings as `impl Into<String>`.
fn arg_type(ty: &TypeRef, module: &Module) -> (TokenStream, bool) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), true),
        other => (rust_type(other, module, false), false),
    }
}

/// The operation method's arguments (`name: Type`) with the expressions that
/// pass them on to the builder.
pub(crate) fn required_args(op: &Operation, module: &Module) -> Vec<(TokenStream, TokenStream)> {
    let mut out = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        out.push(arg(&p.name, &p.ty, module));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        out.push(arg(body_name(op), &body.ty, module));
    }
    out
}

fn arg(name: &str, ty: &TypeRef, module: &Module) -> (TokenStream, TokenStream) {
    let ident = naming::ident(name);
    let (ty, into) = arg_type(ty, module);
    let value = if into { quote!(#ident.into()) } else { quote!(#ident) };
    (quote!(#ident: #ty), value)
}

/// The `#[derive]` of a request builder and its `Debug` impl if hand-written:
/// `Debug` is derived unless the operation has header parameters, whose
/// values may be credentials and show as `[redacted]` (whether an optional
/// one is set still shows).
fn debug(op: &Operation, name: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    if op.params.iter().all(|p| p.location != ParamLocation::Header) {
        return (quote!(#[derive(Clone, Debug)]), TokenStream::new());
    }
    let fields = op.params.iter().map(|p| {
        let ident = naming::ident(&p.name);
        let label = naming::plain(&p.name);
        let value = match (p.location, p.required) {
            (ParamLocation::Header, true) => quote!(&crate::runtime::Redacted),
            (ParamLocation::Header, false) => quote!(&self.#ident.as_ref().map(|_| crate::runtime::Redacted)),
            _ => quote!(&self.#ident),
        };
        quote!(.field(#label, #value))
    });
    let body = op.body.as_ref().map(|_| {
        let label = body_name(op);
        let ident = naming::ident(label);
        quote!(.field(#label, &self.#ident))
    });
    let plain = naming::plain(&op.builder_name);
    let debug = quote! {
        impl ::std::fmt::Debug for #name<'_> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#plain)
                    .field("client", &self.client)
                    .field("options", &self.options)
                    #(#fields)*
                    #body
                    .finish()
            }
        }
    };
    (quote!(#[derive(Clone)]), debug)
}

/// The request body's argument name: `body`, unless a parameter took it.
fn body_name(op: &Operation) -> &'static str {
    if op.params.iter().any(|p| p.name == "body") {
        "request_body"
    } else {
        "body"
    }
}

fn builder(op: &Operation, module: &Module) -> TokenStream {
    let name = naming::ident(&op.builder_name);
    let method = &op.method_name;
    let doc = docs::outer(&format!(
        "Request builder for [`Client::{}`](super::Client::{method}): {}.\n\n{}",
        naming::plain(method),
        super::endpoint(op),
        operation_doc(op)
    ));
    let mut fields = Vec::new();
    let mut init = Vec::new();
    let mut new_params = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let ident = naming::ident(&p.name);
        let ty = rust_type(&p.ty, module, false);
        if p.required {
            fields.push(quote!(#ident: #ty,));
            new_params.push(quote!(#ident: #ty));
            init.push(quote!(#ident,));
        } else {
            fields.push(quote!(#ident: Option<#ty>,));
            init.push(quote!(#ident: None,));
            setters.push(setter(&p.name, p.doc.as_deref(), p.deprecated, &p.ty, module, &p.wire_name));
        }
    }
    if let Some(body) = &op.body {
        let ident = naming::ident(body_name(op));
        let ty = rust_type(&body.ty, module, false);
        if body.required {
            fields.push(quote!(#ident: #ty,));
            new_params.push(quote!(#ident: #ty));
            init.push(quote!(#ident,));
        } else {
            fields.push(quote!(#ident: Option<#ty>,));
            init.push(quote!(#ident: None,));
            setters.push(setter(body_name(op), body.doc.as_deref(), false, &body.ty, module, "request body"));
        }
    }
    let (body_type, headers_type, headers_item) = response_type(op, module);
    let (decode, parse_headers) = decoding(op, module);
    let paging = op.pagination.as_ref().map(|p| pagination(op, p, module));
    let send_body = send(op);
    let send_doc = docs::outer(&format!(
        "Sends the request: {}.\n\n# Errors\n\nAn [`Error`](crate::Error) when the request cannot be sent, the server answers with an error status, or the response is not what the API describes.",
        super::endpoint(op)
    ));
    let (derive, debug_impl) = debug(op, &name);
    quote! {
        #doc
        #derive
        #[must_use = "a request does nothing until `.send().await` is called"]
        pub struct #name<'a> {
            client: &'a super::Client,
            options: crate::runtime::RequestOptions,
            #(#fields)*
        }

        #debug_impl

        impl<'a> #name<'a> {
            pub(crate) fn new(client: &'a super::Client, #(#new_params),*) -> Self {
                Self { client, options: Default::default(), #(#init)* }
            }

            #(#setters)*

            /// Fails this request if an attempt takes longer than `timeout`
            /// (instead of the client's timeout).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Sends this extra header with the request. An invalid name or
            /// value fails the request with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options.headers.push((name.into(), value.into()));
                self
            }

            /// Retries this request by `policy` (instead of the client's).
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

            #send_doc
            pub fn send(self) -> crate::runtime::Sending<'a, #body_type, #headers_type> {
                let config = &self.client.config;
                crate::runtime::send(config, self.request(), #decode, #parse_headers)
            }

            /// The request, encoded; sending and decoding are the runtime's.
            fn request(self) -> Result<crate::runtime::Request, crate::Error> {
                #send_body
            }

            #paging
        }

        #headers_item
    }
}

fn setter(name: &str, doc: Option<&str>, deprecated: bool, ty: &TypeRef, module: &Module, wire: &str) -> TokenStream {
    let ident = naming::ident(name);
    let mut text = doc.map_or_else(|| format!("Sets `{wire}`."), str::to_owned);
    if deprecated {
        text.push_str("\n\n**Deprecated** by the API.");
    }
    let doc = docs::outer(&text);
    let (ty, into) = arg_type(ty, module);
    let value = if into { quote!(value.into()) } else { quote!(value) };
    quote! {
        #doc
        pub fn #ident(mut self, value: #ty) -> Self {
            self.#ident = Some(#value);
            self
        }
    }
}

/// `pages()` and `items()` of a paginated list operation.
fn pagination(op: &Operation, p: &Pagination, module: &Module) -> TokenStream {
    let item = rust_type(&p.item, module, false);
    let headers = match &op.response.headers_name {
        Some(name) => {
            let name = naming::ident(name);
            quote!(#name)
        }
        None => quote!(()),
    };
    let page = naming::ident(&p.page_param);
    // Page numbers are counted in i64; an i32 parameter converts both ways.
    let last = match p.page_type {
        TypeRef::I32 => quote!(i64::from(i32::MAX)),
        _ => quote!(i64::MAX),
    };
    let (first, next) = match p.page_type {
        TypeRef::I32 => {
            (quote!(self.#page.map_or(1, i64::from)), quote!(request.#page(i32::try_from(page).unwrap_or(i32::MAX))))
        }
        _ => (quote!(self.#page.unwrap_or(1)), quote!(request.#page(page))),
    };
    let total = match &p.pages_field {
        Some(field) => {
            let header = op.response.headers.iter().find(|h| h.name == *field);
            let wide = header.is_some_and(|h| h.ty == TypeRef::I64);
            let field = naming::ident(field);
            match (header.is_some_and(|h| h.required), wide) {
                (true, true) => quote!(|headers| Some(headers.#field)),
                (true, false) => quote!(|headers| Some(i64::from(headers.#field))),
                (false, true) => quote!(|headers| headers.#field),
                (false, false) => quote!(|headers| headers.#field.map(i64::from)),
            }
        }
        None => quote!(|_| None),
    };
    let until = match &p.pages_field {
        Some(_) => "up to the last page the response headers announce, or the first empty page",
        None => "up to the first empty page",
    };
    let pages_doc = docs::outer(&format!(
        "Sends the request for every page in turn, lazily, from the page set with `{}` (or the first) {until}.\n\nThe stream ends after an error.",
        naming::plain(&p.page_param)
    ));
    quote! {
        #pages_doc
        pub fn pages(self) -> crate::runtime::Pages<'a, #item, #headers> {
            let first = #first;
            crate::runtime::pages(self, first, #last, |request, page| #next.send(), #total)
        }

        /// Every item of every page, fetched as [`pages`](Self::pages) does.
        pub fn items(self) -> crate::runtime::Items<'a, #item> {
            crate::runtime::items(self.pages())
        }
    }
}

/// The body type of a success, the typed headers' type (`()` when none are
/// declared), and the headers struct, if any.
fn response_type(op: &Operation, module: &Module) -> (TokenStream, TokenStream, TokenStream) {
    let body = match &op.response.body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json { ty, optional: false } => rust_type(ty, module, false),
        ResponseBody::Json { ty, optional: true } => {
            let ty = rust_type(ty, module, false);
            quote!(Option<#ty>)
        }
        ResponseBody::Text => quote!(String),
        ResponseBody::Bytes => quote!(Vec<u8>),
    };
    let Some(headers_name) = &op.response.headers_name else {
        return (body, quote!(()), TokenStream::new());
    };
    let headers = naming::ident(headers_name);
    let method = &op.method_name;
    let doc = docs::outer(&format!(
        "The headers of a success response of [`Client::{}`](super::Client::{method}).",
        naming::plain(method)
    ));
    let fields = op.response.headers.iter().map(|h| {
        let ident = naming::ident(&h.name);
        let ty = rust_type(&h.ty, module, false);
        let ty = if h.required { ty } else { quote!(Option<#ty>) };
        let doc = docs::outer(h.doc.as_deref().unwrap_or(&format!("The `{}` header.", h.wire_name)));
        quote! { #doc pub #ident: #ty, }
    });
    let reads = op.response.headers.iter().map(|h| {
        let ident = naming::ident(&h.name);
        let wire = h.wire_name.to_ascii_lowercase();
        let read = if h.required { quote!(required_header) } else { quote!(header) };
        quote! { #ident: crate::runtime::#read(headers, #wire)?, }
    });
    let item = quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #headers {
            #(#fields)*
        }

        impl #headers {
            fn parse(headers: &::reqwest::header::HeaderMap) -> Result<Self, crate::runtime::HeaderError> {
                Ok(Self { #(#reads)* })
            }
        }
    };
    (body, quote!(#headers), item)
}

/// The runtime decoder of the success body, and the parser of the typed headers.
fn decoding(op: &Operation, module: &Module) -> (TokenStream, TokenStream) {
    let decode = match &op.response.body {
        ResponseBody::Empty => quote!(crate::runtime::Raw::empty),
        ResponseBody::Json { ty: TypeRef::String, optional: false } => quote!(crate::runtime::Raw::json_string),
        ResponseBody::Json { ty, optional: false } => {
            let ty = rust_type(ty, module, false);
            quote!(crate::runtime::Raw::json::<#ty>)
        }
        ResponseBody::Json { ty, optional: true } => {
            let ty = rust_type(ty, module, false);
            quote!(crate::runtime::Raw::json_optional::<#ty>)
        }
        ResponseBody::Text => quote!(crate::runtime::Raw::text),
        ResponseBody::Bytes => quote!(crate::runtime::Raw::bytes),
    };
    let parse_headers = match &op.response.headers_name {
        Some(headers) => {
            let headers = naming::ident(headers);
            quote!(#headers::parse)
        }
        None => quote!(crate::runtime::no_headers),
    };
    (decode, parse_headers)
}

/// The body of `request`: encode the parameters into a runtime request.
fn send(op: &Operation) -> TokenStream {
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for p in &op.params {
        let ident = naming::ident(&p.name);
        let wire = &p.wire_name;
        let (target, statement) = match p.location {
            ParamLocation::Path => continue,
            ParamLocation::Query => {
                let call = match (&p.ty, p.list_style) {
                    (TypeRef::Vec(_), ListStyle::Repeat) => quote!(query.push_each(#wire, value)),
                    (TypeRef::Vec(_), ListStyle::Joined(d)) => quote!(query.push_joined(#wire, value, #d)),
                    _ => quote!(query.push(#wire, value)),
                };
                (&mut query, call)
            }
            ParamLocation::Header => {
                let text = match &p.ty {
                    TypeRef::Vec(_) => quote!(crate::runtime::join(value)),
                    _ => quote!(value.to_string()),
                };
                (&mut headers, quote!(headers.push((#wire, #text))))
            }
        };
        target.push(if p.required {
            quote! { let value = &self.#ident; #statement; }
        } else {
            quote! { if let Some(value) = &self.#ident { #statement; } }
        });
    }
    let query_decl = if query.is_empty() {
        quote!(let query = crate::runtime::Query::default();)
    } else {
        quote!(let mut query = crate::runtime::Query::default(); #(#query)*)
    };
    let headers_decl = if headers.is_empty() {
        quote!(let headers = Vec::new();)
    } else {
        quote!(let mut headers = Vec::new(); #(#headers)*)
    };
    let method = naming::ident(&op.http_method);
    let template = &op.path;
    let path = path_expr(op);
    let body = match &op.body {
        None => quote!(None),
        Some(Body { encoding, media_type, required, .. }) => {
            let ident = naming::ident(body_name(op));
            let encode = match encoding {
                BodyEncoding::Json => quote!(crate::runtime::Body::json(value, #media_type)?),
                BodyEncoding::Text => quote!(crate::runtime::Body::text(value, #media_type)),
            };
            if *required {
                quote!({ let value = &self.#ident; Some(#encode) })
            } else {
                quote!(match &self.#ident { Some(value) => Some(#encode), None => None })
            }
        }
    };
    let accept = match &op.response.accept {
        Some(accept) => quote!(Some(#accept)),
        None => quote!(None),
    };
    let alternatives = op.security.iter().map(|a| {
        let a = a.iter().map(|&i| proc_macro2::Literal::usize_unsuffixed(i));
        quote!(&[#(#a),*])
    });
    quote! {
        #query_decl
        #headers_decl
        Ok(crate::runtime::Request {
            method: ::reqwest::Method::#method,
            path_template: #template,
            path: #path,
            query,
            headers,
            body: #body,
            accept: #accept,
            security: &[#(#alternatives),*],
            options: self.options,
        })
    }
}

/// The path with each parameter encoded as a segment: a `format!` of the
/// template, in a block of its own so that parameter names cannot shadow the
/// locals of `send`.
fn path_expr(op: &Operation) -> TokenStream {
    let mut format = String::new();
    let mut segments = Vec::new();
    let mut rest = op.path.as_str();
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        format.push_str(&rest[..open]);
        let wire = &rest[open + 1..close];
        let p = op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == wire);
        if let Some(Param { name, ty, .. }) = p {
            let field = naming::ident(name);
            let local = if name.starts_with("r#") { format!("{}_", naming::plain(name)) } else { name.clone() };
            format.push_str(&format!("{{{local}}}"));
            let local = naming::ident(&local);
            segments.push(match ty {
                TypeRef::Vec(_) => quote!(let #local = crate::runtime::path_list(#wire, &self.#field)?;),
                _ => quote!(let #local = crate::runtime::path_param(#wire, &self.#field)?;),
            });
        }
        rest = &rest[close + 1..];
    }
    format.push_str(rest);
    if segments.is_empty() {
        quote!(String::from(#format))
    } else {
        quote!({
            #(#segments)*
            ::std::format!(#format)
        })
    }
}
