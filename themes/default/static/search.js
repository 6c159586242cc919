/* raamat search: the query side of the index that `raamat build` writes to
 * search/<lang>/ (src/render/search/, docs/search.md). The index is plain script files
 * loaded with <script>, so search works from a copy opened from disk; a query loads only
 * the chunks of its words and the documents it shows. `normalize`, `words` and `fold`
 * must match src/render/search/words.rs. Nothing runs at load in node (tests/js/). */
(function (root, factory) {
  var api = factory();
  if (root) {
    root.raamatSearch = root.raamatSearch || api.registry();
    root.RaamatSearch = api;
    if (root.document) api.startPage(root.document);
  } else {
    module.exports = api;
  }
})(typeof window === 'object' ? window : null, function () {
  'use strict';

  var WORD = /[\p{L}\p{N}]+/gu;

  function normalize(w) {
    var s = String(w);
    try { s = s.normalize('NFC'); } catch (e) { /* old engine */ }
    return s.toLowerCase().replace(/ё/g, 'е');
  }
  function words(text) {
    return (String(text).match(WORD) || []).map(normalize);
  }
  function fold(w) {
    try { return w.normalize('NFD').replace(/\p{M}/gu, ''); } catch (e) { return w; }
  }

  /** Where the index files announce themselves: meta, chunks and documents by language. */
  function registry() {
    var r = { metas: {}, chunks: {}, docLists: {} };
    r.meta = function (lang, m) { r.metas[lang] = m; };
    r.chunk = function (lang, prefix, c) {
      // `e`: runs [stem, ending, …] of forms that begin with their stem, in order.
      (c.e || []).forEach(function (run) {
        for (var i = 1; i < run.length; i++) c.f[run[0] + run[i]] = run[0];
      });
      (r.chunks[lang] = r.chunks[lang] || {})[prefix] = c;
    };
    r.docs = function (lang, n, list) {
      // A document of the same page as the one before it gives only its anchor (`a`).
      list.forEach(function (d, i) {
        var before = list[i - 1];
        if (d.a === undefined || !before) return;
        d.url = before.url.split('#')[0] + '#' + d.a;
        d.title = before.title;
        d.path = before.path;
      });
      (r.docLists[lang] = r.docLists[lang] || {})[n] = list;
    };
    return r;
  }

  /**
   * The index of one language. `load(file)` returns a promise that is settled once the
   * file (e.g. `c-6b6f.js`) has run (in the page: a <script>); `reg` is the registry the
   * files call.
   */
  function Index(lang, reg, load) {
    this.lang = lang;
    this.reg = reg;
    this.load = load;
    this.loaded = {};
  }
  Index.prototype.file = function (name) {
    if (!this.loaded[name]) this.loaded[name] = Promise.resolve(this.load(name)).catch(function () { /* missing file */ });
    return this.loaded[name];
  };
  Index.prototype.ready = function () {
    var self = this;
    return this.file('index.js').then(function () {
      self.meta = self.reg.metas[self.lang] || { documents: 0, perFile: 50, chunks: {} };
    });
  };
  /** Chunk prefixes that can hold `key` (and, with `prefix`, every key starting with it). */
  Index.prototype.prefixesFor = function (key, prefix) {
    var out = [], best = '';
    Object.keys(this.meta.chunks).forEach(function (p) {
      if (key.indexOf(p) === 0 && p.length > best.length) best = p;
      else if (prefix && p.indexOf(key) === 0) out.push(p);
    });
    if (best) out.push(best);
    return out;
  };
  Index.prototype.loadKeys = function (keys, prefix) {
    var self = this, files = {};
    keys.forEach(function (k) {
      self.prefixesFor(k, prefix).forEach(function (p) { files[self.meta.chunks[p]] = p; });
    });
    return Promise.all(Object.keys(files).map(function (f) { return self.file(f); })).then(function () {
      var chunks = self.reg.chunks[self.lang] || {};
      return Object.keys(files).map(function (f) { return chunks[files[f]]; }).filter(Boolean);
    });
  };

  /** Calls fn(form, stem) for every word form in `chunks` that begins with `prefix`. */
  function formsStarting(chunks, prefix, fn) {
    chunks.forEach(function (c) {
      Object.keys(c.f).forEach(function (form) { if (form.indexOf(prefix) === 0) fn(form, c.f[form]); });
    });
  }

  /** Stems a query word can mean, with a weight: the form itself (1), a form it begins
   * (typing, compounds: 0.6), the form without diacritics and forms that differ only in
   * the last letters of a long word (0.5), a shorter form of it (an ending the index has
   * not seen: 0.4). */
  function stemsOf(w, chunks, isPrefix) {
    var found = {};
    var add = function (s, weight) { if (!(found[s] >= weight)) found[s] = weight; };
    chunks.forEach(function (c) {
      if (c.f[w]) add(c.f[w], 1);
      if (c.p[w]) add(w, 1);
      (c.g[w] || []).forEach(function (s) { add(s, 0.5); });
    });
    // A form the index has not seen: the longest stem it begins with, as the
    // stemmer cuts endings (a handbook's copy lists only the forms its pages have).
    for (var cut = w.length - 1; !isPrefix && cut >= Math.max(3, w.length - 6) && !Object.keys(found).length; cut--) {
      chunks.forEach(function (c) { if (c.p[w.slice(0, cut)]) add(w.slice(0, cut), 0.9); });
    }
    if (w.length >= 3 && (isPrefix || !Object.keys(found).length)) {
      var n = 0;
      chunks.forEach(function (c) {
        Object.keys(c.f).forEach(function (form) {
          if (n < 40 && form !== w && form.indexOf(w) === 0) { add(c.f[form], 0.6); n++; }
        });
        Object.keys(c.g).forEach(function (form) {
          if (n < 40 && form.indexOf(w) === 0) { c.g[form].forEach(function (s) { add(s, 0.45); }); n++; }
        });
      });
    }
    // Siblings: forms sharing all but the last letters of a long word, for endings the
    // stemmer cuts differently (Russian защите → защ, but защита → защит).
    if (w.length >= 6) {
      formsStarting(chunks, w.slice(0, Math.max(5, w.length - 3)), function (form, s) { if (form !== w) add(s, 0.5); });
    }
    if (!Object.keys(found).length) {
      for (var cut = w.length - 1; cut >= Math.max(4, w.length - 4) && !Object.keys(found).length; cut--) {
        formsStarting(chunks, w.slice(0, cut), function (form, s) { add(s, 0.4); });
      }
    }
    return found;
  }

  /**
   * Results for `query`: [{url, title, heading, path, text, score, terms}] best first, at
   * most `limit`. The last word counts as a prefix while the reader is typing (`typing`).
   */
  Index.prototype.search = function (query, opts) {
    opts = opts || {};
    var self = this, limit = opts.limit || 20;
    // An acronym with a case ending (MARAC-ide, KOV'ile, SMIT´ile) is the acronym.
    var plain = String(query).replace(/(\p{Lu}{2,})[-'’´ʼ](\p{Ll}{1,5})(?![\p{L}\p{N}])/gu, '$1');
    var ws = words(plain).filter(function (w, i, all) { return all.indexOf(w) === i; });
    if (!ws.length) return Promise.resolve([]);
    return this.ready().then(function () {
      // Longer words also load the chunks of words they begin (prefixes, compounds);
      // a one- or two-letter word would load a good part of the index that way.
      var long = [], short = [];
      ws.forEach(function (w) { [w, fold(w)].forEach(function (k) { (k.length >= 3 ? long : short).push(k); }); });
      return Promise.all([self.loadKeys(long, true), self.loadKeys(short, false)]);
    }).then(function (loaded) {
      var chunks = loaded[0].concat(loaded[1].filter(function (c) { return loaded[0].indexOf(c) < 0; }));
      var perWord = ws.map(function (w, i) {
        var isPrefix = opts.typing && i === ws.length - 1;
        var st = stemsOf(w, chunks, isPrefix);
        if (fold(w) !== w) {
          var more = stemsOf(fold(w), chunks, isPrefix);
          Object.keys(more).forEach(function (s) { if (!(st[s] >= more[s] * 0.9)) st[s] = more[s] * 0.9; });
        }
        return st;
      });
      var allStems = [];
      perWord.forEach(function (st) { Object.keys(st).forEach(function (s) { allStems.push(s); }); });
      return self.loadKeys(allStems, false).then(function (stemChunks) {
        var postings = function (s) {
          for (var i = 0; i < stemChunks.length; i++) if (stemChunks[i].p[s]) return stemChunks[i].p[s];
          for (var j = 0; j < chunks.length; j++) if (chunks[j].p[s]) return chunks[j].p[s];
          return [];
        };
        var scores = {}, hits = {};
        perWord.forEach(function (st, wi) {
          var best = {};
          Object.keys(st).forEach(function (s) {
            var p = postings(s);
            for (var k = 0; k < p.length; k += 2) {
              var v = p[k + 1] * st[s];
              if (!(best[p[k]] >= v)) best[p[k]] = v;
            }
          });
          Object.keys(best).forEach(function (d) {
            scores[d] = (scores[d] || 0) + best[d];
            (hits[d] = hits[d] || {})[wi] = true;
          });
        });
        var docs = Object.keys(scores);
        // A document with more of the words counts more, but one that misses a word the
        // stemmer grouped differently (списка ≠ список) still counts.
        docs.forEach(function (d) { scores[d] *= 0.5 + 0.5 * Object.keys(hits[d]).length / ws.length; });
        docs.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
        docs = docs.slice(0, limit).map(Number);
        var files = {};
        docs.forEach(function (d) { files['d-' + Math.floor(d / self.meta.perFile) + '.js'] = true; });
        return Promise.all(Object.keys(files).map(function (f) { return self.file(f); })).then(function () {
          var lists = self.reg.docLists[self.lang] || {};
          var terms = { stems: {}, words: ws };
          perWord.forEach(function (st) { Object.keys(st).forEach(function (s) { terms.stems[s] = true; }); });
          var forms = {};
          chunks.concat(stemChunks).forEach(function (c) { Object.keys(c.f).forEach(function (f) { forms[f] = c.f[f]; }); });
          terms.forms = forms;
          return docs.map(function (d) {
            var list = lists[Math.floor(d / self.meta.perFile)] || [];
            var doc = list[d % self.meta.perFile] || {};
            return { url: doc.url, title: doc.title, heading: doc.heading, path: doc.path, text: doc.text || '', score: scores[d], terms: terms };
          }).filter(function (r) { return r.url; });
        });
      });
    });
  };

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }

  /** About `size` words of `text` around its first hit, as HTML with the hits in <mark>. */
  function excerpt(text, terms, size) {
    size = size || 30;
    var tokens = [], m, re = new RegExp(WORD.source, 'gu');
    while ((m = re.exec(text))) tokens.push({ at: m.index, end: m.index + m[0].length, w: normalize(m[0]) });
    var isHit = function (t) {
      var f = fold(t.w);
      return !!(terms.stems[terms.forms[t.w]] || terms.stems[t.w]) || terms.words.some(function (q) {
        return q.length >= 3 && (t.w.indexOf(q) === 0 || f.indexOf(fold(q)) === 0);
      });
    };
    var first = 0;
    for (var i = 0; i < tokens.length; i++) if (isHit(tokens[i])) { first = i; break; }
    var from = Math.max(0, first - Math.floor(size / 3)), to = Math.min(tokens.length, from + size);
    if (!tokens.length) return '';
    var start = tokens[from].at, end = tokens[to - 1].end, out = '', pos = start;
    for (var k = from; k < to; k++) {
      out += esc(text.slice(pos, tokens[k].at));
      var word = text.slice(tokens[k].at, tokens[k].end);
      out += isHit(tokens[k]) ? '<mark>' + esc(word) + '</mark>' : esc(word);
      pos = tokens[k].end;
    }
    return (from > 0 ? '… ' : '') + out + esc(text.slice(pos, end)) + (to < tokens.length ? ' …' : '');
  }

  /* ---------- the search page ---------- */

  function startPage(doc) {
    var go = function () {
      var box = doc.getElementById('search-page');
      if (!box) return;
      var lang = box.getAttribute('data-lang');
      var base = box.getAttribute('data-index');
      var S = JSON.parse((doc.getElementById('search-strings') || { textContent: '{}' }).textContent);
      var reg = window.raamatSearch;
      // A browser may keep the index's files for a while: index.js is asked for
      // anew each time, and names the version of the others (`v`), so that
      // files of two builds are never mixed.
      var fresh = String(Date.now());
      var index = new Index(lang, reg, function (file) {
        var v = file === 'index.js' ? fresh : index.meta && index.meta.v;
        return new Promise(function (resolve) {
          var s = doc.createElement('script');
          s.src = base + file + (v ? '?v=' + v : '');
          s.onload = resolve;
          s.onerror = resolve;
          doc.head.appendChild(s);
        });
      });
      // In an offline copy (a handbook's zip), results in the handbook open its files
      // and the others the public site.
      var offline = box.getAttribute('data-offline-root');
      var local = function (r) { return offline !== null && href(r.url).indexOf('://') < 0; };
      var href = function (url) {
        if (offline === null) return url;
        var basePath = box.getAttribute('data-base-path') || '/';
        var path = url.indexOf(basePath) === 0 ? url.slice(basePath.length) : url;
        var cut = path.search(/[#?]/);
        var p = cut < 0 ? path : path.slice(0, cut), suffix = cut < 0 ? '' : path.slice(cut);
        if (p.indexOf(box.getAttribute('data-offline-book')) !== 0) return box.getAttribute('data-online') + path;
        return offline + p + (p === '' || p.slice(-1) === '/' ? 'index.html' : '') + suffix;
      };
      var input = doc.getElementById('search-q');
      var list = doc.getElementById('search-results');
      var status = doc.getElementById('search-status');
      box.hidden = false;
      var fallback = doc.getElementById('search-fallback');
      if (fallback) fallback.hidden = true;
      var plural = function (n) {
        var cat = 'other';
        try { cat = new Intl.PluralRules(lang).select(n); } catch (e) { /* old engine */ }
        return String(S[cat] || S.other || '{n}').replace('{n}', n);
      };
      var seq = 0, timer = null;
      var run = function (typing) {
        var q = input.value, mine = ++seq;
        if (!words(q).length) { list.textContent = ''; status.textContent = ''; return; }
        index.search(q, { typing: typing }).then(function (results) {
          if (mine !== seq) return;
          list.textContent = '';
          // While typing, one or two letters are not yet a word to look for: say nothing
          // rather than announce "nothing found" to a screen reader on every key.
          var ws = words(q);
          if (typing && !results.length && ws[ws.length - 1].length < 3) { status.textContent = ''; return; }
          // The copy's own pages first.
          if (offline !== null) results = results.filter(local).concat(results.filter(function (r) { return !local(r); }));
          results.forEach(function (r) {
            var li = doc.createElement('li');
            var title = r.title + (r.heading ? ' › ' + r.heading : '');
            li.innerHTML = '<a href="' + esc(href(r.url)) + '">' + esc(title) + '</a>' +
              (r.path ? '<p class="search-path">' + esc(r.path) + '</p>' : '') +
              '<p class="search-excerpt">' + excerpt(r.text, r.terms) + '</p>';
            list.appendChild(li);
          });
          status.textContent = results.length ? plural(results.length) : (S.none || '');
        });
      };
      input.addEventListener('input', function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(true); }, 120);
      });
      var form = doc.getElementById('search-form');
      if (form) form.addEventListener('submit', function (e) { e.preventDefault(); run(false); });
      var q = '';
      try { q = new URLSearchParams(window.location.search).get('q') || ''; } catch (e) { /* old engine */ }
      if (q) { input.value = q; run(false); }
    };
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', go); else go();
  }

  return { normalize: normalize, words: words, fold: fold, registry: registry, Index: Index, excerpt: excerpt, startPage: startPage };
});
