//! `/api/openapi.json`: the OpenAPI document made from the handlers, through the real router.
//! (CI also runs schemathesis against a live demo server: e2e/api-contract.sh.)
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

async fn document(site: &TestSite) -> Value {
    let response = get(&site.app, "/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    body_json(response).await
}

#[tokio::test]
async fn the_document_lists_every_api_route_with_its_methods() {
    let site = sites().await.remove(0);
    let doc = document(&site).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    operations.sort();
    insta::assert_json_snapshot!("openapi_operations", operations);
}

/// The edge refuses an address holding a control character before any handler: 404 when it is
/// in the path, 400 when it is in the query. So every operation with a path parameter must list
/// 404, and every one with a query parameter 400 (schemathesis found one that did not).
#[tokio::test]
async fn every_operation_lists_what_the_edge_may_answer() {
    let site = sites().await.remove(0);
    let doc = document(&site).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let params = operation["parameters"].as_array().cloned().unwrap_or_default();
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path} does not list 404");
            }
            if params.iter().any(|p| p["in"] == "query") {
                assert!(responses.contains_key("400"), "{method} {path} does not list 400");
            }
        }
    }
}

/// Every `$ref` in the document names a schema it defines.
#[tokio::test]
async fn every_schema_reference_resolves() {
    let site = sites().await.remove(0);
    let doc = document(&site).await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 40, "{} references", refs.len());
    for reference in refs {
        let name = reference.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{reference}"));
        assert!(schemas.contains_key(name), "{reference} is not defined");
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                refs.push(reference.clone());
            }
            map.values().for_each(|v| collect_refs(v, refs));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

/// Each key of `object` is a documented property and each required property is there.
fn assert_matches(doc: &Value, schema: &str, object: &Value) {
    let schema_value = &doc["components"]["schemas"][schema];
    let properties = schema_value["properties"].as_object().unwrap_or_else(|| panic!("{schema} has no properties"));
    for key in object.as_object().unwrap().keys() {
        assert!(properties.contains_key(key), "{schema}: {key} is not documented");
    }
    for required in schema_value["required"].as_array().into_iter().flatten() {
        let name = required.as_str().unwrap();
        assert!(object.get(name).is_some(), "{schema}: {name} is required but missing in {object}");
    }
}

#[tokio::test]
async fn answers_have_the_documented_properties() {
    for site in sites().await {
        let doc = document(&site).await;
        let list = body_json(get(&site.app, "/api/v1/articles?limit=2").await).await;
        assert_matches(&doc, "ArticleList", &list);
        assert_matches(&doc, "Article", &list["items"][0]);
        assert_matches(&doc, "CategoryRef", &list["items"][0]["category"]);
        let categories = body_json(get(&site.app, "/api/v1/categories").await).await;
        assert_matches(&doc, "Category", &categories["items"][0]);
        let results = body_json(get(&site.app, "/api/v1/search?q=nghi+quyet").await).await;
        assert_matches(&doc, "SearchResults", &results);
        // `kind` is SearchHit's tag, beside the variant's own properties.
        let mut hit = results["hits"][0].clone();
        assert_eq!(hit.as_object_mut().unwrap().remove("kind"), Some("article".into()));
        assert_matches(&doc, "ArticleHit", &hit);
        let error = body_json(get(&site.app, "/api/v1/articles?limit=0").await).await;
        assert_matches(&doc, "ErrorBody", &error);
        assert_matches(&doc, "ErrorDetail", &error["error"]);
        let captcha = body_json(get(&site.app, "/api/v1/captcha?kind=question").await).await;
        assert_matches(&doc, "CaptchaJson", &captcha);
    }
}

#[tokio::test]
async fn query_parameters_of_the_wrong_type_are_json_errors() {
    for site in sites().await {
        for uri in ["/api/v1/issues?year=nam-ngoai", "/api/v1/captcha?kind=video"] {
            let response = get(&site.app, uri).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}: {uri}", site.engine);
            assert_eq!(body_json(response).await["error"]["code"], "bad_request", "{}: {uri}", site.engine);
        }
    }
}
