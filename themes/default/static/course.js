/* raamat course runtime: runs a course page built by raamat in an LMS (SCORM 1.2 or
 * SCORM 2004 4th Ed.), in preview (no LMS: progress in localStorage) or on the public
 * site (self-check only). Plain ES2017, no dependencies, no network requests, no build step.
 * The HTML/JSON/suspend_data contract it reads is docs/courses.md, part 2.
 *
 * The runtime is nine classic scripts, loaded with `defer` in this order (the theme's
 * package/index.html and module.html; src/render/scorm/mod.rs RUNTIME_FILES puts them in
 * every package). Each adds its part to `window.RaamatCourse`; the pure ones (responses,
 * draw, resume, status) touch no page and are unit-tested in node (tests/js/).
 *   course-lms.js        LMS adapters (SCORM 1.2, 2004, preview in localStorage), time formats
 *   course-responses.js  responses and scoring of every question kind
 *   course-draw.js       seeded randomness, drawing the final test
 *   course-resume.js     the suspend_data codec (format 1) and its size bound
 *   course-status.js     the status a learner earned and what to report of it
 *   course-lease.js      one window writes: a second window of the same attempt only shows it
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
    connecting: 'Connecting to the learning environment…',
    no_lms: 'No learning environment was found: your progress is not being saved there, only in this browser.',
    lms_failed: 'The learning environment did not start the session: your progress is not being saved. Close the course and open it again.',
    save_failed: 'Your progress could not be saved just now. Keep this window open: saving is tried again.',
    review: 'You are reviewing the course: nothing you do now is saved or changes your result.',
    second_window: 'The course is open in another window: this one saves nothing. Continue in the other window, or close it and open the course again here.',
    resume_unreadable: 'Your saved progress could not be read. It is kept unchanged in the learning environment, and nothing is saved until you choose to start over.',
    start_over: 'Start over',
    updated: 'The course has been updated since your last visit: your answers to the questions it still has are kept.',
    session_ended: 'The session has ended: to continue, open the course again from the learning environment.',
    completed: 'You have completed the course.',
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
  var PARTS = ['lms', 'responses', 'draw', 'resume', 'status', 'lease', 'forms', 'test'];
  var R = window.RaamatCourse || {};
  var missing = PARTS.filter(function (p) { return !R[p]; });
  if (missing.length) {
    try { console.warn('[raamat] course runtime incomplete: course-' + missing.join('.js, course-') + '.js not loaded'); } catch (e) { /* no console */ }
    var root0 = document.getElementById('raamat-course');
    if (root0) root0.setAttribute('data-raamat-ready', 'error');
    return;
  }
  var lmsParts = R.lms, draw = R.draw, resume = R.resume, status = R.status, forms = R.forms, responses = R.responses;
  var warn = lmsParts.warn, ScormLms = lmsParts.ScormLms, PreviewLms = lmsParts.PreviewLms;
  var timespan12 = lmsParts.timespan12, duration2004 = lmsParts.duration2004;
  var clock12 = lmsParts.clock12, timestamp2004 = lmsParts.timestamp2004;
  var $ = forms.$, $$ = forms.$$, el = forms.el, fmt = forms.fmt, safe = forms.safe, srText = forms.srText;

  /* ---------- the course ---------- */

  /** What every language of a package shares: one learner, one attempt, one LMS session.
   * These properties of a Course live in its session (course.session), so the courses of
   * the languages of a package (see switchTo) read and write the same ones. */
  var SHARED = ['lms', 'state', 'seed', 'test', 'interactionCount', 'lastScore', 'bestRaw', 'lmsStatus',
    'lmsCompletion', 'lmsSuccess', 'finished', 'startedAt', 'moduleShownAt', 'held', 'reviewing',
    'secondWindow', 'preview', 'lease', 'leaseTimer', 'commitTimer', 'notices'];

  /**
   * The course in one language. `shell`: the #raamat-course element (mode, ready flags);
   * `box`: where this language's course is (the shell itself, or its .course-lang block in
   * a package of several languages); `session`: shared with the other languages' courses.
   */
  function Course(shell, box, session) {
    this.shell = shell;
    this.root = box || shell;
    this.session = session || {};
    this.mode = shell.getAttribute('data-mode') || 'site';
    if (this.mode !== 'scorm12' && this.mode !== 'scorm2004') this.mode = 'site';
    var script = $('#raamat-course-data', this.root) || document.getElementById('raamat-course-data');
    this.data = JSON.parse(script.textContent);
    this.S = {};
    var given = this.data.strings || {};
    var S = this.S;
    Object.keys(DEFAULT_STRINGS).forEach(function (k) { S[k] = typeof given[k] === 'string' ? given[k] : DEFAULT_STRINGS[k]; });
    Object.keys(given).forEach(function (k) { if (S[k] === undefined && typeof given[k] === 'string') S[k] = given[k]; });
    this.lang = this.root.getAttribute('data-lang') || this.data.lang || document.documentElement.lang || undefined;
    this.passMark = Number(this.data.passMark);
    if (!isFinite(this.passMark)) this.passMark = 100;
    this.maxAttempts = Math.max(0, Number(this.data.maxAttempts) || 0);
    this.fillMax = Math.max(1, Number(this.data.fillMaxLength) || 250);
    this.current = null;
    this.equivalents = Array.isArray(this.data.fillEquivalents) ? this.data.fillEquivalents : [];
    if (!session) {
      this.startedAt = Date.now();
      this.moduleShownAt = Date.now();
      this.finished = false;
      this.interactionCount = 0;
      this.notices = {};
    }
  }
  SHARED.forEach(function (k) {
    Object.defineProperty(Course.prototype, k, {
      get: function () { return this.session[k]; },
      set: function (v) { this.session[k] = v; }
    });
  });

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
        self.onChange(qq, false);
      }));
      // A typed answer is kept while typing: `change` comes only when the field loses focus,
      // which a closed window never does.
      form.addEventListener('input', safe(function (e) {
        touch();
        if (e.target && e.target.matches && e.target.matches('input[type="text"], input:not([type]), textarea')) self.onChange(qq, true);
      }));
    });
  };

  /** A learner changed an answer: test answers are kept at once (`typing`: committed a
   * moment after the last key); checks wait for the button. */
  Course.prototype.onChange = function (qq, typing) {
    if (qq.inTest) {
      if (this.testLocked()) return;
      qq.form.classList.remove('is-unanswered');
      var resp = this.readResponse(qq);
      if (this.state) {
        if (resp) this.state.q[qq.index] = resp; else delete this.state.q[qq.index];
        this.save(!typing);
        if (typing) this.commitSoon();
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
      version: this.data.version,
      modules: this.modules.map(function (m) { return m.id; }),
      questions: this.questions.map(function (qq) {
        return {
          id: qq.q.id, inTest: !!qq.inTest, form: !!qq.form,
          accepts: function (resp) { return responses.validResponse(qq.q, qq.kind, resp); }
        };
      })
    };
  };

  /** Commits a second after the last call (typing), or at once when the window is hidden. */
  Course.prototype.commitSoon = function () {
    var self = this;
    if (this.commitTimer) clearTimeout(this.commitTimer);
    this.commitTimer = setTimeout(safe(function () { self.commitTimer = null; self.lms.commit(); }), 1000);
  };

  /** Writes suspend_data (and commits when asked). */
  Course.prototype.save = function (commit) {
    if (!this.state || this.finished) return;
    var st = this.state;
    var test = this.hasTest ? { a: this.test.a, d: this.test.d, r: this.testLocked() ? this.test.r : null, p: !!this.test.p } : null;
    var limit = resume.LIMIT[this.mode] || resume.LIMIT.scorm12;
    var out = resume.encode({ seed: this.seed, visited: st.visited, q: st.q, test: test, n: this.interactionCount }, this.resumeShape(), limit);
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
      lastScore: this.lastScore,
      passed: this.hasTest && this.test.p ? true : undefined
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
      // A score never goes down: a later, lower attempt leaves the best one in the LMS.
      var raw = isFinite(this.bestRaw) ? Math.max(this.bestRaw, o.raw) : o.raw;
      lms.set(n.min, '0');
      lms.set(n.max, '100');
      if (lms.set(n.raw, String(raw))) this.bestRaw = raw;
      if (n.scaled) lms.set(n.scaled, String(Math.round(raw * 100) / 10000));
    }
    if (this.mode === 'scorm12') {
      var s12 = status.next12(o, this.lmsStatus);
      if (s12 !== null && lms.set(n.status, s12)) this.lmsStatus = s12;
    } else {
      var s04 = status.next2004(o, this.lmsCompletion, this.lmsSuccess);
      if (s04.completion !== null && lms.set(n.completion, s04.completion)) this.lmsCompletion = s04.completion;
      if (s04.success !== null && lms.set(n.success, s04.success)) this.lmsSuccess = s04.success;
      // An attempt the LMS holds as completed stays at 1: an LMS with a completion threshold
      // would otherwise recompute it as incomplete from a lower progress_measure.
      var progress = this.lmsCompletion === 'completed' ? 1 :
        status.progressMeasure(this.statusRules(), o, this.contentModules.length, this.contentPagesVisited());
      lms.set(n.progress, String(progress));
    }
    lms.set(n.exit, status.exitValue(o, this.mode === 'scorm12'));
  };

  Course.prototype.recordInteraction = function (qq, ev) {
    if (!this.state || this.finished || this.lms instanceof PreviewLms || this.lms.readOnly) return;
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
      // The language the learner answered in, as the data model's {lang=…} prefix.
      var desc = this.promptText(qq).replace(/^\{/, '(').slice(0, 250);
      if (desc) lms.set(p + 'description', (/^[a-z]{2,3}$/.test(this.lang || '') ? '{lang=' + this.lang + '}' : '') + desc, true);
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

  /**
   * Shows these lines (and nothing else) in the notice box above the course. A line is a
   * string key (`review`) or a function of the course giving a text or a node, so that every
   * language shows the same notices in its own words.
   */
  Course.prototype.notice = function (lines) {
    var notices = this.notices = {};
    lines.forEach(function (l, i) { notices['line' + i] = l; });
    (this.session.active || this).renderNotices();
  };
  /** Adds (or with '' removes) the notice line `name`. */
  Course.prototype.setNotice = function (name, line) {
    if (line) this.notices[name] = line; else delete this.notices[name];
    (this.session.active || this).renderNotices();
  };
  Course.prototype.renderNotices = function () {
    var self = this;
    var box = $('.course-notice', this.root);
    if (!box) return;
    if (!box.getAttribute('role')) box.setAttribute('role', 'status');
    var notices = this.notices || {};
    box.textContent = '';
    Object.keys(notices).forEach(function (k) {
      var l = typeof notices[k] === 'function' ? notices[k](self) : self.t(notices[k]);
      box.appendChild(typeof l === 'string' ? el('p', null, l) : l);
    });
    box.hidden = Object.keys(notices).length === 0;
  };

  /** session_time as the LMS's data model writes it: the time since this session started. */
  Course.prototype.sessionTime = function () {
    var ms = Date.now() - this.startedAt;
    return this.mode === 'scorm12' ? timespan12(ms) : duration2004(ms);
  };

  Course.prototype.finish = function () {
    if (this.finished || !this.lms) return;
    if (this.commitTimer) { clearTimeout(this.commitTimer); this.commitTimer = null; }
    if (this.secondWindow) {
      // Finishing would let this window's stale copy of the attempt reach the LMS.
      this.finished = true;
      return;
    }
    try {
      this.save(false);
      this.reportStatus();
      this.lms.commit(true);
    } catch (e) { warn('finish', e && e.message); }
    this.finished = true;
    this.lms.finish();
    if (this.lease) this.lease.release();
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

  /**
   * A course in an LMS: looks for the LMS API (it may come late), then starts. `ready()` is
   * called once the course can be used.
   */
  Course.prototype.startTracked = function (ready) {
    var self = this;
    this.shell.setAttribute('aria-busy', 'true');
    this.shell.addEventListener('submit', function (e) { e.preventDefault(); }, true);
    this.notice(['connecting']);
    var timeout = Number(this.shell.getAttribute('data-api-timeout'));
    lmsParts.discoverApi(window, this.mode === 'scorm2004' ? 'API_1484_11' : 'API',
      { timeout: isFinite(timeout) && timeout >= 0 && this.shell.hasAttribute('data-api-timeout') ? timeout : 10000 },
      safe(function (api) {
        self.shell.removeAttribute('aria-busy');
        try {
          self.connect(api);
        } catch (e) {
          warn('course runtime failed to start:', e && e.message ? e.message : e);
          self.shell.setAttribute('data-raamat-ready', 'error');
          return;
        }
        ready();
      }));
  };

  /** Opens the session with `api` (null: none found) and shows the learner's state. */
  Course.prototype.connect = function (api) {
    var self = this, mode = this.mode, data = this.data;
    var lms = api ? new ScormLms(mode, api) : null;
    var lines = [];
    if (!lms || !lms.start()) {
      if (lms) warn('LMS initialization failed: progress is kept in this browser only');
      lines.push(lms ? 'lms_failed' : 'no_lms');
      lms = new PreviewLms(mode, 'raamat:' + data.id + ':' + data.version + ':' + (data.lang || this.lang));
      lms.start();
      this.preview = true;
    }
    this.lms = lms;
    var n = lms.n, v12 = mode === 'scorm12';
    if (!this.preview) {
      lms.onTrouble = function (failing) { self.setNotice('save', failing ? 'save_failed' : ''); };
      lms.beforeCommit = function () { if (!self.finished) lms.set(n.sessionTime, self.sessionTime(), true); };
    }

    // Review, browse or no credit: the learner looks; nothing reaches the record.
    var lmsMode = this.preview ? 'normal' : lms.get(v12 ? 'cmi.core.lesson_mode' : 'cmi.mode');
    var credit = this.preview ? 'credit' : lms.get(v12 ? 'cmi.core.credit' : 'cmi.credit');
    this.reviewing = lmsMode === 'review' || lmsMode === 'browse' || credit === 'no-credit';
    if (this.reviewing) lms.readOnly = true;

    var entry = lms.get(n.entry);
    var location = lms.get(n.location);
    var saved = resume.decode(lms.get('cmi.suspend_data'), this.resumeShape());
    if (saved.problem) {
      // Kept as it is in the LMS until the learner chooses to start over.
      warn(saved.problem, 'suspend_data: kept, nothing is saved until the learner starts over');
      this.held = true;
      lms.readOnly = true;
    }
    var rawText = lms.get(n.raw);
    var raw = rawText === '' ? NaN : parseFloat(rawText);
    this.bestRaw = raw;
    if (v12) this.lmsStatus = lms.get(n.status);
    else { this.lmsCompletion = lms.get(n.completion); this.lmsSuccess = lms.get(n.success); }
    var count = parseInt(lms.get('cmi.interactions._count'), 10);
    // An LMS that does not answer _count: the next index comes from the resume data.
    this.interactionCount = Math.max(isFinite(count) && count > 0 ? count : 0, saved.state.n || 0);

    this.claimWindow();

    var was = saved.state;
    this.seed = was.seed !== null ? was.seed : Math.floor(Math.random() * 100000);
    this.state = { visited: was.visited, q: was.q };
    if (this.hasTest) {
      var t = was.test || { a: 0, d: null, r: null, p: false };
      this.test = { a: t.a, d: t.d, r: t.r, p: !!t.p };
      this.lastScore = this.test.r !== null ? this.test.r : (this.test.a > 0 && isFinite(raw) ? raw : null);
    }

    this.findLanguages();
    this.attach();
    this.restoreFromState();

    // A relaunch is told by the stored data, not by `entry` alone (some LMSs always say ab-initio).
    var resumed = saved.stored || (entry === 'resume' && !!location);
    if (this.reviewing) {
      lines.push('review');
      lines = lines.concat(this.storedResult(raw));
    } else if (this.secondWindow) {
      lines.push('second_window');
    } else if (this.held) {
      lines.push(function (c) { return c.restartBox(); });
    } else if (saved.changed) {
      lines.push('updated');
    } else if (resumed) {
      lines.push('resume');
    }
    this.notice(lines);
    this.shell.classList.toggle('is-preview', !!this.preview);
    this.shell.classList.toggle('is-read-only', !!lms.readOnly);

    var start = (resumed && this.moduleById[location]) || this.moduleFromHash(window.location.hash) || this.modules[0];
    this.showModule(start, { focus: false, updateHash: false });
    this.reportStatus();
    this.lms.commit();
    this.listen();
    this.setupLanguages();
  };

  /** Sets up this language's forms, test and links (once per language). */
  Course.prototype.attach = function () {
    var self = this;
    this.setupQuestions();
    this.questions.forEach(function (qq) {
      if (qq.form && qq.kind === 'ordering' && !qq.inTest) self.shuffleOrdering(qq, draw.checkSeed(self.seed, qq.index));
    });
    if (this.hasTest) {
      if (!this.test.d) this.test.d = this.drawTest(this.attemptIndex());
      this.setupTest();
    }
    this.addNextLinks();
    this.listenBox();
  };

  /** Shows the learner's state in this language's forms: answers, feedback of the checks
   * made, the test's draw and result. */
  Course.prototype.restoreFromState = function () {
    var self = this, st = this.state;
    if (this.hasTest) this.layoutTest();
    this.questions.forEach(function (qq) {
      if (!qq.form) return;
      var resp = st.q[qq.index];
      if (qq.inTest && resp !== undefined && self.test.d.indexOf(qq.index) < 0) { delete st.q[qq.index]; resp = undefined; }
      self.writeResponse(qq, resp || '');
      if (qq.inTest) return;
      if (resp) self.showFeedback(qq, self.evaluate(qq, resp)); else self.clearFeedback(qq);
    });
    if (this.hasTest) {
      this.renderTestResult(false);
      if (this.reviewing) this.lockTest();
    }
    this.renderProgress();
    this.renderNotices();
  };

  /* ----- languages (a package of several) ----- */

  /** The learner's preferred language in the LMS's data model. */
  Course.prototype.preferenceKey = function () {
    return this.mode === 'scorm12' ? 'cmi.student_preference.language' : 'cmi.learner_preference.language';
  };

  /**
   * A package of several languages keeps the others in <template data-lang>; their courses
   * are made when the learner first switches to them. Starts in the learner's preferred
   * language when the package has it.
   */
  Course.prototype.findLanguages = function () {
    var session = this.session;
    var templates = {};
    $$('template[data-lang]', this.shell).forEach(function (t) { templates[t.getAttribute('data-lang')] = t; });
    if (!Object.keys(templates).length) return;
    session.templates = templates;
    // A typed answer counts in any language of the package: a learner who typed "два" in
    // Russian still sees it right after switching to Estonian ("kaks").
    var accepted = session.accepted = {};
    var add = function (data) {
      (data.questions || []).forEach(function (q) {
        if (q.kind !== 'fill') return;
        var list = accepted[q.id] = accepted[q.id] || [];
        (q.accepted || q.correct || []).forEach(function (a) { if (list.indexOf(a) < 0) list.push(a); });
      });
    };
    add(this.data);
    Object.keys(templates).forEach(function (code) {
      var script = templates[code].content.querySelector('#raamat-course-data');
      try { if (script) add(JSON.parse(script.textContent)); } catch (e) { warn('course data of', code, 'unreadable'); }
    });
  };

  Course.prototype.setupLanguages = function () {
    var session = this.session, templates = session.templates;
    if (!templates) return;
    session.courses = {};
    session.courses[this.lang] = this;
    session.active = this;
    var wanted = String(this.lms.get(this.preferenceKey()) || '').toLowerCase().split(/[-_]/)[0];
    if (wanted && wanted !== this.lang && templates[wanted]) this.switchTo(wanted, { focus: false, remember: false });
  };

  /** Shows the course in language `code`, where the learner is, with everything they did. */
  Course.prototype.switchTo = function (code, opts) {
    opts = opts || {};
    var session = this.session, from = session.active || this;
    if (!session.courses || from.lang === code) return;
    var to = session.courses[code];
    if (!to) {
      var t = session.templates[code];
      if (!t || !t.content.firstElementChild) return;
      var box = document.adoptNode(t.content.firstElementChild);
      to = new Course(this.shell, box, session);
      to.setup();
      session.courses[code] = to;
      from.root.parentNode.insertBefore(box, from.root);
      to.attach();
    } else {
      from.root.parentNode.insertBefore(to.root, from.root);
    }
    from.save(false);
    from.root.parentNode.removeChild(from.root);
    session.active = to;
    to.restoreFromState();
    this.shell.setAttribute('data-lang', code);
    document.documentElement.lang = code;
    if (to.root.getAttribute('data-title')) document.title = to.root.getAttribute('data-title');
    var m = (from.current && to.moduleById[from.current.id]) || to.modules[0];
    to.showModule(m, { focus: false, updateHash: false });
    if (opts.remember !== false && !to.lms.readOnly) {
      to.lms.set(to.preferenceKey(), code);
      to.lms.commit();
    }
    if (opts.focus) {
      var back = $('[data-switch-lang="' + from.lang + '"]', to.root) || $('h1, h2', to.current && to.current.section);
      if (back) back.focus();
    }
  };

  /** What the LMS holds of a finished attempt, as notice lines (review mode). */
  Course.prototype.storedResult = function (raw) {
    var lines = [];
    var st = this.mode === 'scorm12' ? this.lmsStatus : (this.lmsSuccess !== 'unknown' && this.lmsSuccess ? this.lmsSuccess : this.lmsCompletion);
    if (isFinite(raw)) lines.push(function (c) { return c.t('score', { score: c.formatScore(raw) }); });
    if (st === 'passed') lines.push('passed');
    else if (st === 'failed') lines.push(function (c) { return c.t('failed', { passMark: c.formatScore(c.passMark) }); });
    else if (st === 'completed') lines.push('completed');
    return lines;
  };

  /** A score as the learner reads it: at most two decimals, the course language's separator. */
  Course.prototype.formatScore = function (x) {
    var v = Number(x);
    try { return v.toLocaleString(this.lang, { maximumFractionDigits: 2 }); } catch (e) { return String(Math.round(v * 100) / 100); }
  };

  /** The notice of unreadable resume data, with the button that lets the learner start over. */
  Course.prototype.restartBox = function () {
    var self = this;
    var box = el('div', { 'class': 'course-restart' });
    box.appendChild(el('p', null, this.t('resume_unreadable')));
    var b = el('button', { type: 'button', 'data-start-over': '' }, this.t('start_over'));
    b.addEventListener('click', safe(function () {
      self.held = false;
      self.lms.readOnly = !!(self.reviewing || self.secondWindow);
      self.shell.classList.toggle('is-read-only', !!self.lms.readOnly);
      self.notice([]);
      self.save(false);
      self.reportStatus();
      self.lms.commit(true);
    }));
    box.appendChild(b);
    return box;
  };

  /**
   * One window writes: takes the lease of this attempt, or, when another window holds it,
   * makes this one read-only. Keeps the lease while open and gives it up when another window
   * has taken it over (this one slept in the background) or on leaving.
   */
  Course.prototype.claimWindow = function () {
    var self = this, lms = this.lms, v12 = this.mode === 'scorm12';
    if (lms.readOnly && !this.held) return;
    var storage = null;
    try { storage = window.localStorage; } catch (e) { /* blocked: every window writes */ }
    var learner = this.preview ? 'preview' : lms.get(v12 ? 'cmi.core.student_id' : 'cmi.learner_id');
    var key = 'raamat-window:' + [this.data.id, this.data.lang || this.lang, this.mode, learner].join(':');
    var id = String(Date.now()) + ':' + Math.random().toString(36).slice(2);
    this.lease = new R.lease.Lease(storage, key, id);
    if (!this.lease.claim()) { this.becomeSecond(false); return; }
    this.leaseTimer = setInterval(safe(function () {
      if (!self.finished && !self.lease.renew()) self.becomeSecond(true);
    }), R.lease.RENEW);
    window.addEventListener('storage', safe(function (e) {
      if (e.key === key && !self.finished && self.lease.takenByOther()) self.becomeSecond(true);
    }));
  };

  Course.prototype.becomeSecond = function (tell) {
    if (this.secondWindow) return;
    this.secondWindow = true;
    this.lms.readOnly = true;
    if (this.leaseTimer) { clearInterval(this.leaseTimer); this.leaseTimer = null; }
    this.shell.classList.add('is-read-only');
    if (tell) this.notice(['second_window']);
  };

  /** Hides the submit button and locks the test's answers (review mode). */
  Course.prototype.lockTest = function () {
    var submit = $('[data-submit-test]', this.testSection);
    if (submit) submit.hidden = true;
    this.testQuestions.forEach(function (qq) {
      $$('input, select, textarea, button', qq.form).forEach(function (x) { x.disabled = true; });
    });
  };

  /** What happens inside this language's course: module links, the exit button, the
   * language switch. */
  Course.prototype.listenBox = function () {
    var self = this;
    this.root.addEventListener('click', safe(function (e) {
      var a = e.target.closest ? e.target.closest('a[href^="#m-"]') : null;
      if (!a || !self.root.contains(a)) return;
      var m = self.moduleFromHash(a.getAttribute('href'));
      if (!m) return;
      e.preventDefault();
      self.showModule(m, { focus: true, updateHash: true });
    }));
    $$('[data-exit]', this.root).forEach(function (b) {
      b.addEventListener('click', safe(function (e) {
        e.preventDefault();
        self.finish();
        self.notice(['finished']);
        b.disabled = true;
        var box = $('.course-notice', self.root);
        if (box) { box.setAttribute('tabindex', '-1'); box.focus(); }
      }));
    });
    $$('[data-switch-lang]', this.root).forEach(function (b) {
      b.addEventListener('click', safe(function () { self.switchTo(b.getAttribute('data-switch-lang'), { focus: true }); }));
    });
  };

  /** What happens to the window: leaving, coming back, the address's #m-module. */
  Course.prototype.listen = function () {
    var self = this;
    var active = function () { return self.session.active || self; };
    window.addEventListener('hashchange', safe(function () {
      var c = active();
      var m = c.moduleFromHash(window.location.hash);
      if (m && m !== c.current) c.showModule(m, { focus: true, updateHash: false });
    }));
    // Into the back/forward cache (persisted): the session stays open, everything is
    // committed; really leaving finishes it.
    window.addEventListener('pagehide', safe(function (e) {
      var c = active();
      if (e && e.persisted && !c.finished) {
        c.save(false);
        c.reportStatus();
        c.lms.commit(true);
      } else {
        c.finish();
      }
    }));
    window.addEventListener('pageshow', safe(function (e) {
      var c = active();
      if (!e || !e.persisted || !c.finished || c.secondWindow) return;
      // Finished before it went into the cache: a new session where the LMS allows one.
      if (c.lms.restart()) {
        c.finished = false;
        c.startedAt = Date.now();
        c.save(false);
        c.reportStatus();
        c.lms.commit(true);
        c.notice([]);
      } else {
        c.lms.readOnly = true;
        c.shell.classList.add('is-read-only');
        c.notice(['session_ended']);
      }
    }));
    document.addEventListener('visibilitychange', safe(function () {
      if (document.visibilityState === 'hidden' && !self.finished) self.lms.commit(true);
    }));
  };

  function boot() {
    var root = document.getElementById('raamat-course');
    if (!root || root.getAttribute('data-raamat-ready')) return;
    root.setAttribute('data-raamat-ready', 'starting');
    try {
      var course = new Course(root, $('.course-lang', root));
      course.setup();
      var ready = function () {
        root.classList.add('is-ready');
        root.setAttribute('data-raamat-ready', 'true');
      };
      if (course.mode === 'site') { course.startSite(); ready(); } else {
        course.startTracked(function () {
          try { ready(); } catch (e) { root.setAttribute('data-raamat-ready', 'error'); }
        });
      }
    } catch (e) {
      warn('course runtime failed to start:', e && e.message ? e.message : e);
      root.setAttribute('data-raamat-ready', 'error');
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
