/* raamat course runtime: runs a course page built by raamat in an LMS (SCORM 1.2 or
 * SCORM 2004 4th Ed.), in preview (no LMS: progress in localStorage) or on the public
 * site (self-check only). Plain ES2017, no dependencies, no network requests, no build step.
 * The HTML/JSON/suspend_data contract it reads is docs/courses.md, part 2.
 *
 * The runtime is eight classic scripts, loaded with `defer` in this order (the theme's
 * package/index.html and module.html; src/render/scorm/mod.rs RUNTIME_FILES puts them in
 * every package). Each adds its part to `window.RaamatCourse`; the pure ones (responses,
 * draw, resume, status) touch no page and are unit-tested in node (tests/js/).
 *   course-lms.js        LMS adapters (SCORM 1.2, 2004, preview in localStorage), time formats
 *   course-responses.js  responses and scoring of every question kind
 *   course-draw.js       seeded randomness, drawing the final test
 *   course-resume.js     the suspend_data codec (format 1) and its size bound
 *   course-status.js     the status a learner earned and what to report of it
 *   course-forms.js      the question forms: read/write answers, feedback, ordering widget
 *   course-test.js       the final test on the page: layout, submit, result, another attempt
 *   course.js            this file: the course on the page, navigation, tracking, start */
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
  var PARTS = ['lms', 'responses', 'draw', 'resume', 'status', 'forms', 'test'];
  var R = window.RaamatCourse || {};
  var missing = PARTS.filter(function (p) { return !R[p]; });
  if (missing.length) {
    try { console.warn('[raamat] course runtime incomplete: course-' + missing.join('.js, course-') + '.js not loaded'); } catch (e) { /* no console */ }
    var root0 = document.getElementById('raamat-course');
    if (root0) root0.setAttribute('data-raamat-ready', 'error');
    return;
  }
  var lmsParts = R.lms, draw = R.draw, resume = R.resume, status = R.status, forms = R.forms;
  var warn = lmsParts.warn, ScormLms = lmsParts.ScormLms, PreviewLms = lmsParts.PreviewLms;
  var timespan12 = lmsParts.timespan12, duration2004 = lmsParts.duration2004;
  var clock12 = lmsParts.clock12, timestamp2004 = lmsParts.timestamp2004;
  var $ = forms.$, $$ = forms.$$, el = forms.el, fmt = forms.fmt, safe = forms.safe, srText = forms.srText;

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

  // Reading and writing question forms, feedback, the ordering widget: course-forms.js;
  // the final test: course-test.js.
  [forms.methods, R.test.methods].forEach(function (methods) {
    Object.keys(methods).forEach(function (k) { Course.prototype[k] = methods[k]; });
  });

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

  /* ----- suspend data ----- */

  /** What the resume codec needs to know about this course (course-resume.js). */
  Course.prototype.resumeShape = function () {
    return {
      modules: this.modules.length,
      questions: this.questions.map(function (qq) { return { inTest: !!qq.inTest, form: !!qq.form }; })
    };
  };

  /** Writes suspend_data (and commits when asked). */
  Course.prototype.save = function (commit) {
    if (!this.state || this.finished) return;
    var st = this.state;
    var test = this.hasTest ? { a: this.test.a, d: this.test.d, r: this.testLocked() ? this.test.r : null } : null;
    var limit = resume.LIMIT[this.mode] || resume.LIMIT.scorm12;
    var out = resume.encode({ seed: this.seed, visited: st.visited, q: st.q, test: test }, this.resumeShape(), limit);
    if (out.over) warn('suspend_data over', limit, 'characters: dropped', out.dropped, 'saved answers');
    this.lms.set('cmi.suspend_data', out.text);
    if (commit) this.lms.commit();
  };

  /* ----- status ----- */

  /** The status this state earns, in SCORM 1.2 terms, and the raw score to report (or null). */
  Course.prototype.outcome = function () {
    return status.outcome(this.statusRules(), {
      pagesDone: this.contentPagesVisited() === this.contentModules.length,
      attempts: this.hasTest ? this.test.a : 0,
      lastScore: this.lastScore
    });
  };

  Course.prototype.statusRules = function () {
    var data = this.data;
    return { completion: data.completion, failedStatus: data.failedStatus, passMark: this.passMark, hasTest: this.hasTest };
  };

  Course.prototype.contentPagesVisited = function () {
    var st = this.state;
    return this.contentModules.filter(function (m) { return st.visited[m.index]; }).length;
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
      var s12 = status.next12(o, this.lmsStatus);
      if (s12 !== null && lms.set(n.status, s12)) this.lmsStatus = s12;
    } else {
      var s04 = status.next2004(o, this.lmsCompletion, this.lmsSuccess);
      if (s04.completion !== null && lms.set(n.completion, s04.completion)) this.lmsCompletion = s04.completion;
      if (s04.success !== null && lms.set(n.success, s04.success)) this.lmsSuccess = s04.success;
      lms.set(n.progress, String(status.progressMeasure(this.statusRules(), o, this.contentModules.length, this.contentPagesVisited())));
    }
    lms.set(n.exit, status.exitValue(o, this.mode === 'scorm12'));
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
      if (qq.form && qq.kind === 'ordering' && !qq.inTest) self.shuffleOrdering(qq, draw.checkSeed(self.seed, qq.index));
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
    var api = lmsParts.findApi(window, mode === 'scorm2004' ? 'API_1484_11' : 'API');
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
    var saved = resume.decode(lms.get('cmi.suspend_data'), this.resumeShape());
    if (saved.problem === 'unknown') warn('unknown suspend_data format, starting fresh');
    if (saved.problem === 'unreadable') warn('unreadable suspend_data, starting fresh');
    var rawText = lms.get(n.raw);
    var raw = rawText === '' ? NaN : parseFloat(rawText);
    if (mode === 'scorm12') this.lmsStatus = lms.get(n.status);
    else { this.lmsCompletion = lms.get(n.completion); this.lmsSuccess = lms.get(n.success); }
    var count = parseInt(lms.get('cmi.interactions._count'), 10);
    this.interactionCount = isFinite(count) && count > 0 ? count : 0;

    var was = saved.state;
    this.seed = was.seed !== null ? was.seed : Math.floor(Math.random() * 100000);
    var st = this.state = { visited: was.visited, q: was.q };

    this.setupQuestions();
    this.questions.forEach(function (qq) {
      if (qq.form && qq.kind === 'ordering' && !qq.inTest) self.shuffleOrdering(qq, draw.checkSeed(self.seed, qq.index));
    });

    if (this.hasTest) {
      var t = was.test || { a: 0, d: null, r: null };
      this.test = { a: t.a, d: [], r: t.r };
      this.test.d = t.d ? t.d : this.drawTest(this.attemptIndex());
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

    var resumed = saved.stored || (entry === 'resume' && !!location);
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
