/** Tokenizes text with the extension's TextMate grammars through vscode-textmate and vscode-oniguruma, as VS Code does. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const require = createRequire(import.meta.url);
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface ScopedToken {
  /** 0-based line. */
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

let registry: Promise<textmate.Registry> | undefined;

function load(): Promise<textmate.Registry> {
  registry ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const manifest = JSON.parse(readFileSync(here('../package.json'), 'utf8'));
    const paths = new Map<string, string>(manifest.contributes.grammars.map((g: { scopeName: string; path: string }) => [g.scopeName, g.path]));
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => {
        const path = paths.get(scopeName);
        if (!path) return null;
        const file = here(`../${path}`);
        return textmate.parseRawGrammar(readFileSync(file, 'utf8'), file);
      },
    });
  })();
  return registry;
}

export interface Tokenized {
  tokens: ScopedToken[];
  /** The scopes still open after the last line (an empty line tokenized there): a runaway string shows here. */
  openScopes: string[];
}

export async function tokenize(scopeName: string, text: string): Promise<Tokenized> {
  const grammar = await (await load()).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar ${scopeName}`);
  let stack = textmate.INITIAL;
  const tokens: ScopedToken[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, line.length);
      if (end > t.startIndex) tokens.push({ line: n, start: t.startIndex, end, text: line.slice(t.startIndex, end), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return { tokens, openScopes: grammar.tokenizeLine('', stack).tokens[0]?.scopes ?? [] };
}

/** The scopes of the token covering `line`/`character`. */
export function scopesAt(tokens: ScopedToken[], line: number, character: number): string[] {
  return tokens.find((t) => t.line === line && t.start <= character && character < t.end)?.scopes ?? [];
}
