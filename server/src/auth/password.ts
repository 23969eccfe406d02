import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's first argon2id profile: 19 MiB, 2 passes, 1 lane (about 36 ms here).
const options = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** True when the password is among the ~49,000 most common ones (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return common.has(password.toLowerCase());
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the time of one verification when there is no account, so that response times
 * do not tell whether an e-mail is registered.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('maillage-dummy-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
