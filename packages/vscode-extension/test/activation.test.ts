import { describe, expect, it } from 'vitest';
import { servesDocument } from '../src/activation.js';

const doc = (languageId: string, text: string) => ({ languageId, getText: () => text });

describe('which documents start the language server', () => {
  it('raw query files, always', () => {
    for (const id of ['esql', 'eql', 'kql']) expect(servesDocument(doc(id, '')), id).toBe(true);
  });

  it('TOML rule files, exported rules and hunting files', () => {
    expect(servesDocument(doc('toml', '[metadata]\ncreation_date = "2024/01/01"\n\n[rule]\nquery = "x"\n'))).toBe(true);
    expect(servesDocument(doc('toml', '# a comment\n[rule]  # the rule\nname = "x"'))).toBe(true);
    expect(servesDocument(doc('toml', '[hunt]\nname = "x"\nquery = ["x"]'))).toBe(true);
  });

  it('not other TOML files, nor other languages', () => {
    expect(servesDocument(doc('toml', '[package]\nname = "x"\nversion = "0.1.0"\n'))).toBe(false);
    expect(servesDocument(doc('toml', '[tool.ruff]\nrule = "x"\n[rule.x]\n'))).toBe(false);
    expect(servesDocument(doc('toml', 'description = "see [rule]"'))).toBe(false);
    expect(servesDocument(doc('json', '[rule]'))).toBe(false);
  });
});
