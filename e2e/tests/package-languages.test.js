'use strict';
// One package holding every language of a course (package_languages = "all" | "both"): the
// learner switches language inside the course at any moment and keeps every answer, the
// test and the status; the LMS sees one attempt.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { harness, d } = require('../lib/harness');
const { contentModules } = require('../lib/scenarios');

const h = harness();
before(h.start);
after(h.stop);

/** What a learner did in a question form, independent of the language it is shown in. */
function answers(frame, id) {
  return frame.evaluate((qid) => {
    const f = Array.from(document.querySelectorAll('form.question')).find((x) => x.getAttribute('data-question') === qid);
    return {
      checked: Array.from(f.querySelectorAll('input:checked')).map((i) => i.value),
      text: Array.from(f.querySelectorAll('input[type="text"]')).map((i) => i.value.trim()),
      selects: Array.from(f.querySelectorAll('select')).map((s) => s.value),
      order: Array.from(f.querySelectorAll('ol.ordering > li[data-item]')).map((li) => li.getAttribute('data-item')),
      judged: f.classList.contains('is-correct') ? 'right' : f.classList.contains('is-incorrect') ? 'wrong' : '',
    };
  }, id);
}
const lang = (frame) => frame.evaluate(() => ({
  shell: document.getElementById('raamat-course').getAttribute('data-lang'),
  html: document.documentElement.lang,
  boxes: Array.from(document.querySelectorAll('.course-lang')).map((b) => b.getAttribute('data-lang')),
}));

async function switchTo(s, code) {
  await s.frame.click(`[data-switch-lang="${code}"]`);
  await s.frame.waitForFunction((c) => document.getElementById('raamat-course').getAttribute('data-lang') === c, code);
  s.data = await d.readCourse(s.frame);
}

for (const version of ['12', '2004']) {
  const pkg = h.packages.find((p) => p.version === version && p.lang === 'all' && !p.fixture);
  if (!pkg) continue;
  describe(pkg.name, () => {
    test('switching language mid-course keeps answers, test and status; the LMS sees one attempt', async () => {
      const s = await h.launch(pkg);
      let cmi;
      try {
        const first = s.data;
        const codes = (await s.frame.getAttribute('#raamat-course', 'data-languages')).split(' ');
        assert.ok(codes.length >= 2, 'the package holds several languages');
        assert.deepEqual(await lang(s.frame), { shell: codes[0], html: codes[0], boxes: [codes[0]] }, 'one language in the page at a time');
        const mods = contentModules(first);
        const checks = await d.doChecks(s.frame, first, mods.slice(0, 1), () => true);
        assert.ok(checks.length > 0);
        const before = {};
        for (const a of checks) before[a.x.id] = await answers(s.frame, a.x.id);
        await d.gotoModule(s.frame, mods[1]);

        await switchTo(s, codes[1]);
        assert.deepEqual(await lang(s.frame), { shell: codes[1], html: codes[1], boxes: [codes[1]] });
        assert.equal(s.data.lang, codes[1]);
        assert.equal(await d.currentModule(s.frame), mods[1], 'the same module, in the other language');
        const progress = (await s.frame.locator('.course-progress').innerText()).trim();
        assert.equal(progress, d.fmt(s.data.strings.progress, { done: 2, total: s.data.modules.length }), 'progress in the new language');
        for (const a of checks) assert.deepEqual(await answers(s.frame, a.x.id), before[a.x.id], `${a.x.id} answered in ${codes[0]}, kept in ${codes[1]}`);

        const more = await d.doChecks(s.frame, s.data, mods.slice(1), () => true);
        let t = null;
        if (d.hasTest(s.data)) t = await d.doTest(s.frame, s.data, () => true);

        await switchTo(s, codes[0]);
        assert.equal(await d.currentModule(s.frame), d.hasTest(s.data) ? d.testModuleId(s.data) : mods[mods.length - 1]);
        if (t) {
          const result = (await s.frame.locator(`${d.TEST_SECTION.split(', ')[0]} .test-result`).innerText()).trim();
          assert.ok(result.includes(s.data.strings.passed), `the result, in ${codes[0]}: ${result}`);
          for (const id of t.drawn) assert.equal((await answers(s.frame, id)).judged, 'right', `${id} shown as right`);
        }
        await h.exit(s);
        const log = await h.verifySession(s);
        await h.verifyOutcome(s, log, { status: d.expectedStatus(s.data, 100), raw: t ? 100 : null });
        const ints = h.verifyInteractions(s, log, checks.concat(more, t ? t.answers : []));
        if (version === '2004') {
          assert.ok(ints.slice(0, checks.length).every((i) => i.description.startsWith(`{lang=${codes[0]}}`)), 'interactions say the language');
          assert.ok(ints.slice(checks.length).every((i) => i.description.startsWith(`{lang=${codes[1]}}`)));
        }
        const pref = version === '12' ? 'cmi.student_preference.language' : 'cmi.learner_preference.language';
        assert.equal(d.last(log, pref), codes[0], 'the language chosen last is the learner\'s preference');
        cmi = d.persistedCmi(log, version);
        cmi[version === '12' ? 'student_preference' : 'learner_preference'] = { language: codes[1] };
      } finally { await s.close(); }

      // A relaunch opens in the preferred language with everything kept.
      const s2 = await h.launch(pkg, { cmi });
      try {
        const codes = (await s2.frame.getAttribute('#raamat-course', 'data-languages')).split(' ');
        assert.equal((await lang(s2.frame)).shell, codes[1], 'starts in the learner\'s language');
        const data = await d.readCourse(s2.frame);
        const progress = (await s2.frame.locator('.course-progress').innerText()).trim();
        assert.equal(progress, d.fmt(data.strings.progress, { done: data.modules.length, total: data.modules.length }));
      } finally { await s2.close(); }
    });
  });
}
