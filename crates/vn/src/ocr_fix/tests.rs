use super::model::Model;
use super::*;

fn model() -> &'static Model {
    shipped_model().expect("the shipped statistics decode")
}

/// `text` corrected as if the engine had doubted every word.
fn fixed(text: &str) -> String {
    correct_with(model(), text, &vec![50.0; word_count(text)]).text
}

#[test]
fn the_shipped_statistics_decode_and_know_common_words() {
    let model = model();
    for word in ["người", "của", "và", "bác", "sĩ", "để", "phòng", "bệnh"] {
        assert!(model.find(word).is_some(), "{word}");
    }
    assert!(model.same_letters("nguoi").iter().any(|&id| model.word(id) == "người"));
}

#[test]
fn wrong_marks_are_corrected_in_context() {
    assert_eq!(fixed("Các bắc sĩ khuyên người bệnh"), "Các bác sĩ khuyên người bệnh");
    assert_eq!(fixed("bác sĩ chấn đoán do vi khuấn"), "bác sĩ chẩn đoán do vi khuẩn");
    assert_eq!(fixed("uống nhiều nước đế tránh mất nước"), "uống nhiều nước để tránh mất nước");
    assert_eq!(fixed("bệnh nhân bị ung thư phối"), "bệnh nhân bị ung thư phổi");
}

#[test]
fn a_word_that_is_no_syllable_becomes_the_likeliest_one() {
    assert_eq!(fixed("nhiều nguòi dân"), "nhiều người dân");
    assert_eq!(fixed("ñghiên cứu"), "nghiên cứu");
}

#[test]
fn correct_text_is_left_exactly_as_it_was() {
    let text = "Bộ Y tế cho biết, trong tuần qua cả nước ghi nhận 1.234 ca mắc sốt xuất huyết;\n\n\
        các tỉnh miền Nam chiếm phần lớn. Người dân cần chủ động diệt lăng quăng, bọ gậy!";
    for confidences in [vec![], vec![50.0; word_count(text)]] {
        let result = correct_with(model(), text, &confidences);
        assert_eq!(result, Corrected { text: text.to_owned(), changed: 0 });
    }
}

#[test]
fn foreign_words_names_and_numbers_stay() {
    for text in ["Resveratrol và protein PKG1a", "University of Surrey", "COVID-19 tại TP.HCM", "Bob Patton"] {
        assert_eq!(fixed(text), text);
    }
}

#[test]
fn a_word_the_engine_was_sure_of_needs_more_to_be_changed() {
    // "nhịn xì hơi" (hold in wind) is rarer than "nhìn" (look) but right, and read surely.
    let text = "Thay vì nhịn xì hơi";
    assert_eq!(correct_with(model(), text, &[96.0; 5]).text, text);
    assert_eq!(correct_with(model(), text, &[]).text, text);
    // A wrong mark the engine doubted goes.
    assert_eq!(correct_with(model(), "Các bắc sĩ", &[96.0, 61.0, 95.0]).text, "Các bác sĩ");
    assert_eq!(word_count("TP.HCM, “Khi 12 giờ"), 4);
}

#[test]
fn the_case_of_the_word_read_is_kept() {
    assert_eq!(fixed("BẮC SĨ"), "BÁC SĨ");
    assert_eq!(fixed("Bắc sĩ Lan"), "Bác sĩ Lan");
    assert_eq!(same_case("Khí", "khi"), "Khi");
    assert_eq!(same_case("KHÍ", "khi"), "KHI");
    assert_eq!(same_case("khí", "khi"), "khi");
}

#[test]
fn punctuation_breaks_the_context() {
    let tokens = tokens("a, b  c.d");
    let words: Vec<&str> = tokens.iter().filter(|t| t.is_word).map(|t| t.text).collect();
    assert_eq!(words, ["a", "b", "c", "d"]);
    assert_eq!(neighbour(&tokens, 0, true), None);
    assert_eq!(neighbour(&tokens, 3, true), Some(5));
    assert_eq!(neighbour(&tokens, 5, false), Some(3));
    assert_eq!(tokens.iter().map(|t| t.text).collect::<String>(), "a, b  c.d");
}

#[test]
fn broken_statistics_are_refused() {
    assert!(Model::decode(b"").is_none());
    assert!(Model::decode(b"VNOCR1").is_none());
    assert!(Model::decode(b"VNOCR1\x02\x01a").is_none());
    assert!(Model::decode(b"NOTOCR\x00\x00").is_none());
    // Four billion words announced in a few bytes: refused, not reserved.
    assert!(Model::decode(b"VNOCR1\xff\xff\xff\xff\x0f\x01a\x01").is_none());
    let tiny = Model::decode(b"VNOCR1\x02\x04b\xc3\xa1c\x05\x03bac\x01\x01\x01\x04").expect("two words, one pair");
    assert_eq!(tiny.find("bác"), Some(0));
    assert_eq!(tiny.same_letters("bac").len(), 2);
}
