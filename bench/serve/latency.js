#!/usr/bin/env node
'use strict';
// Edit-to-visible latency of `raamat serve`, measured in headless Chromium.
//
// For each site: start `raamat serve`, open a page in Chromium, scroll half way
// down, then repeatedly write a change to the page's Markdown file and time
// from just before the write until the new text is in the open tab's DOM
// (a MutationObserver in the page records the moment; browser and this script
// read the same clock). Four kinds of edit:
//   text      a sentence in the body changes (the page is updated in place)
//   heading   a heading is added at the end of the page (a new anchor)
//   fixed     a broken link is saved (the error overlay shows), then fixed
//             with a new sentence: timed from the fix
//   title     the page's title changes (other pages show it: a wider rebuild)
//   template  a theme template changes (every page: reported beside a clean build)
//   new page  a chapter is added right after the page: timed until the
//             page's "next" link names it
//   renamed   that chapter's file is renamed and retitled (its URL changes):
//             timed until the "next" link names the new title
// Reported: median, min–max and p90 in milliseconds, whether the tab kept its
// document (no reload) and its scroll position.
//
//   node bench/serve/latency.js [--binary target/release/raamat] [--runs 15]
//       [--site example] [--site generated:5000] [--json out.json]
//
// `generated:N` is bench/corpus.py's product corpus with N pages per language.
// Needs `npm i --prefix bench/.tools playwright-core` and Debian's chromium.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..', '..');
const { chromium } = require(path.join(REPO, 'bench', '.tools', 'node_modules', 'playwright-core'));

function args() {
  const a = { binary: path.join(REPO, 'target/release/raamat'), runs: 15, sites: [], json: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--binary') { a.binary = path.resolve(v); i++; }
    else if (argv[i] === '--runs') { a.runs = Number(v); i++; }
    else if (argv[i] === '--site') { a.sites.push(v); i++; }
    else if (argv[i] === '--json') { a.json = v; i++; }
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!a.sites.length) a.sites = ['example'];
  return a;
}

const TMP = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

/** A copy of the site in a temp folder, and the page (file, URL path) to edit. */
function prepare(site) {
  const root = fs.mkdtempSync(path.join(TMP, 'raamat-latency-'));
  if (site === 'example') {
    fs.copyFileSync(path.join(REPO, 'raamat.toml'), path.join(root, 'raamat.toml'));
    for (const dir of ['content', 'courses']) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
    return { root, file: 'content/handbook/hindamine.et.md', url: '/et/handbook/hindamine/' };
  }
  const m = /^generated:(\d+)$/.exec(site);
  if (!m) throw new Error(`--site example or generated:N, not ${site}`);
  execFileSync('python3', [path.join(REPO, 'bench/corpus.py'), root, '--pages', m[1], '--tool', 'raamat',
    '--templates', 'product', '--exact'], { stdio: 'inherit' });
  // A chapter in the middle of the site.
  const books = fs.readdirSync(path.join(root, 'content')).filter((d) => !d.startsWith('_')).sort();
  const book = books[Math.floor(books.length / 2)];
  const part = fs.readdirSync(path.join(root, 'content', book)).filter((d) => !d.startsWith('_')).sort()[2];
  const chapter = fs.readdirSync(path.join(root, 'content', book, part)).filter((f) => f.endsWith('.et.md') && !f.startsWith('_')).sort()[7];
  const slug = chapter.replace(/\.et\.md$/, '');
  return { root, file: `content/${book}/${part}/${chapter}`, url: `/et/${book}/${part}/${slug}/` };
}

function startServer(binary, root) {
  const server = spawn(binary, ['serve', '--quiet', '--port', '0', '--root', root, '--out', path.join(root, 'public')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  server.stderr.on('data', (c) => { err += c; });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) resolve({ server, base: m[0], firstBuildMs: Date.now() - started });
    });
    server.on('exit', (code) => reject(new Error(`raamat serve exited with ${code}: ${err}`)));
  });
}

// Installed in every document of the tab: watches for the text named in
// sessionStorage (within the element `latency-where` names, if it names
// one) and records when it is first seen, across reloads too.
function watcher() {
  const look = () => {
    const token = sessionStorage.getItem('latency-token');
    const where = sessionStorage.getItem('latency-where');
    const within = document.body && (where ? document.querySelector(where) : document.body);
    if (token && !sessionStorage.getItem('latency-seen') && within && within.textContent.includes(token)) {
      sessionStorage.setItem('latency-seen', String(Date.now()));
    }
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener('DOMContentLoaded', look);
}

async function seenAt(page, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const seen = await page.evaluate(() => sessionStorage.getItem('latency-seen'));
      if (seen) return Number(seen);
    } catch (e) { /* the document is being replaced */ }
    await new Promise((r) => setTimeout(r, 5));
  }
  return null;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), min: s[0], max: s[s.length - 1], p90: at(0.9), n: s.length };
}

/** One kind of edit, `runs` times: `edit(token, i)` writes the change, whose text holds `token`;
 *  `setUp(token, i)`, if given, runs first in each run, untimed, and must not show `token`
 *  (in the element the selector `where` names, if given: else anywhere in the page). */
async function measure(page, runs, edit, timeoutMs, setUp, where) {
  const times = [];
  let reloads = 0;
  let scrollKept = 0;
  for (let i = 0; i < runs; i++) {
    const token = `LATENCY${Date.now().toString(36)}x${i}`;
    if (setUp) await setUp(token, i);
    await page.evaluate(() => { window.__latencySameDocument = true; });
    const before = await page.evaluate(() => window.scrollY);
    const shown = await page.evaluate(([t, w]) => {
      const within = w ? document.querySelector(w) : document.body;
      return Boolean(within && within.textContent.includes(t));
    }, [token, where || '']);
    if (shown) throw new Error(`run ${i}: the tab shows ${token} before the edit`);
    await page.evaluate(([t, w]) => {
      sessionStorage.removeItem('latency-seen');
      sessionStorage.setItem('latency-where', w);
      sessionStorage.setItem('latency-token', t);
    }, [token, where || '']);
    const t0 = Date.now();
    edit(token, i);
    const seen = await seenAt(page, timeoutMs);
    if (seen === null) throw new Error(`edit ${i} not visible within ${timeoutMs} ms`);
    times.push(seen - t0);
    await page.waitForLoadState('load');
    const same = await page.evaluate(() => window.__latencySameDocument === true);
    if (!same) reloads++;
    else if (Math.abs((await page.evaluate(() => window.scrollY)) - before) <= 1) scrollKept++;
    // Let the server settle (a full build may still be writing its output).
    await new Promise((r) => setTimeout(r, 150));
  }
  return { ...stats(times), reloads, scrollKept };
}

async function runSite(opts, browser, site) {
  const { root, file, url } = prepare(site);
  const abs = path.join(root, file);
  const original = fs.readFileSync(abs, 'utf8');
  const buildStart = Date.now();
  execFileSync(opts.binary, ['build', '--quiet', '--root', root, '--out', path.join(root, 'clean')]);
  const cleanBuildMs = Date.now() - buildStart;
  fs.rmSync(path.join(root, 'clean'), { recursive: true, force: true });
  // The site overrides the default theme's base.html with an unchanged copy
  // (the template edit changes it later).
  const templates = path.join(root, 'templates');
  const baseHtml = fs.readFileSync(path.join(REPO, 'themes/default/templates/base.html'), 'utf8');
  fs.mkdirSync(templates, { recursive: true });
  fs.writeFileSync(path.join(templates, 'base.html'), baseHtml);
  const { server, base } = await startServer(opts.binary, root);
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 } });
  await context.addInitScript(watcher);
  const page = await context.newPage();
  const result = { site, page: url, cleanBuildMs };
  try {
    await page.goto(base + url);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    // Text: the first paragraph of prose after the front matter gets a sentence.
    const body = original.indexOf('\n', original.indexOf('+++', 3)) + 1;
    const prose = /^\p{Lu}/mu;
    const start = body + original.slice(body).search(prose);
    const para = original.indexOf('\n\n', start);
    result.text = await measure(page, opts.runs, (token) => {
      fs.writeFileSync(abs, `${original.slice(0, para)} Muudetud ${token}.${original.slice(para)}`);
    }, 10000);
    // New heading: a heading at the end of the page (a new anchor, which
    // the pages that link to the page are checked against).
    result.heading = await measure(page, Math.max(3, Math.ceil(opts.runs / 3)), (token) => {
      fs.writeFileSync(abs, `${original.trimEnd()}\n\n## Lisa ${token}\n`);
    }, 120000);
    fs.writeFileSync(abs, original);
    await new Promise((r) => setTimeout(r, 500 + cleanBuildMs));
    // Fixed link: a broken link is saved (the overlay shows it), then the
    // fix, with a new sentence: timed from the fix.
    result.fixed = await measure(page, Math.max(3, Math.ceil(opts.runs / 3)), (token) => {
      fs.writeFileSync(abs, `${original.slice(0, para)} Muudetud ${token}.${original.slice(para)}`);
    }, 10000, async () => {
      fs.writeFileSync(abs, `${original.slice(0, para)} [Katki](puudub.md).${original.slice(para)}`);
      await page.waitForSelector('#raamat-error-overlay', { timeout: 120000 });
    });
    // Title: the title line of the front matter.
    result.title = await measure(page, Math.max(3, Math.ceil(opts.runs / 3)), (token) => {
      fs.writeFileSync(abs, original.replace(/^title = "/m, `title = "${token} `));
    }, 120000);
    fs.writeFileSync(abs, original);
    await new Promise((r) => setTimeout(r, 500 + cleanBuildMs));
    // Template: the footer in the site's copy of base.html.
    result.template = await measure(page, 3, (token) => {
      fs.writeFileSync(path.join(templates, 'base.html'), baseHtml.replace('{% block footer %}', `{% block footer %}<p>${token}</p>`));
    }, 120000);
    result.template.ofCleanBuild = Number((result.template.median / cleanBuildMs).toFixed(2));
    fs.writeFileSync(path.join(templates, 'base.html'), baseHtml);
    await new Promise((r) => setTimeout(r, 500 + cleanBuildMs));
    // New page: a chapter right after the open one, so that the tab's "next"
    // link names it once it is added; each run's goes before the one before
    // (weights + 5, + 4, + 3; the chapters' weights are 10 apart).
    const weight = Number((original.match(/^weight = (\d+)/m) || [0, '0'])[1]);
    const dir = path.dirname(abs);
    const chapter = (title, w) => `+++\ntitle = "${title}"\nweight = ${w}\n+++\n\nUus peatükk.\n`;
    result.newPage = await measure(page, 3, (token, i) => {
      fs.writeFileSync(path.join(dir, `latency-uus-${i}.et.md`), chapter(token, weight + 5 - i));
    }, 120000);
    // Renamed page: the newest chapter's file gets another name (its URL
    // changes) and a new title.
    let current = path.join(dir, 'latency-uus-2.et.md');
    result.renamed = await measure(page, 3, (token, i) => {
      const next = path.join(dir, `latency-nimi-${i}.et.md`);
      fs.renameSync(current, next);
      fs.writeFileSync(next, chapter(token, weight + 3));
      current = next;
    }, 120000);
    // Weight: a chapter saved at the end of the section (untimed; the last
    // run's one removed) is moved right after the open one by its weight
    // alone, so that the tab's "next" link names it.
    let moved = null;
    result.weight = await measure(page, 3, () => {
      fs.writeFileSync(moved.file, chapter(moved.title, weight + 2));
    }, 120000, async (token, i) => {
      if (moved) fs.rmSync(moved.file);
      moved = { file: path.join(dir, `latency-kaal-${i}.et.md`), title: token };
      fs.writeFileSync(moved.file, chapter(token, weight + 100000));
      await new Promise((r) => setTimeout(r, 1000 + cleanBuildMs));
    }, 'a[rel=next]');
  } finally {
    await context.close();
    server.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return result;
}

function row(name, r) {
  return `| ${name} | ${r.median} | ${r.min}–${r.max} | ${r.p90} | ${r.n} | ${r.n - r.reloads}/${r.n} | ${r.scrollKept}/${r.n - r.reloads} |`;
}

async function main() {
  const opts = args();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const results = [];
  try {
    for (const site of opts.sites) results.push(await runSite(opts, browser, site));
  } finally { await browser.close(); }
  console.log(`Machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const r of results) {
    console.log(`\n${r.site} (${r.page}); clean build ${r.cleanBuildMs} ms`);
    console.log('| edit | median ms | min–max ms | p90 ms | runs | same document | scroll kept |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(row('text', r.text));
    console.log(row('title', r.title));
    console.log(row(`template (${r.template.ofCleanBuild}× clean build)`, r.template));
    console.log(row('new heading', r.heading));
    console.log(row('fixed link (after a broken one)', r.fixed));
    console.log(row('new page (in the open page\'s "next" link)', r.newPage));
    console.log(row('renamed page', r.renamed));
    console.log(row('weight (a chapter moved to the open page\'s "next" link)', r.weight));
  }
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(results, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
