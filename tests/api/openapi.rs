//! The OpenAPI document at `/api/v1/openapi.json`: it is OpenAPI 3.1, it names every
//! `/api/v1` route of the router with its methods (read from the routers' source, so a
//! route added without documentation fails here), the router answers every operation it
//! names, and what it says of authentication and errors is what the API does.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both;

/// The files whose `.route(…)` calls make up the REST API.
const ROUTER_SOURCES: [&str; 5] = [
    "src/adapters/http/api.rs",
    "src/adapters/http/bulk.rs",
    "src/adapters/http/claims.rs",
    "src/adapters/http/payto.rs",
    "src/adapters/http/remind.rs",
];

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

/// `(path, method)` for every route the routers declare, methods in lower case.
fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for file in ROUTER_SOURCES {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let text = std::fs::read_to_string(&path).expect("router source");
        let calls = text.matches(".route(").count();
        let mut parsed = 0;
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(") {
            let call = &rest[at + ".route(".len()..];
            // The call's arguments: up to the parenthesis that closes `.route(`.
            let mut depth = 1;
            let end = call
                .char_indices()
                .find_map(|(i, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    (depth == 0).then_some(i)
                })
                .expect("closed .route(");
            let args = &call[..end];
            let route = args
                .split('"')
                .nth(1)
                .expect("a route path literal")
                .to_owned();
            let handlers = &args[args.find(',').expect("a method router")..];
            let mut methods = 0;
            for m in METHODS {
                for (i, _) in handlers.match_indices(&format!("{m}(")) {
                    // A method router call (`get(`, `.put(`, `routing::delete(`), not a
                    // name that merely ends in one (`budget(`).
                    let before = handlers[..i].chars().next_back();
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        found.insert((route.clone(), m.to_owned()));
                        methods += 1;
                    }
                }
            }
            assert!(methods > 0, "no method found for {route} in {file}");
            parsed += 1;
            rest = &call[end..];
        }
        assert_eq!(parsed, calls, "every .route( call of {file} was read");
        assert!(parsed > 0, "{file} declares routes");
    }
    found
}

/// `(path, method)` for every operation of the document.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path item")
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .map(move |m| (path.clone(), m.clone()))
        })
        .collect()
}

async fn fetch_document(app: &TestApp) -> Value {
    // No Authorization header: the document is public.
    let res = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("document");
    assert_eq!(res.status(), 200);
    let ct = res.headers()["content-type"].to_str().expect("ascii");
    assert!(ct.starts_with("application/json"), "{ct}");
    serde_json::from_str(&res.text().await.expect("body")).expect("the document is JSON")
}

/// A concrete URL path for a templated one: `{id}` becomes a link id that exists.
fn concrete(path: &str, link_id: &str) -> String {
    path.replace("{id}", link_id).replace("{rail}", "promptpay")
}

async fn the_document_is_public_openapi_3_1_and_names_every_api_route(backend: Backend) {
    let app = spawn_app(backend).await;

    let doc = fetch_document(&app).await;

    let version = doc["openapi"].as_str().expect("openapi field");
    assert!(version.starts_with("3.1."), "{version}");
    assert!(doc["info"]["title"].is_string());
    let source = routes_in_source();
    let documented = documented(&doc);
    let missing: Vec<_> = source.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&source).collect();
    assert!(
        missing.is_empty(),
        "routes without documentation: {missing:?}"
    );
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
    // The document covers the REST API only, all of it under /api/v1.
    assert!(documented.iter().all(|(p, _)| p.starts_with("/api/v1/")));
    assert!(documented.contains(&("/api/v1/links".into(), "post".into())));
}
on_both!(the_document_is_public_openapi_3_1_and_names_every_api_route);

async fn the_router_answers_every_documented_operation_with_a_documented_status(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = fetch_document(&app).await;
    let link = app
        .create_link(serde_json::json!({ "amount": "250.00", "currency": "THB" }))
        .await;
    let link_id = link["id"].as_str().expect("id");

    for (path, method) in documented(&doc) {
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        // An empty JSON object: enough to reach each handler, which then answers with
        // one of its own statuses.
        let body = (m != Method::GET && m != Method::DELETE).then(|| serde_json::json!({}));
        let (status, json, _) = app
            .api(m.clone(), &concrete(&path, link_id), &app.key, body)
            .await;

        let code = json["error"]["code"].as_str().unwrap_or("");
        assert!(
            code != "not_found" || json["error"]["message"] != "no such route",
            "{method} {path} is documented but not routed"
        );
        assert_ne!(code, "method_not_allowed", "{method} {path}");
        let responses = &doc["paths"][&path][&method]["responses"];
        assert!(
            responses.get(status.as_str()).is_some(),
            "{method} {path} answered {status}, which the document does not list: {json}"
        );
    }
}
on_both!(the_router_answers_every_documented_operation_with_a_documented_status);

async fn operations_that_need_a_key_say_so_and_refuse_requests_without_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = fetch_document(&app).await;
    let schemes = &doc["components"]["securitySchemes"]["api_key"];
    assert_eq!(schemes["type"], "http");
    assert_eq!(schemes["scheme"], "bearer");

    for (path, method) in documented(&doc) {
        let op = &doc["paths"][&path][&method];
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let res = app
            .client
            .request(m, app.url(&concrete(&path, "lnk_0000000000000000000000")))
            .send()
            .await
            .expect("request");
        if path == "/api/v1/openapi.json" {
            assert!(op.get("security").is_none(), "the document is public");
            assert_eq!(res.status(), 200);
            continue;
        }
        assert_eq!(
            op["security"],
            serde_json::json!([{ "api_key": [] }]),
            "{method} {path}"
        );
        assert_eq!(res.status(), 401, "{method} {path}");
        let err = &op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"];
        assert_eq!(err, "#/components/schemas/ErrorBody", "{method} {path}");
        let body: Value = res.json().await.expect("error JSON");
        assert_eq!(body["error"]["code"], "unauthorized");
    }
}
on_both!(operations_that_need_a_key_say_so_and_refuse_requests_without_one);

async fn the_error_schema_is_the_shape_errors_have(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = fetch_document(&app).await;

    let schema = &doc["components"]["schemas"]["ErrorDetail"];
    let (status, json) = app
        .post("/api/v1/links", serde_json::json!({ "currency": "THB" }))
        .await;

    assert_eq!(status, 400);
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let actual: BTreeSet<&str> = json["error"]
        .as_object()
        .expect("error object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(required, actual, "{json}");
    assert_eq!(
        doc["components"]["schemas"]["ErrorBody"]["properties"]["error"]["$ref"],
        "#/components/schemas/ErrorDetail"
    );
}
on_both!(the_error_schema_is_the_shape_errors_have);

async fn path_segments_that_are_not_utf8_get_the_documented_error_shape(backend: Backend) {
    let app = spawn_app(backend).await;

    // `%FF` decodes to no string at all: axum's own rejection would be plain text.
    let (link_status, link_json, link_headers) = app
        .api(Method::GET, "/api/v1/links/%FF/events", &app.key, None)
        .await;
    let (rail_status, rail_json, _) = app
        .api(Method::GET, "/api/v1/payto/%FF", &app.key, None)
        .await;

    assert_eq!(link_status, 404, "{link_json}");
    assert_eq!(link_json["error"]["code"], "not_found");
    assert!(
        link_headers["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/json")
    );
    assert_eq!(rail_status, 400, "{rail_json}");
    assert_eq!(rail_json["error"]["code"], "payto_unknown_rail");
}
on_both!(path_segments_that_are_not_utf8_get_the_documented_error_shape);
