/**
 * Reading a fitted judge file (config/models/*.json, named by a config key) as a config file: a
 * missing, malformed or stale file is a ConfigError (exit 2) `file:1:1 key: message. Fix: ...`,
 * like every other file the config names. src/learn's JudgeFileError predates the error family
 * (and src/learn is left as it is), so it is translated here.
 */
import { ConfigError } from '../runtime/errors.js';
import { JudgeFileError, readJudgeFile, type JudgeFile } from '../learn/modelFile.js';
import { checkEditorFiles } from './editorFile.js';

/** readJudgeFile, its failures as a located ConfigError naming `key`. */
export function readJudge<K extends string>(file: string, kind: K, version: number, key: string): JudgeFile<K> {
  // A device or FIFO named as a judge (`/dev/zero`) would be read until memory ran out.
  checkEditorFiles([{ key, file }]);
  try {
    return readJudgeFile(file, kind, version);
  } catch (err) {
    if (err instanceof JudgeFileError) throw new ConfigError([`${file}:1:1 ${key}: ${err.message.slice(`${file}: `.length)}`]);
    throw err;
  }
}

/** A judge file this crossframe cannot use (features or thresholds it lacks): exit 2 with the fix. */
export function staleJudge(file: string, key: string, problem: string, fix: string): ConfigError {
  return new ConfigError([`${file}:1:1 ${key}: ${problem}. Fix: ${fix}`]);
}
