import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { Limits } from '../../shared/limits.ts';
import { clientEventSchemas } from '../../shared/socket-events.ts';
import { routeRegistry, type RegisteredRoute } from '../../server/src/http/registry.ts';
import { TestClient, goodPassword, signUp, uniqueEmail } from '../support/client.ts';
import { startTestServer } from '../support/server.ts';
import { connectOk, type TestSocket } from '../support/socket.ts';
import { snapshotAll } from '../support/state.ts';

/*
 * Every registered HTTP route and every client socket event receives malformed input; each
 * must be refused in the error shape, change nothing, and leave the process serving. The
 * cases are derived from `routeRegistry` and `clientEventSchemas`, so a new route or event
 * is covered without touching this file. Routes register when a server starts, hence the
 * top-level start (the test list depends on it).
 */
const server = await startTestServer();
const routes: RegisteredRoute[] = [...routeRegistry];
const events = Object.keys(clientEventSchemas) as (keyof typeof clientEventSchemas)[];

let member: TestClient;
let admin: TestClient;
let anonymous: TestClient;
const coveredRoutes = new Map<string, number>();
const coveredEvents = new Map<string, number>();

beforeAll(async () => {
  const m = await signUp(server.url, 'Fuzz Member');
  member = m.client;
  const a = await signUp(server.url, 'Fuzz Admin');
  admin = a.client;
  const claim = await admin.post('/api/setup/claim', { token: server.setupLink!.split('/setup/')[1] });
  if (claim.status !== 200) throw new Error(`could not make an admin: ${JSON.stringify(claim.body)}`);
  // Verified addresses, so that no "confirm your e-mail first" check stands before validation.
  await server.ctx.sql`update users set email_verified_at = now() where id in (${m.id}, ${a.id})`;
  anonymous = new TestClient(server.url);
});
afterAll(() => server.stop());

/** Freezes the sessions' "last use" so that the once-a-minute touch is not mistaken for a change. */
async function freezeSessionTouches() {
  await server.ctx.sql`update sessions set last_used_at = now() + interval '1 hour'`;
}

const key = (r: RegisteredRoute) => `${r.method.toUpperCase()} ${r.path}`;
const clientFor = (r: RegisteredRoute) => (r.access === 'admin' ? admin : r.access === 'member' ? member : anonymous);
const LONG = 'x'.repeat(10_000);

// ---- Valid samples generated from the shared schemas ------------------------------------

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
}

const jsonSchemaOf = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A string matching simple patterns like `^[A-Za-z0-9_-]{43}$` or `^[a-z0-9]{24}$`. */
function fromPattern(pattern: string): string | undefined {
  const m = /^\^\[([^\]]+)\]\{(\d+)(?:,(\d+))?\}\$$/.exec(pattern);
  return m ? m[1]![0]!.repeat(Number(m[2])) : undefined;
}

function sampleValue(name: string, s: JsonSchema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return sampleValue(name, s.anyOf[0]!);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return randomUUID();
      if (/email/i.test(name) || name === 'to') return uniqueEmail('fuzz');
      if (/password/i.test(name)) return goodPassword;
      if (s.pattern && fromPattern(s.pattern)) return fromPattern(s.pattern);
      return 'v'.repeat(Math.max(s.minLength ?? 1, Math.min(8, s.maxLength ?? 8)));
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleValue(name, s.items ?? {}));
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sampleValue(k, s.properties![k]!)]));
    case 'null':
      return null;
  }
  return 'v';
}

/** An input the schema accepts, or undefined when none of the simple candidates is. */
function validSample(schema: z.ZodType): Record<string, unknown> | undefined {
  const js = jsonSchemaOf(schema);
  const props = js.properties ?? {};
  const required = js.required ?? [];
  const optional = Object.keys(props).filter((k) => !required.includes(k));
  const base = () => Object.fromEntries(required.map((k) => [k, sampleValue(k, props[k]!)]));
  const candidates = [base(), ...optional.map((k) => ({ ...base(), [k]: sampleValue(k, props[k]!) })), { ...base(), ...Object.fromEntries(optional.map((k) => [k, sampleValue(k, props[k]!)])) }];
  return candidates.find((c) => schema.safeParse(c).success);
}

const isStringField = (s: JsonSchema): boolean =>
  s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string')) || Boolean(s.anyOf?.some(isStringField));

interface BadCase {
  label: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  /** Expected codes; validation_failed unless said otherwise. */
  codes?: string[];
  status?: number;
}

/** The malformed bodies for one schema: derived from its fields and a valid sample when one exists. */
function bodyCases(schema: z.ZodType): BadCase[] {
  const js = jsonSchemaOf(schema);
  const props = js.properties ?? {};
  const required = js.required ?? [];
  const valid = validSample(schema);
  const base = valid ?? {};
  const cases: BadCase[] = [
    { label: 'malformed JSON', rawBody: '{"a": ', codes: ['invalid_json'] },
    { label: 'truncated JSON', rawBody: JSON.stringify(base).slice(0, -1) || '{', codes: ['invalid_json'] },
    { label: 'JSON string body', rawBody: '"text"', codes: ['invalid_json', 'validation_failed'] },
    { label: 'JSON number body', rawBody: '42', codes: ['invalid_json', 'validation_failed'] },
    { label: 'JSON null body', rawBody: 'null', codes: ['invalid_json', 'validation_failed'] },
    { label: 'JSON array body', body: [base] },
    { label: 'unknown extra field', body: { ...base, zzUnknownField: 1 } },
    { label: 'prototype pollution key', rawBody: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"role":"admin"},').replace(',}', '}') },
    {
      label: 'oversize body (> 100 KB)',
      rawBody: JSON.stringify({ ...base, pad: 'x'.repeat(Limits.bodyBytes + 10) }),
      codes: ['payload_too_large'],
      status: 413,
    },
  ];
  for (const [k, fieldSchema] of Object.entries(props)) {
    for (const [label, v] of [
      ['a number', 12345],
      ['an array', ['a']],
      ['an object', { a: 1 }],
      ['a boolean', false],
      ['a string', 'not-what-was-expected'],
      ['null', null],
    ] as const) {
      const mutated = { ...base, [k]: v };
      // Values the schema accepts (a string field given a string) are not bad input.
      if (schema.safeParse(mutated).success) continue;
      cases.push({ label: `${k} is ${label}`, body: valid ? mutated : { [k]: v } });
    }
    if (required.includes(k)) {
      const { [k]: _, ...without } = base;
      cases.push({ label: `${k} missing`, body: without });
    }
    if (isStringField(fieldSchema)) cases.push({ label: `${k} is 10,000 characters`, body: { ...base, [k]: LONG } });
  }
  return cases;
}

/** The route's path with valid parameters (or `override` for one of them). */
function pathOf(r: RegisteredRoute, override?: [string, string]): string {
  const sample = r.params ? (validSample(r.params) ?? {}) : {};
  return r.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    encodeURIComponent(override && override[0] === name ? override[1] : String(sample[name] ?? 'v')),
  );
}

function expectRefused(res: { status: number; body: any }, c: { label: string; codes?: string[]; status?: number }, where: string) {
  const codes = c.codes ?? ['validation_failed'];
  const msg = `${where} — ${c.label}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect(res.status, msg).toBe(c.status ?? 400);
  expect(codes, msg).toContain(res.body?.error?.code);
  expect(typeof res.body.error.message, msg).toBe('string');
}

// ---- HTTP routes ------------------------------------------------------------------------

describe('every HTTP route refuses bad input and changes nothing', () => {
  test('the registry holds the routes (sanity: the server registered them)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes.map(key)).toContain('POST /api/auth/signup');
  });

  test.each(routes.map((r) => [key(r), r] as const))('%s', async (_name, r) => {
    await freezeSessionTouches();
    const before = await snapshotAll(server);
    const client = clientFor(r);
    const method = r.method.toUpperCase();
    let count = 0;

    if (r.body) {
      // Refusals are independent of each other, so they go in parallel.
      const cases = bodyCases(r.body);
      const answers = await Promise.all(
        cases.map((c) => client.request(method, pathOf(r), c.body, c.rawBody !== undefined ? { rawBody: c.rawBody } : {})),
      );
      cases.forEach((c, i) => expectRefused(answers[i]!, c, key(r)));
      count += cases.length;
      // An oversize body that is not JSON, declared by Content-Length.
      const res = await client.request(method, pathOf(r), undefined, { rawBody: 'x'.repeat(Limits.bodyBytes + 10), headers: { 'content-type': 'text/plain' } });
      expectRefused(res, { label: 'oversize text/plain', codes: ['payload_too_large'], status: 413 }, key(r));
      count++;
    }

    if (r.raw) {
      // A raw upload (an image): anything but a readable image of a declared type is refused.
      const cases: (BadCase & { contentType: string })[] = [
        { label: 'JSON object', rawBody: '{"a":1}', contentType: 'application/json' },
        { label: 'malformed JSON', rawBody: '{"a": ', contentType: 'application/json', codes: ['invalid_json'] },
        { label: 'text body', rawBody: 'hello', contentType: 'text/plain' },
        { label: 'empty body', rawBody: '', contentType: r.raw.types[0]! },
        { label: 'not an image', rawBody: 'not an image at all', contentType: r.raw.types[0]! },
        { label: 'undeclared image type', rawBody: 'GIF89a', contentType: 'image/gif' },
        { label: `oversize declared type (> ${r.raw.maxBytes} B)`, rawBody: 'x'.repeat(r.raw.maxBytes + 10), contentType: r.raw.types[0]!, codes: ['payload_too_large'], status: 413 },
        { label: 'oversize text/plain', rawBody: 'x'.repeat(Limits.bodyBytes + 10), contentType: 'text/plain', codes: ['payload_too_large'], status: 413 },
      ];
      for (const c of cases) {
        const res = await client.request(method, pathOf(r), undefined, { rawBody: c.rawBody, headers: { 'content-type': c.contentType } });
        expectRefused(res, c, key(r));
        count++;
      }
    }

    if (r.params) {
      const names = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      for (const name of names) {
        for (const bad of ['x', LONG.slice(0, 5000), "1' or '1'='1", '../../etc/passwd', '%00', ' ']) {
          const res = await client.request(method, pathOf(r, [name, bad]), r.method === 'get' ? undefined : validSample(r.body!) ?? {});
          expectRefused(res, { label: `param ${name}=${bad.slice(0, 20)}` }, key(r));
          count++;
        }
      }
    }

    const body = r.method === 'get' ? undefined : r.body ? (validSample(r.body) ?? {}) : {};
    for (const q of ['zzUnknown=1', 'zzUnknown=1&zzUnknown=2', 'zz%5Bnested%5D=1']) {
      const res = await client.request(method, `${pathOf(r)}?${q}`, body);
      expectRefused(res, { label: `query ${q}` }, key(r));
      count++;
    }
    const querySchema = jsonSchemaOf(r.query);
    const validQuery = validSample(r.query) ?? {};
    for (const [name, s] of Object.entries(querySchema.properties ?? {})) {
      const params = new URLSearchParams(Object.entries(validQuery).map(([k, v]) => [k, String(v)]));
      params.set(name, LONG);
      const long = await client.request(method, `${pathOf(r)}?${params}`, body);
      if (isStringField(s) || s.type === 'integer' || s.type === 'number') {
        expectRefused(long, { label: `query ${name} of 10,000 characters` }, key(r));
        count++;
      }
      params.delete(name);
      params.append(name, String(sampleValue(name, s)));
      params.append(name, String(sampleValue(name, s)));
      const repeated = await client.request(method, `${pathOf(r)}?${params}`, body);
      expectRefused(repeated, { label: `query ${name} repeated` }, key(r));
      count++;
    }

    expect(await snapshotAll(server)).toEqual(before);
    coveredRoutes.set(key(r), count);
  });

  test('every route with a body has a valid sample, so its cases differ from valid input by one defect', () => {
    const without = routeRegistry.filter((r) => r.body && !validSample(r.body)).map(key);
    expect(without).toEqual([]);
  });

  test('every registered route got its bad-input cases, and the server still serves', async () => {
    expect([...coveredRoutes.keys()].sort()).toEqual(routeRegistry.map(key).sort());
    expect(coveredRoutes.size).toBe(routeRegistry.length);
    for (const r of routeRegistry) {
      // Bodies get at least the generic cases plus one per field; every route at least the query ones.
      expect(coveredRoutes.get(key(r)), key(r)).toBeGreaterThanOrEqual(r.body ? 13 : 3);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const me = await member.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.displayName).toBe('Fuzz Member');
  });
});

// ---- Socket events ----------------------------------------------------------------------

describe('every socket event refuses bad payloads and changes nothing', () => {
  let socket: TestSocket;
  beforeAll(async () => {
    socket = await connectOk(server.url, { cookie: member.cookieHeader() });
  });
  afterAll(() => socket?.close());

  /** Emits with an ack, paced under the per-connection allowance (20 events a second). */
  async function emit(event: string, args: unknown[], withAck = true): Promise<any> {
    await new Promise((r) => setTimeout(r, 25));
    const s = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<unknown> }; emit(e: string, ...a: unknown[]): void };
    if (!withAck) {
      s.emit(event, ...args);
      return undefined;
    }
    return s.timeout(5000).emitWithAck(event, ...args);
  }

  function payloadCases(schema: z.ZodType): { label: string; args: unknown[] }[] {
    const valid = validSample(schema) ?? {};
    const js = jsonSchemaOf(schema);
    const cases: { label: string; args: unknown[] }[] = [
      { label: 'a number', args: [42] },
      { label: 'a string', args: ['text'] },
      { label: 'null', args: [null] },
      { label: 'an array', args: [[valid]] },
      { label: 'a boolean', args: [true] },
      { label: 'no payload', args: [] },
      { label: 'unknown field', args: [{ ...valid, zzUnknownField: 1 }] },
      { label: 'extra argument', args: [valid, 'extra'] },
      { label: 'two payloads', args: [valid, valid] },
    ];
    for (const [k, s] of Object.entries(js.properties ?? {})) {
      for (const v of [12345, ['a'], { a: 1 }, null]) {
        if (!schema.safeParse({ ...valid, [k]: v }).success) cases.push({ label: `${k}: ${JSON.stringify(v)}`, args: [{ ...valid, [k]: v }] });
      }
      if ((js.required ?? []).includes(k)) {
        const { [k]: _, ...without } = valid;
        cases.push({ label: `${k} missing`, args: [without] });
      }
      if (isStringField(s)) cases.push({ label: `${k} of 10,000 characters`, args: [{ ...valid, [k]: LONG }] });
    }
    return cases;
  }

  test.each(events)('%s', async (event) => {
    // A fresh connection per event, so that each starts with a full event allowance.
    socket.close();
    socket = await connectOk(server.url, { cookie: member.cookieHeader() });
    await freezeSessionTouches();
    const before = await snapshotAll(server);
    let count = 0;
    for (const c of payloadCases(clientEventSchemas[event])) {
      const ack = await emit(event, c.args);
      expect(ack, `${event} — ${c.label}: ${JSON.stringify(ack)}`).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
      expect(typeof ack.error.message).toBe('string');
      count++;
    }
    // Without an ack there is nothing to answer; the connection must simply go on.
    await emit(event, [42], false);
    await emit(event, [{ zzUnknownField: 1 }], false);
    await emit(event, [], false);
    count += 3;
    expect(socket.connected).toBe(true);
    const me = await emit('me:get', [{}]);
    expect(me.ok, JSON.stringify(me)).toBe(true);
    expect(await snapshotAll(server)).toEqual(before);
    coveredEvents.set(event, count);
  });

  test('every client event got its bad-payload cases, and the socket still works', async () => {
    expect([...coveredEvents.keys()].sort()).toEqual(Object.keys(clientEventSchemas).sort());
    for (const e of events) expect(coveredEvents.get(e), e).toBeGreaterThanOrEqual(12);
    expect(socket.connected).toBe(true);
    expect((await emit('me:get', [{}])).data.displayName).toBe('Fuzz Member');
  });
});
