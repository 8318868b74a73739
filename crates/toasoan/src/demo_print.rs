//! Print issues for the demo magazine: this month's and last month's, whose tables of contents
//! point at demo articles, and one from the older archive (before 2010) with little more than
//! its number, as scanned issues usually are. Their PDFs are added by the newsroom.

use anyhow::Result;
use chrono::{Datelike, Utc};
use toasoan_store::{ArticleQuery, Db, IssueFields, ListFilter, TocEntry};

pub async fn add(db: &Db) -> Result<()> {
    let (_, articles) = db.published_articles(&ArticleQuery::new(ListFilter::All, 12, 0)).await?;
    let today = Utc::now().date_naive();
    let last_month = today.checked_sub_months(chrono::Months::new(1)).unwrap_or(today);
    let themes = ["Đổi mới và hội nhập", "Kinh tế số, xã hội số"];
    for (index, (date, theme)) in [today, last_month].into_iter().zip(themes).enumerate() {
        let toc = articles
            .iter()
            .skip(index * 6)
            .take(6)
            .enumerate()
            .map(|(n, article)| TocEntry {
                title: article.title.clone(),
                author: article.byline.clone().unwrap_or_default(),
                page: Some(3 + 6 * n as i64),
                article_id: Some(article.id),
                article_path: None,
            })
            .collect();
        let fields = IssueFields {
            year: i64::from(date.year()),
            number: i64::from(date.month()),
            published_on: date.with_day(1),
            title: theme.to_owned(),
            toc,
            ..IssueFields::default()
        };
        db.save_print_issue(None, &fields).await?;
    }
    let scanned = IssueFields {
        year: 2008,
        number: 1,
        special_label: "Số Tết".to_owned(),
        title: "Xuân Mậu Tý".to_owned(),
        ..IssueFields::default()
    };
    db.save_print_issue(None, &scanned).await?;
    Ok(())
}
