'use strict';
// The runtime without an LMS: preview mode (progress in localStorage, with a notice) and the
// public site's self-check mode (data-mode="site": no storage, no tracking).
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { getPackages } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch, newPage } = require('../lib/browser');
const d = require('../lib/driver');
const { contentModules, snapshot } = require('../lib/scenarios');

const packages = getPackages().filter((p) => p.version === '12');
let browser, server;
before(async () => {
  server = await startServer(Object.fromEntries(packages.map((p) => [p.name, p.dir])));
  browser = await launch();
});
after(async () => { await browser.close(); await server.close(); });

function clean(s) {
  assert.deepEqual(s.foreign, [], 'requests to hosts other than 127.0.0.1');
  assert.deepEqual(s.pageErrors, []);
  assert.deepEqual(s.consoleMessages.filter((m) => m.includes('[raamat]') || m.startsWith('error:')), []);
}

for (const pkg of packages) {
  describe(pkg.name, () => {
    test('preview without an LMS: notice, progress kept in localStorage, resumes after reload', async () => {
      const s = await newPage(browser);
      try {
        await s.page.goto(server.base + server.scoUrl(pkg.name, { apiTimeout: 500 }));
        let frame = await d.courseFrame(s.page, { inIframe: false });
        const data = await d.readCourse(frame);
        const notice = frame.locator('.course-notice');
        assert.ok(await notice.isVisible());
        assert.ok((await notice.innerText()).includes(data.strings.no_lms), 'says progress is not saved in an LMS');
        assert.ok(!/preview|eelvaade|предпросмотр/i.test(await notice.innerText()), 'never calls it a preview');
        const mods = contentModules(data);
        const target = mods[mods.length > 1 ? 1 : 0];
        const checks = await d.doChecks(frame, data, [target], () => true);
        const snaps = {};
        for (const a of checks) snaps[a.x.id] = await snapshot(frame, a.x.id);
        const key = `raamat:${data.id}:${data.version}:${data.lang}`;
        const stored = await s.page.evaluate((k) => localStorage.getItem(k), key);
        assert.ok(stored, `localStorage ${key}`);
        assert.ok(JSON.parse(JSON.parse(stored)['cmi.suspend_data']).v === 2);
        await s.page.reload();
        frame = await d.courseFrame(s.page, { inIframe: false });
        assert.equal(await d.currentModule(frame), target, 'back at the same module');
        assert.ok((await notice.innerText()).includes(data.strings.resume), 'resume notice');
        assert.ok((await notice.innerText()).includes(data.strings.no_lms), 'no-LMS notice');
        for (const id of Object.keys(snaps)) assert.deepEqual(await snapshot(frame, id), snaps[id], `${id} kept`);
        clean(s);
      } finally { await s.context.close(); }
    });

    test('site mode: self-check only, nothing stored, the test shows its score', async () => {
      const s = await newPage(browser);
      try {
        await s.page.goto(server.base + server.scoUrl(pkg.name, { mode: 'site' }));
        const frame = await d.courseFrame(s.page, { inIframe: false });
        const data = await d.readCourse(frame);
        const hidden = await frame.locator('section.module[hidden]').count();
        assert.equal(hidden, 0, 'the runtime hides no module on the site');
        const first = data.questions.find((x) => x.module !== d.testModuleId(data));
        if (first) {
          await d.answer(frame, first, false);
          const text = await d.check(frame, first);
          assert.ok(text.includes(data.strings.incorrect), `feedback: ${text}`);
          await d.answer(frame, first, true);
          assert.ok((await d.check(frame, first)).includes(data.strings.correct));
        }
        if (d.hasTest(data)) {
          const drawn = await d.drawnTest(frame);
          for (const id of drawn) await d.answer(frame, data.questions.find((x) => x.id === id), true);
          await d.submitTest(frame, data, { expectWarning: false });
          const result = (await frame.locator('.test-result').innerText()).trim();
          assert.ok(result.includes(d.fmt(data.strings.score, { score: 100 })), result);
        }
        assert.equal(await s.page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
        assert.equal(await s.page.evaluate(() => document.cookie), '', 'no cookies');
        clean(s);
      } finally { await s.context.close(); }
    });
  });
}
