//! Numbers in Vietnamese words, and what a reader may type for one.

const UNITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// How a number from 0 to 99 is said ("hai mươi mốt", "mười lăm").
pub fn say(n: usize) -> String {
    match n {
        0..=9 => UNITS[n].to_owned(),
        10 => "mười".to_owned(),
        11..=19 => format!("mười {}", unit_after_ten(n % 10)),
        20..=99 if n.is_multiple_of(10) => format!("{} mươi", UNITS[n / 10]),
        20..=99 => format!("{} mươi {}", UNITS[n / 10], unit_after_tens(n % 10)),
        _ => n.to_string(),
    }
}

fn unit_after_ten(unit: usize) -> &'static str {
    if unit == 5 { "lăm" } else { UNITS[unit] }
}

fn unit_after_tens(unit: usize) -> &'static str {
    match unit {
        1 => "mốt",
        5 => "lăm",
        _ => UNITS[unit],
    }
}

/// Whether `typed` (already folded and single-spaced) is `n`: in digits, or in any of the
/// usual ways of saying it ("hai mươi tư", "hai mươi bốn", "hai tư"; "mười năm" for 15).
pub fn is_number(typed: &str, n: usize) -> bool {
    typed == n.to_string() || spoken_forms(n).iter().any(|form| vn::fold_lower(form) == typed)
}

fn spoken_forms(n: usize) -> Vec<String> {
    let mut forms = vec![say(n)];
    let (tens, unit) = (n / 10, n % 10);
    let unit_alternatives: &[&str] = match unit {
        1 if n > 20 => &["một", "mốt"],
        4 if n > 20 => &["bốn", "tư"],
        5 if n > 10 => &["năm", "lăm"],
        _ => &[],
    };
    for alternative in unit_alternatives {
        if n < 20 {
            forms.push(format!("mười {alternative}"));
        } else {
            forms.push(format!("{} mươi {alternative}", UNITS[tens]));
            forms.push(format!("{} {alternative}", UNITS[tens]));
        }
    }
    if n > 20 && unit != 0 && unit_alternatives.is_empty() {
        forms.push(format!("{} {}", UNITS[tens], UNITS[unit]));
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_said_as_people_say_them() {
        let said: Vec<String> = [0, 5, 10, 11, 15, 20, 21, 24, 25, 35, 81, 99].iter().map(|n| say(*n)).collect();
        assert_eq!(
            said,
            [
                "không",
                "năm",
                "mười",
                "mười một",
                "mười lăm",
                "hai mươi",
                "hai mươi mốt",
                "hai mươi bốn",
                "hai mươi lăm",
                "ba mươi lăm",
                "tám mươi mốt",
                "chín mươi chín"
            ]
        );
    }

    #[test]
    fn every_usual_way_of_typing_a_number_counts() {
        for (typed, n) in
            [("24", 24), ("hai muoi tu", 24), ("hai muoi bon", 24), ("hai tu", 24), ("muoi lam", 15), ("muoi nam", 15)]
        {
            assert!(is_number(typed, n), "{typed}");
        }
        for (typed, n) in [("hai muoi", 24), ("25", 24), ("bon", 14), ("", 0)] {
            assert!(!is_number(typed, n), "{typed}");
        }
        for n in 0..100 {
            assert!(is_number(&vn::fold_lower(&say(n)), n), "{n}");
        }
    }
}
