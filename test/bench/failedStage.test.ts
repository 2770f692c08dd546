/** Where the memory bench says a dead run stopped (src/bench/memory.ts): its log is all that is left. */
import fs from 'node:fs';
import path from 'node:path';
import { failedStageOf, stageSpans } from '../../src/bench/memory.js';
import { tempDir } from '../tempDir.js';

test('the stage that started and never finished is named, with the finished ones and their memory at their end', () => {
  const log = path.join(tempDir('cf-failed-stage-'), 'stderr.log');
  const line = (o: object) => JSON.stringify(o);
  fs.writeFileSync(
    log,
    [
      line({ time: 1000, stage: 'ingest', msg: 'ingest: started' }),
      line({ time: 3500, stage: 'ingest', ms: 2500, rssMB: 515, heapUsedMB: 220, msg: 'ingest 10 articles' }),
      line({ time: 3600, stage: 'events', msg: 'events: started' }),
      line({ time: 9600, stage: 'events', ms: 6000, rssMB: 1547, heapUsedMB: 887, heapTotalMB: 1012, msg: 'events 5 events' }),
      line({ time: 9700, stage: 'claims', msg: 'claims: started' }),
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    ].join('\n'),
  );
  expect(failedStageOf(stageSpans(log))).toBe('in stage claims (finished before it: ingest 2.5 s, RSS 515 / heap 220 MB at its end; events 6.0 s, RSS 1547 / heap 887 (held 1012) MB at its end): ');
  // A run whose every stage finished failed elsewhere (the report's publication, its exit): no stage is named.
  fs.writeFileSync(log, [line({ time: 1000, stage: 'ingest', msg: 'ingest: started' }), line({ time: 2000, stage: 'ingest', ms: 1000, rssMB: 1, heapUsedMB: 1, msg: 'x' })].join('\n'));
  expect(failedStageOf(stageSpans(log))).toBe('');
});
