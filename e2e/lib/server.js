'use strict';
// A tiny static HTTP server on 127.0.0.1 (random port) that plays the LMS:
//   /pkg/<name>/...          files of an unzipped package (index.html may get its course JSON patched)
//   /lms/host.html?...        a host page with scorm-again as window.API / window.API_1484_11,
//                             logging every API call into window.__log, the SCO in an iframe
//   /lms/vendor/<file>        scorm-again's browser builds and axe-core, from node_modules
//   anything else             the built website (`siteRoot`, e.g. public/), if given
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const E2E = path.resolve(__dirname, '..');
const VENDOR = {
  'scorm12.js': path.join(E2E, 'node_modules/scorm-again/dist/scorm12.js'),
  'scorm2004.js': path.join(E2E, 'node_modules/scorm-again/dist/scorm2004.js'),
  'axe.min.js': path.join(E2E, 'node_modules/axe-core/axe.min.js'),
};
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.xsd': 'application/xml', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.webm': 'video/webm', '.vtt': 'text/vtt', '.pdf': 'application/pdf',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

/** Replaces keys of the course JSON in index.html (and data-mode when `mode` is given). */
function patchCourseHtml(html, patch) {
  const re = /(<script[^>]*id="raamat-course-data"[^>]*>)([\s\S]*?)(<\/script>)/;
  const m = html.match(re);
  if (!m) throw new Error('index.html has no #raamat-course-data');
  const data = JSON.parse(m[2]);
  const { mode, apiTimeout, ...rest } = patch;
  Object.assign(data, rest);
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  let out = html.replace(re, (all, a, b, c) => a + json + c);
  if (mode) out = out.replace(/data-mode="[^"]*"/, `data-mode="${mode}"`);
  if (apiTimeout !== undefined) out = out.replace(/<div id="raamat-course"/, `<div id="raamat-course" data-api-timeout="${Number(apiTimeout)}"`);
  return out;
}

/**
 * The host page. `quirks` imitate real LMS players (../shared/notes/scorm-lms.md):
 *   lateApi: ms     the API appears this long after the course frame started loading
 *   emptyCount      GetValue("cmi.interactions._count") answers ""
 *   initFails       Initialize answers "false" (error 101)
 *   flaky           while window.__fail is true, SetValue and Commit answer "false" (101; 2004: 351/391)
 */
function hostPage({ version, sco, cmi, settings, popup, quirks = {} }) {
  const v12 = version === '12';
  const lib = v12 ? 'scorm12.js' : 'scorm2004.js';
  const ctor = v12 ? 'Scorm12API' : 'Scorm2004API';
  const global = v12 ? 'API' : 'API_1484_11';
  const fns = v12
    ? ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit']
    : ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit'];
  const errFn = v12 ? 'LMSGetLastError' : 'GetLastError';
  const cfg = Object.assign({ autocommit: false, lmsCommitUrl: false, logLevel: 5 }, settings || {});
  const json = (x) => JSON.stringify(x).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="/lms/vendor/${lib}"></script>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%;display:block}</style>
</head><body>
<script>
window.__log = [];
var api = new ${ctor}(${json(cfg)});
var seed = ${json(cmi || null)};
if (seed) api.loadFromJSON(seed, '');
var quirks = ${json(quirks)};
window.__fail = false;
var forcedErr = null;
var origErr = api.${errFn}.bind(api);
api.${errFn} = function () { return forcedErr !== null ? forcedErr : origErr(); };
${json(fns)}.forEach(function (name) {
  var orig = api[name].bind(api);
  api[name] = function () {
    var args = Array.prototype.slice.call(arguments);
    var r;
    forcedErr = null;
    if (quirks.initFails && /Initialize$/.test(name)) { r = 'false'; forcedErr = '101'; }
    else if (window.__fail && /SetValue$|Commit$/.test(name)) {
      r = 'false';
      forcedErr = ${v12} ? '101' : (/Commit$/.test(name) ? '391' : '351');
    } else if (quirks.emptyCount && /GetValue$/.test(name) && args[0] === 'cmi.interactions._count') { orig.apply(null, args); r = ''; }
    else r = orig.apply(null, args);
    var err = String(api.${errFn}());
    window.__log.push({ fn: name, args: args, r: String(r), err: err });
    return r;
  };
});
if (quirks.lateApi) setTimeout(function () { window.${global} = api; }, quirks.lateApi);
else window.${global} = api;
${popup
    ? `window.__sco = window.open(${json(sco)}, 'sco');
window.__closeSco = function () { window.__sco.close(); };
</script>
<p>The course opened in a new window.</p>`
    : `window.__closeSco = function () { document.getElementById('sco').src = 'about:blank'; };
</script>
<iframe id="sco" title="Course" src="${sco}"></iframe>`}
</body></html>`;
}

function serveFile(root, rel, send) {
  const file = path.resolve(root, rel);
  if (file !== path.resolve(root) && !file.startsWith(path.resolve(root) + path.sep)) return send(403, 'outside root');
  let target = file;
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, 'index.html');
  if (!fs.existsSync(target) || !fs.statSync(target).isFile()) return send(404, 'not found: ' + rel);
  return send(200, fs.readFileSync(target), TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream');
}

/**
 * Starts the server. `packages` maps a name to an unzipped package directory; the files
 * of `siteRoot` are served with `Cache-Control: max-age=<maxAge>` when it is given (as
 * GitHub Pages does, 600), else `no-store`.
 */
async function startServer(packages, { siteRoot, maxAge } = {}) {
  const patches = new Map();
  const hosts = new Map();
  let nextId = 1;
  const server = http.createServer((req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const send = (code, body, type, cache) => {
        res.writeHead(code, { 'content-type': type || 'text/plain; charset=utf-8', 'cache-control': cache || 'no-store' });
        res.end(body);
      };
      let m;
      if ((m = url.pathname.match(/^\/lms\/vendor\/([\w.-]+)$/)) && VENDOR[m[1]]) {
        return send(200, fs.readFileSync(VENDOR[m[1]]), TYPES['.js']);
      }
      if (url.pathname === '/favicon.ico') return send(204, '');
      if (url.pathname === '/lms/host.html') {
        const h = hosts.get(url.searchParams.get('id'));
        if (!h) return send(404, 'no such host page');
        return send(200, hostPage(h), TYPES['.html']);
      }
      if ((m = url.pathname.match(/^\/pkg\/([^/]+)\/(.*)$/))) {
        const root = packages[decodeURIComponent(m[1])];
        if (!root) return send(404, 'no such package');
        const rel = decodeURIComponent(m[2] || 'index.html');
        const file = path.resolve(root, rel);
        if (!file.startsWith(path.resolve(root) + path.sep)) return send(403, 'outside package');
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return send(404, 'not found: ' + rel);
        const ext = path.extname(file).toLowerCase();
        const patchId = url.searchParams.get('patch');
        if (rel === 'index.html' && patchId && patches.has(patchId)) {
          return send(200, patchCourseHtml(fs.readFileSync(file, 'utf8'), patches.get(patchId)), TYPES['.html']);
        }
        return send(200, fs.readFileSync(file), TYPES[ext] || 'application/octet-stream');
      }
      if (siteRoot) {
        const cache = maxAge === undefined ? undefined : `max-age=${maxAge}`;
        return serveFile(siteRoot, decodeURIComponent(url.pathname.replace(/^\/+/, '')),
          (code, body, type) => send(code, body, type, code === 200 ? cache : undefined));
      }
      return send(404, 'not found');
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e && e.stack || e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    /** URL of a package's index.html, optionally with its course JSON patched. */
    scoUrl(name, patch) {
      let url = `/pkg/${encodeURIComponent(name)}/index.html`;
      if (patch && Object.keys(patch).length) {
        const id = String(nextId++);
        patches.set(id, patch);
        url += `?patch=${id}`;
      }
      return url;
    },
    /** URL of a host page running the package with scorm-again, seeded with `cmi` (loadFromJSON). */
    hostUrl(name, { version, cmi, patch, settings, popup, quirks } = {}) {
      const id = String(nextId++);
      hosts.set(id, { version, sco: this.scoUrl(name, patch), cmi, settings, popup, quirks });
      return `${base}/lms/host.html?id=${id}`;
    },
    close() { return new Promise((resolve) => server.close(resolve)); },
  };
}

module.exports = { startServer, patchCourseHtml };
