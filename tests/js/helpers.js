'use strict';
// Shared by the unit tests of the course runtime's pure rules (tests/js/*.test.js).
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const RUNTIME = path.join(REPO, 'themes', 'default', 'static');

/** A runtime file (`responses` → themes/default/static/course-responses.js), as node loads it. */
function runtime(part) {
  return require(path.join(RUNTIME, `course-${part}.js`));
}

/** The shared resume test vectors (docs/suspend-data.vectors.json). */
function vectors() {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'docs', 'suspend-data.vectors.json'), 'utf8'));
}

/** What the resume codec knows of a course given as course JSON: every question has a form
 * and accepts the responses its kind and options allow. */
function shapeOf(course) {
  const testModule = course.test && course.test.module;
  const responses = runtime('responses');
  return {
    version: course.version,
    modules: course.modules.map((m) => m.id),
    questions: course.questions.map((q) => ({
      id: q.id,
      inTest: !!testModule && q.module === testModule,
      form: true,
      accepts: (resp) => responses.validResponse(q, q.kind, resp),
    })),
  };
}

/**
 * The state with the longest suspend_data a learner can reach in a course (course JSON):
 * every module visited, every question answered with the longest response its form can
 * give, the test drawn so that its answers (and ids) are longest, the last attempt submitted
 * with the longest score (99.99) and a pass, the largest seed and interaction index. `worstChar`: the typed character that takes most room in JSON.
 */
function worstState(course, worstChar = '"') {
  const testModule = course.test && course.test.module;
  const longest = (q) => {
    switch (q.kind) {
      case 'single': return q.options.reduce((a, b) => (b.length > a.length ? b : a), '');
      case 'truefalse': return 'b';
      case 'multiple': return q.options.slice().sort().join('');
      case 'fill': return worstChar.repeat(course.fillMaxLength);
      case 'matching': return q.pairs.length.toString(36).repeat(q.pairs.length);
      case 'ordering': return q.order.join('');
      default: throw new Error(`unknown kind ${q.kind}`);
    }
  };
  const index = new Map(course.questions.map((q, i) => [q.id, i]));
  const room = (i) => JSON.stringify(longest(course.questions[i])).length + 2 * JSON.stringify(course.questions[i].id).length;
  const q = {};
  course.questions.forEach((x, i) => { if (x.module !== testModule) q[i] = longest(x); });
  let test = null;
  if (testModule) {
    const pooled = new Set((course.test.pools || []).flatMap((p) => p.questions));
    const d = course.test.questions.filter((id) => !pooled.has(id)).map((id) => index.get(id));
    for (const p of course.test.pools || []) {
      const ids = p.questions.map((id) => index.get(id)).sort((a, b) => room(b) - room(a) || b - a);
      d.push(...ids.slice(0, p.draw));
    }
    d.sort((a, b) => a - b);
    for (const i of d) q[i] = longest(course.questions[i]);
    test = { a: course.maxAttempts || 999999, d, r: 99.99, p: true };
  }
  return { seed: 99999, visited: course.modules.map(() => true), q, test, n: 999999999 };
}

module.exports = { REPO, RUNTIME, runtime, vectors, shapeOf, worstState };
