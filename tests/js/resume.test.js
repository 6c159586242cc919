'use strict';
// The resume codec (themes/default/static/course-resume.js) against the shared vectors in
// docs/suspend-data.vectors.json, which the build's worst-case size check passes too
// (tests/resume_format.rs). A learner who closes the course gets back exactly this state.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { runtime, vectors, shapeOf, worstState } = require('./helpers');

const resume = runtime('resume');
const responses = runtime('responses');
const V = vectors();
const course = (name) => {
  assert.ok(V.courses[name], `no vector course ${name}`);
  return V.courses[name];
};

describe('shared vectors', () => {
  test('the format and limits are the runtime\'s', () => {
    assert.equal(V.format, resume.FORMAT);
    assert.deepEqual(V.limits, resume.LIMIT);
  });
  for (const v of V.vectors) {
    test(`encode: ${v.name}`, () => {
      const out = resume.encode(v.state, shapeOf(course(v.course)), v.limit || resume.LIMIT.scorm12);
      assert.equal(out.text, v.encoded);
      assert.equal(out.over, v.dropped !== undefined, 'over the limit');
      if (v.dropped !== undefined) assert.equal(out.dropped, v.dropped, 'answers left out');
      assert.ok(out.text.length <= (v.limit || resume.LIMIT.scorm12), 'within the limit');
    });
    test(`decode: ${v.name}`, () => {
      const back = resume.decode(v.encoded, shapeOf(course(v.course)));
      assert.equal(back.problem, '');
      assert.equal(back.stored, true);
      assert.deepEqual(back.state, v.decoded || v.state);
    });
  }
  for (const r of V.restored) {
    test(`restore: ${r.name}`, () => {
      assert.deepEqual(resume.decode(r.encoded, shapeOf(course(r.course))).state, r.state);
    });
  }
  for (const r of V.rejected) {
    test(`reject: ${r.name}`, () => {
      const shape = shapeOf(course('every-kind'));
      const back = resume.decode(r.encoded, shape);
      assert.equal(back.stored, false);
      assert.equal(back.problem, r.problem);
      assert.deepEqual(back.state, resume.restore(null, shape), 'a fresh start');
    });
  }
});

describe('size bound', () => {
  test('every course has a worst-case vector: its longest state, within the build\'s estimate', () => {
    for (const [name, c] of Object.entries(V.courses)) {
      const worst = V.vectors.filter((v) => v.course === name && v.worst);
      assert.equal(worst.length, 1, `${name}: one worst-case vector`);
      assert.deepEqual(worst[0].state, worstState(c), `${name}: the worst vector is the longest state`);
      const text = resume.encode(worstState(c), shapeOf(c), resume.LIMIT.scorm2004).text;
      assert.ok(Number.isInteger(c.estimate), `${name}: estimate`);
      assert.ok(text.length <= c.estimate, `${name}: ${text.length} characters, the build allows for ${c.estimate}`);
    }
  });
  test('no typed character takes more than two characters in suspend_data', () => {
    // The build's estimate allows 2 per character of fill_max_length (JSON escapes " and \).
    const max = 10;
    for (let c = 0; c < 0x10000; c++) {
      const typed = String.fromCharCode(c).repeat(max);
      const resp = responses.fillResponse(typed, max);
      const room = JSON.stringify(resp).length - 2;
      assert.ok(room <= 2 * max, `U+${c.toString(16).padStart(4, '0')} takes ${room} characters for ${max} typed`);
    }
    const pair = '\ud83d\ude00'; // an emoji is two UTF-16 units
    const cut = responses.fillResponse('x' + pair.repeat(5), 4);
    assert.ok(JSON.stringify(cut).length - 2 <= 8, `a pair cut at the limit: ${JSON.stringify(cut)}`);
  });
  test('never over the limit: answers are left out, least important first', () => {
    const c = course('every-kind');
    const shape = shapeOf(c);
    const state = worstState(c);
    // Below the length without any answer, nothing more can be left out.
    const bare = resume.encode(Object.assign({}, state, { q: {} }), shape, 64000).text.length;
    for (const limit of [4096, 400, 350, bare + 100, bare + 40, bare]) {
      const out = resume.encode(state, shape, limit);
      assert.ok(out.text.length <= limit, `${limit}: ${out.text.length}`);
      const kept = resume.decode(out.text, shape).state;
      const checks = Object.keys(kept.q).filter((i) => !shape.questions[i].inTest);
      const tests = Object.keys(kept.q).filter((i) => shape.questions[i].inTest);
      const all = Object.keys(state.q);
      const keptTests = tests.length === all.filter((i) => shape.questions[i].inTest).length;
      assert.ok(checks.length === 0 || keptTests, `${limit}: a test answer went before a check answer`);
      // What is kept is always the earliest answers of each kind.
      for (const group of [checks, tests]) {
        const own = all.filter((i) => shape.questions[i].inTest === shape.questions[group[0]]?.inTest);
        if (group.length) assert.deepEqual(group, own.slice(0, group.length), `${limit}: latest first`);
      }
      assert.deepEqual(kept.visited, state.visited, 'pages are never left out');
      assert.deepEqual(kept.test, state.test, 'the test is never left out');
    }
  });
  test('within the limit nothing is left out', () => {
    const c = course('every-kind');
    const out = resume.encode(worstState(c), shapeOf(c), 4096);
    assert.equal(out.over, false);
    assert.equal(out.dropped, 0);
  });
});

describe('restore', () => {
  test('a state survives a relaunch: encode, decode, encode gives the same string', () => {
    for (const v of V.vectors) {
      const shape = shapeOf(course(v.course));
      const again = resume.encode(resume.decode(v.encoded, shape).state, shape, v.limit);
      assert.equal(again.text, v.encoded, v.name);
    }
  });
  test('answers to questions not on the page are left out', () => {
    const c = course('every-kind');
    const shape = shapeOf(c);
    shape.questions[3].form = false;
    const state = resume.decode('{"v":2,"c":"1.0.0","s":1,"m":["01-alus"],"q":{"q-roll":"b","q-paevad":"kümme"}}', shape).state;
    assert.deepEqual(state.q, { 0: 'b' });
    const v1 = resume.decode('{"v":1,"s":1,"m":"1","q":{"0":"b","3":"kümme"}}', shape).state;
    assert.deepEqual(v1.q, { 0: 'b' }, 'format 1 too');
  });
  test('resume data of another course version is noticed; of this one, or format 1, is not', () => {
    const shape = shapeOf(course('every-kind'));
    assert.equal(resume.decode('{"v":2,"c":"0.9.0","s":1,"m":[],"q":{}}', shape).changed, true);
    assert.equal(resume.decode('{"v":2,"c":"1.0.0","s":1,"m":[],"q":{}}', shape).changed, false);
    assert.equal(resume.decode('{"v":1,"s":1,"m":"","q":{}}', shape).changed, false);
  });
});
