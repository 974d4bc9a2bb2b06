import { z } from 'zod';

/**
 * The owner's WalletConnect settings: which relay the engine's sign-client talks through, and the
 * project id that relay knows this app by (a free one from cloud.reown.com). An empty value means
 * "not set": the network's default applies (the devnet's own relay; WalletConnect's public one).
 */

/** WalletConnect's public relay, used unless the owner (or the devnet) names another. */
export const PUBLIC_RELAY_URL = 'wss://relay.walletconnect.org';

/** Where the owner gets a project id; the Settings help text and the wallet page name it. */
export const PROJECT_ID_SOURCE = 'cloud.reown.com';

/** 127.0.0.0/8, localhost and ::1: an unencrypted ws:// relay is acceptable only on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why `text` is not a usable relay URL, or null when it is. */
export function relayUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a full address, such as wss://relay.walletconnect.org.';
  }
  if (url.protocol === 'wss:') return url.hostname ? null : 'The relay address needs a host name.';
  if (url.protocol === 'ws:') {
    return isLoopbackHost(url.hostname) ? null : 'Use wss:// for a relay on another machine: ws:// is unencrypted and allowed only on this computer (127.0.0.1).';
  }
  return 'A relay address starts with wss:// (or ws:// for a relay on this computer).';
}

export const RelayUrlSettingSchema = z
  .string()
  .max(2048)
  .superRefine((text, ctx) => {
    const problem = text === '' ? null : relayUrlProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const PROJECT_ID_PATTERN = /^[0-9a-fA-F]{32}$/;

export const ProjectIdSettingSchema = z
  .string()
  .refine((text) => text === '' || PROJECT_ID_PATTERN.test(text), { message: `A project id is 32 characters, 0-9 and a-f, as ${PROJECT_ID_SOURCE} shows it.` });
