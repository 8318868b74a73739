//! `/toa-soan/` (the dashboard: my drafts, waiting for review, scheduled, recently published)
//! and `/toa-soan/bai-viet` (every article the member may see, by status and title).

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use toasoan_core::{Role, Status, status_label};
use toasoan_store::CommentStatus;
use toasoan_store::{NewsroomFilter, NewsroomRow};
use vn::time::format_list_date;

use crate::SharedState;
use crate::kernel::newsroom_page::{Member, page};
use crate::kernel::to_value;
use crate::kernel::{PageError, PageParams};

const PAGE_SIZE: i64 = 30;

/// A row of a newsroom list.
#[derive(Serialize)]
pub struct RowView {
    id: i64,
    title: String,
    status: &'static str,
    status_label: &'static str,
    category: String,
    author: Option<String>,
    updated: String,
    published: String,
    url: String,
    approved_comments: i64,
    pending_comments: i64,
}

impl From<&NewsroomRow> for RowView {
    fn from(row: &NewsroomRow) -> Self {
        RowView {
            id: row.id,
            title: row.title.clone(),
            status: row.status.as_str(),
            status_label: status_label(row.status),
            category: row.category_name.clone(),
            author: row.author_name.clone(),
            updated: vn::time::format_article_time(row.updated_at),
            published: format_list_date(row.published_at),
            url: format!("/toa-soan/bai-viet/{}", row.id),
            approved_comments: row.approved_comments,
            pending_comments: row.pending_comments,
        }
    }
}

#[derive(Serialize)]
struct Section {
    title: &'static str,
    link: String,
    rows: Vec<RowView>,
}

pub async fn dashboard(State(state): State<SharedState>, member: Member) -> Result<Response, PageError> {
    if member.0.user.role == Role::Moderator {
        return Ok(crate::kernel::newsroom_page::redirect("/toa-soan/binh-luan")); // a moderator's work is the comment queue
    }
    let own = (member.0.user.role == Role::Writer).then_some(member.0.user.id);
    let plan = [
        ("Bản nháp của tôi", Status::Draft, Some(member.0.user.id)),
        ("Chờ duyệt", Status::Submitted, own),
        ("Lên lịch", Status::Scheduled, own),
        ("Mới xuất bản", Status::Published, own),
    ];
    let mut sections = Vec::new();
    for (title, status, author_id) in plan {
        let filter = NewsroomFilter { status: Some(status), author_id, limit: 8, ..NewsroomFilter::default() };
        match state.db.newsroom_articles(&filter).await {
            Ok((_, rows)) => sections.push(Section {
                title,
                link: format!("/toa-soan/bai-viet?trang-thai={}", status.as_str()),
                rows: rows.iter().map(RowView::from).collect(),
            }),
            Err(error) => return Err(PageError::internal(error)),
        }
    }
    let pending_comments = match state.db.comment_status_counts().await {
        Ok(counts) if member.actor().moderates_comments() => counts.get(&CommentStatus::Pending).copied().unwrap_or(0),
        Ok(_) => 0,
        Err(error) => return Err(PageError::internal(error)),
    };
    let backup = match member.0.user.role {
        Role::Admin | Role::EditorInChief => Some(last_backup(&state).await?),
        _ => None,
    };
    let context =
        minijinja::context! { sections => to_value(&sections), pending_comments, backup => to_value(&backup) };
    Ok(page(&state, Some(&member), "newsroom/dashboard.html", context))
}

/// What the dashboard says about backups, for those who answer for the site: when the last one
/// was taken and how large it was, or that none was, and whether it is getting old.
#[derive(Serialize)]
struct BackupNote {
    taken: Option<String>,
    size: String,
    days: i64,
    stale: bool,
}

async fn last_backup(state: &SharedState) -> Result<BackupNote, PageError> {
    let note = match state.db.last_backup().await? {
        Some((at, bytes)) => {
            let days = (chrono::Utc::now() - at).num_days();
            BackupNote {
                taken: Some(vn::time::format_article_time(at)),
                size: megabytes(bytes),
                days,
                stale: days >= 7,
            }
        }
        None => BackupNote { taken: None, size: String::new(), days: 0, stale: true },
    };
    Ok(note)
}

/// `8,3 MB`, as Vietnamese writes decimals.
fn megabytes(bytes: i64) -> String {
    let tenths = (bytes as f64 / 100_000.0).round() as i64;
    format!("{},{} MB", vn::format_number(tenths / 10), tenths % 10)
}

pub async fn article_list(
    State(state): State<SharedState>,
    member: Member,
    params: PageParams,
) -> Result<Response, PageError> {
    if !member.actor().can_write() {
        return Err(PageError::Forbidden);
    }
    let status = Status::parse(params.get("trang-thai"));
    let title = params.get("q").to_owned();
    let current = params.page();
    let filter = NewsroomFilter {
        status,
        author_id: (member.0.user.role == Role::Writer).then_some(member.0.user.id),
        title: Some(title.clone()),
        limit: PAGE_SIZE,
        offset: (current - 1) * PAGE_SIZE,
    };
    let (more, rows) = state.db.newsroom_articles(&filter).await?;
    let statuses: Vec<(&str, &str)> =
        [Status::Draft, Status::Submitted, Status::Approved, Status::Scheduled, Status::Published, Status::Unpublished]
            .iter()
            .map(|s| (s.as_str(), status_label(*s)))
            .collect();
    let base = format!(
        "/toa-soan/bai-viet?trang-thai={}&q={}",
        status.map_or("", |s| s.as_str()),
        form_urlencoded::byte_serialize(title.as_bytes()).collect::<String>()
    );
    let context = minijinja::context! {
        rows => to_value(rows.iter().map(RowView::from).collect::<Vec<_>>()),
        statuses => to_value(statuses),
        status => status.map(|s| s.as_str()),
        q => title,
        previous => (current > 1).then(|| format!("{base}&trang={}", current - 1)),
        next => more.then(|| format!("{base}&trang={}", current + 1)),
        current,
    };
    Ok(page(&state, Some(&member), "newsroom/articles.html", context))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_are_written_the_vietnamese_way() {
        assert_eq!(super::megabytes(8_300_000), "8,3 MB");
        assert_eq!(super::megabytes(1_234_560_000), "1.234,6 MB");
        assert_eq!(super::megabytes(0), "0,0 MB");
    }
}
