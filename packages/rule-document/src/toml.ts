/**
 * A TOML reader (TOML 1.0, plus what TOML 1.1 adds: `\e` and `\xHH` escapes, newlines and a trailing
 * comma in inline tables, times without seconds) that keeps the position of every key and value.
 *
 * Written for rule files: one pass over character codes, no recursion except for nested arrays and
 * inline tables (bounded by MAX_NESTING), no per-character allocation, strings of any size. Errors
 * are thrown as `TomlSyntaxError` with the offset of the problem.
 */
import type { Span } from '@esql-lint/core';

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

const isBare = (c: number) =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= C.Zero && c <= C.Nine) || c === C.Minus || c === C.Underscore;
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
// In multi-line strings line feeds need no attention either (a carriage return still does).
const MULTILINE_BASIC_RUN = /[^"\\\x00-\x08\x0b-\x1f\x7f]+/y;
const MULTILINE_LITERAL_RUN = /[^'\x00-\x08\x0b-\x1f\x7f]+/y;
const skipRun = (re: RegExp, text: string, i: number): number => {
  re.lastIndex = i;
  return re.test(text) ? re.lastIndex : i;
};
const has = (table: Table, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/**
 * The document over its sections: `keyValues` is built on first use (most readers look up two or three
 * keys, which `find` does by a walk of the sections; a map of every key of every file was 13 % of reading).
 */
function documentOf(value: Record<string, unknown>, sections: TomlSection[]): TomlDocument {
  return new Doc(value, sections);
}

class Doc implements TomlDocument {
  private map: Map<string, TomlKeyValue> | undefined;
  constructor(readonly value: Record<string, unknown>, readonly sections: TomlSection[]) {}

  get keyValues(): Map<string, TomlKeyValue> {
    if (this.map) return this.map;
    const map = new Map<string, TomlKeyValue>();
    for (const s of this.sections) {
      const prefix = s.path.join('.');
      for (const kv of s.entries) map.set(prefix ? `${prefix}.${kv.key.join('.')}` : kv.key.join('.'), kv);
    }
    return (this.map = map);
  }

  find(path: string): TomlKeyValue | undefined {
    if (this.map) return this.map.get(path);
    let found: TomlKeyValue | undefined;
    for (const s of this.sections) {
      const prefix = s.path.join('.');
      let rest: string;
      if (!prefix) rest = path;
      else if (path.length > prefix.length && path.startsWith(prefix) && path.charCodeAt(prefix.length) === C.Dot) rest = path.slice(prefix.length + 1);
      else continue;
      for (const kv of s.entries) if ((kv.key.length === 1 ? kv.key[0] : kv.key.join('.')) === rest) found = kv;
    }
    return found;
  }
}

/** Reads a TOML document. Throws `TomlSyntaxError` on invalid input; never anything else. */
export function parseToml(text: string): TomlDocument {
  return new Reader(text).document();
}

class Reader {
  private i = 0;
  private readonly n: number;
  private readonly kinds = new WeakMap<object, Kind>();
  private readonly root: Table = {};

  constructor(private readonly text: string) {
    this.n = text.length;
    this.kinds.set(this.root, Kind.Explicit);
  }

  private fail(message: string, at = this.i): never {
    throw new TomlSyntaxError(message, Math.min(at, this.n));
  }
  private code(at = this.i): number {
    return at < this.n ? this.text.charCodeAt(at) : -1;
  }

  document(): TomlDocument {
    let table = this.root;
    let prefix = '';
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
        const { keys, span: keySpan } = this.key();
        this.skipBlanks();
        if (this.code() !== C.RBracket || (array && this.code(this.i + 1) !== C.RBracket)) {
          this.fail(`Expected '${array ? ']]' : ']'}' to close the table header but found ${describe(text, this.i)}`);
        }
        this.i += array ? 2 : 1;
        const opened = this.openTable(keys, array, start);
        table = opened.table;
        prefix = opened.path;
        section = { header: { array, keys, keySpan, span: { start, end: this.i } }, path: opened.segments, entries: [] };
        sections.push(section);
        this.endOfLine();
      } else {
        this.keyValue(table, prefix, section.entries);
        this.endOfLine();
      }
    }
    return documentOf(this.root, sections);
  }

  private skipBlanks(): void {
    let c = this.code();
    while (c === C.Space || c === C.Tab) c = this.code(++this.i);
  }

  private comment(): void {
    // Up to the end of the line; control characters other than tab are not allowed in comments.
    this.i++;
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
    this.skipBlanks();
    if (this.code() === C.Hash) this.comment();
    if (this.i >= this.n) return;
    const c = this.code();
    if (c !== C.LF && c !== C.CR) this.fail(`Expected the end of the line but found ${describe(this.text, this.i)}`);
    this.newline();
  }

  /** A bare, quoted or dotted key. */
  private key(): { keys: string[]; span: Span } {
    const start = this.i;
    const keys: string[] = [];
    for (;;) {
      const c = this.code();
      if (c === C.Quote) {
        if (this.text.startsWith('"""', this.i)) this.fail('A key cannot be a multi-line string');
        keys.push(this.basicString(false));
      } else if (c === C.Apos) {
        if (this.text.startsWith("'''", this.i)) this.fail('A key cannot be a multi-line string');
        keys.push(this.literalString(false));
      } else if (isBare(c)) {
        const s = this.i;
        while (isBare(this.code())) this.i++;
        keys.push(this.text.slice(s, this.i));
      } else {
        this.fail(`Expected a key but found ${describe(this.text, this.i)}`);
      }
      const end = this.i;
      this.skipBlanks();
      if (this.code() !== C.Dot) {
        this.i = end;
        return { keys, span: { start, end } };
      }
      this.i++;
      this.skipBlanks();
    }
  }

  /** `[a.b]` / `[[a.b]]`: the table its key/values go into, and its path for `keyValues`. */
  private openTable(keys: string[], array: boolean, at: number): { table: Table; path: string; segments: Array<string | number> } {
    let table = this.root;
    const path: Array<string | number> = [];
    const name = () => keys.map((k) => (isBareKey(k) ? k : JSON.stringify(k))).join('.');
    for (let k = 0; k < keys.length - 1; k++) {
      const key = keys[k];
      path.push(key);
      if (!has(table, key)) {
        const t: Table = {};
        this.kinds.set(t, Kind.Implicit);
        setOwn(table, key, t);
        table = t;
        continue;
      }
      const next = table[key] as object;
      const kind = typeof next === 'object' && next !== null ? this.kinds.get(next) : undefined;
      if (kind === Kind.TableArray) {
        const list = next as Table[];
        path.push(list.length - 1);
        table = list[list.length - 1];
      } else if (kind === Kind.Implicit || kind === Kind.Explicit || kind === Kind.Dotted) {
        table = next as Table;
      } else {
        this.fail(`Cannot define table [${name()}]: "${keys.slice(0, k + 1).join('.')}" is already a value`, at);
      }
    }
    const last = keys[keys.length - 1];
    path.push(last);
    if (array) {
      const t: Table = {};
      this.kinds.set(t, Kind.Explicit);
      if (!has(table, last)) {
        const list = [t];
        this.kinds.set(list, Kind.TableArray);
        setOwn(table, last, list);
        path.push(0);
      } else {
        const existing = table[last] as object;
        if (typeof existing !== 'object' || existing === null || this.kinds.get(existing) !== Kind.TableArray) {
          this.fail(`Cannot define [[${name()}]]: "${keys.join('.')}" is already defined, and not as an array of tables`, at);
        }
        const list = existing as Table[];
        list.push(t);
        path.push(list.length - 1);
      }
      return { table: t, path: path.join('.'), segments: path };
    }
    if (!has(table, last)) {
      const t: Table = {};
      this.kinds.set(t, Kind.Explicit);
      setOwn(table, last, t);
      return { table: t, path: path.join('.'), segments: path };
    }
    const existing = table[last] as object;
    const kind = typeof existing === 'object' && existing !== null ? this.kinds.get(existing) : undefined;
    if (kind !== Kind.Implicit) this.fail(`Table [${name()}] is defined more than once`, at);
    this.kinds.set(existing, Kind.Explicit);
    return { table: existing as Table, path: path.join('.'), segments: path };
  }

  /** `key = value` into `table`, its node pushed to `into` (the section or the inline table); `prefix` is the table path (unused since the key map is built from the sections). */
  private keyValue(table: Table, prefix: string | undefined, into?: TomlKeyValue[], depth = 0): void {
    const { keys, span: keySpan } = this.key();
    this.skipBlanks();
    if (this.code() !== C.Eq) this.fail(`Expected '=' after the key "${keys.join('.')}" but found ${describe(this.text, this.i)}`);
    this.i++;
    this.skipBlanks();
    const value = this.value(depth);
    let target = table;
    for (let k = 0; k < keys.length - 1; k++) {
      const key = keys[k];
      if (!has(target, key)) {
        const t: Table = {};
        this.kinds.set(t, Kind.Dotted);
        setOwn(target, key, t);
        target = t;
        continue;
      }
      const next = target[key] as object;
      if (typeof next !== 'object' || next === null || this.kinds.get(next) !== Kind.Dotted) {
        this.fail(`Cannot add "${keys.join('.')}": "${keys.slice(0, k + 1).join('.')}" is already defined`, keySpan.start);
      }
      target = next as Table;
    }
    const last = keys[keys.length - 1];
    if (has(target, last)) this.fail(`Duplicate key "${keys.join('.')}"`, keySpan.start);
    setOwn(target, last, this.plain(value));
    const kv: TomlKeyValue = { key: keys, keySpan, value };
    into?.push(kv);
  }

  /** The plain value of a node (inline tables and arrays built while reading them). */
  private readonly plainOf = new WeakMap<TomlValueNode, unknown>();
  private plain(node: TomlValueNode): unknown {
    if (node.type === 'array' || node.type === 'inline-table') return this.plainOf.get(node);
    return node.value;
  }

  private value(depth: number): TomlValueNode {
    const start = this.i;
    const c = this.code();
    const text = this.text;
    if (c === C.Quote || c === C.Apos) {
      const multiline = text.startsWith(c === C.Quote ? '"""' : "'''", start);
      const value = c === C.Quote ? this.basicString(multiline) : this.literalString(multiline);
      return { type: 'string', style: c === C.Quote ? 'basic' : 'literal', multiline, value, span: { start, end: this.i } };
    }
    if (c === C.LBracket) return this.array(depth + 1);
    if (c === C.LBrace) return this.inlineTable(depth + 1);
    if (text.startsWith('true', start) && !isBare(this.code(start + 4))) {
      this.i += 4;
      return { type: 'boolean', value: true, span: { start, end: this.i } };
    }
    if (text.startsWith('false', start) && !isBare(this.code(start + 5))) {
      this.i += 5;
      return { type: 'boolean', value: false, span: { start, end: this.i } };
    }
    if (isDigit(c) || c === C.Plus || c === C.Minus || c === 105 /* i */ || c === 110 /* n */) return this.numberOrDate();
    if (c === -1 || c === C.LF || c === C.CR || c === C.Hash) this.fail(`Expected a value but found ${describe(text, this.i)}`);
    return this.fail(`Expected a value (a string, number, boolean, date, array or inline table) but found ${describe(text, this.i)}`);
  }

  private array(depth: number): TomlValueNode {
    if (depth > MAX_NESTING) this.fail(`Arrays and inline tables nested more than ${MAX_NESTING} deep are not read`);
    const start = this.i++;
    const elements: TomlValueNode[] = [];
    const plain: unknown[] = [];
    for (;;) {
      this.blanksAndComments();
      if (this.code() === C.RBracket) break;
      const v = this.value(depth);
      elements.push(v);
      plain.push(this.plain(v));
      this.blanksAndComments();
      if (this.code() === C.Comma) {
        this.i++;
        continue;
      }
      if (this.code() === C.RBracket) break;
      this.fail(`Expected ',' or ']' in the array but found ${describe(this.text, this.i)}`);
    }
    this.i++;
    const node: TomlValueNode = { type: 'array', elements, span: { start, end: this.i } };
    this.kinds.set(plain, Kind.Closed);
    this.plainOf.set(node, plain);
    return node;
  }

  private inlineTable(depth: number): TomlValueNode {
    if (depth > MAX_NESTING) this.fail(`Arrays and inline tables nested more than ${MAX_NESTING} deep are not read`);
    const start = this.i++;
    const table: Table = {};
    const entries: TomlKeyValue[] = [];
    // Dotted keys inside build tables that are closed once the inline table ends.
    for (;;) {
      this.blanksAndComments();
      if (this.code() === C.RBrace) break;
      this.keyValue(table, undefined, entries, depth);
      this.blanksAndComments();
      if (this.code() === C.Comma) {
        this.i++;
        continue;
      }
      if (this.code() === C.RBrace) break;
      this.fail(`Expected ',' or '}' in the inline table but found ${describe(this.text, this.i)}`);
    }
    this.i++;
    this.close(table);
    const node: TomlValueNode = { type: 'inline-table', entries, span: { start, end: this.i } };
    this.plainOf.set(node, table);
    return node;
  }

  private close(table: Table): void {
    this.kinds.set(table, Kind.Closed);
    for (const v of Object.values(table)) if (typeof v === 'object' && v !== null && this.kinds.get(v) === Kind.Dotted) this.close(v as Table);
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

  private basicString(multiline: boolean): string {
    return this.string(true, multiline);
  }
  private literalString(multiline: boolean): string {
    return this.string(false, multiline);
  }

  /** A string from its opening quote; basic strings have escapes, literal ones none. */
  private string(basic: boolean, multiline: boolean): string {
    const text = this.text;
    const open = this.i;
    const quote = basic ? C.Quote : C.Apos;
    const delimiter = basic ? '"' : "'";
    const run3 = delimiter.repeat(3);
    this.i += multiline ? 3 : 1;
    if (multiline) {
      if (this.code() === C.LF) this.i++;
      else if (this.code() === C.CR && this.code(this.i + 1) === C.LF) this.i += 2;
    }
    const parts: string[] = [];
    let run = this.i;
    const runs = multiline ? (basic ? MULTILINE_BASIC_RUN : MULTILINE_LITERAL_RUN) : basic ? BASIC_RUN : LITERAL_RUN;
    for (;;) {
      this.i = skipRun(runs, text, this.i);
      if (this.i >= this.n) this.fail(`Unterminated string: add the closing ${multiline ? run3 : delimiter}`, open);
      const c = text.charCodeAt(this.i);
      if (c === quote) {
        if (!multiline) {
          parts.push(text.slice(run, this.i));
          this.i++;
          return parts.join('');
        }
        if (text.startsWith(run3, this.i)) {
          // Up to two more quotes right before the closing three belong to the value.
          let q = 3;
          while (q < 5 && this.code(this.i + q) === quote) q++;
          parts.push(text.slice(run, this.i + q - 3));
          this.i += q;
          return parts.join('');
        }
        this.i++;
      } else if (c === C.Backslash && basic) {
        parts.push(text.slice(run, this.i));
        this.escape(multiline, parts);
        run = this.i;
      } else if (c === C.LF || c === C.CR) {
        if (!multiline) this.fail(`Unterminated string: a one-line string ends at the end of its line (use ${run3} for several lines)`, this.i);
        if (c === C.CR) {
          if (this.code(this.i + 1) !== C.LF) this.fail('A carriage return must be followed by a line feed', this.i);
          parts.push(text.slice(run, this.i), '\n');
          this.i += 2;
          run = this.i;
        } else this.i++;
      } else if ((c < 32 && c !== C.Tab) || c === C.Del) {
        this.fail(`Invalid ${describe(text, this.i)} in a string${basic ? ': write it as an escape' : ''}`, this.i);
      } else this.i++;
    }
  }

  private escape(multiline: boolean, parts: string[]): void {
    const text = this.text;
    const at = this.i;
    const e = this.code(at + 1);
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      parts.push(simple);
      this.i += 2;
      return;
    }
    if (e === 117 /* u */ || e === 85 /* U */ || e === 120 /* x */) {
      const len = e === 117 ? 4 : e === 85 ? 8 : 2;
      for (let k = 0; k < len; k++) if (!isHex(this.code(at + 2 + k))) this.fail(`Invalid escape: \\${String.fromCharCode(e)} needs ${len} hexadecimal digits`, at);
      const cp = parseInt(text.slice(at + 2, at + 2 + len), 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`Invalid escape: U+${cp.toString(16).toUpperCase()} is not a Unicode scalar value`, at);
      parts.push(String.fromCodePoint(cp));
      this.i += 2 + len;
      return;
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
        return;
      }
    }
    this.fail(`Invalid escape ${text.slice(at, at + 2).trim() || '\\'} in a string (write \\\\ for a backslash)`, at);
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
function isBareKey(k: string): boolean {
  return k.length > 0 && /^[A-Za-z0-9_-]+$/.test(k);
}
