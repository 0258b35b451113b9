/**
 * Valid queries per construct, with the tree Kibana's grammar gives them (shape.ts notation: unquoted values
 * in [brackets], quoted in "quotes", `~` = wildcard pattern).
 */
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { shape } from './shape.js';
import { kibanaAccepts } from './reference.js';

const TABLES: Record<string, [string, string][]> = {
  'empty and whitespace': [
    ['', '?'],
    ['   ', '?'],
    ['\n\t\u00A0', '?'],
  ],
  'field:value': [
    ['foo:bar', 'foo:[bar]'],
    ['foo : bar', 'foo:[bar]'],
    ['foo:\n  bar\n', 'foo:[bar]'],
    ['host.name:server-01.example.com', 'host.name:[server-01.example.com]'],
    ['destination.ip:10.0.0.0/8', 'destination.ip:[10.0.0.0/8]'],
    ['f:-1.5e3', 'f:[-1.5e3]'],
    ['f:true', 'f:[true]'],
    ['f:@timestamp', 'f:[@timestamp]'],
    ['@timestamp:x', '@timestamp:[x]'],
  ],
  'values run on across words': [
    ['message:foo bar', 'message:[foo bar]'],
    ['foo bar', '[foo bar]'],
    ['foo bar:baz', 'foo bar:[baz]'],
    ['f:a  b\tc', 'f:[a  b\tc]'],
    ['f:a or', 'f:[a or]'],
    ['a and', '[a and]'],
    ['f:a or\u2003b', 'f:[a or\u2003b]'],
    ['f:nota b', 'f:[nota b]'],
    ['f:a not', 'f:[a not]'],
    ['f:motor x', 'f:[motor x]'],
    ['f:a-or b', 'f:[a-or b]'],
  ],
  'quoted values': [
    ['f:"a b"', 'f:"a b"'],
    ['f:""', 'f:""'],
    ['f:"a:b (c) {d} <e> *"', 'f:"a:b (c) {d} <e> *"'],
    ['f:"say \\"hi\\""', 'f:"say \\"hi\\""'],
    ['f:"C:\\\\Windows"', 'f:"C:\\\\Windows"'],
    ['f:"C:\\Windows"', 'f:"C:\\\\Windows"'],
    ['f:"\\t\\r\\n"', 'f:"\\t\\r\\n"'],
    ['f:"\\u0041"', 'f:"A"'],
    ['f:"line1\nline2"', 'f:"line1\\nline2"'],
    ['f:" padded "', 'f:" padded "'],
    ['"free text"', '"free text"'],
    ['"quoted field":x', '"quoted field":[x]'],
  ],
  'escapes in unquoted values': [
    ['f:a\\:b', 'f:[a:b]'],
    ['f:\\(a\\)', 'f:[(a)]'],
    ['f:\\{a\\}', 'f:[{a}]'],
    ['f:a\\<b\\>c', 'f:[a<b>c]'],
    ['f:\\"a\\"', 'f:["a"]'],
    ['f:a\\\\b', 'f:[a\\b]'],
    ['f:a\\*', 'f:[a*]'],
    ['f:\\u00e9t\\u00E9', 'f:[été]'],
    ['f:a\\tb', 'f:[a\tb]'],
    ['f:a\\nb', 'f:[a\nb]'],
    ['f:a\\n', 'f:[a]'],
    ['f:\\and', 'f:[and]'],
    ['f:a \\or b', 'f:[a or b]'],
    ['f:\\NOT b', 'f:[NOT b]'],
    // `\n` is tried before `\not`: a newline, which Kibana's trim() then drops.
    ['f:\\not b', 'f:[ot b]'],
    ['f:C\\:\\\\Windows\\\\ntoskrnl.exe', 'f:[C:\\Windows\\ntoskrnl.exe]'],
  ],
  wildcards: [
    ['f:*', 'f:[*]~'],
    ['f: * ', 'f:[*]~'],
    ['f:a*', 'f:[a*]~'],
    ['f:*a*b?', 'f:[*a*b?]~'],
    ['f:a\\*b*', 'f:[a*b*]~'],
    ['f:"a*"', 'f:"a*"'],
    ['machine*:osx', 'machine*~:[osx]'],
    ['process.*:x', 'process.*~:[x]'],
    ['*:*', '*~:[*]~'],
    ['*', '[*]~'],
    ['a\\*:x', 'a*:[x]'],
  ],
  'and / or / not': [
    ['a or b', 'or([a], [b])'],
    ['a and b', 'and([a], [b])'],
    ['a AND b', 'and([a], [b])'],
    ['a Or b', 'or([a], [b])'],
    ['a or b or c', 'or([a], [b], [c])'],
    ['a or b and c or d', 'or([a], and([b], [c]), [d])'],
    ['not a', 'not([a])'],
    ['NOT a', 'not([a])'],
    ['not a and b', 'and(not([a]), [b])'],
    ['not (a or b)', 'not((or([a], [b])))'],
    ['a and\nb', 'and([a], [b])'],
    ['a\n  and\n  b', 'and([a], [b])'],
    ['a\u00A0and\u00A0b', 'and([a], [b])'],
    ['a  or  b', 'or([a], [b])'],
    ['a or or b', 'or([a], [or b])'],
    ['a and and b', 'and([a], [and b])'],
    ['a and not b', 'and([a], not([b]))'],
    ['nothing', '[nothing]'],
    ['not', '[not]'],
    ['or b', '[or b]'],
    ['f:a and g:b', 'and(f:[a], g:[b])'],
    ['(f:a or g:b) and not h:c', 'and((or(f:[a], g:[b])), not(h:[c]))'],
  ],
  'parentheses': [
    ['(a)', '([a])'],
    ['( a )', '([a])'],
    ['((((a))))', '(((([a]))))'],
    ['(a or b) and c', 'and((or([a], [b])), [c])'],
    ['(f:a)', '(f:[a])'],
  ],
  'value lists': [
    ['f:(a or b)', 'f:(or([a], [b]))'],
    ['f:(a or b and not c)', 'f:(or([a], and([b], not([c]))))'],
    ['f:((a or b) and not c)', 'f:(and((or([a], [b])), not([c])))'],
    ['f:( a )', 'f:([a])'],
    ['f:(\n  "x" or\n  y*\n)', 'f:(or("x", [y*]~))'],
    ['f:(a b or c d)', 'f:(or([a b], [c d]))'],
    ['f:(not a)', 'f:(not([a]))'],
    ['f:(not (a))', 'f:(not(([a])))'],
    ['f:(* or a)', 'f:(or([*]~, [a]))'],
    ['f : ( a OR b )', 'f:(or([a], [b]))'],
  ],
  ranges: [
    ['f < 5', 'f<[5]'],
    ['f<=5', 'f<=[5]'],
    ['f > 5', 'f>[5]'],
    ['f >= 5', 'f>=[5]'],
    ['f >= "2020-01-01"', 'f>="2020-01-01"'],
    ['f > 1 2', 'f>[1 2]'],
    ['f < *', 'f<[*]~'],
    ['bytes > 1000 and bytes < 8000', 'and(bytes>[1000], bytes<[8000])'],
    ['@timestamp >= now-1d', '@timestamp>=[now-1d]'],
    ['f\n<\n5', 'f<[5]'],
  ],
  nested: [
    ['n:{ c: foo }', 'n:{c:[foo]}'],
    ['n:{c:foo or c:bar}', 'n:{or(c:[foo], c:[bar])}'],
    ['n:{ a:{ b:x } }', 'n:{a:{b:[x]}}'],
    ['n : { c > 5 }', 'n:{c>[5]}'],
    ['a:1 and (n:{c:x} or n:{c:y})', 'and(a:[1], (or(n:{c:[x]}, n:{c:[y]})))'],
    ['n:{ not c:x }', 'n:{not(c:[x])}'],
    ['n:{ free text }', 'n:{[free text]}'],
  ],
};

describe('valid KQL', () => {
  for (const [construct, cases] of Object.entries(TABLES)) {
    describe(construct, () => {
      it.each(cases)('%j', (query, expected) => {
        const { ast, diagnostics } = parse(query);
        expect(diagnostics).toEqual([]);
        expect(kibanaAccepts(query)).toBe(true);
        expect(shape(ast)).toBe(expected);
      });
    });
  }
});
