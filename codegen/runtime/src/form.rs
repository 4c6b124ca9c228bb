//! `application/x-www-form-urlencoded` bodies: a model's properties as
//! `name=value` pairs, nested values in brackets (`metadata[key]=v`,
//! `items[0][price]=p`), as the APIs that take nested forms document it.
//!
//! A property's `encoding` in the spec chooses how a list or an object is
//! written at the top level; inside it, objects and lists are always nested
//! in brackets.

use serde_json::Value;

use super::request::{encode, Body};
use super::Request;

/// How a top-level property of a form body with a list or object value is
/// written (the spec's `encoding` `style` and `explode`).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// `form`, exploded (OpenAPI's default): a list as `a=1&a=2`; an object
    /// nested in brackets (`a[k]=v`), since a form object's own keys would
    /// lose which property they belong to.
    Exploded,
    /// `form` without exploding, `spaceDelimited`, `pipeDelimited`: a list of
    /// scalars as one value, joined by the delimiter (`a=1,2`); an object as
    /// its keys and values, joined (`a=k,v`).
    Joined(char),
    /// `deepObject`: lists and objects nested in brackets, lists by index
    /// (`a[0]=1`, `a[k]=v`).
    Brackets,
    /// `form`, exploded, declared for an object: its properties as pairs of
    /// their own (`k=v`), as the OpenAPI style table writes it.
    Flattened,
}

impl Request {
    /// A form body, when there is one: each property of `value` (which must
    /// write itself as a JSON object) as pairs, `styles` saying how the
    /// properties the spec gives an `encoding` are written. A list (a spec
    /// whose form body is one) has each item under its index (`0[name]=v`).
    pub fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        value: Option<&T>,
        content_type: &'static str,
        styles: &[(&str, FormStyle)],
    ) {
        let Some(value) = value else { return };
        let mut pairs = Vec::new();
        match serde_json::to_value(value) {
            Ok(Value::Object(properties)) => {
                for (name, value) in &properties {
                    let style = styles.iter().find(|(n, _)| n == name).map_or(FormStyle::Exploded, |(_, s)| *s);
                    form_pairs(name, value, style, &mut pairs);
                }
            }
            Ok(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    nested(&i.to_string(), item, &mut pairs);
                }
            }
            Ok(_) => return self.refuse(String::from("the form body is neither an object nor a list")),
            Err(e) => return self.refuse(format!("the request body cannot be written as a form: {e}")),
        }
        let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        self.body = Some(Body::bytes(content_type, text.join("&").into_bytes()));
    }
}

impl Request {
    /// An object query parameter, when there is a value: its properties as
    /// pairs, as a form body's property of this style is written
    /// (`deepObject`: `filter[created][gt]=1`).
    pub fn query_object<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: Option<&T>, style: FormStyle) {
        let Some(value) = value else { return };
        match serde_json::to_value(value) {
            Ok(value) => {
                let mut pairs = Vec::new();
                form_pairs(name, &value, style, &mut pairs);
                self.query.0.extend(pairs.iter().map(|(k, v)| (encode(k), encode(v))));
            }
            Err(e) => self.refuse(format!("query parameter `{name}` cannot be written: {e}")),
        }
    }
}

/// The pairs of a top-level property.
fn form_pairs(name: &str, value: &Value, style: FormStyle, pairs: &mut Vec<(String, String)>) {
    match (value, style) {
        (Value::Array(items), FormStyle::Exploded | FormStyle::Flattened) if items.iter().all(is_scalar) => {
            pairs.extend(items.iter().map(|item| (name.to_owned(), scalar(item))));
        }
        (Value::Array(items), FormStyle::Joined(delimiter)) if items.iter().all(is_scalar) => {
            let joined: Vec<String> = items.iter().map(scalar).collect();
            pairs.push((name.to_owned(), joined.join(&delimiter.to_string())));
        }
        (Value::Object(properties), FormStyle::Joined(delimiter)) if properties.values().all(is_scalar) => {
            let joined: Vec<String> = properties.iter().flat_map(|(k, v)| [k.clone(), scalar(v)]).collect();
            pairs.push((name.to_owned(), joined.join(&delimiter.to_string())));
        }
        (Value::Object(properties), FormStyle::Flattened) => {
            for (key, value) in properties {
                nested(key, value, pairs);
            }
        }
        _ => nested(name, value, pairs),
    }
}

/// A value under `key`, objects and lists nested in brackets.
fn nested(key: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(properties) => {
            for (name, value) in properties {
                nested(&format!("{key}[{name}]"), value, pairs);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                nested(&format!("{key}[{i}]"), item, pairs);
            }
        }
        scalar_value => pairs.push((key.to_owned(), scalar(scalar_value))),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// A scalar as form text: strings as they are, `null` as nothing (the way
/// form APIs unset a value).
fn scalar(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, RequestOptions};

    fn body(value: serde_json::Value, styles: &[(&str, FormStyle)]) -> String {
        let endpoint = Endpoint { method: reqwest::Method::POST, path: "/", accept: None, security: &[] };
        let mut request = Request::new(endpoint, RequestOptions::default());
        request.form(Some(&value), "application/x-www-form-urlencoded", styles);
        let checked = request.checked().unwrap_or_else(|e| panic!("{e}"));
        match checked.body.expect("a body").payload {
            crate::request::Payload::Bytes(bytes) => String::from_utf8(bytes).unwrap(),
            crate::request::Payload::Stream(_) => unreachable!("a form is bytes"),
        }
    }

    #[test]
    fn nested_objects_and_lists_are_written_in_brackets() {
        let value = serde_json::json!({
            "amount": 2000,
            "description": "a b&c",
            "metadata": {"order_id": "6735", "note": null},
            "items": [{"price": "p_1", "quantity": 2}],
            "expand": ["customer", "invoice"],
            "capture": true,
        });
        assert_eq!(
            body(value, &[]),
            "amount=2000&capture=true&description=a%20b%26c&expand=customer&expand=invoice\
             &items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2\
             &metadata%5Bnote%5D=&metadata%5Border_id%5D=6735"
        );
    }

    #[test]
    fn a_list_body_has_each_item_under_its_index() {
        let value = serde_json::json!([{"name": "cut", "options": {"start": 1}}, {"name": "add-intro"}]);
        assert_eq!(body(value, &[]), "0%5Bname%5D=cut&0%5Boptions%5D%5Bstart%5D=1&1%5Bname%5D=add-intro");
    }

    /// The OpenAPI 3.0 style table's examples, for `color` as a list and as
    /// an object (its `R=100&G=200&B=150`; serde_json orders keys).
    #[test]
    fn encodings_write_the_specifications_examples() {
        let list = serde_json::json!({"color": ["blue", "black", "brown"]});
        let object = serde_json::json!({"color": {"B": 150, "G": 200, "R": 100}});
        let styled = |value: &serde_json::Value, style| body(value.clone(), &[("color", style)]);
        assert_eq!(styled(&list, FormStyle::Exploded), "color=blue&color=black&color=brown");
        assert_eq!(styled(&list, FormStyle::Joined(',')), "color=blue%2Cblack%2Cbrown");
        assert_eq!(styled(&list, FormStyle::Joined(' ')), "color=blue%20black%20brown");
        assert_eq!(styled(&list, FormStyle::Joined('|')), "color=blue%7Cblack%7Cbrown");
        assert_eq!(styled(&list, FormStyle::Brackets), "color%5B0%5D=blue&color%5B1%5D=black&color%5B2%5D=brown");
        assert_eq!(styled(&object, FormStyle::Flattened), "B=150&G=200&R=100");
        assert_eq!(styled(&object, FormStyle::Joined(',')), "color=B%2C150%2CG%2C200%2CR%2C100");
        assert_eq!(styled(&object, FormStyle::Brackets), "color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100");
        assert_eq!(styled(&object, FormStyle::Exploded), "color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100");
    }

    /// The OpenAPI 3.0 style table's query examples for an object.
    #[test]
    fn object_query_parameters_are_written_as_their_style_says() {
        let query = |name: &str, value: serde_json::Value, style| {
            let endpoint = Endpoint { method: reqwest::Method::GET, path: "/", accept: None, security: &[] };
            let mut request = Request::new(endpoint, RequestOptions::default());
            request.query_object(name, Some(&value), style);
            let mut url = String::new();
            request.query.write(&mut url);
            url
        };
        let color = || serde_json::json!({"B": 150, "G": 200, "R": 100});
        assert_eq!(query("color", color(), FormStyle::Flattened), "?B=150&G=200&R=100");
        assert_eq!(query("color", color(), FormStyle::Joined(',')), "?color=B%2C150%2CG%2C200%2CR%2C100");
        assert_eq!(query("color", color(), FormStyle::Brackets), "?color%5BB%5D=150&color%5BG%5D=200&color%5BR%5D=100");
        let filter = serde_json::json!({"created": {"gt": 1, "lte": 5}, "tags": ["a", "b"]});
        assert_eq!(
            query("filter", filter, FormStyle::Brackets),
            "?filter%5Bcreated%5D%5Bgt%5D=1&filter%5Bcreated%5D%5Blte%5D=5&filter%5Btags%5D%5B0%5D=a&filter%5Btags%5D%5B1%5D=b"
        );
    }

    #[test]
    fn a_body_that_is_neither_an_object_nor_a_list_is_refused() {
        let endpoint = Endpoint { method: reqwest::Method::POST, path: "/", accept: None, security: &[] };
        let mut request = Request::new(endpoint, RequestOptions::default());
        request.form(Some("a=1"), "application/x-www-form-urlencoded", &[]);
        assert!(matches!(request.checked(), Err(crate::Error::InvalidRequest { .. })));
    }
}
