//! A small JSON Schema validator for the keywords `negdiff schema` writes, so that the tests can
//! check files against the schema without a validator crate. A keyword it does not know fails
//! the test instead of being skipped, so the schema cannot grow past what is checked here.

use serde_json::Value;

/// Every place `value` breaks `schema`, as `path: reason`; empty when it validates.
pub fn errors(schema: &Value, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(schema, schema, value, "", &mut out);
    out
}

fn check(root: &Value, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    let Value::Object(s) = schema else {
        panic!("{at}: a schema is an object, found {schema}");
    };
    for (key, want) in s {
        match key.as_str() {
            "$schema" | "title" | "description" | "definitions" | "format" => {}
            "$ref" => {
                let name = want
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                    .unwrap_or_else(|| panic!("{at}: unsupported $ref {want}"));
                check(root, &root["definitions"][name], v, at, out);
            }
            "type" => {
                let ok = match want.as_str() {
                    Some("string") => v.is_string(),
                    Some("number") => v.is_number(),
                    Some("boolean") => v.is_boolean(),
                    Some("array") => v.is_array(),
                    Some("object") => v.is_object(),
                    _ => panic!("{at}: unsupported type {want}"),
                };
                if !ok {
                    out.push(format!("{at}: expected {want}, found {v}"));
                }
            }
            "const" => {
                if v != want {
                    out.push(format!("{at}: expected {want}, found {v}"));
                }
            }
            "enum" => {
                if !want.as_array().is_some_and(|ws| ws.contains(v)) {
                    out.push(format!("{at}: {v} is not one of {want}"));
                }
            }
            "pattern" => {
                if let Some(text) = v.as_str() {
                    if !matches_pattern(want.as_str().unwrap_or_default(), text) {
                        out.push(format!("{at}: {v} does not match {want}"));
                    }
                }
            }
            "items" => {
                if let Value::Array(items) = v {
                    for (i, item) in items.iter().enumerate() {
                        check(root, want, item, &format!("{at}[{i}]"), out);
                    }
                }
            }
            "properties" => {
                if let (Value::Object(props), Value::Object(m)) = (want, v) {
                    for (k, item) in m {
                        if let Some(p) = props.get(k) {
                            check(root, p, item, &format!("{at}.{k}"), out);
                        }
                    }
                }
            }
            "required" => {
                if let Value::Object(m) = v {
                    for name in want.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !m.contains_key(name) {
                            out.push(format!("{at}: missing required `{name}`"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Value::Object(m) = v {
                    let known = s.get("properties").and_then(Value::as_object);
                    for (k, item) in m {
                        if known.is_some_and(|p| p.contains_key(k)) {
                            continue;
                        }
                        match want {
                            Value::Bool(false) => out.push(format!("{at}: unknown field `{k}`")),
                            Value::Bool(true) => {}
                            sub => check(root, sub, item, &format!("{at}.{k}"), out),
                        }
                    }
                }
            }
            "anyOf" | "oneOf" => {
                let branches = want.as_array().unwrap_or_else(|| panic!("{at}: {key} is an array"));
                let passing = branches
                    .iter()
                    .filter(|b| {
                        let mut e = Vec::new();
                        check(root, b, v, at, &mut e);
                        e.is_empty()
                    })
                    .count();
                let ok = if key == "anyOf" { passing >= 1 } else { passing == 1 };
                if !ok {
                    out.push(format!("{at}: {passing} of the {key} branches match"));
                }
            }
            other => panic!("{at}: the test validator does not know the keyword `{other}`"),
        }
    }
}

/// The two patterns the schema uses, read by hand.
fn matches_pattern(pattern: &str, s: &str) -> bool {
    match pattern {
        r"^\d{4}-\d{2}-\d{2}$" => {
            let b = s.as_bytes();
            b.len() == 10
                && b.iter().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        *c == b'-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
        }
        "^[^/]+(/[^/]+)?$" => {
            let parts: Vec<&str> = s.split('/').collect();
            parts.len() <= 2 && parts.iter().all(|p| !p.is_empty())
        }
        other => panic!("the test validator does not know the pattern `{other}`"),
    }
}

/// A TOML document as the JSON value an editor's TOML language server validates: dates
/// become their text.
pub fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
    }
}
