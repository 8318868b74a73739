//! The print edition as stored: issues by year and number, each with its table of contents and
//! the places of its cover and PDF in object storage. Every change bumps the content version,
//! since the "Giới thiệu tạp chí in" box is on every page.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::Serialize;
use sqlx::Row;

use crate::{Db, Result, StoreError, Tx, on_pool, on_tx};

/// One line of a table of contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub title: String,
    pub author: String,
    /// The page of the printed issue (and of its PDF) the piece starts on.
    pub page: Option<i64>,
    /// The online version of the piece.
    pub article_id: Option<i64>,
    /// Its address, when it is published (filled in when read).
    pub article_path: Option<String>,
}

/// What the newsroom edits about an issue; saving replaces all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueFields {
    pub year: i64,
    pub number: i64,
    pub volume: String,
    /// "Số Tết", "Số đặc biệt"…
    pub special_label: String,
    pub published_on: Option<NaiveDate>,
    pub title: String,
    pub cover_url: String,
    pub pdf_path: String,
    pub pdf_bytes: i64,
    pub toc: Vec<TocEntry>,
}

/// An issue as read; `toc` is filled by [`Db::print_issue`] only, not by lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PrintIssue {
    pub id: i64,
    pub year: i64,
    pub number: i64,
    pub volume: String,
    pub special_label: String,
    pub published_on: Option<NaiveDate>,
    pub title: String,
    pub cover_url: String,
    pub pdf_path: String,
    pub pdf_bytes: i64,
    pub updated_at: DateTime<Utc>,
    #[sqlx(skip)]
    pub toc: Vec<TocEntry>,
}

impl PrintIssue {
    /// The issue's public address.
    pub fn path(&self) -> String {
        format!("/tap-chi-in/{}/so-{}", self.year, self.number)
    }
}

/// Which issues a lookup shows, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IssueFilter {
    pub year: Option<i64>,
    pub number: Option<i64>,
    /// Issues printed before this year (the older, scanned archive).
    pub before_year: Option<i64>,
    /// Words to find in the title, label or table of contents, marks or not.
    pub keyword: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

const COLUMNS: &str = "SELECT id, year, number, volume, special_label, published_on, title, cover_url, pdf_path, \
     pdf_bytes, updated_at FROM print_issues";

impl Db {
    /// Creates (`id` None) or replaces an issue and its table of contents. Another issue with the
    /// same year and number is [`StoreError::Conflict`].
    pub async fn save_print_issue(&self, id: Option<i64>, fields: &IssueFields) -> Result<i64> {
        self.save_print_issue_with_jobs(id, fields, |_| Vec::new()).await
    }

    /// Saves the issue and, in the same transaction, the background jobs `jobs` makes for its id
    /// (reading a new PDF's text, drawing its cover): both are kept, or neither.
    pub async fn save_print_issue_with_jobs(
        &self,
        id: Option<i64>,
        fields: &IssueFields,
        jobs: impl FnOnce(i64) -> Vec<crate::NewJob>,
    ) -> Result<i64> {
        let now = Utc::now().trunc_subsecs(6);
        let search_text = search_text(fields);
        let mut tx = self.begin().await?;
        let taken = "SELECT id FROM print_issues WHERE year = $1 AND number = $2";
        let holder: Option<i64> = on_tx!(&mut tx, conn => sqlx::query_scalar(taken).bind(fields.year)
            .bind(fields.number).fetch_optional(conn).await)?;
        if holder.is_some_and(|holder| Some(holder) != id) {
            return Err(StoreError::Conflict(format!("issue {} of {} exists already", fields.number, fields.year)));
        }
        let id = match id {
            Some(id) => update_issue(&mut tx, id, fields, &search_text, now).await?,
            None => insert_issue(&mut tx, fields, &search_text, now).await?,
        };
        let Some(id) = id else { return Err(StoreError::Conflict("no such issue".to_owned())) };
        on_tx!(&mut tx, conn => sqlx::query("DELETE FROM print_toc WHERE issue_id = $1").bind(id).execute(conn).await
            .map(|r| r.rows_affected()))?;
        for (position, entry) in fields.toc.iter().enumerate() {
            let sql = "INSERT INTO print_toc (issue_id, position, title, author, page, article_id) \
                 VALUES ($1, $2, $3, $4, $5, $6)";
            on_tx!(&mut tx, conn => sqlx::query(sql).bind(id).bind(position as i64).bind(&entry.title)
                .bind(&entry.author).bind(entry.page).bind(entry.article_id).execute(conn).await.map(|r| r.rows_affected()))?;
        }
        // The pages' date (a filter of site search) follows the issue's.
        tx.queue_print_issue_for_search(id).await?;
        for job in jobs(id) {
            tx.add_job(&job).await?;
        }
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Gives the issue this cover unless it got one meanwhile (a drawn cover never replaces an
    /// uploaded one). Whether it was set.
    pub async fn set_print_cover_if_none(&self, id: i64, cover_url: &str) -> Result<bool> {
        let mut tx = self.begin().await?;
        let sql = "UPDATE print_issues SET cover_url = $1 WHERE id = $2 AND cover_url = ''";
        let changed = on_tx!(&mut tx, conn => sqlx::query(sql).bind(cover_url).bind(id).execute(conn).await
            .map(|r| r.rows_affected()))?;
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(changed > 0)
    }

    pub async fn delete_print_issue(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let deleted = on_tx!(&mut tx, conn => sqlx::query("DELETE FROM print_issues WHERE id = $1").bind(id)
            .execute(conn).await.map(|r| r.rows_affected()))?;
        tx.queue_print_issue_for_search(id).await?;
        tx.bump_content_version().await?;
        tx.commit().await?;
        Ok(deleted > 0)
    }

    /// An issue with its table of contents.
    pub async fn print_issue(&self, id: i64) -> Result<Option<PrintIssue>> {
        let sql = format!("{COLUMNS} WHERE id = $1");
        let row = on_pool!(self, pool =>
            sqlx::query_as::<_, PrintIssue>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await)?;
        let Some(mut issue) = row else { return Ok(None) };
        issue.toc = self.print_toc(id).await?;
        Ok(Some(issue))
    }

    /// The issue with this year and number, with its table of contents.
    pub async fn print_issue_by_number(&self, year: i64, number: i64) -> Result<Option<PrintIssue>> {
        let sql = "SELECT id FROM print_issues WHERE year = $1 AND number = $2";
        let id: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(sql).bind(year).bind(number).fetch_optional(pool).await)?;
        match id {
            Some(id) => self.print_issue(id).await,
            None => Ok(None),
        }
    }

    async fn print_toc(&self, id: i64) -> Result<Vec<TocEntry>> {
        let sql = "SELECT t.title, t.author, t.page, t.article_id, a.slug, c.slug AS category_slug, a.status \
             FROM print_toc t LEFT JOIN articles a ON a.id = t.article_id LEFT JOIN categories c ON c.id = a.category_id \
             WHERE t.issue_id = $1 ORDER BY t.position";
        on_pool!(self, pool => {
            let rows = sqlx::query(sql).bind(id).fetch_all(pool).await?;
            rows.iter().map(|row| {
                let article_id: Option<i64> = row.try_get("article_id")?;
                let status: Option<String> = row.try_get("status")?;
                let slug: Option<String> = row.try_get("slug")?;
                let category: Option<String> = row.try_get("category_slug")?;
                let article_path = match (article_id, slug, category, status.as_deref()) {
                    (Some(id), Some(slug), Some(category), Some("published")) => Some(format!("/{category}/{slug}-{id}")),
                    _ => None,
                };
                Ok(TocEntry {
                    title: row.try_get("title")?,
                    author: row.try_get("author")?,
                    page: row.try_get("page")?,
                    article_id,
                    article_path,
                })
            }).collect()
        })
    }

    /// One page of a lookup, newest first, and how many issues match in all.
    pub async fn print_issues(&self, filter: &IssueFilter) -> Result<(i64, Vec<PrintIssue>)> {
        let keyword = filter.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(|k| {
            let words = vn::fold_lower(&vn::nfc(k)).replace(['%', '_'], " ");
            format!("%{}%", words.split_whitespace().collect::<Vec<_>>().join(" "))
        });
        let mut conditions = Vec::new();
        for (used, condition) in [
            (filter.year.is_some(), "year = ?"),
            (filter.number.is_some(), "number = ?"),
            (filter.before_year.is_some(), "year < ?"),
            (keyword.is_some(), "search_text LIKE ?"),
        ] {
            if used {
                conditions.push(condition.replace('?', &format!("${}", conditions.len() + 1)));
            }
        }
        let used = conditions.len();
        let clause = if conditions.is_empty() { String::new() } else { format!(" WHERE {}", conditions.join(" AND ")) };
        // Only fixed fragments and numbered placeholders are assembled: no value enters the SQL.
        let list =
            format!("{COLUMNS}{clause} ORDER BY year DESC, number DESC LIMIT ${} OFFSET ${}", used + 1, used + 2);
        let count = format!("SELECT COUNT(*) FROM print_issues{clause}");
        macro_rules! bind_all {
            ($query:expr) => {{
                let mut query = $query;
                for value in [filter.year, filter.number, filter.before_year].into_iter().flatten() {
                    query = query.bind(value);
                }
                if let Some(keyword) = &keyword {
                    query = query.bind(keyword.clone());
                }
                query
            }};
        }
        on_pool!(self, pool => {
            let total: i64 = bind_all!(sqlx::query_scalar(sqlx::AssertSqlSafe(count))).fetch_one(pool).await?;
            let issues = bind_all!(sqlx::query_as::<_, PrintIssue>(sqlx::AssertSqlSafe(list)))
                .bind(filter.limit).bind(filter.offset).fetch_all(pool).await?;
            Ok((total, issues))
        })
    }

    /// Each year that has issues, newest first, with how many.
    pub async fn print_years(&self) -> Result<Vec<(i64, i64)>> {
        let sql = "SELECT year, COUNT(*) FROM print_issues GROUP BY year ORDER BY year DESC";
        Ok(on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
    }

    /// The newest issue, for the box on every page.
    pub async fn latest_print_issue(&self) -> Result<Option<PrintIssue>> {
        let filter = IssueFilter { limit: 1, ..IssueFilter::default() };
        Ok(self.print_issues(&filter).await?.1.into_iter().next())
    }
}

async fn insert_issue(tx: &mut Tx, f: &IssueFields, search_text: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
    let sql = "INSERT INTO print_issues (year, number, volume, special_label, published_on, title, cover_url, \
         pdf_path, pdf_bytes, search_text, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id";
    Ok(on_tx!(tx, conn => sqlx::query_scalar(sql).bind(f.year).bind(f.number).bind(&f.volume).bind(&f.special_label)
        .bind(f.published_on).bind(&f.title).bind(&f.cover_url).bind(&f.pdf_path).bind(f.pdf_bytes).bind(search_text)
        .bind(now).fetch_optional(conn).await)?)
}

async fn update_issue(
    tx: &mut Tx,
    id: i64,
    f: &IssueFields,
    search_text: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let sql = "UPDATE print_issues SET year = $1, number = $2, volume = $3, special_label = $4, published_on = $5, \
         title = $6, cover_url = $7, pdf_path = $8, pdf_bytes = $9, search_text = $10, updated_at = $11 \
         WHERE id = $12 RETURNING id";
    Ok(on_tx!(tx, conn => sqlx::query_scalar(sql).bind(f.year).bind(f.number).bind(&f.volume).bind(&f.special_label)
        .bind(f.published_on).bind(&f.title).bind(&f.cover_url).bind(&f.pdf_path).bind(f.pdf_bytes).bind(search_text)
        .bind(now).bind(id).fetch_optional(conn).await)?)
}

/// What the keyword lookup searches, folded: title, label, and every title and author of the
/// table of contents.
fn search_text(fields: &IssueFields) -> String {
    let mut parts = vec![fields.title.as_str(), fields.special_label.as_str(), fields.volume.as_str()];
    for entry in &fields.toc {
        parts.push(&entry.title);
        parts.push(&entry.author);
    }
    let text = vn::fold_lower(&vn::nfc(&parts.join(" ")));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
