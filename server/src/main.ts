import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/lock.ts';
import { MigrationError } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { capabilities } from './capabilities.ts';
import { startServer, type RunningServer } from './server.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

const log = createLogger(config.logLevel);
let server: RunningServer | undefined;
let stopRequested: NodeJS.Signals | undefined;

function stop(running: RunningServer, signal: NodeJS.Signals) {
  log.info({ signal }, 'shutting down: finishing requests in flight');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  running.close().then(
    () => process.exit(0),
    (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}

// Installed before starting: a signal that arrives while starting (or just after the
// "listening" line) must stop the server cleanly, not kill it with the lock file left behind.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    if (server) return stop(server, signal);
    stopRequested = signal;
    log.info({ signal }, 'stop requested while starting: stopping once started');
  });
}

try {
  server = await startServer(config, { logger: log, capabilities, announce: true });
} catch (err) {
  if (err instanceof DataDirLockedError) {
    console.error(err.message);
    process.exit(1);
  }
  if (err instanceof MigrationError) {
    console.error(`Database error: ${err.message}`);
    process.exit(1);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(`PORT: ${config.port} is already in use on ${config.host}; stop the other program or set PORT.`);
    process.exit(1);
  }
  if (code === 'ECONNREFUSED' || code === 'CONNECT_TIMEOUT' || code === 'ENOTFOUND') {
    console.error(`DATABASE_URL: cannot reach the database (${code}); check that Postgres runs and the URL is right.`);
    process.exit(1);
  }
  log.fatal({ err }, 'failed to start');
  process.exit(1);
}

if (stopRequested) stop(server, stopRequested);
process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
