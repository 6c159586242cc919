'use strict';
// The public website as readers use it, in Chromium: WCAG 2.1 A/AA (axe-core) on
// representative pages in both languages, switching language on the same page,
// the print layout, a phone-width screen, reading without JavaScript, and no
// request to any other host.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch, newPage } = require('../lib/browser');
const { htmlcs } = require('../lib/htmlcs');

const AXE = fs.readFileSync(path.join(__dirname, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const env = process.env.RAAMAT_PACKAGES || '';
const siteRoot = process.env.RAAMAT_SITE || (env === 'fixture' ? '' : env ? path.dirname(path.resolve(env)) : path.join(REPO, 'public'));
const skip = !siteRoot || !fs.existsSync(path.join(siteRoot, 'et'));

// One page of every kind, in both languages where it exists.
const PAGES = [
  '/', '/et/', '/ru/', '/et/handbook/', '/et/handbook/hindamine/', '/ru/handbook/hindamine/',
  '/et/handbook/juhtumiplaan/', '/ru/handbook/lisa-vormid/', '/ru/handbook/supervisioon/',
  '/et/handbook/tooprotsess/', '/et/courses/juhtumikorraldus/', '/ru/courses/juhtumikorraldus/', '/et/404.html',
  '/et/search/', '/ru/search/', '/et/accessibility/', '/ru/accessibility/', '/et/handbook/print/', '/ru/handbook/print/',
];

let browser, server;
before(async () => {
  if (skip) return;
  server = await startServer({}, { siteRoot });
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (server) await server.close(); });

async function axe(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  });
}

describe('the website in a browser', { skip: skip && 'no built site' }, () => {
  for (const url of PAGES) {
    test(`${url}: no WCAG 2.1 A/AA violations (axe-core, HTML_CodeSniffer), nothing from other hosts`, async () => {
      const s = await newPage(browser);
      try {
        const res = await s.page.goto(server.base + url);
        assert.ok(res.ok() || url.endsWith('404.html'), `${url} answered ${res.status()}`);
        assert.deepEqual(await axe(s.page), []);
        assert.deepEqual(await htmlcs(s.page), [], 'HTML_CodeSniffer WCAG2AA errors');
        assert.deepEqual(s.foreign, []);
        assert.deepEqual(s.pageErrors, []);
      } finally { await s.context.close(); }
    });
  }

  test('the language switcher leads to the same page in the other language', async () => {
    const s = await newPage(browser);
    try {
      await s.page.goto(`${server.base}/et/handbook/hindamine/`);
      const etTitle = await s.page.textContent('h1');
      await s.page.click('nav.lang-switcher a[hreflang="ru"]');
      await s.page.waitForURL(/\/ru\/handbook\/hindamine\/$/);
      assert.equal(await s.page.getAttribute('html', 'lang'), 'ru');
      assert.notEqual(await s.page.textContent('h1'), etTitle, 'the Russian title is shown');
      await s.page.click('nav.lang-switcher a[hreflang="et"]');
      await s.page.waitForURL(/\/et\/handbook\/hindamine\/$/);
      // An Estonian-only page: the switcher goes to the nearest translated section and says so.
      await s.page.goto(`${server.base}/et/handbook/supervisioon/`);
      const link = s.page.locator('nav.lang-switcher a[hreflang="ru"]');
      assert.match(await link.innerText(), /нет на русском/);
      await link.click();
      await s.page.waitForURL(/\/ru\/handbook\/$/);
    } finally { await s.context.close(); }
  });

  test('a Russian reader of an untranslated page is told so, and the text is marked Estonian', async () => {
    const s = await newPage(browser);
    try {
      await s.page.goto(`${server.base}/ru/handbook/supervisioon/`);
      const notice = s.page.locator('.notice-untranslated');
      assert.ok(await notice.isVisible());
      assert.equal(await notice.getAttribute('lang'), 'ru');
      assert.equal(await s.page.getAttribute('article.content', 'lang'), 'et');
    } finally { await s.context.close(); }
  });

  test('a printed chapter has no navigation and shows where links go', async () => {
    const s = await newPage(browser);
    try {
      await s.page.goto(`${server.base}/et/handbook/juhtumiplaan/`);
      await s.page.emulateMedia({ media: 'print' });
      for (const sel of ['.site-header', '.sidebar', '.breadcrumbs', '.prev-next', '.toc', '.print-button']) {
        const display = await s.page.$eval(sel, (e) => getComputedStyle(e).display);
        assert.equal(display, 'none', `${sel} is hidden in print`);
      }
      assert.ok(await s.page.isVisible('article.content h1'));
      const after = await s.page.$eval('article.content p a[href^="/"]', (a) => getComputedStyle(a, '::after').content);
      assert.match(after, /\(/, 'the link target is printed after the link');
    } finally { await s.context.close(); }
  });

  test('on a 360 px phone nothing scrolls sideways; wide tables scroll in their own region', async () => {
    const s = await newPage(browser, { viewport: { width: 360, height: 740 } });
    try {
      for (const url of ['/et/handbook/hindamine/', '/ru/handbook/hindamine/', '/ru/handbook/lisa-vormid/']) {
        await s.page.goto(server.base + url);
        const width = await s.page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 360, `${url} is ${width}px wide`);
      }
      await s.page.goto(`${server.base}/et/handbook/hindamine/`);
      const wrap = s.page.locator('.table-wrap').first();
      assert.equal(await wrap.getAttribute('tabindex'), '0', 'the scrolling table can be reached by keyboard');
      assert.ok(await wrap.evaluate((e) => e.scrollWidth > e.clientWidth), 'the wide table scrolls inside its region');
    } finally { await s.context.close(); }
  });

  test('pages read without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.base}/`);
      await page.click('a[hreflang="ru"]');
      await page.waitForURL(/\/ru\/$/);
      await page.goto(`${server.base}/et/handbook/hindamine/`);
      assert.ok(await page.isVisible('h1'));
      assert.ok(await page.isVisible('nav.sidebar'));
      assert.ok((await page.locator('article.content').innerText()).length > 1000);
      assert.equal(await page.isVisible('.print-button'), false, 'the print button needs JavaScript, so it stays hidden');
    } finally { await context.close(); }
  });

  test('the print button prints', async () => {
    const s = await newPage(browser);
    try {
      await s.page.goto(`${server.base}/et/handbook/hindamine/`);
      await s.page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
      await s.page.click('.print-button');
      assert.equal(await s.page.evaluate(() => window.__printed), 1);
    } finally { await s.context.close(); }
  });
});
