/**
 * The playground as a user meets it: `buildPlayground` writes the static folder, a plain static server
 * serves it on 127.0.0.1, and headless Chromium (playwright-core) types a rule with a misspelled field,
 * reads the squiggle and the message from the DOM, completes a field, hovers one, sees signature help,
 * applies the quick fix, opens the AST, and reloads the page from its URL to find the same text. Each step
 * leaves a screenshot in test-output/playground/ (kept). Skips when Chromium or playwright-core is missing.
 * Run with `npm run test:playground` (not part of `npm test`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: JavaScript modules without declarations
import { buildPlayground } from '../build.mjs';
// @ts-expect-error: JavaScript modules without declarations
import { launchChromium, missingForBrowser, serve } from './serve.mjs';

const missing: string[] = missingForBrowser();
if (missing.length) console.warn(`playground end-to-end test skipped: missing ${missing.join(', ')}`);

const ROOT = join(__dirname, '../../..');
const OUT = join(ROOT, 'test-output', 'playground');

/** A rule of our own; its query is typed key by key, with `proces.name` misspelled. */
const RULE_HEAD = `[metadata]
creation_date = "2026/12/01"
integration = ["endpoint"]
maturity = "production"
updated_date = "2026/12/01"

[rule]
author = ["esql-lint playground test"]
description = "A shell started by a web server process."
from = "now-9m"
index = ["logs-endpoint.events.process-*"]
language = "eql"
license = "Apache License 2.0"
name = "Playground: shell from a web server"
risk_score = 47
rule_id = "0b6d7c3e-2f41-4a8e-9c55-6e1f0a9b7d21"
severity = "medium"
type = "eql"

query = '''
`;
const RULE_TAIL = `
'''
`;
const TYPED_QUERY = 'process where event.type == "start" and proces.name == "bash"';

describe.skipIf(missing.length > 0)('the playground in headless Chromium', () => {
  let dir: string;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let page: Page;
  let shot = 0;

  const screenshot = async (name: string, p: Page = page) => {
    await p.screenshot({ path: join(OUT, `${String(++shot).padStart(2, '0')}-${name}.png`) });
  };
  const editorText = (p: Page = page) =>
    p.$$eval('.cm-content .cm-line', (lines) => lines.map((l) => (l as HTMLElement).innerText.replace(/\n$/, '')).join('\n'));
  /** Waits until the worker's answer for the editor's current text is on screen. */
  const settled = (p: Page = page) =>
    p.waitForFunction(() => {
      const pg = (window as unknown as { playground?: { version(): number } }).playground;
      return pg !== undefined && document.body.dataset.analyzedVersion === String(pg.version());
    });
  /** Screen coordinates of the middle of the first occurrence of `text` in the editor. */
  const coordsOf = (text: string, p: Page = page) =>
    p.evaluate((t) => {
      const { view } = (window as unknown as { playground: { view: { state: { doc: { toString(): string } }; coordsAtPos(n: number): { left: number; top: number; bottom: number } | null } } }).playground;
      const at = view.state.doc.toString().indexOf(t);
      const a = view.coordsAtPos(at + Math.floor(t.length / 2));
      return a ? { x: a.left + 1, y: (a.top + a.bottom) / 2 } : null;
    }, text);
  const putCursorAfter = (text: string) =>
    page.evaluate((t) => {
      const { view } = (window as unknown as { playground: { view: { state: { doc: { toString(): string } }; dispatch(s: unknown): void; focus(): void } } }).playground;
      const at = view.state.doc.toString().indexOf(t) + t.length;
      view.dispatch({ selection: { anchor: at } });
      view.focus();
    }, text);

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'esql-lint-playground-'));
    await buildPlayground(dir);
    server = await serve(dir);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    console.log(`playground screenshots: ${OUT}`);
  });

  it('lints as you type, completes, hovers, fixes, and a link brings the same rule back', async () => {
    await page.goto(server.url);
    await settled();
    // The first example is shown, checked.
    await page.waitForSelector('#problems li');
    await screenshot('loaded');

    // A new rule: the head pasted, the query typed key by key.
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(RULE_HEAD + RULE_TAIL);
    await putCursorAfter("query = '''\n");
    await page.keyboard.type(TYPED_QUERY, { delay: 15 });
    await page.keyboard.press('Escape');
    await settled();

    // The squiggle is on the misspelled field, and the problems list says what is wrong, with its code.
    const squiggle = page.locator('.cm-lintRange-error');
    await expect.poll(() => squiggle.count()).toBe(1);
    expect(await squiggle.first().innerText()).toBe('proces.name');
    const problem = page.locator('#problems li[data-code="unknown-field"]');
    expect(await problem.count()).toBe(1);
    const message = await problem.locator('.message').innerText();
    expect(message).toContain('proces.name');
    expect(message).toContain('process.name');
    expect(await problem.locator('a.code').getAttribute('href')).toMatch(/docs\/rules\/unknown-field\.md$/);
    await screenshot('typo-squiggle');

    // Completion: type a field prefix, ask for completion, accept the field.
    await putCursorAfter('"bash"');
    await page.keyboard.type(' and host.os.ty', { delay: 15 });
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(async () => (await options.allInnerTexts()).join('|')).toContain('host.os.type');
    await screenshot('completion');
    const labels = await page.$$eval('.cm-tooltip-autocomplete li .cm-completionLabel', (els) => els.map((e) => e.textContent));
    const index = labels.indexOf('host.os.type');
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.type(' == "linux"', { delay: 15 });
    await page.keyboard.press('Escape');
    expect(await editorText()).toContain('proces.name == "bash" and host.os.type == "linux"');
    await settled();

    // Hover on a field: its type and ECS description.
    const at = await coordsOf('event.type');
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y);
    const hover = page.locator('.cm-tooltip-hover .cm-hover');
    await expect.poll(async () => (await hover.count()) > 0 && (await hover.first().innerText())).toContain('event.type');
    expect(await hover.first().innerText()).toContain('keyword');
    await screenshot('hover');
    await page.mouse.move(5, 5);

    // Signature help inside a function call.
    await putCursorAfter('"linux"');
    await page.keyboard.type(' and length(', { delay: 15 });
    await page.keyboard.press('Escape');
    const signature = page.locator('.cm-signature');
    await expect.poll(async () => (await signature.count()) > 0 && (await signature.first().innerText())).toContain('length(');
    await screenshot('signature-help');
    await page.keyboard.type('process.name) > 3', { delay: 10 });
    await page.keyboard.press('Escape');
    await settled();

    // The quick fix of the squiggle: hover it, take the lint tooltip's action.
    const typo = await coordsOf('proces.name');
    await page.mouse.move(typo!.x, typo!.y);
    const action = page.locator('.cm-tooltip-lint .cm-diagnosticAction', { hasText: 'process.name' });
    await action.first().waitFor();
    await screenshot('quick-fix');
    await action.first().click();
    await settled();
    const fixed = await editorText();
    expect(fixed).toContain('process where event.type == "start" and process.name == "bash" and host.os.type == "linux" and length(process.name) > 3');
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBe(0);
    expect(await page.locator('#problems li[data-code="unknown-field"]').count()).toBe(0);
    await page.mouse.move(5, 5);

    // The AST of the query, with the node under the cursor marked.
    await page.click('.tabs button[data-panel="ast-panel"]');
    await putCursorAfter('length(proc');
    const current = page.locator('#ast .ast-node.current');
    await expect.poll(async () => (await current.count()) === 1 && (await current.innerText())).toContain('process.name');
    await screenshot('ast');

    // Semantic colours from the language service on the query.
    expect(await page.locator('.cm-content .tok-property').count()).toBeGreaterThan(0);
    expect(await page.locator('.cm-content .tok-keyword').count()).toBeGreaterThan(0);

    // The URL holds the rule: a fresh page opened on it shows the same text and the same settings.
    await page.waitForFunction(() => {
      const pg = (window as unknown as { playground: { version(): number } }).playground;
      return document.body.dataset.urlVersion === String(pg.version());
    });
    const url = page.url();
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);
    const context = await browser.newContext({ viewport: { width: 1400, height: 800 } });
    const again = await context.newPage();
    await again.goto(url);
    await settled(again);
    expect(await editorText(again)).toBe(fixed);
    expect(await again.locator('#mode').inputValue()).toBe('toml');
    expect(await again.locator('.cm-lintRange-error').count()).toBe(0);
    await screenshot('reloaded', again);
    await context.close();

    // Also a plain reload of the same page.
    await page.reload();
    await settled();
    expect(await editorText()).toBe(fixed);
  });

  it('checks a raw ES|QL query against a pasted mapping, and formats it', async () => {
    await page.goto(server.url);
    await settled();
    await page.selectOption('#mode', 'esql');
    await page.selectOption('#schema', 'mapping');
    await page.fill('#mapping', JSON.stringify({ mappings: { properties: { 'user.name': { type: 'keyword' }, bytes: { type: 'long' } } } }));
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('from web-logs | where user.nam == "x" | keep user.name, bytes');
    await settled();
    await expect.poll(() => page.locator('#problems li[data-code="unknown-column"], #problems li[data-code="unknown-field"]').count()).toBe(1);
    expect(await page.locator('.cm-lintRange-error').first().innerText()).toBe('user.nam');
    await page.click('.tabs button[data-panel="schema-panel"]');
    await expect.poll(() => page.locator('#schema-info').innerText()).toMatch(/custom|mapping/i);
    await screenshot('esql-mapping');
    await page.click('#format');
    await expect.poll(() => editorText()).toContain('\n| where');
    await screenshot('esql-formatted');
  });
});
