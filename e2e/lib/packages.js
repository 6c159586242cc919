'use strict';
// Finds the SCORM packages to test and unzips them into a temporary directory.
//
//   RAAMAT_PACKAGES unset      <repo>/public/courses/<id>/<id>-<lang>-scorm{12,2004}.zip (from `cargo run -- build`)
//                              plus the hand-written fixture course (all six question kinds)
//   RAAMAT_PACKAGES=<dir>      the zips under <dir> (same layout), plus the fixture
//   RAAMAT_PACKAGES=fixture    the fixture only (for working on course.js without a Rust build)
//   RAAMAT_FIXTURE=0           leave the fixture out
//   RAAMAT_E2E_FULL=1          every scenario for every language (default: all for a course's
//                              first language, the language-dependent ones for the others)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const AdmZip = require('adm-zip');

const E2E = path.resolve(__dirname, '..');
const REPO = path.resolve(E2E, '..');
const FIXTURE = path.join(E2E, 'fixtures', 'e2e-kursus');
const THEME = path.join(REPO, 'themes', 'default', 'static');
const ZIP_RE = /^(.+)-([a-z]{2,3}(?:-[A-Za-z0-9]+)?)-scorm(12|2004)\.zip$/;

function findZips(root) {
  const out = [];
  if (!fs.existsSync(root)) return out;
  for (const id of fs.readdirSync(root).sort()) {
    const dir = path.join(root, id);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const m = f.match(ZIP_RE);
      if (m) out.push({ id: m[1], lang: m[2], version: m[3], zip: path.join(dir, f), fixture: false });
    }
  }
  return out;
}

/** Builds the fixture's two packages as zips, the way the Rust packager lays them out. */
function buildFixtureZips(tmp) {
  const out = [];
  const html = fs.readFileSync(path.join(FIXTURE, 'index.html'), 'utf8');
  for (const version of ['12', '2004']) {
    const zip = new AdmZip();
    const mode = version === '12' ? 'scorm12' : 'scorm2004';
    zip.addFile('index.html', Buffer.from(html.replace(/data-mode="[^"]*"/, `data-mode="${mode}"`)));
    zip.addFile('imsmanifest.xml', fs.readFileSync(path.join(FIXTURE, `imsmanifest-${version}.xml`)));
    // The runtime files the fixture page links (scripts and style sheet), from the theme.
    for (const m of html.matchAll(/(?:src|href)="theme\/([^"]+)"/g)) {
      zip.addFile(`theme/${m[1]}`, fs.readFileSync(path.join(THEME, m[1])));
    }
    const dir = path.join(tmp, 'fixture', 'e2e-kursus');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `e2e-kursus-et-scorm${version}.zip`);
    zip.writeZip(file);
    out.push({ id: 'e2e-kursus', lang: 'et', version, zip: file, fixture: true });
  }
  return out;
}

let cached = null;

/**
 * The packages under test, unzipped: [{ name, id, lang, version: '12'|'2004', zip, dir, fixture, primary }].
 * Throws when real packages are expected but none were built.
 */
function getPackages() {
  if (cached) return cached;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raamat-e2e-'));
  process.on('exit', () => { try { fs.rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* best effort */ } });
  const env = process.env.RAAMAT_PACKAGES || '';
  let list = [];
  if (env !== 'fixture') {
    const root = env ? path.resolve(env) : path.join(REPO, 'public', 'courses');
    list = findZips(root);
    if (!list.length) {
      throw new Error(`no SCORM packages (<id>/<id>-<lang>-scorm12.zip / -scorm2004.zip) under ${root}: ` +
        'run `cargo run -- build` in the repository first, or set RAAMAT_PACKAGES=fixture to test the runtime on the fixture only');
    }
  }
  if (env === 'fixture' || process.env.RAAMAT_FIXTURE !== '0') list = list.concat(buildFixtureZips(tmp));
  // The first language of each course and version gets every scenario; the others get the
  // ones whose outcome depends on the language's content (RAAMAT_E2E_FULL=1: all for all).
  const seen = new Set();
  cached = list.map((p) => {
    const name = `${p.fixture ? 'fixture-' : ''}${p.id}-${p.lang}-scorm${p.version}`;
    const key = `${p.fixture}:${p.id}:${p.version}`;
    // A package of every language (`-all-`) gets the language-independent scenarios through
    // its own test (tests/package-languages.test.js), not as the course's first language.
    const all = p.lang === 'all';
    p.primary = process.env.RAAMAT_E2E_FULL === '1' || (!all && !seen.has(key));
    if (!all) seen.add(key);
    const dir = path.join(tmp, 'unzipped', name);
    new AdmZip(p.zip).extractAllTo(dir, true);
    return Object.assign({ name, dir }, p);
  });
  return cached;
}

/** The course JSON embedded in a package's index.html. */
function courseData(pkg) {
  const html = fs.readFileSync(path.join(pkg.dir, 'index.html'), 'utf8');
  const m = html.match(/<script[^>]*id="raamat-course-data"[^>]*>([\s\S]*?)<\/script>/);
  if (!m) throw new Error(`${pkg.name}: index.html has no #raamat-course-data`);
  return JSON.parse(m[1]);
}

/** The mastery score the manifest gives the LMS (SCORM 1.2 adlcp:masteryscore), or null. */
function masteryScore(pkg) {
  const xml = fs.readFileSync(path.join(pkg.dir, 'imsmanifest.xml'), 'utf8');
  const m = xml.match(/<adlcp:masteryscore>\s*([\d.]+)\s*<\/adlcp:masteryscore>/);
  return m ? Number(m[1]) : null;
}

/** SCORM 2004: the primary objective's minNormalizedMeasure when satisfiedByMeasure is set, or null. */
function scaledPassingScore(pkg) {
  const xml = fs.readFileSync(path.join(pkg.dir, 'imsmanifest.xml'), 'utf8');
  const obj = xml.match(/<imsss:primaryObjective\b[^>]*satisfiedByMeasure="true"[^>]*>([\s\S]*?)<\/imsss:primaryObjective>/);
  if (!obj) return null;
  const m = obj[1].match(/<imsss:minNormalizedMeasure>\s*([-\d.]+)\s*<\/imsss:minNormalizedMeasure>/);
  return m ? Number(m[1]) : null;
}

module.exports = { getPackages, courseData, masteryScore, scaledPassingScore, REPO, E2E };
