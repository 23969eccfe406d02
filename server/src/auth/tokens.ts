import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

// Lower-case letters and digits without the look-alikes l, o, 0, 1.
const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random string of 24 characters, 5 bits each: 120 bits of entropy. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let out = '';
  for (const b of bytes) out += alphabet[b >> 3];
  return out;
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const h = hashSecret(secret);
  return h.length === storedHash.length && constantTimeEqual(h, storedHash);
}
