/* raamat course runtime: the learning environment (LMS). Finds the SCORM 1.2 `API` or the
 * SCORM 2004 `API_1484_11` and talks to it (ScormLms); without one, keeps the same keys in
 * localStorage (PreviewLms). Also the time formats of both data models.
 * One of the runtime's files (the list and their order: course.js). Nothing runs at load. */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).lms = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  var MAX_API_DEPTH = 500;

  function warn() {
    try { console.warn.apply(console, ['[raamat]'].concat(Array.prototype.slice.call(arguments))); } catch (e) { /* no console */ }
  }
  function pad(n, w) { var s = String(n); while (s.length < w) s = '0' + s; return s; }

  /* ---------- time formats ---------- */

  /** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
  function timespan12(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = Math.floor(cs / 100); cs -= s * 100;
    return pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs, 2);
  }
  /** SCORM 2004 timeinterval (ISO 8601 duration): PT1H2M3.5S */
  function duration2004(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = (cs / 100).toFixed(2).replace(/\.?0+$/, '');
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + (s || '0') + 'S';
  }
  /** SCORM 1.2 CMITime: HH:MM:SS (local time) */
  function clock12(d) { return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); }
  /** SCORM 2004 time (second): YYYY-MM-DDThh:mm:ss (local time) */
  function timestamp2004(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + 'T' + clock12(d);
  }

  /* ---------- LMS adapters ---------- */
  var NAMES = {
    scorm12: {
      init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
      err: 'LMSGetLastError', errStr: 'LMSGetErrorString',
      entry: 'cmi.core.entry', location: 'cmi.core.lesson_location', status: 'cmi.core.lesson_status',
      raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max',
      sessionTime: 'cmi.core.session_time', exit: 'cmi.core.exit'
    },
    scorm2004: {
      init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
      err: 'GetLastError', errStr: 'GetErrorString',
      entry: 'cmi.entry', location: 'cmi.location', completion: 'cmi.completion_status', success: 'cmi.success_status',
      raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max', scaled: 'cmi.score.scaled',
      progress: 'cmi.progress_measure', sessionTime: 'cmi.session_time', exit: 'cmi.exit'
    }
  };

  function searchApi(win, name) {
    for (var i = 0; win && i < MAX_API_DEPTH; i++) {
      try { if (win[name]) return win[name]; } catch (e) { /* cross-origin frame */ }
      var parent;
      try { parent = win.parent; } catch (e) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  }
  /** The API object `name` in `win`, its parents, or its top window's opener and parents. */
  function findApi(win, name) {
    var api = searchApi(win, name);
    if (!api) {
      try { if (win.top && win.top.opener) api = searchApi(win.top.opener, name); } catch (e) { /* cross-origin */ }
    }
    return api;
  }

  /** A real LMS API (SCORM 1.2 `API` or SCORM 2004 `API_1484_11`). */
  function ScormLms(mode, api) {
    this.mode = mode;
    this.n = NAMES[mode];
    this.api = api;
    this.sent = {};
    this.closed = false;
  }
  ScormLms.prototype.call = function (fn, args) {
    try {
      var f = this.api[fn];
      if (typeof f !== 'function') { warn('LMS has no', fn); return ''; }
      return f.apply(this.api, args);
    } catch (e) {
      warn(fn, 'threw', e && e.message ? e.message : e);
      return '';
    }
  };
  ScormLms.prototype.lastError = function () {
    var code = String(this.call(this.n.err, []));
    return code === '' ? '0' : code;
  };
  ScormLms.prototype.report = function (what, key) {
    var code = this.lastError();
    if (code !== '0') {
      var text = '';
      try { text = String(this.call(this.n.errStr, [code])); } catch (e) { /* ignore */ }
      warn(what, key || '', 'failed: error', code, text);
    }
    return code;
  };
  ScormLms.prototype.start = function () {
    var ok = String(this.call(this.n.init, ['']));
    if (ok === 'true') return true;
    var code = this.report(this.n.init);
    // 103 (SCORM 2004: already initialized) leaves the API usable.
    return (this.mode === 'scorm2004' && code === '103');
  };
  ScormLms.prototype.get = function (key) {
    if (this.closed) return '';
    var v = this.call(this.n.get, [key]);
    var code = this.lastError();
    if (code !== '0' && code !== '403') { this.report('GetValue', key); return ''; }
    return v === null || v === undefined ? '' : String(v);
  };
  ScormLms.prototype.set = function (key, value, force) {
    if (this.closed) return false;
    value = String(value);
    if (!force && this.sent[key] === value) return true;
    var ok = String(this.call(this.n.set, [key, value])) === 'true';
    if (ok) this.sent[key] = value; else this.report('SetValue', key + '=' + value.slice(0, 80));
    this.dirty = true;
    return ok;
  };
  /** Commits what was set since the last commit (`force`: even when nothing was). */
  ScormLms.prototype.commit = function (force) {
    if (this.closed || (!this.dirty && !force)) return false;
    this.dirty = false;
    var ok = String(this.call(this.n.commit, [''])) === 'true';
    if (!ok) this.report(this.n.commit);
    return ok;
  };
  ScormLms.prototype.finish = function () {
    if (this.closed) return false;
    this.closed = true;
    var ok = String(this.call(this.n.finish, [''])) === 'true';
    if (!ok) this.report(this.n.finish);
    return ok;
  };

  /** Preview without an LMS: the same keys, kept in localStorage (`storage()`: another
   * Storage, for tests). Interactions are not kept. */
  function PreviewLms(mode, storageKey, storage) {
    this.mode = mode;
    this.n = NAMES[mode];
    this.key = storageKey;
    this.storage = storage || function () { return window.localStorage; };
    this.values = {};
    this.closed = false;
  }
  PreviewLms.prototype.start = function () {
    try {
      var raw = this.storage().getItem(this.key);
      if (raw) this.values = JSON.parse(raw) || {};
    } catch (e) { warn('localStorage unavailable', e && e.message); }
    var hadData = !!this.values['cmi.suspend_data'];
    this.values[this.n.entry] = hadData ? 'resume' : 'ab-initio';
    return true;
  };
  PreviewLms.prototype.get = function (key) {
    if (/\._count$/.test(key)) return '0';
    var v = this.values[key];
    return v === undefined ? '' : String(v);
  };
  PreviewLms.prototype.set = function (key, value) {
    if (this.closed || /^cmi\.interactions\./.test(key)) return true;
    this.values[key] = String(value);
    return true;
  };
  PreviewLms.prototype.commit = function () {
    try { this.storage().setItem(this.key, JSON.stringify(this.values)); } catch (e) { warn('localStorage write failed', e && e.message); }
    return true;
  };
  PreviewLms.prototype.finish = function () {
    if (this.closed) return true;
    this.commit();
    this.closed = true;
    return true;
  };

  return {
    NAMES: NAMES,
    warn: warn,
    pad: pad,
    timespan12: timespan12,
    duration2004: duration2004,
    clock12: clock12,
    timestamp2004: timestamp2004,
    findApi: findApi,
    ScormLms: ScormLms,
    PreviewLms: PreviewLms
  };
});
