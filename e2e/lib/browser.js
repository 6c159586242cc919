'use strict';
// Debian's Chromium through playwright-core: no browser download.
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

async function launch() {
  if (!fs.existsSync(EXECUTABLE)) throw new Error(`Chromium not found at ${EXECUTABLE} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS, headless: true });
}

/**
 * A new page that records every request whose host is not 127.0.0.1, the console
 * warnings/errors and uncaught page errors (in every frame).
 */
async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: opts.viewport || { width: 1280, height: 900 } });
  const page = await context.newPage();
  const foreign = [];
  const consoleMessages = [];
  const pageErrors = [];
  page.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob|about):/.test(url)) return;
    try {
      if (new URL(url).hostname !== '127.0.0.1') foreign.push(url);
    } catch (e) { foreign.push(url); }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'warning' || msg.type() === 'error') consoleMessages.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => pageErrors.push(String(err && err.stack || err)));
  return { context, page, foreign, consoleMessages, pageErrors };
}

module.exports = { launch, newPage };
