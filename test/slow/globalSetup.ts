import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** The CLI tests run the built `dist/cli.js` (it needs the bundled report viewer): build once. */
export default function setup(): void {
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'esbuild.mjs')], {
    cwd: path.join(__dirname, '..', '..'),
    stdio: 'inherit',
  });
}
