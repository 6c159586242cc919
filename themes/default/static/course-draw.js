/* raamat course runtime: seeded randomness and drawing the final test. Everything random
 * follows from the seed kept in suspend_data (`s`), so a resumed attempt shows the same
 * questions, options and ordering items in the same order. Pure: no page, no LMS.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).draw = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  /** Mixes two 32-bit numbers into a new seed. */
  function mix(a, b) {
    var h = Math.imul((a >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ (b >>> 0);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }
  /** A generator of numbers in [0, 1) from a seed (mulberry32). */
  function rng(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /** A shuffled copy of `arr` (Fisher–Yates with `rand`). */
  function shuffle(arr, rand) {
    var a = arr.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = Math.floor(rand() * (i + 1));
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  /**
   * The questions of one attempt at the final test, as indices into the course's questions.
   * `data`: the course JSON (`test`, `shuffleQuestions`); `questions`: one entry per question
   * of the course JSON, `{index, id, pool, drawable}` (`drawable`: a test question whose form
   * is on the page); `attempt`: 0 for the first. Fixed questions always; from each pool
   * `draw` of them; in document order unless `shuffleQuestions`.
   */
  function drawTest(data, questions, seed, attempt) {
    var cfg = data.test || {};
    var rand = rng(mix(mix(seed, 0x7e57), attempt));
    var byId = {};
    questions.forEach(function (x) { byId[x.id] = x; });
    var drawable = questions.filter(function (x) { return x.drawable; });
    var pools = cfg.pools || [];
    var inPool = {};
    pools.forEach(function (p) { (p.questions || []).forEach(function (id) { inPool[id] = true; }); });
    var fixed = cfg.questions ? cfg.questions.filter(function (id) { return !inPool[id]; })
      : drawable.filter(function (x) { return !x.pool; }).map(function (x) { return x.id; });
    var chosen = fixed.slice();
    pools.forEach(function (p) {
      var ids = (p.questions || []).filter(function (id) { return byId[id]; });
      var n = p.draw === undefined || p.draw === null ? ids.length : Math.max(0, Math.min(Number(p.draw) || 0, ids.length));
      chosen = chosen.concat(shuffle(ids, rand).slice(0, n));
    });
    var list = chosen.map(function (id) { return byId[id]; }).filter(function (x) { return x && x.drawable; });
    if (!list.length) list = drawable.slice();
    if (data.shuffleQuestions) list = shuffle(list, rand);
    else list.sort(function (a, b) { return a.index - b.index; });
    return list.map(function (x) { return x.index; });
  }

  /**
   * The starting order of an ordering question's items: a seeded shuffle that is never the
   * right order (`order`: the right item ids; `ids`: the items as on the page). Returns
   * positions in `ids`.
   */
  function orderingStart(ids, order, seed) {
    var pos = ids.map(function (_, i) { return i; });
    if (ids.length < 2) return pos;
    var right = (order || ids).join('');
    var mixed = shuffle(pos, rng(seed));
    if (mixed.map(function (i) { return ids[i]; }).join('') === right) mixed.push(mixed.shift());
    return mixed;
  }

  /** Seeds of one question's layout: ordering items outside the test; options and ordering
   * items of a test question in one attempt. */
  function checkSeed(seed, index) { return mix(seed, index + 1); }
  function testSeed(seed, index, attempt) { return mix(mix(seed, index + 1), attempt + 1); }
  function testOrderingSeed(seed, index, attempt) { return mix(testSeed(seed, index, attempt), 0x0d); }

  return {
    mix: mix,
    rng: rng,
    shuffle: shuffle,
    drawTest: drawTest,
    orderingStart: orderingStart,
    checkSeed: checkSeed,
    testSeed: testSeed,
    testOrderingSeed: testOrderingSeed
  };
});
