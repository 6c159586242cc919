'use strict';
// Accessibility: axe-core (WCAG 2.1 A/AA rules) and HTML_CodeSniffer (WCAG2AA, the engine
// of pa11y) on every module with feedback showing,
// keyboard navigation and focus management, and a 360 px wide phone screen.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { harness, d } = require('../lib/harness');
const { contentModules } = require('../lib/scenarios');
const { htmlcs } = require('../lib/htmlcs');

const AXE = path.join(__dirname, '..', 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function axe(frame) {
  if (!(await frame.evaluate(() => typeof window.axe !== 'undefined'))) await frame.addScriptTag({ path: AXE });
  return frame.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ` +
      v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join('\n    '));
  }, TAGS);
}

const h = harness();
before(h.start);
after(h.stop);

for (const pkg of h.packages) {
  describe(pkg.name, () => {
    test('axe-core and HTML_CodeSniffer find no WCAG 2.1 A/AA violations on any module, with feedback and results showing', async () => {
      const s = await h.launch(pkg, { patch: { maxAttempts: 2 } });
      try {
        const { data, frame } = s;
        const problems = [];
        for (const id of contentModules(data)) {
          await d.doChecks(frame, data, [id], (x, i) => i % 2 === 1);
          for (const v of await axe(frame)) problems.push(`[${id}] ${v}`);
          for (const v of await htmlcs(frame)) problems.push(`[${id}] HTMLCS ${v}`);
        }
        if (d.hasTest(data)) {
          await d.doTest(frame, data, (x, i) => i === 0);
          for (const v of await axe(frame)) problems.push(`[test] ${v}`);
          for (const v of await htmlcs(frame)) problems.push(`[test] HTMLCS ${v}`);
        }
        assert.deepEqual(problems, []);
        await h.exit(s);
        await h.verifySession(s);
      } finally { await s.close(); }
    });

    (pkg.primary ? test : () => {})('keyboard: menu links switch modules and move focus to the module heading', async () => {
      const s = await h.launch(pkg);
      try {
        const { data, frame } = s;
        const target = data.modules[data.modules.length > 1 ? 1 : 0];
        await frame.locator(`.course-menu a[data-module=${d.q(target.id)}]`).focus();
        await frame.locator(`.course-menu a[data-module=${d.q(target.id)}]`).press('Enter');
        assert.equal(await d.currentModule(frame), target.id);
        const focused = await frame.evaluate(() => {
          const a = document.activeElement;
          return { tag: a.tagName, module: a.closest('section.module') && a.closest('section.module').getAttribute('data-module') };
        });
        assert.match(focused.tag, /^H[1-3]$/, 'focus is on the module heading');
        assert.equal(focused.module, target.id);
        assert.equal(await frame.locator(`.course-menu a[data-module=${d.q(target.id)}]`).getAttribute('aria-current'), 'page');
        assert.ok((await frame.evaluate(() => location.hash)).endsWith(`#m-${target.id}`), 'hash follows the module');
        // Hash navigation: #m-<module>
        const first = data.modules[0].id;
        await frame.evaluate((id) => { location.hash = '#m-' + id; }, first);
        await frame.waitForSelector(`section.module[data-module=${d.q(first)}]:not([hidden])`);
        // Every input, select and button that is shown has an accessible name.
        const unnamed = await frame.evaluate(() => Array.from(document.querySelectorAll('#raamat-course input, #raamat-course select, #raamat-course button'))
          .filter((e) => e.offsetParent !== null)
          .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.textContent.trim())
          .map((e) => e.outerHTML.slice(0, 80)));
        assert.deepEqual(unnamed, []);
        await h.exit(s);
        await h.verifySession(s);
      } finally { await s.close(); }
    });

    test('readable on a 360 px wide phone: no horizontal scrolling', async () => {
      const s = await h.launch(pkg, { viewport: { width: 360, height: 740 } });
      try {
        const { data, frame } = s;
        const wide = [];
        for (const m of data.modules) {
          await d.gotoModule(frame, m.id);
          const w = await frame.evaluate(() => document.documentElement.scrollWidth);
          if (w > 360) wide.push(`${m.id}: ${w}px`);
        }
        assert.deepEqual(wide, []);
        if (process.env.RAAMAT_SCREENSHOTS) {
          await s.page.screenshot({ path: path.join(process.env.RAAMAT_SCREENSHOTS, `${pkg.name}-360.png`), fullPage: true });
        }
        await h.exit(s);
        await h.verifySession(s);
      } finally { await s.close(); }
    });
  });
}
