/**
 * models.threads (and env CROSSFRAME_MODEL_THREADS): the thread count reaches onnxruntime's session
 * options, onnxruntime honours it (onnxruntime-node 1.14 reads options only when given a path, so
 * crossframe passes the model file), and nothing changes when no count is set.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { identifyModel, openSession, type ModelSession } from '../../src/models/load.js';
import { MODEL_THREADS_ENV, resolveModelSettings } from '../../src/models/locate.js';
import { tempDir } from '../tempDir.js';
import { compactModelsConfig } from './compactModels.js';

const defaults = configSchema.parse({}).models;

test('models.threads wins over CROSSFRAME_MODEL_THREADS, which is used only when the key is null', () => {
  expect(resolveModelSettings(defaults, true, {}).threads).toBeNull();
  expect(resolveModelSettings(defaults, true, { [MODEL_THREADS_ENV]: '1' }).threads).toBe(1);
  expect(resolveModelSettings(defaults, true, { [MODEL_THREADS_ENV]: ' 3 ' }).threads).toBe(3);
  expect(resolveModelSettings({ ...defaults, threads: 2 }, true, { [MODEL_THREADS_ENV]: '1' }).threads).toBe(2);
  for (const bad of ['0', '-1', '1.5', 'two']) {
    expect(() => resolveModelSettings(defaults, true, { [MODEL_THREADS_ENV]: bad })).toThrow(ConfigError);
    expect(() => resolveModelSettings(defaults, true, { [MODEL_THREADS_ENV]: bad })).toThrow(`CROSSFRAME_MODEL_THREADS=${JSON.stringify(bad)} is not a positive integer`);
  }
});

test.each([0, -1, 1.5])('models.threads: %p is refused with the key named', (value) => {
  const file = path.join(tempDir('threads-'), 'config.yaml');
  fs.writeFileSync(file, `models:\n  threads: ${value}\n`);
  let problems: string[] = [];
  try {
    loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems = err.problems;
  }
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:2:\\d+ models\\.threads: `));
  expect(loadConfig(null).config.models.threads).toBeNull();
});

/** OS threads of this process (Linux); null elsewhere. */
function osThreads(): number | null {
  return fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task').length : null;
}

test('a thread count reaches onnxruntime with the model file; none leaves transformers.js\' call as it was', async () => {
  // Record what reaches onnxruntime's InferenceSession.create, beneath crossframe's wrapper (installed
  // with the first load that sets a thread count, after this).
  const ns = await import('onnxruntime-node');
  const ort = (ns as unknown as { default?: typeof ns }).default ?? ns;
  const create = ort.InferenceSession.create;
  const calls: { model: unknown; options: Record<string, unknown> }[] = [];
  ort.InferenceSession.create = function (this: unknown, ...args: unknown[]) {
    calls.push({ model: args[0], options: args[1] as Record<string, unknown> });
    return (create as (...a: unknown[]) => ReturnType<typeof create>).apply(this, args);
  } as typeof create;

  const models = compactModelsConfig();
  const open = async (threads: number | null): Promise<ModelSession> => {
    const settings = resolveModelSettings({ ...models, threads }, true, {});
    const { identity } = await identifyModel('embedding', models.embedding, settings, models.maxTokens);
    return openSession(identity, settings, models.maxTokens);
  };
  const handler = (s: ModelSession) => (s.model as unknown as { session: { handler: object } }).session.handler.constructor.name;
  const { identity } = await identifyModel('embedding', models.embedding, resolveModelSettings(models, true, {}), models.maxTokens);

  // Sessions are held so that none is collected (with its threads) while threads are counted.
  const held = [await open(1)];
  expect(calls).toEqual([{ model: identity.file, options: { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 } }]);
  // onnxruntime-node's own session, not transformers.js' fallback to onnxruntime-web (wasm).
  expect(handler(held[0])).toBe('OnnxruntimeSessionHandler');

  // onnxruntime honours it: an intra-op pool of n threads starts n - 1 (the caller is the n-th).
  const before = osThreads();
  held.push(await open(1));
  const afterOne = osThreads();
  held.push(await open(2));
  const afterTwo = osThreads();
  if (before !== null) expect([afterOne! - before, afterTwo! - afterOne!]).toEqual([0, 1]);
  expect(calls[2].options).toMatchObject({ intraOpNumThreads: 2, interOpNumThreads: 2 });

  // No count: the buffer and options transformers.js gives, untouched.
  held.push(await open(null));
  expect(calls).toHaveLength(4);
  expect(calls[3].model).toBeInstanceOf(Uint8Array);
  expect(calls[3].options).toEqual({ executionProviders: ['cpu', 'wasm'] });
  expect(handler(held[3])).toBe('OnnxruntimeSessionHandler');
});
