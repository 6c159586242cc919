//! Numbers as readers of a language write them: decimal comma, grouped thousands.

/// Formats `value` with `decimals` digits after the separator, grouping thousands
/// with a no-break space (U+00A0) when `group` is set.
pub fn format_number(value: f64, decimals: usize, decimal_separator: &str, group: bool) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if group && i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
            grouped.push('\u{a0}');
        }
        grouped.push(*c);
    }
    let mut out = String::new();
    if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push_str(decimal_separator);
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn decimal_comma_and_groups() {
        assert_eq!(format_number(92.1, 1, ",", true), "92,1");
        assert_eq!(format_number(170983.0, 0, ",", true), "170\u{a0}983");
        assert_eq!(format_number(1234.0, 0, ",", true), "1234");
        assert_eq!(format_number(-3.25, 2, ",", true), "−3,25");
    }
}
