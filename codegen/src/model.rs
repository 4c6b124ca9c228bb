//! The intermediate model: what the generated crate contains, with every name
//! already chosen and every reference resolved. Plain data; emitters read
//! nothing else.

use crate::diagnostics::SpecPath;

/// Everything one run generates: one module per spec document.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The modules, in the order the specs were given.
    pub modules: Vec<Module>,
}

/// One spec document, generated as one Rust module with its own `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Rust module name (`x-rust-module`, or the file name in snake case).
    pub name: String,
    /// Where the name comes from: `x-rust-module`, or the document root.
    pub name_origin: SpecPath,
    /// The spec file it comes from.
    pub file: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server's URL, with variables set to their defaults.
    pub base_url: String,
    /// Statuses, besides 429, 502, 503 and 504, that are retried (`x-rate-limit`).
    pub rate_limit_statuses: Vec<u16>,
    /// A response header giving the seconds until a rate limit resets.
    pub reset_header: Option<String>,
    /// The response header that identifies a request (`x-request-id-header`).
    pub request_id_header: Option<String>,
    /// Security schemes the operations refer to, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Named types: component schemas and inline schemas that need a name.
    pub types: Vec<TypeDef>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// The decoders of error bodies the operations share, in the order of
    /// their first use: operations that declare the same error types for
    /// the same statuses name the same one.
    pub error_decoders: Vec<ErrorDecoder>,
}

/// A function that decodes the body of an error status into the type the
/// spec declares for that status.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorDecoder {
    /// Its name, from its statuses and types (`errors_4xx_5xx_error`).
    pub name: String,
    /// The statuses and their types, as [`Operation::errors`] lists them.
    pub errors: Vec<(String, TypeRef)>,
}

impl Module {
    /// The kind of the named type `name` of this module.
    pub fn type_kind(&self, name: &str) -> Option<&TypeKind> {
        self.types.iter().find(|t| t.name == name).map(|t| &t.kind)
    }

    /// `ty` with the aliases it names followed (at most 64 deep: aliases
    /// do not cycle); the alias itself when it names no type of the module.
    pub fn resolved<'m>(&'m self, ty: &'m TypeRef) -> &'m TypeRef {
        let mut ty = ty;
        for _ in 0..64 {
            match ty {
                TypeRef::Named(name) => match self.type_kind(name) {
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// `ty` with every alias inside it followed: two types that are the
    /// same Rust type have the same canonical form.
    pub fn canonical(&self, ty: &TypeRef) -> TypeRef {
        match self.resolved(ty) {
            TypeRef::Vec(item) => TypeRef::Vec(Box::new(self.canonical(item))),
            TypeRef::Map(value) => TypeRef::Map(Box::new(self.canonical(value))),
            TypeRef::Option(inner) => TypeRef::Option(Box::new(self.canonical(inner))),
            TypeRef::Tuple(items) => TypeRef::Tuple(items.iter().map(|t| self.canonical(t)).collect()),
            other => other.clone(),
        }
    }
}

/// How credentials are sent for one security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub name: String,
    /// The client builder method that sets its credentials.
    pub builder_method: String,
    /// The scheme's description.
    pub description: Option<String>,
    /// What is sent.
    pub kind: SchemeKind,
}

/// The kinds of credentials the generated client can send.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// HTTP basic; with `api_token_password`, an API token may stand for the
    /// user name, sent with that fixed password.
    Basic {
        /// `x-api-token-password`.
        api_token_password: Option<String>,
        /// The builder method for the API token form, when there is one.
        token_method: Option<String>,
    },
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// An API key in a cookie (`Cookie: name=key`).
    ApiKeyCookie(String),
    /// Another HTTP authentication scheme: `Authorization: <scheme> <credentials>`,
    /// the credentials made by the caller as the API describes.
    Http(String),
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name.
    pub name: String,
    /// Where the schema is.
    pub origin: SpecPath,
    /// Documentation.
    pub doc: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Sent in a request body (directly or inside another type): gets
    /// `with_*` setters, and tri-state nullable fields.
    pub in_requests: bool,
}

/// The shapes of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// The fields, in spec order.
        fields: Vec<Field>,
        /// A union of objects whose alternative is read from the same JSON
        /// object (properties beside `oneOf`, or `oneOf` inside `allOf`).
        union: Option<FlattenedUnion>,
        /// The type of the properties not listed (`additionalProperties`),
        /// collected into a map, when the schema allows them.
        additional: Option<TypeRef>,
    },
    /// A string enum.
    Enum {
        /// The variants, in spec order.
        variants: Vec<Variant>,
    },
    /// `oneOf`/`anyOf`: a value that is one of several types, tried in order.
    OneOf {
        /// The alternatives, in spec order.
        variants: Vec<OneOfVariant>,
    },
    /// Another name for a type.
    Alias(TypeRef),
    /// A type of its own wrapping another (`struct Tree(Map<Tree>)`): an
    /// alias that contains itself, which Rust cannot write as an alias.
    Newtype(TypeRef),
    /// An alias of a type the user chose for the schema
    /// ([`Options::types`](crate::Options::types)), by its Rust path
    /// (`rust_decimal::Decimal`).
    Mapped(String),
}

/// What a value should look like, from its schema (or the one its `$ref`
/// names): an example, and bounds the client does not enforce. Read by
/// [`crate::smoke`] to make values a validating server accepts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hints {
    /// `example` (or 3.1's first `examples`), as JSON.
    pub example: Option<serde_json::Value>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `pattern`, an ECMAScript regular expression.
    pub pattern: Option<String>,
    /// The hints of a list's items.
    pub items: Option<Box<Hints>>,
}

impl Hints {
    /// True when there is nothing to say.
    pub fn is_empty(&self) -> bool {
        *self == Hints::default()
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name.
    pub name: String,
    /// JSON property name.
    pub wire_name: String,
    /// The value's type, without the `Option` or `Nullable` of its presence.
    pub ty: TypeRef,
    /// Whether it may be absent or `null`, and how that is written.
    pub presence: Presence,
    /// How the value is held.
    pub storage: Storage,
    /// The `format` the schema gives a scalar value (`date-time`, `email`).
    pub format: Option<String>,
    /// Its example and bounds, when the spec gives any.
    pub hints: Option<Box<Hints>>,
    /// Documentation.
    pub doc: Option<String>,
}

/// Whether a property may be absent or `null`: the field's Rust type, its
/// place in `new`, and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Listed in `required`, not nullable: `T`, an argument of `new`.
    Required,
    /// Listed in `required` and nullable: `Option<T>`, an argument of `new`,
    /// always written (`null` for `None`).
    RequiredNullable,
    /// Not listed in `required`: `Option<T>`, not written when `None`.
    Optional,
    /// Not listed in `required`, and nullable, in a type only read from
    /// responses: `Option<T>`, absent and `null` both read as `None`.
    OptionalNullable,
    /// Not listed in `required`, and nullable, in a type sent in requests:
    /// `Nullable<T>`, which tells absent, `null` and a value apart.
    TriState,
}

impl Presence {
    /// The presence of a property, from `required` and `nullable`; a type
    /// sent in requests makes an optional nullable property tri-state later.
    pub fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Listed in `required`: an argument of the struct's `new`.
    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::RequiredNullable)
    }

    /// `nullable`: `null` is a value of its own.
    pub fn nullable(self) -> bool {
        !matches!(self, Presence::Required | Presence::Optional)
    }

    /// Skipped when writing the value unset (`None`, `Nullable::Absent`).
    pub fn skipped_when_unset(self) -> bool {
        matches!(self, Presence::Optional | Presence::OptionalNullable | Presence::TriState)
    }
}

/// How a value is held in its field or variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// By value.
    Inline,
    /// In a `Box`, because the type contains itself.
    Boxed,
}

/// The name of the field that collects a struct's additional properties.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// A union of objects flattened into a struct: the field that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlattenedUnion {
    /// Rust field name.
    pub name: String,
    /// The union's type name (a [`TypeKind::OneOf`] of objects).
    pub ty: String,
}

/// One alternative of a `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// Rust variant name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// How the value is held.
    pub storage: Storage,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire_name: String,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8` (`format: uint8`).
    U8,
    /// `u16` (`format: uint16`).
    U16,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64` (`format: uint64`).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// An instant, `jiff::Timestamp` (`format: date-time`, RFC 3339 on the wire).
    DateTime,
    /// A calendar date, `jiff::civil::Date` (`format: date`, `2024-07-11`).
    Date,
    /// `uuid::Uuid` (`format: uuid`).
    Uuid,
    /// The runtime's `Empty`: the empty string, an enum's only value (as
    /// APIs write it to let a field be cleared).
    Empty,
    /// Any JSON value.
    Json,
    /// A named type of this module.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A tuple `(A, B, ...)`: an array of exactly these items (3.1's `prefixItems`).
    Tuple(Vec<TypeRef>),
    /// A JSON object with values of one type.
    Map(Box<TypeRef>),
    /// `Option<T>`: a nullable item inside a list or map.
    Option(Box<TypeRef>),
    /// A file (`format: binary`, or a body that is not JSON, a form or
    /// text): bytes or a stream, with a file name and media type, the
    /// runtime's `File`.
    File,
}

/// Which scalar-like types a value may have, for [`TypeRef::is_scalar`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scalars {
    /// Scalars, string enums and aliases of those: what can be parsed from
    /// text (response headers).
    Parsed,
    /// Those, and `oneOf`/`anyOf` unions of them: what can be written as
    /// text (parameters; a union writes its value).
    Written,
}

impl TypeRef {
    /// True when a value of this type is one scalar (`bool`, a number,
    /// `String`, a string enum, an alias of one, or for [`Scalars::Written`]
    /// a union of those), `lookup` giving the named types. Alias chains are
    /// followed a bounded number of steps, so a cycle ends here too.
    pub fn is_scalar<'t>(&'t self, lookup: &dyn Fn(&str) -> Option<&'t TypeKind>, scalars: Scalars) -> bool {
        let mut ty = self;
        for _ in 0..64 {
            match ty {
                TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U8
                | TypeRef::U16
                | TypeRef::U32
                | TypeRef::U64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::String
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Uuid
                | TypeRef::Empty => return true,
                TypeRef::Named(name) => match lookup(name) {
                    // The user's type is written and parsed as text (`Display`, `FromStr`).
                    Some(TypeKind::Enum { .. } | TypeKind::Mapped(_)) => return true,
                    Some(TypeKind::Alias(inner)) => ty = inner,
                    Some(TypeKind::OneOf { variants }) if scalars == Scalars::Written => {
                        // One level of union: its variants must be scalars themselves.
                        return variants.iter().all(|v| v.ty.is_scalar(lookup, Scalars::Parsed));
                    }
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// The Rust type as a reader sees it (`Vec<Tag>`), for messages and reports.
    pub fn rust_text(&self) -> String {
        crate::rust::Ty::of(self, crate::rust::Scope::Types).to_string()
    }

    /// True for the integer types.
    pub fn is_integer(&self) -> bool {
        matches!(self, TypeRef::I32 | TypeRef::I64 | TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64)
    }

    /// True when the type is or holds a named type of the module.
    pub fn names_a_type(&self) -> bool {
        self.holds(&|ty| matches!(ty, TypeRef::Named(_)))
    }

    /// True when the type is, or holds in a list, map, `Option` or tuple, a
    /// type that `leaf` picks.
    pub fn holds(&self, leaf: &dyn Fn(&TypeRef) -> bool) -> bool {
        match self {
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.holds(leaf),
            TypeRef::Tuple(items) => items.iter().any(|item| item.holds(leaf)),
            other => leaf(other),
        }
    }
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`.
    pub id: String,
    /// Rust method name on `Client`.
    pub method_name: String,
    /// Rust name of the request builder (and prefix of its headers struct).
    pub builder_name: String,
    /// Where the operation is.
    pub origin: SpecPath,
    /// HTTP method, upper case.
    pub http_method: String,
    /// The path template, as in the spec.
    pub path: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Parameters: path parameters in template order, then the others in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// What a success returns.
    pub response: Success,
    /// Security alternatives: each a list of indices into the module's schemes.
    /// Empty: no credentials are sent.
    pub security: Vec<Vec<usize>>,
    /// How to walk the pages of a list (`x-pagination`).
    pub pagination: Option<Pagination>,
    /// The server the spec names for this operation (or its path), its
    /// variables at their defaults: its base URL unless the client's is set.
    pub server: Option<String>,
    /// The JSON types the spec declares for error statuses, in spec order:
    /// a status (`404`), a range (`4XX`) or `default`, with its type.
    pub errors: Vec<(String, TypeRef)>,
    /// The name of the module's [`ErrorDecoder`] for `errors`, when there are any.
    pub error_decoder: Option<String>,
}

/// The name of a request body as an argument or setter of its operation:
/// lowering keeps parameters from taking it.
pub const BODY_ARGUMENT: &str = "body";

/// One input of an operation: a parameter or the request body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input<'o> {
    /// A parameter.
    Param(&'o Param),
    /// The request body.
    Body(&'o Body),
}

impl<'o> Input<'o> {
    /// Rust name: of the method argument, builder field and setter.
    pub fn name(self) -> &'o str {
        match self {
            Input::Param(p) => &p.name,
            Input::Body(_) => BODY_ARGUMENT,
        }
    }

    /// Its type (without the `Option` of an unset optional input).
    pub fn ty(self) -> &'o TypeRef {
        match self {
            Input::Param(p) => &p.ty,
            Input::Body(b) => &b.ty,
        }
    }

    /// Required inputs are arguments of the operation's method; optional
    /// ones are set on its request builder.
    pub fn required(self) -> bool {
        match self {
            Input::Param(p) => p.required,
            Input::Body(b) => b.required,
        }
    }

    /// Documentation.
    pub fn doc(self) -> Option<&'o str> {
        match self {
            Input::Param(p) => p.doc.as_deref(),
            Input::Body(b) => b.doc.as_deref(),
        }
    }
}

impl Operation {
    /// Every input, in the order the generated code takes them: parameters
    /// (path parameters in template order, then the others in spec order),
    /// then the body.
    pub fn inputs(&self) -> impl Iterator<Item = Input<'_>> {
        self.params.iter().map(Input::Param).chain(self.body.as_ref().map(Input::Body))
    }

    /// The arguments of the operation's method: its required inputs, in order.
    pub fn arguments(&self) -> impl Iterator<Item = Input<'_>> {
        self.inputs().filter(|i| i.required())
    }
}

/// A paginated list operation: the body is a JSON list, one page of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Rust name of the page parameter (an optional integer query parameter).
    pub page_param: String,
    /// Its type (`i32` or `i64`).
    pub page_type: TypeRef,
    /// Rust field of the typed headers that gives the number of pages.
    pub pages_field: Option<String>,
    /// The type of a list item.
    pub item: TypeRef,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{placeholder}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie of the request's `Cookie` header.
    Cookie,
}

/// How a parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// A scalar: its text.
    Scalar,
    /// A list of scalars.
    List(ListStyle),
    /// An object. In the query: its properties as pairs, as a form body's
    /// property of this style is written (`deepObject`:
    /// `filter[created][gt]=1`; `form`, exploded: `R=100&G=200`). In a path
    /// or header, the simple style: `Joined(',')` is `R,100,G,200`, and
    /// `Flattened` the exploded `R=100,G=200`.
    Object(FormStyle),
    /// Described by `content` of a JSON media type: the value's JSON text.
    Json,
}

/// How a list parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `name=a&name=b` (form, explode).
    Repeat,
    /// `name=a,b` with this delimiter (form/simple: `,`; spaceDelimited; pipeDelimited).
    Joined(char),
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name (argument or setter).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Required parameters are arguments of the operation's method.
    pub required: bool,
    /// Its type: a scalar, or a `Vec` of scalars.
    pub ty: TypeRef,
    /// How its value is written.
    pub style: ParamStyle,
    /// The `format` the spec gives the value, or a list's items (`email`,
    /// `uri`, `int32` on a `number`), as written.
    pub format: Option<String>,
    /// Its example and bounds, when the spec gives any.
    pub hints: Option<Box<Hints>>,
    /// Documentation.
    pub doc: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// How it is sent.
    pub encoding: BodyEncoding,
    /// Its media type, sent as `Content-Type`.
    pub media_type: String,
    /// The other media types the operation takes, in spec order (the
    /// client sends the first of JSON, a form, text and bytes).
    pub also: Vec<String>,
    /// Required bodies are arguments of the operation's method.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}

/// Body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON, with this content type.
    Json,
    /// Text (`text/plain`).
    Text,
    /// `application/x-www-form-urlencoded`: the value's properties as pairs,
    /// nested values in brackets; the properties the spec gives an
    /// `encoding`, with their style.
    Form(Vec<(String, FormStyle)>),
    /// Raw bytes.
    Bytes,
    /// `multipart/form-data`: one part per property of the value (a
    /// struct); the media types the spec's `encoding` gives parts, by property.
    Multipart(Vec<(String, String)>),
}

/// How a top-level property of a form body with a list or object value is
/// written: the runtime's `FormStyle`, from the spec's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `form`, exploded: a list as `a=1&a=2`, an object in brackets.
    Exploded,
    /// Not exploded, or delimited: one value joined by this delimiter.
    Joined(char),
    /// `deepObject`: nested in brackets, lists by index.
    Brackets,
    /// `form`, exploded, declared: an object's properties as pairs of their own.
    Flattened,
}

/// How a success response is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The body.
    pub body: ResponseBody,
    /// The `Accept` header to send, when the spec names content types.
    pub accept: Option<String>,
    /// Name of the typed headers struct, when headers are declared.
    pub headers_name: Option<String>,
    /// The declared response headers.
    pub headers: Vec<ResponseHeader>,
}

/// Response body decodings.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No content: `()`.
    Empty,
    /// JSON decoded into a type; `optional` when another 2xx status has no content.
    Json {
        /// The decoded type.
        ty: TypeRef,
        /// `Option<T>`: `None` for an empty body.
        optional: bool,
    },
    /// Text: `String`.
    Text,
    /// Bytes: `Vec<u8>`.
    Bytes,
    /// Success statuses with different bodies: an enum of the operation's
    /// own, one variant per status, chosen by the status received.
    ByStatus {
        /// The enum's name (in `builders.rs`).
        name: String,
        /// The statuses, in spec order.
        variants: Vec<StatusVariant>,
    },
}

/// One success status of a [`ResponseBody::ByStatus`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Rust variant name (`Created`, `Accepted`, `Status299`).
    pub name: String,
    /// The status as the spec writes it: `201`, or a range such as `2XX`.
    pub status: String,
    /// Its body: empty, JSON, text or bytes.
    pub body: ResponseBody,
    /// The response's description.
    pub doc: Option<String>,
}

/// A declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Rust field name.
    pub name: String,
    /// Header name on the wire.
    pub wire_name: String,
    /// A scalar type.
    pub ty: TypeRef,
    /// A missing required header is an error.
    pub required: bool,
    /// Documentation.
    pub doc: Option<String>,
}
