#!/usr/bin/env node
// Generates the Teams app icons in appPackage/ without any dependency:
//   color.png   192x192 RGBA: blue (#2F5AA8) rounded square with a white "G"
//   outline.png  32x32  RGBA: the same white "G" on a transparent background
// Shapes are drawn with simple geometry and 4x4 supersampling (anti-aliasing).
// Usage: node scripts/make-icons.mjs   (output is deterministic; re-run after edits)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
const BLUE = [0x2f, 0x5a, 0xa8];
const WHITE = [0xff, 0xff, 0xff];
const SS = 4; // supersampling factor per axis

// ---------- PNG encoding ----------
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** rgba: Uint8Array of width*height*4 bytes, non-premultiplied. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // color type: truecolour with alpha
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------- geometry (unit square: x,y in [0,1], y downwards) ----------
function insideRoundedSquare(x, y, margin, radius) {
  const lo = margin;
  const hi = 1 - margin;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/**
 * A "G": a ring open on the upper right, plus a crossbar from the centre to the
 * right edge just below the middle. `scale` is the outer radius in unit coordinates.
 */
function insideG(x, y, scale) {
  const dx = (x - 0.5) / scale;
  const dy = (0.5 - y) / scale; // y up
  const r = Math.hypot(dx, dy);
  const thickness = 0.34;
  const inner = 1 - thickness;
  let angle = (Math.atan2(dy, dx) * 180) / Math.PI; // -180..180, 0 = right, 90 = up
  if (angle < 0) angle += 360;
  const onRing = r <= 1 && r >= inner && !(angle > 0 && angle < 42);
  const onBar = dx >= 0.02 && dx <= 1 && dy <= 0.04 && dy >= 0.04 - thickness * 0.9 && r <= 1;
  return onRing || onBar;
}

function coverage(size, px, py, inside) {
  let hits = 0;
  for (let sy = 0; sy < SS; sy++) {
    for (let sx = 0; sx < SS; sx++) {
      if (inside((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size)) hits++;
    }
  }
  return hits / (SS * SS);
}

function makeColor(size) {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bg = coverage(size, x, y, (u, v) => insideRoundedSquare(u, v, 0, 0.18));
      const fg = coverage(size, x, y, (u, v) => insideG(u, v, 0.3));
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(BLUE[c] * (1 - fg) + WHITE[c] * fg);
      px[i + 3] = Math.round(255 * Math.max(bg, fg));
    }
  }
  return encodePng(size, size, px);
}

function makeOutline(size) {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const fg = coverage(size, x, y, (u, v) => insideG(u, v, 0.44));
      const i = (y * size + x) * 4;
      px.set(WHITE, i); // colour stays white everywhere; only alpha varies
      px[i + 3] = Math.round(255 * fg);
    }
  }
  return encodePng(size, size, px);
}

writeFileSync(join(OUT_DIR, 'color.png'), makeColor(192));
writeFileSync(join(OUT_DIR, 'outline.png'), makeOutline(32));
console.log(`wrote ${join(OUT_DIR, 'color.png')} and ${join(OUT_DIR, 'outline.png')}`);
