//! Deterministic synthetic specs shaped like Toggl's, of any size: resources
//! of four operations each (a paginated list with optional and enum query
//! parameters, a get, an update with a JSON body, a delete answering text),
//! with three models per resource (an entity with nested objects, arrays,
//! enums and nullable fields; its nested detail; an update payload).
//!
//! Shared by the criterion benches, `cargo xtask bench` and the tests.

use std::fmt::Write;

/// A spec with `operations` operations (rounded up to a multiple of four).
pub fn spec(operations: usize) -> String {
    let resources = operations.div_ceil(4).max(1);
    let mut out = String::with_capacity(resources * 4096);
    out.push_str(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic\n  version: '1'\nservers:\n  - url: https://api.example.com/v1\n\
         security:\n  - BasicAuth: []\npaths:\n",
    );
    for r in 0..resources {
        let _ = write!(
            out,
            r#"  /organizations/{{organization_id}}/things{r}:
    get:
      operationId: list_things{r}
      summary: Lists things of kind {r}
      description: Returns the things of kind {r} in the organization, one page at a time.
      x-pagination: {{page-param: page, pages-header: X-Pages}}
      parameters:
        - $ref: '#/components/parameters/organization_id'
        - {{name: filter, in: query, description: Name or email contains this, schema: {{type: string}}}}
        - name: status
          in: query
          style: form
          explode: false
          schema: {{type: array, items: {{$ref: '#/components/schemas/Status'}}}}
        - {{name: ids, in: query, style: form, explode: false, schema: {{type: array, items: {{type: integer, format: int64}}}}}}
        - {{name: page, in: query, schema: {{type: integer, format: int64, minimum: 1}}}}
        - {{name: per_page, in: query, schema: {{type: integer, format: int64, minimum: 1}}}}
        - {{name: sort_dir, in: query, schema: {{$ref: '#/components/schemas/SortDirection'}}}}
      responses:
        '200':
          description: A page of things
          headers:
            X-Page: {{schema: {{type: integer}}}}
            X-Pages: {{schema: {{type: integer}}}}
            X-Records: {{schema: {{type: integer}}}}
          content:
            application/json:
              schema: {{type: array, items: {{$ref: '#/components/schemas/Thing{r}'}}}}
        '403': {{description: Forbidden, content: {{application/json: {{schema: {{type: string}}}}}}}}
  /organizations/{{organization_id}}/things{r}/{{thing_id}}:
    get:
      operationId: get_thing{r}
      summary: Gets one thing of kind {r}
      parameters:
        - $ref: '#/components/parameters/organization_id'
        - {{name: thing_id, in: path, required: true, schema: {{type: integer, format: int64}}}}
      responses:
        '200':
          description: The thing
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Thing{r}'}}
    put:
      operationId: update_thing{r}
      summary: Changes one thing of kind {r}
      parameters:
        - $ref: '#/components/parameters/organization_id'
        - {{name: thing_id, in: path, required: true, schema: {{type: integer, format: int64}}}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Thing{r}Payload'}}
      responses:
        '200':
          description: OK
          content:
            text/plain:
              schema: {{type: string}}
    delete:
      operationId: delete_thing{r}
      summary: Deletes one thing of kind {r}
      parameters:
        - $ref: '#/components/parameters/organization_id'
        - {{name: thing_id, in: path, required: true, schema: {{type: integer, format: int64}}}}
      responses:
        '200':
          description: OK
"#
        );
    }
    out.push_str(
        "components:\n  securitySchemes:\n    BasicAuth: {type: http, scheme: basic, x-api-token-password: api_token}\n\
         \x20 parameters:\n    organization_id: {name: organization_id, in: path, required: true, schema: {type: integer, format: int64}}\n\
         \x20 schemas:\n    Status: {type: string, enum: [active, inactive, invited]}\n\
         \x20   SortDirection: {type: string, enum: [asc, desc]}\n",
    );
    for r in 0..resources {
        let _ = write!(
            out,
            r#"    Thing{r}:
      type: object
      description: A thing of kind {r}.
      properties:
        id: {{type: integer, format: int64, nullable: true}}
        name: {{type: string, nullable: true, description: Name of the thing}}
        email: {{type: string, nullable: true}}
        active: {{type: boolean, nullable: true}}
        status: {{$ref: '#/components/schemas/Status'}}
        rate: {{type: number, format: double, nullable: true}}
        group_ids: {{type: array, nullable: true, items: {{type: integer, format: int64}}}}
        2fa_enabled: {{type: boolean, nullable: true}}
        at: {{type: string, format: date-time, nullable: true}}
        details: {{type: array, nullable: true, items: {{$ref: '#/components/schemas/Thing{r}Detail'}}}}
    Thing{r}Detail:
      type: object
      properties:
        workspace_id: {{type: integer, format: int64, nullable: true}}
        workspace_name: {{type: string, nullable: true}}
        role: {{type: string, nullable: true}}
        cost: {{type: number, nullable: true}}
    Thing{r}Payload:
      type: object
      required: [name]
      properties:
        name: {{type: string}}
        email: {{type: string}}
        inactive: {{type: boolean}}
        role_id: {{type: integer, format: int64}}
        working_hours: {{type: integer, format: int64, nullable: true}}
"#
        );
    }
    out
}

/// A spec of one operation whose query parameter is an enum of `width`
/// values and whose response is an object of `width` properties, some of
/// whose names become the same Rust name (`p1-x`, `p1_x`): what wide
/// enums and objects cost, which must grow linearly with `width`.
pub fn wide(width: usize) -> String {
    let mut out = String::with_capacity(width * 64);
    push_lines(&mut out, &["openapi: 3.0.3", "info: {title: Wide, version: '1'}", "paths:", "  /wide:", "    get:"]);
    push_lines(&mut out, &["      operationId: get_wide", "      parameters:", "        - name: value"]);
    push_lines(
        &mut out,
        &["          in: query", "          schema:", "            type: string", "            enum:"],
    );
    for i in 0..width {
        let _ = writeln!(out, "              - v{i}");
    }
    push_lines(&mut out, &["      responses:", "        '200':", "          description: OK", "          content:"]);
    push_lines(&mut out, &["            application/json:", "              schema:", "                type: object"]);
    push_lines(&mut out, &["                properties:"]);
    for i in 0..width {
        let name = if i % 10 == 1 { format!("p{}-x", i - 1) } else { format!("p{i}_x") };
        let _ = writeln!(out, "                  {name}: {{type: string}}");
    }
    out
}

fn push_lines(out: &mut String, lines: &[&str]) {
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
}
