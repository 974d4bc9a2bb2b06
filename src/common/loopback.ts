/**
 * Whether a host name stays on this machine. The node link may go unencrypted only there: on any
 * other address the nodes' signed results and the submitters' API keys would cross a network in
 * clear.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}
