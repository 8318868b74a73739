//! The newsroom's issue form, read and checked: numbers that are numbers, a date, and a table of
//! contents typed one piece a line as `trang | tiêu đề | tác giả | mã bài` (page first, since
//! that is how a printed contents page reads; the author and the online article are optional).

use std::collections::HashMap;

use chrono::NaiveDate;
use toasoan_store::{IssueFields, TocEntry};

/// The table of contents as the form shows it again.
pub fn toc_text(toc: &[TocEntry]) -> String {
    toc.iter()
        .map(|e| {
            let page = e.page.map(|p| p.to_string()).unwrap_or_default();
            let article = e.article_id.map(|a| format!(" | {a}")).unwrap_or_default();
            format!("{page} | {} | {}{article}", e.title, e.author)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The issue described by the form's text fields (files are handled apart), or every problem
/// found, in Vietnamese.
pub fn parse(fields: &HashMap<String, String>) -> Result<IssueFields, Vec<String>> {
    let get = |name: &str| fields.get(name).map(|v| vn::nfc(v.trim())).unwrap_or_default();
    let mut errors = Vec::new();
    let year = get("year").parse::<i64>().ok().filter(|y| (1900..=2200).contains(y));
    if year.is_none() {
        errors.push("Năm phải là một số có bốn chữ số, ví dụ 2022.".to_owned());
    }
    let number = get("number").parse::<i64>().ok().filter(|n| (0..=100_000).contains(n));
    if number.is_none() {
        errors.push("Số tạp chí phải là một số, ví dụ 6.".to_owned());
    }
    let published = get("published_on");
    let published_on = if published.is_empty() {
        None
    } else {
        let date = NaiveDate::parse_from_str(&published, "%Y-%m-%d").ok();
        if date.is_none() {
            errors.push("Ngày phát hành phải có dạng năm-tháng-ngày, ví dụ 2022-06-15.".to_owned());
        }
        date
    };
    let toc = parse_toc(&get("toc")).map_err(|e| errors.extend(e)).unwrap_or_default();
    let (Some(year), Some(number)) = (year, number) else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(IssueFields {
        year,
        number,
        volume: get("volume"),
        special_label: get("special_label"),
        published_on,
        title: get("title"),
        toc,
        ..IssueFields::default()
    })
}

fn parse_toc(text: &str) -> Result<Vec<TocEntry>, Vec<String>> {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let page = match parts.first().copied().unwrap_or_default() {
            "" => None,
            page => match page.parse::<i64>() {
                Ok(page) if page > 0 => Some(page),
                _ => {
                    errors.push(format!("Mục lục, dòng {}: trang phải là một số dương (“{page}”).", n + 1));
                    continue;
                }
            },
        };
        let title = parts.get(1).copied().unwrap_or_default();
        if title.is_empty() {
            errors.push(format!("Mục lục, dòng {}: thiếu tiêu đề (dạng: trang | tiêu đề | tác giả).", n + 1));
            continue;
        }
        let article_id = match parts.get(3).copied().filter(|a| !a.is_empty()) {
            None => None,
            Some(id) => match id.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(format!("Mục lục, dòng {}: mã bài điện tử phải là một số (“{id}”).", n + 1));
                    continue;
                }
            },
        };
        let author = parts.get(2).copied().unwrap_or_default().to_owned();
        entries.push(TocEntry { title: title.to_owned(), author, page, article_id, article_path: None });
    }
    if errors.is_empty() { Ok(entries) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_complete_issue_is_read() {
        let toc = "3 | Đổi mới giáo dục | Nguyễn Văn A | 12\n\n 15|Kinh tế số\n | Thư tòa soạn | Ban biên tập";
        let fields = parse(&form(&[
            ("year", "2022"),
            ("number", " 6 "),
            ("published_on", "2022-06-15"),
            ("title", "Chuyển đổi số"),
            ("special_label", "Số Tết"),
            ("toc", toc),
        ]))
        .expect("valid");
        assert_eq!((fields.year, fields.number, fields.special_label.as_str()), (2022, 6, "Số Tết"));
        assert_eq!(fields.published_on, NaiveDate::from_ymd_opt(2022, 6, 15));
        assert_eq!(fields.toc.len(), 3);
        assert_eq!((fields.toc[0].page, fields.toc[0].article_id), (Some(3), Some(12)));
        assert_eq!((fields.toc[1].title.as_str(), fields.toc[1].author.as_str()), ("Kinh tế số", ""));
        assert_eq!(fields.toc[2].page, None);
        assert_eq!(parse_toc(&toc_text(&fields.toc)).expect("round trip"), fields.toc);
    }

    #[test]
    fn every_problem_is_named_with_its_line() {
        let errors = parse(&form(&[
            ("year", "hai nghìn"),
            ("number", "6"),
            ("published_on", "15/6/2022"),
            ("toc", "ba | Tiêu đề\n4 |\n5 | Bài | Tác giả | mười"),
        ]))
        .expect_err("invalid");
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors[0].contains("Năm") && errors[1].contains("Ngày phát hành"));
        assert!(errors[2].contains("dòng 1") && errors[3].contains("dòng 2") && errors[4].contains("dòng 3"));
    }
}
