#!/usr/bin/env node
'use strict';
// raamat's search index beside Pagefind 1.6 on the same built site, in the same run:
// recall@5 and MRR on tests/search/queries.json (scored like scripts/search-recall), index
// size and time, and the bytes a cold one-word query downloads in headless Chromium.
//
//   node bench/search/compare.js SITE_DIR            a built raamat site (no raamat build time)
//   node bench/search/compare.js --root ROOT         builds ROOT first (timed), then compares
//   node bench/search/compare.js --generate N        a generated site of N pages per language
//     --corpus varied   … with sentences from this repo's content instead of one repeated one
//   options: --json FILE  --binary PATH (default target/release/raamat)  --runs R (timed runs)
//            --chromium PATH (default /usr/bin/chromium)  --keep (leave the temporary copies)
//
// Needs `npm i --prefix bench/.tools pagefind@1.6 playwright-core` (bench/README in
// bench/search/README.md). Never downloads a browser.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const http = require('node:http');
const zlib = require('node:zlib');
const { spawnSync, execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const TOOLS = path.join(REPO, 'bench', '.tools', 'node_modules');
const S = require(path.join(REPO, 'themes', 'default', 'static', 'search.js'));

// ---------- arguments ----------
const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const flag = (name) => argv.includes(name);
const valued = new Set(['--json', '--binary', '--runs', '--chromium', '--root', '--generate', '--corpus']);
const positional = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]));
const BINARY = opt('--binary', path.join(REPO, 'target', 'release', 'raamat'));
const CHROMIUM = opt('--chromium', '/usr/bin/chromium');
const GENERATE = opt('--generate') ? Number(opt('--generate')) : 0;
const RUNS = Number(opt('--runs', GENERATE ? 1 : 3));
const CORPUS = opt('--corpus', 'same'); // generated text: 'same' (serve_latency.py as is) or 'varied'
const JSON_OUT = opt('--json');
const KEEP = flag('--keep');
const LANGS = ['et', 'ru'];

const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const dirBytes = (dir, filter = () => true) => {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p, filter);
    else if (filter(e.name)) total += fs.statSync(p).size;
  }
  return total;
};
const tmp = (name) => fs.mkdtempSync(path.join(os.tmpdir(), `search-compare-${name}-`));

/**
 * Runs a command and returns {wall, cpu} seconds (cpu = user + sys of the command and its
 * threads, from bash's `time`: steadier than wall time on a machine that is busy with other
 * work) and its output.
 */
function timed(cmd, args) {
  const dir = tmp('time');
  const out = path.join(dir, 'out'), tf = path.join(dir, 'time');
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%R %U %S"; { time "$@" > "$OUT" 2>&1; } 2> "$TF"', 'bash', cmd, ...args],
    { env: { ...process.env, OUT: out, TF: tf }, stdio: 'inherit' });
  const output = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
  const [wall, user, sys] = fs.readFileSync(tf, 'utf8').trim().split(/\s+/).map(Number);
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed (${r.status}): ${output.slice(-2000)}`);
  return { wall, cpu: user + sys, output };
}

// ---------- the site: given, built from --root, or generated ----------
/**
 * `--corpus varied`: serve_latency.py's pages all carry the same Estonian sentence (in both
 * languages), so every word is on every page. This rewrites each generated page (same files,
 * titles, anchors and links) with 4 sections of sentences drawn, with a seeded generator, from
 * this repository's own content in the page's language, and headings from its headings.
 */
function vary(root) {
  let seed = 20261129;
  const rnd = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const pool = {};
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
  for (const lang of LANGS) {
    const sentences = [], headings = [];
    for (const f of walk(path.join(REPO, 'content')).filter((f) => f.endsWith(`.${lang}.md`))) {
      const body = fs.readFileSync(f, 'utf8').replace(/^\+\+\+[\s\S]*?\+\+\+/, '');
      for (const line of body.split('\n')) {
        const t = line.trim();
        if (/^#{2,4} /.test(t)) headings.push(t.replace(/^#+ /, '').replace(/\{#[^}]*\}/, '').replace(/^[\d.]+ /, '').trim());
        else if (t && !/^(>|\||[-*] |\d+\. |!|<|:::|```|\[\^)/.test(t)) {
          for (const sn of t.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]/g, '').split(/(?<=[.!?])\s+/)) if (sn.split(' ').length >= 4) sentences.push(sn);
        }
      }
    }
    pool[lang] = { sentences, headings };
  }
  for (const f of walk(path.join(root, 'content')).filter((f) => /lk-\d+\.(et|ru)\.md$/.test(f))) {
    const lang = f.match(/\.(et|ru)\.md$/)[1];
    const src = fs.readFileSync(f, 'utf8');
    const front = src.match(/^\+\+\+[\s\S]*?\+\+\+\n/)[0].replace(/title = "[^"]*"/, (m) => `title = "${pick(pool[lang].headings).replace(/"/g, '')} ${m.match(/(\d+-\d+)/)[1]}"`);
    const link = (src.match(/\n\n(Vaata ka \[[^\n]*)\n$/) || [])[1];
    const sections = [0, 1, 2, 3].map((k) => `## ${pick(pool[lang].headings)} {#a${k}}\n\n` +
      Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => pick(pool[lang].sentences)).join(' ')).join('\n\n'));
    fs.writeFileSync(f, front + sections.join('\n\n') + (link ? `\n\n${link}\n` : '\n'));
  }
  log(`varied corpus: ${LANGS.map((l) => `${l} ${pool[l].sentences.length} sentences, ${pool[l].headings.length} headings`).join('; ')}`);
}

function timedBuild(root, out) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(timed(BINARY, ['build', '--root', root, '--out', out, '--quiet']));
  return times;
}

function prepareSite() {
  if (GENERATE) {
    const root = tmp('gen');
    log(`generating ${GENERATE} pages per language in ${root}`);
    execFileSync('python3', ['-c',
      'import sys; sys.path.insert(0, sys.argv[1]); import serve_latency as s; s.generate_site(sys.argv[2], int(sys.argv[3]))',
      path.join(REPO, 'bench'), root, String(GENERATE)], { stdio: 'inherit', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    if (CORPUS === 'varied') vary(root);
    const out = path.join(root, 'public');
    log('raamat build (timed)');
    return { site: out, buildTimes: timedBuild(root, out), cleanup: [root] };
  }
  if (opt('--root')) {
    const out = path.join(tmp('build'), 'public');
    log(`raamat build --root ${opt('--root')} (timed, ${RUNS}×)`);
    return { site: out, buildTimes: timedBuild(path.resolve(opt('--root')), out), cleanup: [path.dirname(out)] };
  }
  if (!positional[0]) { console.error('usage: compare.js SITE_DIR | --root ROOT | --generate N  [--json FILE]'); process.exit(2); }
  return { site: path.resolve(positional[0]), buildTimes: null, cleanup: [] };
}

// ---------- raamat's index in node, as scripts/search-recall reads it ----------
function raamatIndex(site, lang) {
  const reg = S.registry();
  const ctx = vm.createContext({ raamatSearch: reg });
  return new S.Index(lang, reg, (file) => {
    const p = path.join(site, 'search', lang, file);
    if (fs.existsSync(p)) vm.runInContext(fs.readFileSync(p, 'utf8'), ctx, { filename: p });
  });
}

/** Every document of a language's raamat index: [{url, title, heading, text}]. */
function raamatDocs(site, lang) {
  // search.js's own registry fills in what a short document leaves out (docs/search.md).
  const reg = S.registry();
  const ctx = vm.createContext({ raamatSearch: reg });
  const dir = path.join(site, 'search', lang);
  for (const f of fs.readdirSync(dir).filter((f) => /^d-\d+\.js$/.test(f))) vm.runInContext(fs.readFileSync(path.join(dir, f), 'utf8'), ctx);
  return Object.values(reg.docLists[lang] || {}).flat();
}

/** recall@5 and MRR exactly as scripts/search-recall: page URLs without #anchor, deduped, top 5. */
function score(queries, resultsFor) {
  let recall = 0, rr = 0;
  const misses = [];
  queries.forEach(([q, want], i) => {
    const pages = [];
    for (const url of resultsFor[i]) {
      const page = url.split('#')[0];
      if (!pages.includes(page)) pages.push(page);
    }
    const top = pages.slice(0, 5);
    const found = want.filter((w) => top.includes(w)).length;
    recall += found / want.length;
    const rank = pages.findIndex((p) => want.includes(p));
    rr += rank >= 0 ? 1 / (rank + 1) : 0;
    if (found < want.length) misses.push(`${q} → ${top.join(' ') || '(nothing)'}`);
  });
  return { n: queries.length, recall5: recall / queries.length, mrr: rr / queries.length, misses };
}

// ---------- Pagefind over a copy of the site ----------
function pagefindBinary() {
  const dir = path.join(TOOLS, '@pagefind', `linux-${os.arch()}`, 'bin');
  for (const name of ['pagefind', 'pagefind_extended']) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new Error(`no Pagefind binary in ${dir}: npm i --prefix bench/.tools pagefind@1.6`);
}

/**
 * The copy Pagefind indexes: `data-pagefind-body` on the <main> of exactly the pages raamat's
 * index holds (so search pages, print pages, the accessibility page, 404 and fallback copies
 * of untranslated pages are out for both); Pagefind skips <nav> (breadcrumbs, table of
 * contents, previous/next) and <form> (course questions, which raamat leaves out too) itself.
 */
function pagefindCopy(site, urlsByLang) {
  const copy = path.join(tmp('pagefind'), 'site');
  fs.cpSync(site, copy, { recursive: true });
  fs.rmSync(path.join(copy, 'pagefind'), { recursive: true, force: true });
  let marked = 0;
  for (const lang of LANGS) {
    for (const url of urlsByLang[lang]) {
      const file = path.join(copy, url, 'index.html');
      if (!fs.existsSync(file)) { log(`warning: ${url} has no index.html`); continue; }
      const html = fs.readFileSync(file, 'utf8');
      const lang_ = (html.match(/<html[^>]*\blang="([^"]+)"/) || [])[1];
      if (lang_ !== lang) log(`warning: ${url} has <html lang="${lang_}">`);
      const out = html.replace(/<main\b/, '<main data-pagefind-body');
      if (out === html) { log(`warning: ${url} has no <main>`); continue; }
      fs.writeFileSync(file, out);
      marked++;
    }
  }
  return { copy, marked };
}

function runPagefind(copy) {
  const bin = pagefindBinary();
  const times = [];
  let output = '';
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(path.join(copy, 'pagefind'), { recursive: true, force: true });
    const t = timed(bin, ['--site', copy]);
    times.push(t);
    output = t.output;
  }
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { times, output, version, bin: path.basename(bin) };
}

function pagefindSizes(copy) {
  const dir = path.join(copy, 'pagefind');
  const perLang = {};
  for (const lang of LANGS) {
    // this language's meta, index chunks and fragments (its wasm, with the stemmer, is code)
    perLang[lang] = dirBytes(dir, (n) => n.startsWith(`${lang}_`) || n.startsWith(`pagefind.${lang}_`));
  }
  const runtime = ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json', ...LANGS.map((l) => `wasm.${l}.pagefind`)]
    .filter((f) => fs.existsSync(path.join(dir, f))).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  return { perLang, runtime, total: dirBytes(dir) };
}

// ---------- a static server (no compression; sizes are computed per response below) ----------
function serve(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(root, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    try { if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html'); } catch (e) { /* 404 below */ }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------- the browser ----------
const COMPRESSIBLE = /(\.(js|json|html|css)|\/)$/; // Pagefind's .pf_* and wasm files are gzip on disk already

/** Records every response of a page: path, raw bytes, gzip bytes (what a host with gzip sends). */
function recorder(page) {
  const pending = [];
  page.on('response', (resp) => {
    pending.push((async () => {
      const u = new URL(resp.url());
      let body;
      try { body = await resp.body(); } catch (e) { return null; }
      const gz = COMPRESSIBLE.test(u.pathname) ? zlib.gzipSync(body, { level: 6 }).length : body.length;
      return { path: u.pathname, raw: body.length, gz };
    })());
  });
  return async () => (await Promise.all(pending)).filter(Boolean);
}

async function pagefindRecall(browser, base, queries) {
  const out = {};
  for (const lang of LANGS) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/${lang}/`);
    out[lang] = await page.evaluate(async (qs) => {
      const pf = await import('/pagefind/pagefind.js');
      await pf.options({ bundlePath: '/pagefind/' });
      await pf.init();
      const all = [];
      for (const q of qs) {
        const r = await pf.search(q);
        const urls = [];
        for (const res of r.results.slice(0, 50)) urls.push((await res.data()).url);
        all.push(urls);
      }
      return all;
    }, queries[lang].map(([q]) => q));
    await ctx.close();
  }
  return out;
}

async function coldRaamat(browser, base, lang, word) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const done = recorder(page);
  await page.goto(`${base}/${lang}/search/?q=${encodeURIComponent(word)}`);
  await page.waitForFunction(() => (document.getElementById('search-status') || {}).textContent, null, { timeout: 30000 });
  await page.waitForLoadState('networkidle');
  const shown = await page.locator('#search-results > li').count();
  const rs = await done();
  await ctx.close();
  const data = rs.filter((r) => r.path.startsWith(`/search/${lang}/`));
  const code = rs.filter((r) => r.path === '/theme/search.js');
  return summarize(data, code, shown);
}

/** raamat's engine on its search page, asked for 5 results (the page asks for 20), like Pagefind's 5. */
async function coldRaamat5(browser, base, lang, word) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const done = recorder(page);
  await page.goto(`${base}/${lang}/search/`);
  await page.waitForFunction(() => window.RaamatSearch && window.raamatSearch);
  const shown = await page.evaluate(async ([l, q]) => {
    const base = document.getElementById('search-page').getAttribute('data-index');
    const idx = new window.RaamatSearch.Index(l, window.raamatSearch, (file) => new Promise((resolve) => {
      const s = document.createElement('script');
      s.src = base + file; s.onload = resolve; s.onerror = resolve;
      document.head.appendChild(s);
    }));
    return (await idx.search(q, { limit: 5 })).length;
  }, [lang, word]);
  await page.waitForLoadState('networkidle');
  const rs = await done();
  await ctx.close();
  return summarize(rs.filter((r) => r.path.startsWith(`/search/${lang}/`)), rs.filter((r) => r.path === '/theme/search.js'), shown);
}

async function coldPagefind(browser, base, lang, word) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const done = recorder(page);
  await page.goto(`${base}/${lang}/`);
  const shown = await page.evaluate(async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.options({ bundlePath: '/pagefind/' });
    const r = await pf.search(q);
    const five = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
    return five.length;
  }, word);
  await page.waitForLoadState('networkidle');
  const rs = await done();
  await ctx.close();
  const all = rs.filter((r) => r.path.startsWith('/pagefind/'));
  const isCode = (r) => /\/pagefind\/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[a-z]+\.pagefind)$/.test(r.path);
  return summarize(all.filter((r) => !isCode(r)), all.filter(isCode), shown);
}

/** What a file of either engine is: raamat meta/chunk/docs, Pagefind meta/index/fragment, or code. */
function kind(p) {
  const name = p.split('/').pop();
  if (/^index\.js$/.test(name) || /\.pf_meta$/.test(name)) return 'meta';
  if (/^c-[0-9a-f]+\.js$/.test(name) || /\.pf_index$/.test(name)) return 'words';
  if (/^d-\d+\.js$/.test(name) || /\.pf_fragment$/.test(name)) return 'documents';
  return 'code';
}

function summarize(data, code, shown) {
  const sum = (xs, k) => xs.reduce((s, r) => s + r[k], 0);
  const kinds = {};
  for (const r of [...data, ...code]) {
    const k = (kinds[kind(r.path)] = kinds[kind(r.path)] || { files: 0, raw: 0, gz: 0 });
    k.files++; k.raw += r.raw; k.gz += r.gz;
  }
  return {
    shown, files: data.length + code.length, kinds,
    dataRaw: sum(data, 'raw'), dataGz: sum(data, 'gz'), codeRaw: sum(code, 'raw'), codeGz: sum(code, 'gz'),
    totalRaw: sum(data, 'raw') + sum(code, 'raw'), totalGz: sum(data, 'gz') + sum(code, 'gz'),
  };
}

/** One-word queries: those of queries.json (unless generated) and the 10 most frequent words. */
function oneWordQueries(site, queries) {
  const out = {};
  for (const lang of LANGS) {
    const set = [];
    if (queries) for (const [q] of queries[lang]) if (S.words(q).length === 1 && !set.includes(q)) set.push(q);
    const counts = new Map();
    for (const d of raamatDocs(site, lang)) for (const w of S.words(`${d.title} ${d.heading || ''} ${d.text}`)) counts.set(w, (counts.get(w) || 0) + 1);
    const frequent = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([w]) => w);
    for (const w of frequent) if (!set.includes(w)) set.push(w);
    out[lang] = { words: set, frequent };
  }
  return out;
}

// ---------- main ----------
(async () => {
  const t0 = Date.now();
  const { site, buildTimes, cleanup } = prepareSite();
  const queries = GENERATE ? null : JSON.parse(fs.readFileSync(path.join(REPO, 'tests', 'search', 'queries.json'), 'utf8'));

  const docsByLang = {}, urlsByLang = {};
  for (const lang of LANGS) {
    docsByLang[lang] = raamatDocs(site, lang);
    urlsByLang[lang] = [...new Set(docsByLang[lang].map((d) => d.url.split('#')[0]))];
  }
  log(`site ${site}: ${LANGS.map((l) => `${l} ${urlsByLang[l].length} pages / ${docsByLang[l].length} sections`).join(', ')}`);

  // raamat: index size and recall (node, like scripts/search-recall)
  const raamat = { lang: {} };
  for (const lang of LANGS) {
    const dir = path.join(site, 'search', lang), files = fs.readdirSync(dir);
    raamat.lang[lang] = {
      indexBytes: dirBytes(dir), files: files.length,
      indexGz: files.reduce((s, f) => s + zlib.gzipSync(fs.readFileSync(path.join(dir, f))).length, 0),
    };
    if (queries) {
      const idx = raamatIndex(site, lang);
      const res = [];
      for (const [q] of queries[lang]) res.push((await idx.search(q, { limit: 50 })).map((r) => r.url));
      raamat.lang[lang].quality = score(queries[lang], res);
    }
  }
  raamat.codeBytes = fs.statSync(path.join(site, 'theme', 'search.js')).size;
  // the same index, measured asking for 5 results instead of the search page's 20
  const raamat5 = { lang: Object.fromEntries(LANGS.map((l) => [l, { ...raamat.lang[l] }])) };
  raamat.buildTimes = buildTimes && buildTimes.map(({ wall, cpu }) => ({ wall, cpu }));

  // Pagefind: copy, mark, index (timed)
  const { copy, marked } = pagefindCopy(site, urlsByLang);
  log(`Pagefind copy ${copy}: data-pagefind-body on ${marked} pages; indexing (${RUNS}×)`);
  const pfRun = runPagefind(copy);
  const pfSizes = pagefindSizes(copy);
  const pagefind = { version: pfRun.version, binary: pfRun.bin, times: pfRun.times.map(({ wall, cpu }) => ({ wall, cpu })), sizes: pfSizes, lang: {} };
  const summary = pfRun.output.split('\n').filter((l) => /Indexed|Discovered|languages?:|Finished|WARN|Note/i.test(l)).map((l) => l.trim());
  pagefind.log = summary;
  log(`Pagefind: ${summary.join(' · ')}`);
  for (const lang of LANGS) pagefind.lang[lang] = { indexBytes: pfSizes.perLang[lang], indexGz: pfSizes.perLang[lang] };

  // the browser
  const { chromium } = require(path.join(TOOLS, 'playwright-core'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const server = await serve(copy);
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    if (queries) {
      log('Pagefind recall in Chromium');
      const res = await pagefindRecall(browser, base, queries);
      for (const lang of LANGS) pagefind.lang[lang].quality = score(queries[lang], res[lang]);
    }
    const words = oneWordQueries(site, queries);
    for (const lang of LANGS) {
      log(`cold one-word queries ${lang} (${words[lang].words.length}): ${words[lang].words.join(' ')}`);
      for (const [name, fn, eng] of [['raamat', coldRaamat, raamat], ['raamat5', coldRaamat5, raamat5], ['pagefind', coldPagefind, pagefind]]) {
        const per = {};
        for (const w of words[lang].words) per[w] = await fn(browser, base, lang, w);
        eng.lang[lang].cold = { words: words[lang].words, frequent: words[lang].frequent, perQuery: per };
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  // ---------- report ----------
  const kB = (b) => (b / 1000).toFixed(1) + ' kB';
  const secs = (ts) => ts ? `${median(ts.map((t) => t.wall)).toFixed(2)} s (CPU ${median(ts.map((t) => t.cpu)).toFixed(2)} s)` : 'n/a';
  const stats = (cold, key) => { const xs = Object.values(cold.perQuery).map((r) => r[key]); return { median: median(xs), max: Math.max(...xs) }; };
  const rows = [];
  const rtime = buildTimes ? `${secs(buildTimes)} (whole build)` : 'n/a';
  for (const [name, eng, time] of [['raamat (page: 20 results)', raamat, rtime], ['raamat (5 results)', raamat5, rtime], [`Pagefind ${pfRun.version.replace(/^pagefind /, '')}`, pagefind, secs(pfRun.times)]]) {
    for (const lang of LANGS) {
      const L = eng.lang[lang];
      const tot = stats(L.cold, 'totalGz'), dat = stats(L.cold, 'dataGz'), raw = stats(L.cold, 'totalRaw');
      L.bytesPerQuery = { totalGz: tot, dataGz: dat, totalRaw: raw };
      rows.push([name, lang,
        L.quality ? L.quality.recall5.toFixed(3) : '–', L.quality ? L.quality.mrr.toFixed(3) : '–',
        L.indexGz === L.indexBytes ? kB(L.indexBytes) : `${kB(L.indexBytes)} (gzip ${kB(L.indexGz)})`, time,
        kB(tot.median), kB(tot.max), kB(dat.median), kB(dat.max), `${kB(raw.median)} / ${kB(raw.max)}`]);
    }
  }
  const head = ['engine', 'lang', 'recall@5', 'MRR', 'index bytes', 'index time', 'bytes/query median', 'max', 'index data only: median', 'max', 'uncompressed median / max'];
  const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const pages = LANGS.map((l) => `${l} ${urlsByLang[l].length} pages`).join(', ');
  console.log(`\nSite: ${GENERATE ? `generated (--corpus ${CORPUS}), ${GENERATE} pages per language` : site} (${pages})\n`);
  console.log(table);
  console.log(`\nindex bytes: raamat search/<lang>/; Pagefind the language's pf_meta + pf_index + pf_fragment files (gzip on disk). ` +
    `Whole pagefind/ dir ${kB(pfSizes.total)} (runtime pagefind.js + worker + entry + wasm.et + wasm.ru ${kB(pfSizes.runtime)}, the rest is UI and wasm.unknown); raamat search.js ${kB(raamat.codeBytes)}.`);
  console.log('bytes/query: cold browser context, gzip -6 applied to text files (js/json/html/css) as a static host would, engine code included ' +
    '(raamat /theme/search.js + /search/<lang>/*; Pagefind every /pagefind/* file); "index data only" leaves the code out.');
  console.log('\nmedian per cold query, by kind of file (gzip bytes, files):');
  for (const lang of LANGS) {
    for (const [name, eng] of [['raamat (20)', raamat], ['raamat (5)', raamat5], ['Pagefind (5)', pagefind]]) {
      const per = Object.values(eng.lang[lang].cold.perQuery);
      const parts = ['meta', 'words', 'documents', 'code'].map((k) => {
        const g = median(per.map((r) => (r.kinds[k] || { gz: 0 }).gz)), f = median(per.map((r) => (r.kinds[k] || { files: 0 }).files));
        return `${k} ${kB(g)} (${f})`;
      });
      console.log(`- ${name} ${lang}: ${parts.join(', ')}; results shown ${median(per.map((r) => r.shown))}`);
    }
  }
  for (const lang of LANGS) {
    for (const [name, eng] of [['raamat', raamat], ['pagefind', pagefind]]) {
      const q = eng.lang[lang].quality;
      if (q && q.misses.length) console.log(`${name} ${lang} misses: ${q.misses.join(' | ')}`);
    }
  }
  console.log(`\n(total run ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  if (JSON_OUT) {
    fs.writeFileSync(JSON_OUT, JSON.stringify({ site: GENERATE ? { generated: GENERATE, corpus: CORPUS } : site, pages: Object.fromEntries(LANGS.map((l) => [l, urlsByLang[l].length > 200 ? urlsByLang[l].length : urlsByLang[l]])), runs: RUNS, raamat, raamat5: { lang: Object.fromEntries(LANGS.map((l) => [l, { cold: raamat5.lang[l].cold, bytesPerQuery: raamat5.lang[l].bytesPerQuery }])) }, pagefind, table }, null, 1));
    log(`wrote ${JSON_OUT}`);
  }
  if (!KEEP) spawnSync('rm', ['-rf', path.dirname(copy), ...cleanup]); // faster than fs.rmSync on 10 000 page folders
  else log(`kept ${copy} ${cleanup.join(' ')}`);
})().catch((e) => { console.error(e); process.exit(1); });
