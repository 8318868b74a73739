use super::*;
use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

#[test]
fn nfc_composes_decomposed_text() {
    let decomposed: String = "Nghị quyết Đại hội".nfd().collect();
    assert_ne!(decomposed, "Nghị quyết Đại hội");
    assert_eq!(nfc(&decomposed), "Nghị quyết Đại hội");
}

#[test]
fn nfc_drops_control_characters_but_keeps_tabs_and_line_breaks() {
    assert_eq!(nfc("Tiêu\0 đề\u{7f}\u{85}"), "Tiêu đề");
    assert_eq!(nfc("a\0b"), "ab", "ASCII too");
    assert_eq!(nfc("dòng một\r\ndòng\thai"), "dòng một\r\ndòng\thai");
    let decomposed: String = "Nghị\u{1}".nfd().collect();
    assert_eq!(nfc(&decomposed), "Nghị");
}

proptest! {
    #[test]
    fn nfc_never_leaves_a_stray_control(text in "\\PC*[\\x00-\\x1f]?\\PC*") {
        prop_assert!(!nfc(&text).chars().any(is_stray_control));
    }
}

#[test]
fn canonical_moves_tones_to_the_old_style() {
    let cases = [
        ("hoà", "hòa"),
        ("hòa", "hòa"),
        ("thuỷ", "thủy"),
        ("thủy", "thủy"),
        ("Hoà bình", "Hòa bình"),
        ("khoẻ", "khỏe"),
        ("loà", "lòa"),
        ("toà soạn", "tòa soạn"),
        ("Thuý", "Thúy"),
        ("HOÀ", "HÒA"),
        ("hoàn", "hoàn"),
        ("toán", "toán"),
        ("khoảng", "khoảng"),
        ("thuyền", "thuyền"),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical(input), expected, "{input}");
    }
}

#[test]
fn canonical_never_puts_the_tone_on_the_glide_of_qu_and_gi() {
    let cases = [
        ("quý", "quý"),
        ("qúy", "quý"),
        ("quả", "quả"),
        ("qủa", "quả"),
        ("quốc", "quốc"),
        ("quyết", "quyết"),
        ("Quỳnh", "Quỳnh"),
        ("già", "già"),
        ("gìa", "già"),
        ("giữa", "giữa"),
        ("gìn", "gìn"),
        ("giường", "giường"),
        ("giếng", "giếng"),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical(input), expected, "{input}");
    }
}

#[test]
fn canonical_places_tones_on_shaped_vowels_and_triphthongs() {
    let cases = [
        ("người", "người"),
        ("ngừơi", "người"),
        ("rượu", "rượu"),
        ("tuổi", "tuổi"),
        ("mưa", "mưa"),
        ("chuyện", "chuyện"),
        ("ngoài", "ngoài"),
        ("ngòai", "ngoài"),
        ("khuỷu", "khuỷu"),
        ("của", "của"),
        ("cuả", "của"),
        ("nghĩa", "nghĩa"),
        ("nghiã", "nghĩa"),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical(input), expected, "{input}");
    }
}

#[test]
fn canonical_leaves_foreign_words_and_punctuation_alone() {
    for text in ["Covid-19", "video", "TP. HCM", "e-mail", "Café", "", "123", "naïve"] {
        assert_eq!(canonical(text), nfc(text), "{text}");
    }
    assert_eq!(canonical("“lấy xây là chính”, hoà!"), "“lấy xây là chính”, hòa!");
}

#[test]
fn canonical_of_decomposed_input_is_composed() {
    let decomposed: String = "thuỷ điện hoà bình".nfd().collect();
    assert_eq!(canonical(&decomposed), "thủy điện hòa bình");
}

#[test]
fn fold_removes_every_mark() {
    assert_eq!(fold("Nghị quyết Đại hội đảng"), "Nghi quyet Dai hoi dang");
    assert_eq!(fold("ă â ê ô ơ ư đ Ă Â Ê Ô Ơ Ư Đ"), "a a e o o u d A A E O O U D");
    assert_eq!(fold("ạ ả ã á à"), "a a a a a");
    assert_eq!(fold_lower("ĐỒNG CHÍ"), "dong chi");
    let decomposed: String = "Đà Nẵng".nfd().collect();
    assert_eq!(fold(&decomposed), "Da Nang");
}

#[test]
fn every_vietnamese_vowel_folds_to_its_base_letter() {
    let bases = [
        ('a', "aàảãáạăằẳẵắặâầẩẫấậ"),
        ('e', "eèẻẽéẹêềểễếệ"),
        ('i', "iìỉĩíị"),
        ('o', "oòỏõóọôồổỗốộơờởỡớợ"),
        ('u', "uùủũúụưừửữứự"),
        ('y', "yỳỷỹýỵ"),
    ];
    for (base, forms) in bases {
        for form in forms.chars() {
            assert_eq!(fold(&form.to_string()), base.to_string(), "{form}");
            let upper: String = form.to_uppercase().collect();
            assert_eq!(fold(&upper), base.to_uppercase().to_string(), "{upper}");
        }
    }
}

#[test]
fn slugs_are_mark_free() {
    assert_eq!(slug("Thời sự - Chính trị"), "thoi-su-chinh-tri");
    assert_eq!(slug("  Đồng chí Trưởng Ban   "), "dong-chi-truong-ban");
    assert_eq!(slug("TP. Hồ Chí Minh: 231.700 đảng viên!"), "tp-ho-chi-minh-231-700-dang-vien");
    assert_eq!(slug("---"), "");
    assert_eq!(slug("“Lấy xây là chính”"), "lay-xay-la-chinh");
}

#[test]
fn limited_slugs_cut_at_a_dash() {
    assert_eq!(slug_limited("Thời sự - Chính trị", 12), "thoi-su");
    assert_eq!(slug_limited("Thời sự", 80), "thoi-su");
    assert_eq!(slug_limited("abcdefghijklmnop", 5), "abcde");
}

#[test]
fn vietnamese_alphabetical_order() {
    let mut words = vec!["đ", "e", "â", "b", "ă", "a", "ê", "d", "c", "ơ", "ô", "o", "ư", "u", "y", "x"];
    words.sort_by(|a, b| compare(a, b));
    assert_eq!(words, ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "x", "y"]);
}

#[test]
fn order_puts_letters_before_tones_and_tones_in_dictionary_order() {
    let mut words = vec!["mạ", "má", "mã", "mả", "mà", "ma", "mac", "Ma"];
    words.sort_by(|a, b| compare(a, b));
    assert_eq!(words, ["ma", "Ma", "mà", "mả", "mã", "má", "mạ", "mac"]);
    let mut names = vec!["Đức", "Dũng", "Anh", "Ánh", "Ân", "Bình", "Đào", "Zô"];
    names.sort_by(|a, b| compare(a, b));
    assert_eq!(names, ["Anh", "Ánh", "Ân", "Bình", "Dũng", "Đào", "Đức", "Zô"]);
}

#[test]
fn order_of_categories_is_natural() {
    let mut cats = vec!["Văn hóa", "Đời sống", "Chính trị", "Ý kiến", "Kinh tế", "Âm nhạc"];
    cats.sort_by(|a, b| compare(a, b));
    assert_eq!(cats, ["Âm nhạc", "Chính trị", "Đời sống", "Kinh tế", "Văn hóa", "Ý kiến"]);
}

#[test]
fn numbers_use_dots_between_thousands() {
    let cases = [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1_000, "1.000"),
        (231_700, "231.700"),
        (245_200, "245.200"),
        (1_234_567, "1.234.567"),
        (-1_000, "-1.000"),
        (i64::MIN, "-9.223.372.036.854.775.808"),
    ];
    for (value, text) in cases {
        assert_eq!(format_number(value), text);
    }
    assert_eq!(number::parse_number("231.700"), Some(231_700));
    assert_eq!(number::parse_number("23.17"), None);
    assert_eq!(number::parse_number("1.0000"), None);
    assert_eq!(number::parse_number(""), None);
}

#[test]
fn article_times_print_as_the_magazine_does() {
    let at = Utc.with_ymd_and_hms(2021, 12, 1, 12, 24, 0).single();
    let at = at.unwrap_or_default();
    assert_eq!(time::format_article_time(at), "19:24' 1/12/2021");
    assert_eq!(time::format_list_date(at), "1/12/2021");
    assert_eq!(time::format_rfc3339(at), "2021-12-01T19:24:00+07:00");
    assert_eq!(time::format_rfc2822(at), "Wed, 1 Dec 2021 19:24:00 +0700");
    assert_eq!(time::in_vietnam(at).to_rfc3339(), "2021-12-01T19:24:00+07:00");
    let late = Utc.with_ymd_and_hms(2021, 11, 30, 17, 0, 0).single().unwrap_or_default();
    assert_eq!(time::format_list_date(late), "1/12/2021", "midnight in Vietnam is the next day");
    let day = chrono::NaiveDate::from_ymd_opt(2021, 12, 1).unwrap_or_default();
    assert_eq!(time::start_of_day(day), late);
}

#[test]
fn article_times_are_read_in_vietnam_time() {
    let parsed = time::parse_article_time("19:24' 1/12/2021");
    assert_eq!(parsed.map(time::format_rfc3339), Ok("2021-12-01T19:24:00+07:00".to_owned()));
    let early = time::parse_article_time("08:05' 15/3/2009").map(|t| t.to_rfc3339());
    assert_eq!(early, Ok("2009-03-15T01:05:00+00:00".to_owned()));
    let midnight = time::parse_article_time("00:30' 1/1/2020").map(|t| t.to_rfc3339());
    assert_eq!(midnight, Ok("2019-12-31T17:30:00+00:00".to_owned()));
    assert!(time::parse_article_time("19:24’ 01/12/2021").is_ok());
}

#[test]
fn malformed_times_are_refused() {
    for bad in [
        "",
        "19:24",
        "25:00' 1/1/2020",
        "10:61' 1/1/2020",
        "10:00' 31/2/2020",
        "10:00' 1/13/2020",
        "10:00' 1/1/20",
        "10:00' 1/1/2020 extra",
        "ab:cd' 1/1/2020",
        "10:00' 1/1",
        "10:00' 1/1/2020/5",
    ] {
        assert!(time::parse_article_time(bad).is_err(), "{bad:?}");
    }
}

fn vietnamese_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[a-zA-Z0-9 .,:;!?'\"()àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÀÁÂÊƠƯỐỜ-]{0,40}",
    )
    .expect("the pattern is a valid regex")
}

proptest! {
    #[test]
    fn fold_is_idempotent_and_mark_free(text in vietnamese_text()) {
        let folded = fold(&text);
        prop_assert_eq!(fold(&folded), folded.clone());
        prop_assert!(folded.is_ascii());
    }

    #[test]
    fn canonical_is_idempotent_and_keeps_the_folded_text(text in vietnamese_text()) {
        let once = canonical(&text);
        prop_assert_eq!(canonical(&once), once.clone());
        prop_assert_eq!(fold(&once), fold(&text));
    }

    #[test]
    fn canonical_ignores_the_unicode_form(text in vietnamese_text()) {
        let decomposed: String = text.nfd().collect();
        prop_assert_eq!(canonical(&decomposed), canonical(&text));
    }

    #[test]
    fn slugs_are_clean(text in vietnamese_text()) {
        let s = slug(&text);
        prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
        prop_assert_eq!(slug(&s), s.clone());
    }

    #[test]
    fn collation_is_a_consistent_order(a in vietnamese_text(), b in vietnamese_text()) {
        prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
        prop_assert_eq!(compare(&a, &a), std::cmp::Ordering::Equal);
    }

    #[test]
    fn numbers_round_trip(value in any::<i64>().prop_filter("not MIN", |v| *v != i64::MIN)) {
        prop_assert_eq!(number::parse_number(&format_number(value)), Some(value));
    }

    #[test]
    fn article_times_round_trip(minutes in 0i64..(200 * 365 * 24 * 60)) {
        let at = Utc.timestamp_opt(minutes * 60, 0).single().unwrap_or_default();
        prop_assert_eq!(time::parse_article_time(&time::format_article_time(at)), Ok(at));
    }
}

#[test]
fn form_times_are_vietnam_times() {
    let at = crate::time::parse_local_input("2021-12-01T19:24").expect("valid");
    assert_eq!(crate::time::format_article_time(at), "19:24' 1/12/2021");
    assert_eq!(crate::time::format_rfc3339(at), "2021-12-01T19:24:00+07:00");
    assert_eq!(crate::time::format_local_input(at), "2021-12-01T19:24");
    assert!(crate::time::parse_local_input("2021-12-01T19:24:30").is_some());
    for bad in ["", "1/12/2021", "2021-13-01T19:24", "2021-12-01 19:24"] {
        assert_eq!(crate::time::parse_local_input(bad), None, "{bad}");
    }
}
