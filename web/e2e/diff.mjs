// Browser test of hewar's web view, run by TestBrowser_diff (web/e2e_test.go):
// Debian's headless Chromium, driven by playwright-core, opens the home page
// of a served demo archive, clicks its way to the diff of the edited
// interview (post 708 English, answer 5 reworded in epoch 2), checks that
// the changed words are marked, and saves screenshots.
//
// Input (environment): BASE_URL (http://127.0.0.1:PORT), CHROMIUM (the
// browser), SHOTS (a directory for screenshots), PLAYWRIGHT (the path of
// node_modules/playwright-core/index.mjs), HOSTILE (the path of the capture
// page of a hostile archived page, optional).
// Output: one JSON object on stdout, which the Go test asserts on. Any
// failure to find what is clicked or checked throws, and exits non-zero.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { BASE_URL, CHROMIUM, SHOTS, PLAYWRIGHT, HOSTILE } = process.env;
if (!BASE_URL || !CHROMIUM || !SHOTS || !PLAYWRIGHT) {
  console.error('diff.mjs: BASE_URL, CHROMIUM, SHOTS and PLAYWRIGHT must be set');
  process.exit(2);
}
const { chromium } = await import(PLAYWRIGHT);

const base = new URL(BASE_URL);
const profile = mkdtempSync(join(tmpdir(), 'hewar-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  // Every wait below is for an element, not for time; this only bounds a hang.
  timeout: 60000,
});

const result = { blocked: [], pageErrors: [], consoleErrors: [], archivedBlocked: [] };
let phase = 'view'; // 'archived' while a page shows an archived page in its frame
try {
  // Nothing may leave loopback: the view is offline by design, and a test
  // must never reach another address. Anything else is recorded and refused.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === base.hostname && u.port === base.port) return route.continue();
    result.blocked.push(u.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  // The archived page in its sandbox is expected to complain: its scripts,
  // styles and frames are refused. Those reports are the proof, kept apart
  // from errors of the view itself.
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location().url || '';
    if (phase === 'archived' || /\/capture\/\d+\/body$/.test(where)) result.archivedBlocked.push(m.text());
    else result.consoleErrors.push(where + ': ' + m.text());
  });

  // Home: the latest changes list the edited interview as modified.
  await page.goto(BASE_URL + '/');
  await page.screenshot({ path: join(SHOTS, 'home.png'), fullPage: false });
  const edited = page.locator('li.change.modified', { hasText: 'hewariraq.com/en/post/708' }).first();
  await edited.locator('a.title').click();

  // The document: its timeline links each version to its diff.
  await page.waitForURL(/\/doc\/hewariraq\.com\/en\/post\/708/);
  result.documentHeading = (await page.locator('h1.doctitle').innerText()).trim();
  result.englishMagazine = await magazineLine(page);
  result.pairsShown = await page.locator('section.interview .qa').count();
  await page.screenshot({ path: join(SHOTS, 'document.png'), fullPage: false });
  await page.locator('ol.timeline li.current a.difflink').first().click();

  // The diff.
  await page.waitForURL(/\/diff\/hewariraq\.com\/en\/post\/708/);
  result.diffURL = page.url();
  const table = page.locator('table.diff');
  result.diffDir = await table.getAttribute('dir');
  result.diffLang = await table.getAttribute('lang');
  const changed = page.locator('table.diff tbody.pair.changed');
  result.changedPairs = await changed.count();
  result.changedPairIds = await changed.evaluateAll((els) => els.map((e) => e.id));
  result.deleted = await page.locator('table.diff tbody.pair.changed td.old del.w-del').allInnerTexts();
  result.inserted = await page.locator('table.diff tbody.pair.changed td.new ins.w-ins').allInnerTexts();
  // The marks must be visible, not just present in the markup.
  result.insBackground = await page.locator('ins.w-ins').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  result.delBackground = await page.locator('del.w-del').first().evaluate((e) => getComputedStyle(e).backgroundColor);
  result.changedPairBackground = await changed.first().locator('tr.a td.new').evaluate((e) => getComputedStyle(e).backgroundColor);
  // Nothing may stick out of the page sideways.
  result.diffOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: join(SHOTS, 'diff-all-pairs.png'), fullPage: false });

  // Only the changed pairs: the edit at the top of the page.
  await page.locator('.diffhead .toggle a').click();
  await page.waitForURL(/pairs=changed/);
  result.onlyChangedPairs = await page.locator('table.diff tbody.pair').count();
  await page.screenshot({ path: join(SHOTS, 'diff.png'), fullPage: false });

  // The Arabic version of the same post runs right to left.
  await page.goto(BASE_URL + '/doc/hewariraq.com/ar/post/708');
  result.arabicDir = await page.locator('article.document').getAttribute('dir');
  result.arabicLang = await page.locator('article.document').getAttribute('lang');
  result.arabicOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  result.arabicMagazine = await magazineLine(page);
  // The reader comments are folded: open them to lay them out.
  await page.locator('details.comments summary').click();
  result.arabicComment = await lineParts(page, 'details.comments p.who');
  await page.screenshot({ path: join(SHOTS, 'document-ar.png'), fullPage: false });

  // Search with highlighted matches.
  await page.goto(BASE_URL + '/docs?q=' + encodeURIComponent('permanent friends'));
  result.searchMarks = await page.locator('ol.hits mark.match').count();
  await page.screenshot({ path: join(SHOTS, 'search.png'), fullPage: false });

  // The raw capture: the archived page sits in a sandbox without scripts.
  await page.goto(BASE_URL + '/doc/hewariraq.com/en/post/708');
  phase = 'archived';
  await page.locator('ol.timeline li.current').getByText('raw capture').click();
  await page.waitForURL(/\/capture\/\d+$/);
  const frame = page.locator('iframe.archived');
  result.iframeSandbox = await frame.getAttribute('sandbox');
  await page.screenshot({ path: join(SHOTS, 'capture.png'), fullPage: false });

  // A hostile archived page (script, meta refresh, foreign styles, frames,
  // images, forms) in its sandbox: nothing it holds may run or load. Every
  // request the browser makes from here on is recorded.
  if (HOSTILE) {
    const seen = [];
    const finished = (req) => seen.push({ url: req.url(), outcome: 'loaded' });
    const failed = (req) => seen.push({ url: req.url(), outcome: req.failure()?.errorText ?? 'failed' });
    context.on('requestfinished', finished);
    context.on('requestfailed', failed);
    phase = 'archived';
    await page.goto(BASE_URL + HOSTILE);
    const handle = await page.locator('iframe.archived').elementHandle();
    const frame = await handle.contentFrame();
    await frame.waitForLoadState('load');
    await page.waitForLoadState('networkidle');
    result.hostileFrameURL = frame.url();
    result.hostileFrameText = await frame.locator('body').innerText();
    context.off('requestfinished', finished);
    context.off('requestfailed', failed);
    phase = 'view';
    result.hostileRequests = seen.map((r) => {
      const x = new URL(r.url);
      return { url: x.host === base.host ? x.pathname : x.href, outcome: r.outcome };
    });
    await page.screenshot({ path: join(SHOTS, 'hostile.png'), fullPage: false });
  }

  // Listing page.
  phase = 'view';
  await page.goto(BASE_URL + '/docs');
  result.listingOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.screenshot({ path: join(SHOTS, 'documents.png'), fullPage: false });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));

// magazineLine measures the sidebar's Magazine line as the browser lays it
// out (lineParts).
async function magazineLine(page) {
  return lineParts(page, 'xpath=//aside//dt[normalize-space()="Magazine"]/following-sibling::dd[1]');
}

// lineParts reports a line as the browser lays it out: its text, its
// computed direction, and its parts in the order they are written, each
// with the edges of its box on screen: each word or number of its own text
// (between spaces, commas, parentheses, hyphens and the middle dot), and
// each element in it (a value in its <bdi>) as a whole, with its own words.
// Whether they land in the right order is the Go test's to judge.
async function lineParts(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const words = (node) => {
      const out = [];
      const texts = [];
      if (node.nodeType === Node.TEXT_NODE) texts.push(node);
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
      for (const n of texts) {
        for (const m of n.data.matchAll(/[^\s,()\-·]+/gu)) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          const box = r.getBoundingClientRect();
          out.push({ text: m[0], left: box.left, right: box.right, top: box.top });
        }
      }
      return out;
    };
    const parts = [];
    for (const c of el.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) parts.push(...words(c));
      else if (c.nodeType === Node.ELEMENT_NODE && c.textContent.trim() !== '') {
        const box = c.getBoundingClientRect();
        parts.push({ text: c.textContent, left: box.left, right: box.right, top: box.top, words: words(c) });
      }
    }
    return { text: el.innerText, direction: getComputedStyle(el).direction, parts };
  });
}
