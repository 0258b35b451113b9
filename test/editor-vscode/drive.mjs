// Drives VS Code (code-server, served at CS_URL with CS_FOLDER open and the esql-lint extension
// installed) in headless Debian Chromium through playwright-core, as a user would: open the rule,
// read the Problems panel, hover a field, complete a field, apply the quick fix. Every step waits
// for what a user would see and records it; test/editor-vscode.test.ts asserts on the record
// (written as JSON to RESULT). Each step leaves a screenshot in OUT_DIR (after-STEP.png, or
// failure-STEP.png when it timed out: then it is recorded in `errors`, and later steps still run).
import { join } from 'node:path';
import { charPosition, editorLines, finish, OUT, openFile, page, quickOpen, result, step, waitForLine } from './page.mjs';

const FILE = process.env.CS_FILE;

async function problemRows() {
  return page.$$eval('.markers-panel .monaco-list-row', (els) =>
    els.map((e) => {
      const part = (selector) => e.querySelector(selector)?.textContent ?? undefined;
      return {
        label: e.getAttribute('aria-label') ?? '',
        message: part('.marker-message') ?? e.textContent,
        source: part('.marker-source'),
        code: part('.marker-code'),
        line: part('.marker-line'),
      };
    }));
}

try {
  await step('open', async () => {
    await openFile(FILE);
    await waitForLine((l) => l.includes('process.parent.naem'));
    result.steps.open = { languageStatus: await page.locator('.statusbar-item[id*="editor.mode"]').textContent().catch(() => null) };
  });

  await step('diagnostics', async () => {
    // The language server starts with the first TOML file; its diagnostic shows as a squiggle.
    await page.waitForSelector('.editor-instance .squiggly-error', { timeout: 60000 });
    result.steps.squiggle = await page.$$eval('.editor-instance .squiggly-error', (els) => els.length);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForFunction(
      () => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((e) => /naem/.test(e.textContent)));
    result.steps.problems = await problemRows();
  });

  await step('hover', async () => {
    // Focus the editor with a click on its blank part below the query, then rest the mouse on
    // `process.name` (line 17), a known keyword field. The pointer comes from inside the editor, not from
    // the Problems panel, whose own row hover can hold it. A user who sees no hover moves the mouse again:
    // so does this step, up to four times (the attempts are recorded; CI once saw none in 30 s).
    const at = await charPosition('process.name :', 3);
    const blank = { x: at.x + 400, y: at.y + 57 };
    await page.mouse.click(blank.x, blank.y);
    result.steps.hoverAttempts = 0;
    for (;;) {
      result.steps.hoverAttempts++;
      await page.mouse.move(blank.x, blank.y);
      await page.mouse.move(at.x, at.y, { steps: 5 });
      const shown = await page.waitForFunction(
        () => [...document.querySelectorAll('.monaco-hover .hover-contents')].some((e) => /process\.name/.test(e.textContent)),
        null, { timeout: 8000 }).then(() => true, () => false);
      if (shown) break;
      if (result.steps.hoverAttempts === 4) throw new Error('no hover on process.name after 4 attempts of 8 s');
    }
    result.steps.hover = await page.$$eval('.monaco-hover .hover-contents', (els) => els.map((e) => e.textContent));
    await page.screenshot({ path: join(OUT, 'hover.png') });
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });

  await step('completion', async () => {
    // At the end of the line with the misspelled field, start another condition: `and host.os.ty`.
    const at = await charPosition('"apache2")', 9);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('End');
    await page.keyboard.type(' and host.os.ty', { delay: 30 });
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget.visible .monaco-list-row[aria-label*="host.os.type"]').first();
    await row.waitFor();
    result.steps.completion = {
      labels: await page.$$eval('.suggest-widget.visible .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label'))),
      // The item's detail (the field's type), shown on its right.
      detail: await row.locator('.details-label').textContent().catch(() => null),
    };
    await page.screenshot({ path: join(OUT, 'completion.png') });
    await row.click();
    await page.waitForSelector('.suggest-widget.visible', { state: 'detached', timeout: 5000 }).catch(() => {});
    result.steps.completion.lineAfterAccept = await waitForLine((l) => /host\.os\.type\s*$/.test(l), 10000);
    await page.keyboard.press('End');
    await page.keyboard.press('Escape');
    await page.keyboard.type(' == "linux"', { delay: 30 });
    result.steps.completion.lineAfterTyping = await waitForLine((l) => /host\.os\.type == "linux"/.test(l), 10000);
  });

  await step('quickfix', async () => {
    // Put the cursor in the squiggled field and ask for the quick fixes (Ctrl+.).
    const at = await charPosition('process.parent.naem', 16);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    // The menu opens with the first fix focused ("Enter to Apply"); a mouse click would hit its pointer block.
    await page.waitForSelector('.action-widget .monaco-list-row.focused[aria-label^="Replace with"]');
    result.steps.quickfix = {
      actions: await page.$$eval('.action-widget .monaco-list-row.action', (els) => els.map((e) => e.getAttribute('aria-label'))),
    };
    await page.keyboard.press('Enter');
    result.steps.quickfix.lineAfter = await waitForLine((l) => !l.includes('naem') && l.includes('process.parent.'), 10000);
    // The server re-lints the changed text: the squiggle and the Problems entry go away.
    await page.waitForFunction(
      () => document.querySelectorAll('.editor-instance .squiggly-error').length === 0 &&
        document.querySelectorAll('.markers-panel .monaco-list-row').length === 0,
      null, { timeout: 20000 });
    result.steps.quickfix.squigglesAfter = await page.$$eval('.editor-instance .squiggly-error', (els) => els.length);
    result.steps.quickfix.problemsAfter = await problemRows();
    result.steps.quickfix.lines = await editorLines();
  });

  await step('colour', async () => {
    // An ES|QL rule: TOML coloured by the grammar, the query by the server's semantic tokens.
    const file = process.env.CS_COLOUR_FILE;
    await page.keyboard.press('Escape');
    await quickOpen(file);
    await waitForLine((l) => l.includes('COUNT_DISTINCT'));
    // The grammar draws the query in one colour (embedded code): several colours on a line of it mean
    // that the server's semantic tokens arrived.
    await page.waitForFunction(() => {
      const line = [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')].find((e) => e.textContent.includes('COUNT_DISTINCT'));
      const colours = new Set([...(line?.querySelectorAll('span > span') ?? [])].filter((e) => e.textContent.trim()).map((e) => getComputedStyle(e).color));
      return colours.size >= 3;
    }, null, { timeout: 60000 });
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    result.steps.colour = {
      // Every visible line: its text and, per character, the colour it is drawn in.
      lines: await page.$$eval('.editor-instance .monaco-editor .view-line', (els) =>
        els
          .map((e) => {
            const chars = [];
            for (const span of e.querySelectorAll('span > span')) {
              const color = getComputedStyle(span).color;
              for (const ch of span.textContent) chars.push(color);
            }
            return { top: parseFloat(e.style.top) || 0, text: e.textContent.replace(/\u00a0/g, ' '), colours: chars };
          })
          .sort((a, b) => a.top - b.top)
          .map(({ text, colours }) => ({ text, colours }))),
      foreground: await page.$eval('.editor-instance .monaco-editor .view-lines', (e) => getComputedStyle(e).color),
    };
    await page.screenshot({ path: join(OUT, 'colour.png') });
  });

  await step('signature', async () => {
    // In the ES|QL rule: a new EVAL line, `DATE_TRUNC(` opens signature help (trigger character `(`).
    const at = await charPosition('TO_LOWER(process.name)', 5);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('| eval Esql.day = DATE_TRUNC(', { delay: 30 });
    const hints = () => page.evaluate(() => {
      const w = [...document.querySelectorAll('.parameter-hints-widget')].find((e) => e.getClientRects().length > 0 && /DATE_TRUNC\(/.test(e.textContent));
      return w ? { text: w.textContent, active: w.querySelector('.parameter.active')?.textContent ?? null } : null;
    });
    await page.waitForFunction(() => [...document.querySelectorAll('.parameter-hints-widget')].some((e) => e.getClientRects().length > 0 && /DATE_TRUNC\(/.test(e.textContent)));
    const first = await hints();
    await page.screenshot({ path: join(OUT, 'signature-help.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.type('1 day, ', { delay: 30 });
    // The comma is a trigger too: the second parameter becomes the active one.
    await page.waitForFunction(() => [...document.querySelectorAll('.parameter-hints-widget .parameter.active')].some((e) => e.getClientRects().length > 0 && /^date: date/.test(e.textContent)));
    const second = await hints();
    await page.screenshot({ path: join(OUT, 'signature-help-2.png') });
    result.steps.signature = { first, second };
    await page.keyboard.press('Escape');
  });

  await step('functionCompletion', async () => {
    // A function from the completion list, with its documentation (Ctrl+Space again shows the details).
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('| eval Esql.low = TO_LOW', { delay: 30 });
    await page.keyboard.press('Control+Space');
    const row = page.locator('.suggest-widget.visible .monaco-list-row[aria-label*="TO_LOWER"]').first();
    await row.waitFor();
    const details = () => page.evaluate(() => {
      const d = [...document.querySelectorAll('.suggest-details')].find((e) => e.getClientRects().length > 0 && e.textContent.trim());
      return d ? d.textContent : null;
    });
    if (!(await details())) await page.keyboard.press('Control+Space');
    await page.waitForFunction(() => [...document.querySelectorAll('.suggest-details')].some((e) => e.getClientRects().length > 0 && /lower case/i.test(e.textContent)));
    result.steps.functionCompletion = {
      labels: await page.$$eval('.suggest-widget.visible .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label'))),
      detail: await row.locator('.details-label').textContent().catch(() => null),
      documentation: await details(),
    };
    await page.screenshot({ path: join(OUT, 'function-completion.png') });
    await page.keyboard.press('Enter');
    // The snippet `TO_LOWER($1)`: the name and its parentheses, the cursor inside.
    result.steps.functionCompletion.lineAfterAccept = await waitForLine((l) => /Esql\.low = TO_LOWER\(/.test(l), 10000);
    await page.keyboard.press('Escape');
  });

  await step('editing', async () => {
    // The TOML language configuration: Ctrl+/ toggles `#` comments, `'''` is closed as it is typed.
    const at = await charPosition('risk_score = 21', 2);
    await page.mouse.click(at.x, at.y);
    await page.keyboard.press('Control+/');
    const commented = await waitForLine((l) => /^#\s*risk_score = 21/.test(l), 10000);
    await page.keyboard.press('Control+/');
    const uncommented = await waitForLine((l) => /^risk_score = 21/.test(l), 10000);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('tags = [', { delay: 60 });
    const bracket = await waitForLine((l) => l.startsWith('tags = ['), 10000);
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type("setup = '''", { delay: 60 });
    const tripleQuote = await waitForLine((l) => l.startsWith("setup = '''"), 10000);
    result.steps.editing = { commented, uncommented, tripleQuote, bracket };
    await page.screenshot({ path: join(OUT, 'editing.png') });
  });
} finally {
  await finish();
}
