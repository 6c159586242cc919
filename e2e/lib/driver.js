'use strict';
// Drives a course page the way a learner would (clicks, keyboard, typing), using only the
// course JSON embedded in index.html to know the right answers: works for any course.

/** CSS attribute-value quoting. */
function q(s) { return '"' + String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"'; }
const TEST_SECTION = 'section.module-test, section.module[data-test]';
const qForm = (id) => `form.question[data-question=${q(id)}]`;

function tf(v) {
  const s = String(v).toLowerCase();
  return (s === 'true' || s === 'a' || s === 't' || s === '1') ? 'a' : 'b';
}
function fmt(str, vars) {
  return String(str).replace(/\{(\w+)\}/g, (m, k) => (vars && vars[k] !== undefined ? String(vars[k]) : m));
}

/** Waits for the SCO iframe of a host page (or the page itself) and for the runtime to start. */
async function courseFrame(page, { inIframe = true, timeout = 15000 } = {}) {
  let frame = page.mainFrame();
  if (inIframe) {
    const handle = await page.waitForSelector('#sco');
    frame = await handle.contentFrame();
  }
  await frame.waitForSelector('#raamat-course[data-raamat-ready="true"]', { state: 'attached', timeout });
  return frame;
}

async function readCourse(frame) {
  return frame.evaluate(() => JSON.parse(document.getElementById('raamat-course-data').textContent));
}

/** Questions (course JSON entries) of a module that have a form on the page. */
function moduleQuestions(data, moduleId) {
  return (data.questions || []).filter((x) => x.module === moduleId);
}
function testModuleId(data) {
  if (data.test && data.test.module) return data.test.module;
  const m = (data.modules || []).find((x) => x.test);
  return m ? m.id : null;
}

async function currentModule(frame) {
  return frame.evaluate(() => {
    const s = Array.from(document.querySelectorAll('#raamat-course section.module')).filter((x) => !x.hidden);
    return s.length === 1 ? s[0].getAttribute('data-module') : s.map((x) => x.getAttribute('data-module')).join(',');
  });
}

async function gotoModule(frame, id) {
  await frame.click(`.course-menu a[data-module=${q(id)}]`);
  await frame.waitForSelector(`section.module[data-module=${q(id)}]:not([hidden])`);
}

/** The drawn test questions in the order shown. */
async function drawnTest(frame) {
  return frame.$$eval(`${TEST_SECTION.split(', ').map((s) => s + ' form.question:not([hidden])').join(', ')}`,
    (forms) => forms.map((f) => f.getAttribute('data-question')));
}

/**
 * Answers question `x` (course JSON entry) right or wrong. Returns whether the response
 * is expected to count as correct (a question that cannot be answered wrong counts as right).
 */
async function answer(frame, x, right) {
  const form = frame.locator(qForm(x.id));
  const kind = (await form.getAttribute('data-kind')) || x.kind;
  switch (kind) {
    case 'single': {
      const values = await form.locator('input[type="radio"]').evaluateAll((els) => els.map((e) => e.value));
      const correct = (x.correct || []).map(String);
      const v = right ? correct[0] : values.find((o) => !correct.includes(o));
      await form.locator(`input[type="radio"][value=${q(v)}]`).check();
      return right;
    }
    case 'truefalse': {
      const values = await form.locator('input[type="radio"]').evaluateAll((els) => els.map((e) => e.value));
      const truth = tf((x.correct || ['a'])[0]);
      const want = right ? truth : (truth === 'a' ? 'b' : 'a');
      const v = values.find((o) => tf(o) === want);
      await form.locator(`input[type="radio"][value=${q(v)}]`).check();
      return right;
    }
    case 'multiple': {
      const values = await form.locator('input[type="checkbox"]').evaluateAll((els) => els.map((e) => e.value));
      const correct = (x.correct || []).map(String);
      const wrongOne = values.find((o) => !correct.includes(o));
      for (const v of values) {
        const on = right ? correct.includes(v) : v === wrongOne;
        await form.locator(`input[type="checkbox"][value=${q(v)}]`).setChecked(on);
      }
      return right;
    }
    case 'fill': {
      const accepted = x.accepted || x.correct || [];
      // Right: the first accepted answer in other letter case with spaces around (both ignored).
      const first = String(accepted[0]);
      const upper = first.toLocaleUpperCase();
      const shown = upper.toLocaleLowerCase() === first.toLocaleLowerCase() ? upper : first;
      const text = right ? `  ${shown} ` : 'kindlasti vale vastus';
      await form.locator('input[type="text"], input:not([type]), textarea').first().fill(text);
      return right || accepted.length === 0;
    }
    case 'matching': {
      const pairs = x.pairs || [];
      for (let i = 0; i < pairs.length; i++) {
        const value = right ? pairs[i][1] : (pairs.length > 1 ? pairs[(i + 1) % pairs.length][1] : '');
        await form.locator(`select[data-term=${q(pairs[i][0])}]`).selectOption(String(value));
      }
      return right;
    }
    case 'ordering': {
      const order = (x.order || []).map(String);
      const current = () => form.locator('ol.ordering > li[data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
      if (right) {
        // Keyboard only: focus the item's "up" button and press Enter until it is in place.
        for (let i = 0; i < order.length; i++) {
          let pos = (await current()).indexOf(order[i]);
          while (pos > i) {
            const up = form.locator(`li[data-item=${q(order[i])}] button[data-move="up"]`);
            await up.focus();
            await up.press('Enter');
            pos--;
          }
        }
      } else if ((await current()).join('') === order.join('') && order.length > 1) {
        const down = form.locator(`li[data-item=${q(order[0])}] button[data-move="down"]`);
        await down.focus();
        await down.press('Enter');
      }
      return right || order.length < 2;
    }
    default:
      throw new Error(`unknown question kind ${kind} (${x.id})`);
  }
}

/** Clicks a knowledge check's button; returns the feedback text. */
async function check(frame, x) {
  const form = frame.locator(qForm(x.id));
  await form.locator('button.check').click();
  return (await form.locator('.feedback').innerText()).trim();
}

/**
 * Visits the given modules in order and answers their knowledge checks.
 * plan(question, indexAmongChecks) -> true (right) | false (wrong) | null (leave).
 * Returns [{ x, expectCorrect }].
 */
async function doChecks(frame, data, moduleIds, plan) {
  const done = [];
  let n = 0;
  const strings = data.strings || {};
  for (const id of moduleIds) {
    await gotoModule(frame, id);
    for (const x of moduleQuestions(data, id)) {
      if (!(await frame.locator(qForm(x.id)).count())) continue;
      const right = plan(x, n++);
      if (right === null || right === undefined) continue;
      const expectCorrect = await answer(frame, x, right);
      const text = await check(frame, x);
      const want = expectCorrect ? strings.correct : strings.incorrect;
      if (want && !text.includes(want)) throw new Error(`feedback for ${x.id}: "${text}" lacks "${want}"`);
      done.push({ x, expectCorrect });
    }
  }
  return done;
}

/**
 * Presses the submit button; when the runtime first warns about unanswered questions
 * (strings.unanswered), presses it again. Returns the .test-result locator.
 */
async function submitTest(frame, data, { expectWarning } = {}) {
  const submit = `${TEST_SECTION.split(', ').map((s) => s + ' [data-submit-test]').join(', ')}`;
  const result = frame.locator(`${TEST_SECTION.split(', ').map((s) => s + ' .test-result').join(', ')}`).first();
  await frame.click(submit);
  await result.waitFor({ state: 'visible' });
  const warning = (data.strings || {}).unanswered;
  const warned = !!warning && (await result.innerText()).includes(warning);
  if (expectWarning !== undefined && warned !== expectWarning) {
    throw new Error(`submit: expected ${expectWarning ? 'a' : 'no'} warning about unanswered questions, got "${await result.innerText()}"`);
  }
  if (warned) {
    await frame.click(submit);
    await frame.waitForFunction((w) => {
      const r = document.querySelector('.module-test .test-result, [data-test] .test-result');
      return r && !r.textContent.includes(w);
    }, warning);
  }
  return result;
}

/** The test score the contract gives `right` of `total`: percent, rounded down to two decimals. */
function score(right, total) {
  return total ? Math.floor(right * 10000 / total) / 100 : 0;
}

/** Opens the test, answers the drawn questions by plan(question, i) and submits. */
async function doTest(frame, data, plan) {
  const id = testModuleId(data);
  await gotoModule(frame, id);
  const drawn = await drawnTest(frame);
  const answers = [];
  for (let i = 0; i < drawn.length; i++) {
    const x = data.questions.find((y) => y.id === drawn[i]);
    const right = plan(x, i);
    if (right === null || right === undefined) { answers.push({ x, expectCorrect: false }); continue; }
    answers.push({ x, expectCorrect: await answer(frame, x, right) });
  }
  const result = await submitTest(frame, data);
  const right = answers.filter((a) => a.expectCorrect).length;
  return { drawn, answers, score: score(right, drawn.length), resultText: (await result.innerText()).trim() };
}

/* ---------- what the LMS saw ---------- */

async function getLog(page) { return page.evaluate(() => window.__log.slice()); }

function setValues(log) {
  return log.filter((e) => e.fn === 'LMSSetValue' || e.fn === 'SetValue').map((e) => ({ key: e.args[0], value: e.args[1], r: e.r, err: e.err }));
}
function last(log, key) {
  const all = setValues(log).filter((s) => s.key === key && s.r === 'true');
  return all.length ? all[all.length - 1].value : undefined;
}
function interactions(log) {
  const out = [];
  for (const s of setValues(log)) {
    const m = s.key.match(/^cmi\.interactions\.(\d+)\.(.+)$/);
    if (!m) continue;
    const n = Number(m[1]);
    out[n] = out[n] || { n };
    out[n][m[2]] = s.value;
  }
  return out.filter(Boolean);
}

const KEYS = {
  '12': { status: 'cmi.core.lesson_status', raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max',
    location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', entry: 'cmi.core.entry', time: 'cmi.core.session_time',
    response: 'student_response', init: 'LMSInitialize', finish: 'LMSFinish', commit: 'LMSCommit', get: 'LMSGetValue' },
  '2004': { completion: 'cmi.completion_status', success: 'cmi.success_status', raw: 'cmi.score.raw', min: 'cmi.score.min',
    max: 'cmi.score.max', scaled: 'cmi.score.scaled', progress: 'cmi.progress_measure', location: 'cmi.location',
    exit: 'cmi.exit', entry: 'cmi.entry', time: 'cmi.session_time', response: 'learner_response',
    init: 'Initialize', finish: 'Terminate', commit: 'Commit', get: 'GetValue' },
};

/** What a Moodle-like LMS keeps after the session, as loadFromJSON input for the next launch. */
function persistedCmi(log, version, extra = {}) {
  const K = KEYS[version];
  const exit = last(log, K.exit);
  const ints = {};
  interactions(log).forEach((it, i) => {
    const o = { id: it.id, type: it.type, weighting: it.weighting, result: it.result, latency: it.latency };
    if (version === '12') { o.time = it.time; if (it.student_response !== undefined) o.student_response = it.student_response; }
    else { o.timestamp = it.timestamp; if (it.learner_response !== undefined) o.learner_response = it.learner_response; }
    if (it['correct_responses.0.pattern'] !== undefined) o.correct_responses = { 0: { pattern: it['correct_responses.0.pattern'] } };
    ints[i] = o;
  });
  const raw = last(log, K.raw);
  if (version === '12') {
    const core = { entry: exit === 'suspend' ? 'resume' : '', lesson_location: last(log, K.location) || '', lesson_status: last(log, K.status) || 'not attempted' };
    if (raw !== undefined) core.score = { raw, min: last(log, K.min) || '', max: last(log, K.max) || '' };
    return Object.assign({ core, suspend_data: last(log, 'cmi.suspend_data') || '', interactions: ints }, extra);
  }
  const cmi = {
    entry: exit === 'suspend' ? 'resume' : '', location: last(log, K.location) || '',
    completion_status: last(log, K.completion) || 'unknown', success_status: last(log, K.success) || 'unknown',
    suspend_data: last(log, 'cmi.suspend_data') || '', interactions: ints,
  };
  if (raw !== undefined) cmi.score = { raw, min: last(log, K.min) || '', max: last(log, K.max) || '', scaled: last(log, K.scaled) || '' };
  return Object.assign(cmi, extra);
}

/** The LMS's own view after the session (scorm-again's cmi object, after any mastery override). */
async function lmsState(page, version) {
  return page.evaluate((v) => {
    if (v === '12') {
      const c = window.API.cmi;
      return { status: c.core.lesson_status, raw: c.core.score.raw };
    }
    const c = window.API_1484_11.cmi;
    return { completion: c.completion_status, success: c.success_status, raw: c.score.raw };
  }, version);
}

/* ---------- the contract's expected outcome ---------- */

function hasTest(data) {
  const id = testModuleId(data);
  return !!id && (data.questions || []).some((x) => x.module === id);
}

/** SCORM 1.2 status for a learner who visited every module and (if any) scored `score` on the test. */
function expectedStatus(data, score) {
  if (!hasTest(data) || data.completion === 'all-pages') return 'completed';
  if (score >= data.passMark) return 'passed';
  return data.failedStatus === 'incomplete' ? 'incomplete' : 'failed';
}
function expected2004(status) {
  return {
    completion: ['passed', 'failed', 'completed'].includes(status) ? 'completed' : 'incomplete',
    success: status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown',
  };
}

module.exports = {
  q, qForm, tf, fmt, TEST_SECTION, courseFrame, readCourse, moduleQuestions, testModuleId, currentModule, gotoModule,
  drawnTest, answer, check, doChecks, doTest, submitTest, score, getLog, setValues, last, interactions, KEYS, persistedCmi, lmsState,
  hasTest, expectedStatus, expected2004,
};
