'use strict';
// Search on the built website (output 3: search/<lang>/*.js, themes/default/static/search.js):
// inflected queries find the right page first, in both languages; it works from a copy
// opened from disk; without JavaScript the page lists every page; axe finds nothing.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch, newPage } = require('../lib/browser');

const AXE = path.join(__dirname, '..', 'node_modules', 'axe-core', 'axe.min.js');
const env = process.env.RAAMAT_PACKAGES || '';
const siteRoot = process.env.RAAMAT_SITE || (env === 'fixture' ? '' : env ? path.dirname(path.resolve(env)) : path.join(REPO, 'public'));
const has = siteRoot && fs.existsSync(path.join(siteRoot, 'search', 'et', 'index.js'));

// A reader's word forms, and the page that must come first.
const QUERIES = {
  et: [
    ['võrgustikutöös', 'vorgustikutoo/'],
    ['vorgustikutoo', 'vorgustikutoo/'],
    ['MARAC-ide', '#riskikonverents'],
    ['riskitasemeid', '/et/handbook/hindamine/'],
  ],
  ru: [
    ['сетевой встречи', '/ru/handbook/vorgustikutoo/'],
    ['уровней риска', '/ru/handbook/hindamine/'],
  ],
};

let browser, server;
before(async () => {
  if (!has) return;
  server = await startServer({}, { siteRoot });
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (server) await server.close(); });

async function results(page) {
  await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '');
  return page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')));
}

describe('search', { skip: !has && 'no built site with a search index' }, () => {
  for (const [lang, queries] of Object.entries(QUERIES)) {
    test(`${lang}: inflected forms find the page; the count is announced with its plural form`, async () => {
      const s = await newPage(browser);
      try {
        await s.page.goto(`${server.base}/${lang}/`);
        for (const [q, want] of queries) {
          await s.page.goto(`${server.base}/${lang}/`);
          await s.page.fill('#site-search-q', q);
          await s.page.press('#site-search-q', 'Enter');
          await s.page.waitForURL(/\/search\/\?q=/);
          const hrefs = await results(s.page);
          assert.ok(hrefs.length > 0, `${q}: results`);
          assert.ok(hrefs[0].includes(want), `${q}: first ${hrefs[0]}, want ${want} (${hrefs.slice(0, 3).join(', ')})`);
          const status = (await s.page.locator('#search-status').innerText()).trim();
          const n = hrefs.length;
          const cat = new Intl.PluralRules(lang).select(n);
          const strings = JSON.parse(await s.page.locator('#search-strings').textContent());
          assert.equal(status, (strings[cat] || strings.other).replace('{n}', n));
          assert.ok(await s.page.locator('#search-results mark').count() > 0, 'the hit is marked in an excerpt');
        }
        // Typing: results appear while typing, the last word as a prefix.
        // A word that is not there is announced as not found; the first two letters of a
        // word being typed are not (they would be read out on every key).
        await s.page.fill('#search-q', 'qqqqq');
        await s.page.waitForFunction(() => document.getElementById('search-status').textContent === JSON.parse(document.getElementById('search-strings').textContent).none);
        await s.page.fill('#search-q', lang === 'et' ? 'võ' : 'се');
        await s.page.waitForFunction(() => document.getElementById('search-status').textContent === '', null, { timeout: 5000 });
        await s.page.fill('#search-q', '');
        await s.page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 0);
        await s.page.locator('#search-q').pressSequentially(lang === 'et' ? 'võrgustikut' : 'сетев');
        // A slow machine may pause between keys long enough to search a partial word
        // ("v" finds nothing); what counts is the result for the whole word.
        await s.page.waitForFunction(() => document.querySelectorAll('#search-results li a').length > 0, null, { timeout: 10000 })
          .catch(() => {});
        const typed = await s.page.$$eval('#search-results li a', (as) => as.length);
        assert.ok(typed > 0, 'results while typing');
        assert.deepEqual(s.pageErrors, []);
      } finally { await s.context.close(); }
    });
  }

  test('works from a copy opened from disk (file://)', async () => {
    const s = await newPage(browser);
    try {
      const file = 'file://' + path.join(path.resolve(siteRoot), 'et', 'search', 'index.html') + '?q=v%C3%B5rgustikut%C3%B6%C3%B6s';
      await s.page.goto(file);
      const hrefs = await results(s.page);
      assert.ok(hrefs[0].includes('vorgustikutoo/'), hrefs[0]);
    } finally { await s.context.close(); }
  });

  test('the offline copy of a handbook works from disk: navigation and search', async () => {
    const zip = path.join(siteRoot, 'et', 'handbook.zip');
    assert.ok(fs.existsSync(zip), 'et/handbook.zip is built');
    const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'raamat-offline-'));
    const s = await newPage(browser);
    try {
      require('node:child_process').execFileSync('unzip', ['-q', zip, '-d', dir]);
      const [top] = fs.readdirSync(dir);
      await s.page.goto('file://' + path.join(dir, top, 'index.html'));
      await s.page.waitForURL(/et\/handbook\/index\.html$/);
      // A chapter from the handbook's page, then the next chapter from the chapter.
      await s.page.locator('main a[href$="hindamine/index.html"]').first().click();
      await s.page.waitForURL(/hindamine\/index\.html$/);
      assert.match(await s.page.locator('h1').innerText(), /hindamine/i);
      const css = await s.page.evaluate(() => getComputedStyle(document.body).fontFamily);
      assert.ok(css && css !== 'Times New Roman', 'the theme CSS loads from the copy');
      // The header search opens the copy's search page; a result opens the copy's file.
      await s.page.fill('#site-search-q', 'võrgustikutöös');
      await s.page.press('#site-search-q', 'Enter');
      await s.page.waitForURL(/search\/index\.html\?q=/);
      const hrefs = await results(s.page);
      assert.ok(hrefs[0].includes('vorgustikutoo/index.html'), hrefs[0]);
      await s.page.locator('#search-results li a').first().click();
      await s.page.waitForURL(/vorgustikutoo\/index\.html/);
      assert.ok((await s.page.locator('h1').innerText()).length > 0);
      // A page outside the handbook is on the public site.
      const home = await s.page.locator('header a[href*="://"]').count();
      assert.ok(home > 0, 'links outside the copy point online');
    } finally {
      await s.context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without JavaScript: every page is listed', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.base}/et/search/?q=riskid`);
      assert.ok(await page.locator('#search-fallback').isVisible());
      const links = await page.locator('#search-fallback a').count();
      assert.ok(links >= 10, `${links} pages listed`);
    } finally { await context.close(); }
  });

  test('axe: no WCAG 2.1 A/AA violations on the search page with results', async () => {
    const s = await newPage(browser);
    try {
      await s.page.goto(`${server.base}/ru/search/?q=${encodeURIComponent('оценка')}`);
      await results(s.page);
      await s.page.addScriptTag({ path: AXE });
      const r = await s.page.evaluate(async () => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
      assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.length}`), []);
    } finally { await s.context.close(); }
  });
});
