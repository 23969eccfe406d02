import pino from 'pino';

export type Logger = pino.Logger;

/** One structured logger per process; capabilities take a child with their own context. */
export function createLogger(level: pino.LevelWithSilent): Logger {
  return pino({ level, base: { app: 'maillage' }, redact: ['req.headers.cookie', 'password', 'token'] });
}
