//! Random specs within the supported subset, made from a seed: object,
//! enum, list, union and `allOf` schemas with recursion; operations with
//! path, query and header parameters, bodies, JSON, text and empty answers,
//! headers, pagination and security. Names come from a pool of awkward ones
//! (keywords, leading digits, unicode, names that differ only in case or
//! punctuation), so some specs are rejected: only for such a name clash.

use std::fmt::Write;

/// A small, fixed pseudo-random sequence (xorshift64*): the same seed gives
/// the same spec on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SCHEMA_NAMES: &[&str] = &[
    "User",
    "user_profile",
    "Type",
    "self",
    "2fa",
    "Naïve",
    "Ref",
    "match",
    "Item",
    "item",
    "Gen",
    "Option",
    "Result",
    "Client",
    "Error",
    "Response",
    "Box",
    "Vec",
    "Default",
    "Über",
];
const FIELD_NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "2fa_enabled",
    "user-name",
    "userName",
    "naïve",
    "ref",
    "gen",
    "async",
    "value",
    "name",
    "Self",
    "crate",
    "super",
    "_",
    "mode",
    "children",
    "x",
];
const ENUM_VALUES: &[&str] = &["a", "b", "A", "+1", "-1", "", "1st", "ü", "in", "Unknown", "x y"];
const PARAM_NAMES: &[&str] = &["q", "type", "client", "send", "page", "per_page", "self", "filter", "X-Trace", "2nd"];

/// The YAML text of spec number `seed`.
pub fn random_spec(seed: u64) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut schemas: Vec<&str> = Vec::new();
    for _ in 0..2 + rng.below(5) {
        let name = rng.pick(SCHEMA_NAMES);
        if !schemas.contains(&name) {
            schemas.push(name);
        }
    }
    let mut out = String::from(
        "openapi: 3.0.3\ninfo: {title: Random, version: '1'}\nservers: [{url: 'https://example.com/api'}]\n",
    );
    let scheme = rng.below(4);
    out.push_str("security: [{auth: []}, {}]\n");
    out.push_str("paths:\n");
    for i in 0..1 + rng.below(4) {
        let _ = writeln!(out, "  /r{i}/{{id}}:");
        let method = rng.pick(&["get", "post", "put", "delete", "patch"]);
        let _ = writeln!(out, "    {method}:");
        let _ = writeln!(
            out,
            "      operationId: {}",
            rng.pick(&["op", "get thing", "Op-Two", "type", "list_items", "3rd"]).to_owned() + &i.to_string()
        );
        let paginated = method == "get" && rng.chance(40);
        if paginated {
            out.push_str("      x-pagination: {page-param: page, pages-header: X-Pages}\n");
        }
        out.push_str("      parameters:\n");
        let id_type = rng.pick(&["string", "integer"]);
        let _ = writeln!(out, "        - {{name: id, in: path, required: true, schema: {{type: {id_type}}}}}");
        let mut taken = vec!["id"];
        if paginated {
            out.push_str("        - {name: page, in: query, schema: {type: integer, format: int32}}\n");
            taken.push("page");
        }
        for _ in 0..rng.below(4) {
            let name = rng.pick(PARAM_NAMES);
            if taken.contains(&name) {
                continue;
            }
            taken.push(name);
            let location = if name.starts_with('X') { "header" } else { "query" };
            let required = rng.chance(30);
            let schema = random_param_schema(&mut rng, &schemas);
            let _ =
                writeln!(out, "        - {{name: '{name}', in: {location}, required: {required}, schema: {schema}}}");
        }
        if matches!(method, "post" | "put" | "patch") && rng.chance(70) {
            let schema = random_body_schema(&mut rng, &schemas);
            let media = rng.pick(&["application/json", "application/merge-patch+json", "text/plain"]);
            let schema = if media == "text/plain" { "{type: string}".to_owned() } else { schema };
            let _ = writeln!(out, "      requestBody:\n        required: {}\n        content:\n          {media}:\n            schema: {schema}", rng.chance(50));
        }
        out.push_str("      responses:\n        '200':\n          description: OK\n");
        if paginated || rng.chance(30) {
            out.push_str("          headers:\n            X-Pages: {schema: {type: integer}}\n");
        }
        let response = if paginated {
            format!("{{type: array, items: {}}}", schema_ref(&mut rng, &schemas))
        } else {
            match rng.below(4) {
                0 => String::new(),
                1 => "{type: string}".to_owned(),
                _ => random_body_schema(&mut rng, &schemas),
            }
        };
        if !response.is_empty() {
            let media = if response == "{type: string}" && rng.chance(50) { "text/plain" } else { "application/json" };
            let _ = writeln!(out, "          content:\n            {media}:\n              schema: {response}");
        }
        // A page is always a list: a paginated operation has no empty answer.
        if !paginated && rng.chance(30) {
            out.push_str("        '204': {description: nothing}\n");
        }
    }
    out.push_str("components:\n  securitySchemes:\n    auth: ");
    out.push_str(match scheme {
        0 => "{type: http, scheme: basic, x-api-token-password: api_token}\n",
        1 => "{type: http, scheme: bearer}\n",
        2 => "{type: apiKey, in: header, name: X-Key}\n",
        _ => "{type: apiKey, in: query, name: key}\n",
    });
    out.push_str("  schemas:\n");
    for name in &schemas {
        let _ = writeln!(out, "    '{name}':");
        out.push_str(&random_schema(&mut rng, &schemas, 6));
    }
    out
}

fn schema_ref(rng: &mut Rng, schemas: &[&str]) -> String {
    format!("{{$ref: '#/components/schemas/{}'}}", rng.pick(schemas))
}

fn random_param_schema(rng: &mut Rng, _schemas: &[&str]) -> String {
    match rng.below(6) {
        0 => "{type: integer, format: int64}".to_owned(),
        1 => "{type: boolean}".to_owned(),
        2 => "{type: number}".to_owned(),
        3 => format!("{{type: string, enum: [{}]}}", enum_values(rng)),
        4 => format!("{{type: array, items: {{type: {}}}}}", rng.pick(&["string", "integer"])),
        _ => "{type: string}".to_owned(),
    }
}

fn random_body_schema(rng: &mut Rng, schemas: &[&str]) -> String {
    match rng.below(3) {
        0 => format!("{{type: array, items: {}}}", schema_ref(rng, schemas)),
        1 => "{type: object, properties: {note: {type: string}, at: {type: string, format: date-time}}}".to_owned(),
        _ => schema_ref(rng, schemas),
    }
}

fn enum_values(rng: &mut Rng) -> String {
    let mut values: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let v = rng.pick(ENUM_VALUES);
        if !values.contains(&v) {
            values.push(v);
        }
    }
    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
}

/// One component schema, indented under its name.
fn random_schema(rng: &mut Rng, schemas: &[&str], indent: usize) -> String {
    let pad = " ".repeat(indent);
    match rng.below(10) {
        0 => format!("{pad}type: string\n{pad}enum: [{}]\n", enum_values(rng)),
        1 => format!("{pad}type: array\n{pad}items: {}\n", schema_ref(rng, schemas)),
        2 => format!("{pad}oneOf:\n{pad}  - {}\n{pad}  - {{type: string}}\n{pad}  - {{type: array, items: {{type: integer}}}}\n", schema_ref(rng, schemas)),
        3 => format!(
            "{pad}allOf:\n{pad}  - {}\n{pad}  - {{type: object, properties: {{extra: {{type: boolean, nullable: true}}}}}}\n",
            schema_ref(rng, schemas)
        ),
        4 => format!("{pad}type: object\n{pad}additionalProperties: {}\n", schema_ref(rng, schemas)),
        _ => {
            let mut out = format!("{pad}type: object\n{pad}properties:\n");
            let mut fields: Vec<&str> = Vec::new();
            let mut required: Vec<&str> = Vec::new();
            for _ in 0..1 + rng.below(5) {
                let field = rng.pick(FIELD_NAMES);
                if fields.contains(&field) {
                    continue;
                }
                fields.push(field);
                let nullable = rng.chance(30);
                let schema = match rng.below(8) {
                    0 => "type: integer, format: int32".to_owned(),
                    1 => "type: number".to_owned(),
                    2 => "type: boolean".to_owned(),
                    3 => format!("type: string, enum: [{}]", enum_values(rng)),
                    4 => format!("type: array, items: {}", schema_ref(rng, schemas)),
                    5 => format!("$ref: '#/components/schemas/{}'", rng.pick(schemas)),
                    6 => "type: object, additionalProperties: {type: string, nullable: true}".to_owned(),
                    _ => "type: string".to_owned(),
                };
                let nullable = if nullable && !schema.starts_with('$') { ", nullable: true" } else { "" };
                let _ = writeln!(out, "{pad}  '{field}': {{{schema}{nullable}}}");
                if rng.chance(30) {
                    required.push(field);
                }
            }
            if !required.is_empty() {
                let list = required.iter().map(|f| format!("'{f}'")).collect::<Vec<_>>().join(", ");
                let _ = writeln!(out, "{pad}required: [{list}]");
            }
            out
        }
    }
}
