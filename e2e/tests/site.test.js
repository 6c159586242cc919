'use strict';
// The course modules on the public website (data-mode="site", one module per page): the
// runtime only checks answers. Uses the built site next to the packages (public/).
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch, newPage } = require('../lib/browser');
const d = require('../lib/driver');

const AXE = path.join(__dirname, '..', 'node_modules', 'axe-core', 'axe.min.js');
const env = process.env.RAAMAT_PACKAGES || '';
const siteRoot = process.env.RAAMAT_SITE || (env === 'fixture' ? '' : env ? path.dirname(path.resolve(env)) : path.join(REPO, 'public'));

function sitePages(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (!(dir === root && e.name === 'courses')) walk(p); }
      else if (e.name === 'index.html' && fs.readFileSync(p, 'utf8').includes('data-mode="site"')) out.push(path.relative(root, p));
    }
  };
  if (root && fs.existsSync(root)) walk(root);
  return out.sort();
}

const pages = sitePages(siteRoot);
let browser, server;
before(async () => {
  server = await startServer({}, { siteRoot });
  browser = await launch();
});
after(async () => { await browser.close(); await server.close(); });

describe('course pages on the website', () => {
  test('the built site has course pages', (t) => {
    if (env === 'fixture') { t.skip('RAAMAT_PACKAGES=fixture: no site'); return; }
    assert.ok(pages.length > 0, `no page with data-mode="site" under ${siteRoot}`);
  });

  for (const rel of pages) {
    test(`${rel}: self-check works, nothing stored, no WCAG 2.1 A/AA violations`, async () => {
      const s = await newPage(browser);
      try {
        await s.page.goto(`${server.base}/${rel.split(path.sep).join('/')}`);
        const frame = await d.courseFrame(s.page, { inIframe: false });
        const data = await d.readCourse(frame);
        const forms = await frame.$$eval('form.question', (fs) => fs.map((f) => f.getAttribute('data-question')));
        const testId = d.testModuleId(data);
        const onPage = data.questions.filter((x) => forms.includes(x.id));
        const isTest = onPage.some((x) => x.module === testId);
        if (isTest) {
          const drawn = await d.drawnTest(frame);
          assert.ok(drawn.length > 0, 'test questions are drawn');
          for (const id of drawn) await d.answer(frame, data.questions.find((x) => x.id === id), true);
          const result = await d.submitTest(frame, data, { expectWarning: false });
          assert.ok((await result.innerText()).includes(d.fmt(data.strings.score, { score: 100 })));
        } else {
          for (const x of onPage) {
            await d.answer(frame, x, false);
            assert.ok((await d.check(frame, x)).includes(data.strings.incorrect), `${x.id}: incorrect`);
            await d.answer(frame, x, true);
            assert.ok((await d.check(frame, x)).includes(data.strings.correct), `${x.id}: correct`);
          }
        }
        await frame.addScriptTag({ path: AXE });
        const violations = await frame.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
          return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
        });
        assert.deepEqual(violations, []);
        assert.equal(await s.page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
        assert.deepEqual(s.foreign, [], 'requests to hosts other than 127.0.0.1');
        assert.deepEqual(s.pageErrors, []);
        assert.deepEqual(s.consoleMessages.filter((m) => m.includes('[raamat]')), []);
      } finally { await s.context.close(); }
    });
  }
});
