'use strict';
// `raamat serve` in a browser: saving a Markdown file updates the open tab by
// itself; a broken save shows the error overlay over the last good page.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { REPO } = require('../lib/packages');
const { launch, newPage } = require('../lib/browser');

const BIN = process.env.RAAMAT_BIN
  || [path.join(REPO, 'target/release/raamat'), path.join(REPO, 'target/debug/raamat')].find((p) => fs.existsSync(p));

let browser, server, root, base;
before(async () => {
  if (!BIN) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raamat-serve-'));
  fs.copyFileSync(path.join(REPO, 'raamat.toml'), path.join(root, 'raamat.toml'));
  fs.cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
  server = spawn(BIN, ['serve', '--quiet', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) resolve(m[0]);
    });
    server.on('exit', (code) => reject(new Error(`raamat serve exited with ${code}`)));
  });
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test('a saved edit appears in the open tab without reloading by hand', { skip: !BIN && 'no raamat binary' }, async () => {
  const s = await newPage(browser);
  try {
    await s.page.goto(`${base}/et/handbook/hindamine/`);
    const file = path.join(root, 'content/handbook/hindamine.et.md');
    const original = fs.readFileSync(file, 'utf8');
    await s.page.evaluate(() => { window.__sameDocument = true; });
    fs.writeFileSync(file, original.replace('## 2.1 ', '## 2.1 Uuendatud: '));
    await s.page.waitForFunction(() => document.body.innerText.includes('Uuendatud:'), null, { timeout: 10000 });
    assert.equal(await s.page.evaluate(() => window.__sameDocument), undefined, 'the page was reloaded by the server');

    // A broken link: the overlay names the file and line; the last good text stays.
    fs.writeFileSync(file, original.replace('## 2.1 ', '## 2.1 [katki](puuduv.md) '));
    const overlay = s.page.locator('#raamat-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 10000 });
    const text = await overlay.innerText();
    assert.match(text, /puuduv\.md/);
    assert.match(text, /content\/handbook\/hindamine\.et\.md:\d+/);
    assert.ok((await s.page.locator('article.content').innerText()).includes('Uuendatud:'), 'the last good page stays');

    // Fixed again: the overlay goes away with the reload.
    fs.writeFileSync(file, original);
    await s.page.waitForFunction(() => !document.getElementById('raamat-error-overlay') && !document.body.innerText.includes('Uuendatud:'), null, { timeout: 10000 });
    assert.deepEqual(s.foreign, []);
  } finally { await s.context.close(); }
});
