import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Lease ids that vouch for themselves. A lease reaches its node before the write-behind stores
 * it (see Coordinator.answer), so a crash can forget a lease its node is working on. Its id
 * carries the deadline and a MAC, under the network's lease key, over itself, the task and the
 * node: the next start (or another coordinator on the same database) can then tell a lease it
 * granted from a forged one without a row for it, and accept the node's result.
 * Format: `<process part><counter>.<deadline, base 36>.<MAC>`, about 45 characters, within the protocol's 64.
 */
export interface LeaseClaim {
  taskId: string;
  nodeId: string;
  deadline: number;
}

const MAC_BYTES = 16;

export function newLeaseKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The key as a KeyObject, so that minting a token does not import it each time. */
export function leaseKeyObject(encoded: string): KeyObject {
  return createSecretKey(Buffer.from(encoded, 'base64url'));
}

/** Unique per process by its random part, then counted: a lease id needs uniqueness, not secrecy. */
const processPart = randomBytes(6).toString('base64url');
let counter = 0;

export function leaseToken(key: KeyObject, claim: LeaseClaim): string {
  const head = `${processPart}${(counter++).toString(36)}.${claim.deadline.toString(36)}`;
  return `${head}.${mac(key, head, claim)}`;
}

/** The deadline a token was issued with, when it was issued for this task and node under `key`; null otherwise. */
export function verifyLeaseToken(key: KeyObject, token: string, claim: Omit<LeaseClaim, 'deadline'>): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [random, deadline36, given] = parts as [string, string, string];
  const deadline = parseInt(deadline36, 36);
  if (!Number.isSafeInteger(deadline) || deadline.toString(36) !== deadline36) return null;
  const expected = Buffer.from(mac(key, `${random}.${deadline36}`, { ...claim, deadline }));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? deadline : null;
}

function mac(key: KeyObject, head: string, claim: LeaseClaim): string {
  return createHmac('sha256', key).update(`${head}|${claim.taskId}|${claim.nodeId.toLowerCase()}`).digest().subarray(0, MAC_BYTES).toString('base64url');
}
