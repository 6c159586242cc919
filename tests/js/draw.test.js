'use strict';
// Seeded randomness and test drawing (themes/default/static/course-draw.js). What a learner
// sees (which test questions, the order of options and ordering items) follows from the
// seed in suspend_data, so a resumed attempt must look the same after a relaunch, and after
// an update of the runtime too: the exact sequences are pinned.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { runtime } = require('./helpers');

const D = runtime('draw');

// Question 0 is a knowledge check; 1–2 fixed test questions; 3–7 pool p (draw 2); 8–10 pool r (draw 1).
const ids = ['q-kontroll', 't-1', 't-2', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'r-1', 'r-2', 'r-3'];
const course = {
  shuffleQuestions: false,
  questions: ids.map((id, i) => ({ id, module: i === 0 ? 'm1' : 'test', pool: id[0] === 'p' ? 'p' : id[0] === 'r' ? 'r' : null })),
  test: {
    module: 'test',
    questions: ['t-1', 't-2'],
    pools: [
      { id: 'p', draw: 2, questions: ['p-1', 'p-2', 'p-3', 'p-4', 'p-5'] },
      { id: 'r', draw: 1, questions: ['r-1', 'r-2', 'r-3'] },
    ],
  },
};
/** The page's view of the questions: every test question has its form unless left out. */
function onPage(c, missing = []) {
  return c.questions.map((q, index) => ({ index, id: q.id, pool: q.pool, drawable: q.module === 'test' && !missing.includes(q.id) }));
}
const draw = (c, seed, attempt, missing) => D.drawTest(c, onPage(c, missing), seed, attempt);
const seeds = Array.from({ length: 300 }, (_, i) => i * 331 + 7);

describe('seeded randomness', () => {
  test('the same seed gives the same sequence (pinned)', () => {
    const r = D.rng(4711);
    assert.deepEqual([r(), r(), r()], [0.3630195134319365, 0.7252635709010065, 0.06235719472169876]);
    assert.equal(D.shuffle(['a', 'b', 'c', 'd', 'e'], D.rng(4711)).join(''), 'deacb');
    assert.equal(D.mix(4711, 1), 2166311274);
  });
  test('layout seeds per question and attempt (pinned)', () => {
    assert.equal(D.checkSeed(4711, 0), 2166311274);
    assert.equal(D.testSeed(4711, 3, 0), 2757106440);
    assert.equal(D.testOrderingSeed(4711, 3, 0), 1760316761);
    assert.notEqual(D.testSeed(4711, 3, 1), D.testSeed(4711, 3, 0), 'another attempt, another layout');
  });
  test('shuffle keeps every element and leaves its input alone', () => {
    const input = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const seed of seeds.slice(0, 50)) {
      const out = D.shuffle(input, D.rng(seed));
      assert.deepEqual(out.slice().sort(), input);
    }
    assert.deepEqual(input, ['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('drawing the final test', () => {
  test('a draw for a seed and attempt is always the same (pinned)', () => {
    assert.deepEqual(draw(course, 4711, 0), draw(course, 4711, 0));
    assert.deepEqual(draw(course, 4711, 0), [1, 2, 3, 6, 10]);
    assert.deepEqual(draw(course, 4711, 1), [1, 2, 4, 7, 9]);
  });
  test('fixed questions always; from each pool exactly its draw, no question twice', () => {
    for (const seed of seeds) {
      const d = draw(course, seed, 0);
      assert.deepEqual(d.slice(0, 2), [1, 2], `seed ${seed}: fixed questions`);
      assert.equal(d.filter((i) => ids[i][0] === 'p').length, 2, `seed ${seed}: two from pool p`);
      assert.equal(d.filter((i) => ids[i][0] === 'r').length, 1, `seed ${seed}: one from pool r`);
      assert.equal(new Set(d).size, d.length, `seed ${seed}: no question twice`);
      assert.ok(!d.includes(0), 'a knowledge check is never drawn');
    }
  });
  test('every pool question gets drawn for some learner, and attempts draw anew', () => {
    const seen = new Set(seeds.flatMap((s) => draw(course, s, 0)));
    assert.deepEqual([...seen].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const differs = seeds.filter((s) => draw(course, s, 0).join() !== draw(course, s, 1).join()).length;
    assert.ok(differs > seeds.length / 2, `the second attempt differs for ${differs} of ${seeds.length} seeds`);
  });
  test('document order, unless shuffleQuestions', () => {
    for (const seed of seeds.slice(0, 50)) {
      const d = draw(course, seed, 0);
      assert.deepEqual(d, d.slice().sort((a, b) => a - b));
    }
    const shuffled = Object.assign({}, course, { shuffleQuestions: true });
    const orders = new Set();
    for (const seed of seeds.slice(0, 50)) {
      const d = draw(shuffled, seed, 0);
      assert.deepEqual(d.slice().sort((a, b) => a - b), draw(course, seed, 0), 'the same questions');
      orders.add(d.join());
    }
    assert.ok(orders.size > 10, 'shuffled into many orders');
  });
  test('a pool without draw gives all its questions', () => {
    const all = JSON.parse(JSON.stringify(course));
    all.test.pools[1].draw = null;
    assert.deepEqual(draw(all, 4711, 0).filter((i) => ids[i][0] === 'r'), [8, 9, 10]);
  });
  test('questions missing from the page are not drawn; with none left, every test question on the page', () => {
    for (const seed of seeds.slice(0, 50)) {
      const d = draw(course, seed, 0, ['t-2', 'p-1', 'p-2', 'p-3']);
      assert.ok(!d.includes(2) && !d.includes(3) && !d.includes(4) && !d.includes(5), `seed ${seed}: ${d}`);
      assert.ok(d.includes(1));
    }
    const none = Object.assign({}, course, { test: { module: 'test', questions: ['gone'], pools: [] } });
    assert.deepEqual(draw(none, 4711, 0), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
  test('without a question list, the test module questions outside pools are fixed', () => {
    const implicit = JSON.parse(JSON.stringify(course));
    delete implicit.test.questions;
    assert.deepEqual(draw(implicit, 4711, 0), draw(course, 4711, 0));
  });
});

describe('ordering items', () => {
  test('never start in the right order, always every item once', () => {
    for (const n of [2, 3, 4, 6]) {
      const items = 'abcdef'.slice(0, n).split('');
      for (const seed of seeds) {
        const pos = D.orderingStart(items, items, seed);
        assert.deepEqual(pos.slice().sort(), items.map((_, i) => i), `${n} items, seed ${seed}`);
        assert.notEqual(pos.map((i) => items[i]).join(''), items.join(''), `${n} items, seed ${seed}: right order`);
      }
    }
  });
  test('a single item stays; the start order for a seed is pinned', () => {
    assert.deepEqual(D.orderingStart(['a'], ['a'], 5), [0]);
    assert.deepEqual(D.orderingStart(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'], 1), [3, 1, 0, 2]);
  });
});
