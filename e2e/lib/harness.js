'use strict';
// Shared set-up of the browser tests: one Chromium and one server per test file, a page per
// scenario, and the checks every LMS session must pass.
const assert = require('node:assert/strict');
const { getPackages, masteryScore, scaledPassingScore } = require('./packages');
const { startServer } = require('./server');
const { launch, newPage } = require('./browser');
const d = require('./driver');

/** A second page in the browser context of session `s` (another tab of the same browser:
 * it shares localStorage), recording what newPage records. */
async function sameContext(s) {
  const page = await s.context.newPage();
  const out = { context: s.context, page, foreign: [], consoleMessages: [], pageErrors: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'warning' || msg.type() === 'error') out.consoleMessages.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => out.pageErrors.push(String(err && err.stack || err)));
  return out;
}

function harness() {
  const packages = getPackages();
  const h = { packages, browser: null, server: null, pages: [] };
  h.start = async () => {
    h.server = await startServer(Object.fromEntries(packages.map((p) => [p.name, p.dir])));
    h.browser = await launch();
  };
  h.stop = async () => {
    if (h.browser) await h.browser.close();
    if (h.server) await h.server.close();
  };

  /**
   * Launches a package in the test LMS. `cmi`: loadFromJSON data (resume); `patch`: course JSON
   * keys to change; `moodle`: imitate Moodle's mastery override with the manifest's mastery score.
   */
  h.launch = async (pkg, { cmi, patch, moodle = true, viewport, quirks, context, readyTimeout } = {}) => {
    const s = context ? await sameContext(context) : await newPage(h.browser, { viewport });
    let seed = cmi ? JSON.parse(JSON.stringify(cmi)) : null;
    const settings = {};
    if (moodle && pkg.version === '12') {
      const mastery = masteryScore(pkg);
      settings.mastery_override = mastery !== null;
      if (mastery !== null) {
        seed = seed || {};
        seed.student_data = Object.assign({}, seed.student_data, { mastery_score: String(mastery) });
      }
    } else if (pkg.version === '12') {
      settings.mastery_override = false;
    }
    if (moodle && pkg.version === '2004') {
      const sps = scaledPassingScore(pkg);
      if (sps !== null) { seed = seed || {}; seed.scaled_passing_score = String(sps); }
    }
    await s.page.goto(h.server.hostUrl(pkg.name, { version: pkg.version, cmi: seed, patch, settings, quirks }));
    s.frame = await d.courseFrame(s.page, { timeout: readyTimeout });
    s.data = await d.readCourse(s.frame);
    s.pkg = pkg;
    s.version = pkg.version;
    s.K = d.KEYS[pkg.version];
    s.log = () => d.getLog(s.page);
    s.close = () => s.context.close();
    return s;
  };

  /** Clicks the exit button; waits for Finish/Terminate. */
  h.exit = async (s) => {
    await s.frame.click('[data-exit]');
    await s.page.waitForFunction((fn) => window.__log.some((e) => e.fn === fn), s.K.finish);
    const notice = (await s.frame.locator('.course-notice').innerText()).trim();
    // Then the LMS unloads the page: pagehide must not finish a second time.
    await s.page.evaluate(() => window.__closeSco());
    await s.page.waitForFunction(() => document.getElementById('sco').contentWindow.location.href === 'about:blank');
    await s.page.waitForTimeout(50);
    return notice;
  };
  /** The LMS unloads the SCO (like closing the window): the runtime must finish on pagehide. */
  h.unload = async (s) => {
    await s.page.evaluate(() => window.__closeSco());
    await s.page.waitForFunction((fn) => window.__log.some((e) => e.fn === fn), s.K.finish, { timeout: 5000 });
  };

  /** Checks every session must pass; returns the log. */
  h.verifySession = async (s, { finished = true, warnings = false } = {}) => {
    const log = await s.log();
    const K = s.K;
    const calls = (fn) => log.filter((e) => e.fn === fn);
    assert.equal(calls(K.init).length, 1, `${K.init} must be called exactly once`);
    assert.equal(log[0].fn, K.init, `${K.init} must come first`);
    if (finished) {
      assert.equal(calls(K.finish).length, 1, `${K.finish} must be called exactly once`);
      assert.equal(log[log.length - 1].fn, K.finish, `no API call may follow ${K.finish}`);
      const time = d.last(log, K.time);
      assert.ok(time, 'session time is reported');
      if (s.version === '12') assert.match(time, /^\d{4}:\d{2}:\d{2}(\.\d{1,2})?$/);
      else assert.match(time, /^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)$/);
    } else {
      assert.equal(calls(K.finish).length, 0, `${K.finish} must not be called yet`);
    }
    for (const e of log) {
      if (e.fn === K.get) continue;
      assert.equal(e.r, 'true', `${e.fn}(${e.args.join(', ')}) returned ${e.r} (error ${e.err})`);
    }
    for (const sv of d.setValues(log)) {
      if (sv.key === 'cmi.suspend_data') {
        if (s.version === '12') assert.ok(sv.value.length <= 4096, `suspend_data is ${sv.value.length} > 4096 characters`);
        const o = JSON.parse(sv.value);
        assert.equal(o.v, 2, 'suspend_data format 2');
      }
    }
    assert.deepEqual(s.foreign, [], 'requests to hosts other than 127.0.0.1');
    assert.deepEqual(s.pageErrors, [], 'uncaught errors in the page');
    if (!warnings) {
      const raamat = s.consoleMessages.filter((m) => m.includes('[raamat]') || m.startsWith('error:'));
      assert.deepEqual(raamat, [], 'runtime warnings or errors in the console');
    }
    return log;
  };

  /**
   * Checks the reported outcome: SCORM 1.2 status (2004: completion + success), score and
   * exit, and that the LMS's own view after Finish (mastery override included) agrees.
   */
  h.verifyOutcome = async (s, log, { status, raw }) => {
    const K = s.K;
    if (s.version === '12') {
      assert.equal(d.last(log, K.status), status, 'cmi.core.lesson_status');
    } else {
      const e = d.expected2004(status);
      assert.equal(d.last(log, K.completion), e.completion, 'cmi.completion_status');
      assert.equal(d.last(log, K.success), e.success, 'cmi.success_status');
      const pm = d.last(log, K.progress);
      if (e.completion === 'completed') assert.equal(Number(pm), 1, 'progress_measure of a completed course');
      else assert.ok(pm === undefined || Number(pm) < 1, 'progress_measure below 1 while incomplete');
    }
    if (raw === null) {
      assert.equal(d.last(log, K.raw), undefined, 'no score is reported');
    } else {
      assert.equal(Number(d.last(log, K.raw)), raw, 'score.raw');
      assert.equal(d.last(log, K.min), '0', 'score.min');
      assert.equal(d.last(log, K.max), '100', 'score.max');
      if (s.version === '2004') assert.equal(Number(d.last(log, K.scaled)), raw / 100, 'score.scaled');
    }
    const done = status === 'passed' || status === 'completed';
    assert.equal(d.last(log, K.exit), done ? (s.version === '12' ? '' : 'normal') : 'suspend', 'exit');
    const lms = await d.lmsState(s.page, s.version);
    if (s.version === '12') assert.equal(lms.status, status, 'the LMS (with mastery override) agrees on the status');
    else {
      const e = d.expected2004(status);
      assert.equal(lms.completion, e.completion, 'the LMS agrees on completion_status');
      assert.equal(lms.success, e.success, 'the LMS agrees on success_status');
    }
  };

  /** Every answered question has an interaction with the right result; returns them. */
  h.verifyInteractions = (s, log, answered, { from = 0 } = {}) => {
    const ints = d.interactions(log).filter((it) => it.n >= from);
    const types = { single: 'choice', multiple: 'choice', truefalse: 'true-false', fill: 'fill-in', matching: 'matching', ordering: 'sequencing' };
    const R = s.K.response;
    const wrong = s.version === '12' ? 'wrong' : 'incorrect';
    assert.equal(ints.length, answered.length, 'one interaction per answer');
    answered.forEach((a, i) => {
      const it = ints[i];
      assert.equal(it.id, a.x.id, `interaction ${it.n} id`);
      assert.equal(it.type, types[a.x.kind], `interaction ${it.n} type`);
      assert.equal(it.result, a.expectCorrect ? 'correct' : wrong, `interaction ${it.n} (${a.x.id}) result`);
      assert.equal(it.weighting, '1');
      assert.ok(it['correct_responses.0.pattern'] !== undefined, 'correct response pattern');
      if (s.version === '12') {
        assert.match(it.time, /^\d{2}:\d{2}:\d{2}$/);
        assert.match(it.latency, /^\d{4}:\d{2}:\d{2}(\.\d{1,2})?$/);
      } else {
        assert.match(it.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
        assert.match(it.latency, /^PT/);
      }
      if (a.expectCorrect && it[R] !== undefined) {
        const same = a.x.kind === 'fill'
          ? it[R].toLocaleLowerCase().trim() === it['correct_responses.0.pattern'].toLocaleLowerCase().trim()
          : it[R] === it['correct_responses.0.pattern'];
        assert.ok(same, `${a.x.id}: a right ${R} (${it[R]}) matches the pattern (${it['correct_responses.0.pattern']})`);
      }
      const pattern = it['correct_responses.0.pattern'];
      const v12 = s.version === '12';
      switch (a.x.kind) {
        case 'truefalse': assert.match(pattern, v12 ? /^[tf]$/ : /^(true|false)$/); break;
        case 'multiple': if ((a.x.correct || []).length > 1) assert.ok(pattern.includes(v12 ? ',' : '[,]'), `choice pattern ${pattern}`); break;
        case 'matching': assert.match(pattern, v12 ? /^\w+\.\w+(,\w+\.\w+)*$/ : /^\w+\[\.\]\w+(\[,\]\w+\[\.\]\w+)*$/); break;
        case 'ordering': assert.match(pattern, v12 ? /^\w+(,\w+)*$/ : /^\w+(\[,\]\w+)*$/); break;
        default: break;
      }
    });
    return ints;
  };

  return h;
}

module.exports = { harness, d };
