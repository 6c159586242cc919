'use strict';
// One window writes (themes/default/static/course-lease.js): a second window of the same
// attempt is read-only, so two copies cannot overwrite each other's answers.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { runtime } = require('./helpers');

const { Lease, RENEW, STALE } = runtime('lease');

function memory() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k) };
}

describe('lease', () => {
  test('the first window writes, a second one opened meanwhile does not', () => {
    const store = memory();
    let now = 1000;
    const a = new Lease(store, 'k', 'a', () => now);
    const b = new Lease(store, 'k', 'b', () => now);
    assert.equal(a.claim(), true);
    now += RENEW;
    assert.equal(b.claim(), false);
    assert.equal(a.renew(), true, 'the first keeps writing');
  });
  test('after the first window closes, the next one writes', () => {
    const store = memory();
    const a = new Lease(store, 'k', 'a', () => 0);
    a.claim();
    a.release();
    assert.equal(new Lease(store, 'k', 'b', () => 1).claim(), true);
  });
  test('a window that stopped renewing (closed without pagehide, slept in the background) lets go', () => {
    const store = memory();
    let now = 0;
    const a = new Lease(store, 'k', 'a', () => now);
    a.claim();
    now += STALE;
    const b = new Lease(store, 'k', 'b', () => now);
    assert.equal(b.claim(), true);
    assert.equal(a.renew(), false, 'the sleeper wakes up read-only');
  });
  test('another attempt (another key) is not affected; releasing a lease held by another does nothing', () => {
    const store = memory();
    const a = new Lease(store, 'course:et', 'a', () => 0);
    const b = new Lease(store, 'course:ru', 'b', () => 0);
    assert.equal(a.claim(), true);
    assert.equal(b.claim(), true);
    const c = new Lease(store, 'course:et', 'c', () => 0);
    c.release();
    assert.equal(c.claim(), false);
  });
  test('without storage (blocked) every window writes, as before', () => {
    assert.equal(new Lease(null, 'k', 'a').claim(), true);
    assert.equal(new Lease(null, 'k', 'b').claim(), true);
  });
  test('garbage in storage does not block', () => {
    const store = memory();
    store.setItem('k', '{not json');
    assert.equal(new Lease(store, 'k', 'a', () => 0).claim(), true);
  });
});
