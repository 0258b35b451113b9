import { describe, expect, it } from 'vitest';
import { expectedAt, fieldReferences, parse, walk, type Node } from '../src/index.js';

describe('error recovery', () => {
  it.each([
    ['FROM a | WHERE a = 1 | KEEP b', ['FromCommand', 'WhereCommand', 'KeepCommand']],
    ['FROM a | FOO bar | KEEP b', ['FromCommand', 'ErrorCommand', 'KeepCommand']],
    ['FROM a | WHERE (a | EVAL x = 1', ['FromCommand', 'WhereCommand', 'EvalCommand']],
    ['FROM a | EVAL x = | SORT b', ['FromCommand', 'EvalCommand', 'SortCommand']],
    ['FROM a | STATS | LIMIT 1', ['FromCommand', 'StatsCommand', 'LimitCommand']],
    ['FROM a | | KEEP b', ['FromCommand', 'KeepCommand']],
    ['WHERE a | KEEP b', ['ErrorCommand', 'KeepCommand']],
  ])('%s', (q, types) => {
    const { ast, diagnostics } = parse(q);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(ast.commands.map((c) => c.type)).toEqual(types);
  });

  it('a broken expression leaves the missing part undefined', () => {
    const { ast } = parse('FROM a | WHERE a > ');
    const w = ast.commands[1];
    expect(w.type).toBe('WhereCommand');
    if (w.type === 'WhereCommand' && w.condition?.type === 'BinaryExpression') expect(w.condition.right).toBeUndefined();
  });
});

describe('fieldReferences', () => {
  it('reports reads and definitions with exact spans', () => {
    const q =
      'FROM a METADATA _id | EVAL `host.name` = b.c + 1 | STATS n = count(*) BY d | RENAME n AS m | KEEP m, Esql.* | DISSECT m "%{x} %{?skip}" | GROK m "%{IP:ip}"';
    const refs = fieldReferences(parse(q).ast);
    expect(refs.map((r) => [r.name, r.role, q.slice(r.span.start, r.span.end), r.wildcard ?? false])).toEqual([
      ['_id', 'define', '_id', false],
      ['host.name', 'define', '`host.name`', false],
      ['b.c', 'read', 'b.c', false],
      ['n', 'define', 'n', false],
      ['d', 'read', 'd', false],
      ['n', 'read', 'n', false],
      ['m', 'define', 'm', false],
      ['m', 'read', 'm', false],
      ['Esql.*', 'read', 'Esql.*', true],
      ['m', 'read', 'm', false],
      ['x', 'define', 'x', false],
      ['m', 'read', 'm', false],
      ['ip', 'define', 'ip', false],
    ]);
  });
  it('function names are not field references', () => {
    expect(fieldReferences(parse('ROW x = abs(y)').ast).map((r) => r.name)).toEqual(['x', 'y']);
  });
});

describe('walk', () => {
  it('visits nodes in source order and can skip children', () => {
    const { ast } = parse('FROM a | WHERE f(b) > 1 AND c');
    const seen: string[] = [];
    walk(ast, {
      enter(n: Node) {
        seen.push(n.type);
        if (n.type === 'FunctionCall') return false;
      },
    });
    expect(seen).toEqual(['Query', 'FromCommand', 'IndexSource', 'WhereCommand', 'BinaryExpression', 'BinaryExpression', 'FunctionCall', 'Literal', 'Column']);
  });
});

describe('expectedAt', () => {
  const labels = (text: string, offset = text.length) => expectedAt(text, offset).map((e) => e.label);
  it('offers processing commands after a pipe', () => {
    const l = labels('FROM a | ');
    for (const k of ['WHERE', 'EVAL', 'STATS', 'KEEP', 'LOOKUP', 'SORT', 'LIMIT']) expect(l).toContain(k);
    expect(l).not.toContain('FROM');
  });
  it('offers source commands at the start', () => {
    expect(labels('')).toEqual(expect.arrayContaining(['FROM', 'ROW', 'SHOW', 'TS']));
  });
  it('offers operators after an operand', () => {
    expect(labels('FROM a | WHERE x ')).toEqual(expect.arrayContaining(['==', 'AND', 'OR', 'IN', 'LIKE', 'IS', '|']));
  });
  it('offers METADATA after FROM sources', () => {
    expect(labels('FROM a ')).toContain('METADATA');
  });
  it('completes the word being typed', () => {
    expect(labels('FROM a | WH')).toContain('WHERE');
  });
});
