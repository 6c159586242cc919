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

/** What the resume codec knows of a course given as course JSON: every question has a form. */
function shapeOf(course) {
  const testModule = course.test && course.test.module;
  return {
    modules: course.modules.length,
    questions: course.questions.map((q) => ({ inTest: !!testModule && q.module === testModule, form: true })),
  };
}

/**
 * The state with the longest suspend_data a learner can reach in a course (course JSON):
 * every module visited, every question answered with the longest response its form can
 * give, the test drawn so that its answers are longest, the last attempt submitted with
 * 100 %, the largest seed. `worstChar`: the typed character that takes most room in JSON.
 */
function worstState(course, worstChar = '"') {
  const testModule = course.test && course.test.module;
  const longest = (q) => {
    switch (q.kind) {
      case 'single': return q.options.reduce((a, b) => (b.length > a.length ? b : a), '');
      case 'truefalse': return 'b';
      case 'multiple': return q.options.slice().sort().join('');
      case 'fill': return worstChar.repeat(course.fillMaxLength);
      case 'matching': return '9'.repeat(q.pairs.length);
      case 'ordering': return q.order.join('');
      default: throw new Error(`unknown kind ${q.kind}`);
    }
  };
  const index = new Map(course.questions.map((q, i) => [q.id, i]));
  const room = (i) => JSON.stringify(longest(course.questions[i])).length + i.toString(36).length;
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
    test = { a: course.maxAttempts || 999999, d, r: 100 };
  }
  return { seed: 99999, visited: course.modules.map(() => true), q, test };
}

module.exports = { REPO, RUNTIME, runtime, vectors, shapeOf, worstState };
