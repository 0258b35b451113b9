/**
 * A TOML reader (TOML 1.0, plus what TOML 1.1 adds: `\e` and `\xHH` escapes, newlines and a trailing
 * comma in inline tables, times without seconds) that keeps the position of every key and value.
 *
 * Written for rule files: one pass over character codes, no recursion except for nested arrays and
 * inline tables (bounded by MAX_NESTING), no per-character allocation, strings of any size. Errors
 * are thrown as `TomlSyntaxError` with the offset of the problem.
 *
 * The pass builds the plain values and, for each key/value of a table section, only its offsets: the
 * key's parts and span and the value's node are made when asked (a rule's reader asks for a few).
 */
import type { Span } from '@esql-lint/core';
import { controlScan, inScanMemory, scanUnitsOf } from './control-scan.js';

export type TomlValueNode =
  | { type: 'string'; style: 'basic' | 'literal'; multiline: boolean; value: string; span: Span }
  | { type: 'integer' | 'float'; value: number; span: Span }
  | { type: 'boolean'; value: boolean; span: Span }
  | { type: 'datetime'; value: Date; span: Span }
  | { type: 'array'; elements: TomlValueNode[]; span: Span }
  | { type: 'inline-table'; entries: TomlKeyValue[]; span: Span };

export interface TomlKeyValue {
  /** The parts of a dotted key, unquoted: `a."b.c"` is ['a', 'b.c']. */
  key: string[];
  keySpan: Span;
  value: TomlValueNode;
}

export interface TomlDocument {
  /** The document as plain values: tables are objects, arrays arrays, datetimes Date objects. */
  value: Record<string, unknown>;
  /**
   * Every key/value of the document's tables by its full dotted path: `rule.query`,
   * `rule.threshold.field`, `rule.threat.0.framework` (arrays of tables by index).
   */
  readonly keyValues: Map<string, TomlKeyValue>;
  /** The key/value at a full dotted path, as `keyValues.get(path)`, without building that map. */
  find(path: string): TomlKeyValue | undefined;
  /**
   * The document in order, for outlines and folding: the key/values before the first header, then each
   * `[table]` / `[[array of tables]]` header with the key/values under it.
   */
  sections: TomlSection[];
}

export interface TomlSection {
  /** Undefined for the key/values before the first header. */
  header?: { array: boolean; keys: string[]; keySpan: Span; span: Span };
  /** The resolved path: `['rule', 'threat', 0]` for the first `[[rule.threat]]`. */
  path: Array<string | number>;
  entries: TomlKeyValue[];
}

export class TomlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'TomlSyntaxError';
  }
}

/** Arrays and inline tables nested deeper than this are an error (not a stack overflow). */
export const MAX_NESTING = 1000;

const enum C {
  Tab = 9, LF = 10, CR = 13, Space = 32, Quote = 34, Hash = 35, Apos = 39, Plus = 43, Comma = 44,
  Minus = 45, Dot = 46, Zero = 48, Nine = 57, Colon = 58, Eq = 61, LBracket = 91, Backslash = 92,
  RBracket = 93, Underscore = 95, LBrace = 123, RBrace = 125, Del = 127,
}

/** How a table came to exist, which decides what may still define or extend it. */
const enum Kind {
  /** Created as the parent of a header (`[a.b]` creates `a`): may still get its own header. */
  Implicit,
  /** Defined by a `[header]`. */
  Explicit,
  /** Created by a dotted key (`a.b = 1` creates `a`): extended only by more dotted keys. */
  Dotted,
  /** An inline table or a value array: closed. */
  Closed,
  /** An array of tables (`[[a]]`). */
  TableArray,
}

type Table = Record<string, unknown>;

/** 1 for the characters of bare keys: A-Z a-z 0-9 - _ */
const BARE = new Uint8Array(128);
for (let c = 0; c < 128; c++) BARE[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= C.Zero && c <= C.Nine) || c === C.Minus || c === C.Underscore ? 1 : 0;
const isBare = (c: number) => c >= 0 && c < 128 && BARE[c] === 1;
const isDigit = (c: number) => c >= C.Zero && c <= C.Nine;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const ESCAPES: Record<number, string> = { 98: '\b', 116: '\t', 110: '\n', 102: '\f', 114: '\r', 101: '\x1b', 34: '"', 92: '\\' };

function describe(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text.charCodeAt(i);
  if (c === C.LF || c === C.CR) return 'the end of the line';
  if (c < 32 || c === C.Del) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${String.fromCodePoint(text.codePointAt(i)!)}'`;
}

function setOwn(table: Table, key: string, value: unknown): void {
  // `__proto__` as a key is data, not the prototype.
  if (key === '__proto__') Object.defineProperty(table, key, { value, writable: true, enumerable: true, configurable: true });
  else table[key] = value;
}

// Runs of characters that need no attention inside each kind of string (skipped by one regex step).
const BASIC_RUN = /[^"\\\x00-\x08\x0a-\x1f\x7f]+/y;
const LITERAL_RUN = /[^'\x00-\x08\x0a-\x1f\x7f]+/y;
// What a multi-line string must look at (one search finds the next; quotes and line feeds are not in it).
const MULTILINE_BASIC_SPECIAL = /[\\\x00-\x08\x0b-\x1f\x7f]/g;
const MULTILINE_LITERAL_SPECIAL = /[\x00-\x08\x0b-\x1f\x7f]/g;
/** The offset of the next match of a one-character global regex at or after `i`, or the text length. */
const nextMatch = (re: RegExp, text: string, i: number): number => {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex - 1 : text.length;
};
// NUL is left out: `hasNul` looks for it.
const CONTROLS = Array.from({ length: 31 }, (_, c) => String.fromCharCode(c + 1)).filter((c) => c !== '\t' && c !== '\n' && c !== '\r').concat('\x7f');
/** Whether `text` has a control character other than tab, line feed and carriage return. */
function hasControl(text: string): boolean {
  for (let k = 0; k < CONTROLS.length; k++) if (text.indexOf(CONTROLS[k]) !== -1) return true;
  return hasNul(text);
}
/**
 * Whether `text` has a NUL. In a two-byte string `indexOf('\0')` compares character by character (the
 * engine's byte search would stop at the zero high byte of every ASCII character): 2-3 ms of reading the
 * corpus, whose non-Latin-1 files are a quarter of its text. Where Node's `Buffer` is at hand, the search
 * is a byte search of the text's low bytes (copied into a reused buffer): a zero byte there is a NUL or a
 * character U+xx00, which the text tells apart.
 */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
/** Texts longer than this are searched by `indexOf` (the reused buffer stays small). */
const NUL_BUFFER_MAX = 1 << 20;
let lowBytes: Buffer | undefined;
function hasNul(text: string): boolean {
  const n = text.length;
  if (NodeBuffer === undefined || n > NUL_BUFFER_MAX) return text.indexOf('\0') !== -1;
  // One byte more than the text for a zero that ends every search.
  if (lowBytes === undefined || lowBytes.length <= n) lowBytes = NodeBuffer.allocUnsafe(Math.max(n + 1, 1 << 16));
  const bytes = lowBytes;
  bytes.write(text, 0, n, 'latin1');
  bytes[n] = 0;
  for (let at = bytes.indexOf(0); at < n; at = bytes.indexOf(0, at + 1)) if (text.charCodeAt(at) === 0) return true;
  return false;
}
/**
 * The text's UTF-16 code units, for the reader's scans character by character (blanks, keys, punctuation):
 * an element of a typed array is read without the check of the string's representation that each
 * `charCodeAt` makes (about 9 % of reading the corpus). One array is shared and refilled by each reader (a
 * read runs to its end before another starts), at the units' offsets in the text; a 0 follows the last
 * unit copied, so a scan that has no bound of its own stops there (see `Reader.window`).
 */
let units: Uint16Array<ArrayBufferLike> = new Uint16Array(1 << 14);
let unitBytes: Buffer | undefined;
/** Arrays larger than this (units) are given up after the read that needed them. */
const UNITS_KEPT = 1 << 20;
/**
 * Makes `units` hold at least `size` units (its content is then undefined); returns it. Up to a whole text of
 * WHOLE_UNITS, the units are in the memory of the control-character scan (see control-scan.ts), which then
 * reads them there.
 */
function unitsOf(size: number): Uint16Array {
  if (size <= WHOLE_UNITS + 1) {
    const scanned = scanUnitsOf(size);
    if (scanned !== undefined) {
      if (units !== scanned) {
        units = scanned;
        unitBytes = undefined;
      }
      return units;
    }
  }
  if (units.length < size) {
    if (NodeBuffer !== undefined) {
      // Memory not cleared: of a long text only windows are copied (the rest of its pages is never touched).
      unitBytes = NodeBuffer.allocUnsafeSlow(2 * (size + 1024));
      units = new Uint16Array(unitBytes.buffer, unitBytes.byteOffset, size + 1024);
    } else {
      units = new Uint16Array(size + 1024);
    }
  }
  return units;
}
/** Copies the units `from`..`to` of `text` into `units` (at their offsets; it holds `to` + 1), then a 0 at `to`. */
function fillUnits(text: string, from: number, to: number): void {
  if (NodeBuffer !== undefined) {
    // A copy by the engine (two-byte strings as they are, one-byte ones widened).
    unitBytes ??= NodeBuffer.from(units.buffer, units.byteOffset, units.byteLength);
    unitBytes.write(from === 0 && to === text.length ? text : text.slice(from, to), 2 * from, 2 * (to - from), 'utf16le');
  } else {
    for (let k = from; k < to; k++) units[k] = text.charCodeAt(k);
  }
  units[to] = 0;
}
/** Texts (or values read for `Entry`) up to this many units are copied whole; longer ones by windows. */
const WHOLE_UNITS = 1 << 20;
/** Units per window; more than 65 (see `key`). */
const UNITS_WINDOW = 1 << 16;
/** After a read: a large array is not kept (the next read makes one of its size). */
function releaseUnits(): void {
  if (units.length > UNITS_KEPT && !inScanMemory(units)) {
    units = new Uint16Array(1 << 14);
    unitBytes = undefined;
  }
}

/**
 * The bare keys read before, by a hash of their characters (a cache of fixed size; a slot holds the last
 * key that hashed to it). Rule files use the same few hundred keys: read as the same engine-internal
 * string, a key needs no slice, and looking it up or storing it in a table needs no search of the
 * engine's string table.
 */
const KEY_SLOTS = 2048;
const keySlots: Array<string | undefined> = new Array(KEY_SLOTS).fill(undefined);
/**
 * The bare key that followed each cached key the last time (by the cached key's slot), and that key's own
 * slot. Rule files write their keys in much the same order (`[rule]`: author, description, from, ...), so
 * three keys in four are the one predicted: checked character by character against the text, with no
 * hash to compute. The prediction is only a guess; every character is compared.
 */
const nextKey: Array<string | undefined> = new Array(KEY_SLOTS).fill(undefined);
/**
 * The units of each cached key (KEY_UNITS a slot; cached keys are no longer), compared with the text's as
 * elements of typed arrays: `charCodeAt` of the key checks its representation at every character.
 */
const KEY_UNITS = 64;
const keyUnits = new Uint16Array(KEY_SLOTS * KEY_UNITS);
function cacheKey(slot: number, key: string): void {
  keySlots[slot] = key;
  for (let k = 0, at = slot * KEY_UNITS; k < key.length; k++) keyUnits[at + k] = key.charCodeAt(k);
}
const nextSlot = new Int32Array(KEY_SLOTS);
let lastSlot = 0;
/**
 * The bare key at `start` of `text` (whose first character is bare; `u` its units, see `fillUnits`, copied
 * at least 65 on, and up to `limit` when that is not -1): the predicted one or a cached one.
 */
function readBareKey(text: string, u: Uint16Array, start: number, limit: number): string {
  const guess = nextKey[lastSlot];
  const guessSlot = nextSlot[lastSlot];
  const at = guessSlot * KEY_UNITS;
  // The guess's units are those of its slot while it holds the guess.
  if (guess !== undefined && keyUnits[at] === u[start] && keySlots[guessSlot] === guess) {
    const len = guess.length;
    let k = 1;
    while (k < len && keyUnits[at + k] === u[start + k]) k++;
    // At the end, the 0 after the text (not bare).
    const d = u[start + len];
    if (k === len && !(d < 128 && BARE[d] === 1)) {
      lastSlot = nextSlot[lastSlot];
      return guess;
    }
  }
  let j = start + 1;
  let h = u[start];
  for (let d = u[j]; d < 128 && BARE[d] === 1; d = u[++j]) h = (Math.imul(h, 31) + d) | 0;
  // A key longer than the units copied: the rest from the text (past its end, NaN is not < 128).
  if (j === limit) {
    for (let d = text.charCodeAt(j); d < 128 && BARE[d] === 1; d = text.charCodeAt(++j)) h = (Math.imul(h, 31) + d) | 0;
  }
  const key = bareKey(text, u, start, j, h);
  const slot = h & (KEY_SLOTS - 1);
  // Only a cached key is predicted (a long key not cached may be a slice that keeps a file's text alive).
  nextKey[lastSlot] = keySlots[slot] === key ? key : undefined;
  nextSlot[lastSlot] = slot;
  lastSlot = slot;
  return key;
}
function bareKey(text: string, u: Uint16Array, start: number, end: number, hash: number): string {
  const slot = hash & (KEY_SLOTS - 1);
  const known = keySlots[slot];
  if (known !== undefined && known.length === end - start) {
    let k = 0;
    const at = slot * KEY_UNITS;
    while (k < known.length && keyUnits[at + k] === u[start + k]) k++;
    if (k === known.length) return known;
  }
  const key = text.slice(start, end);
  // A short slice is a copy; a longer one may point into the whole text, so the cache keeps its own copy
  // (the engine-internal string) rather than keep a file's text alive.
  if (key.length < 13) cacheKey(slot, key);
  else if (key.length <= KEY_UNITS) cacheKey(slot, Object.keys({ [key]: 0 })[0]);
  return key;
}
const skipRun = (re: RegExp, text: string, i: number): number => {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex : i;
};
const has = (table: Table, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/**
 * The document over its sections: `keyValues` is built on first use (most readers look up two or three
 * keys, which `find` does by a walk of the sections; a map of every key of every file was 13 % of reading).
 */
class Doc implements TomlDocument {
  private map: Map<string, TomlKeyValue> | undefined;
  constructor(readonly value: Record<string, unknown>, readonly sections: TomlSection[]) {}

  get keyValues(): Map<string, TomlKeyValue> {
    if (this.map) return this.map;
    const map = new Map<string, TomlKeyValue>();
    for (const s of this.sections) {
      const prefix = s.path.join('.');
      for (const kv of s.entries) map.set(prefix ? `${prefix}.${dottedKey(kv)}` : dottedKey(kv), kv);
    }
    return (this.map = map);
  }

  find(path: string): TomlKeyValue | undefined {
    if (this.map) return this.map.get(path);
    // From the last section and entry: the first found is the last with that path (the one of `keyValues`).
    const sections = this.sections;
    for (let si = sections.length - 1; si >= 0; si--) {
      const s = sections[si];
      // The section's path must be a prefix of `path`, segment by segment.
      let at = 0;
      const sectionPath = s.path;
      for (let k = 0; k < sectionPath.length; k++) {
        const segment = sectionPath[k];
        const name = typeof segment === 'number' ? String(segment) : segment;
        // The '.' after the segment and its first character first (most sections differ there), then the rest.
        if (path.charCodeAt(at + name.length) !== C.Dot || (name.length !== 0 && (path.charCodeAt(at) !== name.charCodeAt(0) || !path.startsWith(name, at)))) {
          at = -1;
          break;
        }
        at += name.length + 1;
      }
      if (at < 0) continue;
      const restLength = path.length - at;
      const entries = s.entries;
      for (let e = entries.length - 1; e >= 0; e--) {
        const key = dottedKey(entries[e]);
        if (key.length === restLength && path.startsWith(key, at)) return entries[e];
      }
    }
    return undefined;
  }
}

const dotted = (keys: string[]): string => (keys.length === 1 ? keys[0] : keys.join('.'));

/** The dotted key of a key/value (`a."b.c"` is `a.b.c`), as `keyValues` joins it. */
export function dottedKey(kv: TomlKeyValue): string {
  return kv instanceof Entry ? kv.dotted : dotted(kv.key);
}

/** What the key/values of one document need to build their nodes when asked. */
interface Source {
  readonly text: string;
  readonly clean: boolean;
}

/**
 * A key/value of a table section. The reader keeps only offsets and the plain value; the key's parts, its
 * span and the value's node are made on first use (most documents are asked for a few of them). A string
 * or boolean node is built from the plain value; any other value is read again from its offset (the text
 * is known to be valid there).
 */
class Entry implements TomlKeyValue {
  private parts: string[] | undefined;
  private span: Span | undefined = undefined;
  private node: TomlValueNode | undefined = undefined;
  constructor(
    private readonly src: Source,
    private readonly first: string,
    parts: string[] | undefined,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
    private readonly plain: unknown,
  ) {
    this.parts = parts;
  }
  get dotted(): string {
    const parts = this.parts;
    return parts === undefined || parts.length === 1 ? this.first : parts.join('.');
  }
  get key(): string[] {
    return (this.parts ??= [this.first]);
  }
  get keySpan(): Span {
    return (this.span ??= { start: this.keyStart, end: this.keyEnd });
  }
  get value(): TomlValueNode {
    return (this.node ??= this.read());
  }
  private read(): TomlValueNode {
    const { text, clean } = this.src;
    const start = this.valueStart;
    const plain = this.plain;
    const span = { start, end: this.valueEnd };
    const c = text.charCodeAt(start);
    if (c === C.Quote || c === C.Apos) {
      const multiline = text.charCodeAt(start + 1) === c && text.charCodeAt(start + 2) === c;
      return { type: 'string', style: c === C.Quote ? 'basic' : 'literal', multiline, value: plain as string, span };
    }
    if (typeof plain === 'boolean') return { type: 'boolean', value: plain, span };
    let node: TomlValueNode;
    try {
      // Only the value's units: reading a valid value looks at none after it (its end is where the first
      // read stopped, which the 0 there also stops).
      const reader = new Reader(text, clean, true, start, this.valueEnd);
      reader.at(start);
      node = reader.valueNode();
    } finally {
      releaseUnits();
    }
    // The same Date as in the document's value.
    if (node.type === 'datetime') node.value = plain as Date;
    return node;
  }
}

/**
 * The next occurrence of a character at or after an offset (or the text's length), kept while the offsets
 * asked for do not pass it: a reader that moves forward searches each part of the text once (linear).
 */
class Next {
  private from = Infinity;
  private found = 0;
  constructor(private readonly text: string, private readonly char: string) {}
  at(i: number): number {
    if (i < this.from || i > this.found) {
      this.from = i;
      const at = this.text.indexOf(this.char, i);
      this.found = at === -1 ? this.text.length : at;
    }
    return this.found;
  }
}

/** Reads a TOML document. Throws `TomlSyntaxError` on invalid input; never anything else. */
export function parseToml(text: string): TomlDocument {
  try {
    return new Reader(text, undefined, false).document();
  } finally {
    releaseUnits();
  }
}

/**
 * The reader's record of a table it made (beside the plain value, which holds only the user's data): how
 * it came to exist, which decides what may still define or extend it, and the records of the tables made
 * under it. A key of a table without a record holds a value (an inline table, an array of values): closed.
 * Records are reached by key from their parent's, so no table needs an identity hash (a `Map` keyed by the
 * tables themselves was 15-20 % of reading a rule file's headers).
 */
class Meta {
  /**
   * The records of the tables under it: up to SMALL_CHILDREN side by side (rule tables have one to three,
   * and comparing a few keys costs less than making and searching a Map), then in a Map.
   */
  private keys: string[] | undefined = undefined;
  private metas: Meta[] | undefined = undefined;
  private children: Map<string, Meta> | undefined = undefined;
  /** For an array of tables: the record of its last table (the one later headers extend). */
  last: Meta | undefined = undefined;
  constructor(public kind: Kind, readonly table: Table | Table[]) {}
  child(key: string): Meta | undefined {
    if (this.children !== undefined) return this.children.get(key);
    const keys = this.keys;
    if (keys === undefined) return undefined;
    for (let k = 0; k < keys.length; k++) if (keys[k] === key) return this.metas![k];
    return undefined;
  }
  /** Records `meta` as the table at `key` (a key not recorded yet); returns it. */
  add(key: string, meta: Meta): Meta {
    const keys = this.keys;
    if (this.children !== undefined) this.children.set(key, meta);
    else if (keys === undefined) {
      this.keys = [key];
      this.metas = [meta];
    } else if (keys.length < SMALL_CHILDREN) {
      keys.push(key);
      this.metas!.push(meta);
    } else {
      const children = new Map<string, Meta>();
      for (let k = 0; k < keys.length; k++) children.set(keys[k], this.metas![k]);
      this.children = children.set(key, meta);
      this.keys = this.metas = undefined;
    }
    return meta;
  }
}
const SMALL_CHILDREN = 8;

class Reader {
  private i = 0;
  private readonly n: number;
  private readonly root: Table = {};
  /** The record of the root table and, under it, of every table and array of tables (see `Meta`). */
  private readonly rootMeta = new Meta(Kind.Explicit, this.root);
  /** The plain value of the node `value()` returned last (arrays and inline tables are built as they are read). */
  private plain: unknown;
  /** The span of the key `key()` read last. */
  private keyStart = 0;
  private keyEnd = 0;
  /** Scratch stacks for the elements of the arrays being read (nested arrays share them), copied out at `]`. */
  private readonly elementStack: TomlValueNode[] = [];
  private readonly plainStack: unknown[] = [];
  /** The stacks' tops (they are never shortened: that would give up their storage). */
  private top = 0;

  private readonly src: Source;
  /**
   * The text's units (see `fillUnits`) from `lo` to `hi` (before `hi`: what is read by `code` and the scans;
   * at `hi`, a 0), and the end of what is read (the text's, or for `Entry` its value's).
   */
  private readonly units: Uint16Array<ArrayBufferLike>;
  private lo = 0;
  private hi = 0;
  private readonly to: number;
  /** The parts of the key `key()` read last, when it has several (`a.b`); undefined for one part. */
  private parts: string[] | undefined = undefined;

  /**
   * `clean`: no control character other than tab, line feed and carriage return anywhere in the text (nearly
   * every file); undefined: find out (see `noControls`). Then strings and comments are read by `indexOf` of
   * what ends them and of backslashes and carriage returns; otherwise character by character, which finds the
   * first bad character.
   *
   * `full`: build the node of every value (to read one value again, for `Entry`); otherwise only the plain
   * values, and the key/values of the table sections as `Entry` (offsets).
   *
   * `from`/`to`: the part of the text that is read (for `Entry`: one value; see `fillUnits`).
   */
  private readonly clean: boolean;
  constructor(private readonly text: string, clean: boolean | undefined, private readonly full: boolean, from = 0, to = text.length) {
    this.n = text.length;
    this.to = to;
    if (to - from <= WHOLE_UNITS) {
      this.units = unitsOf(to + 1);
      fillUnits(text, from, to);
      this.lo = from;
      this.hi = to;
    } else {
      this.units = unitsOf(this.n + 1);
      this.window(from);
    }
    this.clean = clean ??= this.noControls();
    this.src = { text, clean };
    this.lf = new Next(text, '\n');
    this.cr = new Next(text, '\r');
    this.backslash = new Next(text, '\\');
  }

  /**
   * Whether the text has no control character other than tab, line feed and carriage return: by the scan of
   * the units copied (the whole text, in the scan's memory), else by searches of the text.
   */
  private noControls(): boolean {
    if (controlScan !== undefined && this.lo === 0 && this.hi === this.n && inScanMemory(this.units)) return !controlScan(this.n);
    return !hasControl(this.text);
  }

  /** For `Entry`: read from `i`. */
  at(i: number): void {
    this.i = i;
  }
  /** For `Entry`: the node of the value at the offset (known valid), as read at the top of a table. */
  valueNode(): TomlValueNode {
    return this.value(0)!;
  }

  private fail(message: string, at = this.i): never {
    throw new TomlSyntaxError(message, Math.min(at, this.n));
  }
  private code(at = this.i): number {
    return at < this.hi ? this.units[at] : at < this.n ? this.far(at) : -1;
  }
  /** The unit at `at` (in the text), past the ones copied: 0 past a value read for `Entry` (its end). */
  private far(at: number): number {
    if (at >= this.to) return 0;
    // Near the reader's offset, when it has moved since the last window: a new window from there.
    if (at - this.i < UNITS_WINDOW && this.i > this.lo) {
      this.window(this.i);
      if (at < this.hi) return this.units[at];
    }
    return this.text.charCodeAt(at);
  }
  /**
   * For a text of more than WHOLE_UNITS units (whose long strings are read by searches: copying all of it
   * would be most of its reading): copies UNITS_WINDOW units from `start` (or up to the end of what is
   * read). The scans that read units unchecked go on in the next window when they stop at the 0 after one.
   */
  private window(start: number): void {
    const end = Math.min(this.to, start + UNITS_WINDOW);
    fillUnits(this.text, start, end);
    this.lo = start;
    this.hi = end;
  }

  document(): TomlDocument {
    let meta = this.rootMeta;
    let table = this.root;
    const text = this.text;
    let section: TomlSection = { path: [], entries: [] };
    const sections = [section];
    if (this.code() === 0xfeff) this.i++;
    while (this.i < this.n) {
      this.skipBlanks();
      const c = this.code();
      if (c === -1) break;
      if (c === C.Hash) this.comment();
      else if (c === C.LF || c === C.CR) this.newline();
      else if (c === C.LBracket) {
        const start = this.i;
        const array = this.code(this.i + 1) === C.LBracket;
        this.i += array ? 2 : 1;
        this.skipBlanks();
        const first = this.key();
        const keys = this.parts ?? [first];
        const keySpan = { start: this.keyStart, end: this.keyEnd };
        if (this.code() !== C.RBracket || (array && this.code(this.i + 1) !== C.RBracket)) {
          this.fail(`Expected '${array ? ']]' : ']'}' to close the table header but found ${describe(text, this.i)}`);
        }
        this.i += array ? 2 : 1;
        const path: Array<string | number> = [];
        meta = this.openTable(keys, array, start, path);
        table = meta.table as Table;
        section = { header: { array, keys, keySpan, span: { start, end: this.i } }, path, entries: [] };
        sections.push(section);
        this.endOfLine();
      } else {
        this.keyValue(table, meta, section.entries, 0);
        this.endOfLine();
      }
    }
    return new Doc(this.root, sections);
  }

  private skipBlanks(): void {
    const start = this.i;
    const u = this.units;
    let i = start;
    // At the end, the 0 after the units copied: not a blank.
    for (let c = u[i]; c === C.Space || c === C.Tab; c = u[++i]);
    this.i = i;
    if (i >= this.hi) this.blanksPastWindow(start);
  }

  /** `skipBlanks` from `start` when the units copied (a window, see `window`) end before it or in the blanks. */
  private blanksPastWindow(start: number): void {
    if (this.hi === this.to) return;
    const u = this.units;
    let i = start;
    for (;;) {
      if (i >= this.hi) this.window(i);
      for (let c = u[i]; c === C.Space || c === C.Tab; c = u[++i]);
      if (i !== this.hi || i === this.to) break;
    }
    this.i = i;
  }

  private comment(): void {
    // Up to the end of the line; control characters other than tab are not allowed in comments.
    this.i++;
    if (this.clean && this.nextCR(this.i) === this.n) {
      const end = this.text.indexOf('\n', this.i);
      this.i = end === -1 ? this.n : end;
      return;
    }
    while (this.i < this.n) {
      const c = this.text.charCodeAt(this.i);
      if (c === C.LF || (c === C.CR && this.code(this.i + 1) === C.LF)) return;
      if ((c < 32 && c !== C.Tab) || c === C.Del) this.fail(`Invalid ${describe(this.text, this.i)} in a comment`);
      this.i++;
    }
  }

  private newline(): void {
    const c = this.code();
    if (c === C.LF) this.i++;
    else if (c === C.CR && this.code(this.i + 1) === C.LF) this.i += 2;
    else this.fail(`Expected the end of the line but found ${describe(this.text, this.i)}`);
  }

  /** After a key/value or a header: blanks, an optional comment, then a newline or the end. */
  private endOfLine(): void {
    let c = this.code();
    if (c === C.LF) {
      this.i++;
      return;
    }
    this.skipBlanks();
    if (this.code() === C.Hash) this.comment();
    if (this.i >= this.n) return;
    c = this.code();
    if (c !== C.LF && c !== C.CR) this.fail(`Expected the end of the line but found ${describe(this.text, this.i)}`);
    this.newline();
  }

  /**
   * A bare, quoted or dotted key and the blanks after it: its first part (all parts in `parts` when it has
   * several); its span in `keyStart`/`keyEnd`.
   */
  private key(): string {
    const text = this.text;
    const start = this.i;
    let first: string | undefined;
    let keys: string[] | undefined;
    for (;;) {
      const c = this.code();
      let part: string;
      if (c === C.Quote) {
        if (text.startsWith('"""', this.i)) this.fail('A key cannot be a multi-line string');
        part = this.string(true, false);
      } else if (c === C.Apos) {
        if (text.startsWith("'''", this.i)) this.fail('A key cannot be a multi-line string');
        part = this.string(false, false);
      } else if (isBare(c)) {
        // The predicted key (up to 64 units) and the unit after it within the window.
        if (this.i + 65 >= this.hi && this.hi < this.to) this.window(this.i);
        part = readBareKey(text, this.units, this.i, this.hi < this.to ? this.hi : -1);
        this.i += part.length;
      } else {
        return this.fail(`Expected a key but found ${describe(text, this.i)}`);
      }
      if (first === undefined) first = part;
      else if (keys === undefined) keys = [first, part];
      else keys.push(part);
      const end = this.i;
      this.skipBlanks();
      if (this.code() !== C.Dot) {
        // The offset stays after the blanks that follow the key (its callers skip them anyway).
        this.keyStart = start;
        this.keyEnd = end;
        this.parts = keys;
        return first;
      }
      this.i++;
      this.skipBlanks();
    }
  }

  /**
   * `[a.b]` / `[[a.b]]`: the record of the table its key/values go into; `path` gets its resolved path
   * (array of tables by index).
   */
  private openTable(keys: string[], array: boolean, at: number, path: Array<string | number>): Meta {
    let table = this.root;
    let meta = this.rootMeta;
    for (let k = 0; k < keys.length - 1; k++) {
      const key = keys[k];
      path.push(key);
      if (!has(table, key)) {
        const t: Table = {};
        meta = meta.add(key, new Meta(Kind.Implicit, t));
        setOwn(table, key, t);
        table = t;
        continue;
      }
      const next = meta.child(key);
      const kind = next === undefined ? Kind.Closed : next.kind;
      if (kind === Kind.TableArray) {
        path.push((next!.table as Table[]).length - 1);
        meta = next!.last!;
        table = meta.table as Table;
      } else if (kind === Kind.Implicit || kind === Kind.Explicit || kind === Kind.Dotted) {
        meta = next!;
        table = meta.table as Table;
      } else {
        this.fail(`Cannot define table [${tableName(keys)}]: "${keys.slice(0, k + 1).join('.')}" is already a value`, at);
      }
    }
    const last = keys[keys.length - 1];
    path.push(last);
    if (array) {
      const t: Table = {};
      const tableMeta = new Meta(Kind.Explicit, t);
      if (!has(table, last)) {
        const list = [t];
        meta.add(last, new Meta(Kind.TableArray, list)).last = tableMeta;
        setOwn(table, last, list);
        path.push(0);
      } else {
        const listMeta = meta.child(last);
        if (listMeta === undefined || listMeta.kind !== Kind.TableArray) {
          this.fail(`Cannot define [[${tableName(keys)}]]: "${keys.join('.')}" is already defined, and not as an array of tables`, at);
        }
        const list = listMeta.table as Table[];
        list.push(t);
        listMeta.last = tableMeta;
        path.push(list.length - 1);
      }
      return tableMeta;
    }
    if (!has(table, last)) {
      const t: Table = {};
      setOwn(table, last, t);
      return meta.add(last, new Meta(Kind.Explicit, t));
    }
    const existing = meta.child(last);
    if (existing === undefined || existing.kind !== Kind.Implicit) this.fail(`Table [${tableName(keys)}] is defined more than once`, at);
    existing.kind = Kind.Explicit;
    return existing;
  }

  /**
   * `key = value` into `table`; pushed to `into` (the section's entries, or in `full` mode the inline
   * table's; null for the inline tables of a document read without nodes).
   */
  private keyValue(table: Table, meta: Meta, into: TomlKeyValue[] | null, depth: number): void {
    const first = this.key();
    const keys = this.parts;
    const keyStart = this.keyStart;
    const keyEnd = this.keyEnd;
    if (this.code() !== C.Eq) this.fail(`Expected '=' after the key "${keys ? keys.join('.') : first}" but found ${describe(this.text, this.i)}`);
    this.i++;
    this.skipBlanks();
    const valueStart = this.i;
    const value = this.value(depth);
    const plain = this.plain;
    const last = keys === undefined ? first : this.dottedTarget(table, meta, keys, keyStart);
    const target = keys === undefined ? table : this.target;
    if (has(target, last)) this.fail(`Duplicate key "${keys ? keys.join('.') : first}"`, keyStart);
    setOwn(target, last, plain);
    if (into === null) return;
    if (this.full) into.push({ key: keys ?? [first], keySpan: { start: keyStart, end: keyEnd }, value: value! });
    else into.push(new Entry(this.src, first, keys, keyStart, keyEnd, valueStart, this.i, plain));
  }

  /** The table a dotted key's last part goes into (in `target`), made or checked part by part; returns the last part. */
  private target: Table = this.root;
  private dottedTarget(table: Table, meta: Meta, keys: string[], keyStart: number): string {
    let target = table;
    let m = meta;
    for (let k = 0; k < keys.length - 1; k++) {
      const key = keys[k];
      if (!has(target, key)) {
        const t: Table = {};
        m = m.add(key, new Meta(Kind.Dotted, t));
        setOwn(target, key, t);
        target = t;
        continue;
      }
      const next = m.child(key);
      if (next === undefined || next.kind !== Kind.Dotted) {
        this.fail(`Cannot add "${keys.join('.')}": "${keys.slice(0, k + 1).join('.')}" is already defined`, keyStart);
      }
      m = next;
      target = next.table as Table;
    }
    this.target = target;
    return keys[keys.length - 1];
  }

  /** A value; its plain value in `plain`; its node in `full` mode. */
  private value(depth: number): TomlValueNode | undefined {
    const start = this.i;
    const c = this.code();
    const text = this.text;
    if (c === C.Quote || c === C.Apos) {
      const basic = c === C.Quote;
      const multiline = this.code(start + 1) === c && this.code(start + 2) === c;
      const value = this.string(basic, multiline);
      this.plain = value;
      return this.full ? { type: 'string', style: basic ? 'basic' : 'literal', multiline, value, span: { start, end: this.i } } : undefined;
    }
    if (c === C.LBracket) return this.array(depth + 1);
    if (c === C.LBrace) return this.inlineTable(depth + 1);
    if (c === 116 /* t */ && text.startsWith('true', start) && !isBare(this.code(start + 4))) {
      this.i += 4;
      this.plain = true;
      return this.full ? { type: 'boolean', value: true, span: { start, end: this.i } } : undefined;
    }
    if (c === 102 /* f */ && text.startsWith('false', start) && !isBare(this.code(start + 5))) {
      this.i += 5;
      this.plain = false;
      return this.full ? { type: 'boolean', value: false, span: { start, end: this.i } } : undefined;
    }
    if (isDigit(c) || c === C.Plus || c === C.Minus || c === 105 /* i */ || c === 110 /* n */) {
      const node = this.numberOrDate();
      this.plain = (node as { value: unknown }).value;
      return this.full ? node : undefined;
    }
    if (c === -1 || c === C.LF || c === C.CR || c === C.Hash) this.fail(`Expected a value but found ${describe(text, this.i)}`);
    return this.fail(`Expected a value (a string, number, boolean, date, array or inline table) but found ${describe(text, this.i)}`);
  }

  private array(depth: number): TomlValueNode | undefined {
    if (depth > MAX_NESTING) this.fail(`Arrays and inline tables nested more than ${MAX_NESTING} deep are not read`);
    const start = this.i++;
    const elementStack = this.elementStack;
    const plainStack = this.plainStack;
    const base = this.top;
    for (;;) {
      this.blanksAndComments();
      if (this.code() === C.RBracket) break;
      const node = this.value(depth);
      if (node !== undefined) elementStack[this.top] = node;
      plainStack[this.top++] = this.plain;
      this.blanksAndComments();
      if (this.code() === C.Comma) {
        this.i++;
        continue;
      }
      if (this.code() === C.RBracket) break;
      this.fail(`Expected ',' or ']' in the array but found ${describe(this.text, this.i)}`);
    }
    this.i++;
    this.plain = plainStack.slice(base, this.top);
    if (!this.full) {
      this.top = base;
      return undefined;
    }
    const elements = elementStack.slice(base, this.top);
    this.top = base;
    return { type: 'array', elements, span: { start, end: this.i } };
  }

  private inlineTable(depth: number): TomlValueNode | undefined {
    if (depth > MAX_NESTING) this.fail(`Arrays and inline tables nested more than ${MAX_NESTING} deep are not read`);
    const start = this.i++;
    const table: Table = {};
    const entries: TomlKeyValue[] | null = this.full ? [] : null;
    // The records of the tables its dotted keys make live only while it is read: then they are closed.
    const meta = new Meta(Kind.Closed, table);
    for (;;) {
      this.blanksAndComments();
      if (this.code() === C.RBrace) break;
      this.keyValue(table, meta, entries, depth);
      this.blanksAndComments();
      if (this.code() === C.Comma) {
        this.i++;
        continue;
      }
      if (this.code() === C.RBrace) break;
      this.fail(`Expected ',' or '}' in the inline table but found ${describe(this.text, this.i)}`);
    }
    this.i++;
    this.plain = table;
    return entries === null ? undefined : { type: 'inline-table', entries, span: { start, end: this.i } };
  }

  /** Inside arrays and inline tables: blanks, newlines and comments. */
  private blanksAndComments(): void {
    for (;;) {
      const c = this.code();
      if (c === C.Space || c === C.Tab) this.i++;
      else if (c === C.LF || c === C.CR) this.newline();
      else if (c === C.Hash) this.comment();
      else return;
    }
  }

  /** A string from its opening quote; basic strings have escapes, literal ones none. */
  private string(basic: boolean, multiline: boolean): string {
    if (multiline) return this.multilineString(basic);
    const text = this.text;
    const open = this.i;
    const quote = basic ? C.Quote : C.Apos;
    if (this.clean) {
      // Nearly every string: no escape, the closing quote before the end of the line.
      const close = text.indexOf(basic ? '"' : "'", open + 1);
      if (close !== -1 && close < this.nextLF(open) && close < this.nextCR(open) && (!basic || close < this.nextBackslash(open))) {
        this.i = close + 1;
        return text.slice(open + 1, close);
      }
    }
    const runs = basic ? BASIC_RUN : LITERAL_RUN;
    let i = open + 1;
    // One slice of the text unless the string has escapes (then `value` holds what precedes `run`).
    let value = '';
    let run = i;
    for (;;) {
      i = skipRun(runs, text, i);
      if (i >= this.n) this.fail(`Unterminated string: add the closing ${basic ? '"' : "'"}`, open);
      const c = text.charCodeAt(i);
      if (c === quote) {
        this.i = i + 1;
        return run === open + 1 ? text.slice(run, i) : value + text.slice(run, i);
      }
      if (c === C.Backslash && basic) {
        value += text.slice(run, i);
        this.i = i;
        value += this.escape(false);
        i = run = this.i;
      } else if (c === C.LF || c === C.CR) {
        this.fail(`Unterminated string: a one-line string ends at the end of its line (use ${basic ? '"""' : "'''"} for several lines)`, i);
      } else {
        this.fail(`Invalid ${describe(text, i)} in a string${basic ? ': write it as an escape' : ''}`, i);
      }
    }
  }

  /**
   * A multi-line string from its opening quotes. Its end is found by `indexOf`, and the characters that
   * need attention (backslashes, carriage returns, control characters) by a search kept while it lies
   * ahead (`special`), so the quotes and line feeds of a query cost nothing.
   */
  private multilineString(basic: boolean): string {
    const text = this.text;
    const open = this.i;
    const quote = basic ? C.Quote : C.Apos;
    const run3 = basic ? '"""' : "'''";
    let i = open + 3;
    if (this.code(i) === C.LF) i++;
    else if (this.code(i) === C.CR && this.code(i + 1) === C.LF) i += 2;
    const first = i;
    let value = '';
    let run = i;
    let close = -2;
    for (;;) {
      if (close !== -1 && close < i) close = text.indexOf(run3, i);
      const at = this.special(basic, i);
      if (close !== -1 && close < at) {
        // Up to two more quotes right before the closing three belong to the value.
        let q = 3;
        while (q < 5 && this.code(close + q) === quote) q++;
        this.i = close + q;
        const end = close + q - 3;
        return run === first ? text.slice(run, end) : value + text.slice(run, end);
      }
      if (at >= this.n) this.fail(`Unterminated string: add the closing ${run3}`, open);
      const c = text.charCodeAt(at);
      if (c === C.Backslash) {
        value += text.slice(run, at);
        this.i = at;
        value += this.escape(true);
        i = run = this.i;
      } else if (c === C.CR) {
        if (this.code(at + 1) !== C.LF) this.fail('A carriage return must be followed by a line feed', at);
        value += text.slice(run, at) + '\n';
        i = run = at + 2;
      } else {
        this.fail(`Invalid ${describe(text, at)} in a string${basic ? ': write it as an escape' : ''}`, at);
      }
    }
  }

  /** The first character at or after `i` that a multi-line basic (or literal) string must look at, or the end. */
  private special(basic: boolean, i: number): number {
    if (this.clean) {
      const cr = this.nextCR(i);
      if (!basic) return cr;
      const bs = this.nextBackslash(i);
      return bs < cr ? bs : cr;
    }
    const re = basic ? MULTILINE_BASIC_SPECIAL : MULTILINE_LITERAL_SPECIAL;
    return nextMatch(re, this.text, i);
  }

  // The next line feed, carriage return and backslash (kept while the reader has not passed them).
  private readonly lf: Next;
  private readonly cr: Next;
  private readonly backslash: Next;
  private nextLF(i: number): number {
    return this.lf.at(i);
  }
  private nextCR(i: number): number {
    return this.cr.at(i);
  }
  private nextBackslash(i: number): number {
    return this.backslash.at(i);
  }

  /** The escape at the current offset (a backslash): the text it stands for; the offset moves past it. */
  private escape(multiline: boolean): string {
    const text = this.text;
    const at = this.i;
    const e = this.code(at + 1);
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      this.i += 2;
      return simple;
    }
    if (e === 117 /* u */ || e === 85 /* U */ || e === 120 /* x */) {
      const len = e === 117 ? 4 : e === 85 ? 8 : 2;
      for (let k = 0; k < len; k++) if (!isHex(this.code(at + 2 + k))) this.fail(`Invalid escape: \\${String.fromCharCode(e)} needs ${len} hexadecimal digits`, at);
      const cp = parseInt(text.slice(at + 2, at + 2 + len), 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`Invalid escape: U+${cp.toString(16).toUpperCase()} is not a Unicode scalar value`, at);
      this.i += 2 + len;
      return String.fromCodePoint(cp);
    }
    if (multiline) {
      // A line-ending backslash trims the newline and the blanks that follow.
      let j = at + 1;
      while (this.code(j) === C.Space || this.code(j) === C.Tab) j++;
      if (this.code(j) === C.LF || (this.code(j) === C.CR && this.code(j + 1) === C.LF)) {
        for (;;) {
          const c = this.code(j);
          if (c === C.Space || c === C.Tab || c === C.LF) j++;
          else if (c === C.CR && this.code(j + 1) === C.LF) j += 2;
          else break;
        }
        this.i = j;
        return '';
      }
    }
    return this.fail(`Invalid escape ${text.slice(at, at + 2).trim() || '\\'} in a string (write \\\\ for a backslash)`, at);
  }

  /** Integers, floats, inf/nan and dates/times: read as a word, then classified. */
  private numberOrDate(): TomlValueNode {
    const text = this.text;
    const start = this.i;
    // A date-time may have one space between date and time: `1979-05-27 07:32:00Z`.
    let end = start;
    const wordChar = (c: number) => isBare(c) || c === C.Plus || c === C.Dot || c === C.Colon;
    while (wordChar(this.code(end))) end++;
    if (this.code(end) === C.Space && /^\d{4}-\d{2}-\d{2}$/.test(text.slice(start, end)) && isDigit(this.code(end + 1))) {
      end++;
      while (wordChar(this.code(end))) end++;
    }
    const word = text.slice(start, end);
    const span = { start, end };
    this.i = end;
    // Nearly every number of a rule file: decimal digits without a leading zero (no regex needed).
    if (end - start < 16 && text.charCodeAt(start) !== C.Zero) {
      let k = start;
      while (k < end && isDigit(text.charCodeAt(k))) k++;
      if (k === end) return { type: 'integer', value: Number(word), span };
    }
    const bad = (what: string): never => this.fail(`Invalid ${what} "${word}"`, start);

    if (/^[+-]?(inf|nan)$/.test(word)) {
      const v = word.endsWith('nan') ? NaN : word.startsWith('-') ? -Infinity : Infinity;
      return { type: 'float', value: v, span };
    }
    if (/^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/.test(word)) return { type: 'integer', value: parseInt(word.slice(2).replace(/_/g, ''), 16), span };
    if (/^0o[0-7](_?[0-7])*$/.test(word)) return { type: 'integer', value: parseInt(word.slice(2).replace(/_/g, ''), 8), span };
    if (/^0b[01](_?[01])*$/.test(word)) return { type: 'integer', value: parseInt(word.slice(2).replace(/_/g, ''), 2), span };
    if (/^[+-]?(0|[1-9](_?\d)*)$/.test(word)) return { type: 'integer', value: Number(word.replace(/_/g, '')), span };
    if (/^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/.test(word)) return { type: 'float', value: Number(word.replace(/_/g, '')), span };
    const date = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$/.exec(word);
    if (date) {
      const [, y, mo, d, h, mi, s, frac, tz] = date;
      if (!validDate(+y, +mo, +d)) bad('date');
      if (h !== undefined && !validTime(+h, +mi, s === undefined ? 0 : +s)) bad('time');
      if (h === undefined) return { type: 'datetime', value: new Date(`${y}-${mo}-${d}T00:00:00Z`), span };
      const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz ? (tz === 'z' ? 'Z' : tz) : ''}`;
      return { type: 'datetime', value: new Date(tz ? iso : iso + 'Z'), span };
    }
    const time = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(word);
    if (time) {
      if (!validTime(+time[1], +time[2], time[3] === undefined ? 0 : +time[3])) bad('time');
      // A local time is read as that time of day 0000-01-01 (UTC), as toml-eslint-parser does.
      return { type: 'datetime', value: new Date(`0000-01-01T${time[1]}:${time[2]}:${time[3] ?? '00'}${time[4] ?? ''}Z`), span };
    }
    if (/^[+-]?\d/.test(word) || /^[+-]?(inf|nan)/.test(word)) return bad('number');
    return this.fail(`Expected a value but found ${describe(text, start)}`, start);
  }
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}
function validTime(h: number, m: number, s: number): boolean {
  return h <= 23 && m <= 59 && s <= 60;
}
/** A header's name as written in messages: `a."b.c"`. */
function tableName(keys: string[]): string {
  return keys.map((k) => (isBareKey(k) ? k : JSON.stringify(k))).join('.');
}
function isBareKey(k: string): boolean {
  return k.length > 0 && /^[A-Za-z0-9_-]+$/.test(k);
}
