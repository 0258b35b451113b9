// Drives VS Code (code-server) as a user renames and formats: F2 on a column an ES|QL query creates,
// type the new name, Enter, save; then open a rule with a one-line query, Format Document
// (Shift+Alt+F), save. test/editor-vscode-nav.test.ts asserts on the files saved and on this record.
import { join } from 'node:path';
import { editorLines, charPosition, finish, OUT, openFile, page, quickOpen, result, step, waitForLine } from './page.mjs';

const RENAME_FILE = process.env.RENAME_FILE;
const FORMAT_FILE = process.env.FORMAT_FILE;
const OLD_NAME = process.env.OLD_NAME;
const NEW_NAME = process.env.NEW_NAME;

/** Runs a command from the Command Palette (Ctrl+Shift+P), as a user who does not know the shortcut. */
async function command(title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(title, { delay: 10 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label^="${title}"]`);
  await page.keyboard.press('Enter');
}

/** Saves the active editor and waits until its tab is no longer dirty. */
async function save() {
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => !document.querySelector('.tab.active.dirty'), null, { timeout: 15000 });
}

try {
  await step('open', async () => {
    await openFile(RENAME_FILE);
    await waitForLine((l) => l.includes(`| where ${OLD_NAME}`));
    // The server is up once the rule is linted (no problems: the Problems count reads 0).
    await page.waitForTimeout(1500);
  });

  await step('highlight', async () => {
    // The cursor on the column in the WHERE: the server's document highlights mark its occurrences,
    // the EVAL that creates it as a write (VS Code's word highlighter alone has no writes).
    const at = await charPosition(`| where ${OLD_NAME}`, 10);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('.view-overlays .wordHighlightStrong', { timeout: 20000 });
    result.steps.highlight = await page.evaluate(() => ({
      writes: document.querySelectorAll('.view-overlays .wordHighlightStrong').length,
      reads: document.querySelectorAll('.view-overlays .wordHighlight').length,
    }));
    await page.screenshot({ path: join(OUT, 'highlighted.png') });
  });

  await step('rename', async () => {
    const at = await charPosition(`| where ${OLD_NAME}`, 10);
    await page.mouse.click(at.x, at.y);
    await command('Rename Symbol');
    const input = page.locator('.rename-box input, .rename-box .rename-input').first();
    await input.waitFor({ timeout: 30000 });
    result.steps.rename = { placeholder: await input.inputValue().catch(() => null) };
    // Into the rename box only (never the editor behind it, should the box lose focus on a slow machine).
    await input.fill(NEW_NAME);
    await input.press('Enter');
    await waitForLine((l) => l.includes(`| where ${NEW_NAME}`), 20000);
    await save();
    result.steps.rename.lines = await editorLines();
    await page.screenshot({ path: join(OUT, 'renamed.png') });
  });

  await step('format', async () => {
    await quickOpen(FORMAT_FILE);
    await waitForLine((l) => l.includes('metadata _id, _version, _index | where'));
    const at = await charPosition('| where', 2);
    await page.mouse.click(at.x, at.y);
    await command('Format Document');
    await waitForLine((l) => l.startsWith('| where'), 20000);
    await save();
    result.steps.format = { lines: await editorLines() };
    await page.screenshot({ path: join(OUT, 'formatted.png') });
  });
} finally {
  await finish();
}
