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
