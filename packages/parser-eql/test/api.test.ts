import { describe, expect, it } from 'vitest';
import { eventCategories, expectedAt, fieldReferences, parse, walk, type Node } from '../src/index.js';

describe('fieldReferences', () => {
  it('lists fields in source order with the span of the name, optional flag and unquoted names', () => {
    const q = 'sequence by host.id [process where ?user.name : "x*" and `odd name`.y == 1] [file where startsWith(file.path, "C")]';
    const refs = fieldReferences(parse(q).ast);
    expect(refs.map((r) => [r.name, q.slice(r.span.start, r.span.end), r.optional ?? false])).toEqual([
      ['host.id', 'host.id', false],
      ['user.name', 'user.name', true],
      ['odd name.y', '`odd name`.y', false],
      ['file.path', 'file.path', false],
    ]);
  });

  it('does not count function names, pipe names or event categories as fields', () => {
    expect(fieldReferences(parse('process where length(a) > 1 | head 1').ast).map((r) => r.name)).toEqual(['a']);
  });
});

describe('eventCategories', () => {
  it('lists the categories of every event query, any included', () => {
    const q = 'sequence [process where true] [any where true] ["file" where true]';
    expect(eventCategories(parse(q).ast).map((c) => [c.name, q.slice(c.span.start, c.span.end)])).toEqual([
      ['process', 'process'],
      ['any', 'any'],
      ['file', '"file"'],
    ]);
  });
});

describe('walk', () => {
  it('visits every node with its parent, and skips children when enter returns false', () => {
    const { ast } = parse('process where a == 1 and startsWith(b, "x")');
    const seen: string[] = [];
    walk(ast, {
      enter(node: Node, parent?: Node) {
        seen.push(`${node.type}<${parent?.type ?? ''}`);
        if (node.type === 'FunctionCall') return false;
      },
    });
    expect(seen).toEqual([
      'Query<',
      'EventQuery<Query',
      'EventCategory<EventQuery',
      'LogicalExpression<EventQuery',
      'Comparison<LogicalExpression',
      'Field<Comparison',
      'Number<Comparison',
      'FunctionCall<LogicalExpression',
    ]);
  });
});

describe('expectedAt', () => {
  const labels = (text: string, offset = text.length) => expectedAt(text, offset).map((e) => e.label);

  it('offers the query starts at the beginning', () => {
    expect(labels('')).toEqual(expect.arrayContaining(['sequence', 'sample', 'any', 'identifier']));
  });
  it("offers 'where' after a category, even while it is being typed", () => {
    expect(labels('process ')).toEqual(['where']);
    expect(labels('process wh')).toEqual(['where']);
  });
  it('offers the header keywords and [ after sequence', () => {
    expect(labels('sequence ')).toEqual(expect.arrayContaining(['by', 'with', '[', '![']));
  });
  it('offers operators after a field', () => {
    expect(labels('process where a ')).toEqual(expect.arrayContaining(['==', ':', 'like~', 'in', 'and', 'or']));
  });
  it('offers values after an operator, and never the rejected single-quoted strings', () => {
    const items = expectedAt('process where a == ', 19);
    expect(items).toContainEqual({ kind: 'token', label: 'string' });
    expect(items).toContainEqual({ kind: 'keyword', label: 'null' });
    expect(items.filter((i) => i.label === "'")).toEqual([]);
  });
  it('works at an offset inside the text', () => {
    expect(labels('sequence [process where true]', 9)).toEqual(expect.arrayContaining(['by', 'with', '[']));
  });
});

describe('robustness', () => {
  it('never throws and always returns a Query, on random slices and random bytes', () => {
    const base =
      'sequence by host.id with maxspan=5m [process where a : ("x*", "y") and not b in~ (1, 2)] by c ![file where ?d == """r"""] | head 3';
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '[]()!=<>:"\'`?|&,.*/%+-~ \n\tabcdefwhere0123456789\u00e9\u{1F600}/*';
    for (let i = 0; i < 400; i++) {
      const a = rand(base.length);
      const b = a + rand(base.length - a + 1);
      let text = base.slice(a, b);
      if (i % 2) {
        text = '';
        const len = rand(40);
        for (let j = 0; j < len; j++) text += alphabet[rand(alphabet.length)];
      }
      const r = parse(text);
      expect(r.ast.type).toBe('Query');
      for (const d of r.diagnostics) {
        expect(d.span.start).toBeGreaterThanOrEqual(0);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
      }
    }
  });

  it('survives very deep nesting', () => {
    const r = parse('process where ' + '('.repeat(3000) + 'a' + ')'.repeat(3000));
    expect(r.ast.type).toBe('Query');
  });

  it('a query too deeply nested for the stack is reported as such, and later parses are as before it', () => {
    const later = ['sequence [process where a = 1] [file where foo(b)]', 'process where (a == 1 or', 'process where' + ' or'.repeat(400), 'process where a == 1'];
    const before = later.map((q) => parse(q));
    for (const deep of ['process where ' + '('.repeat(6000) + 'a == 1' + ')'.repeat(6000), 'process where ' + '(a == '.repeat(6000)]) {
      expect(parse(deep).diagnostics.map((d) => d.message)).toEqual(['The query is too deeply nested to be parsed']);
      expect(later.map((q) => parse(q))).toEqual(before);
    }
  });

  it('recovers after an error and reports a later one too', () => {
    const { ast, diagnostics } = parse('sequence [process where a = 1] [file where foo(b)]');
    expect(diagnostics.map((d) => d.message)).toEqual([
      "Expected '==' but found '='; EQL compares with '=='",
      "Unknown function 'foo'",
    ]);
    expect(ast.body?.type === 'SequenceQuery' && ast.body.terms.length).toBe(2);
  });

  it('keeps a partial AST for an incomplete query', () => {
    const { ast } = parse('sequence by host.id [process where a == 1] [file where b ==');
    expect(ast.body).toMatchObject({ type: 'SequenceQuery', terms: [{ query: { category: { name: 'process' } } }, { query: { category: { name: 'file' } } }] });
    expect(fieldReferences(ast).map((f) => f.name)).toEqual(['host.id', 'a', 'b']);
  });
});
