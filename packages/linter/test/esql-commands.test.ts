import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '@elastic/esql-definitions/commands';
import { commandNames } from '@elastic/esql-definitions';
import * as esql from '@esql-lint/parser-esql';
import { COMMANDS, commandByName, commandSpec } from '../src/esql/commands.js';

describe('the ES|QL command table', () => {
  const specs = Object.values(COMMANDS);

  it('has one entry per AST command type, keyed by that type', () => {
    for (const [type, spec] of Object.entries(COMMANDS)) expect(spec.type).toBe(type);
  });

  it('names commands as @elastic/esql-definitions does', () => {
    const defined = new Set(commandDefinitions.map((d) => d.name));
    const names = new Set(commandNames.map((n) => n.toUpperCase()));
    for (const s of specs) {
      if (s.definition) expect(defined, s.name).toContain(s.definition);
      if (s.kind !== 'unknown') expect(names, s.name).toContain(s.name === 'INLINE STATS' ? 'INLINE' : s.name);
    }
  });

  it('lists parts that exist on the AST node', () => {
    const ast = esql.parse('from a metadata _id | where x > 1 | eval y = 1 | stats c = count(*) by y | sort c | keep c | drop c | rename c as d | limit 1 by d', { snapshot: true }).ast;
    expect(ast.commands.map((c) => c.type)).toContain('LimitCommand');
    for (const c of ast.commands) {
      for (const p of commandSpec(c).parts) expect(Object.keys(c), `${c.type}.${p.field}`).toContain(p.field);
    }
  });

  it('finds entries by the name as written', () => {
    expect(commandByName('inline  stats')?.type).toBe('InlineStatsCommand');
    expect(commandByName('Lookup Join')?.type).toBe('JoinCommand');
    expect(commandByName('where')?.fullText).toBe(true);
    expect(commandByName('eval')?.fullText).toBeUndefined();
    expect(commandByName('nosuch')).toBeUndefined();
  });

  it('gives the columns a command always creates', () => {
    expect(COMMANDS.ChangePointCommand.produces?.map((p) => `${p.name}:${p.type}`)).toEqual(['type:keyword', 'pvalue:double']);
    expect(COMMANDS.ForkCommand.produces?.[0]?.name).toBe('_fork');
  });
});
