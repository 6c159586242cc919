'use strict';
// The LMS scenarios, run for every package of one SCORM version (tests/scorm12.test.js,
// tests/scorm2004.test.js). The course JSON in each package tells the right answers.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { harness, d } = require('./harness');

function contentModules(data) {
  const testId = d.testModuleId(data);
  return data.modules.filter((m) => !m.test && m.id !== testId).map((m) => m.id);
}

/** Snapshot of a question's form state and feedback, to compare across launches. */
function snapshot(frame, id) {
  return frame.evaluate((qid) => {
    const f = Array.from(document.querySelectorAll('form.question')).find((x) => x.getAttribute('data-question') === qid);
    const fb = f.querySelector('.feedback');
    return {
      options: Array.from(f.querySelectorAll('.option')).map((o) => o.getAttribute('data-option')),
      checked: Array.from(f.querySelectorAll('input:checked')).map((i) => i.value),
      text: Array.from(f.querySelectorAll('input[type="text"], textarea')).map((i) => i.value.trim()),
      selects: Array.from(f.querySelectorAll('select')).map((s) => s.value),
      order: Array.from(f.querySelectorAll('ol.ordering > li[data-item]')).map((li) => li.getAttribute('data-item')),
      feedback: fb ? fb.innerText.trim() : '',
    };
  }, id);
}

function defineScenarios(version) {
  const h = harness();
  const packages = h.packages.filter((p) => p.version === version);
  before(h.start);
  after(h.stop);

  for (const pkg of packages) {
    describe(pkg.name, () => {
      // Language-independent scenarios run for a course's first language only (see packages.js).
      const primaryTest = pkg.primary ? test : () => {};
      test('all answers right: passed (or completed), score 100, interactions correct, finish once', async () => {
        const s = await h.launch(pkg);
        try {
          const { data, frame } = s;
          const mods = contentModules(data);
          const checks = await d.doChecks(frame, data, mods, () => true);
          let t = null;
          if (d.hasTest(data)) {
            t = await d.doTest(frame, data, () => true);
            assert.equal(t.score, 100);
            assert.ok(t.resultText.includes(d.fmt(data.strings.score, { score: 100 })), `result shows the score: ${t.resultText}`);
            assert.ok(t.resultText.includes(d.fmt(data.strings.passed, { passMark: data.passMark })), 'result says passed');
          }
          const total = data.modules.length;
          const progress = (await frame.locator('.course-progress').innerText()).trim();
          assert.equal(progress, d.fmt(data.strings.progress, { done: total, total }), 'progress indicator');
          const notice = await h.exit(s);
          assert.ok(notice.includes(data.strings.finished), 'exit notice');
          const log = await h.verifySession(s);
          await h.verifyOutcome(s, log, { status: d.expectedStatus(data, 100), raw: t ? 100 : null });
          h.verifyInteractions(s, log, checks.concat(t ? t.answers : []));
        } finally { await s.close(); }
      });

      test('all answers wrong: failed with the right score, test locked after the last attempt', async () => {
        const s = await h.launch(pkg, { patch: { maxAttempts: 1 } });
        try {
          const { data, frame } = s;
          const checks = await d.doChecks(frame, data, contentModules(data), () => false);
          let t = null;
          if (d.hasTest(data)) {
            t = await d.doTest(frame, data, () => false);
            const passed = t.score >= data.passMark;
            if (!passed) {
              assert.ok(t.resultText.includes(d.fmt(data.strings.failed, { passMark: data.passMark })), 'result says failed');
              assert.ok(t.resultText.includes(data.strings.no_attempts), `locked message: ${t.resultText}`);
              assert.equal(await frame.locator('[data-retry-test]').isVisible(), false, 'no try-again button');
              assert.equal(await frame.locator('[data-submit-test]').isVisible(), false, 'no submit button');
              const enabled = await frame.locator(`${d.TEST_SECTION.split(', ')[0]} form.question:not([hidden]) input:not([disabled])`).count();
              assert.equal(enabled, 0, 'the answers of a locked test cannot change');
            }
          }
          await h.exit(s);
          const log = await h.verifySession(s);
          await h.verifyOutcome(s, log, { status: d.expectedStatus(s.data, t ? t.score : 0), raw: t ? t.score : null });
          h.verifyInteractions(s, log, checks.concat(t ? t.answers : []));
        } finally { await s.close(); }
      });

      primaryTest('failedStatus "incomplete": a failed test reports incomplete', async (tt) => {
        const probe = await h.launch(pkg, { patch: { failedStatus: 'incomplete' }, moodle: false });
        try {
          const { data, frame } = probe;
          if (!d.hasTest(data) || data.completion === 'all-pages' || data.passMark <= 0) { tt.skip('no test that can be failed'); return; }
          assert.equal(data.failedStatus, 'incomplete');
          await d.doChecks(frame, data, contentModules(data), () => null);
          const t = await d.doTest(frame, data, () => false);
          assert.ok(t.score < data.passMark);
          await h.exit(probe);
          const log = await h.verifySession(probe);
          await h.verifyOutcome(probe, log, { status: 'incomplete', raw: t.score });
        } finally { await probe.close(); }
      });

      primaryTest('failed attempt, try again with a fresh draw, then pass', async (tt) => {
        const s = await h.launch(pkg, { patch: { maxAttempts: 2 } });
        try {
          const { data, frame } = s;
          if (!d.hasTest(data) || data.passMark <= 0) { tt.skip('no test that can be failed'); return; }
          const checks = await d.doChecks(frame, data, contentModules(data), () => null);
          assert.equal(checks.length, 0);
          const n = (await d.drawnTest(frame)).length;
          let k = Math.floor(n / 2);
          if (d.score(k, n) >= data.passMark) k = 0;
          const t1 = await d.doTest(frame, data, (x, i) => i < k);
          assert.equal(t1.score, d.score(k, n));
          assert.ok(t1.resultText.includes(d.fmt(data.strings.attempts_left, { left: 1 })), `attempts left: ${t1.resultText}`);
          const retry = frame.locator('[data-retry-test]');
          assert.ok(await retry.isVisible(), 'try-again button');
          await retry.click();
          assert.equal(await retry.isVisible(), false);
          assert.ok(await frame.locator('[data-submit-test]').isVisible(), 'submit is back');
          const cleared = await frame.evaluate((sel) => {
            const sec = document.querySelector(sel);
            const forms = Array.from(sec.querySelectorAll('form.question:not([hidden])'));
            return forms.every((f) => !f.querySelector('input:checked') && !f.querySelector('.feedback').textContent.trim() &&
              Array.from(f.querySelectorAll('input[type="text"]')).every((i) => !i.value) &&
              Array.from(f.querySelectorAll('select')).every((x) => !x.value)) && !sec.querySelector('.test-result').textContent.trim();
          }, d.TEST_SECTION);
          assert.ok(cleared, 'the new attempt starts empty');
          const t2 = await d.doTest(frame, data, () => true);
          assert.equal(t2.score, 100);
          await h.exit(s);
          const log = await h.verifySession(s);
          await h.verifyOutcome(s, log, { status: d.expectedStatus(data, 100), raw: 100 });
          h.verifyInteractions(s, log, t1.answers.concat(t2.answers));
          const sd = JSON.parse(d.last(log, 'cmi.suspend_data'));
          assert.equal(sd.t.a, 2, 'two attempts in suspend_data');
          assert.equal(sd.t.r, 100);
        } finally { await s.close(); }
      });

      test('close mid-course and relaunch: resumes at the same module with answers kept', async () => {
        const s1 = await h.launch(pkg);
        let cmi, visited, snaps, drawn, prevInteractions;
        const answered = [];
        try {
          const { data, frame } = s1;
          visited = contentModules(data).slice(0, 2);
          const checks = await d.doChecks(frame, data, visited, (x, i) => i % 2 === 0);
          answered.push(...checks);
          snaps = {};
          for (const a of checks) snaps[a.x.id] = await snapshot(frame, a.x.id);
          drawn = d.hasTest(data) ? await d.drawnTest(frame) : [];
          await h.unload(s1);
          const log = await h.verifySession(s1);
          assert.equal(d.last(log, s1.K.exit), 'suspend', 'exit = suspend while unfinished');
          assert.equal(d.last(log, s1.K.location), visited[visited.length - 1], 'location = the module shown last');
          if (s1.version === '12') assert.equal(d.last(log, s1.K.status), 'incomplete');
          else assert.equal(d.last(log, s1.K.completion), 'incomplete');
          h.verifyInteractions(s1, log, checks);
          prevInteractions = d.interactions(log).length;
          cmi = d.persistedCmi(log, s1.version);
        } finally { await s1.close(); }

        const s2 = await h.launch(pkg, { cmi });
        try {
          const { data, frame } = s2;
          const log0 = await s2.log();
          assert.ok(log0.some((e) => e.fn === s2.K.get && e.args[0] === s2.K.entry && e.r === 'resume'), 'the runtime read entry = resume');
          assert.equal(await d.currentModule(frame), visited[visited.length - 1], 'shows the module where the learner left off');
          const notice = frame.locator('.course-notice');
          assert.ok(await notice.isVisible(), 'resume notice shown');
          assert.ok((await notice.innerText()).includes(data.strings.resume));
          const total = data.modules.length;
          assert.equal((await frame.locator('.course-progress').innerText()).trim(), d.fmt(data.strings.progress, { done: visited.length, total }));
          for (const id of Object.keys(snaps)) assert.deepEqual(await snapshot(frame, id), snaps[id], `answer and feedback of ${id} kept`);
          if (drawn.length) assert.deepEqual(await d.drawnTest(frame), drawn, 'the same test questions are drawn');
          // Finish the course in this second session.
          const rest = contentModules(data).filter((m) => !visited.includes(m));
          const checks = await d.doChecks(frame, data, rest, () => true);
          let t = null;
          if (d.hasTest(data)) t = await d.doTest(frame, data, () => true);
          await h.exit(s2);
          const log = await h.verifySession(s2);
          await h.verifyOutcome(s2, log, { status: d.expectedStatus(data, 100), raw: t ? 100 : null });
          const ints = h.verifyInteractions(s2, log, checks.concat(t ? t.answers : []), { from: prevInteractions });
          if (ints.length) assert.equal(ints[0].n, prevInteractions, 'new interactions follow the stored ones');
          assert.equal(d.interactions(log).filter((it) => it.n < prevInteractions).length, 0, 'stored interactions are not overwritten');
        } finally { await s2.close(); }
      });

      primaryTest('close during the test and relaunch: same questions, answers kept, no feedback yet', async (tt) => {
        const s1 = await h.launch(pkg);
        let cmi, drawn, snaps, k;
        try {
          const { data, frame } = s1;
          if (!d.hasTest(data)) { tt.skip('course has no test'); return; }
          await d.gotoModule(frame, d.testModuleId(data));
          drawn = await d.drawnTest(frame);
          k = Math.max(1, Math.floor(drawn.length / 2));
          snaps = {};
          for (const id of drawn.slice(0, k)) {
            await d.answer(frame, data.questions.find((x) => x.id === id), true);
          }
          for (const id of drawn) snaps[id] = await snapshot(frame, id);
          await h.unload(s1);
          const log = await h.verifySession(s1);
          assert.equal(d.interactions(log).length, 0, 'nothing is scored before submitting');
          cmi = d.persistedCmi(log, s1.version);
        } finally { await s1.close(); }
        if (!cmi) return;
        const s2 = await h.launch(pkg, { cmi });
        try {
          const { data, frame } = s2;
          assert.equal(await d.currentModule(frame), d.testModuleId(data));
          assert.deepEqual(await d.drawnTest(frame), drawn, 'the same questions in the same order');
          for (const id of drawn) {
            const snap = await snapshot(frame, id);
            assert.deepEqual(snap, snaps[id], `test answer of ${id} kept`);
            assert.equal(snap.feedback, '', 'no feedback before submitting');
          }
          const gaps = drawn.slice(k).some((id) => data.questions.find((x) => x.id === id).kind !== 'ordering');
          await d.submitTest(frame, data, { expectWarning: gaps });
          const log = await s2.log();
          const expected = d.score(k, drawn.length);
          const mods = contentModules(data);
          const sd = JSON.parse(d.last(log, 'cmi.suspend_data'));
          assert.equal(sd.t.r, expected, 'score counts unanswered questions as wrong');
          if (data.completion !== 'all-pages-and-pass-test' || !mods.length) assert.equal(Number(d.last(log, s2.K.raw)), expected);
          else assert.equal(d.last(log, s2.K.raw), undefined, 'no score before all pages are visited');
          await h.unload(s2);
          await h.verifySession(s2);
        } finally { await s2.close(); }
      });

      primaryTest('the LMS opens the course in a new window: the API is found through window.opener', async () => {
        const { newPage } = require('./browser');
        const s = await newPage(h.browser);
        try {
          const K = d.KEYS[version];
          const [popup] = await Promise.all([
            s.page.waitForEvent('popup'),
            s.page.goto(h.server.hostUrl(pkg.name, { version, popup: true })),
          ]);
          const frame = await d.courseFrame(popup, { inIframe: false });
          const data = await d.readCourse(frame);
          await d.doChecks(frame, data, contentModules(data).slice(0, 1), () => true);
          await frame.click('[data-exit]');
          await s.page.waitForFunction((fn) => window.__log.some((e) => e.fn === fn), K.finish);
          assert.ok((await frame.locator('.course-notice').innerText()).includes(data.strings.finished));
          await popup.close();
          await s.page.waitForTimeout(50);
          const log = await d.getLog(s.page);
          assert.equal(log.filter((e) => e.fn === K.init).length, 1);
          assert.equal(log.filter((e) => e.fn === K.finish).length, 1, 'finish once, also when the window closes');
          assert.ok(d.setValues(log).every((v) => v.r === 'true'));
        } finally { await s.context.close(); }
      });

      if (version === '12' && pkg.primary) {
        test('longest possible answers still fit in 4096 characters of suspend_data', async () => {
          const s = await h.launch(pkg);
          try {
            const { data, frame } = s;
            const long = '"'.repeat(data.fillMaxLength || 60);
            for (const m of data.modules) {
              await d.gotoModule(frame, m.id);
              const ids = m.id === d.testModuleId(data) ? await d.drawnTest(frame) : d.moduleQuestions(data, m.id).map((x) => x.id);
              for (const id of ids) {
                const x = data.questions.find((y) => y.id === id);
                const form = frame.locator(d.qForm(id));
                if (!(await form.count())) continue;
                if (x.kind === 'fill') await form.locator('input[type="text"]').fill(long + 'x');
                else await d.answer(frame, x, false);
                if (m.id !== d.testModuleId(data)) await form.locator('button.check').click();
              }
            }
            if (d.hasTest(data)) await d.submitTest(frame, data);
            await h.exit(s);
            const log = await h.verifySession(s);
            const longest = Math.max(...d.setValues(log).filter((v) => v.key === 'cmi.suspend_data').map((v) => v.value.length));
            assert.ok(longest <= 4096, `suspend_data ${longest}`);
            const sd = JSON.parse(d.last(log, 'cmi.suspend_data'));
            const answeredCount = Object.keys(sd.q).length;
            assert.ok(answeredCount > 0, 'answers are kept');
          } finally { await s.close(); }
        });
      }
    });
  }
}

module.exports = { defineScenarios, contentModules, snapshot };
