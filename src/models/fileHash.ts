/**
 * sha256 of model files for the run manifest. An ONNX file can be ~90 MB, so it is streamed
 * and hashed once per process; the memo is keyed by path, size and mtime so a replaced file
 * is hashed again.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';

const memo = new Map<string, Promise<string>>();

export async function sha256File(file: string): Promise<string> {
  const stat = await fs.promises.stat(file);
  const memoKey = `${file}\u0000${stat.size}\u0000${stat.mtimeMs}`;
  let pending = memo.get(memoKey);
  if (!pending) {
    pending = new Promise<string>((resolve, reject) => {
      const hash = createHash('sha256');
      fs.createReadStream(file)
        .on('data', (chunk) => hash.update(chunk))
        .on('error', reject)
        .on('end', () => resolve(hash.digest('hex')));
    });
    memo.set(memoKey, pending);
    pending.catch(() => memo.delete(memoKey));
  }
  return pending;
}
