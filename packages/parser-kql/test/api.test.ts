import { describe, expect, it } from 'vitest';
import {
  expectedAt,
  fieldReferences,
  parse,
  print,
  valueComparisons,
  walk,
  type Node,
} from '../src/index.js';
import { stripSpans } from './strip.js';

const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('fieldReferences', () => {
  it('gives each field name with its exact span', () => {
    const q = 'a.b:1 and not (c : "x" or d >= 5)';
    const refs = fieldReferences(parse(q).ast);
    expect(refs.map((r) => [r.name, at(q, r.span), r.wildcard])).toEqual([
      ['a.b', 'a.b', undefined],
      ['c', 'c', undefined],
      ['d', 'd', undefined],
    ]);
  });
  it('marks field-name patterns as wildcards (an escaped * is not one)', () => {
    const q = 'process.*:x or a\\*b:y or "q*":z';
    const refs = fieldReferences(parse(q).ast);
    expect(refs.map((r) => [r.name, at(q, r.span), r.wildcard ?? false])).toEqual([
      ['process.*', 'process.*', true],
      ['a*b', 'a\\*b', false],
      ['q*', '"q*"', false],
    ]);
  });
  it('gives fields inside nested queries their full name (path.sub)', () => {
    const q = 'n:{ c:x and m:{ d < 3 } } and e:y';
    const refs = fieldReferences(parse(q).ast);
    expect(refs.map((r) => [r.name, at(q, r.span)])).toEqual([
      ['n', 'n'],
      ['n.c', 'c'],
      ['n.m', 'm'],
      ['n.m.d', 'd'],
      ['e', 'e'],
    ]);
  });
  it('ignores free text and survives partial trees', () => {
    expect(fieldReferences(parse('free text and "more"').ast)).toEqual([]);
    expect(fieldReferences(parse('a:(b or').ast).map((r) => r.name)).toEqual(['a']);
  });
});

describe('valueComparisons', () => {
  it('lists every value compared to a field, with operator and flags', () => {
    const q = 'a:1 and b:(x or "y z" and not w*) and c:* and d >= 10 and n:{ e:\\*f } and free';
    const rows = valueComparisons(parse(q).ast).map((c) => [
      c.field.name,
      c.operator,
      c.value.text,
      at(q, c.value.span),
      c.value.quoted,
      c.value.wildcard,
      c.value.exists,
    ]);
    expect(rows).toEqual([
      ['a', ':', '1', '1', false, false, false],
      ['b', ':', 'x', 'x', false, false, false],
      ['b', ':', 'y z', '"y z"', true, false, false],
      ['b', ':', 'w*', 'w*', false, true, false],
      ['c', ':', '*', '*', false, true, true],
      ['d', '>=', '10', '10', false, false, false],
      ['n.e', ':', '*f', '\\*f', false, false, false],
    ]);
  });
  it('reads exists only for a lone unescaped * after ":"', () => {
    const exists = (q: string) => valueComparisons(parse(q).ast).map((c) => c.value.exists);
    expect(exists('f: * ')).toEqual([true]);
    expect(exists('f:**')).toEqual([false]);
    expect(exists('f:"*"')).toEqual([false]);
    expect(exists('f:\\*')).toEqual([false]);
    expect(exists('f < *')).toEqual([false]);
    expect(exists('f:(* or a)')).toEqual([true, false]);
  });
  it('gives unescaped text and the raw span of values', () => {
    const q = 'f:C\\:\\\\temp\\\\x and g:"a \\"b\\"" and h:\\u0041 ';
    const rows = valueComparisons(parse(q).ast).map((c) => [c.value.text, at(q, c.value.span)]);
    expect(rows).toEqual([
      ['C:\\temp\\x', 'C\\:\\\\temp\\\\x'],
      ['a "b"', '"a \\"b\\""'],
      ['A', '\\u0041'],
    ]);
  });
});

describe('spans', () => {
  it('covers each node exactly (no surrounding whitespace)', () => {
    const q = '  a : b c  and  ( d < 5 )  or n:{ e:"f" }  ';
    const seen: [string, string][] = [];
    walk(parse(q).ast, { enter: (n: Node) => void seen.push([n.type, at(q, n.span)]) });
    expect(seen).toEqual([
      ['Query', q],
      ['OrQuery', 'a : b c  and  ( d < 5 )  or n:{ e:"f" }'],
      ['AndQuery', 'a : b c  and  ( d < 5 )'],
      ['MatchQuery', 'a : b c'],
      ['Field', 'a'],
      ['Literal', 'b c'],
      ['GroupQuery', '( d < 5 )'],
      ['RangeQuery', 'd < 5'],
      ['Field', 'd'],
      ['Literal', '5'],
      ['NestedQuery', 'n:{ e:"f" }'],
      ['Field', 'n'],
      ['MatchQuery', 'e:"f"'],
      ['Field', 'e'],
      ['Literal', '"f"'],
    ]);
  });
});

describe('walk', () => {
  it('visits in source order, passes the parent, and skips children when enter returns false', () => {
    const { ast } = parse('a:(b or c) and d');
    const entered: string[] = [];
    const left: string[] = [];
    walk(ast, {
      enter: (n, parent) => {
        entered.push(`${n.type}<${parent?.type ?? ''}`);
        if (n.type === 'GroupValues') return false;
      },
      leave: (n) => void left.push(n.type),
    });
    expect(entered).toEqual(['Query<', 'AndQuery<Query', 'MatchQuery<AndQuery', 'Field<MatchQuery', 'GroupValues<MatchQuery', 'TermQuery<AndQuery', 'Literal<TermQuery']);
    expect(left.at(-1)).toBe('Query');
    expect(left).not.toContain('GroupValues');
    expect(left).toContain('MatchQuery');
  });
});

describe('print', () => {
  it.each([
    ['a  AND   b', 'a and b'],
    ['NOT  a:b', 'not a:b'],
    ['f : ( a OR\n b )', 'f:(a or b)'],
    ['n : {  c:x  }', 'n:{c:x}'],
    ['d>=5', 'd >= 5'],
    ['x:"q \\"z\\""', 'x:"q \\"z\\""'],
    ['(a or)', '(a or)'],
    ['a or<5', 'a or< 5'],
    ['x not<5', 'x not< 5'],
    ['', ''],
  ])('%j prints as %j and reparses to the same tree', (query, printed) => {
    const first = parse(query);
    expect(first.diagnostics).toEqual([]);
    expect(print(first.ast)).toBe(printed);
    const second = parse(printed);
    expect(second.diagnostics).toEqual([]);
    expect(stripSpans(second.ast)).toEqual(stripSpans(first.ast));
  });
});

describe('expectedAt', () => {
  const labels = (text: string, offset = text.length) => expectedAt(text, offset).map((e) => e.label).sort();
  it.each([
    ['', ['(', 'field', 'not', 'value']],
    ['a:b and ', ['(', 'field', 'not', 'value']],
    ['a ', ['10', ':', '<', '<=', '>', '>=', 'and', 'or'].filter((l) => l !== '10')],
    ['a:', ['(', 'value', '{']],
    ['a: ', ['(', 'value', '{']],
    ['a <', ['value']],
    ['a:b ', ['and', 'or']],
    ['a:(b ', [')', 'and', 'or']],
    ['n:{c:d ', ['and', 'or', '}']],
    ['a:(not ', ['(', 'value']],
  ])('after %j', (text, expected) => {
    expect(labels(text)).toEqual([...expected].sort());
  });
  it('treats a word touching the offset as being typed', () => {
    expect(labels('a:b and fie')).toEqual(['(', 'field', 'not', 'value']);
    expect(labels('a:b and fie', 8)).toEqual(['(', 'field', 'not', 'value']);
    expect(labels('a:"b c')).toEqual(['(', 'value', '{']);
  });
  it('gives keywords as keywords', () => {
    expect(expectedAt('a:b ', 4)).toEqual(
      expect.arrayContaining([
        { kind: 'keyword', label: 'and' },
        { kind: 'keyword', label: 'or' },
      ]),
    );
  });
});

describe('robustness', () => {
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (s * 1103515245 + 12345) >>> 0), s / 2 ** 32);
  }
  it('never throws, on random bytes and random slices', () => {
    const r = rng(3);
    const base = 'a.b:(x or "y \\" z" and not w*) and n:{ c >= 5 } or \\u0041\\: free text';
    for (let n = 0; n < 1500; n++) {
      let text = '';
      if (n % 2) {
        const len = Math.floor(r() * 30);
        for (let i = 0; i < len; i++) text += String.fromCharCode(Math.floor(r() * (r() < 0.8 ? 128 : 0x10000)));
      } else {
        const i = Math.floor(r() * base.length);
        text = base.slice(i, i + Math.floor(r() * base.length));
      }
      const { ast, diagnostics } = parse(text);
      expect(ast.type).toBe('Query');
      for (const d of diagnostics) {
        expect(d.code).toBe('syntax-error');
        expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        expect(d.span.end).toBeLessThanOrEqual(text.length);
      }
      print(ast);
      expectedAt(text, Math.floor(r() * (text.length + 1)));
    }
  });
  it('handles deep nesting and long inputs', () => {
    const deep = '('.repeat(500) + 'a' + ')'.repeat(500);
    expect(parse(deep).diagnostics).toEqual([]);
    const long = Array.from({ length: 3000 }, (_, i) => `f${i}:v${i}`).join(' or ');
    const { ast, diagnostics } = parse(long);
    expect(diagnostics).toEqual([]);
    expect(ast.body?.type === 'OrQuery' && ast.body.operands.length).toBe(3000);
    expect(parse('('.repeat(300)).diagnostics.length).toBeGreaterThan(0);
  });
  it('keeps a partial tree and marks skipped input', () => {
    const q = 'a:b and c:d:e and f:g';
    const { ast, diagnostics } = parse(q);
    expect(diagnostics[0].span).toEqual({ start: 11, end: 12 });
    expect(fieldReferences(ast).map((r) => r.name)).toEqual(['a', 'c']);
    expect(ast.errors.map((e) => at(q, e.span))).toEqual([':e and f:g']);
  });
});

describe('limits', () => {
  it('reports nesting too deep for the stack as a syntax error, not an internal error', () => {
    const { diagnostics } = parse('('.repeat(6000) + 'a:b' + ')'.repeat(6000));
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['syntax-error', 'The query is nested too deeply to be parsed']]);
  });
  it('parses after a query too deep for the stack exactly as before it', () => {
    const later = ['a:b and c:d:e and f:g', 'a:(b or', 'a:{'.repeat(50), '(a:b', 'a:b'];
    const before = later.map((q) => parse(q));
    for (const deep of ['a:{'.repeat(6000), '('.repeat(6000) + 'a:b' + ')'.repeat(6000)]) {
      expect(parse(deep).diagnostics.map((d) => d.message)).toEqual(['The query is nested too deeply to be parsed']);
      expect(later.map((q) => parse(q))).toEqual(before);
    }
  });
});
