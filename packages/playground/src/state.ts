// The page's state in the URL fragment, so a link reproduces a rule and its settings exactly: JSON,
// deflated by the platform's CompressionStream ('deflate-raw'), in base64url. `#s=` + that. No server
// sees it (the fragment is not sent).
import type { Mode, SchemaChoice, Settings } from './protocol.js';

export interface PlaygroundState extends Settings {
  text: string;
}

/** Bumped when the layout of the state changes; older links still decode. */
const FORMAT = 1;
const MODES: readonly Mode[] = ['toml', 'esql', 'eql', 'kql'];

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

export async function encodeState(state: PlaygroundState): Promise<string> {
  const schema = state.schema.kind === 'mapping' ? { k: 'mapping', t: state.schema.text, e: state.schema.ecs } : { k: 'bundled' };
  const json = JSON.stringify({ v: FORMAT, m: state.mode, s: schema, t: state.text });
  return `s=${toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')))}`;
}

/** The state of a URL fragment (`#s=...`), or undefined when it holds none or a broken one. */
export async function decodeState(fragment: string): Promise<PlaygroundState | undefined> {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(fragment);
  if (!m) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(m[1]), new DecompressionStream('deflate-raw')));
    const raw = JSON.parse(json) as { v?: number; m?: string; s?: { k?: string; t?: unknown; e?: unknown }; t?: unknown };
    if (typeof raw.t !== 'string') return undefined;
    const mode = MODES.includes(raw.m as Mode) ? (raw.m as Mode) : 'toml';
    const schema: SchemaChoice = raw.s?.k === 'mapping' && typeof raw.s.t === 'string' ? { kind: 'mapping', text: raw.s.t, ecs: raw.s.e === true } : { kind: 'bundled' };
    return { mode, schema, text: raw.t };
  } catch {
    return undefined;
  }
}
