/**
 * Whether UTF-16 code units hold a control character other than tab, line feed and carriage return
 * (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+007F), by a WebAssembly SIMD loop over the units the TOML
 * reader copies anyway (see `fillUnits` in toml.ts): 16 units a step. The engine's alternative is one
 * `indexOf` per character (30 searches of every text, plus a byte search for NUL): 5 ms of the 35 ms it
 * takes to read the corpus, against 1.5 ms here.
 *
 * The units live in the module's memory (`scanUnits` is a view of it, grown on demand). Where WebAssembly
 * or its SIMD instructions are missing (or not allowed), `controlScan` is undefined and the reader searches
 * the text as before.
 */

/** The module, as bytes (WebAssembly binary format; each instruction named beside it). */
function moduleBytes(): Uint8Array {
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n !== 0) b |= 0x80;
      out.push(b);
    } while (n !== 0);
    return out;
  };
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const simd = (op: number) => [0xfd, ...leb(op)];
  const v128 = (lanes: number[]) => [...simd(0x0c), ...lanes];
  // Locals: 0 = start (byte offset), 1 = end (byte offset, a multiple of 32 from start), then v128 ones.
  const [ACC, TABLE, SIXTEEN, DEL, X, LOW] = [2, 3, 4, 5, 6, 7];
  /** 0xff where a byte 0-15 is a control character to report (all but tab, line feed, carriage return). */
  const table = Array.from({ length: 16 }, (_, c) => (c === 9 || c === 10 || c === 13 ? 0 : 0xff));
  const get = (l: number) => [0x20, l];
  const set = (l: number) => [0x21, l];
  const body = [
    1, 6, 0x7b, // six v128 locals
    ...v128(table), ...set(TABLE),
    ...v128(new Array(16).fill(16)), ...set(SIXTEEN),
    ...v128(new Array(16).fill(0x7f)), ...set(DEL),
    ...v128([0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0]), ...set(LOW), // 255 in each i16 lane
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(0), ...get(1), 0x4f, 0x0d, 1, // start >= end (i32.ge_u): br_if out
    // 16 units as 16 bytes: each unit min(unit, 255) (i16x8.min_u), then narrowed (i8x16.narrow_i16x8_u,
    // which reads its lanes as signed: hence the min first). 255 is no control character.
    ...get(0), ...simd(0x00), 0, 0, ...get(LOW), ...simd(0x97), // v128.load offset 0, i16x8.min_u
    ...get(0), ...simd(0x00), 0, 16, ...get(LOW), ...simd(0x97), // v128.load offset 16, i16x8.min_u
    ...simd(0x66), 0x22, X, // i8x16.narrow_i16x8_u, local.tee x
    ...get(TABLE), ...get(X), ...simd(0x0e), // i8x16.swizzle(table, x): table[x] for x < 16, else 0
    ...get(X), ...get(SIXTEEN), ...simd(0x71), ...get(SIXTEEN), ...simd(0x26), // i8x16.lt_u(x - 16, 16): 16-31
    ...simd(0x50), // v128.or
    ...get(X), ...get(DEL), ...simd(0x23), ...simd(0x50), // i8x16.eq(x, 0x7f), v128.or
    ...get(ACC), ...simd(0x50), ...set(ACC), // acc |= found
    ...get(0), 0x41, 32, 0x6a, ...set(0), // start += 32
    0x0c, 0, // br loop
    0x0b, 0x0b, // end loop, end block
    ...get(ACC), ...simd(0x53), // v128.any_true
    0x0b,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // magic, version 1
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]), // type: (i32, i32) -> i32
    ...section(2, [1, ...name('m'), ...name('memory'), 0x02, 0x00, 1]), // import m.memory, at least 1 page
    ...section(3, [1, 0]), // one function of type 0
    ...section(7, [1, ...name('scan'), 0x00, 0]), // export it as `scan`
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

const PAGE = 1 << 16;
/** What is used of the WebAssembly API (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (limits: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
let memory: WasmMemory | undefined;
let scan: ((start: number, end: number) => number) | undefined;
try {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = moduleBytes();
  if (wasm !== undefined && wasm.validate(bytes)) {
    const m = new wasm.Memory({ initial: 4 });
    const instance = new wasm.Instance(new wasm.Module(bytes), { m: { memory: m } });
    scan = instance.exports.scan as (start: number, end: number) => number;
    memory = m;
  }
} catch {
  // No WebAssembly here (or a policy forbids compiling it): the reader searches the text instead.
  memory = scan = undefined;
}

/** A view of the module's memory as units (undefined without the module); replaced when the memory grows. */
export let scanUnits: Uint16Array | undefined = memory && new Uint16Array(memory.buffer);

/** Makes `scanUnits` hold at least `size` units; returns it (undefined without the module). */
export function scanUnitsOf(size: number): Uint16Array | undefined {
  if (memory === undefined) return undefined;
  if (scanUnits!.length < size) {
    memory.grow(Math.ceil((2 * size - memory.buffer.byteLength) / PAGE));
    scanUnits = new Uint16Array(memory.buffer);
  }
  return scanUnits;
}

/** Whether `u` is the current view of the module's memory. */
export const inScanMemory = (u: Uint16Array): boolean => u === scanUnits;

/**
 * Whether units 0..n of `scanUnits` hold a control character other than tab, line feed and carriage return;
 * undefined where there is no module (the caller then searches the text).
 */
export const controlScan: ((n: number) => boolean) | undefined =
  scan === undefined
    ? undefined
    : (n) => {
      // Whole steps of 16 units by the module, the last few here.
      const whole = n & ~15;
      if (scan!(0, 2 * whole) !== 0) return true;
      const u = scanUnits!;
      for (let k = whole; k < n; k++) {
        const c = u[k];
        if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
      }
      return false;
    };
