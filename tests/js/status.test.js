'use strict';
// The status a learner earns and what reaches the LMS (themes/default/static/course-status.js;
// docs/courses.md, "Status rules the runtime follows").
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { runtime } = require('./helpers');

const S = runtime('status');
const course = (over) => Object.assign({ completion: 'all-pages-and-pass-test', failedStatus: 'failed', passMark: 80, hasTest: true }, over);
const facts = (over) => Object.assign({ pagesDone: true, attempts: 1, lastScore: 80 }, over);

describe('outcome', () => {
  test('all-pages-and-pass-test: passed at the pass mark, failed below it', () => {
    assert.deepEqual(S.outcome(course(), facts({ lastScore: 80 })), { status: 'passed', raw: 80 });
    assert.deepEqual(S.outcome(course(), facts({ lastScore: 79 })), { status: 'failed', raw: 79 });
  });
  test('all-pages-and-pass-test: a passed test is held back until every page is visited', () => {
    assert.deepEqual(S.outcome(course(), facts({ pagesDone: false, lastScore: 100 })), { status: 'incomplete', raw: null });
  });
  test('the decision made on the exact fraction wins over the rounded score; a pass earned stays', () => {
    assert.deepEqual(S.outcome(course(), facts({ lastScore: 79.99, passed: false })), { status: 'failed', raw: 79.99 });
    assert.deepEqual(S.outcome(course({ passMark: 66.667 }), facts({ lastScore: 66.66, passed: true })), { status: 'passed', raw: 66.66 });
    // A republished course with a higher pass mark: the learner who passed stays passed.
    assert.deepEqual(S.outcome(course({ passMark: 90 }), facts({ lastScore: 85, passed: true })), { status: 'passed', raw: 85 });
  });
  test('pass-test: the pages do not matter', () => {
    assert.deepEqual(S.outcome(course({ completion: 'pass-test' }), facts({ pagesDone: false, lastScore: 90 })), { status: 'passed', raw: 90 });
  });
  test('no score before the first submitted attempt', () => {
    assert.deepEqual(S.outcome(course(), facts({ attempts: 0, lastScore: null })), { status: 'incomplete', raw: null });
    assert.deepEqual(S.outcome(course(), facts({ attempts: 1, lastScore: null })), { status: 'incomplete', raw: null });
  });
  test('failed_status = "incomplete": a failed test reports incomplete, with its score', () => {
    assert.deepEqual(S.outcome(course({ failedStatus: 'incomplete' }), facts({ lastScore: 50 })), { status: 'incomplete', raw: 50 });
  });
  test('all-pages: completed when every page is visited; the test score is still reported', () => {
    const c = course({ completion: 'all-pages' });
    assert.deepEqual(S.outcome(c, facts({ pagesDone: false, lastScore: 40 })), { status: 'incomplete', raw: 40 });
    assert.deepEqual(S.outcome(c, facts({ pagesDone: true, lastScore: 40 })), { status: 'completed', raw: 40 });
  });
  test('a course without a test is all-pages, whatever its completion says', () => {
    const c = course({ hasTest: false });
    assert.deepEqual(S.outcome(c, facts({ pagesDone: true, attempts: 0, lastScore: null })), { status: 'completed', raw: null });
  });
});

describe('progress measure (SCORM 2004)', () => {
  test('1 once decided; otherwise the share of pages and test, at most 0.99', () => {
    const c = course();
    assert.equal(S.progressMeasure(c, { status: 'passed' }, 3, 1), 1);
    assert.equal(S.progressMeasure(c, { status: 'failed' }, 3, 1), 1);
    assert.equal(S.progressMeasure(c, { status: 'incomplete' }, 3, 0), 0);
    assert.equal(S.progressMeasure(c, { status: 'incomplete' }, 3, 2), 0.5, '2 of 3 pages + the test');
    assert.equal(S.progressMeasure(c, { status: 'incomplete' }, 3, 3), 0.75);
    assert.equal(S.progressMeasure(course({ completion: 'all-pages' }), { status: 'incomplete' }, 3, 3), 0.99);
    assert.equal(S.progressMeasure(course({ completion: 'pass-test' }), { status: 'incomplete' }, 3, 3), 0, 'only the test counts');
  });
});

describe('reported status never goes down', () => {
  test('SCORM 1.2: passed is not replaced by failed or incomplete', () => {
    assert.equal(S.next12({ status: 'failed' }, 'passed'), null);
    assert.equal(S.next12({ status: 'incomplete' }, 'completed'), null);
    assert.equal(S.next12({ status: 'passed' }, 'failed'), 'passed');
    assert.equal(S.next12({ status: 'incomplete' }, 'not attempted'), 'incomplete');
    assert.equal(S.next12({ status: 'failed' }, 'failed'), 'failed', 'the same status is set again');
  });
  test('SCORM 2004: completion and success from the same decision, neither goes down', () => {
    assert.deepEqual(S.next2004({ status: 'passed' }, 'unknown', 'unknown'), { completion: 'completed', success: 'passed' });
    assert.deepEqual(S.next2004({ status: 'failed' }, 'incomplete', 'unknown'), { completion: 'completed', success: 'failed' });
    assert.deepEqual(S.next2004({ status: 'incomplete' }, 'incomplete', 'unknown'), { completion: 'incomplete', success: 'unknown' });
    assert.deepEqual(S.next2004({ status: 'failed' }, 'completed', 'passed'), { completion: 'completed', success: null });
    assert.deepEqual(S.next2004({ status: 'incomplete' }, 'completed', 'failed'), { completion: null, success: null });
  });
  test('exit: a finished course exits normally, any other is suspended', () => {
    assert.equal(S.exitValue({ status: 'passed' }, true), '');
    assert.equal(S.exitValue({ status: 'completed' }, false), 'normal');
    assert.equal(S.exitValue({ status: 'failed' }, true), 'suspend');
    assert.equal(S.exitValue({ status: 'incomplete' }, false), 'suspend');
  });
});
