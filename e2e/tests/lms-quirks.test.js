'use strict';
// What real LMS players do that a plain scorm-again does not (../shared/notes/scorm-lms.md,
// imitated by the host page's quirks in lib/server.js), and what a learner does that the happy
// path does not: the record must never be lost or lowered. One package per SCORM version.
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { harness, d } = require('../lib/harness');
const { contentModules, snapshot } = require('../lib/scenarios');
const { courseData } = require('../lib/packages');

const h = harness();
before(h.start);
after(h.stop);

/** SetValue calls that reached the LMS. */
const sets = (log) => d.setValues(log).filter((v) => v.r === 'true');
const firstCheck = (data, mods) => data.questions.find((x) => mods.includes(x.module) && x.kind !== 'ordering');

for (const version of ['12', '2004']) {
  const candidates = h.packages.filter((p) => p.version === version && p.primary);
  const pkg = candidates.find((p) => !p.fixture) || candidates[0];
  if (!pkg) continue;
  describe(`${pkg.name}: LMS quirks`, () => {
    test('the API appears 3 s after the course: the course waits and tracks', async () => {
      const s = await h.launch(pkg, { quirks: { lateApi: 3000 }, readyTimeout: 20000 });
      try {
        const { data, frame } = s;
        const notice = (await frame.locator('.course-notice').innerText()).trim();
        assert.ok(!notice.includes(data.strings.no_lms), `no "not saved" notice: ${notice}`);
        const mods = contentModules(data).slice(0, 1);
        const checks = await d.doChecks(frame, data, mods, () => true);
        await h.exit(s);
        const log = await h.verifySession(s);
        h.verifyInteractions(s, log, checks);
      } finally { await s.close(); }
    });

    test('Initialize fails: the learner is told progress is not saved (never "preview")', async () => {
      const s = await h.launch(pkg, { quirks: { initFails: true } });
      try {
        const notice = (await s.frame.locator('.course-notice').innerText()).trim();
        assert.ok(notice.includes(s.data.strings.lms_failed), notice);
        assert.ok(!/preview|eelvaade|предпросмотр/i.test(notice));
      } finally { await s.close(); }
    });

    test('review mode of a finished attempt with no data (Moodle): nothing is written, the stored result is shown', async () => {
      const cmi = version === '12'
        ? { core: { lesson_mode: 'review', lesson_status: 'passed', entry: '', score: { raw: '90', min: '0', max: '100' } } }
        : { mode: 'review', entry: 'ab-initio', completion_status: 'completed', success_status: 'passed', score: { raw: '90', min: '0', max: '100', scaled: '0.9' } };
      const s = await h.launch(pkg, { cmi, moodle: false });
      try {
        const { data, frame } = s;
        const notice = (await frame.locator('.course-notice').innerText()).trim();
        assert.ok(notice.includes(data.strings.review), notice);
        assert.ok(notice.includes(d.fmt(data.strings.score, { score: 90 })), `the stored score: ${notice}`);
        assert.ok(notice.includes(data.strings.passed), 'the stored status');
        await d.doChecks(frame, data, contentModules(data), () => false);
        if (d.hasTest(data)) {
          await d.gotoModule(frame, d.testModuleId(data));
          assert.equal(await frame.locator('[data-submit-test]').isVisible(), false, 'the test cannot be submitted');
        }
        await h.exit(s);
        const log = await s.log();
        assert.deepEqual(d.setValues(log), [], 'no SetValue at all: status, score, exit, suspend_data, interactions untouched');
        const lms = await d.lmsState(s.page, version);
        if (version === '12') assert.equal(lms.status, 'passed');
        else { assert.equal(lms.completion, 'completed'); assert.equal(lms.success, 'passed'); }
      } finally { await s.close(); }
    });

    test('relaunch with no data after a completed attempt: status, score and progress do not go down', async () => {
      const cmi = version === '12'
        ? { core: { lesson_status: 'passed', entry: '', score: { raw: '90', min: '0', max: '100' } } }
        : { entry: 'ab-initio', completion_status: 'completed', success_status: 'passed', score: { raw: '90', min: '0', max: '100', scaled: '0.9' } };
      const s = await h.launch(pkg, { cmi, moodle: false });
      try {
        const { data, frame } = s;
        await d.doChecks(frame, data, contentModules(data).slice(0, 1), () => false);
        await h.exit(s);
        const log = await h.verifySession(s);
        const lms = await d.lmsState(s.page, version);
        if (version === '12') assert.equal(lms.status, 'passed');
        else {
          assert.equal(lms.completion, 'completed');
          assert.equal(lms.success, 'passed');
          const pm = d.last(log, s.K.progress);
          assert.ok(pm === undefined || Number(pm) === 1, `progress_measure ${pm}`);
        }
        assert.equal(Number(lms.raw), 90, 'the score stays');
      } finally { await s.close(); }
    });

    test('a fill-in answer with a comma reaches the LMS as one answer (SCORM 2004 escapes it)', async (tt) => {
      const data0 = courseData(pkg);
      const fill = data0.questions.find((x) => x.kind === 'fill' && x.module === d.testModuleId(data0));
      if (!fill) { tt.skip('no fill-in test question'); return; }
      const questions = data0.questions.map((x) => (x.id === fill.id ? Object.assign({}, x, { accepted: ['kahe, kaks'] }) : x));
      const s = await h.launch(pkg, { patch: { questions } });
      try {
        const { data, frame } = s;
        const t = await d.doTest(frame, data, () => true);
        if (!t.drawn.includes(fill.id)) { tt.skip('not drawn'); return; }
        await h.exit(s);
        const log = await h.verifySession(s);
        const it = d.interactions(log).find((i) => i.id === fill.id);
        assert.equal(it.result, 'correct');
        assert.equal(it['correct_responses.0.pattern'], version === '12' ? 'kahe, kaks' : 'kahe\\, kaks');
      } finally { await s.close(); }
    });

    test('no credit: nothing is written either', async () => {
      const cmi = version === '12' ? { core: { credit: 'no-credit' } } : { credit: 'no-credit' };
      const s = await h.launch(pkg, { cmi, moodle: false });
      try {
        const { data, frame } = s;
        await d.doChecks(frame, data, contentModules(data).slice(0, 1), () => true);
        await h.unload(s);
        assert.deepEqual(d.setValues(await s.log()), []);
      } finally { await s.close(); }
    });

    test('an LMS that answers "" for interactions._count: a relaunch numbers on, never over', async () => {
      const s1 = await h.launch(pkg);
      let cmi, first;
      try {
        const { data, frame } = s1;
        const checks = await d.doChecks(frame, data, contentModules(data).slice(0, 1), () => true);
        first = checks.length;
        assert.ok(first > 0, 'the first module has a knowledge check');
        await h.unload(s1);
        cmi = d.persistedCmi(await s1.log(), version);
      } finally { await s1.close(); }
      const s2 = await h.launch(pkg, { cmi, quirks: { emptyCount: true } });
      try {
        const { data, frame } = s2;
        const checks = await d.doChecks(frame, data, contentModules(data).slice(1, 2), () => true);
        await h.exit(s2);
        const log = await h.verifySession(s2);
        const ints = d.interactions(log);
        assert.ok(checks.length > 0);
        assert.equal(Math.min(...ints.map((i) => i.n)), first, 'new interactions start after the stored ones');
      } finally { await s2.close(); }
    });

    test('SetValue and Commit fail for a while: the learner is told, the answer is sent again and reaches the LMS', async () => {
      const s = await h.launch(pkg);
      try {
        const { data, frame } = s;
        const mods = contentModules(data).slice(0, 1);
        await d.gotoModule(frame, mods[0]);
        await s.page.evaluate(() => { window.__fail = true; });
        const x = firstCheck(data, mods);
        await d.answer(frame, x, true);
        await d.check(frame, x);
        const notice = frame.locator('.course-notice');
        await frame.waitForFunction((t) => document.querySelector('.course-notice').innerText.includes(t), data.strings.save_failed);
        await s.page.evaluate(() => { window.__fail = false; });
        await frame.waitForFunction((t) => !document.querySelector('.course-notice').innerText.includes(t), data.strings.save_failed, { timeout: 10000 });
        assert.ok(!(await notice.innerText()).includes(data.strings.save_failed), 'the notice goes once saving works');
        const log = await s.log();
        const ok = sets(log);
        const sd = ok.filter((v) => v.key === 'cmi.suspend_data').pop();
        assert.ok(sd && JSON.parse(sd.value).q[x.id] !== undefined, 'the answer reached the LMS');
        assert.ok(ok.some((v) => /^cmi\.interactions\.\d+\.result$/.test(v.key)), 'and its interaction');
        const commits = log.filter((e) => e.fn === s.K.commit);
        assert.equal(commits[commits.length - 1].r, 'true', 'committed');
      } finally { await s.close(); }
    });

    test('unreadable resume data is kept in the LMS until the learner chooses to start over', async () => {
      const garbage = version === '12' ? { suspend_data: 'v=1;kaotatud', core: { entry: 'resume' } } : { suspend_data: 'v=1;kaotatud', entry: 'resume' };
      const s1 = await h.launch(pkg, { cmi: garbage });
      try {
        const { data, frame } = s1;
        const notice = (await frame.locator('.course-notice').innerText()).trim();
        assert.ok(notice.includes(data.strings.resume_unreadable), notice);
        assert.ok(!notice.includes(data.strings.resume), 'not "you continue where you left off"');
        await d.doChecks(frame, data, contentModules(data).slice(0, 1), () => true);
        await h.unload(s1);
        assert.ok(!d.setValues(await s1.log()).some((v) => v.key === 'cmi.suspend_data'), 'suspend_data untouched');
      } finally { await s1.close(); }
      const s2 = await h.launch(pkg, { cmi: garbage });
      try {
        await s2.frame.click('[data-start-over]');
        await h.exit(s2);
        const log = await h.verifySession(s2, { warnings: true });
        assert.equal(JSON.parse(d.last(log, 'cmi.suspend_data')).v, 2, 'after starting over, progress is saved again');
      } finally { await s2.close(); }
    });

    test('a republished course: answers to the questions it still has are kept, a removed one is dropped', async () => {
      const s1 = await h.launch(pkg);
      let cmi, mods, snaps = {}, removed;
      try {
        const { data, frame } = s1;
        mods = contentModules(data).slice(0, 2);
        const checks = await d.doChecks(frame, data, mods, () => true);
        assert.ok(checks.length >= 2);
        for (const a of checks) snaps[a.x.id] = await snapshot(frame, a.x.id);
        removed = checks[0].x.id;
        await h.unload(s1);
        cmi = d.persistedCmi(await s1.log(), version);
      } finally { await s1.close(); }
      const s2 = await h.launch(pkg, { cmi, patch: { version: '9.9.9', questions: courseData(pkg).questions.filter((x) => x.id !== removed) } });
      try {
        const { data, frame } = s2;
        const notice = (await frame.locator('.course-notice').innerText()).trim();
        assert.ok(notice.includes(data.strings.updated), notice);
        for (const id of Object.keys(snaps)) {
          const snap = await snapshot(frame, id);
          if (id === removed) assert.deepEqual(snap.checked.concat(snap.text.filter(Boolean)), [], `${id} is no longer a question: not restored`);
          else assert.deepEqual(snap, snaps[id], `${id} kept`);
        }
        const progress = (await frame.locator('.course-progress').innerText()).trim();
        assert.equal(progress, d.fmt(data.strings.progress, { done: mods.length, total: data.modules.length }), 'visited modules kept');
        await h.unload(s2);
        const sd = JSON.parse(d.last(await s2.log(), 'cmi.suspend_data'));
        assert.equal(sd.c, '9.9.9', 'the new version is stored');
        assert.equal(sd.q[removed], undefined);
      } finally { await s2.close(); }
    });

    test('a second window of the same attempt is read-only; the first one keeps the record', async () => {
      const s1 = await h.launch(pkg);
      let s2;
      try {
        const { data, frame } = s1;
        s2 = await h.launch(pkg, { context: s1 });
        const notice = (await s2.frame.locator('.course-notice').innerText()).trim();
        assert.ok(notice.includes(data.strings.second_window), notice);
        await d.doChecks(s2.frame, data, contentModules(data).slice(0, 1), () => false);
        await s2.page.evaluate(() => window.__closeSco());
        await s2.page.waitForTimeout(100);
        assert.deepEqual(d.setValues(await s2.log()), [], 'the second window writes nothing');
        assert.equal((await s2.log()).filter((e) => e.fn === s2.K.finish).length, 0, 'nor finishes the attempt');
        await s2.page.close();
        const checks = await d.doChecks(frame, data, contentModules(data).slice(0, 1), () => true);
        await h.exit(s1);
        const log = await h.verifySession(s1);
        h.verifyInteractions(s1, log, checks);
      } finally { await s1.close(); }
    });

    test('back/forward cache: pagehide commits without finishing, pageshow carries on', async () => {
      const s = await h.launch(pkg);
      try {
        const { data, frame } = s;
        const mods = contentModules(data);
        await d.doChecks(frame, data, mods.slice(0, 1), () => true);
        await frame.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
        let log = await s.log();
        assert.equal(log.filter((e) => e.fn === s.K.finish).length, 0, 'not finished');
        assert.equal(log[log.length - 1].fn, s.K.commit, 'committed');
        assert.ok(d.last(log, s.K.time), 'with the session time');
        await frame.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
        const checks = await d.doChecks(frame, data, mods.slice(1, 2), () => true);
        await h.exit(s);
        log = await h.verifySession(s);
        assert.ok(d.interactions(log).length >= checks.length);
      } finally { await s.close(); }
    });

    test('the window is closed while typing a test answer: the typed text is saved', async (tt) => {
      const s1 = await h.launch(pkg);
      let cmi, fill;
      try {
        const { data, frame } = s1;
        if (!d.hasTest(data)) { tt.skip('no test'); return; }
        await d.gotoModule(frame, d.testModuleId(data));
        const drawn = await d.drawnTest(frame);
        fill = drawn.map((id) => data.questions.find((x) => x.id === id)).find((x) => x.kind === 'fill');
        if (!fill) { tt.skip('no fill-in question drawn'); return; }
        const input = frame.locator(`${d.qForm(fill.id)} input[type="text"]`);
        await input.focus();
        await input.pressSequentially('kahe');
        await h.unload(s1);
        const log = await s1.log();
        assert.equal(JSON.parse(d.last(log, 'cmi.suspend_data')).q[fill.id], 'kahe', 'saved without leaving the field');
        assert.ok(d.last(log, s1.K.time), 'session time reported');
        cmi = d.persistedCmi(log, version);
      } finally { await s1.close(); }
      if (!cmi) return;
      const s2 = await h.launch(pkg, { cmi });
      try {
        assert.equal((await snapshot(s2.frame, fill.id)).text[0], 'kahe');
      } finally { await s2.close(); }
    });
  });
}
