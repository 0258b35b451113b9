// Draws the extension's icon (icon.png, 128x128) without any image library: a rounded square, three query
// lines and a check mark, antialiased by 4x4 supersampling, written as an RGBA PNG with node:zlib.
// Run: node packages/vscode-extension/scripts/icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4;

const BG = [0x10, 0x2a, 0x43];      // deep blue
const LINE = [0x9a, 0xd8, 0xf0];    // light cyan: query lines
const PIPE = [0xfe, 0xc5, 0x14];    // yellow: the ES|QL pipe
const CHECK = [0x3e, 0xd5, 0x98];   // green check

function inRoundedRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The colour at a point of the 128x128 canvas, or undefined (transparent). */
function shade(x, y) {
  if (!inRoundedRect(x, y, 4, 4, 124, 124, 22)) return undefined;
  // The check mark, over everything.
  const check = [[62, 88], [78, 104], [110, 64]];
  if (distToSegment(x, y, check[0], check[1]) <= 7 || distToSegment(x, y, check[1], check[2]) <= 7) return CHECK;
  // Three query lines; a pipe starts the second and third.
  const bars = [[24, 30, 96], [38, 50, 80], [38, 70, 56]];
  for (const [x0, yc, x1] of bars) if (inRoundedRect(x, y, x0, yc - 5, x1, yc + 5, 5)) return LINE;
  for (const yc of [50, 70]) if (inRoundedRect(x, y, 22, yc - 8, 29, yc + 8, 3)) return PIPE;
  return BG;
}

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function renderIcon() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const o = py * (SIZE * 4 + 1) + 1 + px * 4;
      if (a) {
        raw[o] = Math.round(r / a);
        raw[o + 1] = Math.round(g / a);
        raw[o + 2] = Math.round(b / a);
      }
      raw[o + 3] = Math.round((255 * a) / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(process.argv[2] ?? fileURLToPath(new URL('../icon.png', import.meta.url)), renderIcon());
}
