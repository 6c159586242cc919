'use strict';
// Responses and scoring (themes/default/static/course-responses.js): whether an answer of
// each question kind counts as right, what SCORM interactions record, how typed answers
// are normalised, and the test score.
const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const { runtime } = require('./helpers');

const R = runtime('responses');
const v12 = { scorm12: true, lang: 'et' };
const v04 = { scorm12: false, lang: 'et' };

describe('single choice', () => {
  const q = { kind: 'single', options: ['a', 'b', 'c'], correct: ['b'] };
  test('the right option is right, another is wrong, nothing is unanswered', () => {
    assert.equal(R.evaluate(q, 'single', 'b', v12).correct, true);
    assert.equal(R.evaluate(q, 'single', 'a', v12).correct, false);
    const none = R.evaluate(q, 'single', '', v12);
    assert.equal(none.answered, false);
    assert.equal(none.correct, false);
  });
  test('interactions: type choice, response and pattern in each SCORM syntax', () => {
    const e12 = R.evaluate(q, 'single', 'a', v12);
    assert.deepEqual([e12.type, e12.response, e12.pattern], ['choice', 'a', 'b']);
    const e04 = R.evaluate(q, 'single', 'a', v04);
    assert.deepEqual([e04.type, e04.response, e04.pattern], ['choice', 'a', 'b']);
  });
});

describe('multiple choice', () => {
  const q = { kind: 'multiple', options: ['a', 'b', 'c', 'd'], correct: ['c', 'a'] };
  test('right only with exactly the right options, in any order', () => {
    assert.equal(R.evaluate(q, 'multiple', 'ac', v12).correct, true);
    assert.equal(R.evaluate(q, 'multiple', 'ca', v12).correct, true);
    assert.equal(R.evaluate(q, 'multiple', 'a', v12).correct, false, 'one right option missing');
    assert.equal(R.evaluate(q, 'multiple', 'acd', v12).correct, false, 'one wrong option too many');
    assert.equal(R.evaluate(q, 'multiple', '', v12).correct, false);
  });
  test('the ticked options become one sorted response', () => {
    assert.equal(R.multipleResponse(['d', 'a', 'c']), 'acd');
    assert.equal(R.multipleResponse([]), '');
  });
  test('interactions list the options: comma in 1.2, [,] in 2004', () => {
    const e12 = R.evaluate(q, 'multiple', 'db', v12);
    assert.deepEqual([e12.response, e12.pattern], ['b,d', 'a,c']);
    const e04 = R.evaluate(q, 'multiple', 'db', v04);
    assert.deepEqual([e04.response, e04.pattern], ['b[,]d', 'a[,]c']);
  });
});

describe('true/false', () => {
  const yes = { kind: 'truefalse', options: ['true', 'false'], correct: ['true'] };
  const no = { kind: 'truefalse', options: ['true', 'false'], correct: ['false'] };
  test('the radio values true/false are stored as a/b', () => {
    assert.equal(R.tfValue('true'), 'a');
    assert.equal(R.tfValue('false'), 'b');
    assert.equal(R.tfValue('TRUE'), 'a');
  });
  test('right when the value matches', () => {
    assert.equal(R.evaluate(yes, 'truefalse', 'a', v12).correct, true);
    assert.equal(R.evaluate(yes, 'truefalse', 'b', v12).correct, false);
    assert.equal(R.evaluate(no, 'truefalse', 'b', v12).correct, true);
    assert.equal(R.evaluate(no, 'truefalse', 'a', v12).correct, false);
    assert.equal(R.evaluate(no, 'truefalse', '', v12).correct, false);
  });
  test('interactions: t/f in 1.2, true/false in 2004', () => {
    const e12 = R.evaluate(no, 'truefalse', 'a', v12);
    assert.deepEqual([e12.type, e12.response, e12.pattern], ['true-false', 't', 'f']);
    const e04 = R.evaluate(no, 'truefalse', 'a', v04);
    assert.deepEqual([e04.type, e04.response, e04.pattern], ['true-false', 'true', 'false']);
  });
  test('right options for feedback: a/b for true/false questions', () => {
    assert.equal(R.isRightOption(no, 'truefalse', 'b'), true);
    assert.equal(R.isRightOption(no, 'truefalse', 'a'), false);
    assert.equal(R.isRightOption({ correct: ['b', 'c'] }, 'multiple', 'c'), true);
    assert.equal(R.isRightOption({ correct: ['b', 'c'] }, 'multiple', 'a'), false);
  });
});

describe('fill-in', () => {
  const q = { kind: 'fill', accepted: ['võrgustikutöö', 'Kümme päeva'] };
  test('case and spaces do not matter', () => {
    for (const typed of ['võrgustikutöö', 'VÕRGUSTIKUTÖÖ', '  Võrgustikutöö ', 'kümme   PÄEVA', 'kümme\tpäeva']) {
      assert.equal(R.evaluate(q, 'fill', typed, v12).correct, true, typed);
    }
  });
  test('Estonian letters stay distinct: õ is not o, ü is not u', () => {
    assert.equal(R.evaluate(q, 'fill', 'vorgustikutoo', v12).correct, false);
    assert.equal(R.evaluate(q, 'fill', 'kümme päev', v12).correct, false);
  });
  test('composed and decomposed letters are the same answer (NFC)', () => {
    const decomposed = 'vo\u0303rgustikuto\u0308o\u0308';
    assert.notEqual(decomposed, 'võrgustikutöö');
    assert.equal(R.evaluate(q, 'fill', decomposed, v12).correct, true);
  });
  test('lower case follows the course language (Turkish dotted İ)', () => {
    assert.equal(R.normFill('İSTANBUL', 'tr'), 'istanbul');
    assert.equal(R.normFill('  A  b ', 'et'), 'a b');
  });
  test('the typed text is stored trimmed and cut at fill_max_length', () => {
    assert.equal(R.fillResponse('  kümme  ', 60), 'kümme');
    assert.equal(R.fillResponse('abcdefgh', 5), 'abcde');
  });
  test('pasted control characters and half an emoji are left out; whole emoji, tabs and quotes stay', () => {
    assert.equal(R.fillResponse('küm\u0000me\u001b', 60), 'kümme');
    assert.equal(R.fillResponse('a\tb "c" \\', 60), 'a\tb "c" \\');
    assert.equal(R.fillResponse('ok \ud83d\ude00', 60), 'ok \ud83d\ude00', 'an emoji at the end');
    assert.equal(R.fillResponse('ok\ud83d\ude00', 3), 'ok', 'the limit cuts an emoji in half');
    assert.equal(R.fillResponse('a\udc00b\ud800', 60), 'ab', 'lone halves');
  });
  test('interactions: fill-in; 2004 text has no [,] or [.] and no leading {', () => {
    const e04 = R.evaluate(q, 'fill', '{a[,]b[.]c', v04);
    assert.deepEqual([e04.type, e04.response, e04.pattern], ['fill-in', '(a b c', 'võrgustikutöö']);
    const e12 = R.evaluate(q, 'fill', 'x'.repeat(300), v12);
    assert.equal(e12.response.length, 255, 'SCORM 1.2 keeps 255 characters');
  });
});

describe('matching', () => {
  const q = { kind: 'matching', pairs: [['a', '2'], ['b', '3'], ['c', '1']] };
  test('right only when every term has its match', () => {
    assert.equal(R.evaluate(q, 'matching', '231', v12).correct, true);
    assert.equal(R.evaluate(q, 'matching', '213', v12).correct, false);
    assert.equal(R.evaluate(q, 'matching', '23_', v12).correct, false, 'one term unanswered');
    assert.equal(R.evaluate(q, 'matching', '', v12).correct, false);
  });
  test('the chosen matches become one character per term, _ for none', () => {
    assert.equal(R.matchingResponse(['2', '', '1']), '2_1');
    assert.equal(R.matchingResponse(['', '', '']), '', 'nothing chosen is unanswered');
    assert.equal(R.matchingResponse(['10', '35']), 'az', 'matches above 9 in base 36');
    assert.equal(R.encMatch('36'), '_', 'no single character for 36');
    assert.equal(R.decMatch('a'), '10');
  });
  test('interactions: term.match pairs, only the answered terms', () => {
    const e12 = R.evaluate(q, 'matching', '2_1', v12);
    assert.deepEqual([e12.type, e12.response, e12.pattern], ['matching', 'a.2,c.1', 'a.2,b.3,c.1']);
    const e04 = R.evaluate(q, 'matching', '2_1', v04);
    assert.deepEqual([e04.response, e04.pattern], ['a[.]2[,]c[.]1', 'a[.]2[,]b[.]3[,]c[.]1']);
  });
});

describe('ordering', () => {
  const q = { kind: 'ordering', order: ['a', 'b', 'c', 'd'] };
  test('right only in the right order', () => {
    assert.equal(R.evaluate(q, 'ordering', 'abcd', v12).correct, true);
    assert.equal(R.evaluate(q, 'ordering', 'abdc', v12).correct, false);
    assert.equal(R.orderingResponse(['b', 'a', 'c']), 'bac');
  });
  test('interactions: sequencing, item ids in order', () => {
    const e12 = R.evaluate(q, 'ordering', 'bacd', v12);
    assert.deepEqual([e12.type, e12.response, e12.pattern], ['sequencing', 'b,a,c,d', 'a,b,c,d']);
    const e04 = R.evaluate(q, 'ordering', 'bacd', v04);
    assert.deepEqual([e04.response, e04.pattern], ['b[,]a[,]c[,]d', 'a[,]b[,]c[,]d']);
  });
});

describe('fill-in: what learners type for the same thing', () => {
  const q = { kind: 'fill', accepted: ["Facebook'i", 'e-posti teel', '"Tugiisik"'] };
  test('straight and curly apostrophes, and the modifier letter, are the same', () => {
    for (const typed of ["facebook'i", 'Facebook’i', 'Facebookʼi', 'Facebook‘i', 'Facebook´i']) {
      assert.equal(R.evaluate(q, 'fill', typed, v12).correct, true, typed);
    }
  });
  test('dashes and quotation marks in any form are the same', () => {
    for (const typed of ['e–posti teel', 'e—posti teel', 'e‑posti teel', '“Tugiisik”', '„Tugiisik“', '«Tugiisik»']) {
      assert.equal(R.evaluate(q, 'fill', typed, v12).correct, true, typed);
    }
    assert.equal(R.evaluate(q, 'fill', 'eposti teel', v12).correct, false, 'a missing dash is still wrong');
  });
  test('a no-break space or a line break counts as a space', () => {
    assert.equal(R.evaluate(q, 'fill', 'e-posti\u00a0teel', v12).correct, true);
    assert.equal(R.evaluate(q, 'fill', 'e-posti\n teel', v12).correct, true);
  });
  test('equivalences of the course: ё counts as е only when the course says so', () => {
    const ru = { kind: 'fill', accepted: ['ёлка'] };
    const plain = { scorm12: true, lang: 'ru' };
    assert.equal(R.evaluate(ru, 'fill', 'елка', plain).correct, false);
    const yo = { scorm12: true, lang: 'ru', equivalents: [['ё', 'е']] };
    assert.equal(R.evaluate(ru, 'fill', 'елка', yo).correct, true);
    assert.equal(R.evaluate(ru, 'fill', 'ЁЛКА', yo).correct, true, 'capitals too');
    assert.equal(R.evaluate(ru, 'fill', 'палка', yo).correct, false);
  });
  test('SCORM 2004 text: a comma is escaped, else scorm-again (and the standard) read it as a separator', () => {
    assert.equal(R.text2004('kaks, kolm'), 'kaks\\, kolm');
    assert.equal(R.text2004('  a [,] b [.] c  '), 'a   b   c');
    assert.equal(R.text2004('{lang=et}x'), '(lang=et}x');
    assert.equal(R.text2004('x'.repeat(300)).length, 250);
    const e = R.evaluate({ accepted: ['Tallinn, Tartu'] }, 'fill', 'Tallinn, Tartu', v04);
    assert.equal(e.pattern, 'Tallinn\\, Tartu');
    assert.equal(e.response, 'Tallinn\\, Tartu');
    assert.equal(R.evaluate({ accepted: ['Tallinn, Tartu'] }, 'fill', 'Tallinn, Tartu', v12).pattern, 'Tallinn, Tartu', '1.2 keeps it');
  });
});

describe('test score', () => {
  test('percent of right answers, rounded down to two decimals: never more than the fraction', () => {
    assert.equal(R.score(35, 44), 79.54, '35 of 44 is 79.545…');
    assert.equal(R.score(2, 3), 66.66);
    assert.equal(R.score(1, 3), 33.33);
    assert.equal(R.score(1, 8), 12.5);
    assert.equal(R.score(4, 5), 80);
    assert.equal(R.score(5, 5), 100);
    assert.equal(R.score(0, 0), 0, 'an empty test scores 0');
    for (let total = 1; total <= 60; total++) {
      for (let right = 0; right <= total; right++) {
        const s = R.score(right, total);
        assert.ok(s <= right / total * 100 + 1e-9 && s > right / total * 100 - 0.01, `${right}/${total}: ${s}`);
        assert.ok(Math.abs(s * 100 - Math.round(s * 100)) < 1e-6, `${right}/${total}: ${s} has two decimals at most`);
      }
    }
  });
  test('pass or fail is decided on the exact fraction: 35 of 44 does not pass 80 %', () => {
    assert.equal(R.passes(35, 44, 80), false);
    assert.equal(R.passes(36, 45, 80), true, 'exactly 80 %');
    assert.equal(R.passes(2, 3, 66.67), false);
    assert.equal(R.passes(2, 3, 66.66), true);
    assert.equal(R.passes(0, 0, 0), false, 'an empty test passes nothing');
    // The reported score agrees with the decision: a pass reports at least the pass mark.
    for (let total = 1; total <= 60; total++) {
      for (let right = 0; right <= total; right++) {
        for (const mark of [50, 70, 75, 80, 85, 90, 100]) {
          assert.equal(R.score(right, total) >= mark, R.passes(right, total, mark), `${right}/${total} at ${mark}`);
        }
      }
    }
  });
});

describe('answers that fit their question (resume data of another course version)', () => {
  test('each kind', () => {
    const single = { options: ['a', 'b', 'c'] };
    assert.equal(R.validResponse(single, 'single', 'b'), true);
    assert.equal(R.validResponse(single, 'single', 'd'), false);
    assert.equal(R.validResponse(single, 'multiple', 'ac'), true);
    assert.equal(R.validResponse(single, 'multiple', 'aa'), false);
    assert.equal(R.validResponse(single, 'multiple', 'ad'), false);
    assert.equal(R.validResponse({}, 'truefalse', 'a'), true);
    assert.equal(R.validResponse({}, 'truefalse', 'true'), false);
    assert.equal(R.validResponse({}, 'fill', 'mis tahes'), true);
    const m = { pairs: [['a', '1'], ['b', '2'], ['c', '3']] };
    assert.equal(R.validResponse(m, 'matching', '3_1'), true);
    assert.equal(R.validResponse(m, 'matching', '4_1'), false);
    assert.equal(R.validResponse(m, 'matching', '1234'), false);
    const o = { order: ['a', 'b', 'c'] };
    assert.equal(R.validResponse(o, 'ordering', 'cab'), true);
    assert.equal(R.validResponse(o, 'ordering', 'cabd'), false);
    assert.equal(R.validResponse(o, 'ordering', 'caa'), false);
    assert.equal(R.validResponse(o, 'ordering', ''), false);
  });
});
