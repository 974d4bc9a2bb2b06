import { explorerOrigins } from '../src/common/chains';
import { PROJECT_ID_SOURCE } from '../src/common/walletconnect';

/**
 * Whether a link the UI opens may go to the system browser: https to the sites the app itself
 * links to (block explorers, WalletConnect's dashboard), nothing else, so a compromised page or a
 * crafted transaction field cannot send the owner anywhere.
 */
export function mayOpenExternally(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return [...explorerOrigins(), `https://${PROJECT_ID_SOURCE}`].includes(parsed.origin);
}
