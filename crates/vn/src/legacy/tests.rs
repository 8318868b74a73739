use super::*;
use crate::letters::{Tone, with_tone};

const TONES: [Tone; 6] = [Tone::Level, Tone::Grave, Tone::Hook, Tone::Tilde, Tone::Acute, Tone::Dot];

/// Every Vietnamese letter: each vowel in each tone, đ, both cases.
fn every_letter() -> Vec<char> {
    let mut letters = vec!['đ', 'Đ'];
    for vowel in "aăâeêioôơuưy".chars() {
        for tone in TONES {
            let lower = with_tone(vowel, tone);
            letters.push(lower);
            letters.extend(lower.to_uppercase());
        }
    }
    letters
}

#[test]
fn every_letter_survives_every_encoding() {
    let letters: String = every_letter().into_iter().collect();
    assert_eq!(letters.chars().count(), 2 + 12 * 6 * 2);
    for encoding in LegacyEncoding::ALL {
        let legacy = encode(&letters, encoding);
        assert_eq!(decode(&legacy, encoding), letters, "{}", encoding.name());
    }
}

#[test]
fn known_words_from_old_documents() {
    assert_eq!(decode("Hµ Néi", LegacyEncoding::Tcvn3), "Hà Nội");
    assert_eq!(decode("Xin chaøo caùc baïn", LegacyEncoding::Vni), "Xin chào các bạn");
    assert_eq!(decode("VIEÄT NAM", LegacyEncoding::Vni), "VIỆT NAM");
    let viscii: String = [b'V', b'i', 0xAE, b't'].iter().map(|b| char::from(*b)).collect();
    assert_eq!(decode(&viscii, LegacyEncoding::Viscii), "Việt");
    assert_eq!(decode("chÊt l-îng, X«-viÕt; tr-êng", LegacyEncoding::Tcvn3), "chất lượng, Xô-viết; trường");
    assert_eq!(decode("Th- chóc TÕt", LegacyEncoding::Tcvn3), "Thư chúc Tết");
    assert_eq!(decode("nh- vËy, t- duy, -u tiªn, -íc m¬", LegacyEncoding::Tcvn3), "như vậy, tư duy, ưu tiên, ước mơ");
    assert_eq!(decode("1990 - 2000, ngµy 1-12", LegacyEncoding::Tcvn3), "1990 - 2000, ngày 1-12");
    let cp1252_read = "Lu\u{2020}t"; // TCVN3's 0x86 ("Ậ") read through Windows-1252 as '†'
    assert_eq!(decode(cp1252_read, LegacyEncoding::Tcvn3), "LuẬt");
}

const PARAGRAPH: &str = "Sáng 1-12, Đoàn kiểm tra của Bộ Chính trị đã có buổi làm việc với Ban Thường vụ \
    Thành ủy về việc thực hiện Nghị quyết Trung ương. Đến ngày 25-11 có hơn 231.700 đảng viên tham gia học tập, \
    quán triệt; người dân phấn khởi vì giá lúa tăng, đời sống được cải thiện rõ rệt.";

#[test]
fn each_encoding_is_recognised_and_converted() {
    for encoding in LegacyEncoding::ALL {
        let legacy = encode(PARAGRAPH, encoding);
        assert_eq!(detect(&legacy), Some(encoding), "{}: {legacy}", encoding.name());
        assert_eq!(to_unicode(&legacy), (PARAGRAPH.to_owned(), Some(encoding)));
        let upper = encode(&PARAGRAPH.to_uppercase(), encoding);
        assert_eq!(to_unicode(&upper).0, PARAGRAPH.to_uppercase(), "{} in capitals", encoding.name());
    }
}

#[test]
fn unicode_and_plain_text_are_left_alone() {
    for text in [PARAGRAPH, "Hello, world 2024!", "", "cá", "Hoá đơn", "Café crème brûlée à la française"] {
        assert_eq!(to_unicode(text), (text.to_owned(), None), "{text}");
    }
    let nfd = "Vie\u{0323}\u{0302}t Nam va\u{0300} the\u{0302}\u{0301} gio\u{031B}\u{0301}i";
    assert_eq!(detect(nfd), None, "decomposed Unicode is still Unicode");
    // Typographic punctuation is also a TCVN3 letter ("–" is "Ờ"), but not beside real Unicode.
    let quoted = "Ông nói – «hòa bình» và “ổn định” – rồi đi.";
    assert_eq!(detect(quoted), None);
}

#[test]
fn a_short_title_is_recognised_too() {
    for (text, encoding) in
        [("TuÇn b¸o V¨n nghÖ", LegacyEncoding::Tcvn3), ("Tuaàn baùo Vaên ngheä", LegacyEncoding::Vni)]
    {
        assert_eq!(to_unicode(text), ("Tuần báo Văn nghệ".to_owned(), Some(encoding)), "{text}");
    }
}
