/* raamat course runtime: the resume codec, cmi.suspend_data format 1 (docs/courses.md).
 * Test vectors that this codec and the build's worst-case size check (src/course/validate.rs)
 * both pass: docs/suspend-data.vectors.json. Pure: no page, no LMS.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).resume = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  var FORMAT = 1;
  /** Longest cmi.suspend_data an LMS must keep (SCORM 1.2 CMIString4096; SCORM 2004 64000). */
  var LIMIT = { scorm12: 4096, scorm2004: 64000 };

  /*
   * The learner's state (what is resumed):
   *   seed     0..99999: options, ordering items and test draws follow from it
   *   visited  [bool], one per module
   *   q        {questionIndex: response}  (responses in the syntax of course-responses.js)
   *   test     null (no final test) or {a: attempts made, d: [drawn question indices],
   *            r: score of the submitted current attempt, or null}
   * The course's shape (what the codec needs to know about the course):
   *   modules    number of modules
   *   questions  [{inTest, form}], one per question of the course JSON (`form`: on the page)
   */

  /**
   * suspend_data for a state, at most `limit` characters: when longer, answers are left
   * out, least important first (knowledge checks, latest first; then test answers, latest
   * first), and at the very end all of them. Returns {text, dropped, over}: `over` when
   * something had to be left out.
   */
  function encode(state, shape, limit) {
    var visited = state.visited || [];
    var o = { v: FORMAT, s: state.seed, m: visited.map(function (x) { return x ? '1' : '0'; }).join(''), q: {} };
    var keys = Object.keys(state.q || {}).map(Number).sort(function (a, b) { return a - b; });
    keys.forEach(function (i) { o.q[i.toString(36)] = state.q[i]; });
    if (state.test) {
      o.t = { a: state.test.a, d: state.test.d.map(function (i) { return i.toString(36); }).join('.') };
      if (state.test.r !== null && state.test.r !== undefined) o.t.r = state.test.r;
    }
    limit = limit || LIMIT.scorm12;
    var s = JSON.stringify(o);
    var dropped = 0, over = s.length > limit;
    if (over) {
      var inTest = function (i) { return !!(shape.questions[i] && shape.questions[i].inTest); };
      var order = keys.filter(function (i) { return !inTest(i); }).reverse()
        .concat(keys.filter(inTest).reverse());
      for (var k = 0; k < order.length && s.length > limit; k++) {
        delete o.q[order[k].toString(36)];
        dropped++;
        s = JSON.stringify(o);
      }
      if (s.length > limit) { o.q = {}; s = JSON.stringify(o); }
    }
    return { text: s, dropped: dropped, over: over };
  }

  /** The stored object, or null with the reason: `problem` is 'unreadable' (not JSON) or
   * 'unknown' (another format); '' when there was nothing or all is well. */
  function parse(text) {
    if (!text) return { value: null, problem: '' };
    try {
      var o = JSON.parse(text);
      if (!o || o.v !== FORMAT) return { value: null, problem: 'unknown' };
      return { value: o, problem: '' };
    } catch (e) {
      return { value: null, problem: 'unreadable' };
    }
  }

  /**
   * The state a stored object resumes, for a course of `shape`; what does not fit the course
   * is left out. `seed` is null when none was stored; `test.d` is null when the stored draw
   * does not fit (the runtime then draws again) and `test` null when nothing was stored.
   */
  function restore(stored, shape) {
    var st = { seed: null, visited: [], q: {}, test: null };
    for (var m = 0; m < shape.modules; m++) st.visited.push(false);
    if (!stored) return st;
    var qs = shape.questions;
    if (isFinite(stored.s)) st.seed = (Number(stored.s) >>> 0) % 100000;
    String(stored.m || '').split('').forEach(function (c, i) { if (i < st.visited.length) st.visited[i] = c === '1'; });
    Object.keys(stored.q || {}).forEach(function (k) {
      var i = parseInt(k, 36);
      if (qs[i] && qs[i].form && typeof stored.q[k] === 'string') st.q[i] = stored.q[k];
    });
    var t = stored.t ? stored.t : null;
    if (t) {
      st.test = { a: isFinite(t.a) ? Math.max(0, Number(t.a)) : 0, d: null, r: null };
      if (t.r !== undefined && t.r !== null && isFinite(t.r)) st.test.r = Number(t.r);
      var d = typeof t.d === 'string' && t.d ? t.d.split('.').map(function (x) { return parseInt(x, 36); }) : [];
      var valid = d.length > 0 && d.every(function (i) { return qs[i] && qs[i].inTest && qs[i].form; });
      if (valid) st.test.d = d;
    }
    return st;
  }

  /** restore(parse(text)): the state in a suspend_data string, and the parse problem. */
  function decode(text, shape) {
    var p = parse(text);
    return { state: restore(p.value, shape), stored: !!p.value, problem: p.problem };
  }

  return { FORMAT: FORMAT, LIMIT: LIMIT, encode: encode, parse: parse, restore: restore, decode: decode };
});
