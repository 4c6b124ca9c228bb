//! The `main` of the crate generated for the awkward specs (`ui/generated/`):
//! its models decode as `serde_derive` would decode them.

use crate::shapes::types::{Base, Both, Tree};

pub fn run() {
    // Unknown properties are skipped, whatever their value; `null` is `None`.
    let both: Both =
        serde_json::from_str(r#"{"id": 1, "left": "l", "unknown": [1, {"x": null}], "right": null}"#).unwrap();
    assert_eq!((both.id, both.left.as_deref(), both.right.as_deref()), (1, Some("l"), None));
    let again: Both = serde_json::from_str(&serde_json::to_string(&both).unwrap()).unwrap();
    assert_eq!(again, both);

    // A missing required property, a wrong type, and not an object at all.
    let error = serde_json::from_str::<Base>("{}").unwrap_err().to_string();
    assert!(error.contains("missing field `id`"), "{error}");
    let error = serde_json::from_str::<Base>(r#"{"id": "7"}"#).unwrap_err().to_string();
    assert!(error.contains("invalid type: string \"7\", expected i64"), "{error}");
    let error = serde_json::from_str::<Base>("[7]").unwrap_err().to_string();
    assert!(error.contains("expected struct Base"), "{error}");

    // Keys that cannot be borrowed: escaped in the text, or from a `Value`.
    let base: Base = serde_json::from_str(r#"{"\u0069d": 7}"#).unwrap();
    assert_eq!(base.id, 7);
    let base: Base = serde_json::from_value(serde_json::json!({"id": 8})).unwrap();
    assert_eq!(base.id, 8);

    // A struct that keeps the properties it does not list (`serde_derive`).
    let tree: Tree = serde_json::from_str(r#"{"labels": {}, "colour": "green"}"#).unwrap();
    assert_eq!(serde_json::to_value(&tree).unwrap()["colour"], "green");
}
