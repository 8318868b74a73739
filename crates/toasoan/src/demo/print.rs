//! Print issues for the demo magazine, with PDFs made here: this month's and last month's, whose
//! pages carry demo articles in Unicode (their tables of contents point at the articles online),
//! a "Số Tết" of 2008 from the older archive, typeset in the legacy TCVN3 font of its time
//! with a scanned (text-less) cover, as old issues are, and "Số 12 - 1999", wholly scanned, which
//! the server's OCR job reads when Tesseract is installed. Their text is read back by the same
//! child process as any upload, so the demo's print pages are searchable at once.

use anyhow::{Context, Result};
use chrono::{Datelike, NaiveDate, Utc};
use toasoan_media::MediaStore;
use toasoan_media::pdf::{Cover, magazine_pdf, simple_pdf};
use toasoan_store::{ArticleQuery, Db, IssueFields, ListFilter, TocEntry};

use toasoan_media::pdf::layout::{Piece, lay_out};

const THEMES: [&str; 2] = ["Đổi mới và hội nhập", "Kinh tế số, xã hội số"];
const PIECES_PER_ISSUE: usize = 6;

const TET_LETTER: &str = "Thư chúc Tết\nNhân dịp Xuân Mậu Tý, tòa soạn kính chúc bạn đọc, cộng tác viên \
    và gia đình một năm mới an khang, thịnh vượng. Cảm ơn bạn đọc đã đồng hành cùng tạp chí trong \
    suốt năm qua.";
const TET_ESSAY: &str = "Kinh tế năm 2007 nhìn lại\nNăm 2007, kinh tế tăng trưởng khá nhưng lạm phát \
    lên cao, giá lương thực và giá vàng biến động mạnh. Nhiều chuyên gia cho rằng cần thắt chặt \
    tiền tệ, kiểm soát tín dụng và ổn định thị trường để giữ vững đà phát triển trong năm mới.";

pub async fn add(db: &Db, media: &MediaStore) -> Result<()> {
    let (_, articles) = db.published_articles(&ArticleQuery::new(ListFilter::All, 12, 0)).await?;
    let today = Utc::now().date_naive();
    let last_month = today.checked_sub_months(chrono::Months::new(1)).unwrap_or(today);
    for (index, (date, theme)) in [today, last_month].into_iter().zip(THEMES).enumerate() {
        let mut full = Vec::with_capacity(PIECES_PER_ISSUE);
        for summary in articles.iter().skip(index * PIECES_PER_ISSUE).take(PIECES_PER_ISSUE) {
            full.extend(db.article(summary.id).await?);
        }
        let texts: Vec<(String, Vec<String>)> = full
            .iter()
            .map(|a| {
                (
                    a.byline.clone().unwrap_or_default(),
                    std::iter::once(a.lead.clone()).chain(a.blocks.iter().map(|b| b.text().into_owned())).collect(),
                )
            })
            .collect();
        let pieces: Vec<Piece> = full
            .iter()
            .zip(&texts)
            .map(|(a, (author, paragraphs))| Piece {
                title: &a.title,
                author,
                paragraphs: paragraphs.iter().map(String::as_str).filter(|p| !p.is_empty()).collect(),
            })
            .collect();
        let (year, number) = (i64::from(date.year()), i64::from(date.month()));
        let cover = format!("# Số {number} - {year}\nTạp chí Toà soạn\n{theme}");
        let laid = lay_out(&cover, &pieces);
        let toc = full
            .iter()
            .zip(&laid.starts)
            .map(|(a, start)| TocEntry {
                title: a.title.clone(),
                author: a.byline.clone().unwrap_or_default(),
                page: Some(*start),
                article_id: Some(a.id),
                article_path: None,
            })
            .collect();
        // Page 1 is the cover, drawn as one; the rest as laid out.
        let pages: Vec<Option<&str>> = laid.pages.iter().skip(1).map(|p| Some(p.as_str())).collect();
        let picture = super::pictures::scene(100 + number as u64, 600, 400);
        let issue_line = format!("Số {number} · Tháng {}/{year}", date.month());
        let also: Vec<&str> = full.iter().take(4).map(|a| a.title.as_str()).collect();
        let cover = Cover {
            masthead: "TẠP CHÍ TOÀ SOẠN",
            issue_line: &issue_line,
            headline: theme,
            also: &also,
            picture: Some((picture.width(), picture.height(), picture.as_raw())),
        };
        let pdf = magazine_pdf(&cover, &pages).context("the demo issue's PDF")?;
        let fields = IssueFields {
            year,
            number,
            published_on: date.with_day(1),
            title: theme.to_owned(),
            toc,
            ..IssueFields::default()
        };
        add_issue(db, media, fields, pdf).await?;
    }
    let tcvn3 = |text: &str| vn::legacy::encode(text, vn::legacy::LegacyEncoding::Tcvn3);
    let (letter, essay) = (tcvn3(TET_LETTER), tcvn3(TET_ESSAY));
    let pdf = simple_pdf(&[None, Some(&letter), Some(&essay)]).context("the demo Tết issue's PDF")?;
    let scanned = IssueFields {
        year: 2008,
        number: 1,
        special_label: "Số Tết".to_owned(),
        title: "Xuân Mậu Tý".to_owned(),
        published_on: NaiveDate::from_ymd_opt(2008, 1, 25),
        ..IssueFields::default()
    };
    add_issue(db, media, scanned, pdf).await?;
    add_scanned_issue(db, media).await
}

const FLOOD_TITLE: &str = "Lũ lịch sử ở miền Trung";
const FLOOD_PARAGRAPHS: [&str; 4] = [
    "Đầu tháng mười một, mưa lớn kéo dài nhiều ngày làm nước sông Hương, sông Bồ và sông Thu Bồn dâng cao chưa từng thấy. \
     Hàng trăm nghìn ngôi nhà ở Thừa Thiên Huế, Quảng Nam và Quảng Ngãi bị ngập sâu, nhiều tuyến đường quốc lộ bị chia cắt.",
    "Chính quyền các tỉnh đã huy động bộ đội, dân quân và thanh niên tình nguyện dùng thuyền đưa người già, trẻ em đến nơi cao ráo. \
     Lương thực, nước sạch và thuốc men được chuyển bằng trực thăng tới những xã bị cô lập.",
    "Các nhà khoa học cho rằng việc rừng đầu nguồn bị chặt phá khiến lũ về nhanh hơn và rút chậm hơn. \
     Họ kiến nghị trồng lại rừng phòng hộ, xây thêm hồ chứa và hoàn thiện hệ thống cảnh báo sớm cho vùng hạ du.",
    "Cả nước đang hướng về miền Trung. Những chuyến hàng cứu trợ từ Hà Nội, Thành phố Hồ Chí Minh và kiều bào ở nước ngoài \
     đã đến với bà con vùng lũ, giúp họ sớm ổn định cuộc sống và chuẩn bị gieo trồng vụ đông xuân.",
];

/// "Số 12 - 1999", as the older archive holds such issues: scanned pages with no text layer,
/// made here by drawing a typeset issue with `pdftoppm` (skipped, with a note, without it). The
/// server's OCR job reads it when Tesseract is installed, after which search finds its words.
async fn add_scanned_issue(db: &Db, media: &MediaStore) -> Result<()> {
    let piece =
        Piece {
            title: FLOOD_TITLE, author: "Phóng viên thường trú miền Trung", paragraphs: FLOOD_PARAGRAPHS.to_vec()
        };
    let laid = lay_out("# Số 12 - 1999\nTạp chí Toà soạn\nMiền Trung sau lũ", &[piece]);
    let pages: Vec<Option<&str>> = laid.pages.iter().map(|p| Some(p.as_str())).collect();
    let typeset = toasoan_media::pdf::unicode_pdf(&pages).context("the demo scanned issue")?;
    let count = pages.len();
    let scanned = tokio::task::spawn_blocking(move || {
        crate::print_scan::scan(&typeset, count, 200, crate::print_scan::Wear::Clean)
    })
    .await?;
    let pdf = match scanned {
        Ok(pdf) => pdf,
        Err(error) => {
            tracing::warn!(%error, "the demo's scanned issue of 1999 is left out");
            return Ok(());
        }
    };
    let toc =
        vec![TocEntry { title: FLOOD_TITLE.to_owned(), page: laid.starts.first().copied(), ..TocEntry::default() }];
    let fields = IssueFields {
        year: 1999,
        number: 12,
        title: "Miền Trung sau lũ".to_owned(),
        published_on: NaiveDate::from_ymd_opt(1999, 12, 10),
        toc,
        ..IssueFields::default()
    };
    add_issue(db, media, fields, pdf).await
}

/// Stores the PDF, saves the issue, and keeps its pages' text (a failed reading is logged: the
/// issue is still shown, without searchable text).
async fn add_issue(db: &Db, media: &MediaStore, mut fields: IssueFields, pdf: Vec<u8>) -> Result<()> {
    fields.pdf_path = format!("print/{}/so-{}-demo.pdf", fields.year, fields.number);
    fields.pdf_bytes = pdf.len() as i64;
    media.put(&fields.pdf_path, pdf.clone()).await.context("cannot store a demo PDF")?;
    if fields.special_label.is_empty() {
        // The scanned Tết issue keeps no cover, as such issues often come.
        fields.cover_url = crate::pdf_cover::cover_from_first_page(db, media, fields.year, fields.number, &pdf).await;
    }
    let id = db.save_print_issue(None, &fields).await?;
    match crate::pdf_text::extract(pdf).await {
        Ok(pages) => toasoan_web::features::print::store_pages(db, id, &pages).await.map_err(anyhow::Error::msg)?,
        Err(error) => tracing::warn!(%error, "the text of a demo issue could not be read"),
    }
    Ok(())
}
