use super::*;

/// 1,000 seeds, as the captcha makes them (here from a counter through SHA-256).
fn questions() -> Vec<Question> {
    use sha2::{Digest, Sha256};
    (0u32..1_000).map(|i| Question::from_seed(&Sha256::digest(i.to_be_bytes()).into())).collect()
}

fn expected(question: &Question) -> String {
    question.expected()
}

#[test]
fn every_question_is_answered_by_what_a_person_says() {
    for question in questions() {
        let answer = expected(&question);
        assert!(question.accepts(&answer), "{} → {answer}", question.text);
        assert!(question.accepts(&vn::fold(&answer.to_uppercase())), "without marks: {}", question.text);
        assert!(!question.accepts(""), "{}", question.text);
    }
}

#[test]
fn who_gives_to_whom_decides() {
    let question = Question { text: String::new(), answer: Answer::Number(12 - 2 + 3) };
    assert!(question.accepts("13") && question.accepts("mười ba") && question.accepts("muoi ba"));
    let draws: Vec<u8> = vec![0, 0, 0, 1, 2, 2, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0];
    let text = gifts(&mut Draw { seed: &draws, at: 0 }).text;
    assert!(text.starts_with("An có mười hai quyển vở.") && text.ends_with("Bây giờ An có mấy quyển vở?"), "{text}");
}

#[test]
fn days_wrap_around_the_week_and_answer_in_any_usual_form() {
    let friday = Question { text: String::new(), answer: Answer::Day(5) };
    for typed in ["thứ sáu", "Thứ Sáu", "thu sau", "sau", "6", "thứ 6", "T6"] {
        assert!(friday.accepts(typed), "{typed}");
    }
    assert!(!friday.accepts("5") && !friday.accepts("thứ năm"));
    let sunday = Question { text: String::new(), answer: Answer::Day(0) };
    assert!(sunday.accepts("Chủ nhật") && sunday.accepts("CN") && !sunday.accepts("thứ hai"));
    let draws: Vec<u8> = vec![6, 0];
    assert_eq!(day(&mut Draw { seed: &draws, at: 0 }).answer, Answer::Day(0), "Saturday + 1 is Sunday");
}

/// The script that solved the old captcha: "X cộng Y bằng mấy?".
fn ten_line_solver(text: &str) -> Option<String> {
    let folded = vn::fold_lower(text);
    let (left, rest) = folded.split_once(" cong ")?;
    let right = rest.split_once(" bang may")?.0;
    let number = |w: &str| (0..100).find(|n| is_number(w.trim(), *n));
    Some((number(left)? + number(right)?).to_string())
}

/// A simple solver written in good faith against these questions without understanding them:
/// numbers in order, "thêm", "được", "tặng … cho <owner>" read as adding, anything else as taking
/// away; days and odd-ones-out guessed.
fn keyword_solver(text: &str) -> String {
    let folded = vn::fold_lower(text);
    if folded.contains("thu may") {
        return "thu hai".to_owned();
    }
    if let Some((_, words)) = folded.split_once("trong cac tu: ") {
        return words.split([',', ' ']).next().unwrap_or_default().to_owned();
    }
    let said: std::collections::HashMap<String, usize> = (0..100).map(|n| (vn::fold_lower(&say(n)), n)).collect();
    let mut numbers = Vec::new();
    let tokens: Vec<&str> = folded.split_whitespace().collect();
    let mut i = 0;
    while i < tokens.len() {
        let found = (1..=4).rev().find_map(|len| {
            let phrase = tokens.get(i..i + len)?.join(" ");
            said.get(phrase.trim_end_matches(['.', ',', '?'])).map(|n| (*n, len))
        });
        match found {
            Some((n, len)) => {
                let before = tokens[i.saturating_sub(4)..i].join(" ");
                numbers.push((n, before));
                i += len;
            }
            None => i += 1,
        }
    }
    let Some(((first, _), rest)) = numbers.split_first() else { return String::new() };
    let total = rest.iter().fold(*first as i64, |sum, (n, before)| {
        let adds = before.contains("them") || before.contains("duoc");
        if adds { sum + *n as i64 } else { sum - *n as i64 }
    });
    total.to_string()
}

#[test]
fn simple_solvers_mostly_fail() {
    let questions = questions();
    let rate = |solve: &dyn Fn(&str) -> Option<String>| {
        questions.iter().filter(|q| solve(&q.text).is_some_and(|answer| q.accepts(&answer))).count() as f64 / 1_000.0
    };
    let old = rate(&ten_line_solver);
    let keywords = rate(&|text| Some(keyword_solver(text)));
    println!("simple solvers over 1,000 questions: the old ten-line script {old:.3}, keywords {keywords:.3}");
    assert_eq!(old, 0.0);
    assert!(keywords < 0.25, "a keyword solver answers {keywords:.3}");
}
