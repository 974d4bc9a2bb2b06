import { z } from 'zod';

/**
 * Stable error codes shared by every transport. The JSON-RPC range (-32700..-32600) keeps its
 * standard meaning; our own codes live in -32000..-32099 as the spec reserves for servers.
 */
export const errorCodes = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  INVALID_RESULT: -32001,
  NOT_CONNECTED: -32002,
  TIMEOUT: -32003,
  HARDWARE_DETECTION_FAILED: -32010,
  SETTINGS_WRITE_FAILED: -32011,
  NOT_SUPPORTED: -32012,
  /** The owner declined in their wallet (a connection, a signature, a transaction, a chain switch). */
  WALLET_REJECTED: -32020,
  /** The wallet cannot or will not use the chain this network runs on. */
  WALLET_WRONG_CHAIN: -32021,
  WALLET_NOT_CONNECTED: -32022,
  /** The WalletConnect relay cannot be reached, or the wallet did not answer in time. */
  WALLET_UNAVAILABLE: -32023,
  /** The wallet answered with an error other than a refusal, or with something malformed. */
  WALLET_FAILED: -32024,
  /** Staking has no contracts on this network (mainnet and testnet addresses are not published yet). */
  STAKING_UNAVAILABLE: -32030,
  /** The wallet holds fewer PLEXAI than the request needs. */
  INSUFFICIENT_BALANCE: -32031,
  /** Another staking transaction of this node is still under way. */
  STAKING_BUSY: -32034,
  /** The contract refused the transaction; the message says why in plain words. */
  CHAIN_REVERTED: -32032,
  /** The chain's RPC cannot be reached or answered with an error. */
  CHAIN_UNAVAILABLE: -32033,
  /** A mining-rewards claim was asked for with nothing claimable (all of it paid, or no root yet). */
  NOTHING_TO_CLAIM: -32040,
  /** The coordinator's HTTP API could not be read (offline, down, or answering nonsense). */
  COORDINATOR_UNAVAILABLE: -32041,
  /** Another mining-rewards claim of this node is still under way. */
  CLAIM_BUSY: -32042,
  /** A coordinator address that would carry the node link unencrypted off this machine (ws:// not on loopback). */
  COORDINATOR_INSECURE: -32043,
} as const;

export type ErrorName = keyof typeof errorCodes;
const errorNames = Object.keys(errorCodes) as [ErrorName, ...ErrorName[]];

export const IssueSchema = z.object({ path: z.string(), message: z.string() });
export type Issue = z.infer<typeof IssueSchema>;

export const RpcErrorSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.object({ name: z.enum(errorNames), issues: z.array(IssueSchema).optional() }).optional(),
});
export type RpcErrorPayload = z.infer<typeof RpcErrorSchema>;

export class PlexError extends Error {
  override readonly name = 'PlexError';

  constructor(
    readonly errorName: ErrorName,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }

  get code(): number {
    return errorCodes[this.errorName];
  }

  toPayload(): RpcErrorPayload {
    return {
      code: this.code,
      message: this.message,
      data: { name: this.errorName, ...(this.issues.length ? { issues: this.issues } : {}) },
    };
  }

  static fromPayload(payload: RpcErrorPayload): PlexError {
    return new PlexError(payload.data?.name ?? 'INTERNAL_ERROR', payload.message, payload.data?.issues ?? []);
  }
}

/** Parses a value that came from outside the process; the error names each failing path. */
export function parseUnknown<S extends z.ZodType>(
  schema: S,
  value: unknown,
  errorName: ErrorName = 'INVALID_PARAMS',
  what = 'value',
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : '(root)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new PlexError(errorName, `Invalid ${what}: ${summary}`, issues);
}
