/**
 * One-shot sha256 for the keys hashed once per sentence, pair or cache entry (hundreds of thousands
 * a night). `crypto.hash` (Node 20.12+) skips the Hash object a `createHash(...).update().digest()`
 * chain builds, about twice as fast on sentence-sized inputs; older Node 20 releases take the chain.
 * Both give the same digest, so keys stored by either are found by the other.
 */
import crypto from 'node:crypto';

type OneShot = (algorithm: string, data: string | Uint8Array, outputEncoding: 'hex' | 'buffer') => string | Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** sha256 of `data` (a string is hashed as UTF-8), hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? (oneShot('sha256', data, 'hex') as string) : crypto.createHash('sha256').update(data).digest('hex');
}

/** sha256 of `data` (a string is hashed as UTF-8), the 32 bytes. */
export function sha256Bytes(data: string | Uint8Array): Buffer {
  return oneShot ? (oneShot('sha256', data, 'buffer') as Buffer) : crypto.createHash('sha256').update(data).digest();
}
