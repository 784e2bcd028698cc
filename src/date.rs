//! Reading the dates that news feeds write, into `YYYY-MM-DD`.
//!
//! Feeds write dates every way there is: ISO with or without a time,
//! "Sep 10, 2024, 12:00 AM", "10 September 2024", RFC 2822 mail dates,
//! "2024/09/10". Leader terms are resolved by day, so only the calendar date
//! is kept; a time zone never moves it.

use jiff::civil::Date;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a date in any common form, returning `YYYY-MM-DD`.
///
/// # Examples
///
/// ```
/// use entente::date::normalize;
///
/// assert_eq!(normalize("2024-09-09T12:00:00Z").as_deref(), Some("2024-09-09"));
/// assert_eq!(normalize("Sep 10, 2024, 12:00 AM").as_deref(), Some("2024-09-10"));
/// assert_eq!(normalize("10 September 2024").as_deref(), Some("2024-09-10"));
/// assert_eq!(normalize("Tue, 10 Sep 2024 08:00:00 +0000").as_deref(), Some("2024-09-10"));
/// assert_eq!(normalize("2024/9/10").as_deref(), Some("2024-09-10"));
/// assert_eq!(normalize("soon"), None);
/// ```
pub fn normalize(text: &str) -> Option<String> {
    parse(text).map(|d| d.to_string())
}

/// Parses a date in any common form.
pub fn parse(text: &str) -> Option<Date> {
    let text = text.trim();
    let mut numbers: Vec<(i64, usize)> = Vec::new(); // (value, digit count)
    let mut month: Option<i8> = None;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        // Stop at a time of day: "12:00" splits into numbers we must not read.
        if word.chars().all(|c| c.is_ascii_digit()) {
            numbers.push((word.parse().ok()?, word.len()));
        } else if let Some(m) = month_of(word) {
            if month.is_none() {
                month = Some(m);
            }
        } else if let Some(digits) = word
            .strip_suffix(['T', 't'])
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
        {
            numbers.push((digits.parse().ok()?, digits.len()));
        } else if word.len() > 2 && word.chars().next()?.is_ascii_digit() {
            // "10th", "2024T12"
            let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
            numbers.push((digits.parse().ok()?, digits.len()));
        }
    }
    let year_at = numbers
        .iter()
        .position(|&(v, n)| n == 4 && (1000..=9999).contains(&v))?;
    let year = i16::try_from(numbers[year_at].0).ok()?;
    let (month, day) = match month {
        Some(m) => {
            // The day is the first one- or two-digit number.
            let day = numbers
                .iter()
                .find(|&&(v, n)| n <= 2 && (1..=31).contains(&v))
                .map(|&(v, _)| v)?;
            (m, day)
        }
        None if year_at == 0 => {
            let m = numbers.get(1)?.0;
            let d = numbers.get(2).map_or(1, |x| x.0);
            (i8::try_from(m).ok()?, d)
        }
        None => {
            // "10/09/2024" is read day first unless that cannot be a date.
            let a = numbers.first()?.0;
            let b = numbers.get(1)?.0;
            if a > 12 {
                (i8::try_from(b).ok()?, a)
            } else if b > 12 {
                (i8::try_from(a).ok()?, b)
            } else {
                (i8::try_from(b).ok()?, a)
            }
        }
    };
    Date::new(year, month, i8::try_from(day).ok()?).ok()
}

fn month_of(word: &str) -> Option<i8> {
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .zip(full)
        .position(|(short, long)| {
            lower == *short || lower == long || (lower == "sept" && *short == "sep")
        })
        .and_then(|i| i8::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn forms() {
        for (text, want) in [
            ("2024-09-09", Some("2024-09-09")),
            ("2024-09-09 10:11:12", Some("2024-09-09")),
            ("September 9, 2024", Some("2024-09-09")),
            ("Sept. 9, 2024", Some("2024-09-09")),
            ("9th September 2024", Some("2024-09-09")),
            ("31/12/2023", Some("2023-12-31")),
            ("2024-02-30", None),
            ("", None),
            ("May 2024", None),
            ("12:00 AM", None),
        ] {
            assert_eq!(normalize(text).as_deref(), want, "{text:?}");
        }
    }
}
