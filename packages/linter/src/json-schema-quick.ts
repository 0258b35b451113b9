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

/** Whether `name` could be found on a plain object's prototype (ajv reads properties with `data.name`). */
const inherited = (name: string) => name in Object.prototype;

/** Keys ajv would report as additional properties that the caller does not report (at an instance path). */
export type AllowedExtra = (instancePath: string, property: string) => boolean;

const NONE: AllowedExtra = () => false;

/** A JSON Pointer segment, as in ajv's `instancePath`. */
const segment = (key: string | number) => `/${typeof key === 'number' ? key : key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * True only when `value` is certainly valid against `schema` (or all ajv would say is that it has
 * properties `allowExtra` accepts); false when invalid or not certain.
 */
export function surelyValid(schema: unknown, value: unknown, allowExtra: AllowedExtra = NONE): boolean {
  try {
    return valid(schema, value instanceof Date ? value.toISOString() : value, '', allowExtra);
  } catch {
    return false;
  }
}

function valid(schema: unknown, v: unknown, path: string, allowExtra: AllowedExtra): boolean {
  if (schema === true || (isObject(schema) && Object.keys(schema).length === 0)) return true;
  if (!isObject(schema)) return false;
  for (const key in schema) {
    if (!hasOwn(schema, key)) continue;
    const s = schema[key];
    switch (key) {
      case 'type':
        if (!(Array.isArray(s) ? s.some((t) => typeMatches(t, v)) : typeMatches(s, v))) return false;
        break;
      case 'enum':
        // Primitive values only (ajv compares objects deeply).
        if (!Array.isArray(s) || v === null || typeof v === 'object' || !s.includes(v) || (typeof v === 'number' && Number.isNaN(v))) return false;
        break;
      case 'pattern':
        if (typeof v === 'string' && (typeof s !== 'string' || !pattern(s).test(v))) return false;
        break;
      // A code point is one or two UTF-16 units: most strings are decided by their length alone.
      case 'minLength':
        if (typeof v === 'string' && !(typeof s === 'number' && (v.length >= 2 * s || ucs2length(v) >= s))) return false;
        break;
      case 'maxLength':
        if (typeof v === 'string' && !(typeof s === 'number' && (v.length <= s || ucs2length(v) <= s))) return false;
        break;
      case 'minimum':
        if (typeof v === 'number' && !(typeof s === 'number' && v >= s && typeof schema.exclusiveMinimum !== 'boolean')) return false;
        break;
      case 'maximum':
        if (typeof v === 'number' && !(typeof s === 'number' && v <= s && typeof schema.exclusiveMaximum !== 'boolean')) return false;
        break;
      case 'minItems':
        if (Array.isArray(v) && !(typeof s === 'number' && v.length >= s)) return false;
        break;
      case 'maxItems':
        if (Array.isArray(v) && !(typeof s === 'number' && v.length <= s)) return false;
        break;
      case 'items':
        if (Array.isArray(v)) {
          if (!isObject(s) && s !== true) return false; // tuple forms: not modelled
          for (let i = 0; i < v.length; i++) {
            const x = v[i];
            if (!valid(s, x instanceof Date ? x.toISOString() : x, path + segment(i), allowExtra)) return false;
          }
        }
        break;
      case 'required':
        if (isObject(v)) {
          if (!Array.isArray(s)) return false;
          for (const p of s) if (typeof p !== 'string' || inherited(p) || !hasOwn(v, p) || v[p] === undefined) return false;
        }
        break;
      case 'properties':
        if (isObject(v)) {
          if (!isObject(s)) return false;
          for (const p in s) {
            if (!hasOwn(s, p)) continue;
            if (inherited(p)) return false;
            if (!hasOwn(v, p) || v[p] === undefined) continue;
            const x = v[p];
            if (!valid(s[p], x instanceof Date ? x.toISOString() : x, path + segment(p), allowExtra)) return false;
          }
        }
        break;
      case 'additionalProperties':
        if (isObject(v)) {
          if (schema.patternProperties !== undefined) return false;
          const props = schema.properties === undefined ? {} : schema.properties;
          if (!isObject(props)) return false;
          for (const k of Object.keys(v)) {
            if (hasOwn(props, k) && k !== '__proto__') continue;
            if (s === false) {
              if (allowExtra(path, k)) continue;
              return false;
            }
            const x = v[k];
            if (!valid(s, x instanceof Date ? x.toISOString() : x, path + segment(k), allowExtra)) return false;
          }
        }
        break;
      case 'anyOf':
        // Without allowances: a branch ajv fails keeps the errors of the other branches.
        if (!Array.isArray(s) || !s.some((branch) => valid(branch, v, path, NONE))) return false;
        break;
      default:
        if (!ANNOTATIONS.has(key)) return false;
    }
  }
  return true;
}
