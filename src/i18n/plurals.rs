//! Plural categories by CLDR plural rules (Unicode TR35, part "Language Plural
//! Rules"). The rules are data, written as in CLDR's `supplemental/plurals.xml`:
//! Russian `few` is `v = 0 and i % 10 = 2..4 and i % 100 != 12..14`. So a
//! language's rules can be copied from CLDR into `raamat.toml` without code.
//!
//! Operands of a number (TR35): `n` its absolute value, `i` the integer digits,
//! `v` / `w` the count of visible fraction digits with / without trailing zeros,
//! `f` / `t` those fraction digits as an integer with / without trailing zeros,
//! `c` / `e` the compact exponent (always 0 here).

use std::fmt;

/// A CLDR plural category. Every language has `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    /// In CLDR's order, which is also the order the rules are tried in.
    pub const ALL: [PluralCategory; 6] = [
        PluralCategory::Zero,
        PluralCategory::One,
        PluralCategory::Two,
        PluralCategory::Few,
        PluralCategory::Many,
        PluralCategory::Other,
    ];

    /// The CLDR keyword: `zero`, `one`, `two`, `few`, `many`, `other`.
    pub fn name(self) -> &'static str {
        match self {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<PluralCategory> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for PluralCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The plural rules of one language. Without rules (the default) every
/// number is `other`, as in CLDR for languages without plural forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PluralRules {
    /// Sorted by category; `Other` is never listed.
    rules: Vec<(PluralCategory, Condition)>,
}

impl PluralRules {
    /// Parses `(category, condition)` pairs in CLDR syntax. Sample lists
    /// (`@integer …`, `@decimal …`) are ignored; `other` may be given only
    /// without a condition, since it is what no other rule matches.
    pub fn parse<'a>(
        rules: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<PluralRules, String> {
        let mut out: Vec<(PluralCategory, Condition)> = Vec::new();
        for (name, text) in rules {
            let category = PluralCategory::from_name(name).ok_or_else(|| {
                format!("`{name}` is not a plural category (zero, one, two, few, many, other)")
            })?;
            let text = text.split('@').next().unwrap_or("").trim();
            if category == PluralCategory::Other {
                if text.is_empty() {
                    continue;
                }
                return Err("`other` takes no rule: it is what no other rule matches".into());
            }
            if out.iter().any(|(c, _)| *c == category) {
                return Err(format!("`{name}` has two rules"));
            }
            let condition = Parser::new(text)
                .and_then(Parser::condition)
                .map_err(|e| format!("plural rule `{name}`: {e}"))?;
            out.push((category, condition));
        }
        out.sort_by_key(|(c, _)| *c);
        Ok(PluralRules { rules: out })
    }

    /// The category of a count.
    pub fn select(&self, n: u64) -> PluralCategory {
        self.select_operands(&Operands::integer(n))
    }

    /// The category of a number written in decimal digits, with `.` or `,`
    /// before the fraction (`1,5`, `2.0`): the visible fraction digits matter
    /// (English "1 day" but "1.0 days"). `None` if `number` is not such a number.
    pub fn select_decimal(&self, number: &str) -> Option<PluralCategory> {
        Operands::parse(number).map(|o| self.select_operands(&o))
    }

    /// The categories a language uses, `other` last.
    pub fn categories(&self) -> Vec<PluralCategory> {
        let mut v: Vec<PluralCategory> = self.rules.iter().map(|(c, _)| *c).collect();
        v.push(PluralCategory::Other);
        v
    }

    fn select_operands(&self, o: &Operands) -> PluralCategory {
        self.rules
            .iter()
            .find(|(_, condition)| condition.matches(o))
            .map_or(PluralCategory::Other, |(c, _)| *c)
    }
}

/// TR35 operands of one number.
#[derive(Debug, Clone, Copy)]
struct Operands {
    i: u64,
    v: u64,
    w: u64,
    f: u64,
    t: u64,
}

impl Operands {
    fn integer(i: u64) -> Operands {
        Operands {
            i,
            v: 0,
            w: 0,
            f: 0,
            t: 0,
        }
    }

    fn parse(number: &str) -> Option<Operands> {
        let s = number.trim();
        let s = s
            .strip_prefix('-')
            .or_else(|| s.strip_prefix('−'))
            .unwrap_or(s);
        let (int, frac) = match s.split_once(['.', ',']) {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        let digits =
            |d: &str| !d.is_empty() && d.len() <= 18 && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || !(frac.is_empty() || digits(frac)) {
            return None;
        }
        let trimmed = frac.trim_end_matches('0');
        Some(Operands {
            i: int.parse().ok()?,
            v: frac.len() as u64,
            w: trimmed.len() as u64,
            f: if frac.is_empty() {
                0
            } else {
                frac.parse().ok()?
            },
            t: if trimmed.is_empty() {
                0
            } else {
                trimmed.parse().ok()?
            },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operand {
    N,
    I,
    V,
    W,
    F,
    T,
    /// `c` and `e`: the exponent of compact notation, 0 for plain numbers.
    E,
}

/// `operand [% modulus] (= | !=) ranges`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Relation {
    operand: Operand,
    modulus: Option<u64>,
    negated: bool,
    ranges: Vec<(u64, u64)>,
}

impl Relation {
    fn matches(&self, o: &Operands) -> bool {
        let value = match self.operand {
            // `n` with a fraction equals no integer, whatever its modulus.
            Operand::N if o.t != 0 => None,
            Operand::N | Operand::I => Some(o.i),
            Operand::V => Some(o.v),
            Operand::W => Some(o.w),
            Operand::F => Some(o.f),
            Operand::T => Some(o.t),
            Operand::E => Some(0),
        };
        let value = value.map(|x| self.modulus.map_or(x, |m| x % m));
        let inside = value.is_some_and(|x| self.ranges.iter().any(|(a, b)| (*a..=*b).contains(&x)));
        inside != self.negated
    }
}

/// Relations joined by `and`, those joined by `or`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Condition(Vec<Vec<Relation>>);

impl Condition {
    fn matches(&self, o: &Operands) -> bool {
        self.0.iter().any(|all| all.iter().all(|r| r.matches(o)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Number(u64),
    Equals,
    NotEquals,
    Percent,
    Range,
    Comma,
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn new(text: &str) -> Result<Parser, String> {
        let mut tokens = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let token = match c {
                c if c.is_whitespace() => continue,
                '=' => Token::Equals,
                '%' => Token::Percent,
                ',' => Token::Comma,
                '!' if chars.next_if(|(_, c)| *c == '=').is_some() => Token::NotEquals,
                '.' if chars.next_if(|(_, c)| *c == '.').is_some() => Token::Range,
                c if c.is_ascii_digit() => {
                    let mut end = start + 1;
                    while let Some((i, _)) = chars.next_if(|(_, c)| c.is_ascii_digit()) {
                        end = i + 1;
                    }
                    let digits = &text[start..end];
                    Token::Number(
                        digits
                            .parse()
                            .map_err(|_| format!("`{digits}` is too large"))?,
                    )
                }
                c if c.is_ascii_alphabetic() => {
                    let mut end = start + 1;
                    while let Some((i, _)) = chars.next_if(|(_, c)| c.is_ascii_alphabetic()) {
                        end = i + 1;
                    }
                    Token::Word(text[start..end].to_string())
                }
                other => return Err(format!("unexpected `{other}`")),
            };
            tokens.push(token);
        }
        if tokens.is_empty() {
            return Err("the rule is empty".into());
        }
        Ok(Parser { tokens, at: 0 })
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn word(&mut self, w: &str) -> bool {
        if self.peek() == Some(&Token::Word(w.into())) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn number(&mut self) -> Result<u64, String> {
        match self.next() {
            Some(Token::Number(n)) => Ok(n),
            other => Err(format!("expected a number, found {}", describe(other))),
        }
    }

    fn condition(mut self) -> Result<Condition, String> {
        let mut any = vec![self.and_condition()?];
        while self.word("or") {
            any.push(self.and_condition()?);
        }
        match self.next() {
            None => Ok(Condition(any)),
            extra => Err(format!(
                "expected `and`, `or` or the end, found {}",
                describe(extra)
            )),
        }
    }

    fn and_condition(&mut self) -> Result<Vec<Relation>, String> {
        let mut all = vec![self.relation()?];
        while self.word("and") {
            all.push(self.relation()?);
        }
        Ok(all)
    }

    fn relation(&mut self) -> Result<Relation, String> {
        let operand = match self.next() {
            Some(Token::Word(w)) => match w.as_str() {
                "n" => Operand::N,
                "i" => Operand::I,
                "v" => Operand::V,
                "w" => Operand::W,
                "f" => Operand::F,
                "t" => Operand::T,
                "c" | "e" => Operand::E,
                _ => return Err(format!("`{w}` is not an operand (n, i, v, w, f, t, c, e)")),
            },
            other => {
                return Err(format!(
                    "expected an operand (n, i, v, w, f, t, c, e), found {}",
                    describe(other)
                ))
            }
        };
        let has_modulus = if self.peek() == Some(&Token::Percent) {
            self.at += 1;
            true
        } else {
            self.word("mod")
        };
        let modulus = if has_modulus {
            match self.number()? {
                0 => return Err("`% 0` divides by zero".into()),
                m => Some(m),
            }
        } else {
            None
        };
        let negated = match self.next() {
            Some(Token::Equals) => false,
            Some(Token::NotEquals) => true,
            other => return Err(format!("expected `=` or `!=`, found {}", describe(other))),
        };
        let mut ranges = Vec::new();
        loop {
            let low = self.number()?;
            let high = if self.peek() == Some(&Token::Range) {
                self.at += 1;
                self.number()?
            } else {
                low
            };
            if high < low {
                return Err(format!("the range {low}..{high} is empty"));
            }
            ranges.push((low, high));
            if self.peek() != Some(&Token::Comma) {
                break;
            }
            self.at += 1;
        }
        Ok(Relation {
            operand,
            modulus,
            negated,
            ranges,
        })
    }
}

fn describe(token: Option<Token>) -> String {
    match token {
        None => "the end of the rule".into(),
        Some(Token::Word(w)) => format!("`{w}`"),
        Some(Token::Number(n)) => format!("`{n}`"),
        Some(Token::Equals) => "`=`".into(),
        Some(Token::NotEquals) => "`!=`".into(),
        Some(Token::Percent) => "`%`".into(),
        Some(Token::Range) => "`..`".into(),
        Some(Token::Comma) => "`,`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::PluralCategory::{self, *};
    use super::PluralRules;

    // Copied from CLDR supplemental/plurals.xml, samples included.
    const RU: [(&str, &str); 4] = [
        ("one", "v = 0 and i % 10 = 1 and i % 100 != 11 @integer 1, 21, 31, 41, 51, 61, 71, 81, 101, 1001, …"),
        ("few", "v = 0 and i % 10 = 2..4 and i % 100 != 12..14 @integer 2~4, 22~24, 32~34, 42~44, 52~54, 62, 102, 1002, …"),
        ("many", "v = 0 and i % 10 = 0 or v = 0 and i % 10 = 5..9 or v = 0 and i % 100 = 11..14 @integer 0, 5~19, 100, 1000, 10000, 100000, 1000000, …"),
        ("other", "   @decimal 0.0~1.5, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0, …"),
    ];

    fn of(rules: &PluralRules, ns: &[u64]) -> Vec<PluralCategory> {
        ns.iter().map(|n| rules.select(*n)).collect()
    }

    #[test]
    fn russian_one_few_many() {
        let ru = PluralRules::parse(RU).unwrap();
        assert_eq!(
            of(
                &ru,
                &[0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1001]
            ),
            [Many, One, Few, Few, Many, Many, Many, Many, One, Few, Many, One, Many, Many, One]
        );
        assert_eq!(ru.select_decimal("1,5"), Some(Other));
        assert_eq!(ru.select_decimal("21"), Some(One));
        assert_eq!(ru.categories(), [One, Few, Many, Other]);
    }

    #[test]
    fn visible_fraction_digits_count() {
        let et = PluralRules::parse([("one", "i = 1 and v = 0")]).unwrap();
        assert_eq!(
            of(&et, &[0, 1, 2, 11, 21]),
            [Other, One, Other, Other, Other]
        );
        assert_eq!(et.select_decimal("1"), Some(One));
        assert_eq!(et.select_decimal("1.0"), Some(Other));
        assert_eq!(et.select_decimal("one"), None);
        // French: `n` is the value, `i` the integer part.
        let fr = PluralRules::parse([
            ("one", "i = 0,1"),
            ("many", "e = 0 and i != 0 and i % 1000000 = 0 and v = 0"),
        ])
        .unwrap();
        assert_eq!(fr.select_decimal("1,5"), Some(One));
        assert_eq!(fr.select(1_000_000), Many);
        let n = PluralRules::parse([("one", "n = 1")]).unwrap();
        assert_eq!(n.select_decimal("1.00"), Some(One));
        assert_eq!(n.select_decimal("1.5"), Some(Other));
    }

    #[test]
    fn no_rules_is_always_other() {
        let none = PluralRules::default();
        assert_eq!(of(&none, &[0, 1, 2, 5]), [Other, Other, Other, Other]);
    }

    #[test]
    fn mistakes_are_named() {
        let err = |rules: &[(&str, &str)]| PluralRules::parse(rules.iter().copied()).unwrap_err();
        assert!(err(&[("single", "n = 1")]).contains("`single` is not a plural category"));
        assert!(err(&[("one", "n == 1")]).contains("expected a number, found `=`"));
        assert!(err(&[("one", "x = 1")]).contains("`x` is not an operand"));
        assert!(err(&[("one", "i = 1 and")]).contains("found the end of the rule"));
        assert!(err(&[("one", "i % 0 = 1")]).contains("divides by zero"));
        assert!(err(&[("one", "")]).contains("empty"));
        assert!(err(&[("other", "n = 5")]).contains("`other` takes no rule"));
        assert!(err(&[("one", "n = 1"), ("one", "n = 2")]).contains("two rules"));
    }
}
