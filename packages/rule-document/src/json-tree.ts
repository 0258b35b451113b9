/**
 * A strict JSON reader (RFC 8259) that keeps where every value and key is: offsets into the text the
 * reader was given, UTF-16, half-open. Never throws: a syntax error is returned with its offset.
 */
export type JsonNode =
  | { type: 'object'; start: number; end: number; properties: JsonProperty[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number'; start: number; end: number; value: number }
  | { type: 'boolean'; start: number; end: number; value: boolean }
  | { type: 'null'; start: number; end: number; value: null };

export interface JsonProperty {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export interface JsonSyntaxError {
  message: string;
  offset: number;
}

const MAX_DEPTH = 400;

class Reader {
  i: number;
  constructor(readonly text: string, start: number, readonly end: number) {
    this.i = start;
  }
  ws(): void {
    while (this.i < this.end) {
      const c = this.text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }
  fail(message: string, offset = this.i): never {
    throw { message, offset } satisfies JsonSyntaxError;
  }
  describe(): string {
    return this.i >= this.end ? 'the end of the text' : `"${this.text[this.i]}"`;
  }
  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`values nested more than ${MAX_DEPTH} deep`);
    this.ws();
    const start = this.i;
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      const value = this.string();
      return { type: 'string', start, end: this.i, value };
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      m.lastIndex = this.i;
      const r = m.exec(this.text);
      if (!r || r.index + r[0].length > this.end || r[0] === '-') this.fail('invalid number');
      this.i += r[0].length;
      return { type: 'number', start, end: this.i, value: Number(r[0]) };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i) && this.i + word.length <= this.end) {
        this.i += word.length;
        return value === null ? { type: 'null', start, end: this.i, value } : { type: 'boolean', start, end: this.i, value };
      }
    }
    return this.fail(`expected a value, found ${this.describe()}`);
  }
  string(): string {
    const start = this.i;
    this.i++;
    let out = '';
    while (this.i < this.end) {
      const c = this.text[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const n = this.text[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (n !== undefined && n in simple) {
          out += simple[n];
          this.i += 2;
        } else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail(`invalid escape "\\${n ?? ''}" in a string`);
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail(c === '\n' || c === '\r' ? 'a string cannot span lines (write \\n)' : 'a control character in a string must be escaped');
      out += c;
      this.i++;
    }
    return this.fail('unterminated string', start);
  }
  object(depth: number): JsonNode {
    const start = this.i;
    this.i++;
    const properties: JsonProperty[] = [];
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return { type: 'object', start, end: this.i, properties };
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const keyStart = this.i;
      const key = this.string();
      const keyEnd = this.i;
      this.ws();
      if (this.text[this.i] !== ':') this.fail(`expected ":" after the property name, found ${this.describe()}`);
      this.i++;
      const value = this.value(depth + 1);
      properties.push({ key, keyStart, keyEnd, value });
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { type: 'object', start, end: this.i, properties };
      }
      this.fail(`expected "," or "}", found ${this.describe()}`);
    }
  }
  array(depth: number): JsonNode {
    const start = this.i;
    this.i++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return { type: 'array', start, end: this.i, items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { type: 'array', start, end: this.i, items };
      }
      this.fail(`expected "," or "]", found ${this.describe()}`);
    }
  }
}

/** Reads one JSON value filling `[start, end)` of `text` (whitespace around it allowed). */
export function parseJsonTree(text: string, start = 0, end = text.length): { node?: JsonNode; error?: JsonSyntaxError } {
  const r = new Reader(text, start, end);
  try {
    const node = r.value(0);
    r.ws();
    if (r.i < end) r.fail(`unexpected ${r.describe()} after the value`);
    return { node };
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return { error: e as JsonSyntaxError };
    throw e;
  }
}

/** The plain value of a node. */
export function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) out[p.key] = jsonValue(p.value);
      return out;
    }
    case 'array':
      return node.items.map(jsonValue);
    default:
      return node.value;
  }
}

/** The node at a path of keys and indexes, with the property that holds it (for key spans). */
export function jsonAt(node: JsonNode, path: readonly (string | number)[]): { node: JsonNode; property?: JsonProperty } | undefined {
  let cur: JsonNode = node;
  let property: JsonProperty | undefined;
  for (const step of path) {
    if (cur.type === 'object') {
      // The last of duplicate keys wins, as in JSON.parse.
      const p: JsonProperty | undefined = [...cur.properties].reverse().find((q) => q.key === String(step));
      if (!p) return undefined;
      property = p;
      cur = p.value;
    } else if (cur.type === 'array' && typeof step === 'number' && cur.items[step]) {
      property = undefined;
      cur = cur.items[step];
    } else return undefined;
  }
  return { node: cur, ...(property ? { property } : {}) };
}
