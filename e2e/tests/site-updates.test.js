'use strict';
// A site updated while readers' browsers still keep its files: hosts let browsers keep
// them for a while (GitHub Pages: `max-age=600`), so a reader who searched before an
// update must not get results from the old index after it, nor old theme files.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch, newPage } = require('../lib/browser');

const BIN = process.env.RAAMAT_BIN
  || [path.join(REPO, 'target/release/raamat'), path.join(REPO, 'target/debug/raamat')].find((p) => fs.existsSync(p));

let browser, server, root;
before(async () => {
  if (!BIN) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raamat-updates-'));
  fs.copyFileSync(path.join(REPO, 'raamat.toml'), path.join(root, 'raamat.toml'));
  fs.cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
  server = await startServer({}, { siteRoot: path.join(root, 'public'), maxAge: 600 });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const build = () => execFileSync(BIN, ['build', '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/** Adds `text` as the last paragraph of a page of the handbook; returns how to undo it. */
function append(page, text) {
  const file = path.join(root, 'content', 'handbook', page);
  const original = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `${original.trimEnd()}\n\n${text}\n`);
  return () => fs.writeFileSync(file, original);
}

async function firstResult(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '');
  return page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
}

test('after an update, a browser that kept the old files finds what the new site says', { skip: !BIN && 'no raamat binary' }, async () => {
  // A sentence first on one page, then moved to another: the word's chunk and the
  // document numbers of both builds differ, while the address of each file stays.
  const sentence = 'Ööpäevaringse kriisiabi number on kirjas asutuse kodulehel.';
  const undo = append('hindamine.et.md', sentence);
  build();
  const s = await newPage(browser);
  try {
    const url = `${server.base}/et/search/?q=${encodeURIComponent('kriisiabi')}`;
    const before = await firstResult(s.page, url);
    assert.ok(before[0] && before[0].includes('/et/handbook/hindamine/'), `before the update: ${before}`);
    const themed = await s.page.$$eval('link[rel=stylesheet], script[src]', (es) => es.map((e) => e.getAttribute('href') || e.getAttribute('src')));
    assert.ok(themed.some((u) => /theme\/style\.css\?v=[0-9a-f]{8}$/.test(u)) && themed.some((u) => /theme\/search\.js\?v=[0-9a-f]{8}$/.test(u)),
      `theme files are named with the theme's version: ${themed}`);

    undo();
    append('supervisioon.et.md', sentence);
    build();
    // The same tab, the same address: the page and theme files may come from the cache.
    const after = await firstResult(s.page, url);
    assert.ok(after[0] && after[0].includes('/et/handbook/supervisioon/'), `after the update: ${after}`);
    assert.ok(!after.some((h) => h.includes('/et/handbook/hindamine/')), `the page it left is not found: ${after}`);
    const shown = await s.page.locator('#search-results li').first().innerText();
    assert.match(shown, /Supervisioon/, 'the result shows the new page');
    assert.deepEqual(s.pageErrors, []);
  } finally { await s.context.close(); }
});
