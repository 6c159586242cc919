/* raamat course runtime: runs a course page built by raamat in an LMS (SCORM 1.2 or
 * SCORM 2004 4th Ed.), in preview (no LMS: progress in localStorage) or on the public
 * site (self-check only). Plain ES2017, no dependencies, no network requests.
 * The HTML/JSON/suspend_data contract it reads is docs/courses.md, part 2. */
(function () {
  'use strict';

  // UI strings come from the course JSON (`strings`: the theme's `course_*` i18n keys without
  // the prefix). These English ones are the last resort; the four optional keys at the end
  // fall back to language-neutral forms instead (see Course.prototype.t).
  var DEFAULT_STRINGS = {
    check: 'Check',
    correct: 'Correct',
    incorrect: 'Incorrect',
    choose: 'Choose…',
    progress: '{done} / {total}',
    preview: 'Preview: no learning environment was found, so progress is kept in this browser only.',
    resume: 'You continue where you left off.',
    finished: 'The course is closed. You can close this window.',
    move_up: 'Move up',
    move_down: 'Move down',
    score: 'Your score: {score} %',
    passed: 'You passed the test.',
    failed: 'You did not pass: at least {passMark} % is needed.',
    attempts_left: 'Attempts left: {left}',
    try_again: 'Try again',
    no_attempts: 'No attempts left: the test is locked.',
    unanswered: 'Answer every question before submitting the test.'
  };
  var SUSPEND_LIMIT = { scorm12: 4096, scorm2004: 64000 };
  var STATUS_RANK = { 'not attempted': 0, '': 0, unknown: 0, browsed: 1, incomplete: 1, failed: 2, completed: 3, passed: 4 };
  var MAX_API_DEPTH = 500;

  function warn() {
    try { console.warn.apply(console, ['[raamat]'].concat(Array.prototype.slice.call(arguments))); } catch (e) { /* no console */ }
  }
  function safe(fn) {
    return function () {
      try { return fn.apply(this, arguments); } catch (e) { warn('error:', e && e.message ? e.message : e); }
      return undefined;
    };
  }
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function fmt(str, vars) {
    return String(str).replace(/\{(\w+)\}/g, function (m, k) { return vars && vars[k] !== undefined ? String(vars[k]) : m; });
  }
  function pad(n, w) { var s = String(n); while (s.length < w) s = '0' + s; return s; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function srText(text) { return el('span', { 'class': 'visually-hidden' }, text); }
  function iconSpan(ok) { return el('span', { 'class': 'feedback-icon', 'aria-hidden': 'true' }, ok ? '\u2713' : '\u2717'); }

  /* ---------- seeded randomness (mulberry32) ---------- */
  function mix(a, b) {
    var h = Math.imul((a >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ (b >>> 0);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffle(arr, rand) {
    var a = arr.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  /* ---------- time formats ---------- */
  function timespan12(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = Math.floor(cs / 100); cs -= s * 100;
    return pad(Math.min(h, 9999), 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs, 2);
  }
  function duration2004(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000); cs -= h * 360000;
    var m = Math.floor(cs / 6000); cs -= m * 6000;
    var s = (cs / 100).toFixed(2).replace(/\.?0+$/, '');
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + (s || '0') + 'S';
  }
  function clock12(d) { return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); }
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
  function findApi(name) {
    var api = searchApi(window, name);
    if (!api) {
      try { if (window.top && window.top.opener) api = searchApi(window.top.opener, name); } catch (e) { /* cross-origin */ }
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

  /** Preview without an LMS: the same keys, kept in localStorage. Interactions are not kept. */
  function PreviewLms(mode, storageKey) {
    this.mode = mode;
    this.n = NAMES[mode];
    this.key = storageKey;
    this.values = {};
    this.closed = false;
  }
  PreviewLms.prototype.start = function () {
    try {
      var raw = window.localStorage.getItem(this.key);
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
    try { window.localStorage.setItem(this.key, JSON.stringify(this.values)); } catch (e) { warn('localStorage write failed', e && e.message); }
    return true;
  };
  PreviewLms.prototype.finish = function () {
    if (this.closed) return true;
    this.commit();
    this.closed = true;
    return true;
  };

  /* ---------- the course ---------- */
  function Course(root) {
    this.root = root;
    this.mode = root.getAttribute('data-mode') || 'site';
    if (this.mode !== 'scorm12' && this.mode !== 'scorm2004') this.mode = 'site';
    var script = $('#raamat-course-data', root) || document.getElementById('raamat-course-data');
    this.data = JSON.parse(script.textContent);
    this.S = {};
    var given = this.data.strings || {};
    var S = this.S;
    Object.keys(DEFAULT_STRINGS).forEach(function (k) { S[k] = typeof given[k] === 'string' ? given[k] : DEFAULT_STRINGS[k]; });
    Object.keys(given).forEach(function (k) { if (S[k] === undefined && typeof given[k] === 'string') S[k] = given[k]; });
    this.lang = root.getAttribute('data-lang') || this.data.lang || document.documentElement.lang || undefined;
    this.passMark = Number(this.data.passMark);
    if (!isFinite(this.passMark)) this.passMark = 100;
    this.maxAttempts = Math.max(0, Number(this.data.maxAttempts) || 0);
    this.fillMax = Math.max(1, Number(this.data.fillMaxLength) || 250);
    this.startedAt = Date.now();
    this.moduleShownAt = Date.now();
    this.finished = false;
    this.current = null;
    this.interactionCount = 0;
  }

  /** A UI string with {placeholders} filled; '' for an optional string the course lacks. */
  Course.prototype.t = function (key, vars) {
    var S = this.S;
    if (S[key] !== undefined) return fmt(S[key], vars);
    switch (key) {
      case 'no_answer': return S.choose;
      case 'moved': return fmt('{item}: {position} / {total}', vars);
      default: return '';
    }
  };

  Course.prototype.setup = function () {
    var self = this;
    var data = this.data;
    this.questions = (data.questions || []).map(function (q, i) {
      var form = null;
      $$('form.question', self.root).forEach(function (f) {
        if (f.getAttribute('data-question') === q.id) form = f;
      });
      return { q: q, index: i, form: form, kind: (form && form.getAttribute('data-kind')) || q.kind, touchedAt: 0 };
    });
    this.byId = {};
    this.questions.forEach(function (qq) { self.byId[qq.q.id] = qq; });

    this.modules = (data.modules || []).map(function (m) {
      var sec = null;
      $$('section.module', self.root).forEach(function (s) { if (s.getAttribute('data-module') === m.id) sec = s; });
      return { id: m.id, title: m.title, test: !!m.test, section: sec };
    });
    this.moduleById = {};
    this.modules.forEach(function (m, i) { m.index = i; self.moduleById[m.id] = m; });

    var testCfg = data.test || null;
    this.testModule = null;
    if (testCfg && testCfg.module && this.moduleById[testCfg.module]) this.testModule = this.moduleById[testCfg.module];
    if (!this.testModule) this.modules.forEach(function (m) { if (m.test && !self.testModule) self.testModule = m; });
    if (!this.testModule) {
      var ts = $('section.module[data-test], section.module-test', this.root);
      if (ts) this.modules.forEach(function (m) { if (m.section === ts) self.testModule = m; });
    }
    this.testSection = this.testModule ? this.testModule.section : $('section.module[data-test], section.module-test', this.root);
    this.questions.forEach(function (qq) {
      qq.inTest = !!((self.testModule && qq.q.module === self.testModule.id) ||
        (qq.form && self.testSection && self.testSection.contains(qq.form)));
    });
    this.testQuestions = this.questions.filter(function (qq) { return qq.inTest && qq.form; });
    this.hasTest = !!this.testSection && this.testQuestions.length > 0;
    this.contentModules = this.modules.filter(function (m) { return m !== self.testModule; });
  };

  /* ----- responses: read, write, evaluate ----- */

  function tfValue(v) {
    var s = String(v).toLowerCase();
    if (s === 'true' || s === 'a' || s === 't' || s === '1') return 'a';
    return 'b';
  }
  function encMatch(v) {
    var n = parseInt(v, 10);
    if (!isFinite(n) || n < 0 || n > 35) return '_';
    return n.toString(36);
  }
  function decMatch(c) { return c === '_' ? '' : String(parseInt(c, 36)); }
  function normFill(s, lang) {
    var t = String(s || '').trim().replace(/\s+/g, ' ');
    try { t = t.normalize('NFC'); } catch (e) { /* old engine */ }
    try { return t.toLocaleLowerCase(lang); } catch (e) { return t.toLowerCase(); }
  }
  function terms(q) { return (q.pairs || []).map(function (p) { return String(p[0]); }); }

  Course.prototype.fillInput = function (form) { return $('input[type="text"], input:not([type]), textarea', form); };
  Course.prototype.termSelect = function (form, term) {
    var found = null;
    $$('select[data-term]', form).forEach(function (s) { if (s.getAttribute('data-term') === term) found = s; });
    return found;
  };

  /** The learner's response in suspend_data syntax ('' when unanswered). */
  Course.prototype.readResponse = function (qq) {
    var form = qq.form, q = qq.q;
    switch (qq.kind) {
      case 'single': {
        var r = $('input[type="radio"]:checked', form);
        return r ? r.value : '';
      }
      case 'truefalse': {
        var t = $('input[type="radio"]:checked', form);
        return t ? tfValue(t.value) : '';
      }
      case 'multiple':
        return $$('input[type="checkbox"]:checked', form).map(function (c) { return c.value; }).sort().join('');
      case 'fill': {
        var inp = this.fillInput(form);
        return inp ? String(inp.value).trim().slice(0, this.fillMax) : '';
      }
      case 'matching': {
        var self = this;
        var s = terms(q).map(function (term) {
          var sel = self.termSelect(form, term);
          return sel && sel.value ? encMatch(sel.value) : '_';
        }).join('');
        return /^_*$/.test(s) ? '' : s;
      }
      case 'ordering':
        return $$('ol.ordering > li[data-item]', form).map(function (li) { return li.getAttribute('data-item'); }).join('');
      default:
        return '';
    }
  };

  Course.prototype.writeResponse = function (qq, resp) {
    var form = qq.form, q = qq.q, self = this;
    resp = resp === undefined || resp === null ? '' : String(resp);
    switch (qq.kind) {
      case 'single':
        $$('input[type="radio"]', form).forEach(function (r) { r.checked = resp !== '' && r.value === resp; });
        break;
      case 'truefalse':
        $$('input[type="radio"]', form).forEach(function (r) { r.checked = resp !== '' && tfValue(r.value) === resp; });
        break;
      case 'multiple':
        $$('input[type="checkbox"]', form).forEach(function (c) { c.checked = resp.indexOf(c.value) >= 0 && c.value.length === 1; });
        break;
      case 'fill': {
        var inp = this.fillInput(form);
        if (inp) inp.value = resp;
        break;
      }
      case 'matching':
        terms(q).forEach(function (term, i) {
          var sel = self.termSelect(form, term);
          if (sel) sel.value = resp.charAt(i) ? decMatch(resp.charAt(i)) : '';
        });
        break;
      case 'ordering': {
        var ol = $('ol.ordering', form);
        if (!ol || !resp) break;
        var items = {};
        $$('li[data-item]', ol).forEach(function (li) { items[li.getAttribute('data-item')] = li; });
        resp.split('').forEach(function (id) { if (items[id]) { ol.appendChild(items[id]); delete items[id]; } });
        Object.keys(items).forEach(function (id) { ol.appendChild(items[id]); });
        this.updateOrderingButtons(form);
        break;
      }
    }
  };

  /** Evaluates a response: correctness plus the SCORM interaction strings. */
  Course.prototype.evaluate = function (qq, resp) {
    var q = qq.q, kind = qq.kind, v12 = this.mode === 'scorm12';
    var ev = { answered: resp !== '', correct: false, type: 'other', r12: '', r04: '', p12: '', p04: '' };
    var list = function (arr, sep) { return arr.join(sep); };
    switch (kind) {
      case 'single':
      case 'multiple': {
        var correct = (q.correct || []).map(String).sort();
        var given = resp.split('').sort();
        ev.correct = ev.answered && given.join('') === correct.join('');
        ev.type = 'choice';
        ev.r12 = list(given, ','); ev.r04 = list(given, '[,]');
        ev.p12 = list(correct, ','); ev.p04 = list(correct, '[,]');
        break;
      }
      case 'truefalse': {
        var truth = tfValue((q.correct || ['a'])[0]);
        ev.correct = ev.answered && resp === truth;
        ev.type = 'true-false';
        ev.r12 = resp ? (resp === 'a' ? 't' : 'f') : ''; ev.r04 = resp ? (resp === 'a' ? 'true' : 'false') : '';
        ev.p12 = truth === 'a' ? 't' : 'f'; ev.p04 = truth === 'a' ? 'true' : 'false';
        break;
      }
      case 'fill': {
        var lang = this.lang;
        var accepted = (q.accepted || q.correct || []).map(String);
        var mine = normFill(resp, lang);
        ev.correct = ev.answered && accepted.some(function (a) { return normFill(a, lang) === mine; });
        ev.type = 'fill-in';
        var clean04 = function (s) { return String(s).replace(/\[[,.]\]/g, ' ').replace(/^\{/, '(').slice(0, 250); };
        ev.r12 = resp.slice(0, 255); ev.r04 = clean04(resp);
        ev.p12 = String(accepted[0] || '').slice(0, 255); ev.p04 = clean04(accepted[0] || '');
        break;
      }
      case 'matching': {
        var pairs = (q.pairs || []).map(function (p) { return [String(p[0]), String(p[1])]; });
        var chosen = pairs.map(function (p, i) { return resp.charAt(i) ? decMatch(resp.charAt(i)) : ''; });
        ev.correct = ev.answered && pairs.every(function (p, i) { return chosen[i] === p[1]; });
        ev.type = 'matching';
        var given12 = [], given04 = [];
        pairs.forEach(function (p, i) { if (chosen[i]) { given12.push(p[0] + '.' + chosen[i]); given04.push(p[0] + '[.]' + chosen[i]); } });
        ev.r12 = given12.join(','); ev.r04 = given04.join('[,]');
        ev.p12 = pairs.map(function (p) { return p[0] + '.' + p[1]; }).join(',');
        ev.p04 = pairs.map(function (p) { return p[0] + '[.]' + p[1]; }).join('[,]');
        break;
      }
      case 'ordering': {
        var order = (q.order || []).map(String);
        ev.correct = ev.answered && resp === order.join('');
        ev.type = 'sequencing';
        ev.r12 = resp.split('').join(','); ev.r04 = resp.split('').join('[,]');
        ev.p12 = order.join(','); ev.p04 = order.join('[,]');
        break;
      }
    }
    ev.response = v12 ? ev.r12 : ev.r04;
    ev.pattern = v12 ? ev.p12 : ev.p04;
    return ev;
  };

  /* ----- feedback ----- */

  Course.prototype.clearFeedback = function (qq) {
    var form = qq.form;
    var fb = $('.feedback', form);
    if (fb) fb.textContent = '';
    form.classList.remove('is-correct', 'is-incorrect');
    $$('.answer-mark', form).forEach(function (m) { m.parentNode.removeChild(m); });
    $$('.option-feedback', form).forEach(function (f) { f.hidden = true; });
    $$('.option, .match', form).forEach(function (o) { o.classList.remove('is-chosen-correct', 'is-chosen-incorrect'); });
  };

  Course.prototype.mark = function (ok) {
    var m = el('span', { 'class': 'answer-mark ' + (ok ? 'answer-mark-correct' : 'answer-mark-incorrect') });
    m.appendChild(iconSpan(ok));
    m.appendChild(srText(' ' + this.t(ok ? 'correct' : 'incorrect')));
    return m;
  };

  Course.prototype.showFeedback = function (qq, ev) {
    var self = this, form = qq.form, q = qq.q;
    this.clearFeedback(qq);
    form.classList.add(ev.correct ? 'is-correct' : 'is-incorrect');
    if (qq.kind === 'single' || qq.kind === 'multiple' || qq.kind === 'truefalse') {
      var correctSet = qq.kind === 'truefalse' ? [tfValue((q.correct || ['a'])[0])] : (q.correct || []).map(String);
      $$('.option', form).forEach(function (opt) {
        var input = $('input', opt);
        if (!input || !input.checked) return;
        var id = qq.kind === 'truefalse' ? tfValue(input.value) : input.value;
        var ok = correctSet.indexOf(id) >= 0;
        opt.classList.add(ok ? 'is-chosen-correct' : 'is-chosen-incorrect');
        var label = $('label', opt);
        (label || opt).appendChild(self.mark(ok));
        $$('.option-feedback', opt).forEach(function (f) { f.hidden = false; });
      });
    } else if (qq.kind === 'matching') {
      (q.pairs || []).forEach(function (p) {
        var sel = self.termSelect(form, String(p[0]));
        if (!sel || !sel.value) return;
        var ok = sel.value === String(p[1]);
        var box = sel.closest('.match') || sel.parentNode;
        if (box && box.classList) box.classList.add(ok ? 'is-chosen-correct' : 'is-chosen-incorrect');
        sel.insertAdjacentElement('afterend', self.mark(ok));
      });
    }
    var fb = $('.feedback', form);
    if (!fb) return;
    var head = el('p', { 'class': 'feedback-result' });
    head.appendChild(iconSpan(ev.correct));
    head.appendChild(el('strong', null, ' ' + this.t(ev.correct ? 'correct' : 'incorrect')));
    fb.appendChild(head);
    var source = $(ev.correct ? '.feedback-correct' : '.feedback-incorrect', form);
    if (source && source.textContent.trim()) {
      var copy = source.cloneNode(true);
      copy.hidden = false;
      copy.removeAttribute('hidden');
      copy.className = 'feedback-text ' + (ev.correct ? 'feedback-text-correct' : 'feedback-text-incorrect');
      $$('[id]', copy).forEach(function (x) { x.removeAttribute('id'); });
      fb.appendChild(copy);
    }
  };

  Course.prototype.say = function (form, text) {
    var fb = $('.feedback', form);
    if (!fb) return;
    fb.textContent = '';
    fb.appendChild(el('p', { 'class': 'feedback-hint' }, text));
  };

  /* ----- ordering widgets ----- */

  Course.prototype.itemText = function (li) {
    var t = $('.item-text', li);
    if (t) return t.textContent.trim();
    var c = li.cloneNode(true);
    $$('button, .ordering-controls', c).forEach(function (b) { b.parentNode.removeChild(b); });
    return c.textContent.trim();
  };

  Course.prototype.setupOrdering = function (qq) {
    var self = this, form = qq.form;
    var ol = $('ol.ordering', form);
    if (!ol) return;
    if (!$('.ordering-status', form)) {
      var live = el('div', { 'class': 'ordering-status visually-hidden', role: 'status', 'aria-live': 'polite' });
      ol.insertAdjacentElement('afterend', live);
    }
    $$('li[data-item]', ol).forEach(function (li) {
      var text = self.itemText(li);
      var up = $('button[data-move="up"], button.up', li);
      var down = $('button[data-move="down"], button.down', li);
      if (!up || !down) {
        var box = el('span', { 'class': 'ordering-controls' });
        if (!up) { up = el('button', { type: 'button', 'data-move': 'up', 'class': 'move move-up' }); box.appendChild(up); }
        if (!down) { down = el('button', { type: 'button', 'data-move': 'down', 'class': 'move move-down' }); box.appendChild(down); }
        li.appendChild(box);
      }
      up.setAttribute('data-move', 'up');
      down.setAttribute('data-move', 'down');
      // Buttons the packager wrote keep their own (visible + hidden) text.
      [[up, 'move_up', '\u2191'], [down, 'move_down', '\u2193']].forEach(function (b) {
        if (!b[0].textContent.trim() && !b[0].getAttribute('aria-label')) {
          b[0].appendChild(el('span', { 'aria-hidden': 'true' }, b[2]));
          b[0].appendChild(srText(self.t(b[1]) + ': ' + text));
        }
        b[0].type = 'button';
      });
    });
    ol.addEventListener('click', safe(function (e) {
      var btn = e.target.closest ? e.target.closest('button[data-move]') : null;
      if (!btn || btn.disabled || !ol.contains(btn)) return;
      e.preventDefault();
      var li = btn.closest('li[data-item]');
      var dir = btn.getAttribute('data-move');
      if (dir === 'up' && li.previousElementSibling) ol.insertBefore(li, li.previousElementSibling);
      else if (dir === 'down' && li.nextElementSibling) ol.insertBefore(li.nextElementSibling, li);
      else return;
      self.updateOrderingButtons(form);
      var target = btn.disabled ? $('button[data-move="' + (dir === 'up' ? 'down' : 'up') + '"]', li) : btn;
      if (target) target.focus();
      var items = $$('li[data-item]', ol);
      var live = $('.ordering-status', form);
      if (live) live.textContent = self.t('moved', { item: self.itemText(li), position: items.indexOf(li) + 1, total: items.length });
      self.onChange(qq);
    }));
  };

  Course.prototype.updateOrderingButtons = function (form) {
    var items = $$('ol.ordering > li[data-item]', form);
    var locked = form.classList.contains('is-locked');
    items.forEach(function (li, i) {
      var up = $('button[data-move="up"]', li), down = $('button[data-move="down"]', li);
      if (up) up.disabled = locked || i === 0;
      if (down) down.disabled = locked || i === items.length - 1;
    });
  };

  /** Shuffles the ordering items (seeded) so that they never start in the right order. */
  Course.prototype.shuffleOrdering = function (qq, seed) {
    var ol = $('ol.ordering', qq.form);
    if (!ol) return;
    var items = $$('li[data-item]', ol);
    if (items.length < 2) return;
    var order = (qq.q.order || items.map(function (li) { return li.getAttribute('data-item'); })).join('');
    var mixed = shuffle(items, rng(seed));
    var ids = mixed.map(function (li) { return li.getAttribute('data-item'); }).join('');
    if (ids === order) mixed.push(mixed.shift());
    mixed.forEach(function (li) { ol.appendChild(li); });
    this.updateOrderingButtons(qq.form);
  };

  Course.prototype.shuffleOptions = function (qq, seed) {
    if (qq.kind !== 'single' && qq.kind !== 'multiple') return;
    var box = $('.options', qq.form);
    if (!box) return;
    var opts = $$('.option', box).filter(function (o) { return o.parentNode === box; });
    if (opts.length < 2) return;
    var sorted = opts.slice().sort(function (a, b) {
      var x = a.getAttribute('data-option') || '', y = b.getAttribute('data-option') || '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    shuffle(sorted, rng(seed)).forEach(function (o) { box.appendChild(o); });
  };

  /* ----- questions ----- */

  Course.prototype.setupQuestions = function () {
    var self = this;
    this.questions.forEach(function (qq) {
      if (!qq.form) return;
      var form = qq.form;
      form.setAttribute('novalidate', '');
      if (qq.kind === 'fill') {
        var inp = self.fillInput(form);
        if (inp && !inp.getAttribute('maxlength')) inp.setAttribute('maxlength', String(self.fillMax));
      }
      if (qq.kind === 'ordering') self.setupOrdering(qq);
      if (qq.inTest) {
        $$('button.check', form).forEach(function (b) { b.hidden = true; });
      }
      form.addEventListener('submit', safe(function (e) {
        e.preventDefault();
        if (!qq.inTest) self.check(qq);
      }));
      var touch = function () { if (!qq.touchedAt) qq.touchedAt = Date.now(); };
      form.addEventListener('focusin', touch);
      form.addEventListener('change', safe(function (e) {
        touch();
        if (e.target && e.target.closest && e.target.closest('ol.ordering')) return;
        self.onChange(qq);
      }));
    });
  };

  /** A learner changed an answer: test answers are kept at once; checks wait for the button. */
  Course.prototype.onChange = function (qq) {
    if (qq.inTest) {
      if (this.testLocked()) return;
      qq.form.classList.remove('is-unanswered');
      var resp = this.readResponse(qq);
      if (this.state) {
        if (resp) this.state.q[qq.index] = resp; else delete this.state.q[qq.index];
        this.save(true);
      }
    } else if (qq.form.classList.contains('is-correct') || qq.form.classList.contains('is-incorrect')) {
      this.clearFeedback(qq);
    }
  };

  Course.prototype.check = function (qq) {
    var resp = this.readResponse(qq);
    var ev = this.evaluate(qq, resp);
    if (!ev.answered) { this.say(qq.form, this.t('no_answer')); return; }
    this.showFeedback(qq, ev);
    if (!this.state) return;
    this.state.q[qq.index] = resp;
    this.recordInteraction(qq, ev);
    this.save(false);
    this.reportStatus();
    this.lms.commit();
  };

  /* ----- final test ----- */

  Course.prototype.drawTest = function (attempt) {
    var self = this, data = this.data, cfg = data.test || {};
    var rand = rng(mix(mix(this.seed, 0x7e57), attempt));
    var pools = cfg.pools || [];
    var inPool = {};
    pools.forEach(function (p) { (p.questions || []).forEach(function (id) { inPool[id] = true; }); });
    var fixed = cfg.questions ? cfg.questions.filter(function (id) { return !inPool[id]; })
      : this.testQuestions.filter(function (qq) { return !qq.q.pool; }).map(function (qq) { return qq.q.id; });
    var chosen = fixed.slice();
    pools.forEach(function (p) {
      var ids = (p.questions || []).filter(function (id) { return self.byId[id]; });
      var n = p.draw === undefined || p.draw === null ? ids.length : Math.max(0, Math.min(Number(p.draw) || 0, ids.length));
      chosen = chosen.concat(shuffle(ids, rand).slice(0, n));
    });
    var list = chosen.map(function (id) { return self.byId[id]; }).filter(function (qq) { return qq && qq.form && qq.inTest; });
    if (!list.length) list = this.testQuestions.slice();
    if (data.shuffleQuestions) list = shuffle(list, rand);
    else list.sort(function (a, b) { return a.index - b.index; });
    return list.map(function (qq) { return qq.index; });
  };

  /** Shows the drawn questions in order and hides the rest; shuffles options and ordering items. */
  Course.prototype.layoutTest = function () {
    var self = this;
    var drawn = this.test.d;
    if (!this.testSlots) {
      this.testSlots = this.testQuestions.map(function (qq) {
        var mark = document.createComment('raamat-test-slot');
        qq.form.parentNode.insertBefore(mark, qq.form);
        return mark;
      });
    }
    var shown = drawn.map(function (i) { return self.questions[i]; });
    var rest = this.testQuestions.filter(function (qq) { return drawn.indexOf(qq.index) < 0; });
    shown.concat(rest).forEach(function (qq, i) {
      var slot = self.testSlots[i];
      slot.parentNode.insertBefore(qq.form, slot);
    });
    this.testQuestions.forEach(function (qq) {
      var on = drawn.indexOf(qq.index) >= 0;
      qq.form.hidden = !on;
      $$('input, select, textarea, button', qq.form).forEach(function (x) {
        if (!x.classList.contains('check')) x.disabled = !on;
      });
      qq.form.classList.remove('is-locked');
      if (on) {
        var seed = mix(mix(self.seed, qq.index + 1), self.attemptIndex() + 1);
        if (self.data.shuffleOptions) self.shuffleOptions(qq, seed);
        if (qq.kind === 'ordering') self.shuffleOrdering(qq, mix(seed, 0x0d));
      }
    });
    shown.forEach(function (qq, i) {
      var legend = $('legend', qq.form);
      if (!legend) return;
      var num = $('.question-number', legend);
      if (!num) { num = el('span', { 'class': 'question-number' }); legend.insertBefore(num, legend.firstChild); }
      num.textContent = (i + 1) + '. ';
    });
  };

  /** Which attempt the drawn questions belong to (0 = first). */
  Course.prototype.attemptIndex = function () {
    return this.testLocked() ? Math.max(0, this.test.a - 1) : this.test.a;
  };
  Course.prototype.testLocked = function () {
    return !!(this.test && this.test.r !== null && this.test.r !== undefined);
  };
  Course.prototype.attemptsLeft = function () {
    if (this.mode === 'site' || this.maxAttempts === 0) return Infinity;
    return Math.max(0, this.maxAttempts - this.test.a);
  };

  Course.prototype.submitTest = function () {
    var self = this;
    if (!this.hasTest || this.testLocked()) return;
    if (this.attemptsLeft() <= 0) { this.renderTestResult(false); return; }
    var drawn = this.test.d.map(function (i) { return self.questions[i]; });
    // First press with unanswered questions: say so; the next press submits anyway.
    var unanswered = drawn.filter(function (qq) { return !self.readResponse(qq); });
    if (unanswered.length && !this.warnedUnanswered) {
      this.warnedUnanswered = true;
      var box = $('.test-result', this.testSection);
      if (box) {
        box.textContent = '';
        box.classList.remove('is-passed', 'is-failed');
        box.appendChild(el('p', { 'class': 'test-warning' }, this.t('unanswered')));
      }
      unanswered.forEach(function (qq) { qq.form.classList.add('is-unanswered'); });
      return;
    }
    this.warnedUnanswered = false;
    this.testQuestions.forEach(function (qq) { qq.form.classList.remove('is-unanswered'); });
    var right = 0;
    var evals = drawn.map(function (qq) {
      var resp = self.readResponse(qq);
      var ev = self.evaluate(qq, resp);
      if (ev.correct) right++;
      if (self.state) { if (resp) self.state.q[qq.index] = resp; else delete self.state.q[qq.index]; }
      return ev;
    });
    var score = drawn.length ? Math.round(right / drawn.length * 100) : 0;
    this.test.a += 1;
    this.test.r = score;
    this.lastScore = score;
    if (this.state) {
      drawn.forEach(function (qq, i) { self.recordInteraction(qq, evals[i]); });
      this.save(false);
      this.reportStatus();
      this.lms.commit();
    }
    this.renderTestResult(true);
    var res = $('.test-result', this.testSection);
    if (res) { res.setAttribute('tabindex', '-1'); res.focus(); }
  };

  Course.prototype.renderTestResult = function () {
    var self = this;
    var res = $('.test-result', this.testSection);
    var submit = $('[data-submit-test]', this.testSection);
    var retry = this.retryButton;
    var locked = this.testLocked();
    var left = this.attemptsLeft();
    if (!locked && left > 0) {
      if (res) res.textContent = '';
      if (submit) submit.hidden = false;
      if (retry) retry.hidden = true;
      return;
    }
    var drawn = this.test.d.map(function (i) { return self.questions[i]; });
    drawn.forEach(function (qq) {
      if (locked) self.showFeedback(qq, self.evaluate(qq, self.readResponse(qq)));
    });
    this.testQuestions.forEach(function (qq) {
      qq.form.classList.add('is-locked');
      $$('input, select, textarea, button', qq.form).forEach(function (x) { if (!x.classList.contains('check')) x.disabled = true; });
    });
    if (submit) submit.hidden = true;
    var passed = locked && this.test.r >= this.passMark;
    var lines = [];
    if (locked) {
      lines.push([this.t('score', { score: this.test.r }), null]);
      lines.push([this.t(passed ? 'passed' : 'failed', { passMark: this.passMark }), passed]);
    }
    var canRetry = locked && !passed && left > 0;
    if (canRetry && left !== Infinity) lines.push([this.t('attempts_left', { left: left, n: left }), null]);
    if (!passed && left <= 0) lines.push([this.t('no_attempts'), null]);
    if (res) {
      res.textContent = '';
      lines.forEach(function (l) {
        var p = el('p');
        if (l[1] !== null) { p.appendChild(iconSpan(l[1])); p.appendChild(document.createTextNode(' ')); }
        p.appendChild(document.createTextNode(l[0]));
        res.appendChild(p);
      });
      res.classList.toggle('is-passed', passed);
      res.classList.toggle('is-failed', locked && !passed);
    }
    if (retry) retry.hidden = !canRetry;
  };

  Course.prototype.retryTest = function () {
    var self = this;
    if (!this.testLocked() || this.attemptsLeft() <= 0 || this.test.r >= this.passMark) return;
    this.test.r = null;
    this.warnedUnanswered = false;
    this.testQuestions.forEach(function (qq) {
      qq.form.classList.remove('is-unanswered');
      if (self.state) delete self.state.q[qq.index];
      self.clearFeedback(qq);
      self.writeResponse(qq, '');
    });
    if (this.mode === 'site') this.seed = Math.floor(Math.random() * 100000);
    this.test.d = this.drawTest(this.test.a);
    this.layoutTest();
    this.renderTestResult(false);
    if (this.state) { this.save(false); this.lms.commit(); }
    var first = this.test.d.length ? this.questions[this.test.d[0]].form : null;
    var target = first ? $('input:not([disabled]), select:not([disabled]), button:not([disabled])', first) : null;
    if (target) target.focus();
  };

  Course.prototype.setupTest = function () {
    var self = this;
    if (!this.hasTest) return;
    var submit = $('[data-submit-test]', this.testSection);
    if (submit) {
      submit.type = 'button';
      submit.addEventListener('click', safe(function (e) { e.preventDefault(); self.submitTest(); }));
    }
    var retry = el('button', { type: 'button', 'class': 'test-retry', 'data-retry-test': '' }, this.t('try_again'));
    retry.hidden = true;
    var res = $('.test-result', this.testSection);
    if (res) res.insertAdjacentElement('afterend', retry);
    else if (submit) submit.insertAdjacentElement('afterend', retry);
    else this.testSection.appendChild(retry);
    retry.addEventListener('click', safe(function () { self.retryTest(); }));
    this.retryButton = retry;
  };

  /* ----- suspend data ----- */

  Course.prototype.parseSuspend = function (text) {
    if (!text) return null;
    try {
      var o = JSON.parse(text);
      if (!o || o.v !== 1) { warn('unknown suspend_data format, starting fresh'); return null; }
      return o;
    } catch (e) {
      warn('unreadable suspend_data, starting fresh');
      return null;
    }
  };

  Course.prototype.suspendString = function () {
    var self = this, st = this.state;
    var o = { v: 1, s: this.seed, m: this.modules.map(function (m) { return st.visited[m.index] ? '1' : '0'; }).join(''), q: {} };
    var keys = Object.keys(st.q).map(Number).sort(function (a, b) { return a - b; });
    keys.forEach(function (i) { o.q[i.toString(36)] = st.q[i]; });
    if (this.hasTest) {
      o.t = { a: this.test.a, d: this.test.d.map(function (i) { return i.toString(36); }).join('.') };
      if (this.testLocked()) o.t.r = this.test.r;
    }
    var limit = SUSPEND_LIMIT[this.mode] || 4096;
    var s = JSON.stringify(o);
    if (s.length > limit) {
      // Least important first: answers to knowledge checks (latest first), then test answers.
      var order = keys.filter(function (i) { return !self.questions[i].inTest; }).reverse()
        .concat(keys.filter(function (i) { return self.questions[i].inTest; }).reverse());
      var dropped = 0;
      for (var k = 0; k < order.length && s.length > limit; k++) {
        delete o.q[order[k].toString(36)];
        dropped++;
        s = JSON.stringify(o);
      }
      if (s.length > limit) { o.q = {}; s = JSON.stringify(o); }
      warn('suspend_data over', limit, 'characters: dropped', dropped, 'saved answers');
    }
    return s;
  };

  /** Writes suspend_data (and commits when asked). */
  Course.prototype.save = function (commit) {
    if (!this.state || this.finished) return;
    var s = this.suspendString();
    this.lms.set('cmi.suspend_data', s);
    if (commit) this.lms.commit();
  };

  /* ----- status ----- */

  /** The status this state earns, in SCORM 1.2 terms, and the raw score to report (or null). */
  Course.prototype.outcome = function () {
    var st = this.state;
    var pagesDone = this.contentModules.every(function (m) { return st.visited[m.index]; });
    var rule = this.data.completion || 'all-pages-and-pass-test';
    if (!this.hasTest) rule = 'all-pages';
    var submitted = this.hasTest && this.test.a > 0 && this.lastScore !== null && this.lastScore !== undefined;
    var score = submitted ? this.lastScore : null;
    if (rule === 'all-pages') return { status: pagesDone ? 'completed' : 'incomplete', raw: score };
    var pagesOk = rule === 'pass-test' || pagesDone;
    if (pagesOk && submitted) {
      var passed = score >= this.passMark;
      return { status: passed ? 'passed' : (this.data.failedStatus === 'incomplete' ? 'incomplete' : 'failed'), raw: score };
    }
    return { status: 'incomplete', raw: null };
  };

  Course.prototype.progressMeasure = function (o) {
    if (o.status === 'passed' || o.status === 'completed' || o.status === 'failed') return 1;
    var st = this.state;
    var rule = this.hasTest ? (this.data.completion || 'all-pages-and-pass-test') : 'all-pages';
    var units = 0, done = 0;
    if (rule !== 'pass-test') {
      units += this.contentModules.length;
      done += this.contentModules.filter(function (m) { return st.visited[m.index]; }).length;
    }
    if (rule !== 'all-pages') units += 1;
    if (!units) return 0;
    return Math.min(0.99, Math.round(done / units * 100) / 100);
  };

  Course.prototype.reportStatus = function () {
    if (!this.state || this.finished) return;
    var lms = this.lms, n = lms.n;
    var o = this.outcome();
    if (o.raw !== null) {
      lms.set(n.min, '0');
      lms.set(n.max, '100');
      lms.set(n.raw, String(o.raw));
      if (n.scaled) lms.set(n.scaled, String(Math.round(o.raw) / 100));
    }
    if (this.mode === 'scorm12') {
      if (STATUS_RANK[o.status] >= (STATUS_RANK[this.lmsStatus] || 0)) {
        if (lms.set(n.status, o.status)) this.lmsStatus = o.status;
      }
    } else {
      var completion = (o.status === 'incomplete') ? 'incomplete' : 'completed';
      var success = o.status === 'passed' ? 'passed' : o.status === 'failed' ? 'failed' : 'unknown';
      if (!(this.lmsCompletion === 'completed' && completion !== 'completed')) {
        if (lms.set(n.completion, completion)) this.lmsCompletion = completion;
      }
      if (!(this.lmsSuccess === 'passed' && success !== 'passed') && !(success === 'unknown' && this.lmsSuccess === 'failed')) {
        if (lms.set(n.success, success)) this.lmsSuccess = success;
      }
      lms.set(n.progress, String(this.progressMeasure(o)));
    }
    var finished = o.status === 'passed' || o.status === 'completed';
    lms.set(n.exit, finished ? (this.mode === 'scorm12' ? '' : 'normal') : 'suspend');
  };

  /** The question's prompt as plain text (blank and numbering left out). */
  Course.prototype.promptText = function (qq) {
    var legend = $('.question-prompt', qq.form) || $('legend', qq.form);
    if (!legend) return '';
    var c = legend.cloneNode(true);
    $$('.question-number, .visually-hidden', c).forEach(function (x) { x.parentNode.removeChild(x); });
    $$('input, select, textarea', c).forEach(function (x) { x.parentNode.replaceChild(document.createTextNode(' ___ '), x); });
    return c.textContent.replace(/\s+/g, ' ').trim();
  };

  Course.prototype.recordInteraction = function (qq, ev) {
    if (!this.state || this.finished || this.lms instanceof PreviewLms) return;
    var lms = this.lms, v12 = this.mode === 'scorm12';
    var now = new Date();
    var started = Math.max(qq.touchedAt || 0, this.moduleShownAt || 0) || this.startedAt;
    qq.touchedAt = 0;
    var latency = Math.max(0, now.getTime() - started);
    var p = 'cmi.interactions.' + this.interactionCount + '.';
    this.interactionCount += 1;
    var id = v12 ? String(qq.q.id).replace(/[^\x21-\x7e]/g, '_').slice(0, 255) : String(qq.q.id).replace(/\s/g, '_').slice(0, 4000);
    lms.set(p + 'id', id, true);
    lms.set(p + 'type', ev.type, true);
    if (v12) {
      lms.set(p + 'time', clock12(now), true);
      lms.set(p + 'weighting', '1', true);
      lms.set(p + 'correct_responses.0.pattern', ev.pattern, true);
      if (ev.response !== '') lms.set(p + 'student_response', ev.response, true);
      lms.set(p + 'result', ev.correct ? 'correct' : 'wrong', true);
      lms.set(p + 'latency', timespan12(latency), true);
    } else {
      lms.set(p + 'timestamp', timestamp2004(now), true);
      var desc = this.promptText(qq).replace(/^\{/, '(').slice(0, 250);
      if (desc) lms.set(p + 'description', desc, true);
      lms.set(p + 'weighting', '1', true);
      lms.set(p + 'correct_responses.0.pattern', ev.pattern, true);
      if (ev.response !== '') lms.set(p + 'learner_response', ev.response, true);
      lms.set(p + 'result', ev.correct ? 'correct' : 'incorrect', true);
      lms.set(p + 'latency', duration2004(latency), true);
    }
  };

  /* ----- modules and navigation ----- */

  Course.prototype.moduleFromHash = function (hash) {
    var h = String(hash || '').replace(/^#/, '');
    try { h = decodeURIComponent(h); } catch (e) { /* keep */ }
    if (h.indexOf('m-') === 0 && this.moduleById[h.slice(2)]) return this.moduleById[h.slice(2)];
    return null;
  };

  Course.prototype.showModule = function (m, opts) {
    opts = opts || {};
    var self = this;
    if (!m || !m.section) return;
    this.modules.forEach(function (x) { if (x.section) x.section.hidden = x !== m; });
    $$('.course-menu a[data-module]', this.root).forEach(function (a) {
      if (a.getAttribute('data-module') === m.id) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    this.current = m;
    this.moduleShownAt = Date.now();
    if (opts.updateHash) {
      try { history.replaceState(null, '', '#m-' + m.id); } catch (e) { /* sandboxed */ }
    }
    var first = !this.state.visited[m.index];
    this.state.visited[m.index] = true;
    this.renderProgress();
    this.lms.set(this.lms.n.location, m.id);
    this.save(false);
    if (first) this.reportStatus();
    this.lms.commit();
    if (opts.focus) {
      var h = $('h1, h2, h3', m.section);
      if (h) {
        if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
        h.focus();
      }
      if (h && h.scrollIntoView) { try { h.scrollIntoView({ block: 'start' }); } catch (e) { /* old engine */ } }
    }
  };

  Course.prototype.renderProgress = function () {
    var self = this, st = this.state;
    var done = this.modules.filter(function (m) { return st.visited[m.index]; }).length;
    var box = $('.course-progress', this.root);
    if (box) {
      var text = this.t('progress', { done: done, total: this.modules.length });
      if (box.textContent !== text) box.textContent = text;
    }
    $$('.course-menu a[data-module]', this.root).forEach(function (a) {
      var m = self.moduleById[a.getAttribute('data-module')];
      var visited = !!(m && st.visited[m.index]);
      var mark = $('.visited-mark', a);
      if (visited && !mark) {
        mark = el('span', { 'class': 'visited-mark' });
        mark.appendChild(el('span', { 'aria-hidden': 'true' }, ' \u2713'));
        if (self.t('visited')) mark.appendChild(srText(' (' + self.t('visited') + ')'));
        a.appendChild(mark);
      }
      a.classList.toggle('is-visited', visited);
    });
  };

  Course.prototype.addNextLinks = function () {
    var self = this;
    this.modules.forEach(function (m, i) {
      var next = self.modules[i + 1];
      if (!next || !m.section || $('.module-next', m.section)) return;
      var p = el('p', { 'class': 'module-next' });
      var title = next.title || next.id;
      var a = el('a', { href: '#m-' + next.id, 'data-module': next.id }, self.t('next', { title: title }) || title);
      if (!self.S.next) a.appendChild(el('span', { 'aria-hidden': 'true' }, ' \u2192'));
      p.appendChild(a);
      m.section.appendChild(p);
    });
  };

  Course.prototype.notice = function (lines) {
    var box = $('.course-notice', this.root);
    if (!box) return;
    box.textContent = '';
    lines.forEach(function (l) { box.appendChild(el('p', null, l)); });
    box.hidden = lines.length === 0;
  };

  Course.prototype.finish = function () {
    if (this.finished || !this.lms) return;
    try {
      this.save(false);
      this.reportStatus();
      this.lms.set(this.lms.n.sessionTime, this.mode === 'scorm12' ? timespan12(Date.now() - this.startedAt) : duration2004(Date.now() - this.startedAt), true);
      this.lms.commit(true);
    } catch (e) { warn('finish', e && e.message); }
    this.finished = true;
    this.lms.finish();
  };

  /* ----- start ----- */

  Course.prototype.startSite = function () {
    var self = this;
    this.state = null;
    // A site page shows its module(s) whole: nothing to switch between.
    this.modules.forEach(function (m) { if (m.section) m.section.hidden = false; });
    this.seed = Math.floor(Math.random() * 100000);
    this.setupQuestions();
    this.questions.forEach(function (qq) {
      if (qq.form && qq.kind === 'ordering' && !qq.inTest) self.shuffleOrdering(qq, mix(self.seed, qq.index + 1));
    });
    if (this.hasTest) {
      this.test = { a: 0, d: [], r: null };
      this.setupTest();
      this.test.d = this.drawTest(0);
      this.layoutTest();
    }
  };

  Course.prototype.startTracked = function () {
    var self = this, mode = this.mode, data = this.data;
    var api = findApi(mode === 'scorm2004' ? 'API_1484_11' : 'API');
    var lms = api ? new ScormLms(mode, api) : null;
    var preview = false;
    if (!lms || !lms.start()) {
      if (lms) warn('LMS initialization failed: using preview mode');
      lms = new PreviewLms(mode, 'raamat:' + data.id + ':' + data.version + ':' + (data.lang || this.lang));
      lms.start();
      preview = true;
    }
    this.lms = lms;
    this.preview = preview;
    var n = lms.n;
    var entry = lms.get(n.entry);
    var location = lms.get(n.location);
    var stored = this.parseSuspend(lms.get('cmi.suspend_data'));
    var rawText = lms.get(n.raw);
    var raw = rawText === '' ? NaN : parseFloat(rawText);
    if (mode === 'scorm12') this.lmsStatus = lms.get(n.status);
    else { this.lmsCompletion = lms.get(n.completion); this.lmsSuccess = lms.get(n.success); }
    var count = parseInt(lms.get('cmi.interactions._count'), 10);
    this.interactionCount = isFinite(count) && count > 0 ? count : 0;

    this.seed = stored && isFinite(stored.s) ? (Number(stored.s) >>> 0) % 100000 : Math.floor(Math.random() * 100000);
    var st = this.state = { visited: this.modules.map(function () { return false; }), q: {} };
    if (stored) {
      String(stored.m || '').split('').forEach(function (c, i) { if (i < st.visited.length) st.visited[i] = c === '1'; });
      Object.keys(stored.q || {}).forEach(function (k) {
        var i = parseInt(k, 36);
        if (self.questions[i] && self.questions[i].form && typeof stored.q[k] === 'string') st.q[i] = stored.q[k];
      });
    }

    this.setupQuestions();
    this.questions.forEach(function (qq) {
      if (qq.form && qq.kind === 'ordering' && !qq.inTest) self.shuffleOrdering(qq, mix(self.seed, qq.index + 1));
    });

    if (this.hasTest) {
      var t = stored && stored.t ? stored.t : null;
      this.test = { a: t && isFinite(t.a) ? Math.max(0, Number(t.a)) : 0, d: [], r: null };
      if (t && t.r !== undefined && t.r !== null && isFinite(t.r)) this.test.r = Number(t.r);
      var d = t && typeof t.d === 'string' && t.d ? t.d.split('.').map(function (x) { return parseInt(x, 36); }) : [];
      var valid = d.length > 0 && d.every(function (i) { return self.questions[i] && self.questions[i].inTest && self.questions[i].form; });
      this.test.d = valid ? d : this.drawTest(this.attemptIndex());
      this.lastScore = this.test.r !== null ? this.test.r : (this.test.a > 0 && isFinite(raw) ? raw : null);
      this.setupTest();
      this.layoutTest();
    }

    // Restore answers: form state, and feedback for checks the learner made.
    Object.keys(st.q).forEach(function (k) {
      var qq = self.questions[Number(k)];
      if (qq.inTest && self.test.d.indexOf(qq.index) < 0) { delete st.q[k]; return; }
      self.writeResponse(qq, st.q[k]);
      if (!qq.inTest) self.showFeedback(qq, self.evaluate(qq, st.q[k]));
    });
    if (this.hasTest) this.renderTestResult(false);

    var resumed = !!stored || (entry === 'resume' && !!location);
    var lines = [];
    if (preview) lines.push(this.t('preview'));
    if (resumed) lines.push(this.t('resume'));
    this.notice(lines);
    this.root.classList.toggle('is-preview', preview);

    this.addNextLinks();
    var start = (resumed && this.moduleById[location]) || this.moduleFromHash(window.location.hash) || this.modules[0];
    this.showModule(start, { focus: false, updateHash: false });
    this.reportStatus();
    this.lms.commit();

    this.root.addEventListener('click', safe(function (e) {
      var a = e.target.closest ? e.target.closest('a[href^="#m-"]') : null;
      if (!a || !self.root.contains(a)) return;
      var m = self.moduleFromHash(a.getAttribute('href'));
      if (!m) return;
      e.preventDefault();
      self.showModule(m, { focus: true, updateHash: true });
    }));
    window.addEventListener('hashchange', safe(function () {
      var m = self.moduleFromHash(window.location.hash);
      if (m && m !== self.current) self.showModule(m, { focus: true, updateHash: false });
    }));
    $$('[data-exit]', this.root).forEach(function (b) {
      b.addEventListener('click', safe(function (e) {
        e.preventDefault();
        self.finish();
        self.notice([self.t('finished')]);
        b.disabled = true;
        var box = $('.course-notice', self.root);
        if (box) { box.setAttribute('tabindex', '-1'); box.focus(); }
      }));
    });
    window.addEventListener('pagehide', safe(function () { self.finish(); }));
    document.addEventListener('visibilitychange', safe(function () {
      if (document.visibilityState === 'hidden' && !self.finished) self.lms.commit();
    }));
  };

  function boot() {
    var root = document.getElementById('raamat-course');
    if (!root || root.getAttribute('data-raamat-ready')) return;
    root.setAttribute('data-raamat-ready', 'starting');
    try {
      var course = new Course(root);
      course.setup();
      if (course.mode === 'site') course.startSite();
      else course.startTracked();
      root.classList.add('is-ready');
      root.setAttribute('data-raamat-ready', 'true');
    } catch (e) {
      warn('course runtime failed to start:', e && e.message ? e.message : e);
      root.setAttribute('data-raamat-ready', 'error');
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
