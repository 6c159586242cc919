#!/usr/bin/env python3
"""Deterministic bilingual (Estonian/Russian) benchmark corpus for raamat, Zola and Hugo.

The same generated handbook content is written for three tools, each with two template
sets: `engine` (title, body, prev/next, a link to the twin language) and `product`
(what raamat's default theme does: sidebar of the current branch, table of contents,
breadcrumbs, hreflang alternates, canonical, language switcher, sitemap with alternates).

Text is made of the word lists below (made up for this benchmark) with a seeded RNG, so
the same arguments always give byte-identical files.

  python3 bench/corpus.py OUT --pages 500 [--layout tree|flat|book] [--tool raamat|zola|hugo|all]
      [--templates engine|product] [--courses M --modules K --questions Q] [--seed 11]
      [--vocabulary small|large] [--media]

writes OUT/<tool>-<templates>/ (a site folder for each tool), unless --tool and
--templates name a single one and --exact is given, then OUT is the site folder itself.

Layout `tree`: handbooks → parts → chapters (a part is a section of 20 chapters, five parts
to a handbook). Layout `flat`: sections of 20 pages directly under content/. Layout `book`:
one handbook of parts of 20 chapters, the whole site.
Each page: TOML front matter (title, weight), 300–800 words, numbered headings to level 4
with fixed ids ({#s1-2}), a bullet and a numbered list, a table, two footnotes, and two
internal links with anchors (the previous chapter and a chapter elsewhere).
With --media, one page in five also shows a PNG figure of 70-290 kB whose pixels are noise
(as incompressible as a photo's), the same file for both languages: next to the page in
raamat's content/, in static/ for Zola and Hugo, at the same address in every output.
"""
import argparse, bisect, os, posixpath, random, shutil, struct, sys, zlib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = ("et", "ru")
SECTION_SIZE = 20
PARTS_PER_BOOK = 5

# ---------------------------------------------------------------- word lists
ET = dict(
    noun="""juhtumikorraldaja klient pere võrgustik hindamine plaan kohtumine eesmärk
    toetus teenus abivajadus omavalitsus sotsiaaltöötaja lähedane tervis elukoht sissetulek
    kokkulepe otsus ülevaade küsimus vastutus nõusolek turvalisus riskitase töövõte
    koostöö jõuvaru raskus õigus kohustus ülesanne kokkuvõte märkus dokument register
    lastekaitse täiskasvanu eakas naaber õpetaja perearst psühholoog tööandja
    kodukülastus nõustamine päevakeskus tugiisik hooldaja võlanõustaja elluviimine
    muudatus tagasiside järelevalve supervisioon enesehoid läbipõlemine ööpäev
    õppekava ülevaatus tähtaeg žürii šabloon""".split(),
    adj="""esmane põhjalik selge lühike pikaajaline kohalik ühine vajalik oluline
    turvaline mitmekülgne ajutine püsiv ametlik kirjalik suuline järgmine eelmine
    kiire rahulik keeruline lihtne täpne õige sobiv toetav usaldusväärne""".split(),
    verb="""hindab koostab arutab kirjeldab toetab lepib märgib selgitab küsib
    vaatab kaasab jagab kontrollib muudab lõpetab alustab täpsustab sõnastab
    kogub võrdleb õpetab julgustab jälgib teavitab""".split(),
    conj="ja ning ehk kuid sest et kui või samuti seejärel".split(),
    adv="""alati tavaliselt vajaduse korral esmalt hiljem kohe koos kliendiga
    kirjalikult regulaarselt täpselt rahulikult õigeaegselt""".split(),
    part="Osa",
    book="Käsiraamat",
    home="Juhtumikorralduse materjalid",
    section="Jaotis",
    list_intro="Kokkuvõttes tasub meeles pidada järgmist:",
    steps_intro="Töö käib sammudena:",
    see="Vaata ka",
    prev="eelmist peatükki",
    col=("Etapp", "Vastutaja", "Tähtaeg"),
    days="päeva",
    figure="Joonis",
    question="Milline väide on õige?",
    course="Kursus",
    module="Moodul",
    test="Lõpptest",
)
RU = dict(
    noun="""специалист клиент семья сеть оценка план встреча цель поддержка услуга
    потребность самоуправление соцработник близкий здоровье жильё доход договорённость
    решение обзор вопрос ответственность согласие безопасность риск метод
    сотрудничество ресурс трудность право обязанность задача итог заметка документ
    регистр опека взрослый пожилой сосед учитель врач психолог работодатель
    посещение консультация центр помощник сиделка юрист выполнение изменение
    отзыв надзор супервизия забота выгорание сутки программа проверка срок
    объём съезд""".split(),
    adj="""первичный подробный ясный краткий долгосрочный местный общий нужный важный
    безопасный разносторонний временный постоянный официальный письменный устный
    следующий предыдущий быстрый спокойный сложный простой точный верный подходящий
    надёжный""".split(),
    verb="""оценивает составляет обсуждает описывает поддерживает согласует отмечает
    объясняет спрашивает рассматривает привлекает делится проверяет меняет завершает
    начинает уточняет формулирует собирает сравнивает обучает ободряет наблюдает
    сообщает""".split(),
    conj="и а также но потому что если или затем".split(),
    adv="""всегда обычно при необходимости сначала позже сразу вместе с клиентом
    письменно регулярно точно спокойно своевременно""".split(),
    part="Часть",
    book="Руководство",
    home="Материалы по ведению случая",
    section="Раздел",
    list_intro="Подводя итог, стоит помнить следующее:",
    steps_intro="Работа идёт по шагам:",
    see="См. также",
    prev="предыдущую главу",
    col=("Этап", "Ответственный", "Срок"),
    days="дней",
    figure="Рисунок",
    question="Какое утверждение верно?",
    course="Курс",
    module="Модуль",
    test="Итоговый тест",
)
WORDS = {"et": ET, "ru": RU}

# `--vocabulary large`: besides the word lists, made-up inflected words drawn by Zipf's law
# (rank r is drawn with weight 1/r), so that the number of distinct words grows with the
# site as a real language's does: the word lists alone give about 220 words per language
# however big the site. Stems are syllables of the language's letters; endings are case
# endings, the commoner first.
LEXICON_STEMS = 40000
SYLLABLES = {
    "et": ("kptsvlmnrhj", "aeiuoõäöü"),
    "ru": ("бвгдзклмнпрстфхчшж", "аеиоуыяю"),
}
ENDINGS = {
    "et": ["", "i", "d", "s", "st", "le", "ga", "l", "lt", "sse", "ks", "ni", "na", "ta", "de", "dele", "des", "ile", "ist", "iga"],
    "ru": ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах", "ой", "ую", "ий", "ого", "ому", "ым", "ых", "ия", "ию", "ией"],
}


class Lexicon:
    """Made-up stems of one language, drawn by Zipf's law, with a drawn ending."""

    def __init__(self, lang, seed):
        rng = random.Random(f"{seed}-lexicon-{lang}")
        consonants, vowels = SYLLABLES[lang]
        seen, self.stems = set(), []
        while len(self.stems) < LEXICON_STEMS:
            stem = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
            if stem not in seen:
                seen.add(stem)
                self.stems.append(stem)
        self.endings = ENDINGS[lang]
        weights = [1 / r for r in range(1, LEXICON_STEMS + 1)]
        self.cumulative, total = [], 0.0
        for w in weights:
            total += w
            self.cumulative.append(total)
        self.ending_cumulative = [sum(1 / r for r in range(1, i + 2)) for i in range(len(self.endings))]

    def word(self, rng):
        i = bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])
        e = bisect.bisect_left(self.ending_cumulative, rng.random() * self.ending_cumulative[-1])
        return self.stems[min(i, LEXICON_STEMS - 1)] + self.endings[min(e, len(self.endings) - 1)]


LEXICONS = {}  # language → Lexicon, with `--vocabulary large`


def set_vocabulary(kind, seed=11):
    """`small`: the word lists only; `large`: half the words from a Lexicon."""
    LEXICONS.clear()
    if kind == "large":
        LEXICONS.update({lang: Lexicon(lang, seed) for lang in LANGS})


MEDIA = {"figures": False}  # `--media`


def set_media(on):
    MEDIA["figures"] = on


def png_of_noise(rng, width, height):
    """A valid PNG (RGB, 8 bits) of random pixels."""
    rows = b"".join(b"\0" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1))
            + chunk(b"IEND", b""))


def figure(node, seed):
    """With --media: (path below the site, PNG bytes) of page `node`'s figure, one page in five."""
    if not MEDIA["figures"]:
        return None
    rng = random.Random(f"{seed}-figure-{node.path}")
    if rng.random() >= 0.2:
        return None
    folder, name = posixpath.split(node.path)
    return posixpath.join(folder, f"{name}-joonis.png"), png_of_noise(rng, rng.randint(200, 320), rng.randint(120, 300))


def with_figure(body, alt, address):
    """The page's Markdown with the figure before its first numbered heading."""
    return body.replace("\n\n## ", f"\n\n![{alt}]({address})\n\n## ", 1)


SITE_NAME = {"et": "Eesti", "ru": "Русский"}


class Text:
    """Words of one language from one RNG."""

    def __init__(self, lang, rng):
        self.w, self.rng, self.lang = WORDS[lang], rng, lang

    def word(self):
        lexicon = LEXICONS.get(self.lang)
        if lexicon and self.rng.random() < 0.5:
            return lexicon.word(self.rng)
        r = self.rng.random()
        kind = "noun" if r < 0.45 else "verb" if r < 0.6 else "adj" if r < 0.8 else "adv" if r < 0.9 else "conj"
        return self.rng.choice(self.w[kind])

    def sentence(self, n=None):
        n = n or self.rng.randint(6, 14)
        words = [self.word() for _ in range(n)]
        words[0] = words[0][0].upper() + words[0][1:]
        if self.rng.random() < 0.15:
            i = self.rng.randrange(1, n)
            words[i] = f'"{words[i]}"'
        return " ".join(words) + "."

    def title(self, n=None):
        n = n or self.rng.randint(2, 4)
        words = [self.rng.choice(self.w["adj"])] + [self.rng.choice(self.w["noun"]) for _ in range(n - 1)]
        t = " ".join(words)
        return t[0].upper() + t[1:]

    def paragraph(self, words):
        out, count = [], 0
        while count < words:
            s = self.sentence(min(self.rng.randint(6, 14), max(3, words - count)))
            out.append(s)
            count += len(s.split())
        return " ".join(out), count


# ---------------------------------------------------------------- the model
class Node:
    def __init__(self, path, weight, is_section, index):
        self.path = path  # "kasiraamat-01/osa-02/peatukk-0003" ("" = home)
        self.weight = weight
        self.is_section = is_section
        self.index = index
        self.children = []
        self.parent = None
        self.numbers = ""


def build_model(pages, layout):
    """The tree of sections and pages, the same for every tool and language."""
    home = Node("", 0, True, 0)
    all_pages, sections = [], [home]
    nsec = max(1, (pages + SECTION_SIZE - 1) // SECTION_SIZE)
    counter = 0

    def add_section(parent, path, weight):
        s = Node(path, weight, True, len(sections))
        s.parent = parent
        parent.children.append(s)
        sections.append(s)
        return s

    for si in range(nsec):
        if layout in ("tree", "book"):
            b, p = divmod(si, PARTS_PER_BOOK) if layout == "tree" else (0, si)
            book_path = f"kasiraamat-{b + 1:03}"
            if p == 0:
                book = add_section(home, book_path, (b + 1) * 10)
            sec = add_section(book, f"{book_path}/osa-{p + 1:02}", (p + 1) * 10)
            sec.numbers = f"{b + 1}.{p + 1}"
        else:
            sec = add_section(home, f"jaotis-{si + 1:04}", (si + 1) * 10)
            sec.numbers = f"{si + 1}"
        for c in range(min(SECTION_SIZE, pages - counter)):
            pg = Node(f"{sec.path}/peatukk-{c + 1:02}", (c + 1) * 10, False, counter)
            pg.parent = sec
            pg.numbers = f"{sec.numbers}.{c + 1}"
            sec.children.append(pg)
            all_pages.append(pg)
            counter += 1
    return home, sections, all_pages


def node_title(node, lang, seed):
    rng = random.Random(f"{seed}-title-{node.path}-{lang}")
    t = Text(lang, rng)
    w = WORDS[lang]
    if node.path == "":
        return w["home"]
    if node.is_section and node.parent.path == "" and node.numbers == "":
        return f"{w['book']} {node.path.split('-')[-1].lstrip('0')}: {t.title(2)}"
    if node.is_section:
        label = w["part"] if "/" in node.path else w["section"]
        return f"{label} {node.numbers}. {t.title(2)}"
    return f"{node.numbers} {t.title()}"


# ---------------------------------------------------------------- page bodies
def page_body(node, lang, seed, link):
    """Markdown of a page. `link(target_node, anchor)` gives the tool's link target."""
    srng = random.Random(f"{seed}-structure-{node.path}")  # same structure in every language
    t = Text(lang, random.Random(f"{seed}-words-{node.path}-{lang}"))
    w = WORDS[lang]
    target = srng.randint(300, 800)
    nsec = srng.randint(2, 4)
    per = target // (nsec * 3 + 2)
    out, count = [], 0

    def para(n):
        nonlocal count
        p, c = t.paragraph(n)
        count += c
        return p

    out.append(para(per))
    for s in range(1, nsec + 1):
        out.append(f"## {node.numbers}.{s} {t.title()} {{#s{s}}}")
        text = para(per)
        if s == 1:
            text += "[^1]"
        out.append(text)
        subs = srng.randint(1, 2)
        for ss in range(1, subs + 1):
            out.append(f"### {node.numbers}.{s}.{ss} {t.title()} {{#s{s}-{ss}}}")
            out.append(para(per // subs))
            if srng.random() < 0.5:
                out.append(f"#### {node.numbers}.{s}.{ss}.1 {t.title()} {{#s{s}-{ss}-1}}")
                out.append(para(per // subs))
        if s == 1:
            out.append(w["list_intro"])
            out.append("\n".join(f"- {t.sentence(srng.randint(4, 9))}" for _ in range(srng.randint(3, 5))))
        if s == 2:
            c1, c2, c3 = w["col"]
            rows = [f"| {c1} | {c2} | {c3} |", "|---|---|---|"]
            for r in range(srng.randint(3, 5)):
                rows.append(f"| {t.title(2)} | {t.rng.choice(w['noun'])} | {srng.randint(2, 30)} {w['days']} |")
            out.append("\n".join(rows))
            out.append(w["steps_intro"])
            out.append("\n".join(f"{i}. {t.sentence(srng.randint(4, 9))}" for i in range(1, srng.randint(3, 5) + 1)))
    # Internal links: the previous chapter of the section and one elsewhere in the site.
    links = []
    sib = node.parent.children
    i = sib.index(node)
    if i > 0:
        links.append(f"[{w['prev']}]({link(sib[i - 1], 's1')})")
    other = link.pages[srng.randrange(len(link.pages))]
    if other is not node:
        links.append(f"[{node_title(other, lang, seed)}]({link(other, 's2')})")
    if links:
        out.append(f"{w['see']} " + ", ".join(links) + f". {para(per // 2)}[^2]")
    else:
        out.append(para(per // 2) + "[^2]")
    out.append(f"[^1]: {t.sentence()}\n[^2]: {t.sentence()}")
    return "\n\n".join(out) + "\n"


def section_body(node, lang, seed):
    t = Text(lang, random.Random(f"{seed}-section-{node.path}-{lang}"))
    return t.paragraph(60)[0] + "\n"


# ---------------------------------------------------------------- tools
def url_of(node, lang):
    return f"/{lang}/{node.path}/" if node.path else f"/{lang}/"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def front(title, weight, extra=""):
    return f'+++\ntitle = "{title}"\nweight = {weight}\n{extra}+++\n\n'


class Linker:
    def __init__(self, fn, pages):
        self.fn, self.pages = fn, pages

    def __call__(self, target, anchor):
        return self.fn(target, anchor)


def emit_content(root, tool, model, seed, lang_file):
    """Writes content/ for one tool. `lang_file(dir, stem, lang)` names a file."""
    home, sections, pages = model
    figures = {}  # page path → the figure's path below the site
    media_root = os.path.join(root, "content" if tool == "raamat" else "static")
    for p in pages:
        found = figure(p, seed)
        if found:
            path, data = found
            figures[p.path] = path
            os.makedirs(os.path.dirname(os.path.join(media_root, path)), exist_ok=True)
            with open(os.path.join(media_root, path), "wb") as f:
                f.write(data)
    for lang in LANGS:
        for s in sections:
            extra = 'sort_by = "weight"\n' if tool == "zola" else ""
            body = section_body(s, lang, seed)
            write(os.path.join(root, "content", s.path, lang_file("_index", lang)),
                  front(node_title(s, lang, seed), s.weight, extra) + body)
        for p in pages:
            if tool == "hugo":
                here = url_of(p, lang)
                fn = lambda tg, a, here=here, lang=lang: posixpath.relpath(url_of(tg, lang), here) + f"/#{a}"
            elif tool == "zola":
                fn = lambda tg, a, lang=lang: f"@/{tg.path}{'' if lang == 'et' else '.' + lang}.md#{a}"
            else:
                fn = lambda tg, a: f"@/{tg.path}.md#{a}"
            body = page_body(p, lang, seed, Linker(fn, pages))
            if p.path in figures:
                # raamat: the file beside the page; Zola and Hugo: the file's address from static/.
                address = posixpath.basename(figures[p.path]) if tool == "raamat" else "/" + figures[p.path]
                body = with_figure(body, f"{WORDS[lang]['figure']} {p.numbers}", address)
            write(os.path.join(root, "content", p.path + "." + lang + ".md") if tool != "zola" else
                  os.path.join(root, "content", p.path + ("" if lang == "et" else "." + lang) + ".md"),
                  front(node_title(p, lang, seed), p.weight) + body)


def emit_courses(root, courses, modules, questions, seed):
    for c in range(1, courses + 1):
        cid = f"kursus-{c:02}"
        d = os.path.join(root, "courses", cid)
        write(os.path.join(d, "course.toml"),
              f'id = "{cid}"\nversion = "1.0.0"\nlanguages = ["et", "ru"]\nscorm = ["1.2", "2004"]\n'
              f'completion = "all-pages-and-pass-test"\npass_mark = 80\n\n[title]\n'
              f'et = "{ET["course"]} {c}"\nru = "{RU["course"]} {c}"\n\n[description]\n'
              f'et = "{ET["course"]} {c}."\nru = "{RU["course"]} {c}."\n')
        for m in range(1, modules + 1):
            test = m == modules
            srng = random.Random(f"{seed}-course-{c}-{m}")
            answers = [srng.randrange(3) for _ in range(questions)]
            for lang in LANGS:
                w = WORDS[lang]
                t = Text(lang, random.Random(f"{seed}-course-{c}-{m}-{lang}"))
                title = w["test"] if test else f"{w['module']} {m}: {t.title()}"
                out = [f'+++\ntitle = "{title}"\n' + ("test = true\n" if test else "") + "+++\n",
                       t.paragraph(150)[0], f"## {t.title()}", t.paragraph(150)[0]]
                for q in range(questions):
                    out.append(f"### ? {w['question']} {t.sentence(6)} {{#q-{m}-{q + 1}}}")
                    out.append("\n".join(f"- [{'x' if k == answers[q] else ' '}] {t.sentence(5)}" for k in range(3)))
                write(os.path.join(d, f"{m:02}-moodul.{lang}.md"), "\n\n".join(out) + "\n")


# ---------------------------------------------------------------- raamat
RAAMAT_TOML = """base_url = "https://juhend.example.ee/"
theme = "{theme}"
missing_translation = "fallback"
smart_punctuation = true
print_pages = {print_pages}
{outputs}
[[languages]]
code = "et"
name = "Eesti"
title = "Juhtumikorralduse materjalid"
description = "Käsiraamatud ja koolitused."

[[languages]]
code = "ru"
name = "Русский"
title = "Материалы по ведению случая"
description = "Руководства и курсы."
"""

# The engine set writes what Zola's and Hugo's engine sets write: no search index
# (Zola: build_search_index = false) and no offline copies, which they do not have.
RAAMAT_ENGINE_OUTPUTS = """search = false
offline_copies = false
"""

RAAMAT_MIN_BASE = """<!DOCTYPE html>
<html lang="{{ lang.code }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ site.title }}{% endblock title %}</title>
{% block head %}{% endblock head %}
</head>
<body>
{% block switcher %}{% endblock switcher %}{% block search %}{% endblock search %}{% block sidebar %}{% endblock sidebar %}
<main>
{% block main %}{% endblock main %}
</main>
{% block footer %}{% endblock footer %}
</body>
</html>
"""

RAAMAT_MIN_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block head %}{% block extra_head %}{% endblock extra_head %}{% endblock head %}
{% block main %}
<h1>{{ page.title }}</h1>
{% block byline %}{% endblock byline %}
{% block body %}{{ page.html | safe }}{% endblock body %}
{% block children %}{% endblock children %}
<nav>{% if prev %}<a rel="prev" href="{{ prev.url }}">{{ prev.title }}</a>{% endif %}
{% if next %}<a rel="next" href="{{ next.url }}">{{ next.title }}</a>{% endif %}
{% for l in languages %}{% if not l.current %}<a href="{{ l.url }}" hreflang="{{ l.code }}">{{ l.name }}</a>{% endif %}{% endfor %}</nav>
{% endblock main %}
"""

RAAMAT_MIN_SECTION = """{% extends "page.html" %}
{% block children %}
<ul>{% for c in children %}<li><a href="{{ c.url }}">{{ c.title }}</a></li>{% endfor %}</ul>
{% endblock children %}
"""


def emit_raamat(root, model, templates, seed, courses, print_pages):
    theme = "default" if templates == "product" else "minimal"
    write(os.path.join(root, "raamat.toml"),
          RAAMAT_TOML.format(theme=theme, print_pages="true" if print_pages else "false",
                             outputs=RAAMAT_ENGINE_OUTPUTS if templates == "engine" else ""))
    emit_content(root, "raamat", model, seed, lambda stem, lang: f"{stem}.{lang}.md")
    if courses:
        emit_courses(root, *courses, seed)
    if templates == "engine":
        # The default theme's files, with base, page and section (and so home) made minimal;
        # the other templates (404, search, print, courses) extend the minimal base.
        src = os.path.join(REPO, "themes", "default")
        dst = os.path.join(root, "themes", "minimal")
        shutil.copytree(src, dst)
        write(os.path.join(dst, "templates", "base.html"), RAAMAT_MIN_BASE)
        write(os.path.join(dst, "templates", "page.html"), RAAMAT_MIN_PAGE)
        write(os.path.join(dst, "templates", "section.html"), RAAMAT_MIN_SECTION)


# ---------------------------------------------------------------- zola
ZOLA_CONFIG = """base_url = "https://juhend.example.ee"
title = "Juhtumikorralduse materjalid"
default_language = "et"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = {sitemap}
generate_robots_txt = {sitemap}

[markdown]
smart_punctuation = true

[languages.ru]
title = "Материалы по ведению случая"
build_search_index = false
"""

ZOLA_ENGINE_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
<nav>{% if page.lower %}<a rel="prev" href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a rel="next" href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}
{% for t in page.translations %}{% if t.lang != lang %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}">{{ t.lang }}</a>{% endif %}{% endfor %}</nav>
</main></body>
</html>
"""

ZOLA_ENGINE_SECTION = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ section.title }}</title></head>
<body><main>
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
<nav>{% for t in section.translations %}{% if t.lang != lang %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}">{{ t.lang }}</a>{% endif %}{% endfor %}</nav>
</main></body>
</html>
"""

# Product: one base with the sidebar of the current branch (top level, then every ancestor's
# children down to the page), breadcrumbs, table of contents, hreflang, canonical, switcher.
ZOLA_PRODUCT_MACROS = """{% macro children(sec_path, open_paths, current, leaf, lang) %}
{% if sec_path == leaf %}{% set s = get_section(path=sec_path) %}{% else %}{% set s = get_section(path=sec_path, metadata_only=true) %}{% endif %}
{% set ns = s.subsections | length %}{% set np = s.pages | length %}{% set n = ns + np %}{% set_global at = 0 %}
{% if n > 12 %}{% for sp in s.subsections %}{% if sp in open_paths %}{% set_global at = loop.index0 %}{% endif %}{% endfor %}{% for p in s.pages %}{% if p.path == current %}{% set_global at = ns + loop.index0 %}{% endif %}{% endfor %}{% endif %}
<ul>
{% for sp in s.subsections %}{% if n <= 12 or (loop.index0 + 3 >= at and loop.index0 <= at + 3) %}{% set sub = get_section(path=sp, metadata_only=true) %}
<li{% if sp in open_paths %} class="open"{% endif %}><a href="{{ sub.permalink }}"{% if sub.path == current %} aria-current="page"{% endif %}>{{ sub.title }}</a>
{% if sp in open_paths %}{{ self::children(sec_path=sp, open_paths=open_paths, current=current, leaf=leaf, lang=lang) }}{% endif %}</li>
{% endif %}{% endfor %}
{% for p in s.pages %}{% if n <= 12 or (ns + loop.index0 + 3 >= at and ns + loop.index0 <= at + 3) %}<li><a href="{{ p.permalink }}"{% if p.path == current %} aria-current="page"{% endif %}>{{ p.title }}</a></li>
{% endif %}{% endfor %}
{% if n > 12 %}<li class="more"><a href="{{ s.permalink }}">{% if lang == "et" %}Kõik {{ n }} jaotist{% else %}Все разделы ({{ n }}){% endif %}</a></li>{% endif %}
</ul>
{% endmacro children %}
"""

ZOLA_PRODUCT_BASE = """{% import "macros.html" as m %}{% if page %}{% set it = page %}{% else %}{% set it = section %}{% endif %}<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ it.title }} – {{ config.title }}</title>
<link rel="canonical" href="{{ it.permalink }}">
{% for t in it.translations %}<link rel="alternate" hreflang="{{ t.lang }}" href="{{ t.permalink }}">
{% endfor %}<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="{{ get_url(path='/', lang=lang) }}">{{ config.title }}</a>
<nav class="lang-switcher"><ul>{% for t in it.translations %}<li>{% if t.lang == lang %}<span aria-current="true">{{ t.lang }}</span>{% else %}<a href="{{ t.permalink }}" hreflang="{{ t.lang }}" lang="{{ t.lang }}">{{ t.lang }}</a>{% endif %}</li>{% endfor %}</ul></nav>
</header>
<div class="layout">
{% set root = "_index.md" %}{% if lang != "et" %}{% set root = "_index." ~ lang ~ ".md" %}{% endif %}
{% if page %}{% set leaf = it.ancestors | last %}{% set open_paths = it.ancestors %}{% else %}{% set leaf = it.relative_path %}{% set open_paths = it.ancestors | concat(with=it.relative_path) %}{% endif %}
<nav class="sidebar">{{ m::children(sec_path=root, open_paths=open_paths, current=it.path, leaf=leaf, lang=lang) }}</nav>
<main>
<nav class="breadcrumbs"><ol>{% for a in it.ancestors %}{% set anc = get_section(path=a, metadata_only=true) %}<li><a href="{{ anc.permalink }}">{{ anc.title }}</a></li>{% endfor %}<li><span aria-current="page">{{ it.title }}</span></li></ol></nav>
<article>
<h1>{{ it.title }}</h1>
{% if it.toc %}<nav class="toc"><ul>{% for h in it.toc %}<li class="toc-level-{{ h.level }}"><a href="#{{ h.id }}">{{ h.title }}</a></li>{% for h2 in h.children %}<li class="toc-level-{{ h2.level }}"><a href="#{{ h2.id }}">{{ h2.title }}</a></li>{% for h3 in h2.children %}<li class="toc-level-{{ h3.level }}"><a href="#{{ h3.id }}">{{ h3.title }}</a></li>{% endfor %}{% endfor %}{% endfor %}</ul></nav>{% endif %}
{{ it.content | safe }}
{% block children %}{% endblock children %}
</article>
{% block prevnext %}{% endblock prevnext %}
</main>
</div>
</body>
</html>
"""

ZOLA_PRODUCT_PAGE = """{% extends "base.html" %}
{% block prevnext %}<nav class="prev-next">{% if page.lower %}<a rel="prev" href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a rel="next" href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>{% endblock prevnext %}
"""

ZOLA_PRODUCT_SECTION = """{% extends "base.html" %}
{% block children %}<section class="children"><ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul></section>{% endblock children %}
"""

# Zola's sitemap entries carry no translations; every page here has both languages, so the
# alternates are written from the URL (the default language has no prefix).
ZOLA_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
{% set base = "https://juhend.example.ee/" %}{% for e in entries %}{% if e.permalink is starting_with(base ~ "ru/") %}{% set rest = e.permalink | replace(from=base ~ "ru/", to="") %}{% set et = base ~ rest %}{% set ru = e.permalink %}{% else %}{% set rest = e.permalink | replace(from=base, to="") %}{% set et = e.permalink %}{% set ru = base ~ "ru/" ~ rest %}{% endif %}<url>
<loc>{{ e.permalink | escape_xml | safe }}</loc>
<xhtml:link rel="alternate" hreflang="et" href="{{ et | escape_xml | safe }}"/>
<xhtml:link rel="alternate" hreflang="ru" href="{{ ru | escape_xml | safe }}"/>
</url>
{% endfor %}</urlset>
"""


def copy_css(root):
    """The product pages of Zola and Hugo get raamat's stylesheet, as raamat's do."""
    os.makedirs(os.path.join(root, "static"), exist_ok=True)
    shutil.copy(os.path.join(REPO, "themes", "default", "static", "style.css"), os.path.join(root, "static", "style.css"))


def emit_zola(root, model, templates, seed):
    write(os.path.join(root, "config.toml"),
          ZOLA_CONFIG.format(sitemap="true" if templates == "product" else "false"))
    emit_content(root, "zola", model, seed, lambda stem, lang: f"{stem}.md" if lang == "et" else f"{stem}.{lang}.md")
    tpl = os.path.join(root, "templates")
    if templates == "engine":
        write(os.path.join(tpl, "page.html"), ZOLA_ENGINE_PAGE)
        write(os.path.join(tpl, "section.html"), ZOLA_ENGINE_SECTION)
        write(os.path.join(tpl, "index.html"), ZOLA_ENGINE_SECTION)
    else:
        write(os.path.join(tpl, "macros.html"), ZOLA_PRODUCT_MACROS)
        write(os.path.join(tpl, "base.html"), ZOLA_PRODUCT_BASE)
        write(os.path.join(tpl, "page.html"), ZOLA_PRODUCT_PAGE)
        write(os.path.join(tpl, "section.html"), ZOLA_PRODUCT_SECTION)
        write(os.path.join(tpl, "index.html"), ZOLA_PRODUCT_SECTION)
        write(os.path.join(tpl, "sitemap.xml"), ZOLA_SITEMAP)
        copy_css(root)


# ---------------------------------------------------------------- hugo
HUGO_CONFIG = """baseURL = "https://juhend.example.ee/"
defaultContentLanguage = "et"
defaultContentLanguageInSubdir = true
disableKinds = [{disable}]
enableRobotsTXT = {robots}

[languages.et]
weight = 1
label = "Eesti"
title = "Juhtumikorralduse materjalid"

[languages.ru]
weight = 2
label = "Русский"
title = "Материалы по ведению случая"

[markup.goldmark.extensions]
footnote = true
table = true
typographer = true

[markup.goldmark.parser.attribute]
title = true

[markup.tableOfContents]
startLevel = 2
endLevel = 4
ordered = false
"""

HUGO_ENGINE_SINGLE = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ block "children" . }}{{ end }}
<nav>{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}</nav>
</main></body>
</html>
"""

HUGO_ENGINE_LIST = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}</nav>
</main></body>
</html>
"""

HUGO_PRODUCT_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav class="lang-switcher"><ul>{{ $cur := . }}{{ range .AllTranslations }}<li>{{ if eq .Language.Lang $cur.Language.Lang }}<span aria-current="true">{{ .Language.Label }}</span>{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.Label }}</a>{{ end }}</li>{{ end }}</ul></nav>
</header>
<div class="layout">
<nav class="sidebar">{{ partial "tree.html" (dict "sec" .Site.Home "cur" .) }}</nav>
<main>
<nav class="breadcrumbs"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li><span aria-current="page">{{ .Title }}</span></li></ol></nav>
<article>
<h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}
{{ block "children" . }}{{ end }}
</article>
{{ block "prevnext" . }}{{ end }}
</main>
</div>
</body>
</html>
"""

HUGO_PRODUCT_TREE = """{{ $cur := .cur }}{{ $sec := .sec }}{{ $all := .sec.Pages }}{{ $n := len $all }}{{ $at := 0 }}
{{ if gt $n 12 }}{{ range $i, $p := $all }}{{ if or (eq $p $cur) ($cur.IsDescendant $p) }}{{ $at = $i }}{{ end }}{{ end }}{{ end }}
<ul>
{{ range $i, $p := $all }}{{ if or (le $n 12) (and (ge (add $i 3) $at) (le $i (add $at 3))) }}{{ $open := or (eq $p $cur) ($cur.IsDescendant $p) }}
<li{{ if $open }} class="open"{{ end }}><a href="{{ $p.RelPermalink }}"{{ if eq $p $cur }} aria-current="page"{{ end }}>{{ $p.Title }}</a>
{{ if and $open $p.IsSection }}{{ partial "tree.html" (dict "sec" $p "cur" $cur) }}{{ end }}</li>
{{ end }}{{ end }}
{{ if gt $n 12 }}<li class="more"><a href="{{ $sec.RelPermalink }}">{{ if eq $cur.Lang "et" }}Kõik {{ $n }} jaotist{{ else }}Все разделы ({{ $n }}){{ end }}</a></li>{{ end }}
</ul>
"""

HUGO_PRODUCT_SINGLE = """{{ define "prevnext" }}<nav class="prev-next">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ end }}
"""

HUGO_PRODUCT_LIST = """{{ define "children" }}<section class="children"><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}
"""


def emit_hugo(root, model, templates, seed):
    if templates == "engine":
        disable = '"taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"'
    else:
        disable = '"taxonomy", "term", "rss"'
    write(os.path.join(root, "hugo.toml"),
          HUGO_CONFIG.format(disable=disable, robots="false" if templates == "engine" else "true"))
    emit_content(root, "hugo", model, seed, lambda stem, lang: f"{stem}.{lang}.md")
    lay = os.path.join(root, "layouts")
    if templates == "engine":
        write(os.path.join(lay, "single.html"), HUGO_ENGINE_SINGLE)
        write(os.path.join(lay, "list.html"), HUGO_ENGINE_LIST)
        write(os.path.join(lay, "home.html"), HUGO_ENGINE_LIST)
    else:
        write(os.path.join(lay, "baseof.html"), HUGO_PRODUCT_BASEOF)
        write(os.path.join(lay, "_partials", "tree.html"), HUGO_PRODUCT_TREE)
        write(os.path.join(lay, "single.html"), HUGO_PRODUCT_SINGLE)
        write(os.path.join(lay, "list.html"), HUGO_PRODUCT_LIST)
        write(os.path.join(lay, "home.html"), HUGO_PRODUCT_LIST)
        copy_css(root)


# ---------------------------------------------------------------- main
def generate(out, tool, templates, pages, layout="tree", seed=11, courses=None, print_pages=False):
    """Writes one site folder and returns the number of content pages per language."""
    model = build_model(pages, layout)
    if tool == "raamat":
        emit_raamat(out, model, templates, seed, courses, print_pages)
    elif tool == "zola":
        emit_zola(out, model, templates, seed)
    elif tool == "hugo":
        emit_hugo(out, model, templates, seed)
    elif tool == "markdown":  # plain Markdown for the floor program: raamat's files
        emit_content(out, "raamat", model, seed, lambda stem, lang: f"{stem}.{lang}.md")
    else:
        raise ValueError(tool)
    return len(model[2]), len(model[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=500, help="pages per language")
    ap.add_argument("--layout", choices=("tree", "flat", "book"), default="tree")
    ap.add_argument("--tool", choices=("raamat", "zola", "hugo", "markdown", "all"), default="all")
    ap.add_argument("--templates", choices=("engine", "product", "all"), default="all")
    ap.add_argument("--exact", action="store_true", help="OUT is the site folder (one tool and template set)")
    ap.add_argument("--courses", type=int, default=0)
    ap.add_argument("--modules", type=int, default=4)
    ap.add_argument("--questions", type=int, default=3)
    ap.add_argument("--print-pages", action="store_true", help="raamat: whole-handbook print pages on")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--vocabulary", choices=("small", "large"), default="small",
                    help="large: half the words made-up inflected ones, drawn by Zipf's law")
    ap.add_argument("--media", action="store_true", help="one page in five shows a PNG figure (70-290 kB)")
    a = ap.parse_args()
    set_vocabulary(a.vocabulary, a.seed)
    set_media(a.media)
    tools = ("raamat", "zola", "hugo") if a.tool == "all" else (a.tool,)
    tsets = ("engine", "product") if a.templates == "all" else (a.templates,)
    courses = (a.courses, a.modules, a.questions) if a.courses else None
    for tool in tools:
        for ts in tsets:
            dest = a.out if a.exact else os.path.join(a.out, f"{tool}-{ts}")
            if os.path.exists(dest) and os.listdir(dest):
                sys.exit(f"{dest} is not empty")
            n, s = generate(dest, tool, ts, a.pages, a.layout, a.seed, courses, a.print_pages)
            print(f"{dest}: {n} pages and {s} sections per language")


if __name__ == "__main__":
    main()
