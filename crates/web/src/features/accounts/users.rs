//! Accounts (`/toa-soan/nguoi-dung`) and the audit log (`/toa-soan/nhat-ky`): the admin's pages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use toasoan_core::Role;
use toasoan_store::{NewUser, StoreError, User};

use super::password::{PasswordError, hash_password};
use crate::SharedState;
use crate::kernel::newsroom_page::{Member, MemberForm, page, redirect};
use crate::kernel::to_value;
use crate::kernel::{PageError, PageParams};

#[derive(Serialize)]
struct UserView {
    id: i64,
    email: String,
    name: String,
    role: &'static str,
    role_label: &'static str,
    active: bool,
    categories: Vec<i64>,
    slug: Option<String>,
    bio: String,
}

impl From<&User> for UserView {
    fn from(u: &User) -> Self {
        UserView {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            role: u.role.as_str(),
            role_label: u.role.label(),
            active: u.active,
            categories: u.categories.clone(),
            slug: u.slug.clone(),
            bio: u.bio.clone(),
        }
    }
}

fn roles() -> Vec<(&'static str, &'static str)> {
    Role::ALL.iter().map(|r| (r.as_str(), r.label())).collect()
}

pub async fn users(State(state): State<SharedState>, member: Member) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let empty = minijinja::context! { email => "", name => "", role => "writer" };
    users_page(&state, &member, minijinja::context! { form => empty }).await
}

async fn users_page(state: &SharedState, member: &Member, extra: minijinja::Value) -> Result<Response, PageError> {
    let (users, categories) = (state.db.users().await?, state.db.categories().await?);
    let context = minijinja::context! {
        users => to_value(users.iter().map(UserView::from).collect::<Vec<_>>()),
        categories => to_value(&categories),
        roles => to_value(roles()),
        ..extra
    };
    Ok(page(state, Some(member), "newsroom/users.html", context))
}

pub async fn create_user(
    State(state): State<SharedState>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let (email, name) = (form.get("email").trim(), form.get("name").trim());
    let role = Role::parse(form.get("role"));
    let error = match (email.contains('@'), name.is_empty(), role) {
        (false, _, _) => Some("Thư điện tử không hợp lệ.".to_owned()),
        (_, true, _) => Some("Hãy nhập họ tên.".to_owned()),
        (_, _, None) => Some("Hãy chọn vai trò.".to_owned()),
        _ => None,
    };
    let outcome = match (error, role) {
        (Some(error), _) => Err(error),
        (None, None) => Err("Hãy chọn vai trò.".to_owned()),
        (None, Some(role)) => match hash_password(form.get("password").to_owned()).await {
            Err(PasswordError::Length) => Err("Mật khẩu cần từ 10 đến 200 ký tự.".to_owned()),
            Err(PasswordError::Busy(_)) => Err("Máy chủ đang bận, hãy thử lại sau ít giây.".to_owned()),
            Err(error) => return Err(PageError::internal(error)),
            Ok(hash) => match state.db.create_user(&NewUser { email, name, role, password_hash: &hash }).await {
                Ok(id) => Ok(id),
                Err(StoreError::Conflict(_)) => Err("Đã có tài khoản với thư điện tử này.".to_owned()),
                Err(error) => return Err(PageError::internal(error)),
            },
        },
    };
    Ok(match outcome {
        Ok(id) => {
            let _ =
                state.db.audit(Some(member.0.user.id), "user_create", &format!("user {id}"), form.get("role")).await;
            redirect(&format!("/toa-soan/nguoi-dung/{id}"))
        }
        Err(error) => {
            let form_values = minijinja::context! { email, name, role => form.get("role") };
            let mut response = users_page(&state, &member, minijinja::context! { error, form => form_values }).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response
        }
    })
}

pub async fn user_page(
    State(state): State<SharedState>,
    member: Member,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let (user, categories) = match (state.db.user(id).await, state.db.categories().await) {
        (Ok(Some(u)), Ok(c)) => (u, c),
        (Ok(None), _) => return Err(PageError::NotFound),
        (Err(error), _) | (_, Err(error)) => return Err(PageError::internal(error)),
    };
    let context = minijinja::context! {
        user => to_value(UserView::from(&user)),
        categories => to_value(&categories),
        roles => to_value(roles()),
    };
    Ok(page(&state, Some(&member), "newsroom/user.html", context))
}

pub async fn update_user(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let Some(role) = Role::parse(form.get("role")) else { return Ok(redirect(&format!("/toa-soan/nguoi-dung/{id}"))) };
    let active = !form.get("active").is_empty() || id == member.0.user.id;
    let categories: Vec<i64> = form.all("categories").iter().filter_map(|c| c.parse().ok()).collect();
    let name = form.get("name").trim();
    if let Err(error) = state.db.update_user(id, name, role, active, &categories).await {
        return Err(PageError::internal(error));
    }
    if !active {
        let _ = state.db.delete_user_sessions(id).await;
    }
    let detail = format!("role {}, active {active}", role.as_str());
    crate::kernel::audit::audit_after(&state, member.0.user.id, "user_update", &format!("user {id}"), &detail).await;
    Ok(redirect(&format!("/toa-soan/nguoi-dung/{id}")))
}

/// `POST /toa-soan/nguoi-dung/{id}/tac-gia`: the author page's address and biography.
pub async fn update_author_page(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let slug = vn::slug_limited(form.get("slug"), 60);
    let bio = vn::nfc(form.get("bio").trim());
    let refused = |text: &str| {
        crate::kernel::newsroom_page::message(
            &state,
            Some(&member),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Chưa lưu trang tác giả",
            text,
        )
    };
    if slug.is_empty() {
        return Ok(refused("Địa chỉ trang tác giả cần có chữ hoặc số."));
    }
    if bio.chars().count() > MAX_BIO {
        return Ok(refused(&format!("Phần giới thiệu dài quá {MAX_BIO} ký tự.")));
    }
    match state.db.update_author_profile(id, &slug, &bio).await {
        Ok(true) => {}
        Ok(false) => return Err(PageError::NotFound),
        Err(StoreError::Conflict(_)) => return Ok(refused(&format!("Địa chỉ /tac-gia/{slug} đã là của người khác."))),
        Err(error) => return Err(PageError::internal(error)),
    }
    crate::kernel::audit::audit_after(&state, member.0.user.id, "author_update", &format!("user {id}"), &slug).await;
    Ok(redirect(&format!("/toa-soan/nguoi-dung/{id}")))
}

/// Longest author biography, in characters.
const MAX_BIO: usize = 1_000;

pub async fn reset_password(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let hash = match hash_password(form.get("password").to_owned()).await {
        Ok(hash) => hash,
        Err(PasswordError::Length) => {
            let text = "Mật khẩu cần từ 10 đến 200 ký tự.";
            return Ok(crate::kernel::newsroom_page::message(
                &state,
                Some(&member),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Chưa đổi mật khẩu",
                text,
            ));
        }
        Err(PasswordError::Busy(_)) => {
            let text = "Máy chủ đang bận, hãy thử lại sau ít giây.";
            return Ok(crate::kernel::newsroom_page::message(
                &state,
                Some(&member),
                StatusCode::SERVICE_UNAVAILABLE,
                "Chưa đổi mật khẩu",
                text,
            ));
        }
        Err(error) => return Err(PageError::internal(error)),
    };
    match state.db.set_password_hash(id, &hash).await {
        Ok(true) => {}
        Ok(false) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    }
    // A new password must end the old logins: if that fails, say so rather than pretend.
    if let Err(error) = state.db.delete_user_sessions(id).await {
        return Err(PageError::internal(error));
    }
    crate::kernel::audit::audit_after(&state, member.0.user.id, "password_reset", &format!("user {id}"), "by an admin")
        .await;
    Ok(redirect(&format!("/toa-soan/nguoi-dung/{id}")))
}

#[derive(Serialize)]
struct AuditView {
    who: String,
    action: String,
    target: String,
    detail: String,
    at: String,
}

pub async fn audit_log(
    State(state): State<SharedState>,
    member: Member,
    params: PageParams,
) -> Result<Response, PageError> {
    if !member.actor().manages_users() {
        return Err(PageError::Forbidden);
    }
    let current = params.page();
    let entries = state.db.audit_entries(100, (current - 1) * 100).await?;
    let views: Vec<AuditView> = entries
        .iter()
        .map(|e| AuditView {
            who: e.user_name.clone().unwrap_or_else(|| "—".into()),
            action: e.action.clone(),
            target: e.target.clone(),
            detail: e.detail.clone(),
            at: vn::time::format_article_time(e.created_at),
        })
        .collect();
    let next = (views.len() == 100).then(|| format!("/toa-soan/nhat-ky?trang={}", current + 1));
    Ok(page(&state, Some(&member), "newsroom/audit.html", minijinja::context! { entries => to_value(&views), next }))
}
