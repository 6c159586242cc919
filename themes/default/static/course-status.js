/* raamat course runtime: the status a learner has earned and what to report of it
 * ("Status rules the runtime follows", docs/courses.md). Pure: no page, no LMS.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).status = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  /** SCORM 1.2 lesson_status from worst to best: a reported status never goes down. */
  var RANK = { 'not attempted': 0, '': 0, unknown: 0, browsed: 1, incomplete: 1, failed: 2, completed: 3, passed: 4 };

  /** The completion rule in force: a course without a final test can only be all-pages. */
  function rule(course) {
    if (!course.hasTest) return 'all-pages';
    return course.completion || 'all-pages-and-pass-test';
  }

  /**
   * The status this state earns, in SCORM 1.2 terms, and the raw score to report (or null).
   * `course`: {completion, failedStatus, passMark, hasTest} (course JSON names);
   * `facts`: {pagesDone: every content module visited, attempts: test attempts submitted,
   * lastScore: score of the last submitted attempt, or null; passed: whether a submitted
   * attempt reached the pass mark (decided on the exact fraction; a pass once earned stays),
   * or undefined to compare lastScore with the pass mark}.
   */
  function outcome(course, facts) {
    var r = rule(course);
    var submitted = course.hasTest && facts.attempts > 0 && facts.lastScore !== null && facts.lastScore !== undefined;
    var score = submitted ? facts.lastScore : null;
    if (r === 'all-pages') return { status: facts.pagesDone ? 'completed' : 'incomplete', raw: score };
    var pagesOk = r === 'pass-test' || facts.pagesDone;
    if (pagesOk && submitted) {
      var passed = facts.passed === undefined ? score >= course.passMark : !!facts.passed;
      return { status: passed ? 'passed' : (course.failedStatus === 'incomplete' ? 'incomplete' : 'failed'), raw: score };
    }
    return { status: 'incomplete', raw: null };
  }

  /** SCORM 2004 progress_measure for outcome `o`: 1 when decided, else the share of the
   * units the rule counts (content modules, the test), at most 0.99. `pages`: content
   * modules; `visited`: how many of them were visited. */
  function progressMeasure(course, o, pages, visited) {
    if (o.status === 'passed' || o.status === 'completed' || o.status === 'failed') return 1;
    var r = rule(course);
    var units = 0, done = 0;
    if (r !== 'pass-test') {
      units += pages;
      done += visited;
    }
    if (r !== 'all-pages') units += 1;
    if (!units) return 0;
    return Math.min(0.99, Math.round(done / units * 100) / 100);
  }

  /** SCORM 1.2: the lesson_status to set for outcome `o` when the LMS holds `current`, or
   * null to leave it (it would go down). */
  function next12(o, current) {
    return RANK[o.status] >= (RANK[current] || 0) ? o.status : null;
  }

  /** SCORM 2004: {completion, success} to set for outcome `o` when the LMS holds
   * `completion` and `success` (null: leave it; neither goes down). */
  function next2004(o, completion, success) {
    var c = (o.status === 'incomplete') ? 'incomplete' : 'completed';
    var s = o.status === 'passed' ? 'passed' : o.status === 'failed' ? 'failed' : 'unknown';
    return {
      completion: (completion === 'completed' && c !== 'completed') ? null : c,
      success: ((success === 'passed' && s !== 'passed') || (s === 'unknown' && success === 'failed')) ? null : s
    };
  }

  /** cmi.core.exit / cmi.exit: a finished course exits normally, any other is suspended. */
  function exitValue(o, scorm12) {
    var finished = o.status === 'passed' || o.status === 'completed';
    return finished ? (scorm12 ? '' : 'normal') : 'suspend';
  }

  return {
    RANK: RANK,
    outcome: outcome,
    progressMeasure: progressMeasure,
    next12: next12,
    next2004: next2004,
    exitValue: exitValue
  };
});
