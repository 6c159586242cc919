//! The text of what `raamat new` creates: sample pages, a sample chapter and
//! course, in Estonian, Russian, or English for any other language.

use super::{markdown, quoted, Tongue};
use crate::i18n::dates::Date;

/// The configuration of a new site: Estonian and Russian, whose locale data
/// are built in, with placeholders for what only the author knows.
pub(super) const SITE_TOML: &str = r#"# raamat configuration. Every field is explained in raamat's README,
# "Configuration: raamat.toml".

# TODO: the address where the site will be published; its path is the prefix of every link.
base_url = "https://example.org/"
theme = "default"
# fallback: publish the other language's text with a "not yet translated" notice
# omit: leave untranslated pages out of that language
missing_translation = "fallback"
smart_punctuation = true

# The first language is the default one. The Estonian and Russian alphabet,
# month names, date format, quotation marks, decimal separator and plural
# rules are built in; a field written here overrides the built-in value, e.g.
#   date_format = "{dd}.{mm}.{year}"
# A third language is one more [[languages]] table that also gives alphabet,
# months, date_format, quotes and decimal_separator (see the README), and
# i18n/<code>.toml with the theme's UI strings.
[[languages]]
code = "et"
name = "Eesti"
title = "TODO: saidi pealkiri"
description = "TODO: saidi lühikirjeldus"

[[languages]]
code = "ru"
name = "Русский"
title = "TODO: название сайта"
description = "TODO: краткое описание сайта"
"#;

/// The languages of [`SITE_TOML`], in its order.
pub(super) const SITE_LANGUAGES: [&str; 2] = ["et", "ru"];

/// The id of the sample course of a new site.
pub(super) const SAMPLE_COURSE: &str = "naidiskoolitus";

pub(super) const GITIGNORE: &str =
    "# written by `raamat build`; the second line: folders of builds in progress or killed\n/public/\n/.public.raamat-*/\n";

pub(super) fn home_page(t: Tongue) -> String {
    let title = t.pick("Avaleht", "Главная", "Home");
    let body = t.pick(
        r#"
TODO: kirjuta siia, kellele see sait on mõeldud ja mida siit leiab.

Sait on tehtud tööriistaga raamat. Iga leht on Markdowni fail kaustas `content/` ja iga keel on eraldi failis (`about.et.md`, `about.ru.md`). Käsk `raamat build` teeb neist veebilehe ja koolitustest SCORM-paketid.

## Sisu

- [Käsiraamat](@/handbook/_index.md): peatükid, mida saab lugeda järjest või eraldi.
- [Koolitused](@/courses/_index.md): e-koolitused veebis ja SCORM-paketina õpikeskkonna jaoks.
- [Meist](about.md): kes materjale koostab ja kuidas tagasisidet anda.
"#,
        r#"
TODO: напишите здесь, для кого этот сайт и что на нём можно найти.

Сайт сделан инструментом raamat. Каждая страница — это файл Markdown в папке `content/`, каждый язык — в отдельном файле (`about.et.md`, `about.ru.md`). Команда `raamat build` собирает из них сайт, а из курсов — пакеты SCORM.

## Содержание

- [Руководство](@/handbook/_index.md): главы, которые можно читать подряд или по отдельности.
- [Курсы](@/courses/_index.md): электронные курсы на сайте и в виде пакетов SCORM для системы обучения.
- [О нас](about.md): кто готовит материалы и как оставить отзыв.
"#,
        r#"
TODO: write here who this site is for and what readers will find on it.

The site is made with raamat. Every page is a Markdown file in the folder `content/`, one file per language (`about.et.md`, `about.ru.md`). The command `raamat build` turns them into a website, and the courses into SCORM packages.

## Contents

- [Handbook](@/handbook/_index.md): chapters to read in order or one at a time.
- [Courses](@/courses/_index.md): e-learning courses on the web and as SCORM packages for a learning platform.
- [About](about.md): who writes these materials and how to send feedback.
"#,
    );
    markdown(title, &[], body)
}

pub(super) fn about_page(t: Tongue) -> String {
    let title = t.pick("Meist", "О нас", "About");
    let body = t.pick(
        r#"
TODO: kirjuta siia, kes materjale koostab ja hoiab neid ajakohasena.

## Tagasiside

TODO: kirjuta siia, kuhu saata parandusi ja ettepanekuid (e-posti aadress või veebivorm).
"#,
        r#"
TODO: напишите здесь, кто готовит материалы и следит за их актуальностью.

## Обратная связь

TODO: напишите здесь, куда присылать исправления и предложения (адрес электронной почты или веб-форма).
"#,
        r#"
TODO: write here who writes these materials and keeps them up to date.

## Feedback

TODO: write here where to send corrections and suggestions (an e-mail address or a web form).
"#,
    );
    markdown(title, &["weight = 30".into()], body)
}

pub(super) fn handbook_index(t: Tongue) -> String {
    let title = t.pick("Käsiraamat", "Руководство", "Handbook");
    let description = t.pick(
        "Käsiraamatu peatükid.",
        "Главы руководства.",
        "The chapters of the handbook.",
    );
    let body = t.pick(
        r#"
TODO: kirjuta siia, millest käsiraamat räägib ja kellele see on mõeldud.

Iga peatükk on selle jaotise kaustas eraldi fail. Uue peatüki loob igas keeles käsk `raamat new page handbook/peatuki-nimi`.

## Peatükid

1. [Esimene peatükk](esimene-peatukk.md)
"#,
        r#"
TODO: напишите здесь, о чём это руководство и для кого оно.

Каждая глава — отдельный файл в папке этого раздела. Новую главу на всех языках создаёт команда `raamat new page handbook/imya-glavy`.

## Главы

1. [Первая глава](esimene-peatukk.md)
"#,
        r#"
TODO: write here what the handbook is about and who it is for.

Every chapter is a file of its own in this section's folder. The command `raamat new page handbook/chapter-name` creates a new chapter in every language.

## Chapters

1. [First chapter](esimene-peatukk.md)
"#,
    );
    markdown(
        title,
        &[
            "weight = 10".into(),
            format!("description = {}", quoted(description)),
        ],
        body,
    )
}

pub(super) fn sample_chapter(t: Tongue) -> String {
    let title = t.pick("Esimene peatükk", "Первая глава", "First chapter");
    let description = t.pick(
        "Näidispeatükk: pealkirjad, esiletõstetud kast, tabel, allmärkus ja viited.",
        "Образец главы: заголовки, выделенный блок, таблица, сноска и ссылки.",
        "A sample chapter: headings, a callout, a table, a footnote and links.",
    );
    let body = t.pick(
        r#"
TODO: kirjuta siia peatüki tekst. See näidis näitab, mida Markdownis kasutada saab; kustuta, mida vaja pole.

## 1.1 Pealkirjad ja viited {#pealkirjad}

Lehe pealkiri on ainus esimese taseme pealkiri, seega algab tekst tasemega `##`. Kui pealkirja lõpus on `{#id}`, on sellel lõigul igas keeles sama aadress ja sellele saab viidata ka teistelt lehtedelt, näiteks [tabelile](@/handbook/esimene-peatukk.md#tabel).

Teisele lehele viitab lähtefaili tee: [Meist](../about.md), [käsiraamatu algus](_index.md) või [koolitused](@/courses/_index.md). Veebilehel viib link sama keele versioonile.

## 1.2 Esiletõstetud kast {#kast}

> [!TIP]
> Hoia lõigud lühikesed: ekraanilt loetakse silmadega üle libisedes.

Teised kastid on `NOTE`, `IMPORTANT`, `WARNING` ja `CAUTION`.

## 1.3 Tabel {#tabel}

| Etapp | Mida teha | Tähtaeg |
|---|---|---|
| Pöördumine | Pane pöördumine kirja | 1 tööpäev |
| Hindamine | Selgita koos inimesega välja tema vajadused | 10 tööpäeva |
| Plaan | Lepi kokku eesmärgid ja tegevused | 1 kuu |

Laial tabelil saab telefonis sisu külgsuunas kerida.

## 1.4 Allmärkus {#allmarkus}

Allmärkuse viide käib teksti sisse nii[^1], allmärkuse tekst kirjutatakse lehe lõppu.

[^1]: See on allmärkuse tekst. Veebilehel on allmärkused lehe lõpus.
"#,
        r#"
TODO: напишите здесь текст главы. Этот образец показывает, что можно использовать в Markdown; удалите лишнее.

## 1.1 Заголовки и ссылки {#pealkirjad}

Заголовок страницы — единственный заголовок первого уровня, поэтому текст начинается с уровня `##`. Если в конце заголовка стоит `{#id}`, у этого раздела на всех языках один и тот же адрес, и на него можно ссылаться с других страниц, например на [таблицу](@/handbook/esimene-peatukk.md#tabel).

Ссылка на другую страницу — это путь к её исходному файлу: [О нас](../about.md), [начало руководства](_index.md) или [курсы](@/courses/_index.md). На сайте ссылка ведёт на версию на том же языке.

## 1.2 Выделенный блок {#kast}

> [!TIP]
> Пишите короткие абзацы: с экрана текст читают, пробегая его глазами.

Другие виды блоков: `NOTE`, `IMPORTANT`, `WARNING` и `CAUTION`.

## 1.3 Таблица {#tabel}

| Этап | Что сделать | Срок |
|---|---|---|
| Обращение | Зарегистрировать обращение | 1 рабочий день |
| Оценка | Вместе с человеком выяснить его потребности | 10 рабочих дней |
| План | Договориться о целях и действиях | 1 месяц |

Широкую таблицу на телефоне можно прокручивать вбок.

## 1.4 Сноска {#allmarkus}

Ссылка на сноску ставится в тексте так[^1], а текст сноски пишется в конце страницы.

[^1]: Это текст сноски. На сайте сноски собраны в конце страницы.
"#,
        r#"
TODO: write the text of the chapter here. This sample shows what Markdown can do; delete what you do not need.

## 1.1 Headings and links {#pealkirjad}

The page title is the only first-level heading, so the text starts at level `##`. A heading that ends in `{#id}` has the same address in every language, so other pages can link to it, for example to the [table](@/handbook/esimene-peatukk.md#tabel).

A link to another page is the path of its source file: [About](../about.md), [the start of the handbook](_index.md) or [courses](@/courses/_index.md). On the website the link goes to the version in the same language.

## 1.2 A callout {#kast}

> [!TIP]
> Keep paragraphs short: people skim text on a screen.

The other kinds are `NOTE`, `IMPORTANT`, `WARNING` and `CAUTION`.

## 1.3 A table {#tabel}

| Stage | What to do | Time limit |
|---|---|---|
| Request | Record the request | 1 working day |
| Assessment | Find out the person's needs together with them | 10 working days |
| Plan | Agree on goals and actions | 1 month |

A wide table scrolls sideways on a phone.

## 1.4 A footnote {#allmarkus}

A footnote reference goes into the text like this[^1]; the footnote itself is written at the end of the page.

[^1]: This is the text of the footnote. On the website footnotes are at the end of the page.
"#,
    );
    markdown(
        title,
        &[
            "weight = 10".into(),
            format!("description = {}", quoted(description)),
        ],
        body,
    )
}

pub(super) fn courses_index(t: Tongue) -> String {
    let title = t.pick("Koolitused", "Курсы", "Courses");
    let body = t.pick(
        r#"
TODO: kirjuta siia, milliseid koolitusi siit leiab ja kellele need on mõeldud.

Iga koolitus on kaust `courses/` all. Mooduleid saab lugeda otse veebis ja küsimustele vastata enda kontrolliks. Õpikeskkonna (näiteks Moodle) jaoks teeb `raamat build` igast koolitusest SCORM-paketid, mille saab alla laadida koolituse lehelt. Uue koolituse loob käsk `raamat new course koolituse-id`.
"#,
        r#"
TODO: напишите здесь, какие курсы здесь есть и для кого они.

Каждый курс — это папка в `courses/`. Модули можно читать прямо на сайте и отвечать на вопросы для самопроверки. Для системы обучения (например, Moodle) `raamat build` делает из каждого курса пакеты SCORM, их можно скачать на странице курса. Новый курс создаёт команда `raamat new course id-kursa`.
"#,
        r#"
TODO: write here which courses there are and who they are for.

Every course is a folder in `courses/`. Readers can read the modules on the website and answer the questions to check themselves. For a learning platform (Moodle, for example) `raamat build` turns every course into SCORM packages, which can be downloaded from the course's page. The command `raamat new course course-id` creates a new course.
"#,
    );
    markdown(title, &["weight = 20".into()], body)
}

pub(super) fn page_text(t: Tongue, weight: i64, today: Date) -> String {
    let title = t.pick("TODO: pealkiri", "TODO: заголовок", "TODO: title");
    let body = t.pick(
        "TODO: kirjuta siia lehe sissejuhatus.\n\n## Alapealkiri\n\nTODO: kirjuta siia alapeatüki tekst.\n",
        "TODO: напишите здесь введение к странице.\n\n## Подзаголовок\n\nTODO: напишите здесь текст подраздела.\n",
        "TODO: write the introduction of the page here.\n\n## Subheading\n\nTODO: write the text of this part here.\n",
    );
    markdown(
        title,
        &[
            format!("weight = {weight}"),
            format!("date = {today}"),
            "authors = []".into(),
        ],
        body,
    )
}

pub(super) fn section_text(t: Tongue, weight: Option<i64>) -> String {
    let title = t.pick(
        "TODO: jaotise pealkiri",
        "TODO: заголовок раздела",
        "TODO: section title",
    );
    let body = t.pick(
        "TODO: kirjuta siia, millest see jaotis räägib. Jaotise lehed on loetletud selle teksti all.\n",
        "TODO: напишите здесь, о чём этот раздел. Страницы раздела перечислены под этим текстом.\n",
        "TODO: write here what this section is about. Its pages are listed below this text.\n",
    );
    let fields: Vec<String> = weight
        .map(|w| format!("weight = {w}"))
        .into_iter()
        .collect();
    markdown(title, &fields, body)
}

pub(super) fn course_toml(codes: &[String], id: &str) -> String {
    let list: Vec<String> = codes.iter().map(|c| quoted(c)).collect();
    let mut s = format!(
        r#"# A course: its modules are the Markdown files next to this file, ordered by
# file name, one file per language. Format: "Courses" in raamat's README.
id = {id}
version = "1.0.0"
languages = [{langs}]
scorm = ["1.2", "2004"]                  # 1.2 is the Moodle-safe choice
completion = "all-pages-and-pass-test"   # all-pages | pass-test | all-pages-and-pass-test
pass_mark = 80                           # percent; also the SCORM 1.2 mastery score
max_attempts = 0                         # final test attempts, 0 = unlimited
shuffle_questions = true
shuffle_options = true

[title]
"#,
        id = quoted(id),
        langs = list.join(", ")
    );
    for code in codes {
        let t = Tongue::of(code);
        let title = t.pick(
            "TODO: koolituse pealkiri",
            "TODO: название курса",
            "TODO: course title",
        );
        s.push_str(&format!("{code} = {}\n", quoted(title)));
    }
    s.push_str("\n[description]\n");
    for code in codes {
        let t = Tongue::of(code);
        let description = t.pick(
            "TODO: kellele koolitus on mõeldud ja mida selles õpib",
            "TODO: для кого этот курс и чему в нём учатся",
            "TODO: who the course is for and what it teaches",
        );
        s.push_str(&format!("{code} = {}\n", quoted(description)));
    }
    s
}

pub(super) fn intro_module(t: Tongue) -> String {
    let title = t.pick("Sissejuhatus", "Введение", "Introduction");
    let body = t.pick(
        r#"
TODO: kirjuta siia mooduli tekst.

Moodul on tavaline Markdowni fail. Kursuse moodulid järjestatakse failinime järgi (`01-…`, `02-…`) ja igal moodulil on fail igas kursuse keeles.

## Teadmiste kontroll

Küsimus on pealkiri, mis algab küsimärgiga ja lõpeb id-ga, mis on kõigis keeltes sama. Vastusevariandid on ülesannete loend, õige vastus on märgitud ristiga.

### ? Millise märgiga algab küsimuse pealkiri? {#q-kusimark}

- [x] Küsimärgiga
- [ ] Hüüumärgiga
  > Hüüumärk on esiletõstetud kastide tunnus.
- [ ] Tärniga
  > Tärn teeb teksti rõhutatuks, küsimust sellest ei saa.

> [!CORRECT]
> Õige! Küsimärk pealkirja alguses teeb pealkirjast küsimuse.

> [!INCORRECT]
> Loe uuesti selle mooduli teksti.
"#,
        r#"
TODO: напишите здесь текст модуля.

Модуль — это обычный файл Markdown. Модули курса идут в порядке имён файлов (`01-…`, `02-…`), и у каждого модуля есть файл на каждом языке курса.

## Проверка знаний

Вопрос — это заголовок, который начинается с вопросительного знака и заканчивается id, одинаковым на всех языках. Варианты ответа — список задач, правильный ответ отмечен крестиком.

### ? С какого знака начинается заголовок вопроса? {#q-kusimark}

- [x] С вопросительного знака
- [ ] С восклицательного знака
  > Восклицательный знак отмечает выделенные блоки.
- [ ] Со звёздочки
  > Звёздочка выделяет текст, но не делает из него вопрос.

> [!CORRECT]
> Правильно! Вопросительный знак в начале заголовка делает его вопросом.

> [!INCORRECT]
> Прочитайте текст этого модуля ещё раз.
"#,
        r#"
TODO: write the text of the module here.

A module is an ordinary Markdown file. The modules of a course are ordered by file name (`01-…`, `02-…`), and every module has a file in each language of the course.

## Check your knowledge

A question is a heading that starts with a question mark and ends with an id that is the same in every language. The answers are a task list; the right one is checked.

### ? Which character starts a question heading? {#q-kusimark}

- [x] A question mark
- [ ] An exclamation mark
  > An exclamation mark starts a callout.
- [ ] An asterisk
  > An asterisk emphasises text; it does not make a question.

> [!CORRECT]
> Right! A question mark at the start of a heading makes it a question.

> [!INCORRECT]
> Read the text of this module again.
"#,
    );
    markdown(title, &[], body)
}

pub(super) fn test_module(t: Tongue) -> String {
    let title = t.pick("Lõpptest", "Итоговый тест", "Final test");
    let body = t.pick(
        r#"
TODO: kirjuta siia, millest test koosneb, ja lisa küsimused.

Vasta kõigile küsimustele ja esita test. Tagasiside ja õiged vastused näed pärast testi esitamist.

### ? Mida tähendab rist vastusevariandi ees? {#t-rist .single}

- [x] See vastus on õige.
- [ ] See vastus on vale.
- [ ] Seda vastust õppijale ei näidata.

> [!CORRECT]
> Õige! Ristiga märgitud vastused on õiged.

> [!INCORRECT]
> Ristiga märgib autor õige vastuse.

### ? Küsimuse id peab olema kõigis keeltes sama. {#t-sama-id .truefalse}

- [x] Tõsi
- [ ] Väär

> [!CORRECT]
> Õige! Id järgi seotakse küsimuse tõlked kokku.

> [!INCORRECT]
> Id järgi seotakse küsimuse tõlked kokku, seega peab see olema kõigis keeltes sama.
"#,
        r#"
TODO: напишите здесь, из чего состоит тест, и добавьте вопросы.

Ответьте на все вопросы и отправьте тест. Отзывы и правильные ответы вы увидите после отправки теста.

### ? Что означает крестик перед вариантом ответа? {#t-rist .single}

- [x] Этот ответ правильный.
- [ ] Этот ответ неправильный.
- [ ] Этот ответ не показывается учащемуся.

> [!CORRECT]
> Правильно! Ответы, отмеченные крестиком, правильные.

> [!INCORRECT]
> Крестиком автор отмечает правильный ответ.

### ? Id вопроса должен быть одинаковым на всех языках. {#t-sama-id .truefalse}

- [x] Верно
- [ ] Неверно

> [!CORRECT]
> Правильно! По id переводы вопроса связываются друг с другом.

> [!INCORRECT]
> По id переводы вопроса связываются друг с другом, поэтому он должен быть одинаковым на всех языках.
"#,
        r#"
TODO: write here what the test is about, and add the questions.

Answer all questions and submit the test. You will see feedback and the right answers after submitting it.

### ? What does a check mark in front of an answer mean? {#t-rist .single}

- [x] The answer is right.
- [ ] The answer is wrong.
- [ ] The answer is not shown to the learner.

> [!CORRECT]
> Right! Checked answers are the right ones.

> [!INCORRECT]
> The author checks the right answer.

### ? A question's id must be the same in every language. {#t-sama-id .truefalse}

- [x] True
- [ ] False

> [!CORRECT]
> Right! The id ties the translations of a question together.

> [!INCORRECT]
> The id ties the translations of a question together, so it must be the same in every language.
"#,
    );
    markdown(title, &["test = true".into()], body)
}
