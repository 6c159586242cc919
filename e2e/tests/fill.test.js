'use strict';
// Fill-in answers: case and surrounding spaces do not matter, Estonian letters do
// (õ is not o). Played on a course page of the built website, whose accepted
// answers are replaced in the browser so the rule is tested on Estonian words.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO } = require('../lib/packages');
const { startServer } = require('../lib/server');
const { launch, newPage } = require('../lib/browser');

const env = process.env.RAAMAT_PACKAGES || '';
const siteRoot = process.env.RAAMAT_SITE || (env === 'fixture' ? '' : env ? path.dirname(path.resolve(env)) : path.join(REPO, 'public'));
const PAGE = '/et/courses/juhtumikorraldus/02-hindamine/';
const skip = !siteRoot || !fs.existsSync(path.join(siteRoot, PAGE, 'index.html'));

let browser, server;
before(async () => {
  if (skip) return;
  server = await startServer({}, { siteRoot });
  browser = await launch();
});
after(async () => { if (browser) await browser.close(); if (server) await server.close(); });

test('fill-in answers ignore case and spaces but keep õ ä ö ü distinct', { skip: skip && 'no built site' }, async () => {
  const s = await newPage(browser);
  try {
    await s.page.route(`**${PAGE}`, async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(/"accepted":\[[^\]]*\]/, '"accepted":["võrgustikutöö","ühe"]');
      await route.fulfill({ response: res, body: html });
    });
    await s.page.goto(server.base + PAGE);
    const form = s.page.locator('form.question[data-kind="fill"]').first();
    const input = form.locator('input[type="text"]');
    const feedback = form.locator('.feedback');
    const verdict = async (typed) => {
      await input.fill(typed);
      await form.locator('button.check').click();
      return feedback.innerText();
    };
    const strings = JSON.parse(await s.page.textContent('#raamat-course-data')).strings;
    assert.ok((await verdict('  VÕRGUSTIKUTÖÖ ')).includes(strings.correct), 'case and spaces are ignored');
    assert.ok((await verdict('Ühe')).includes(strings.correct));
    assert.ok((await verdict('vorgustikutoo')).includes(strings.incorrect), 'o is not õ');
    assert.ok((await verdict('uhe')).includes(strings.incorrect), 'u is not ü');
  } finally { await s.context.close(); }
});
