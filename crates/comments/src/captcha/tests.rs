use super::*;

fn captcha() -> Captcha {
    Captcha::new(CaptchaKey::from_bytes([7; 32]), 3600)
}

#[test]
fn a_token_opens_until_it_expires() {
    let captcha = captcha();
    let token = captcha.issue(ChallengeKind::Image, 1_000).expect("random");
    let challenge = captcha.open(&token, 1_000 + 3599).expect("valid");
    assert_eq!((challenge.kind, challenge.issued_at), (ChallengeKind::Image, 1_000));
    assert_eq!(captcha.open(&token, 1_000 + 3600), Err(CaptchaError::Expired));
}

#[test]
fn forged_or_altered_tokens_are_refused() {
    let captcha = captcha();
    let token = captcha.issue(ChallengeKind::Question, 1_000).expect("random");
    let other_site = Captcha::new(CaptchaKey::from_bytes([8; 32]), 3600);
    assert_eq!(other_site.open(&token, 1_000), Err(CaptchaError::Forged));
    let mut bytes = URL_SAFE_NO_PAD.decode(&token).expect("base64");
    bytes[1] = ChallengeKind::Plain as u8; // try to turn the challenge off
    assert_eq!(captcha.open(&URL_SAFE_NO_PAD.encode(&bytes), 1_000), Err(CaptchaError::Forged));
    for junk in ["", "abc", "<script>", &"A".repeat(51), &token[..token.len() - 1]] {
        assert_eq!(captcha.open(junk, 1_000), Err(CaptchaError::Forged), "{junk}");
    }
}

#[test]
fn the_picture_answer_ignores_case_and_spaces() {
    let captcha = captcha();
    let challenge = captcha.open(&captcha.issue(ChallengeKind::Image, 5).expect("random"), 5).expect("valid");
    let text = captcha.text(&challenge);
    assert_eq!(text.len(), 5);
    assert!(text.bytes().all(|c| font::ALPHABET.contains(&c)));
    let spaced: String = text.to_lowercase().chars().flat_map(|c| [c, ' ']).collect();
    assert_eq!(captcha.check(&challenge, &spaced), Ok(()));
    assert_eq!(captcha.check(&challenge, "WRONG"), Err(CaptchaError::Wrong));
    assert_eq!(captcha.check(&challenge, ""), Err(CaptchaError::Wrong));
}

#[test]
fn each_token_has_its_own_answer() {
    let captcha = captcha();
    let texts: std::collections::HashSet<String> = (0..50)
        .map(|_| captcha.open(&captcha.issue(ChallengeKind::Image, 5).expect("random"), 5).expect("valid"))
        .map(|c| captcha.text(&c))
        .collect();
    assert!(texts.len() > 45, "only {} different texts in 50", texts.len());
}

#[test]
fn the_question_is_answered_and_a_wrong_answer_refused() {
    let captcha = captcha();
    let challenge = captcha.open(&captcha.issue(ChallengeKind::Question, 5).expect("random"), 5).expect("valid");
    let question = captcha.question(&challenge);
    assert!(question.ends_with('?') && !question.contains("ví dụ"), "{question}");
    assert_eq!(captcha.check(&challenge, "100"), Err(CaptchaError::Wrong));
    assert_eq!(captcha.question(&challenge), question, "one token, one question");
}

#[test]
fn a_plain_token_has_no_question_but_is_still_sealed() {
    let captcha = captcha();
    let challenge = captcha.open(&captcha.issue(ChallengeKind::Plain, 5).expect("random"), 5).expect("valid");
    assert_eq!(captcha.check(&challenge, ""), Ok(()));
    assert_eq!(challenge.nonce_hex().len(), 24);
}

#[test]
fn keys_round_trip_through_hex() {
    let key = CaptchaKey::generate().expect("random");
    let again = CaptchaKey::from_hex(&key.to_hex()).expect("hex");
    assert_eq!(key.0, again.0);
    assert!(CaptchaKey::from_hex("zz").is_none());
    assert!(CaptchaKey::from_hex(&"é".repeat(32)).is_none());
}
