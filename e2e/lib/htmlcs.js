'use strict';
// The second accessibility engine: HTML_CodeSniffer (npm html_codesniffer, the engine
// behind pa11y) with its WCAG 2.1 AA standard, run in the page or frame like axe-core.
const path = require('node:path');

const HTMLCS = path.join(__dirname, '..', 'node_modules', 'html_codesniffer', 'build', 'HTMLCS.js');

/** Errors (not warnings or notices) of WCAG2AA in `frame`, as "code: element" lines. */
async function htmlcs(frame) {
  if (!(await frame.evaluate(() => typeof window.HTMLCS !== 'undefined'))) await frame.addScriptTag({ path: HTMLCS });
  return frame.evaluate(() => new Promise((resolve) => {
    window.HTMLCS.process('WCAG2AA', document, () => {
      resolve(window.HTMLCS.getMessages()
        .filter((m) => m.type === window.HTMLCS.ERROR)
        .map((m) => `${m.code}: ${m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 100) : ''}`));
    });
  }));
}

module.exports = { htmlcs };
