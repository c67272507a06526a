// WACZ replay test, run by TestExportWACZ_ReplayWebPage (cmd/hewar/wacz_test.go):
// Debian's headless Chromium, driven by playwright-core, opens the
// ReplayWeb.page app (npm package replaywebpage, served on loopback with a
// WACZ beside it) at a URL and a time, waits for the archived page in the
// replay frame, and reports what it shows.
//
// Input (environment): BASE_URL (http://127.0.0.1:PORT, serving the app at /
// and the archives), CHROMIUM, PLAYWRIGHT (node_modules/playwright-core/index.mjs),
// SHOTS (a directory for screenshots), CHECKS (JSON: [{name, source, view,
// url, ts, want}]: source the path of a WACZ or WARC on BASE_URL; view
// "replay" (open url at ts, a 14-digit timestamp, and wait for the archived
// page to show the text want) or "pages" (open the list of pages and wait
// for an element whose text is want, or contains it unless exact)).
// The text nodes, through every shadow root, are the list's text.
// Output: one JSON object on stdout: {blocked, pageErrors, checks: [{name,
// frameURL, text, contentType, found}]}; the Go test asserts on it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { BASE_URL, CHROMIUM, PLAYWRIGHT, SHOTS, CHECKS } = process.env;
if (!BASE_URL || !CHROMIUM || !PLAYWRIGHT || !SHOTS || !CHECKS) {
  console.error('replay.mjs: BASE_URL, CHROMIUM, PLAYWRIGHT, SHOTS and CHECKS must be set');
  process.exit(2);
}
const { chromium } = await import(PLAYWRIGHT);
const base = new URL(BASE_URL);
const profile = mkdtempSync(join(tmpdir(), 'hewar-replay-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // The service worker's own requests may not pass through the route
    // below: a proxy that refuses everything catches whatever leaves
    // loopback (Chromium never sends loopback through a proxy).
    '--proxy-server=http://127.0.0.1:9'],
  viewport: { width: 1280, height: 900 },
  timeout: 60000,
});

const result = { blocked: [], pageErrors: [], checks: [] };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === base.hostname && u.port === base.port) return route.continue();
    result.blocked.push(u.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(60000);
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  for (const check of JSON.parse(CHECKS)) {
    const source = encodeURIComponent(BASE_URL + check.source);
    if (check.view === 'pages') {
      // The app's list of pages, in nested shadow roots: their text, joined.
      await page.goto(`${BASE_URL}/?source=${source}#view=pages`);
      const deadline = Date.now() + 60000;
      let text = '';
      let found = false;
      while (Date.now() < deadline && !found) {
        await sleep(250);
        text = await page.evaluate(() => {
          const parts = [];
          const walk = (root) => {
            const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = texts.nextNode(); n; n = texts.nextNode()) {
              const p = n.parentElement;
              if (n.data.trim() && !(p && (p.tagName === 'STYLE' || p.tagName === 'SCRIPT'))) parts.push(n.data.trim());
            }
            for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
          };
          walk(document);
          return parts.join('\n');
        });
        found = text.split('\n').some((line) => (check.exact ? line === check.want : line.includes(check.want)));
      }
      await page.screenshot({ path: join(SHOTS, check.name + '.png'), fullPage: false });
      result.checks.push({ name: check.name, frameURL: page.url(), text: text.slice(0, 20000), contentType: '', found });
      continue;
    }
    const target = `${BASE_URL}/?source=${source}#view=replay&url=${encodeURIComponent(check.url)}&ts=${check.ts}`;
    // A fresh load of the app for every check: from one check to the next
    // only the hash changes (the same address at another ts), a navigation
    // inside the document that the app may still miss while it starts on a
    // loaded machine, leaving the last check's capture in its frame.
    await page.goto('about:blank');
    await page.goto(target);
    // The archived page is in a frame of the app's shadow DOM, at
    // /w/<collection>/[:<hash>/]<timestamp>mp_/<url>: wait for it to show the text.
    const deadline = Date.now() + 60000;
    let frame = null;
    let text = '';
    let found = false;
    while (Date.now() < deadline) {
      frame = page.frames().find((f) => /\/w\/.*\/\d{14}mp_\//.test(f.url()) && f.url().includes(check.url.replace(/^https?:\/\//, '')));
      if (frame) {
        try {
          text = await frame.evaluate(() => document.body ? document.body.innerText : '');
        } catch (_) {
          text = ''; // navigating: try again
        }
        if (text.includes(check.want)) {
          found = true;
          break;
        }
      }
      await sleep(250);
    }
    let contentType = '';
    if (frame) {
      try {
        contentType = await frame.evaluate(() => document.contentType);
      } catch (_) { /* left empty */ }
    }
    await page.screenshot({ path: join(SHOTS, check.name + '.png'), fullPage: false });
    result.checks.push({ name: check.name, frameURL: frame ? frame.url() : '', text: text.slice(0, 20000), contentType, found });
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
