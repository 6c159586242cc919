/* raamat course runtime: the resume codec, cmi.suspend_data format 2 (docs/courses.md).
 * Test vectors that this codec and the build's worst-case size check (src/course/validate.rs)
 * both pass: docs/suspend-data.vectors.json. Pure: no page, no LMS.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).resume = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  var FORMAT = 2;
  /** Longest cmi.suspend_data an LMS must keep (SCORM 1.2 CMIString4096; SCORM 2004 64000). */
  var LIMIT = { scorm12: 4096, scorm2004: 64000 };

  /*
   * The learner's state (what is resumed), by position in this build of the course:
   *   seed     0..99999: options, ordering items and test draws follow from it
   *   visited  [bool], one per module
   *   q        {questionIndex: response}  (responses in the syntax of course-responses.js)
   *   test     null (no final test) or {a: attempts made, d: [drawn question indices],
   *            r: score of the submitted current attempt, or null, p: a pass was earned}
   *   n        the next cmi.interactions index (for an LMS that does not answer _count)
   * The course's shape (what the codec needs to know about the course):
   *   version    the course version (course.toml), stored so a republished course is noticed
   *   modules    [module id], in order
   *   questions  [{id, inTest, form, accepts(response)?}], one per question of the course JSON
   * Stored, everything is keyed by id, not position: a republished course keeps the answers
   * to the questions it still has, drops the rest, and starts new questions unanswered.
   */

  function ids(list) { return list.map(function (x) { return typeof x === 'string' ? x : x.id; }); }

  /**
   * suspend_data for a state, at most `limit` characters: when longer, answers are left
   * out, least important first (knowledge checks, latest first; then test answers, latest
   * first), and at the very end all of them. Returns {text, dropped, over}: `over` when
   * something had to be left out.
   */
  function encode(state, shape, limit) {
    var moduleIds = ids(shape.modules), qs = shape.questions;
    var o = { v: FORMAT, c: String(shape.version || ''), s: state.seed, m: [], q: {} };
    (state.visited || []).forEach(function (x, i) { if (x && moduleIds[i] !== undefined) o.m.push(moduleIds[i]); });
    var keys = Object.keys(state.q || {}).map(Number).filter(function (i) { return !!qs[i]; })
      .sort(function (a, b) { return a - b; });
    keys.forEach(function (i) { o.q[qs[i].id] = state.q[i]; });
    if (state.test) {
      o.t = { a: state.test.a, d: state.test.d.map(function (i) { return qs[i].id; }) };
      if (state.test.r !== null && state.test.r !== undefined) o.t.r = state.test.r;
      if (state.test.p) o.t.p = 1;
    }
    if (state.n > 0) o.n = state.n;
    limit = limit || LIMIT.scorm12;
    var s = JSON.stringify(o);
    var dropped = 0, over = s.length > limit;
    if (over) {
      var inTest = function (i) { return !!qs[i].inTest; };
      var order = keys.filter(function (i) { return !inTest(i); }).reverse()
        .concat(keys.filter(inTest).reverse());
      for (var k = 0; k < order.length && s.length > limit; k++) {
        delete o.q[qs[order[k]].id];
        dropped++;
        s = JSON.stringify(o);
      }
      if (s.length > limit) { o.q = {}; s = JSON.stringify(o); }
    }
    return { text: s, dropped: dropped, over: over };
  }

  /** The stored object, or null with the reason: `problem` is 'unreadable' (not JSON) or
   * 'unknown' (another format, e.g. from a newer raamat); '' when there was nothing or all
   * is well. */
  function parse(text) {
    if (!text) return { value: null, problem: '' };
    try {
      var o = JSON.parse(text);
      if (!o || typeof o !== 'object' || (o.v !== 1 && o.v !== FORMAT)) return { value: null, problem: 'unknown' };
      return { value: o, problem: '' };
    } catch (e) {
      return { value: null, problem: 'unreadable' };
    }
  }

  function fresh(shape) {
    var st = { seed: null, visited: [], q: {}, test: null, n: 0 };
    for (var m = 0; m < shape.modules.length; m++) st.visited.push(false);
    return st;
  }

  function usable(qs, i, resp) {
    var x = qs[i];
    return !!(x && x.form && typeof resp === 'string' && (!x.accepts || x.accepts(resp)));
  }

  /**
   * The state a stored object resumes, for a course of `shape`; what does not fit the course
   * is left out (counted in `left`). `seed` is null when none was stored; `test.d` is null
   * when the stored draw does not fit (the runtime then draws again) and `test` null when
   * nothing was stored.
   */
  function restore(stored, shape) {
    var st = fresh(shape);
    if (!stored) return st;
    var qs = shape.questions, moduleIds = ids(shape.modules);
    var byId = {};
    qs.forEach(function (x, i) { byId[x.id] = i; });
    var v1 = stored.v === 1;
    // Format 1 (raamat before 2026-11) stored positions: read as they were written.
    var index = v1 ? function (k) { return parseInt(k, 36); } : function (k) { return byId.hasOwnProperty(k) ? byId[k] : -1; };
    if (isFinite(stored.s) && stored.s !== null) st.seed = (Number(stored.s) >>> 0) % 100000;
    if (v1) {
      String(stored.m || '').split('').forEach(function (c, i) { if (i < st.visited.length) st.visited[i] = c === '1'; });
    } else if (Array.isArray(stored.m)) {
      stored.m.forEach(function (id) { var i = moduleIds.indexOf(id); if (i >= 0) st.visited[i] = true; });
    }
    Object.keys(stored.q || {}).forEach(function (k) {
      var i = index(k);
      if (i >= 0 && usable(qs, i, stored.q[k])) st.q[i] = stored.q[k];
    });
    var t = stored.t && typeof stored.t === 'object' ? stored.t : null;
    if (t) {
      st.test = { a: isFinite(t.a) && t.a !== null ? Math.max(0, Number(t.a)) : 0, d: null, r: null, p: t.p === 1 };
      if (t.r !== undefined && t.r !== null && isFinite(t.r)) st.test.r = Number(t.r);
      var d = v1 ? (typeof t.d === 'string' && t.d ? t.d.split('.') : []) : (Array.isArray(t.d) ? t.d : []);
      d = d.map(function (k) { return index(String(k)); });
      var valid = d.length > 0 && d.every(function (i) { return i >= 0 && qs[i].inTest && qs[i].form; });
      if (valid) st.test.d = d;
    }
    if (isFinite(stored.n) && stored.n > 0) st.n = Math.floor(Number(stored.n));
    return st;
  }

  /**
   * restore(parse(text)): the state in a suspend_data string, whether something was stored,
   * the parse problem, and `changed`: the data comes from another version of the course.
   */
  function decode(text, shape) {
    var p = parse(text);
    var changed = !!p.value && p.value.v === FORMAT && String(p.value.c) !== String(shape.version || '');
    return { state: restore(p.value, shape), stored: !!p.value, problem: p.problem, changed: changed };
  }

  return { FORMAT: FORMAT, LIMIT: LIMIT, encode: encode, parse: parse, restore: restore, decode: decode };
});
