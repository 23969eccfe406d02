import { existsSync } from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

/** Values that must never reach production: the ones in .env.example and LiveKit's dev key. */
const placeholderSecrets = new Set(['', 'change-me', 'changeme', 'secret', 'devkey', 'dev-secret-change-me']);

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The address members type in their browser; links in e-mails and the allowed Origin derive from it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** More origins allowed to send state-changing requests, comma-separated. */
  ALLOWED_ORIGINS: z.string().default(''),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  APP_SECRET: z.string().default('dev-secret-change-me'),
  /** How many proxy hops to trust for the client IP: false, true, a number or a list of addresses. */
  TRUST_PROXY: z.string().default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LIVEKIT_URL: z.url({ protocol: /^wss?$/ }).optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  /** How often who is in each call is checked against LiveKit itself, in case a webhook was lost. */
  LIVEKIT_SYNC_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Map tiles under the places' markers, e.g. https://tile.example.org/{z}/{x}/{y}.png (none: the map draws the communes only). */
  TILE_URL: z
    .url({ protocol: /^https?$/ })
    .refine((u) => ['{z}', '{x}', '{y}'].every((p) => decodeURI(u).includes(p)), 'expected {z}, {x} and {y} in the URL')
    .optional(),
  /** smtp://user:pass@host:587 or smtps://…:465; unset, mail stays in the outbox (development). */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender, e.g. "Maillage <bonjour@maillage.example>"; required with SMTP_URL. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Serve the built web app from web/dist (turned off by API-only test servers). */
  SERVE_WEB: booleanish.default(true),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  allowedOrigins: string[];
  dataDir: string;
  databaseUrl: string | undefined;
  appSecret: string;
  trustProxy: boolean | number | string;
  logLevel: Env['LOG_LEVEL'];
  secureCookies: boolean;
  livekit: { url: string; apiKey: string; apiSecret: string; syncSeconds: number } | undefined;
  serveWeb: boolean;
  /** SMTP delivery; undefined keeps mail in the outbox. */
  smtp: { url: string; from: string } | undefined;
  /** Map tile URL template ({z}/{x}/{y}), allowed by the CSP's img-src. */
  tileUrl: string | undefined;
}

/** A configuration problem, reported on one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'false' || v === '') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

/**
 * Reads and validates the configuration from `env` (and `.env` in the working directory
 * when it exists and `loadEnvFile` is true). Throws a ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, loadEnvFile = true): Config {
  if (loadEnvFile && existsSync('.env')) loadDotenv({ path: '.env', quiet: true, processEnv: env as Record<string, string> });
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const origin = new URL(publicUrl).origin;
  const allowedOrigins = new Set([origin]);
  // A default local install answers on both spellings of loopback.
  if (!e.PUBLIC_URL) allowedOrigins.add(`http://127.0.0.1:${e.PORT}`);
  for (const o of e.ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      allowedOrigins.add(new URL(o).origin);
    } catch {
      throw new ConfigError(`ALLOWED_ORIGINS: expected comma-separated origins like https://example.org (got ${JSON.stringify(o)})`);
    }
  }

  const lk = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET];
  if (lk.some(Boolean) && !lk.every(Boolean)) {
    const missing = ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'].find((_, i) => !lk[i]);
    throw new ConfigError(`${missing}: required when any LiveKit variable is set (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)`);
  }

  if (e.SMTP_URL && !e.MAIL_FROM) {
    throw new ConfigError('MAIL_FROM: required when SMTP_URL is set (e.g. "Maillage <bonjour@example.org>")');
  }

  if (e.NODE_ENV === 'production') {
    if (placeholderSecrets.has(e.APP_SECRET) || e.APP_SECRET.length < 32) {
      throw new ConfigError('APP_SECRET: production needs a random secret of at least 32 characters (try: openssl rand -hex 32)');
    }
    if (e.LIVEKIT_API_SECRET !== undefined && (placeholderSecrets.has(e.LIVEKIT_API_SECRET) || e.LIVEKIT_API_SECRET.length < 32)) {
      throw new ConfigError('LIVEKIT_API_SECRET: production needs the real secret of your LiveKit server (at least 32 characters)');
    }
  }

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    allowedOrigins: [...allowedOrigins],
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    appSecret: e.APP_SECRET,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    secureCookies: publicUrl.startsWith('https:'),
    livekit: e.LIVEKIT_URL
      ? { url: e.LIVEKIT_URL, apiKey: e.LIVEKIT_API_KEY!, apiSecret: e.LIVEKIT_API_SECRET!, syncSeconds: e.LIVEKIT_SYNC_SECONDS }
      : undefined,
    serveWeb: e.SERVE_WEB,
    tileUrl: e.TILE_URL ? decodeURI(e.TILE_URL) : undefined,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM! } : undefined,
  };
}
