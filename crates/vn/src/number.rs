//! Numbers as Vietnamese print them: `.` between thousands (`231.700`), `,` before decimals.

/// Formats an integer with `.` as the thousands separator: `245200` → `245.200`.
pub fn format_number(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    let lead = digits.len() % 3;
    for (i, c) in digits.chars().enumerate() {
        if i != 0 && (i + 3 - lead).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Reads a number written the Vietnamese way (`231.700`), the inverse of [`format_number`].
pub fn parse_number(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let groups: Vec<&str> = digits.split('.').collect();
    let well_grouped = groups.iter().enumerate().all(|(i, g)| {
        let len_ok = if i == 0 { (1..=3).contains(&g.len()) } else { g.len() == 3 };
        len_ok && g.bytes().all(|b| b.is_ascii_digit())
    });
    if !well_grouped {
        return None;
    }
    let magnitude: i64 = groups.concat().parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}
