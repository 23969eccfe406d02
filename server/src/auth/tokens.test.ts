import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseToken } from './sessions.ts';
import { hashSecret, randomToken, secretMatches } from './tokens.ts';

describe('tokens', () => {
  test('randomToken: 24 characters of the unambiguous alphabet, never repeating', () => {
    const seen = new Set<string>();
    const chars = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const t = randomToken();
      expect(t).toMatch(/^[a-km-np-z2-9]{24}$/);
      seen.add(t);
      for (const c of t) chars.add(c);
    }
    expect(seen.size).toBe(2000);
    // All 32 symbols occur (5 bits each), none of the look-alikes.
    expect(chars.size).toBe(32);
    for (const c of 'lo01') expect(chars.has(c)).toBe(false);
  });

  test('hashSecret is SHA-256 of the UTF-8 secret', () => {
    const secret = randomToken();
    expect(Buffer.from(hashSecret(secret)).toString('hex')).toBe(createHash('sha256').update(secret, 'utf8').digest('hex'));
    expect(Buffer.from(hashSecret('é')).toString('hex')).toBe(createHash('sha256').update('é', 'utf8').digest('hex'));
  });

  test('secretMatches accepts the secret only', () => {
    const secret = randomToken();
    const stored = hashSecret(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a'), stored)).toBe(false);
    expect(secretMatches('', stored)).toBe(false);
    expect(secretMatches(secret, stored.slice(0, 16))).toBe(false);
  });

  test('parseToken accepts `<id>.<secret>` and nothing else', () => {
    const id = randomToken();
    const secret = randomToken();
    expect(parseToken(`${id}.${secret}`)).toEqual({ id, secret });
    for (const bad of [undefined, '', id, `${id}.`, `.${secret}`, `${id}.${secret}.x`, `${id}x.${secret}`, `${id.toUpperCase()}.${secret}`, `${id} .${secret}`, `${id}.${secret}\n`]) {
      expect(parseToken(bad), String(bad)).toBeUndefined();
    }
  });
});
