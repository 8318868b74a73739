//! Readers' comments for the demo magazine: a few approved under the newest articles (one with
//! the newsroom's reply) and one waiting in the moderation queue, so both sides can be tried.

use anyhow::Result;
use chrono::{Duration, Utc};
use toasoan_comments::spam::duplicate_key;
use toasoan_store::{CommentStatus, Db, NewComment, RateLimits, Submission};

/// (name, e-mail, address, text, approved)
const COMMENTS: &[(&str, &str, &str, &str, bool)] = &[
    (
        "Nguyễn Thị Lan",
        "lan.nguyen@example.vn",
        "Hà Nội",
        "Bài viết rõ ràng, dễ hiểu. Mong tòa soạn có thêm bài phân tích sâu hơn về vấn đề này.",
        true,
    ),
    (
        "Trần Văn Hùng",
        "hung.tran@example.vn",
        "Đà Nẵng",
        "Tôi đồng tình với quan điểm của tác giả.\nỞ địa phương tôi, tình hình cũng tương tự.",
        true,
    ),
    ("Lê Minh Châu", "chau.le@example.vn", "TP. Hồ Chí Minh", "Số liệu trong bài là của năm nào vậy ạ?", true),
    (
        "Phạm Quốc Bảo",
        "bao.pham@example.vn",
        "Cần Thơ",
        "Cảm ơn bài viết, rất hữu ích cho người dân vùng đồng bằng.",
        true,
    ),
    ("Bạn đọc", "ban.doc@example.vn", "", "Ý kiến này đang chờ duyệt trong tòa soạn.", false),
];

/// Adds the demo comments under the three newest articles, decided by `moderator`.
pub async fn add(db: &Db, moderator: i64) -> Result<()> {
    let (_, newest) =
        db.published_articles(&toasoan_store::ArticleQuery::new(toasoan_store::ListFilter::All, 3, 0)).await?;
    let limits = RateLimits { per_ip: i64::MAX, per_email: i64::MAX, window: Duration::hours(1) };
    let now = Utc::now();
    for (index, (name, email, address, body, approved)) in COMMENTS.iter().enumerate() {
        let Some(article) = newest.get(index % newest.len().max(1)) else { return Ok(()) };
        let comment = NewComment {
            article_id: article.id,
            name: (*name).to_owned(),
            email: (*email).to_owned(),
            address: (*address).to_owned(),
            body: (*body).to_owned(),
            body_key: duplicate_key(body),
            ip: "127.0.0.1".to_owned(),
            status: CommentStatus::Pending,
        };
        let Submission::Stored { id, .. } = db.submit_comment(&comment, None, limits, now).await? else { continue };
        if *approved {
            db.decide_comments(&[id], CommentStatus::Approved, moderator, now).await?;
        }
        if index == 2
            && let (Some(parent), Some(staff)) = (db.moderation_comment(id).await?, db.user(moderator).await?)
        {
            db.reply_to_comment(
                &parent,
                &staff,
                "Số liệu lấy từ báo cáo năm 2021 của Tổng cục Thống kê. Cảm ơn bạn đã hỏi.",
            )
            .await?;
        }
    }
    Ok(())
}
