//! Extractors whose refusals are API errors (JSON naming the problem) rather than axum's plain
//! text: a script, and the OpenAPI document, get one error shape from every route.

use axum::extract::{FromRequest, FromRequestParts, Multipart, Query, Request};
use axum::http::request::Parts;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use utoipa::IntoParams;

use super::ApiError;
use super::members::Form;

/// `Query<T>` whose bad values (`year=abc`) are a 400 `bad_request` naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// `Multipart` whose refusal (not a multipart body, no boundary) is a 400 `bad_request`.
pub struct ApiMultipart(pub Multipart);

impl<S: Send + Sync> FromRequest<S> for ApiMultipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Multipart::from_request(request, state).await {
            Ok(multipart) => Ok(ApiMultipart(multipart)),
            Err(rejection) => Err(ApiError::bad_request(format!("expected a multipart/form-data body: {rejection}"))),
        }
    }
}

/// The body's bytes, whose refusal (larger than the route's limit: 413) is an API error.
pub struct ApiBytes(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => Ok(ApiBytes(bytes)),
            Err(rejection) => Err(ApiError {
                fields: Vec::new(),
                status: rejection.status(),
                code: "body",
                message: rejection.body_text(),
            }),
        }
    }
}

/// A JSON body, whose refusals are API errors: too large (413, the route's limit) or not JSON
/// of the expected shape (400 saying where). It does not insist on `Content-Type`, as scripts
/// often omit it; the login does (see `accounts::api`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ApiBytes(bytes) = ApiBytes::from_request(request, state).await?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))
    }
}

/// `{id}` in an API path, declared once: the document says an integer, and it is read as text so
/// that a path which is not a number gets the route's own JSON 404 naming it (axum's refusal
/// would be a plain-text 400).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct IdPath {
    /// The item's id.
    #[param(value_type = i64)]
    pub id: String,
}

/// `{id}` and `{revision}` in an API path (an article's revision), read like [`IdPath`].
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RevisionPath {
    /// The article's id.
    #[param(value_type = i64)]
    pub id: String,
    /// The revision's id.
    #[param(value_type = i64)]
    pub revision: String,
}

/// A page's query string (`?trang=2&q=…`), percent-decoded, for the newsroom's and the reader's
/// pages: never refused (a page shows its defaults for what it cannot read), the first of a
/// repeated name wins. The API reads typed parameters with [`ApiQuery`] instead.
/// Read like a submitted form ([`Form`]: the same urlencoded pairs).
pub struct PageParams(Form);

impl PageParams {
    pub fn parse(query: Option<&str>) -> PageParams {
        PageParams(Form::parse(query.unwrap_or_default().as_bytes()))
    }

    /// The value of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).trim()
    }

    /// `?trang=N` as a page number (1 for anything unreadable).
    pub fn page(&self) -> i64 {
        super::pagination::page_number(self.get("trang"))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageParams {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageParams::parse(parts.uri.query()))
    }
}

#[cfg(test)]
mod tests {
    use super::PageParams;

    #[test]
    fn page_parameters_are_decoded_and_never_refused() {
        let params = PageParams::parse(Some("q=qu%E1%BB%91c+h%E1%BB%99i&trang=3&trang=9&x=%ZZ"));
        assert_eq!(params.get("q"), "quốc hội");
        assert_eq!(params.page(), 3, "the first of a repeated name");
        assert_eq!(params.get("absent"), "");
        assert_eq!(PageParams::parse(Some("trang=abc")).page(), 1);
        assert_eq!(PageParams::parse(None).page(), 1);
    }
}
