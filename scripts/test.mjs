// `npm test`: lint, the unit tier, the slow tier, then the end-to-end tests in a real VS Code,
// stopping at the first failure and printing how long each step took.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint', 'npm', ['run', 'lint', '--silent']],
  ['unit tier', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['slow tier', 'npx', ['vitest', 'run', '--project', 'slow']],
  ['e2e', 'npm', ['run', 'test:e2e', '--silent']],
];
const only = process.argv.slice(2);
const times = [];
let failed;
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  times.push(`${name.padEnd(10)} ${seconds.toFixed(1).padStart(7)} s  ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) {
    failed = name;
    break;
  }
}
process.stdout.write(`\nnpm test:\n${times.map((t) => `  ${t}`).join('\n')}\n`);
if (failed) {
  process.stdout.write(`${failed} failed.\n`);
  process.exit(1);
}
