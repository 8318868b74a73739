//! `/toa-soan/binh-luan`: the moderation queue (role kiểm duyệt bình luận and above). Tabs by
//! status with counts, filters (article, words, one commenter's e-mail or IP), decisions one by
//! one or in bulk, and the newsroom's reply shown under a comment as "Toà soạn trả lời".

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use serde::Serialize;
use toasoan_store::{CommentFilter, CommentStatus, ModerationComment};

use crate::SharedState;
use crate::kernel::audit::audit_after;
use crate::kernel::newsroom_page::{Member, MemberForm, message, page, redirect};
use crate::kernel::to_value;
use crate::kernel::{PageError, PageParams};

const PAGE_SIZE: i64 = 30;
const MAX_REPLY_CHARS: usize = 3_000;

#[derive(Serialize)]
struct Tab {
    status: &'static str,
    label: &'static str,
    count: i64,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct CommentRow<'a> {
    #[serde(flatten)]
    comment: &'a ModerationComment,
    status_label: &'static str,
    time: String,
    by_email: String,
    by_ip: String,
    by_article: String,
}

/// The query of the page, kept across tabs, pages and decisions.
struct Query {
    status: CommentStatus,
    article: Option<i64>,
    q: String,
    email: String,
    ip: String,
    page: i64,
}

impl Query {
    fn parse(raw: &str) -> Query {
        let params = PageParams::parse(Some(raw));
        Query {
            status: CommentStatus::parse(params.get("trang-thai")).unwrap_or(CommentStatus::Pending),
            article: params.get("bai").parse().ok(),
            q: params.get("q").to_owned(),
            email: params.get("email").to_lowercase(),
            ip: params.get("ip").to_owned(),
            page: params.page(),
        }
    }

    /// The page's address with `status` and `page` changed.
    fn url(&self, status: CommentStatus, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("trang-thai", status.as_str());
        if let Some(article) = self.article {
            query.append_pair("bai", &article.to_string());
        }
        for (name, value) in [("q", &self.q), ("email", &self.email), ("ip", &self.ip)] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if page > 1 {
            query.append_pair("trang", &page.to_string());
        }
        format!("/toa-soan/binh-luan?{}", query.finish())
    }
}

fn filter_link(name: &str, value: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair(name, value);
    format!("/toa-soan/binh-luan?{}", query.finish())
}

pub async fn queue(
    State(state): State<SharedState>,
    member: Member,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    if !member.actor().moderates_comments() {
        return Err(PageError::Forbidden);
    }
    let query = Query::parse(&raw.unwrap_or_default());
    let filter = CommentFilter {
        status: Some(query.status),
        article_id: query.article,
        search: Some(query.q.clone()).filter(|q| !q.is_empty()),
        email: Some(query.email.clone()).filter(|e| !e.is_empty()),
        ip: Some(query.ip.clone()).filter(|ip| !ip.is_empty()),
        limit: PAGE_SIZE,
        offset: (query.page - 1) * PAGE_SIZE,
        ..CommentFilter::default()
    };
    let (found, counts) = (state.db.moderation_comments(&filter).await?, state.db.comment_status_counts().await?);
    let (more, comments) = found;
    let tabs: Vec<Tab> = CommentStatus::ALL
        .into_iter()
        .map(|status| Tab {
            status: status.as_str(),
            label: status.label(),
            count: counts.get(&status).copied().unwrap_or(0),
            url: query.url(status, 1),
            current: status == query.status,
        })
        .collect();
    let rows: Vec<CommentRow> = comments
        .iter()
        .map(|comment| CommentRow {
            comment,
            status_label: comment.status.label(),
            time: vn::time::format_article_time(comment.created_at),
            by_email: filter_link("email", &comment.email),
            by_ip: filter_link("ip", &comment.ip),
            by_article: filter_link("bai", &comment.article_id.to_string()),
        })
        .collect();
    let context = minijinja::context! {
        tabs => to_value(tabs),
        comments => to_value(rows),
        status => query.status.as_str(),
        q => query.q.clone(),
        email => query.email.clone(),
        ip => query.ip.clone(),
        article => query.article,
        back => query.url(query.status, query.page),
        previous => (query.page > 1).then(|| query.url(query.status, query.page - 1)),
        next => more.then(|| query.url(query.status, query.page + 1)),
    };
    Ok(page(&state, Some(&member), "newsroom/comments.html", context))
}

/// `POST /toa-soan/binh-luan`: a decision on the ticked comments (`hanh-dong`), or on one (`mot`
/// = "id:status", the buttons beside each comment).
pub async fn decide(
    State(state): State<SharedState>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().moderates_comments() {
        return Err(PageError::Forbidden);
    }
    let (ids, to): (Vec<i64>, Option<CommentStatus>) = match form.get("mot").split_once(':') {
        Some((id, to)) => (id.parse().ok().into_iter().collect(), CommentStatus::parse(to)),
        None => (
            form.all("id").iter().filter_map(|id| id.parse().ok()).collect(),
            CommentStatus::parse(form.get("hanh-dong")),
        ),
    };
    let back = safe_back(form.get("quay-lai"));
    let Some(to) = to.filter(|s| *s != CommentStatus::Pending) else {
        let text = "Hãy chọn duyệt, từ chối hoặc đánh dấu thư rác.";
        return Ok(message(&state, Some(&member), StatusCode::UNPROCESSABLE_ENTITY, "Chưa chọn thao tác", text));
    };
    if ids.is_empty() {
        let text = "Hãy đánh dấu ít nhất một ý kiến rồi chọn thao tác.";
        return Ok(message(&state, Some(&member), StatusCode::UNPROCESSABLE_ENTITY, "Chưa chọn ý kiến", text));
    }
    Ok(match state.db.decide_comments(&ids, to, member.0.user.id, Utc::now()).await {
        Ok(changed) => {
            state.content_changed().await;
            let detail = format!("{} → {} ({changed} changed)", join_ids(&ids), to.as_str());
            audit_after(&state, member.0.user.id, "comment.decide", "comments", &detail).await;
            redirect(&back)
        }
        Err(error) => return Err(PageError::internal(error)),
    })
}

/// `POST /toa-soan/binh-luan/{id}/tra-loi`: the newsroom's answer, published at once.
pub async fn reply(
    State(state): State<SharedState>,
    Path(id): Path<i64>,
    MemberForm { member, form }: MemberForm,
) -> Result<Response, PageError> {
    if !member.actor().moderates_comments() {
        return Err(PageError::Forbidden);
    }
    let body = vn::nfc(form.get("body").trim());
    if body.is_empty() || body.chars().count() > MAX_REPLY_CHARS {
        let text = "Lời trả lời không được để trống và tối đa 3.000 ký tự. Hãy quay lại và sửa.";
        return Ok(message(&state, Some(&member), StatusCode::UNPROCESSABLE_ENTITY, "Chưa gửi được lời trả lời", text));
    }
    let parent = match state.db.moderation_comment(id).await {
        Ok(Some(parent)) => parent,
        Ok(None) => return Err(PageError::NotFound),
        Err(error) => return Err(PageError::internal(error)),
    };
    Ok(match state.db.reply_to_comment(&parent, &member.0.user, &body).await {
        Ok(reply) => {
            state.content_changed().await;
            audit_after(&state, member.0.user.id, "comment.reply", &format!("comment {id}"), &format!("reply {reply}"))
                .await;
            redirect(&safe_back(form.get("quay-lai")))
        }
        Err(error) => return Err(PageError::internal(error)),
    })
}

/// Only our own moderation page is a place to go back to.
fn safe_back(back: &str) -> String {
    if back.starts_with("/toa-soan/binh-luan") && !back.contains("//") {
        back.to_owned()
    } else {
        "/toa-soan/binh-luan".to_owned()
    }
}

fn join_ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}
