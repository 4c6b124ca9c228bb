//! `mod.rs` of an API module: the `Client`, its credential methods, and one
//! method per operation.

use std::ops::Range;

use crate::toks::{toks, Literal, Toks};

use super::{argument_type, docs};
use crate::model::{Module, Operation, SchemeKind};
use crate::naming;
use crate::Options;

/// The methods of the operations in `range`: the whole module for a range
/// that starts at 0, else only `impl Client { ... }` with those methods
/// (see [`super::Cut`]).
pub(crate) fn module(module: &Module, opts: &Options, range: Range<usize>) -> Toks {
    let methods = module.operations[range.clone()].iter().map(method);
    if range.start > 0 {
        return toks! {
            impl Client {
                #(#methods)*
            }
        };
    }
    let mut about = format!("{} (version {})", module.title, module.version);
    if let Some(description) = &module.description {
        about.push_str("\n\n");
        about.push_str(description);
    }
    // Full paths: rustdoc reads a module's inner docs together with the outer
    // docs on its `mod` item, in the parent's scope.
    let m = &module.name;
    about.push_str(&format!(
        "\n\nGenerated from `{}`. Operations are methods of [`Client`](crate::{m}::Client); their request builders are in [`builders`](crate::{m}::builders), the schemas in [`types`](crate::{m}::types).",
        module.file
    ));
    let header = docs::inner(&about);
    let base_url = &module.base_url;
    let base_url_doc = docs::outer(&format!("The server URL the spec names: `{base_url}`."));
    let schemes = module.security_schemes.iter().map(|s| match &s.kind {
        SchemeKind::Basic { .. } => toks!(runtime::Scheme::Basic),
        SchemeKind::Bearer => toks!(runtime::Scheme::Bearer),
        SchemeKind::ApiKeyHeader(name) => toks!(runtime::Scheme::HeaderKey(#name)),
        SchemeKind::ApiKeyQuery(name) => toks!(runtime::Scheme::QueryKey(#name)),
        SchemeKind::ApiKeyCookie(name) => toks!(runtime::Scheme::CookieKey(#name)),
        SchemeKind::Http(name) => toks!(runtime::Scheme::Authorization(#name)),
    });
    let rate_limit_statuses = &module.rate_limit_statuses;
    let optional_name = |name: &Option<String>| match name {
        Some(name) => {
            let name = name.to_ascii_lowercase();
            toks!(Some(#name))
        }
        None => toks!(None),
    };
    let reset_header = optional_name(&module.reset_header);
    let request_id_header = optional_name(&module.request_id_header);
    let credentials = credential_methods(module);
    let (builder_doc, no_retry) = match opts.retry {
        true => (
            "Starts building a client that sends requests to [`DEFAULT_BASE_URL`].",
            None,
        ),
        false => (
            "Starts building a client that sends requests to [`DEFAULT_BASE_URL`]. It sends each request once: give it a [`RetryPolicy`](runtime::RetryPolicy) to retry failures.",
            Some(toks!(.retry(runtime::RetryPolicy::disabled()))),
        ),
    };
    let builder_doc = docs::outer(builder_doc);
    let client_doc = docs::outer(&format!(
        "A client for {}. Cheap to clone: clones share one connection pool.\n\nBuild one with [`Client::builder`].",
        module.title
    ));
    toks! {
        #header

        pub mod builders;
        pub mod types;

        use crate::runtime;

        #base_url_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// What the spec says about the API as a whole: security schemes (in
        /// the order operations refer to them), rate limits, request ids.
        static API: runtime::ApiInfo = runtime::ApiInfo {
            schemes: &[#(#schemes),*],
            rate_limit_statuses: &[#(#rate_limit_statuses),*],
            reset_header: #reset_header,
            request_id_header: #request_id_header,
        };

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            config: ::std::sync::Arc<runtime::Config>,
        }

        /// Builds a [`Client`]: see [`Client::builder`].
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        impl From<runtime::Config> for Client {
            fn from(config: runtime::Config) -> Self {
                Self { config: ::std::sync::Arc::new(config) }
            }
        }

        #credentials

        impl Client {
            #builder_doc
            pub fn builder() -> ClientBuilder {
                runtime::ClientBuilder::new(DEFAULT_BASE_URL, &API) #no_retry
            }

            /// The URL this client sends requests to: [`DEFAULT_BASE_URL`], or the
            /// one its builder's `base_url` set.
            pub fn base_url(&self) -> &str {
                self.config.base_url()
            }

            #(#methods)*
        }
    }
}

/// The builder methods that set each security scheme's credentials.
fn credential_methods(module: &Module) -> Toks {
    let mut methods = Vec::new();
    for (index, scheme) in module.security_schemes.iter().enumerate() {
        let index = Literal::number(index);
        let method = naming::ident(&scheme.builder_method);
        let about = scheme.description.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default();
        let name = &scheme.name;
        match &scheme.kind {
            SchemeKind::Basic { api_token_password, token_method } => {
                let doc = docs::outer(&format!("Authenticates with HTTP basic authentication (`{name}`).{about}"));
                methods.push(toks! {
                    #doc
                    pub fn #method(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.credential(#index, runtime::Credential::basic(username, password))
                    }
                });
                if let (Some(password), Some(token_method)) = (api_token_password, token_method) {
                    let token_method = naming::ident(token_method);
                    let doc = docs::outer(&format!(
                        "Authenticates with an API token (`{name}`): HTTP basic with the token as the user name and the password `{password}`."
                    ));
                    methods.push(toks! {
                        #doc
                        pub fn #token_method(self, token: impl Into<String>) -> Self {
                            self.credential(#index, runtime::Credential::basic(token, #password))
                        }
                    });
                }
            }
            SchemeKind::Bearer
            | SchemeKind::ApiKeyHeader(_)
            | SchemeKind::ApiKeyQuery(_)
            | SchemeKind::ApiKeyCookie(_)
            | SchemeKind::Http(_) => {
                let how = match &scheme.kind {
                    SchemeKind::Bearer => String::from("sent as `Authorization: Bearer <token>`"),
                    SchemeKind::ApiKeyHeader(header) => format!("sent in the `{header}` header"),
                    SchemeKind::ApiKeyQuery(param) => format!("sent as the `{param}` query parameter"),
                    SchemeKind::ApiKeyCookie(cookie) => format!("sent as the `{cookie}` cookie"),
                    SchemeKind::Http(scheme) => format!(
                        "sent as `Authorization: {scheme} <token>`. Make the token as the API describes; \
                         a token that changes with each request (a signature) can be set by [`request_hook`](Self::request_hook) instead"
                    ),
                    SchemeKind::Basic { .. } => unreachable!(),
                };
                let doc = docs::outer(&format!("Authenticates with `{name}`: the token is {how}.{about}"));
                methods.push(toks! {
                    #doc
                    pub fn #method(self, token: impl Into<String>) -> Self {
                        self.credential(#index, runtime::Credential::token(token))
                    }
                });
            }
        }
    }
    if methods.is_empty() {
        return Toks::new();
    }
    toks! {
        impl runtime::ClientBuilder<Client> {
            #(#methods)*
        }
    }
}

fn method(op: &Operation) -> Toks {
    let name = naming::ident(&op.method_name);
    let builder = naming::ident(&op.builder_name);
    let mut doc = docs::operation(op);
    // The arguments, each with its description on one line, if it has one.
    let mut params = Vec::new();
    let mut arguments = Vec::new();
    for input in op.arguments() {
        let ident = naming::ident(input.name());
        let (ty, _) = argument_type(input.ty());
        params.push(toks!(#ident: #ty));
        let text = match input {
            crate::model::Input::Body(b) => Some(b.doc.as_deref().unwrap_or("The request body.")),
            crate::model::Input::Param(p) => p.doc.as_deref(),
        };
        let name = naming::plain(input.name());
        arguments.push(match text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")) {
            Some(text) if !text.is_empty() => format!("- `{name}`: {text}"),
            _ => format!("- `{name}`"),
        });
    }
    if !arguments.is_empty() {
        doc.push_str("\n\n# Arguments\n\n");
        doc.push_str(&arguments.join("\n"));
    }
    let optional = op.inputs().any(|i| !i.required());
    doc.push_str(if optional {
        "\n\nSet the optional parameters on the returned builder, then call `.send().await`."
    } else {
        "\n\nCall `.send().await` on the returned builder."
    });
    let doc = docs::outer(&doc);
    let literal = literal(op);
    toks! {
        #{doc}
        pub fn #name(&self, #(#params),*) -> builders::#builder<'_> {
            #{literal}
        }
    }
}

/// The builder as the operation method makes it: the required values from
/// its arguments, the optional ones unset. (A literal rather than a `new`
/// function: one function body less per operation to compile.)
fn literal(op: &Operation) -> Toks {
    let name = naming::ident(&op.builder_name);
    let fields = op.inputs().map(|input| {
        let ident = naming::ident(input.name());
        match (input.required(), argument_type(input.ty()).1) {
            (false, _) => toks!(#ident: None),
            (true, true) => toks!(#ident: #ident.into()),
            (true, false) => toks!(#ident),
        }
    });
    toks! {
        builders::#name {
            client: self,
            options: runtime::RequestOptions::default(),
            #(#fields),*
        }
    }
}
