//! `/toa-soan/chuyen-muc`: categories (add, rename, move, reorder, delete when empty) and tags
//! (rename, which merges into an existing tag of the same address, and delete). For the
//! editor-in-chief and the admin.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use toasoan_store::StoreError;

use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::newsroom_page::{Form, Member, MemberForm, page, redirect};
use crate::kernel::to_value;

/// Tags listed on the page, most used first.
const TAGS_SHOWN: usize = 300;

pub async fn taxonomy(State(state): State<SharedState>, member: Member) -> Result<Response, PageError> {
    show(&state, &member, None).await
}

async fn show(state: &SharedState, member: &Member, error: Option<&str>) -> Result<Response, PageError> {
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    let (categories, tags) = (state.db.categories().await?, state.db.tags_with_counts().await?);
    let context = minijinja::context! {
        categories => to_value(&categories),
        tags => to_value(tags.iter().take(TAGS_SHOWN).collect::<Vec<_>>()),
        tag_total => tags.len(),
        error,
    };
    let mut response = page(state, Some(member), "newsroom/taxonomy.html", context);
    if error.is_some() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// Runs a change from a checked form, then shows the page again (with the refusal, if any).
async fn change<F, Fut>(state: &SharedState, checked: MemberForm, action: F) -> Result<Response, PageError>
where
    F: FnOnce(Form) -> Fut,
    Fut: std::future::Future<Output = Result<String, StoreError>>,
{
    let MemberForm { member, form } = checked;
    let member = &member;
    if !member.actor().manages_taxonomy() {
        return Err(PageError::Forbidden);
    }
    match action(form).await {
        Ok(detail) => {
            crate::kernel::audit::audit_after(state, member.0.user.id, "taxonomy", "categories and tags", &detail)
                .await;
            Ok(redirect("/toa-soan/chuyen-muc"))
        }
        Err(StoreError::Conflict(reason)) => show(state, member, Some(&vietnamese(&reason))).await,
        Err(error) => Err(error.into()),
    }
}

fn vietnamese(reason: &str) -> String {
    if reason.contains("exists") {
        "Đã có chuyên mục với địa chỉ này.".to_owned()
    } else if reason.contains("still has") {
        "Chuyên mục còn bài viết hoặc chuyên mục con: hãy chuyển chúng đi trước.".to_owned()
    } else if reason.contains("own parent") {
        "Chuyên mục không thể là cha của chính nó.".to_owned()
    } else {
        "Tên cần có chữ hoặc số.".to_owned()
    }
}

fn parent(form: &Form) -> Option<i64> {
    form.get("parent").parse().ok()
}

pub async fn create_category(State(state): State<SharedState>, checked: MemberForm) -> Result<Response, PageError> {
    let db = state.db.clone();
    change(&state, checked, |form| async move {
        let name = form.get("name").trim().to_owned();
        if name.is_empty() {
            return Err(StoreError::Conflict("a category needs letters or digits".into()));
        }
        db.create_category(&name, parent(&form)).await.map(|id| format!("category {id} created"))
    })
    .await
}

pub async fn update_category(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    checked: MemberForm,
) -> Result<Response, PageError> {
    let db = state.db.clone();
    change(&state, checked, |form| async move {
        let name = form.get("name").trim().to_owned();
        if name.is_empty() {
            return Err(StoreError::Conflict("a category needs letters or digits".into()));
        }
        let position = form.get("position").parse().unwrap_or(0);
        db.update_category(id, &name, parent(&form), position).await.map(|_| format!("category {id} updated"))
    })
    .await
}

pub async fn delete_category(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    checked: MemberForm,
) -> Result<Response, PageError> {
    let db = state.db.clone();
    change(&state, checked, |_| async move { db.delete_category(id).await.map(|_| format!("category {id} deleted")) })
        .await
}

pub async fn rename_tag(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    checked: MemberForm,
) -> Result<Response, PageError> {
    let db = state.db.clone();
    change(&state, checked, |form| async move {
        let name = form.get("name").split_whitespace().collect::<Vec<_>>().join(" ");
        db.rename_tag(id, &vn::nfc(&name)).await.map(|_| format!("tag {id} renamed to {name}"))
    })
    .await
}

pub async fn delete_tag(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    checked: MemberForm,
) -> Result<Response, PageError> {
    let db = state.db.clone();
    change(&state, checked, |_| async move { db.delete_tag(id).await.map(|_| format!("tag {id} deleted")) }).await
}
