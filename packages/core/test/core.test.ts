import { describe, expect, it } from 'vitest';
import { LineIndex, OffsetMap, closestMatches, editDistance } from '../src/index.js';

describe('LineIndex', () => {
  it('converts offsets to 1-based lines and columns for LF, CRLF and CR', () => {
    const li = new LineIndex('ab\ncd\r\nef\rg');
    expect(li.position(0)).toEqual({ line: 1, column: 1 });
    expect(li.position(3)).toEqual({ line: 2, column: 1 });
    expect(li.position(7)).toEqual({ line: 3, column: 1 });
    expect(li.position(10)).toEqual({ line: 4, column: 1 });
    expect(li.offset({ line: 3, column: 2 })).toBe(8);
    expect(li.lineText(2)).toBe('cd');
    expect(li.position(999)).toEqual({ line: 4, column: 2 });
  });
});

describe('OffsetMap', () => {
  // host: a"\"b  -> inner: a"b where \" is one escape (host 2, inner 1)
  const map = new OffsetMap(
    [
      { inner: 0, host: 10, innerLength: 1, hostLength: 1 },
      { inner: 1, host: 11, innerLength: 1, hostLength: 2 },
      { inner: 2, host: 13, innerLength: 1, hostLength: 1 },
    ],
    3,
  );
  it('maps offsets across escapes, with ends after the escape', () => {
    expect(map.toHost(0)).toBe(10);
    expect(map.toHost(1)).toBe(11);
    expect(map.toHost(2)).toBe(13);
    expect(map.toHost(2, 'end')).toBe(13);
    expect(map.toHost(3, 'end')).toBe(14);
    expect(map.spanToHost({ start: 1, end: 2 })).toEqual({ start: 11, end: 13 });
    expect(map.toInner(13)).toBe(2);
    expect(map.toInner(99)).toBeUndefined();
  });
});

describe('did-you-mean', () => {
  it('ranks close names and drops far second guesses', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('process.ipd', 'process.pid')).toBe(1);
    expect(closestMatches('process.ipd', ['process.end', 'process.pid'])).toEqual(['process.pid']);
    expect(closestMatches('process.nmae', ['process.name', 'process.args', 'host.name'])).toEqual(['process.name']);
    expect(closestMatches('user.Name', ['user.name', 'user.id'])).toEqual(['user.name']);
    expect(closestMatches('zzzzzz', ['process.name'])).toEqual([]);
  });
});
