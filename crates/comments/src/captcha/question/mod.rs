//! The accessible alternative to the picture: a short question that any reader of Vietnamese
//! answers at once, but that a script answers only by understanding the sentence. The old form,
//! "Sáu cộng ba bằng mấy?", fell to a ten-line script; now each question is drawn from three
//! families with many forms each, from the challenge's seed:
//!
//! - who gives to whom: "An có mười hai quyển vở. Bình cho An ba quyển, rồi An cho Chi thêm hai
//!   quyển. Bây giờ An có mấy quyển vở?" — the numbers and the words "cho", "thêm" do not tell
//!   adding from taking away; who gives to whom does;
//! - days of the week: "Hôm nay là thứ năm. Ngày kia là thứ mấy?";
//! - the odd one out among five words: "Trong các từ: cam, mèo, bàn, đỏ, xe đạp — từ nào là tên
//!   một con vật?".
//!
//! Answers are accepted in digits or words, with or without marks ("9", "chín", "thu nam", "5").
//! What a simple solver achieves is measured in the tests below (and reported in the project's
//! notes); the rate limits per address and e-mail and the used-once tokens bound the rest.

mod words;

use words::{is_number, say};

/// A question and what answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    text: String,
    answer: Answer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Number(usize),
    /// 0 = Sunday, 1 = Monday ("thứ hai"), …, 6 = Saturday.
    Day(usize),
    Word(&'static str),
}

const NAMES: [&str; 10] = ["An", "Bình", "Chi", "Dũng", "Hoa", "Minh", "Lan", "Nam", "Mai", "Tuấn"];
/// What is counted: the thing, and its classifier.
const THINGS: [(&str, &str); 6] = [
    ("quyển vở", "quyển"),
    ("quả cam", "quả"),
    ("viên bi", "viên"),
    ("cái kẹo", "cái"),
    ("bông hoa", "bông"),
    ("cây bút", "cây"),
];
const DAYS: [&str; 7] = ["chủ nhật", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy"];
/// How far from today, and how it is said.
const OFFSETS: [(&str, i64); 5] =
    [("Ngày mai", 1), ("Hôm qua", -1), ("Ngày kia", 2), ("Hôm kia", -2), ("Ba ngày nữa", 3)];
/// Words of one kind each, and how the question names the kind.
const KINDS: [(&str, [&str; 6]); 5] = [
    ("tên một con vật", ["mèo", "chó", "trâu", "voi", "ngựa", "vịt"]),
    ("tên một loại quả", ["cam", "chuối", "xoài", "táo", "dừa", "nho"]),
    ("tên một màu", ["đỏ", "vàng", "tím", "trắng", "đen", "hồng"]),
    ("tên một đồ dùng trong nhà", ["bàn", "ghế", "tủ", "giường", "chổi", "nồi"]),
    ("tên một loại xe", ["xe đạp", "xe máy", "ô tô", "xe buýt", "xe tải", "xe lửa"]),
];

/// Picks numbers from the seed, one byte at a time.
struct Draw<'a> {
    seed: &'a [u8],
    at: usize,
}

impl Draw<'_> {
    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        let byte = self.seed.get(self.at % self.seed.len().max(1)).copied().unwrap_or(0);
        self.at += 1;
        usize::from(byte) % n.max(1)
    }
}

impl Question {
    /// The question for a challenge's seed (its last 12 bytes are this module's).
    pub fn from_seed(seed: &[u8; 32]) -> Question {
        let mut draw = Draw { seed: &seed[20..], at: 0 };
        match draw.below(4) {
            0 | 1 => gifts(&mut draw),
            2 => day(&mut draw),
            _ => odd_one_out(&mut draw),
        }
    }

    pub fn ask(&self) -> &str {
        &self.text
    }

    /// The answer as a person would say it ("mười ba", "thứ năm", "mèo").
    pub fn expected(&self) -> String {
        match self.answer {
            Answer::Number(n) => say(n),
            Answer::Day(day) => DAYS[day].to_owned(),
            Answer::Word(word) => word.to_owned(),
        }
    }

    pub fn accepts(&self, answer: &str) -> bool {
        let typed = vn::fold_lower(&vn::nfc(answer)).split_whitespace().collect::<Vec<_>>().join(" ");
        match self.answer {
            Answer::Number(n) => is_number(&typed, n),
            Answer::Day(day) => is_day(&typed, day),
            Answer::Word(word) => typed == vn::fold_lower(word),
        }
    }
}

/// Two gifts, in either direction, to or from the one whose count is asked.
fn gifts(draw: &mut Draw) -> Question {
    let (thing, unit) = THINGS[draw.below(THINGS.len())];
    let first = draw.below(NAMES.len());
    let others: Vec<&str> = NAMES.iter().enumerate().filter(|(i, _)| *i != first).map(|(_, n)| *n).collect();
    let (owner, a, b) = (NAMES[first], others[draw.below(others.len())], others[draw.below(others.len())]);
    let start = 10 + draw.below(10);
    let mut count = start;
    let mut events = Vec::new();
    for other in [a, b] {
        let n = 1 + draw.below(4);
        let gives = draw.below(2) == 0;
        let form = draw.below(3);
        events.push(match (gives, form) {
            (true, 0) => format!("{owner} cho {other} {} {unit}", say(n)),
            (true, 1) => format!("{owner} cho {other} thêm {} {unit}", say(n)),
            (true, _) => format!("{owner} tặng {other} {} {unit}", say(n)),
            (false, 0) => format!("{other} cho {owner} {} {unit}", say(n)),
            (false, 1) => format!("{other} cho {owner} thêm {} {unit}", say(n)),
            (false, _) => format!("{owner} được {other} tặng {} {unit}", say(n)),
        });
        count = if gives { count - n } else { count + n };
    }
    let text =
        format!("{owner} có {} {thing}. {}, rồi {}. Bây giờ {owner} có mấy {thing}?", say(start), events[0], events[1]);
    Question { text, answer: Answer::Number(count) }
}

fn day(draw: &mut Draw) -> Question {
    let today = draw.below(DAYS.len());
    let (said, offset) = OFFSETS[draw.below(OFFSETS.len())];
    let answer = (today as i64 + offset).rem_euclid(7) as usize;
    let text = format!("Hôm nay là {}. {said} là thứ mấy?", DAYS[today]);
    Question { text, answer: Answer::Day(answer) }
}

/// One word of the asked kind among four of the other kinds, in a drawn order.
fn odd_one_out(draw: &mut Draw) -> Question {
    let asked = draw.below(KINDS.len());
    let answer = KINDS[asked].1[draw.below(6)];
    let mut shown: Vec<&str> = (0..KINDS.len()).filter(|k| *k != asked).map(|k| KINDS[k].1[draw.below(6)]).collect();
    shown.insert(draw.below(shown.len() + 1), answer);
    let text = format!("Trong các từ: {} — từ nào là {}?", shown.join(", "), KINDS[asked].0);
    Question { text, answer: Answer::Word(answer) }
}

/// "thứ năm", "thu 5", "5", "nam", "t5"; Sunday also "chủ nhật", "cn".
fn is_day(typed: &str, day: usize) -> bool {
    if day == 0 {
        return ["chu nhat", "cn", "chunhat"].contains(&typed);
    }
    let number = day + 1;
    let word = vn::fold_lower(DAYS[day].trim_start_matches("thứ ").trim());
    let mut forms = vec![word.clone(), format!("thu {word}"), number.to_string(), format!("thu {number}")];
    forms.push(format!("t{number}"));
    if day == 3 {
        forms.extend(["bon".to_owned(), "thu bon".to_owned()]);
    }
    forms.iter().any(|form| form == typed)
}

#[cfg(test)]
mod tests;
