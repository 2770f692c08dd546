/**
 * `crossframe train relations --data DIR`: rebuilds config/models/relations.json from a folder of
 * labelled cross-outlet pairs in the claim-relations format (articles.jsonl + pairs.jsonl, see
 * that folder's GUIDE.md), so a newsroom can retrain the judge on its own labels. The articles run
 * through the real segment -> enrich -> claims candidate path; every candidate pair whose sentences
 * map to labelled sentences is a training row; the judge is fit on all of them, its thresholds
 * chosen on predictions cross-validated by event.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Trainer } from '../../learn/trainer.js';
import { sha256OfFiles, writeJudgeFile } from '../../learn/modelFile.js';
import { CODE_VERSION } from '../../runtime/version.js';
import { DEFAULT_EVAL_DIR } from '../../measure/harness.js';
import { readRelationsGold } from '../../eval/relationsGold.js';
import { relationRows, runRelationsPipeline } from '../../eval/relationsRun.js';
import { createModelHub } from '../../models/hub.js';
import { openModelCache } from '../../store/modelCache.js';
import { prepareClaims } from './analyse.js';
import { fitRelationsJudge } from './judge.js';

export const relationsTrainer: Trainer = {
  description: 'claim relations judge (P(same) per candidate pair) from claim-relations-format labels',
  defaultData: path.join(DEFAULT_EVAL_DIR, 'claim-relations'),
  async train({ data, out, folds, loaded, offline, log, pipeline }) {
    const dir = path.resolve(data ?? path.join(DEFAULT_EVAL_DIR, 'claim-relations'));
    const file = path.resolve(out ?? loaded.config.claims.judge);
    const gold = readRelationsGold(dir);
    const run = await runRelationsPipeline(pipeline, loaded, offline, log, gold);
    const cache = openModelCache(':memory:');
    try {
      const hub = await createModelHub(loaded.config.models, { offline, cache, log });
      const prepared = await prepareClaims(run.input, loaded.config, (pairs) => hub.nli(pairs), false);
      const rows = relationRows(run, prepared);
      log.info(`train relations: ${rows.length} candidate pairs from ${run.input.events.length} events`);
      const { judge, crossValidated } = fitRelationsJudge(rows, folds ?? 5, {
        dataSha256: sha256OfFiles(gold.files),
        dataFiles: gold.files.map((f) => path.basename(f)),
        trainedAt: new Date().toISOString(),
        codeVersion: CODE_VERSION,
        notes: { models: { embedding: loaded.config.models.embedding.id, nli: loaded.config.models.nli.id }, unmappedGoldSentences: run.unmappedGoldSentences },
      });
      // writeJudgeFile does not create the folder (a fresh checkout or --out elsewhere).
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeJudgeFile(file, judge);
      return { judge: 'relations', file, crossValidated };
    } finally {
      cache.close();
    }
  },
};
