/* raamat course runtime: the question forms on the page. Reads and writes a form's answer
 * (as a response string, course-responses.js), shows feedback, and runs the ordering
 * widget's up/down buttons. `methods` become methods of the Course (course.js): they use its
 * `t` (UI strings), `fillMax`, `lang` and `onChange`. Needs a page only when called.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) {
    var R = root.RaamatCourse = root.RaamatCourse || {};
    R.forms = factory(R.lms, R.responses, R.draw);
  } else {
    module.exports = factory(require('./course-lms.js'), require('./course-responses.js'), require('./course-draw.js'));
  }
})(typeof window === 'object' ? window : null, function (lms, responses, draw) {
  'use strict';

  var warn = lms.warn;
  var tfValue = responses.tfValue, encMatch = responses.encMatch, decMatch = responses.decMatch, terms = responses.terms;

  /* ---------- page helpers ---------- */
  function safe(fn) {
    return function () {
      try { return fn.apply(this, arguments); } catch (e) { warn('error:', e && e.message ? e.message : e); }
      return undefined;
    };
  }
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  /** A UI string with its {placeholders} filled. */
  function fmt(str, vars) {
    return String(str).replace(/\{(\w+)\}/g, function (m, k) { return vars && vars[k] !== undefined ? String(vars[k]) : m; });
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function srText(text) { return el('span', { 'class': 'visually-hidden' }, text); }
  function iconSpan(ok) { return el('span', { 'class': 'feedback-icon', 'aria-hidden': 'true' }, ok ? '\u2713' : '\u2717'); }

  var methods = {};

  methods.fillInput = function (form) { return $('input[type="text"], input:not([type]), textarea', form); };
  methods.termSelect = function (form, term) {
    var found = null;
    $$('select[data-term]', form).forEach(function (s) { if (s.getAttribute('data-term') === term) found = s; });
    return found;
  };

  /* ----- responses: read, write ----- */

  /** The learner's response in suspend_data syntax ('' when unanswered). */
  methods.readResponse = function (qq) {
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
        return responses.multipleResponse($$('input[type="checkbox"]:checked', form).map(function (c) { return c.value; }));
      case 'fill': {
        var inp = this.fillInput(form);
        return inp ? responses.fillResponse(inp.value, this.fillMax) : '';
      }
      case 'matching': {
        var self = this;
        return responses.matchingResponse(terms(q).map(function (term) {
          var sel = self.termSelect(form, term);
          return sel ? sel.value : '';
        }));
      }
      case 'ordering':
        return responses.orderingResponse($$('ol.ordering > li[data-item]', form).map(function (li) { return li.getAttribute('data-item'); }));
      default:
        return '';
    }
  };

  methods.writeResponse = function (qq, resp) {
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

  /** Evaluates a response on this page (SCORM version and language of the course). */
  methods.evaluate = function (qq, resp) {
    var q = qq.q;
    var all = this.session && this.session.accepted && this.session.accepted[q.id];
    if (all && qq.kind === 'fill') {
      // Its own language's answers first: the first is the interaction's correct pattern.
      var own = (q.accepted || q.correct || []).map(String);
      q = Object.assign({}, q, { accepted: own.concat(all.filter(function (a) { return own.indexOf(a) < 0; })) });
    }
    return responses.evaluate(q, qq.kind, resp, { scorm12: this.mode === 'scorm12', lang: this.lang, equivalents: this.equivalents });
  };

  /* ----- feedback ----- */

  methods.clearFeedback = function (qq) {
    var form = qq.form;
    var fb = $('.feedback', form);
    if (fb) fb.textContent = '';
    form.classList.remove('is-correct', 'is-incorrect');
    $$('.answer-mark', form).forEach(function (m) { m.parentNode.removeChild(m); });
    $$('.option-feedback', form).forEach(function (f) { f.hidden = true; });
    $$('.option, .match', form).forEach(function (o) { o.classList.remove('is-chosen-correct', 'is-chosen-incorrect'); });
  };

  methods.mark = function (ok) {
    var m = el('span', { 'class': 'answer-mark ' + (ok ? 'answer-mark-correct' : 'answer-mark-incorrect') });
    m.appendChild(iconSpan(ok));
    m.appendChild(srText(' ' + this.t(ok ? 'correct' : 'incorrect')));
    return m;
  };

  methods.showFeedback = function (qq, ev) {
    var self = this, form = qq.form, q = qq.q;
    this.clearFeedback(qq);
    form.classList.add(ev.correct ? 'is-correct' : 'is-incorrect');
    if (qq.kind === 'single' || qq.kind === 'multiple' || qq.kind === 'truefalse') {
      $$('.option', form).forEach(function (opt) {
        var input = $('input', opt);
        if (!input || !input.checked) return;
        var id = qq.kind === 'truefalse' ? tfValue(input.value) : input.value;
        var ok = responses.isRightOption(q, qq.kind, id);
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

  methods.say = function (form, text) {
    var fb = $('.feedback', form);
    if (!fb) return;
    fb.textContent = '';
    fb.appendChild(el('p', { 'class': 'feedback-hint' }, text));
  };

  /** The question's prompt as plain text (blank and numbering left out). */
  methods.promptText = function (qq) {
    var legend = $('.question-prompt', qq.form) || $('legend', qq.form);
    if (!legend) return '';
    var c = legend.cloneNode(true);
    $$('.question-number, .visually-hidden', c).forEach(function (x) { x.parentNode.removeChild(x); });
    $$('input, select, textarea', c).forEach(function (x) { x.parentNode.replaceChild(document.createTextNode(' ___ '), x); });
    return c.textContent.replace(/\s+/g, ' ').trim();
  };

  /* ----- ordering widgets ----- */

  methods.itemText = function (li) {
    var t = $('.item-text', li);
    if (t) return t.textContent.trim();
    var c = li.cloneNode(true);
    $$('button, .ordering-controls', c).forEach(function (b) { b.parentNode.removeChild(b); });
    return c.textContent.trim();
  };

  methods.setupOrdering = function (qq) {
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

  methods.updateOrderingButtons = function (form) {
    var items = $$('ol.ordering > li[data-item]', form);
    var locked = form.classList.contains('is-locked');
    items.forEach(function (li, i) {
      var up = $('button[data-move="up"]', li), down = $('button[data-move="down"]', li);
      if (up) up.disabled = locked || i === 0;
      if (down) down.disabled = locked || i === items.length - 1;
    });
  };

  /** Shuffles the ordering items (seeded) so that they never start in the right order. */
  methods.shuffleOrdering = function (qq, seed) {
    var ol = $('ol.ordering', qq.form);
    if (!ol) return;
    var items = $$('li[data-item]', ol);
    if (items.length < 2) return;
    var ids = items.map(function (li) { return li.getAttribute('data-item'); });
    draw.orderingStart(ids, qq.q.order, seed).forEach(function (i) { ol.appendChild(items[i]); });
    this.updateOrderingButtons(qq.form);
  };

  /** Shuffles the options of a choice question (seeded, from their a, b, c… order). */
  methods.shuffleOptions = function (qq, seed) {
    if (qq.kind !== 'single' && qq.kind !== 'multiple') return;
    var box = $('.options', qq.form);
    if (!box) return;
    var opts = $$('.option', box).filter(function (o) { return o.parentNode === box; });
    if (opts.length < 2) return;
    var sorted = opts.slice().sort(function (a, b) {
      var x = a.getAttribute('data-option') || '', y = b.getAttribute('data-option') || '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    draw.shuffle(sorted, draw.rng(seed)).forEach(function (o) { box.appendChild(o); });
  };

  return {
    $: $,
    $$: $$,
    el: el,
    fmt: fmt,
    safe: safe,
    srText: srText,
    iconSpan: iconSpan,
    methods: methods
  };
});
