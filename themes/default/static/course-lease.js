/* raamat course runtime: one window writes. A learner who opens the same course attempt in a
 * second tab or window would have two copies overwrite each other's answers and interactions;
 * a lease in localStorage, renewed while the window is open, lets the first one write and
 * makes the others read-only. Pure apart from the Storage it is given.
 * One of the runtime's files (the list and their order: course.js). */
(function (root, factory) {
  if (root) (root.RaamatCourse = root.RaamatCourse || {}).lease = factory();
  else module.exports = factory();
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  /** How often the holder renews the lease, and when an unrenewed lease counts as let go
   * (a window closed without pagehide, or a background tab whose timers the browser slowed). */
  var RENEW = 2000, STALE = 8000;

  /**
   * The lease `key` in `storage` (a Storage, or null: no lease, every window writes) for a
   * window called `id`; `now()` gives the time in ms.
   */
  function Lease(storage, key, id, now) {
    this.storage = storage;
    this.key = key;
    this.id = id;
    this.now = now || function () { return Date.now(); };
  }
  Lease.prototype.read = function () {
    if (!this.storage) return null;
    try {
      var o = JSON.parse(this.storage.getItem(this.key) || 'null');
      return o && typeof o.id === 'string' && isFinite(o.t) ? o : null;
    } catch (e) { return null; }
  };
  Lease.prototype.write = function () {
    if (!this.storage) return;
    try { this.storage.setItem(this.key, JSON.stringify({ id: this.id, t: this.now() })); } catch (e) { /* full or blocked */ }
  };
  /** Whether another window holds the lease now. */
  Lease.prototype.takenByOther = function () {
    var o = this.read();
    return !!o && o.id !== this.id && this.now() - o.t < STALE;
  };
  /** Takes the lease unless another window holds it; true when this window may write. */
  Lease.prototype.claim = function () {
    if (this.takenByOther()) return false;
    this.write();
    return true;
  };
  /** Keeps the lease; false when another window has taken it meanwhile. */
  Lease.prototype.renew = function () {
    if (this.takenByOther()) return false;
    this.write();
    return true;
  };
  Lease.prototype.release = function () {
    var o = this.read();
    if (o && o.id === this.id) {
      try { this.storage.removeItem(this.key); } catch (e) { /* blocked */ }
    }
  };

  return { RENEW: RENEW, STALE: STALE, Lease: Lease };
});
