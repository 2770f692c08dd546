/**
 * The byte layout of one cached model output: a 4-byte header (magic "C", format version,
 * flags, reserved) followed by little-endian float32 values. The header lets a damaged or
 * foreign entry be recognised and recomputed instead of being trusted.
 */

const MAGIC = 0x43;
const VERSION = 1;
const FLAG_TRUNCATED = 1;
const HEADER = 4;

export interface CacheEntry {
  values: Float32Array;
  /** The input was longer than the token limit when it was computed. */
  truncated: boolean;
}

export function encodeEntry(values: ArrayLike<number>, truncated: boolean): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + values.length * 4);
  buf[0] = MAGIC;
  buf[1] = VERSION;
  buf[2] = truncated ? FLAG_TRUNCATED : 0;
  buf[3] = 0;
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i], HEADER + i * 4);
  return buf;
}

/**
 * Returns null for anything that is not a well-formed entry of `expectedLength` finite values
 * (expectedLength null: any non-zero length).
 */
export function decodeEntry(buf: Uint8Array | null | undefined, expectedLength: number | null): CacheEntry | null {
  if (!buf || buf.length < HEADER + 4 || (buf.length - HEADER) % 4 !== 0) return null;
  if (buf[0] !== MAGIC || buf[1] !== VERSION || (buf[2] & ~FLAG_TRUNCATED) !== 0 || buf[3] !== 0) return null;
  const n = (buf.length - HEADER) / 4;
  if (expectedLength !== null && n !== expectedLength) return null;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = view.getFloat32(HEADER + i * 4, true);
    if (!Number.isFinite(v)) return null;
    values[i] = v;
  }
  return { values, truncated: (buf[2] & FLAG_TRUNCATED) !== 0 };
}
