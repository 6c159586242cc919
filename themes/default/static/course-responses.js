/* raamat course runtime: responses and scoring. A learner's answer as a short string (the
 * syntax of suspend_data, docs/courses.md), whether it is right, what SCORM interactions
 * record about it, and the test score. Pure: no page, no LMS.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).responses = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  /** A true/false value as a response: `a` = true, `b` = false. */
  function tfValue(v) {
    var s = String(v).toLowerCase();
    if (s === 'true' || s === 'a' || s === 't' || s === '1') return 'a';
    return 'b';
  }
  /** A chosen match (`1`…`35`) as one base-36 character; `_` for none. */
  function encMatch(v) {
    var n = parseInt(v, 10);
    if (!isFinite(n) || n < 0 || n > 35) return '_';
    return n.toString(36);
  }
  function decMatch(c) { return c === '_' ? '' : String(parseInt(c, 36)); }
  /** Characters a learner may type for the same thing: apostrophes, quotation marks, dashes. */
  var SAME_AS = [
    [/[\u2018\u2019\u201a\u201b\u02bc\u02b9\u00b4\u0060\u2032]/g, "'"],
    [/[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033]/g, '"'],
    [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-']
  ];
  /** Fill-in answers compare after this: NFC, spaces trimmed and collapsed, apostrophes,
   * quotation marks and dashes made one, lower case in the course's language (so `õ` stays
   * distinct from `o`), then the course's own equivalences (`[["ё", "е"]]`: ё counts as е). */
  function normFill(s, lang, equivalents) {
    var t = String(s || '');
    try { t = t.normalize('NFC'); } catch (e) { /* old engine */ }
    SAME_AS.forEach(function (r) { t = t.replace(r[0], r[1]); });
    t = t.trim().replace(/\s+/g, ' ');
    try { t = t.toLocaleLowerCase(lang); } catch (e) { t = t.toLowerCase(); }
    (equivalents || []).forEach(function (pair) {
      if (!pair || pair.length !== 2 || !pair[0]) return;
      var from = normFill(pair[0], lang), to = normFill(pair[1], lang);
      if (from) t = t.split(from).join(to);
    });
    return t;
  }
  /** Matching terms (`a`, `b`…) in order. */
  function terms(q) { return (q.pairs || []).map(function (p) { return String(p[0]); }); }

  /* ---------- responses from what the form holds ---------- */

  /** multiple: the ticked option ids, sorted. */
  function multipleResponse(ids) { return ids.slice().sort().join(''); }
  /** Whether JSON writes UTF-16 unit `c` as \uXXXX (six characters): control characters
   * without a short escape, and halves of a character (surrogates) standing alone. */
  function longInJson(c) {
    return (c < 0x20 && c !== 8 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || (c >= 0xd800 && c <= 0xdfff);
  }
  /** fill: the typed text, trimmed, at most `max` characters. Characters that cannot be typed,
   * only pasted (control characters, half of an emoji), are left out: in suspend_data every
   * character then takes at most two (JSON escapes `"` and `\`), as the build's size check
   * assumes (docs/suspend-data.vectors.json). */
  function fillResponse(text, max) {
    var t = String(text), out = '';
    for (var i = 0; i < t.length; i++) {
      var c = t.charCodeAt(i);
      var pair = c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) { out += t.charAt(i) + t.charAt(i + 1); i++; } else if (!longInJson(c)) out += t.charAt(i);
    }
    out = out.trim().slice(0, max);
    // Cut at `max` between the two halves of a character: the half is left out too.
    var last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
    return out;
  }
  /** matching: per term the chosen match (`''` = none); `''` when no term has one. */
  function matchingResponse(chosen) {
    var s = chosen.map(function (v) { return v ? encMatch(v) : '_'; }).join('');
    return /^_*$/.test(s) ? '' : s;
  }
  /** ordering: the item ids in the learner's order. */
  function orderingResponse(ids) { return ids.join(''); }

  /** A typed text as one SCORM 2004 fill-in string: the reserved delimiters `[,]` and `[.]`
   * become spaces, a comma is escaped (`\,`: a bare one separates answers), a leading `{`
   * (a `{lang=…}` prefix) becomes `(`, no spaces at either end, at most 250 characters. */
  function text2004(s) {
    var t = String(s).replace(/\[[,.]\]/g, ' ').trim().replace(/^\{/, '(');
    var out = '', n = 0;
    for (var i = 0; i < t.length && n < 250; i++, n++) out += t.charAt(i) === ',' ? '\\,' : t.charAt(i);
    return out.trim();
  }

  /**
   * Evaluates a response ('' = unanswered) to question `q` (course JSON) of `kind`:
   * correctness plus the SCORM interaction strings (`opts.scorm12`: 1.2 syntax, else 2004;
   * `opts.lang`: for comparing fill-in answers).
   */
  function evaluate(q, kind, resp, opts) {
    var v12 = !!(opts && opts.scorm12);
    var lang = opts ? opts.lang : undefined;
    var equivalents = opts ? opts.equivalents : undefined;
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
        var accepted = (q.accepted || q.correct || []).map(String);
        var mine = normFill(resp, lang, equivalents);
        ev.correct = ev.answered && accepted.some(function (a) { return normFill(a, lang, equivalents) === mine; });
        ev.type = 'fill-in';
        ev.r12 = resp.slice(0, 255); ev.r04 = text2004(resp);
        ev.p12 = String(accepted[0] || '').slice(0, 255); ev.p04 = text2004(accepted[0] || '');
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
  }

  /** Whether option `id` (single, multiple; truefalse: `a`/`b`) is one of the right ones. */
  function isRightOption(q, kind, id) {
    var right = kind === 'truefalse' ? [tfValue((q.correct || ['a'])[0])] : (q.correct || []).map(String);
    return right.indexOf(id) >= 0;
  }

  /** The test score in percent, `right` of `total`, rounded down to two decimals (so it is
   * never above the fraction that decided); 0 for an empty test. */
  function score(right, total) {
    return total ? Math.floor(right * 10000 / total) / 100 : 0;
  }
  /** Whether `right` of `total` reaches `passMark` percent, decided on the exact fraction. */
  function passes(right, total, passMark) {
    return total > 0 && right * 100 >= passMark * total - 1e-9;
  }

  /** Whether `resp` can be an answer to `q` (course JSON) of `kind`: option ids it has, one
   * match per term, every item once. Resume data from another version of a course can hold
   * answers that no longer fit. */
  function validResponse(q, kind, resp) {
    if (typeof resp !== 'string' || resp === '') return false;
    var opts = (q.options || []).map(String);
    switch (kind) {
      case 'single': return opts.indexOf(resp) >= 0;
      case 'multiple': return resp.split('').every(function (c, i, all) { return opts.indexOf(c) >= 0 && all.indexOf(c) === i; });
      case 'truefalse': return resp === 'a' || resp === 'b';
      case 'fill': return true;
      case 'matching': {
        var n = (q.pairs || []).length;
        return resp.length <= n && /^[0-9a-z_]*$/.test(resp) && resp.split('').every(function (c) {
          return c === '_' || parseInt(c, 36) >= 1 && parseInt(c, 36) <= n;
        });
      }
      case 'ordering': {
        var order = (q.order || []).map(String);
        return resp.length === order.join('').length && order.every(function (x) { return resp.indexOf(x) >= 0; }) &&
          resp.split('').every(function (c, i, all) { return all.indexOf(c) === i; });
      }
      default: return false;
    }
  }

  return {
    tfValue: tfValue,
    encMatch: encMatch,
    decMatch: decMatch,
    normFill: normFill,
    text2004: text2004,
    terms: terms,
    multipleResponse: multipleResponse,
    fillResponse: fillResponse,
    matchingResponse: matchingResponse,
    orderingResponse: orderingResponse,
    evaluate: evaluate,
    isRightOption: isRightOption,
    score: score,
    passes: passes,
    validResponse: validResponse
  };
});
