#!/usr/bin/env node
/** The `lipwa` command (`npx lipwa webhooks list|replay`); see `webhooks-cli.ts`. */
import { runWebhooksCli } from './webhooks-cli.js';

process.exitCode = await runWebhooksCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
