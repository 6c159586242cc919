//! Language presets: Estonian and Russian locale data are built into raamat,
//! a value written in raamat.toml overrides the built-in one, and a language
//! raamat has no data for must give its own (the error says which fields).
//! That the presets themselves give the right dates, quotes and order is shown
//! by `site_i18n`, whose fixture names its languages with code, name and title only.

mod common;
use common::*;

/// A page with a date and a quotation, and one word for each letter whose
/// place in the alphabet matters, in Estonian and in Russian.
fn pages() -> Fixture {
    let mut f = Fixture::new()
        .file(
            "content/uudis.et.md",
            &md("Uudis", "date = 2026-11-22", "Ta ütles \"tere\".\n"),
        )
        .file(
            "content/uudis.ru.md",
            &md("Новость", "date = 2026-11-22", "Он сказал \"привет\".\n"),
        );
    for (file, title) in [("oun", "Õun"), ("pirn", "Pirn")] {
        f.set(
            &format!("content/{file}.et.md"),
            &md(title, "weight = 5", "Tekst.\n"),
        );
    }
    f
}

#[test]
fn a_value_in_raamat_toml_overrides_the_preset() {
    let b = pages()
        .missing("omit")
        .languages(
            r#"
[[languages]]
code = "et"
name = "Eesti"
title = "Testsait"
date_format = "{dd}.{mm}.{year}"
quotes = ["«", "»"]
alphabet = "a b c d e f g h i j k l m n o õ p q r s š z ž t u v w ä ö ü x y"

[[languages]]
code = "ru"
name = "Русский"
title = "Тестовый сайт"
date_format = "{day} {month} {year} г."
"#,
        )
        .build()
        .ok();
    let et = b.html("/et/uudis/");
    assert_eq!(et.text("time"), "22.11.2026");
    assert!(
        et.text("article.content p:not(.byline)").contains("«tere»"),
        "{}",
        et.text("article.content")
    );
    // õ placed right after o by the site's own alphabet (built in: after w).
    let sidebar = fruit_order(&b);
    assert_eq!(sidebar, ["Õun", "Pirn"]);

    // Only the fields given change: Russian keeps its month names and quotes.
    let ru = b.html("/ru/uudis/");
    assert_eq!(ru.text("time"), "22 ноября 2026 г.");
    assert!(ru.text("article.content").contains("«привет»"));
}

/// The order of the pages "Õun" and "Pirn" in the Estonian sidebar.
fn fruit_order(b: &Built) -> Vec<String> {
    b.html("/et/")
        .all("nav.sidebar > ul > li > a")
        .into_iter()
        .map(|a| text(a).trim().to_string())
        .filter(|t| t == "Õun" || t == "Pirn")
        .collect()
}

#[test]
fn the_built_in_alphabet_puts_o_tilde_after_w() {
    // The counterpart of the override above: without `alphabet`, Estonian order.
    let b = pages().missing("omit").build().ok();
    let sidebar = fruit_order(&b);
    assert_eq!(sidebar, ["Pirn", "Õun"]);
}

#[test]
fn a_language_code_with_a_region_uses_its_language_preset() {
    // The theme's UI strings are looked up by the whole code.
    let ui = include_str!("../themes/default/i18n/et.toml");
    let b = Fixture::empty()
        .file("i18n/et-EE.toml", ui)
        .file("content/_index.et-EE.md", &md("Avaleht", "", "Tere!\n"))
        .file(
            "content/uudis.et-EE.md",
            &md("Uudis", "date = 2026-11-22", "Tekst.\n"),
        )
        .languages(
            r#"
[[languages]]
code = "et-EE"
name = "Eesti"
title = "Testsait"
"#,
        )
        .build()
        .ok();
    assert_eq!(b.html("/et-EE/uudis/").text("time"), "22. november 2026");
}

const LATVIAN_WITHOUT_LOCALE_DATA: &str = r#"
[[languages]]
code = "et"
name = "Eesti"
title = "Testsait"

[[languages]]
code = "lv"
name = "Latviešu"
title = "Testa vietne"
months = ["janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris"]
"#;

#[test]
fn a_language_without_a_preset_is_told_which_fields_to_add() {
    let f = Fixture::empty().languages(LATVIAN_WITHOUT_LOCALE_DATA);
    let b = f.build();
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "{}", b.diagnostics());
    let shown = errors[0].to_string();
    let line = line_of(&f.raamat_toml(), "code = \"lv\"");
    assert!(
        shown.starts_with(&format!("error: raamat.toml:{line}: language `lv`")),
        "{shown}"
    );
    assert!(
        shown.contains("must give alphabet, date_format, quotes, decimal_separator"),
        "only the fields it lacks (not months): {shown}"
    );
    for example in [
        "alphabet = \"a b c …\"",
        "date_format = \"{day}. {month} {year}\"",
        "quotes = [",
        "decimal_separator = \",\"",
    ] {
        assert!(shown.contains(example), "no `{example}` in {shown}");
    }
    assert!(!b.out.join("lv").exists() && !b.out.join("et").exists());
}

#[test]
fn a_language_without_a_preset_builds_once_it_gives_every_field() {
    let tables = format!(
        "{LATVIAN_WITHOUT_LOCALE_DATA}alphabet = \"a ā b c č d e ē f g ģ h i ī j k ķ l ļ m n ņ o p r s š t u ū v z ž\"\n\
         date_format = \"{{year}}. gada {{day}}. {{month}}\"\n\
         quotes = [\"«\", \"»\", \"„\", \"“\"]\n\
         decimal_separator = \",\"\n"
    );
    let b = Fixture::empty()
        .file("content/_index.et.md", &md("Avaleht", "", "Tere!\n"))
        .file("content/_index.lv.md", &md("Sākums", "", "Sveiki!\n"))
        .file(
            "content/zina.lv.md",
            &md("Ziņa", "date = 2026-11-22", "Viņš teica \"sveiki\".\n"),
        )
        .languages(&tables)
        .build()
        .ok();
    let page = b.html("/lv/zina/");
    assert_eq!(page.text("time"), "2026. gada 22. novembris");
    assert!(page.text("article.content").contains("«sveiki»"));
}

#[test]
fn mistakes_in_a_language_table_name_their_line() {
    let tables = r#"
[[languages]]
code = "et"
name = "Eesti"
title = "Testsait"
months = ["jaanuar", "veebruar"]

[[languages]]
code = "ru"
name = "Русский"
title = "Тестовый сайт"
quotes = ["«", "»", "„"]
plurals = { one = "n is 1" }

[[languages]]
code = "et"
name = "Eesti"
title = "Teine kord"
"#;
    let f = Fixture::empty().languages(tables);
    let b = f.build();
    let toml = f.raamat_toml();
    let shown: Vec<String> = b.errors().iter().map(|d| d.to_string()).collect();
    let second_et = toml
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "code = \"et\"")
        .nth(1)
        .map(|(i, _)| i + 1)
        .unwrap();
    for (line, message) in [
        (
            line_of(&toml, "months = ["),
            "language `et` has 2 month names, not 12",
        ),
        (
            line_of(&toml, "quotes = ["),
            "language `ru`: quotes needs 2 or 4 marks",
        ),
        (
            line_of(&toml, "plurals = {"),
            "language `ru`: plural rule `one`: expected `=` or `!=`, found `is`",
        ),
        (second_et, "language `et` is listed twice"),
    ] {
        let expected = format!("error: raamat.toml:{line}: {message}");
        assert!(
            shown.iter().any(|s| s.starts_with(&expected)),
            "no `{expected}` in {shown:#?}"
        );
    }
}
