#!/usr/bin/env node
// Installed entry point. The TypeScript CLI runs in this very process (tsx registered as a module
// loader, no child process), so SIGTERM/SIGINT from cron, systemd, `timeout` or `docker stop`
// reach the program's own handlers, and killing this process stops the run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
// Exit explicitly: onnxruntime and sqlite handles must not keep a finished cron job alive.
process.exit(await main(process.argv.slice(2)));
