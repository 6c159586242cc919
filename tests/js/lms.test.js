'use strict';
// The LMS adapters and time formats (themes/default/static/course-lms.js), against a
// recording stand-in for the LMS API. The real LMS (scorm-again) is played in e2e/.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { runtime } = require('./helpers');

const L = runtime('lms');

/** A SCORM API that records its calls; `errors`: key → error code for GetValue/SetValue. */
function fakeApi(version, { init = 'true', errors = {} } = {}) {
  const n = L.NAMES[version];
  const calls = [];
  const store = {};
  let last = '0';
  const api = {
    calls,
    store,
    [n.init]: () => { calls.push(['init']); return init; },
    [n.finish]: () => { calls.push(['finish']); return 'true'; },
    [n.get]: (k) => { calls.push(['get', k]); last = errors[k] || '0'; return store[k] === undefined ? '' : store[k]; },
    [n.set]: (k, v) => { calls.push(['set', k, v]); last = errors[k] || '0'; if (last !== '0') return 'false'; store[k] = v; return 'true'; },
    [n.commit]: () => { calls.push(['commit']); return 'true'; },
    [n.err]: () => last,
    [n.errStr]: (c) => `error ${c}`,
  };
  if (version === 'scorm2004' && init === 'false') api[n.err] = () => '103';
  return api;
}
const quiet = (fn) => { const w = console.warn; console.warn = () => {}; try { return fn(); } finally { console.warn = w; } };

describe('time formats', () => {
  test('SCORM 1.2 timespan HHHH:MM:SS.SS and SCORM 2004 duration', () => {
    assert.equal(L.timespan12(0), '0000:00:00.00');
    assert.equal(L.timespan12(3723456), '0001:02:03.46');
    assert.equal(L.duration2004(0), 'PT0S');
    assert.equal(L.duration2004(3723456), 'PT1H2M3.46S');
    assert.equal(L.duration2004(90000), 'PT1M30S');
  });
  test('SCORM 1.2 time and SCORM 2004 timestamp in local time', () => {
    const d = new Date(2024, 0, 5, 7, 8, 9);
    assert.equal(L.clock12(d), '07:08:09');
    assert.equal(L.timestamp2004(d), '2024-01-05T07:08:09');
  });
});

describe('finding the API', () => {
  test('in a parent frame, or the opener of the top window', () => {
    const api = {};
    const top = { API: api };
    top.parent = top;
    const frame = { parent: top, top };
    assert.equal(L.findApi(frame, 'API'), api);
    const opener = { API_1484_11: api };
    opener.parent = opener;
    const popup = { top: null };
    popup.top = popup;
    popup.parent = popup;
    popup.opener = opener;
    assert.equal(L.findApi(popup, 'API_1484_11'), api);
    assert.equal(L.findApi(frame, 'API_1484_11'), null);
  });
});

/** Timers that run only when told: `run()` fires the next one and advances the clock. */
function fakeTimers() {
  const queue = [];
  let now = 0;
  return {
    set: (f, ms) => { const t = { f, at: now + ms }; queue.push(t); return t; },
    clear: (t) => { const i = queue.indexOf(t); if (i >= 0) queue.splice(i, 1); },
    run: () => { queue.sort((a, b) => a.at - b.at); const t = queue.shift(); if (!t) return false; now = t.at; t.f(); return true; },
    get now() { return now; },
    get pending() { return queue.length; },
  };
}

describe('discoverApi: an LMS that creates its API late', () => {
  test('found on a later look: the course waits for it', () => {
    const timers = fakeTimers();
    const win = { addEventListener() {}, removeEventListener() {} };
    win.parent = win;
    let found;
    L.discoverApi(win, 'API', { timers }, (api) => { found = api; });
    assert.equal(found, undefined, 'not decided at once');
    timers.run(); timers.run();
    const api = { LMSInitialize() {} };
    win.API = api;
    timers.run();
    assert.equal(found, api);
    assert.equal(timers.pending, 0, 'stops looking');
    assert.ok(timers.now <= 1000);
  });
  test('no LMS: decided after the timeout (10 s by default), not before', () => {
    const timers = fakeTimers();
    const win = { addEventListener() {}, removeEventListener() {} };
    win.parent = win;
    let found;
    L.discoverApi(win, 'API_1484_11', { timers }, (api) => { found = api; });
    while (found === undefined && timers.run()) { /* next look */ }
    assert.equal(found, null);
    assert.equal(timers.now, 10000);
  });
  test('the window load event triggers a look', () => {
    const timers = fakeTimers();
    const listeners = {};
    const win = { addEventListener(t, f) { listeners[t] = f; }, removeEventListener(t) { delete listeners[t]; } };
    win.parent = win;
    let found;
    L.discoverApi(win, 'API', { timers }, (api) => { found = api; });
    win.API = { x: 1 };
    listeners.load();
    assert.equal(found, win.API);
    assert.equal(listeners.load, undefined, 'the listener is removed');
  });
  test('found at once: no waiting', () => {
    const win = { API: { y: 1 }, addEventListener() {}, removeEventListener() {} };
    win.parent = win;
    let found;
    L.discoverApi(win, 'API', { timers: fakeTimers() }, (api) => { found = api; });
    assert.equal(found, win.API);
  });
});

describe('ScormLms: modes and failures', () => {
  test('read-only (review, no credit, a second window): nothing is set or committed', () => {
    const api = fakeApi('scorm2004');
    const lms = new L.ScormLms('scorm2004', api);
    lms.start();
    lms.readOnly = true;
    assert.equal(lms.set('cmi.completion_status', 'incomplete'), false);
    assert.equal(lms.commit(true), false);
    assert.deepEqual(api.calls.map((c) => c[0]), ['init']);
  });
  test('a failing SetValue and Commit are tried again with backoff until they work; the learner is told once', () => {
    const timers = fakeTimers();
    const api = fakeApi('scorm12');
    let failing = true;
    api.LMSSetValue = (k, v) => { api.calls.push(['set', k, v]); if (failing) return 'false'; api.store[k] = v; return 'true'; };
    api.LMSCommit = () => { api.calls.push(['commit']); return failing ? 'false' : 'true'; };
    api.LMSGetLastError = () => (failing ? '101' : '0');
    const lms = new L.ScormLms('scorm12', api, timers);
    const told = [];
    lms.onTrouble = (f) => told.push(f);
    lms.start();
    quiet(() => { lms.set('cmi.suspend_data', 'answers'); lms.commit(); });
    assert.deepEqual(told, [true]);
    assert.equal(api.store['cmi.suspend_data'], undefined);
    quiet(() => { timers.run(); timers.run(); });
    assert.deepEqual(told, [true], 'told once, not at every retry');
    assert.equal(timers.now, 1000 + 2000, 'backoff doubles');
    failing = false;
    timers.run();
    assert.equal(api.store['cmi.suspend_data'], 'answers', 'the answer was not dropped');
    assert.equal(api.calls[api.calls.length - 1][0], 'commit', 'and committed');
    assert.deepEqual(told, [true, false], 'and the notice goes');
    assert.equal(timers.pending, 0);
  });
  test('a value the LMS refuses (type mismatch) is not retried', () => {
    const timers = fakeTimers();
    const api = fakeApi('scorm2004', { errors: { 'cmi.score.raw': '406' } });
    const lms = new L.ScormLms('scorm2004', api, timers);
    lms.start();
    quiet(() => lms.set('cmi.score.raw', 'x'));
    assert.equal(timers.pending, 0);
  });
  test('what still fails is sent once more before Terminate', () => {
    const timers = fakeTimers();
    const api = fakeApi('scorm2004');
    let failing = true;
    api.SetValue = (k, v) => { api.calls.push(['set', k, v]); if (failing) return 'false'; api.store[k] = v; return 'true'; };
    api.GetLastError = () => (failing ? '351' : '0');
    const lms = new L.ScormLms('scorm2004', api, timers);
    lms.start();
    quiet(() => lms.set('cmi.location', 'm3'));
    failing = false;
    lms.finish();
    assert.equal(api.store['cmi.location'], 'm3');
    const names = api.calls.map((c) => c[0]);
    assert.equal(names[names.length - 1], 'finish');
    assert.ok(names.lastIndexOf('commit') > names.lastIndexOf('set'), 'committed before Terminate');
  });
  test('session_time is set before every commit', () => {
    const api = fakeApi('scorm12');
    const lms = new L.ScormLms('scorm12', api);
    lms.start();
    let t = 0;
    lms.beforeCommit = () => lms.set('cmi.core.session_time', L.timespan12(++t * 1000), true);
    lms.set('cmi.core.lesson_location', 'a');
    lms.commit();
    lms.commit(true);
    const sets = api.calls.filter((c) => c[0] === 'set' && c[1] === 'cmi.core.session_time').map((c) => c[2]);
    assert.deepEqual(sets, ['0000:00:01.00', '0000:00:02.00']);
  });
});

describe('ScormLms', () => {
  test('a value already sent is not sent again; commit only after a change', () => {
    const api = fakeApi('scorm12');
    const lms = new L.ScormLms('scorm12', api);
    assert.equal(lms.start(), true);
    lms.set('cmi.core.lesson_location', 'm1');
    lms.set('cmi.core.lesson_location', 'm1');
    assert.equal(api.calls.filter((c) => c[0] === 'set').length, 1);
    assert.equal(lms.commit(), true);
    assert.equal(lms.commit(), false, 'nothing new to commit');
    lms.set('cmi.core.lesson_location', 'm1', true);
    assert.equal(api.calls.filter((c) => c[0] === 'set').length, 2, 'forced');
  });
  test('after finish nothing more is sent', () => {
    const api = fakeApi('scorm2004');
    const lms = new L.ScormLms('scorm2004', api);
    lms.start();
    assert.equal(lms.finish(), true);
    assert.equal(lms.finish(), false, 'Terminate only once');
    assert.equal(lms.set('cmi.location', 'x'), false);
    assert.equal(lms.get('cmi.location'), '');
    assert.deepEqual(api.calls.map((c) => c[0]), ['init', 'finish']);
  });
  test('SCORM 2004 "already initialized" (103) is usable; a failed 1.2 start is not', () => {
    assert.equal(quiet(() => new L.ScormLms('scorm2004', fakeApi('scorm2004', { init: 'false' })).start()), true);
    assert.equal(quiet(() => new L.ScormLms('scorm12', fakeApi('scorm12', { init: 'false' })).start()), false);
  });
  test('an error reading a value reads as empty', () => {
    const api = fakeApi('scorm12', { errors: { 'cmi.suspend_data': '401' } });
    api.store['cmi.suspend_data'] = 'junk';
    const lms = new L.ScormLms('scorm12', api);
    assert.equal(quiet(() => lms.get('cmi.suspend_data')), '');
  });
});

describe('PreviewLms', () => {
  test('keeps the values in storage and resumes from them', () => {
    const mem = {};
    const storage = () => ({ getItem: (k) => (k in mem ? mem[k] : null), setItem: (k, v) => { mem[k] = v; } });
    const a = new L.PreviewLms('scorm12', 'raamat:x:1:et', storage);
    a.start();
    assert.equal(a.get('cmi.core.entry'), 'ab-initio');
    a.set('cmi.suspend_data', '{"v":1}');
    a.set('cmi.interactions.0.id', 'q', true);
    a.finish();
    const b = new L.PreviewLms('scorm12', 'raamat:x:1:et', storage);
    b.start();
    assert.equal(b.get('cmi.core.entry'), 'resume');
    assert.equal(b.get('cmi.suspend_data'), '{"v":1}');
    assert.equal(b.get('cmi.interactions.0.id'), '', 'interactions are not kept');
    assert.equal(b.get('cmi.interactions._count'), '0');
  });
  test('without storage it still runs', () => {
    const storage = () => { throw new Error('SecurityError'); };
    const lms = new L.PreviewLms('scorm2004', 'k', storage);
    assert.equal(quiet(() => lms.start()), true);
    lms.set('cmi.location', 'm1');
    assert.equal(quiet(() => lms.commit()), true);
    assert.equal(lms.get('cmi.location'), 'm1');
  });
});
