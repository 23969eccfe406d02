// `npm test [-- vitest args]`: prepares what the suite needs from the machine, then runs vitest.
// Each missing prerequisite is reported on one line saying how to get it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { liveKitBinary, liveKitBinaryPath } from './support/livekit.ts';
import { chromiumMissing, findChromium, repoRoot, which } from './support/prereq.ts';

function fail(line: string): never {
  console.error(line);
  process.exit(1);
}

const args = process.argv.slice(2);

const [major] = process.versions.node.split('.').map(Number);
if (major! < 20) fail(`Maillage needs Node 20 or newer (this is ${process.version}): https://nodejs.org`);

/** Projects named with --project (or --project=), empty when all run. */
function requestedProjects(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--project' && argv[i + 1]) out.push(argv[++i]!);
    else if (a.startsWith('--project=')) out.push(a.slice('--project='.length));
  }
  return out;
}
const projects = requestedProjects(args);
const runs = (name: string) => projects.length === 0 || projects.some((p) => p === name || p.includes('*'));

// LiveKit: the server tests start their own livekit-server from the cached binary.
if (!liveKitBinary()) {
  if (process.env.LIVEKIT_BIN) fail(`LIVEKIT_BIN=${process.env.LIVEKIT_BIN} does not exist`);
  if (!which('go')) fail('LiveKit tests need Go to build livekit-server: install Go (https://go.dev/dl) or set LIVEKIT_BIN');
  const built = spawnSync('bash', [path.join(repoRoot, 'infra/livekit/build.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0 || !liveKitBinary()) fail(`Building livekit-server failed (infra/livekit/build.sh); expected it at ${liveKitBinaryPath()}`);
}

// Chromium: the browser tests drive the system's Chromium; never a downloaded one.
if (runs('browser')) {
  const chrome = findChromium();
  if (!chrome) fail(chromiumMissing);
  if (!existsSync(chrome)) fail(`CHROME_PATH=${chrome} does not exist`);
  process.env.CHROME_PATH = chrome;
}

const child = spawn('npx', ['vitest', 'run', ...args], { cwd: repoRoot, stdio: 'inherit', env: process.env });
// Ctrl-C in a terminal already reaches vitest through the process group: forwarding it again
// would make vitest quit without its cleanup. Signals sent to this process alone are passed on.
process.on('SIGINT', () => {
  if (!process.stdin.isTTY) child.kill('SIGINT');
});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('error', (e) => fail(`Could not run npx vitest: ${e.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
