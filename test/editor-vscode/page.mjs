// What the VS Code drivers share: headless Chromium on code-server (CS_URL), the editor's visible lines,
// where a character is on screen, and steps that each leave a screenshot in OUT_DIR (after-STEP.png, or
// failure-STEP.png when the step timed out: then it is recorded in `result.errors`, later steps still run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.CS_URL;
export const FOLDER = process.env.CS_FOLDER;
export const OUT = process.env.OUT_DIR;
export const RESULT = process.env.RESULT;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
export const result = { steps: {}, errors: [], timings: {} };
export const lap = (m) => {
  result.timings[m] = Date.now() - t0;
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
};

mkdirSync(OUT, { recursive: true });
export const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
export const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
page.setDefaultTimeout(30000);
page.on('pageerror', (e) => console.log('pageerror:', e.message.slice(0, 200)));

/** The editor's visible lines, top to bottom (Monaco renders spaces as no-break spaces). */
export async function editorLines() {
  return page.$$eval('.editor-instance .monaco-editor .view-line', (els) =>
    els
      .map((e) => ({ top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text));
}

/** Waits until the editor shows a line that `test` accepts; returns it. */
export async function waitForLine(test, timeout = 20000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const line = (await editorLines()).find(test);
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`no editor line as expected; lines: ${JSON.stringify(await editorLines())}`);
    await page.waitForTimeout(100);
  }
}

/** Screen position of the middle of character `index` of `needle` on the editor line containing it. */
export async function charPosition(needle, index) {
  const box = await page.evaluate(
    ([needle, index]) => {
      const line = [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')].find((e) =>
        e.textContent.replace(/\u00a0/g, ' ').includes(needle));
      if (!line) return undefined;
      let offset = line.textContent.replace(/\u00a0/g, ' ').indexOf(needle) + index;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (offset < node.length) {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          const r = range.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
        offset -= node.length;
      }
      return undefined;
    },
    [needle, index],
  );
  if (!box) throw new Error(`"${needle}" is not on screen; lines: ${JSON.stringify(await editorLines())}`);
  return box;
}

export async function step(name, body) {
  try {
    await body();
    // What the user saw after the step, for when the test's assertions fail.
    await page.screenshot({ path: join(OUT, `after-${name}.png`) });
    lap(name);
  } catch (e) {
    const shot = join(OUT, `failure-${name}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    result.errors.push({ step: name, message: String(e?.message ?? e).slice(0, 2000), screenshot: shot });
    lap(`${name} FAILED: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}


/** Opens the workbench on the folder and a file by name with Quick Open (Ctrl+P), as a user does. */
export async function openFile(file) {
  await page.goto(`${BASE}/?folder=${encodeURIComponent(FOLDER)}`, { timeout: 60000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  lap('workbench shown');
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  lap('explorer populated');
  await quickOpen(file);
}

/** Opens a file of the folder with Quick Open (Ctrl+P). */
export async function quickOpen(file) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(file);
  // File search is slow on a loaded machine.
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`, { timeout: 60000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab.active[aria-label*="${file}"]`, { timeout: 60000 });
}

/** Writes the record and closes the browser. */
export async function finish() {
  writeFileSync(RESULT, JSON.stringify(result, null, 2));
  await browser.close();
}
