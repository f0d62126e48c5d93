import { main } from './main';

// The executable's entry point: the one place that touches process.argv/env/exit.
process.on('uncaughtException', (error) => {
  // Fail closed: an unexpected state is not something to keep deciding in.
  process.stderr.write(`kalguard-sidecar: fatal: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(70);
});

main(
  process.argv.slice(2),
  process.env,
  {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  },
  { uid: process.getuid?.(), execArgv: process.execArgv, nodeOptions: process.env['NODE_OPTIONS'] },
).then(
  (code) => process.exit(code),
  () => process.exit(70),
);
