'use strict';
// The query side of search (themes/default/static/search.js) over a hand-made index in the
// format src/render/search/ writes (docs/search.md).
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { RUNTIME } = require('./helpers');

const S = require(path.join(RUNTIME, 'search.js'));

/** An index of three documents; `load` records which files a query needed. */
function fixture() {
  const reg = S.registry();
  const files = {
    'index.js': () => reg.meta('et', { documents: 3, perFile: 2, chunks: { vo: 'c-vo.js', võ: 'c-vo2.js', ju: 'c-ju.js', ma: 'c-ma.js', ri: 'c-ri.js' } }),
    'c-võ.js': null,
    'c-vo2.js': () => reg.chunk('et', 'võ', {
      f: {}, e: [['võrgustikutöö', '', 's', 'd']],
      g: {}, p: { 'võrgustikutöö': [1, 500, 0, 100] },
    }),
    'c-vo.js': () => reg.chunk('et', 'vo', { f: {}, g: { vorgustikutoo: ['võrgustikutöö'], vorgustikutoos: ['võrgustikutöö'] }, p: {} }),
    'c-ju.js': () => reg.chunk('et', 'ju', {
      // Forms come as runs of endings after their stem (`e`) or whole (`f`).
      f: { juhtumikorraldajale: 'juhtumikorralda' }, e: [['juhtumikorralda', 'ja'], ['juhtumiplaan', '']],
      g: {}, p: { juhtumikorralda: [0, 400, 2, 300], juhtumiplaan: [2, 50] },
    }),
    'c-ma.js': () => reg.chunk('et', 'ma', { f: { marac: 'marac' }, g: {}, p: { marac: [2, 700] } }),
    'c-ri.js': () => reg.chunk('et', 'ri', { f: { risk: 'risk' }, g: {}, p: { risk: [1, 10] } }),
    'd-0.js': () => reg.docs('et', 0, [
      { url: '/et/roll/', title: 'Roll', heading: '', path: 'Käsiraamat', text: 'Juhtumikorraldaja hoiab plaani koos.' },
      { url: '/et/vorgustik/', title: 'Võrgustikutöö', heading: '', path: 'Käsiraamat', text: 'Võrgustikutöös osalevad kõik. Risk on väike.' },
    ]),
    'd-1.js': () => reg.docs('et', 1, [
      { url: '/et/vorgustik/#riskikonverents', title: 'Võrgustikutöö', heading: 'Riskikonverents', path: 'Käsiraamat', text: 'MARAC-i koosolekul on juhtumikorraldaja ja politsei.' },
    ]),
  };
  const loaded = [];
  const index = new S.Index('et', reg, (f) => { loaded.push(f); if (files[f]) files[f](); });
  return { index, loaded };
}

describe('query', () => {
  test('an inflected form finds its stem\'s documents, best first', async () => {
    const { index, loaded } = fixture();
    const r = await index.search('juhtumikorraldajale');
    assert.deepEqual(r.map((x) => x.url), ['/et/roll/', '/et/vorgustik/#riskikonverents']);
    assert.ok(!loaded.includes('c-vo2.js') && !loaded.includes('c-ma.js'), `only the chunks it needs: ${loaded}`);
    assert.ok(!loaded.includes('d-1.js') || r.length > 1);
  });
  test('a form written as an ending after its stem counts as that form, not as a guess', async () => {
    const { index } = fixture();
    const r = await index.search('juhtumikorraldaja');
    assert.deepEqual(r.map((x) => [x.url, x.score]), [['/et/roll/', 400], ['/et/vorgustik/#riskikonverents', 300]]);
  });
  test('without diacritics it still finds the word, through the folded forms', async () => {
    const { index } = fixture();
    const r = await index.search('vorgustikutoos');
    assert.equal(r[0].url, '/et/vorgustik/');
  });
  test('while typing the last word is a prefix; a word\'s beginning finds its compounds', async () => {
    const { index } = fixture();
    assert.equal((await index.search('võrgustikut', { typing: true }))[0].url, '/et/vorgustik/');
    assert.equal((await index.search('võrgustik'))[0].url, '/et/vorgustik/', 'võrgustik finds võrgustikutöö');
  });
  test('an ending the index has not seen: a shorter form of the word', async () => {
    const { index } = fixture();
    assert.equal((await index.search('juhtumikorraldajatele'))[0].url, '/et/roll/');
  });
  test('a form the index has not seen finds the stem it begins with (a copy lists only its own forms)', async () => {
    const { index } = fixture();
    // Not a form seen, and no seen form shares more than its stem: found by the stem.
    assert.deepEqual((await index.search('juhtumiplaanidega')).map((x) => x.url), ['/et/vorgustik/#riskikonverents']);
    // While typing, the last word is a beginning, not a form whose ending is cut.
    assert.deepEqual((await index.search('juhtumiplaanidega', { typing: true })).map((x) => x.url), []);
  });
  test('an acronym with a case ending is the acronym', async () => {
    const { index } = fixture();
    for (const q of ['MARAC-ide', "MARAC'ile", 'MARAC´ile', 'marac']) {
      assert.equal((await index.search(q))[0].url, '/et/vorgustik/#riskikonverents', q);
    }
  });
  test('several words: documents with all of them first, the others still found', async () => {
    const { index } = fixture();
    const r = await index.search('juhtumikorraldaja MARAC');
    assert.deepEqual(r.map((x) => x.url), ['/et/vorgustik/#riskikonverents', '/et/roll/']);
    assert.deepEqual((await index.search('xyzzy')).map((x) => x.url), []);
  });
});

describe('documents', () => {
  test('a section after another of its page gives its anchor alone and is found whole', async () => {
    const reg = S.registry();
    const files = {
      'index.js': () => reg.meta('ru', { documents: 3, perFile: 4, chunks: { ри: 'c-ri.js' } }),
      'c-ri.js': () => reg.chunk('ru', 'ри', { f: { риск: 'риск' }, g: {}, p: { риск: [2, 900, 0, 100] } }),
      'd-0.js': () => reg.docs('ru', 0, [
        { url: '/ru/rol/', title: 'Роль', heading: '', path: 'Руководство', text: 'Риск есть всегда.' },
        { a: 'plan', heading: 'План', text: 'План случая.' },
        { a: 'risk', heading: 'Оценка риска', text: 'Риск оценивают вместе.' },
      ]),
    };
    const index = new S.Index('ru', reg, (f) => { if (files[f]) files[f](); });
    const r = await index.search('риск');
    assert.deepEqual(
      r.map((x) => [x.url, x.title, x.heading, x.path]),
      [['/ru/rol/#risk', 'Роль', 'Оценка риска', 'Руководство'], ['/ru/rol/', 'Роль', '', 'Руководство']],
    );
  });
});

describe('words and excerpts', () => {
  test('words as the index makes them: lower case, ё as е, apostrophes and hyphens split', () => {
    assert.deepEqual(S.words("Ёлка KOV'ile võrgustiku-töö"), ['елка', 'kov', 'ile', 'võrgustiku', 'töö']);
    assert.equal(S.fold('võrgustikutöö'), 'vorgustikutoo');
  });
  test('the excerpt marks the hits and escapes the text', async () => {
    const { index } = fixture();
    const [r] = await index.search('võrgustikutöös');
    const html = S.excerpt('Üks <b> & ' + r.text, r.terms);
    assert.ok(html.includes('<mark>Võrgustikutöös</mark>'), html);
    assert.ok(html.includes('&lt;b&gt; &amp;'), html);
  });
});
