'use strict';
// `raamat serve` in a browser, started in the site's folder as authors do:
// saving a Markdown file updates the open tab by itself (in place, where the
// scroll position stays); a broken save shows the error overlay over the last
// good page; a template folder made while serving is picked up.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { REPO } = require('../lib/packages');
const { launch, newPage } = require('../lib/browser');
const AdmZip = require('adm-zip');

const BIN = process.env.RAAMAT_BIN
  || [path.join(REPO, 'target/release/raamat'), path.join(REPO, 'target/debug/raamat')].find((p) => fs.existsSync(p));

let browser, server, root, base;
before(async () => {
  if (!BIN) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raamat-serve-'));
  fs.copyFileSync(path.join(REPO, 'raamat.toml'), path.join(root, 'raamat.toml'));
  fs.cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
  server = spawn(BIN, ['serve', '--quiet', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`raamat serve exited with ${code}`)));
  });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('a text edit replaces only what changed: the tab keeps its document and scroll position', { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser, { viewport: { width: 1280, height: 600 } });
  const file = path.join(root, 'content/handbook/hindamine.et.md');
  const original = fs.readFileSync(file, 'utf8');
  try {
    await s.page.goto(`${base}/et/handbook/hindamine/`);
    await s.page.evaluate(() => {
      window.scrollTo(0, 1200);
      window.__sameDocument = true;
      window.__header = document.querySelector('.site-header');
    });
    const y = await s.page.evaluate(() => window.scrollY);
    assert.ok(y > 1000, `the page scrolled (${y})`);
    // A sentence at the end of a paragraph far below the top of the page.
    const sentence = 'Hinnangu kokkuvõte saadetakse kliendile kirjalikult.';
    assert.ok(original.includes('\n\n## 2.3 '), 'the page has a section 2.3');
    fs.writeFileSync(file, original.replace('\n\n## 2.3 ', ` ${sentence}\n\n## 2.3 `));
    await s.page.waitForFunction((t) => document.body.innerText.includes(t), sentence, { timeout: 10000 });
    const after = await s.page.evaluate((y0) => ({
      same: window.__sameDocument === true,
      header: document.querySelector('.site-header') === window.__header,
      // The new line may move the text by its height (the browser's scroll anchoring).
      scrollKept: Math.abs(window.scrollY - y0) < 100,
    }), y);
    assert.deepEqual(after, { same: true, header: true, scrollKept: true }, 'updated in place, the rest of the page untouched');
    assert.deepEqual(s.pageErrors, []);

    // The Russian page is not this file's: an open tab of it stays as it is.
    const ru = await newPage(browser);
    try {
      await ru.page.goto(`${base}/ru/handbook/hindamine/`);
      await ru.page.evaluate(() => { window.__sameDocument = true; });
      fs.writeFileSync(file, original);
      await s.page.waitForFunction((t) => !document.body.innerText.includes(t), sentence, { timeout: 10000 });
      assert.equal(await ru.page.evaluate(() => window.__sameDocument), true);
    } finally { await ru.context.close(); }
  } finally {
    fs.writeFileSync(file, original);
    await s.context.close();
  }
});

// Listens to serve's event stream; once it is connected, `built` is a promise
// of `url` once serve has announced a finished build (`reload` or `update`)
// after which it answers `url` with a page that passes `ready` (or after 15 s).
// Start it before the change: a tab opened after the new output is in place
// but before the announcement goes out gets the announcement too and reloads
// once more, which races with the test's own steps.
function whenBuilt(url, ready) {
  return new Promise((connected) => {
    let finish;
    const built = new Promise((resolve) => { finish = resolve; });
    const request = http.get(`${base}/__raamat/events`, (events) => {
      let pending = '';
      events.setEncoding('utf8');
      events.on('data', async (chunk) => {
        pending += chunk;
        const messages = pending.split('\n\n');
        pending = messages.pop();
        if (!messages.some((m) => /^event: (reload|update)$/m.test(m))) return;
        const response = await fetch(url, { cache: 'no-store' });
        if (response.ok && ready(await response.text())) done();
      });
      connected({ built });
    });
    const timer = setTimeout(() => done(), 15000);
    const done = () => { clearTimeout(timer); request.destroy(); finish(url); };
    request.on('error', () => { connected({ built }); done(); });
  });
}

test('a template made while serving applies to the open tab', { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser);
  const templates = path.join(root, 'templates');
  let removed;
  const baseHtml = fs.readFileSync(path.join(REPO, 'themes/default/templates/base.html'), 'utf8');
  // The site's base.html with a note in the footer; the folder is made if it is not there.
  const writeNote = (note) => {
    fs.mkdirSync(templates, { recursive: true });
    fs.writeFileSync(path.join(templates, 'base.html'),
      baseHtml.replace('{% block footer %}', `{% block footer %}<p class="agency-note">${note}</p>`));
  };
  const noteShown = (page, note) => page.waitForFunction(
    (n) => document.querySelector('.agency-note')?.textContent === n, note, { timeout: 10000 });
  try {
    await s.page.goto(`${base}/et/handbook/hindamine/`);
    writeNote('Amet: kohalik koopia');
    await noteShown(s.page, 'Amet: kohalik koopia');
    // An edit of the template is picked up too.
    writeNote('Amet: muudetud');
    await noteShown(s.page, 'Amet: muudetud');
  } finally {
    removed = (await whenBuilt(`${base}/et/handbook/hindamine/`, (html) => !html.includes('agency-note'))).built;
    fs.rmSync(templates, { recursive: true, force: true });
    await s.context.close();
  }
  // Removing the folder brings the theme's own footer back.
  const s2 = await newPage(browser);
  try {
    await s2.page.goto(await removed);
    assert.equal(await s2.page.locator('.agency-note').count(), 0);
    // Made again: watched again.
    writeNote('Amet: uuesti');
    await noteShown(s2.page, 'Amet: uuesti');
    writeNote('Amet: uuesti muudetud');
    await noteShown(s2.page, 'Amet: uuesti muudetud');
  } finally {
    fs.rmSync(templates, { recursive: true, force: true });
    await s2.context.close();
  }
});

test('a saved edit appears in the open tab without reloading by hand', { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser);
  try {
    await s.page.goto(`${base}/et/handbook/hindamine/`);
    const file = path.join(root, 'content/handbook/hindamine.et.md');
    const original = fs.readFileSync(file, 'utf8');
    // A heading: its anchor changes, so links elsewhere are checked again.
    fs.writeFileSync(file, original.replace('## 2.1 ', '## 2.1 Uuendatud: '));
    await s.page.waitForFunction(() => document.body.innerText.includes('Uuendatud:'), null, { timeout: 10000 });

    // A broken link: the overlay names the file and line; the last good text stays.
    fs.writeFileSync(file, original.replace('## 2.1 ', '## 2.1 [katki](puuduv.md) '));
    const overlay = s.page.locator('#raamat-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 10000 });
    const text = await overlay.innerText();
    assert.match(text, /puuduv\.md/);
    assert.match(text, /content\/handbook\/hindamine\.et\.md:\d+/);
    assert.ok((await s.page.locator('article.content').innerText()).includes('Uuendatud:'), 'the last good page stays');

    // Fixed again: the overlay goes away with the reload.
    fs.writeFileSync(file, original);
    await s.page.waitForFunction(() => !document.getElementById('raamat-error-overlay') && !document.body.innerText.includes('Uuendatud:'), null, { timeout: 10000 });
    assert.deepEqual(s.foreign, []);
  } finally { await s.context.close(); }
});

test('a tab opened while an edit is being built catches up with it', { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser);
  const file = path.join(root, 'content/handbook/hindamine.et.md');
  const original = fs.readFileSync(file, 'utf8');
  const sentence = 'Kokkuvõte koostatakse kahe nädala jooksul.';
  // The tab's event stream opens only once the edit is built and announced:
  // the announcement is over before the tab starts listening.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await s.page.route('**/__raamat/events', async (route) => { await held; await route.continue(); });
  try {
    const url = `${base}/et/handbook/hindamine/`;
    const { built } = await whenBuilt(url, (html) => html.includes(sentence));
    await s.page.goto(url);
    assert.ok(!(await s.page.locator('body').innerText()).includes(sentence), 'the page as it was');
    fs.writeFileSync(file, original.replace('\n\n## 2.3 ', ` ${sentence}\n\n## 2.3 `));
    await built;
    release();
    await s.page.waitForFunction((t) => document.body.innerText.includes(t), sentence, { timeout: 10000 });
    assert.deepEqual(s.pageErrors, []);
  } finally {
    release();
    fs.writeFileSync(file, original);
    await s.context.close();
  }
});

/** The handbook's offline copy, downloaded from the preview as a reader would. */
async function offlineCopy(lang) {
  const response = await fetch(`${base}/${lang}/handbook.zip`);
  assert.equal(response.status, 200);
  return new AdmZip(Buffer.from(await response.arrayBuffer()));
}

test('search and the offline copy in the preview find the text just saved',  { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser);
  const file = path.join(root, 'content/handbook/hindamine.et.md');
  const original = fs.readFileSync(file, 'utf8');
  const word = 'mustikakisselli';
  const results = async () => {
    await s.page.goto(`${base}/et/search/?q=${word}`);
    await s.page.waitForFunction(() => document.getElementById('search-status').textContent !== '', null, { timeout: 10000 });
    return s.page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
  };
  try {
    assert.deepEqual(await results(), [], 'not on the site yet');
    fs.writeFileSync(file, original.replace('\n\n## 2.3 ', ` Kohtumisel pakuti ${word}.\n\n## 2.3 `));
    await s.page.goto(`${base}/et/handbook/hindamine/`);
    await s.page.waitForFunction((w) => document.body.innerText.includes(w), word, { timeout: 10000 });
    const found = await results();
    assert.deepEqual(found.map((h) => h.split('#')[0]), ['/et/handbook/hindamine/'], 'search finds the new text');
    const holding = (await offlineCopy('et')).getEntries().filter((e) => e.getData().toString('utf8').includes(word)).map((e) => e.entryName);
    assert.ok(holding.some((n) => n.endsWith('hindamine/index.html')), `the copy's page: ${holding}`);
    assert.ok(holding.some((n) => /search\/et\/c-.*\.js$/.test(n)), `the copy's own search index: ${holding}`);
    assert.deepEqual(s.pageErrors, []);
  } finally {
    fs.writeFileSync(file, original);
    await s.context.close();
  }
});

test('a new page is found by search and is in the offline copy; deleted, it is gone from both', { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser);
  const file = path.join(root, 'content/handbook/kohtumiste-kava.et.md');
  const word = 'pohlakisselli';
  // A tab of its own for each search: a tab left open on the search page
  // takes the page's updates (its list changes with the pages) and may reload.
  const results = async () => {
    const tab = await s.context.newPage();
    try {
      await tab.goto(`${base}/et/search/?q=${word}`);
      await tab.waitForFunction(() => document.getElementById('search-status').textContent !== '', null, { timeout: 10000 });
      return await tab.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href').split('#')[0]));
    } finally { await tab.close(); }
  };
  const inCopy = async () => (await offlineCopy('et')).getEntries()
    .filter((e) => e.getData().toString('utf8').includes(word)).map((e) => e.entryName);
  try {
    assert.deepEqual(await results(), [], 'not on the site yet');
    const { built } = await whenBuilt(`${base}/et/handbook/kohtumiste-kava/`, (html) => html.includes(word));
    fs.writeFileSync(file, `+++\ntitle = "Kohtumiste kava"\nweight = 99\n+++\n\nIgal kohtumisel pakutakse ${word}.\n`);
    await built;
    assert.deepEqual(await results(), ['/et/handbook/kohtumiste-kava/'], 'search finds the new page');
    const holding = await inCopy();
    assert.ok(holding.some((n) => n.endsWith('kohtumiste-kava/index.html')), `the copy's page: ${holding}`);
    assert.ok(holding.some((n) => /search\/et\/c-.*\.js$/.test(n)), `the copy's own index: ${holding}`);

    const gone = (await whenBuilt(`${base}/et/handbook/kohtumiste-kava/`, (html) => !html.includes(word))).built;
    fs.rmSync(file);
    await gone;
    const response = await fetch(`${base}/et/handbook/kohtumiste-kava/`);
    assert.equal(response.status, 404, 'its page is gone');
    assert.deepEqual(await results(), [], 'search no longer finds it');
    assert.deepEqual(await inCopy(), [], 'nor does the copy hold it');
  } finally {
    fs.rmSync(file, { force: true });
    await s.context.close();
  }
});

test("an edit of the theme's CSS restyles the open tab in place", { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser, { viewport: { width: 1280, height: 600 } });
  const theme = path.join(root, 'themes', 'oma');
  const config = path.join(root, 'raamat.toml');
  const original = fs.readFileSync(config, 'utf8');
  try {
    // The site's own copy of the default theme, as a designer would start one.
    fs.cpSync(path.join(REPO, 'themes', 'default'), theme, { recursive: true });
    const baseHtml = path.join(theme, 'templates', 'base.html');
    fs.writeFileSync(baseHtml, fs.readFileSync(baseHtml, 'utf8').replace('<footer class="site-footer">', '<footer class="site-footer" data-theme="oma">'));
    // The new setting is a full build: the page is the theme's once it is done.
    const { built } = await whenBuilt(`${base}/et/handbook/hindamine/`, (html) => html.includes('data-theme="oma"'));
    fs.writeFileSync(config, original.replace(/^theme = "default"$/m, 'theme = "oma"'));
    await s.page.goto(await built);
    assert.equal(await s.page.locator('footer[data-theme="oma"]').count(), 1, 'the site uses its own theme');
    await s.page.evaluate(() => { window.scrollTo(0, 900); window.__sameDocument = true; });
    const css = path.join(theme, 'static', 'style.css');
    fs.appendFileSync(css, '\n.site-footer { outline: 3px solid rgb(1, 2, 3); }\n');
    await s.page.waitForFunction(() => getComputedStyle(document.querySelector('.site-footer')).outlineColor === 'rgb(1, 2, 3)',
      null, { timeout: 10000 });
    const kept = await s.page.evaluate(() => ({ same: window.__sameDocument === true, y: window.scrollY }));
    assert.ok(kept.same && kept.y > 800, `restyled in place, scroll position kept: ${JSON.stringify(kept)}`);
    assert.deepEqual(s.pageErrors, []);
    // The handbook's offline copy has the new style too.
    const styled = (await offlineCopy('et')).getEntries()
      .some((e) => e.entryName.endsWith('theme/style.css') && e.getData().toString('utf8').includes('rgb(1, 2, 3)'));
    assert.ok(styled, "the offline copy's stylesheet is the new one");
  } finally {
    fs.writeFileSync(config, original);
    fs.rmSync(theme, { recursive: true, force: true });
    await s.context.close();
  }
});
