/**
 * A quick, sound test that a rule table is valid against a JSON Schema (draft-04), for the common case:
 * a valid rule. Compiling a schema with ajv costs tens of milliseconds per rule type and stack version
 * (over a second for a corpus run, again in every worker thread), and its verdicts only matter when
 * the rule is invalid. `surelyValid` walks the schema and the TOML values directly.
 *
 * Sound, not complete: it answers true only when ajv (draft-04, `strict: false`, no coercion, no
 * defaults) would accept the value; anything it does not know for certain (a keyword outside the small
 * set detection-rules' api_schemas use, a value kind it does not model) answers false, and the caller
 * then validates with ajv, whose errors make the diagnostics. So diagnostics never depend on it.
 * TOML dates are seen as ajv sees them after `toJson`: ISO strings.
 */

/** Keywords that never make a value invalid (annotations; unknown keywords ajv ignores with strict: false). */
const ANNOTATIONS = new Set(['description', 'title', 'default', '$schema', 'min_compat', 'enumNames', 'examples']);

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** ajv's string length: code points (a surrogate pair is one). */
function ucs2length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function typeMatches(t: unknown, v: unknown): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'null':
      return v === null;
    default:
      return false;
  }
}

const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source, 'u')));
  return re;
}

/**
 * The test of a `pattern` keyword. Rules repeat the same strings (ATT&CK reference URLs, intervals), so
 * each pattern keeps its verdicts per string (a regex without the g or y flag is a pure test), up to a bound.
 */
function patternCheck(source: string): Check {
  const verdicts = new Map<string, boolean>();
  return (v) => {
    if (typeof v !== 'string') return true;
    let ok = verdicts.get(v);
    if (ok === undefined) {
      ok = pattern(source).test(v);
      if (verdicts.size >= 4096) verdicts.clear();
      verdicts.set(v, ok);
    }
    return ok;
  };
}

/** Whether `name` could be found on a plain object's prototype (ajv reads properties with `data.name`). */
const inherited = (name: string) => name in Object.prototype;

/** Keys ajv would report as additional properties that the caller does not report (at an instance path). */
export type AllowedExtra = (instancePath: string, property: string) => boolean;

const NONE: AllowedExtra = () => false;

/** A JSON Pointer segment, as in ajv's `instancePath`. */
const segment = (key: string | number) => `/${typeof key === 'number' ? key : key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The instance path being checked, as its keys: a pointer string is made only when `allowExtra` is
 * asked (building one per value checked was a good part of the walk).
 */
type At = Array<string | number>;
const pointer = (at: At) => at.map(segment).join('');

/** A schema compiled to a test of a value (see `valid`); it may throw, which answers "not certain". */
type Check = (v: unknown, at: At, allowExtra: AllowedExtra) => boolean;
const ALWAYS: Check = () => true;
const NEVER: Check = () => false;

/**
 * Each schema object's test, made once: a walk of the schema's keywords for every rule was most of the
 * quick check's time. Rule schemas are read-only data kept for the run, so identity is their key.
 */
const compiled = new WeakMap<object, Check>();

/**
 * True only when `value` is certainly valid against `schema` (or all ajv would say is that it has
 * properties `allowExtra` accepts); false when invalid or not certain.
 */
export function surelyValid(schema: unknown, value: unknown, allowExtra: AllowedExtra = NONE): boolean {
  try {
    return compile(schema)(value instanceof Date ? value.toISOString() : value, [], allowExtra);
  } catch {
    return false;
  }
}

const asJson = (x: unknown) => (x instanceof Date ? x.toISOString() : x);

function compile(schema: unknown): Check {
  if (schema === true) return ALWAYS;
  if (!isObject(schema)) return NEVER;
  let check = compiled.get(schema);
  if (!check) compiled.set(schema, (check = compileObject(schema)));
  return check;
}

/**
 * The test of a schema object: true when every keyword accepts the value. The keywords' tests have no
 * effects (but for throwing, which answers false), so their order does not matter.
 */
function compileObject(schema: Record<string, unknown>): Check {
  if (Object.keys(schema).length === 0) return ALWAYS;
  const checks: Check[] = [];
  for (const key in schema) {
    if (!hasOwn(schema, key)) continue;
    const s = schema[key];
    switch (key) {
      case 'type':
        checks.push(Array.isArray(s) ? (v) => s.some((t) => typeMatches(t, v)) : (v) => typeMatches(s, v));
        break;
      case 'enum':
        // Primitive values only (ajv compares objects deeply).
        if (!Array.isArray(s)) return NEVER;
        checks.push((v) => !(v === null || typeof v === 'object' || !s.includes(v) || (typeof v === 'number' && Number.isNaN(v))));
        break;
      case 'pattern':
        // The regex is made when a string is first tested (an invalid one throws then, as before).
        checks.push(typeof s !== 'string' ? (v) => typeof v !== 'string' : patternCheck(s));
        break;
      // A code point is one or two UTF-16 units: most strings are decided by their length alone.
      case 'minLength':
        checks.push(typeof s !== 'number' ? (v) => typeof v !== 'string' : (v) => typeof v !== 'string' || v.length >= 2 * s || ucs2length(v) >= s);
        break;
      case 'maxLength':
        checks.push(typeof s !== 'number' ? (v) => typeof v !== 'string' : (v) => typeof v !== 'string' || v.length <= s || ucs2length(v) <= s);
        break;
      case 'minimum':
        checks.push(typeof s !== 'number' || typeof schema.exclusiveMinimum === 'boolean' ? (v) => typeof v !== 'number' : (v) => typeof v !== 'number' || v >= s);
        break;
      case 'maximum':
        checks.push(typeof s !== 'number' || typeof schema.exclusiveMaximum === 'boolean' ? (v) => typeof v !== 'number' : (v) => typeof v !== 'number' || v <= s);
        break;
      case 'minItems':
        checks.push(typeof s !== 'number' ? (v) => !Array.isArray(v) : (v) => !Array.isArray(v) || v.length >= s);
        break;
      case 'maxItems':
        checks.push(typeof s !== 'number' ? (v) => !Array.isArray(v) : (v) => !Array.isArray(v) || v.length <= s);
        break;
      case 'items': {
        if (!isObject(s) && s !== true) {
          checks.push((v) => !Array.isArray(v)); // tuple forms: not modelled
          break;
        }
        const item = compile(s);
        checks.push((v, at, allowExtra) => {
          if (!Array.isArray(v)) return true;
          for (let i = 0; i < v.length; i++) {
            at.push(i);
            const ok = item(asJson(v[i]), at, allowExtra);
            at.pop();
            if (!ok) return false;
          }
          return true;
        });
        break;
      }
      case 'required': {
        if (!Array.isArray(s)) {
          checks.push((v) => !isObject(v));
          break;
        }
        const names = s as unknown[];
        checks.push((v) => {
          if (!isObject(v)) return true;
          for (const p of names) if (typeof p !== 'string' || inherited(p) || !hasOwn(v, p) || v[p] === undefined) return false;
          return true;
        });
        break;
      }
      case 'properties': {
        if (!isObject(s)) {
          checks.push((v) => !isObject(v));
          break;
        }
        const props = new Map<string, Check>();
        let uncertain = false;
        for (const p in s) {
          if (!hasOwn(s, p)) continue;
          if (inherited(p)) uncertain = true;
          else props.set(p, compile(s[p]));
        }
        if (uncertain) {
          checks.push((v) => !isObject(v));
          break;
        }
        // By the value's keys (fewer than the schema's): TOML and JSON values have only enumerable own keys.
        checks.push((v, at, allowExtra) => {
          if (!isObject(v)) return true;
          for (const p of Object.keys(v)) {
            const check = props.get(p);
            if (check === undefined || check === ALWAYS) continue;
            const x = v[p];
            if (x === undefined) continue;
            at.push(p);
            const ok = check(asJson(x), at, allowExtra);
            at.pop();
            if (!ok) return false;
          }
          return true;
        });
        break;
      }
      case 'additionalProperties': {
        const props = schema.properties === undefined ? {} : schema.properties;
        if (schema.patternProperties !== undefined || !isObject(props)) {
          checks.push((v) => !isObject(v));
          break;
        }
        const extra = s === false ? undefined : compile(s);
        checks.push((v, at, allowExtra) => {
          if (!isObject(v)) return true;
          for (const k of Object.keys(v)) {
            if (hasOwn(props, k) && k !== '__proto__') continue;
            if (!extra) {
              if (allowExtra !== NONE && allowExtra(pointer(at), k)) continue;
              return false;
            }
            at.push(k);
            const ok = extra(asJson(v[k]), at, allowExtra);
            at.pop();
            if (!ok) return false;
          }
          return true;
        });
        break;
      }
      case 'anyOf': {
        // Without allowances: a branch ajv fails keeps the errors of the other branches.
        if (!Array.isArray(s)) return NEVER;
        const branches = s.map(compile);
        checks.push((v, at) => branches.some((branch) => branch(v, at, NONE)));
        break;
      }
      default:
        if (!ANNOTATIONS.has(key)) return NEVER;
    }
  }
  if (checks.length === 0) return ALWAYS;
  if (checks.length === 1) return checks[0];
  return (v, at, allowExtra) => {
    for (let k = 0; k < checks.length; k++) if (!checks[k](v, at, allowExtra)) return false;
    return true;
  };
}
