#!/usr/bin/env node
// Installed entry point and composition root: it hands the pipeline (pipeline/app.ts) to the CLI
// (src/cli.ts), which never imports pipeline/ itself. The pipeline is passed as a loader, so
// commands that run no stage (`--version`, `config`, a config mistake) never load the stages.
// The TypeScript CLI runs in this very process (tsx registered as a module loader, no child
// process), so SIGTERM/SIGINT from cron, systemd, `timeout` or `docker stop` reach the program's
// own handlers, and killing this process stops the run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
const loadPipelineApp = async () => (await import('../pipeline/app.ts')).pipelineApp;
// Exit explicitly: onnxruntime and sqlite handles must not keep a finished cron job alive.
process.exit(await main(process.argv.slice(2), loadPipelineApp));
