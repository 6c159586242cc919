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
  /** The window's timers; tests pass their own {set, clear}. */
  var WINDOW_TIMERS = { set: function (f, ms) { return setTimeout(f, ms); }, clear: function (t) { clearTimeout(t); } };

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

  /**
   * Calls `done(api)` with the API object `name` as soon as it is found, or `done(null)` after
   * `timeout` ms: some LMS players create the API only after the course frame has started.
   * Looks at once, every `interval` ms and when `win` has loaded. `timers`: {set, clear}, for
   * tests (default: the window's setTimeout and clearTimeout).
   */
  function discoverApi(win, name, opts, done) {
    opts = opts || {};
    var interval = opts.interval || 250, timeout = opts.timeout === undefined ? 10000 : opts.timeout;
    var timers = opts.timers || WINDOW_TIMERS;
    var waited = 0, timer = null, over = false;
    function finish(api) {
      if (over) return;
      over = true;
      if (timer !== null) timers.clear(timer);
      try { win.removeEventListener('load', look); } catch (e) { /* not a window */ }
      done(api);
    }
    function look() {
      if (over) return;
      var api = findApi(win, name);
      if (api) finish(api);
    }
    function tick() {
      timer = null;
      look();
      if (over) return;
      if (waited >= timeout) { finish(null); return; }
      waited += interval;
      timer = timers.set(tick, interval);
    }
    try { win.addEventListener('load', look); } catch (e) { /* not a window */ }
    tick();
  }

  /** LMS error codes of a failure worth trying again (general, set or commit failure; or
   * "false" with no error); anything else (a value the data model refuses) is not. */
  var TRANSIENT = { '0': true, '101': true, '351': true, '391': true };
  var BACKOFF = [1000, 2000, 4000, 8000, 16000, 30000];

  /**
   * A real LMS API (SCORM 1.2 `API` or SCORM 2004 `API_1484_11`). `readOnly`: nothing is
   * written (review mode, no credit, a second window, resume data kept for the learner to
   * decide). A set or commit that fails for a reason that may pass is kept and tried again
   * with backoff; `onTrouble(failing)` says when saving starts and stops failing.
   * `timers`: {set, clear}, for tests.
   */
  function ScormLms(mode, api, timers) {
    this.mode = mode;
    this.n = NAMES[mode];
    this.api = api;
    this.sent = {};
    this.pending = {};
    this.pendingCommit = false;
    this.failures = 0;
    this.retryTimer = null;
    this.failing = false;
    this.onTrouble = null;
    this.readOnly = false;
    this.closed = false;
    this.timers = timers || WINDOW_TIMERS;
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
    } else {
      warn(what, key || '', 'failed');
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
    if (this.closed || this.readOnly) return false;
    value = String(value);
    if (!force && this.sent[key] === value && !this.pending.hasOwnProperty(key)) return true;
    var ok = String(this.call(this.n.set, [key, value])) === 'true';
    if (ok) {
      this.sent[key] = value;
      delete this.pending[key];
    } else if (TRANSIENT[this.report('SetValue', key + '=' + value.slice(0, 80))]) {
      this.pending[key] = value;
      this.trouble();
    }
    this.dirty = true;
    return ok;
  };
  /** Commits what was set since the last commit (`force`: even when nothing was). */
  ScormLms.prototype.commit = function (force) {
    if (this.closed || this.readOnly || (!this.dirty && !force && !this.pendingCommit)) return false;
    if (this.beforeCommit) this.beforeCommit();
    this.dirty = false;
    var ok = String(this.call(this.n.commit, [''])) === 'true';
    if (!ok && TRANSIENT[this.report(this.n.commit)]) {
      this.pendingCommit = true;
      this.trouble();
    } else if (ok) {
      this.pendingCommit = false;
      if (!this.hasPending()) this.recovered();
    }
    return ok;
  };
  ScormLms.prototype.hasPending = function () {
    return this.pendingCommit || Object.keys(this.pending).length > 0;
  };
  /** Sets again what failed, then commits. True when nothing is left to send. */
  ScormLms.prototype.resend = function () {
    var self = this;
    Object.keys(this.pending).forEach(function (key) { self.set(key, self.pending[key], true); });
    if (Object.keys(this.pending).length === 0) this.commit(true);
    return !this.hasPending();
  };
  ScormLms.prototype.trouble = function () {
    if (!this.failing) {
      this.failing = true;
      if (this.onTrouble) this.onTrouble(true);
    }
    if (this.retryTimer !== null || this.closed) return;
    var self = this;
    var wait = BACKOFF[Math.min(this.failures, BACKOFF.length - 1)];
    this.failures++;
    this.retryTimer = this.timers.set(function () {
      self.retryTimer = null;
      if (self.closed) return;
      if (!self.resend()) self.trouble();
    }, wait);
  };
  ScormLms.prototype.recovered = function () {
    this.failures = 0;
    if (this.retryTimer !== null) { this.timers.clear(this.retryTimer); this.retryTimer = null; }
    if (this.failing) {
      this.failing = false;
      if (this.onTrouble) this.onTrouble(false);
    }
  };
  ScormLms.prototype.finish = function () {
    if (this.closed) return false;
    // Last chance for what failed before: the LMS ends the session with this call.
    if (this.hasPending() && !this.readOnly) this.resend();
    if (this.retryTimer !== null) { this.timers.clear(this.retryTimer); this.retryTimer = null; }
    this.closed = true;
    var ok = String(this.call(this.n.finish, [''])) === 'true';
    if (!ok) this.report(this.n.finish);
    return ok;
  };
  /** After the page came back from the back/forward cache with the session finished:
   * starts a new one where the standard allows it. True when the API works again. */
  ScormLms.prototype.restart = function () {
    if (!this.closed) return true;
    this.closed = false;
    this.sent = {};
    if (this.start()) return true;
    this.closed = true;
    return false;
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
    if (this.closed || this.readOnly || /^cmi\.interactions\./.test(key)) return true;
    this.values[key] = String(value);
    return true;
  };
  PreviewLms.prototype.commit = function () {
    if (this.readOnly) return false;
    try { this.storage().setItem(this.key, JSON.stringify(this.values)); } catch (e) { warn('localStorage write failed', e && e.message); }
    return true;
  };
  PreviewLms.prototype.restart = function () { this.closed = false; return true; };
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
    discoverApi: discoverApi,
    ScormLms: ScormLms,
    PreviewLms: PreviewLms
  };
});
