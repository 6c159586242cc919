/* raamat course runtime: the final test on the page. Draws the questions of an attempt
 * (course-draw.js), lays them out, submits, shows the result, and offers another attempt.
 * `methods` become methods of the Course (course.js). Needs a page only when called.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) {
    var R = root.RaamatCourse = root.RaamatCourse || {};
    R.test = factory(R.forms, R.responses, R.draw);
  } else {
    module.exports = factory(require('./course-forms.js'), require('./course-responses.js'), require('./course-draw.js'));
  }
})(typeof window === 'object' ? window : null, function (forms, responses, draw) {
  'use strict';

  var $ = forms.$, $$ = forms.$$, el = forms.el, safe = forms.safe, iconSpan = forms.iconSpan;
  var methods = {};

  /** The questions of attempt `attempt` (0 = first), drawn from this course's seed. */
  methods.drawTest = function (attempt) {
    var shape = this.questions.map(function (qq) {
      return { index: qq.index, id: qq.q.id, pool: qq.q.pool, drawable: !!(qq.form && qq.inTest) };
    });
    return draw.drawTest(this.data, shape, this.seed, attempt);
  };

  /** Shows the drawn questions in order and hides the rest; shuffles options and ordering items. */
  methods.layoutTest = function () {
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
        var attempt = self.attemptIndex();
        if (self.data.shuffleOptions) self.shuffleOptions(qq, draw.testSeed(self.seed, qq.index, attempt));
        if (qq.kind === 'ordering') self.shuffleOrdering(qq, draw.testOrderingSeed(self.seed, qq.index, attempt));
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
  methods.attemptIndex = function () {
    return this.testLocked() ? Math.max(0, this.test.a - 1) : this.test.a;
  };
  /** Whether the submitted current attempt passed (or a pass was earned before). */
  methods.testPassed = function () {
    return this.testLocked() && (!!this.test.p || this.test.r >= this.passMark);
  };
  methods.testLocked = function () {
    return !!(this.test && this.test.r !== null && this.test.r !== undefined);
  };
  methods.attemptsLeft = function () {
    if (this.mode === 'site' || this.maxAttempts === 0) return Infinity;
    return Math.max(0, this.maxAttempts - this.test.a);
  };

  methods.submitTest = function () {
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
    var score = responses.score(right, drawn.length);
    this.test.a += 1;
    this.test.r = score;
    // Decided on the exact fraction (35 of 44 is 79.54…, not 80); a pass once earned stays.
    if (responses.passes(right, drawn.length, this.passMark)) this.test.p = true;
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

  methods.renderTestResult = function () {
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
    var passed = this.testPassed();
    var lines = [];
    if (locked) {
      lines.push([this.t('score', { score: this.formatScore(this.test.r) }), null]);
      lines.push([this.t(passed ? 'passed' : 'failed', { passMark: this.formatScore(this.passMark) }), passed]);
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

  methods.retryTest = function () {
    var self = this;
    if (!this.testLocked() || this.attemptsLeft() <= 0 || this.testPassed()) return;
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

  methods.setupTest = function () {
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

  return { methods: methods };
});
