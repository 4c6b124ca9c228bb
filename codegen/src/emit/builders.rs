//! `builders.rs` of an API module: one request builder per operation (setters
//! for optional parameters, then `send`), and the typed response headers.

use std::ops::Range;

use crate::toks::{toks, Ident, Literal, ToToks, Toks};

use super::{argument_type, docs};
use crate::model::{
    Body, BodyEncoding, ErrorDecoder, FormStyle, Input, ListStyle, Module, Operation, Pagination, ParamLocation,
    ParamStyle, Presence, ResponseBody, Scalars, Storage, TypeKind, TypeRef, BODY_ARGUMENT,
};
use crate::naming;
use crate::rust::{Scope, Ty};

/// The builders of the operations `range` of `builders.rs`; the first piece
/// has the file's docs.
pub(crate) fn builders(module: &Module, range: Range<usize>) -> Toks {
    let header = (range.start == 0).then(|| {
        let doc = docs::inner(&format!(
            "Request builders of the `{}` API, one per operation, and the typed headers of their responses.",
            naming::plain(&module.name)
        ));
        let runtime = (!module.operations.is_empty()).then(|| {
            toks!(
                use crate::runtime;
            )
        });
        let types = names_types(module).then(|| {
            toks!(
                use super::types;
            )
        });
        let decoders = module.error_decoders.iter().map(error_decoder);
        toks!(#doc #runtime #types #(#decoders)*)
    });
    let items = module.operations[range].iter().map(|op| builder(module, op));
    toks! {
        #header
        #(#items)*
    }
}

/// The types a success body decodes into.
fn response_types(body: &ResponseBody) -> Vec<&TypeRef> {
    match body {
        ResponseBody::Json { ty, .. } => vec![ty],
        ResponseBody::ByStatus { variants, .. } => variants.iter().flat_map(|v| response_types(&v.body)).collect(),
        _ => Vec::new(),
    }
}

/// True when a builder names a type of `types.rs`: a parameter, body,
/// response, header or error type.
fn names_types(module: &Module) -> bool {
    module.operations.iter().any(|op| {
        op.params
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.as_ref().map(|b| &b.ty))
            .chain(response_types(&op.response.body))
            .chain(op.response.headers.iter().map(|h| &h.ty))
            .chain(op.errors.iter().map(|(_, ty)| ty))
            .any(TypeRef::names_a_type)
    })
}

/// The `#[derive]` of a request builder and its `Debug` impl if hand-written:
/// `Debug` is derived unless the operation has header parameters, whose
/// values may be credentials and show as `[redacted]` (whether an optional
/// one is set still shows).
fn debug(op: &Operation, name: &Ident) -> (Toks, Toks) {
    let secret = |p: &crate::model::Param| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie);
    if !op.params.iter().any(secret) {
        return (toks!(#[derive(Clone, Debug)]), Toks::new());
    }
    let fields = op.params.iter().map(|p| {
        let ident = naming::ident(&p.name);
        let label = naming::plain(&p.name);
        let value = match (secret(p), p.required) {
            (true, true) => toks!(&runtime::Redacted),
            (true, false) => toks!(&self.#ident.as_ref().map(|_| runtime::Redacted)),
            (false, _) => toks!(&self.#ident),
        };
        toks!(.field(#label, #value))
    });
    let body = op.body.as_ref().map(|_| {
        let label = BODY_ARGUMENT;
        let ident = naming::ident(label);
        toks!(.field(#label, &self.#ident))
    });
    let plain = naming::plain(&op.builder_name);
    let debug = toks! {
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
    (toks!(#[derive(Clone)]), debug)
}

fn builder(module: &Module, op: &Operation) -> Toks {
    let name = naming::ident(&op.builder_name);
    let method = &op.method_name;
    let doc = docs::outer(&format!(
        "Request builder for [`Client::{}`](super::Client::{method}).\n\n{}",
        naming::plain(method),
        docs::operation(op)
    ));
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for input in op.inputs() {
        let ident = naming::ident(input.name());
        let ty = Ty::of(input.ty(), Scope::Api);
        if input.required() {
            fields.push(toks!(#ident: #ty,));
        } else {
            fields.push(toks!(#ident: Option<#ty>,));
            setters.push(setter(input));
        }
    }
    let (body_type, headers_type, headers_item) = response_type(op);
    let (decode, parse_headers) = decoding(op);
    let paging = op.pagination.as_ref().map(|p| pagination(op, p, &decode, &parse_headers));
    let request_body = request(module, op);
    let mut send_doc = format!(
        "Sends the request: {}.\n\n# Errors\n\nAn [`Error`](crate::Error) when the request cannot be sent, the server answers with an error status, or the response is not what the API describes.",
        super::endpoint(op)
    );
    if !op.errors.is_empty() {
        send_doc.push_str(&format!(
            "\n\nThe body of an error status is also kept as the type the API declares for it, when it is one: {}. [`ApiError::typed`](crate::ApiError::typed) gives it.",
            declared_errors(&op.errors)
        ));
    }
    let send_doc = docs::outer(&send_doc);
    let (derive, debug_impl) = debug(op, &name);
    toks! {
        #{doc}
        #{derive}
        #[must_use = "a request does nothing until `.send().await` is called"]
        pub struct #name<'a> {
            pub(crate) client: &'a super::Client,
            pub(crate) options: runtime::RequestOptions,
            #(pub(crate) #fields)*
        }

        #{debug_impl}

        impl<'a> #name<'a> {
            #(#setters)*

            runtime::request_options!();

            #{send_doc}
            pub fn send(self) -> runtime::Sending<'a, #body_type, #headers_type> {
                runtime::send(&self.client.config, self.request(), #decode, #parse_headers)
            }

            /// The request, encoded; sending and decoding are the runtime's.
            fn request(self) -> runtime::Request {
                #{request_body}
            }

            #{paging}
        }

        #{headers_item}
    }
}

fn setter(input: Input<'_>) -> Toks {
    let ident = naming::ident(input.name());
    let (wire, deprecated) = match input {
        Input::Param(p) => (p.wire_name.as_str(), p.deprecated),
        Input::Body(_) => ("request body", false),
    };
    let mut text = input.doc().map_or_else(|| format!("Sets `{wire}`."), str::to_owned);
    if deprecated {
        text.push_str("\n\n**Deprecated** by the API.");
    }
    let doc = docs::outer(&text);
    let (ty, into) = argument_type(input.ty());
    let value = if into { toks!(value.into()) } else { toks!(value) };
    toks! {
        #doc
        pub fn #ident(mut self, value: #ty) -> Self {
            self.#ident = Some(#value);
            self
        }
    }
}

/// `pages()` and `items()` of a paginated list operation.
fn pagination(op: &Operation, p: &Pagination, decode: &Toks, parse_headers: &Toks) -> Toks {
    let item = Ty::of(&p.item, Scope::Api);
    let headers = match &op.response.headers_name {
        Some(name) => {
            let name = naming::ident(name);
            toks!(#name)
        }
        None => toks!(()),
    };
    let page = naming::ident(&p.page_param);
    let param = op.params.iter().find(|q| q.name == p.page_param).map_or(p.page_param.as_str(), |q| &q.wire_name);
    // Page numbers are counted in i64; an i32 parameter's pages end at its largest value.
    let (first_page, last) = match p.page_type {
        TypeRef::I32 => (toks!(first: i64::from(first)), toks!(i64::from(i32::MAX))),
        _ => (toks!(first), toks!(i64::MAX)),
    };
    let total_header = p.pages_field.as_ref().and_then(|field| op.response.headers.iter().find(|h| h.name == *field));
    let total = match total_header {
        Some(h) => {
            let wire = h.wire_name.to_ascii_lowercase();
            toks!(Some(#wire))
        }
        None => toks!(None),
    };
    let until = match total_header {
        Some(_) => "up to the last page the response headers announce, or the first empty page",
        None => "up to the first empty page",
    };
    let pages_doc = docs::outer(&format!(
        "Sends the request for every page in turn, lazily, from the page set with `{}` (or the first) {until}.\n\nThe stream ends after an error.",
        naming::plain(&p.page_param)
    ));
    toks! {
        #pages_doc
        pub fn pages(self) -> impl ::futures_util::Stream<Item = Result<runtime::Response<Vec<#item>, #headers>, runtime::Error>> + Send + Unpin + 'a {
            let first = self.#page.unwrap_or(1);
            let paging = runtime::Paging { param: #param, #first_page, last: #last, total: #total };
            runtime::pages(&self.client.config, self.#page(first).request(), paging, #decode, #parse_headers)
        }

        /// Every item of every page, fetched as [`pages`](Self::pages) does.
        pub fn items(self) -> impl ::futures_util::Stream<Item = Result<#item, runtime::Error>> + Send + Unpin + 'a {
            runtime::items(self.pages())
        }
    }
}

/// The body type of a success, the typed headers' type (`()` when none are
/// declared), and the headers struct, if any.
fn response_type(op: &Operation) -> (Toks, Toks, Toks) {
    let body = Ty::response_body(&op.response.body).to_toks_owned();
    let by_status = status_enum(op);
    let Some(headers_name) = &op.response.headers_name else {
        return (body, toks!(()), by_status);
    };
    let headers = naming::ident(headers_name);
    let method = &op.method_name;
    let doc = docs::outer(&format!(
        "The headers of a success response of [`Client::{}`](super::Client::{method}).",
        naming::plain(method)
    ));
    let fields = op.response.headers.iter().map(|h| {
        let ident = naming::ident(&h.name);
        let ty = Ty::header(h);
        let doc = docs::outer(h.doc.as_deref().unwrap_or(&format!("The `{}` header.", h.wire_name)));
        toks! { #doc pub #ident: #ty, }
    });
    // One typed local per header, parsed by the runtime, then the struct.
    let mut locals = Vec::new();
    let mut reads = Vec::new();
    let mut finish = Vec::new();
    for h in &op.response.headers {
        let ident = naming::ident(&h.name);
        let ty = Ty::of(&h.ty, Scope::Api);
        let wire = h.wire_name.to_ascii_lowercase();
        reads.push(toks!((#wire, &mut #ident)));
        if h.required {
            locals.push(toks!(let mut #ident: runtime::Required<#ty> = runtime::Required::missing();));
            finish.push(toks!(#ident: runtime::required_header(#ident, #wire)?));
        } else {
            locals.push(toks!(let mut #ident: Option<#ty> = None;));
            finish.push(toks!(#ident));
        }
    }
    let item = toks! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #headers {
            #(#fields)*
        }

        impl #headers {
            fn parse(__headers: &::reqwest::header::HeaderMap) -> Result<Self, runtime::HeaderError> {
                #(#locals)*
                runtime::read_headers(__headers, &mut [#(#reads),*])?;
                Ok(Self { #(#finish),* })
            }
        }
    };
    (body, toks!(#headers), toks!(#by_status #item))
}

/// The enum of an operation whose success statuses have different bodies,
/// and its decoding: the status picks the variant.
fn status_enum(op: &Operation) -> Toks {
    let ResponseBody::ByStatus { name, variants } = &op.response.body else { return Toks::new() };
    let ident = naming::ident(name);
    let method = &op.method_name;
    let doc = docs::outer(&format!(
        "The body of a success response of [`Client::{}`](super::Client::{method}): the statuses the API describes have different bodies.",
        naming::plain(method)
    ));
    let mut items = Vec::new();
    let mut exact = Vec::new();
    let mut ranges = Vec::new();
    for v in variants {
        let variant = naming::ident(&v.name);
        let about =
            v.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(|d| format!(": {d}")).unwrap_or_default();
        let doc = docs::outer(&format!("Status `{}`{about}", v.status));
        let (decode, value) = match &v.body {
            ResponseBody::Empty => (toks!(empty()), None),
            ResponseBody::Json { ty: TypeRef::String, optional: false } => (toks!(json_string()), Some(toks!(String))),
            ResponseBody::Json { ty, optional: false } => {
                let ty = Ty::of(ty, Scope::Api);
                (toks!(json::<#ty>()), Some(toks!(#ty)))
            }
            ResponseBody::Json { ty, optional: true } => {
                let ty = Ty::of(ty, Scope::Api);
                (toks!(json_optional::<#ty>()), Some(toks!(Option<#ty>)))
            }
            ResponseBody::Text => (toks!(text()), Some(toks!(String))),
            ResponseBody::Bytes | ResponseBody::ByStatus { .. } => (toks!(bytes()), Some(toks!(Vec<u8>))),
        };
        let arm_body = match &value {
            Some(_) => toks!(raw.#decode.map(|r| r.map(Self::#variant))),
            None => toks!(raw.#decode.map(|r| r.map(|()| Self::#variant))),
        };
        items.push(match value {
            Some(value) => toks!(#doc #variant(#value),),
            None => toks!(#doc #variant,),
        });
        match v.status.as_bytes() {
            [b'2', b'X' | b'x', b'X' | b'x'] | b"default" => ranges.push(toks!(200..=299 => #arm_body,)),
            _ => match v.status.parse::<u16>() {
                Ok(code) => {
                    let code = Literal::number(code);
                    exact.push(toks!(#code => #arm_body,))
                }
                Err(_) => ranges.push(toks!(200..=299 => #arm_body,)),
            },
        }
    }
    toks! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        // The variants are the statuses' bodies as the spec gives them; boxing
        // the large ones would change the API with each spec edit.
        #[allow(clippy::large_enum_variant)]
        pub enum #ident {
            #(#items)*
        }

        impl #ident {
            fn decode(raw: runtime::Raw) -> Result<runtime::Response<Self>, runtime::Error> {
                match raw.status() {
                    #(#exact)*
                    #(#ranges)*
                    _ => raw.undescribed(),
                }
            }
        }
    }
}

/// The runtime decoder of the success body, and the parser of the typed headers.
fn decoding(op: &Operation) -> (Toks, Toks) {
    let decode = match &op.response.body {
        ResponseBody::Empty => toks!(runtime::Raw::empty),
        ResponseBody::Json { ty: TypeRef::String, optional: false } => toks!(runtime::Raw::json_string),
        ResponseBody::Json { ty, optional: false } => {
            let ty = Ty::of(ty, Scope::Api);
            toks!(runtime::Raw::json::<#ty>)
        }
        ResponseBody::Json { ty, optional: true } => {
            let ty = Ty::of(ty, Scope::Api);
            toks!(runtime::Raw::json_optional::<#ty>)
        }
        ResponseBody::Text => toks!(runtime::Raw::text),
        ResponseBody::Bytes => toks!(runtime::Raw::bytes),
        ResponseBody::ByStatus { name, .. } => {
            let name = naming::ident(name);
            toks!(#name::decode)
        }
    };
    let parse_headers = match &op.response.headers_name {
        Some(headers) => {
            let headers = naming::ident(headers);
            toks!(#headers::parse)
        }
        None => toks!(runtime::no_headers),
    };
    (decode, parse_headers)
}

/// The parts of a multipart body, one call per property of its struct (by
/// the property's type: text, a list of texts, a file, files, or JSON),
/// then the body.
fn multipart(module: &Module, ty: &TypeRef, content_types: &[(String, String)], value: Toks) -> Toks {
    let mut ty = ty;
    let fields = loop {
        match ty {
            TypeRef::Named(name) => match module.type_kind(name) {
                Some(TypeKind::Struct { fields, .. }) => break fields.as_slice(),
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => break &[],
            },
            // A body that is one file: the part `file`.
            TypeRef::File => {
                return toks! {
                    if let Some(body) = #value {
                        let mut form = runtime::Multipart::new();
                        form.file("file", Some(body), None);
                        request.multipart(form);
                    }
                };
            }
            _ => break &[],
        }
    };
    let scalar = |t: &TypeRef| t.is_scalar(&|n| module.type_kind(n), Scalars::Written);
    // A file may be named (`$ref` to `{type: string, format: binary}`).
    let parts = fields.iter().map(|f| {
        let field = naming::ident(&f.name);
        let wire = &f.wire_name;
        let content_type = match content_types.iter().find(|(p, _)| p == wire) {
            Some((_, media)) => toks!(Some(#media)),
            None => toks!(None),
        };
        let place = match (f.presence, f.storage) {
            (Presence::Required, Storage::Inline) => toks!(Some(&body.#field)),
            (Presence::Required, Storage::Boxed) => toks!(Some(&*body.#field)),
            (Presence::TriState, _) => toks!(body.#field.value()),
            (_, Storage::Inline) => toks!(body.#field.as_ref()),
            (_, Storage::Boxed) => toks!(body.#field.as_deref()),
        };
        let add = match module.resolved(&f.ty) {
            TypeRef::File => toks!(file),
            TypeRef::Vec(item) if *module.resolved(item) == TypeRef::File => toks!(files),
            TypeRef::Vec(item) if scalar(item) => toks!(texts),
            other if scalar(other) => toks!(text),
            _ => toks!(json),
        };
        toks!(form.#add(#wire, #place, #content_type);)
    });
    toks! {
        if let Some(body) = #value {
            let mut form = runtime::Multipart::new();
            #(#parts)*
            request.multipart(form);
        }
    }
}

/// A decoder of error bodies the module's operations share: the body of an
/// error status decoded into the type the spec declares for it, matched by
/// exact status, then range, then `default`.
fn error_decoder(decoder: &ErrorDecoder) -> Toks {
    let name = naming::ident(&decoder.name);
    let doc = docs::outer(&format!(
        "Decodes the body of an error status into the type the API declares for it: {}.",
        declared_errors(&decoder.errors)
    ));
    let mut exact = Vec::new();
    let mut ranges = Vec::new();
    let mut default = toks!(_ => None,);
    for (status, ty) in &decoder.errors {
        let ty = Ty::of(ty, Scope::Api);
        let decode = toks!(raw.typed_json::<#ty>());
        match status.as_bytes() {
            b"default" => default = toks!(_ => #decode,),
            [first @ (b'4' | b'5'), b'X' | b'x', b'X' | b'x'] => {
                let low = u16::from(first - b'0') * 100;
                let (low, high) = (Literal::number(low), Literal::number(low + 99));
                ranges.push(toks!(#low..=#high => #decode,));
            }
            _ => {
                if let Ok(code) = status.parse::<u16>() {
                    let code = Literal::number(code);
                    exact.push(toks!(#code => #decode,));
                }
            }
        }
    }
    let body = match decoder.errors.as_slice() {
        // `default` alone: one type for every error status.
        [(status, ty)] if status == "default" => {
            let ty = Ty::of(ty, Scope::Api);
            toks!(raw.typed_json::<#ty>())
        }
        _ => toks! {
            match raw.status() {
                #(#exact)*
                #(#ranges)*
                #default
            }
        },
    };
    toks! {
        #doc
        fn #name(raw: &runtime::Raw) -> Option<runtime::TypedBody> {
            #body
        }
    }
}

/// The statuses and types of error bodies, for docs: `` `404`: `NotFound` ``.
fn declared_errors(errors: &[(String, TypeRef)]) -> String {
    let typed: Vec<String> = errors.iter().map(|(status, ty)| format!("`{status}`: `{}`", ty.rust_text())).collect();
    typed.join(", ")
}

/// A runtime `FormStyle` variant.
fn form_style(style: FormStyle) -> Toks {
    match style {
        FormStyle::Exploded => toks!(Exploded),
        FormStyle::Joined(delimiter) => toks!(Joined(#delimiter)),
        FormStyle::Brackets => toks!(Brackets),
        FormStyle::Flattened => toks!(Flattened),
    }
}

/// The delimiter of a list written as one value (a repeated list, which
/// paths and headers do not have, would be one value per item).
fn list_delimiter(style: ListStyle) -> char {
    match style {
        ListStyle::Joined(d) => d,
        ListStyle::Repeat => ',',
    }
}

/// The body of `request`: the endpoint, then one call per parameter and the
/// body, each encoding a value into the runtime's request.
fn request(module: &Module, op: &Operation) -> Toks {
    let mut calls = Vec::new();
    for p in &op.params {
        let ident = naming::ident(&p.name);
        let wire = &p.wire_name;
        let value = if p.required { toks!(Some(&self.#ident)) } else { toks!(self.#ident.as_ref()) };
        calls.push(match (p.location, p.style) {
            (ParamLocation::Path, ParamStyle::List(style)) => {
                let d = list_delimiter(style);
                toks!(request.path_list(#wire, &self.#ident, #d);)
            }
            (ParamLocation::Path, ParamStyle::Json) => toks!(request.path_json(#wire, &self.#ident);),
            (ParamLocation::Path, ParamStyle::Object(style)) => {
                let explode = style == FormStyle::Flattened;
                toks!(request.path_object(#wire, &self.#ident, #explode);)
            }
            (ParamLocation::Path, _) => toks!(request.path(#wire, &self.#ident);),
            (ParamLocation::Query, ParamStyle::List(ListStyle::Repeat)) => toks!(request.query_each(#wire, #value);),
            (ParamLocation::Query, ParamStyle::List(ListStyle::Joined(d))) => {
                toks!(request.query_joined(#wire, #value, #d);)
            }
            (ParamLocation::Query, ParamStyle::Object(style)) => {
                let style = form_style(style);
                toks!(request.query_object(#wire, #value, runtime::FormStyle::#style);)
            }
            (ParamLocation::Query, ParamStyle::Scalar) => toks!(request.query(#wire, #value);),
            (ParamLocation::Query, ParamStyle::Json) => toks!(request.query_json(#wire, #value);),
            (ParamLocation::Header, ParamStyle::Json) => toks!(request.header_json(#wire, #value);),
            (ParamLocation::Header, ParamStyle::Object(style)) => {
                let explode = style == FormStyle::Flattened;
                toks!(request.header_object(#wire, #value, #explode);)
            }
            (ParamLocation::Header, ParamStyle::List(style)) => {
                let d = list_delimiter(style);
                toks!(request.header_list(#wire, #value, #d);)
            }
            (ParamLocation::Header, _) => toks!(request.header(#wire, #value);),
            (ParamLocation::Cookie, ParamStyle::List(_)) => toks!(request.cookie_list(#wire, #value);),
            (ParamLocation::Cookie, ParamStyle::Json) => toks!(request.cookie_json(#wire, #value);),
            (ParamLocation::Cookie, _) => toks!(request.cookie(#wire, #value);),
        });
    }
    if let Some(Body { encoding, media_type, required, .. }) = &op.body {
        let ident = naming::ident(BODY_ARGUMENT);
        let value = if *required { toks!(Some(&self.#ident)) } else { toks!(self.#ident.as_ref()) };
        calls.push(match encoding {
            BodyEncoding::Json => toks!(request.json(#value, #media_type);),
            BodyEncoding::Text => toks!(request.text(#value, #media_type);),
            BodyEncoding::Bytes => toks!(request.upload(#value, #media_type);),
            BodyEncoding::Multipart(content_types) => {
                multipart(module, &op.body.as_ref().map_or(TypeRef::Json, |b| b.ty.clone()), content_types, value)
            }
            BodyEncoding::Form(styles) => {
                let styles = styles.iter().map(|(property, style)| {
                    let style = form_style(*style);
                    toks!((#property, runtime::FormStyle::#style))
                });
                toks!(request.form(#value, #media_type, &[#(#styles),*]);)
            }
        });
    }
    let method = naming::ident(&op.http_method);
    let template = &op.path;
    let accept = match &op.response.accept {
        Some(accept) => toks!(Some(#accept)),
        None => toks!(None),
    };
    let alternatives = op.security.iter().map(|a| {
        let a = a.iter().map(|&i| Literal::number(i));
        toks!(&[#(#a),*])
    });
    let endpoint = toks! {
        runtime::Endpoint {
            method: ::reqwest::Method::#method,
            path: #template,
            accept: #accept,
            security: &[#(#alternatives),*],
        }
    };
    if let Some(server) = &op.server {
        calls.insert(0, toks!(request.server(#server);));
    }
    if let Some(decoder) = &op.error_decoder {
        let decoder = naming::ident(decoder);
        calls.push(toks!(request.error_body(#decoder);));
    }
    if calls.is_empty() {
        return toks!(runtime::Request::new(#endpoint, self.options));
    }
    toks! {
        let mut request = runtime::Request::new(#endpoint, self.options);
        #(#calls)*
        request
    }
}
