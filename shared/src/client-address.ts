/**
 * Whose request is it? Behind a reverse proxy (Caddy, nginx) every connection comes from the proxy,
 * and the reader's address is in X-Forwarded-For. That header is believed only from the proxies
 * the operator names (TRUSTED_PROXIES, for the CMS and the site server alike): from anyone else it
 * could be made up to dodge a rate limit. Both sides use this one reading.
 */

export interface TrustedProxies {
  /** As written: "loopback", "none" or the list of addresses and IPv4 ranges. */
  readonly description: string;
  /** Whether a connection from `address` is from a proxy whose X-Forwarded-For is believed. */
  trusts(address: string): boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An address as it is compared: IPv4 mapped into IPv6 (::ffff:1.2.3.4) as plain IPv4. */
export function plainAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && IPV4.test(trimmed.slice(7)) ? trimmed.slice(7) : trimmed;
}

function ipv4Number(address: string): number | null {
  const parts = IPV4.exec(address)?.slice(1).map(Number);
  if (!parts || parts.some((part) => part > 255)) return null;
  return parts.reduce((value, part) => value * 256 + part, 0);
}

/** Whether `address` is on this machine's loopback interface. */
export function isLoopback(address: string): boolean {
  const plain = plainAddress(address);
  return plain === '::1' || plain.startsWith('127.');
}

/**
 * Reads TRUSTED_PROXIES: "loopback" (a proxy on this machine; the default), "none", or a comma-
 * separated list of addresses and IPv4 ranges ("10.0.0.5, 192.168.1.0/24, ::1", "loopback" may be
 * one of them). Throws naming the entry that is none of these.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const entries = text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  if (entries.length === 1 && entries[0] === 'none')
    return { description: 'none', trusts: () => false };
  const checks = entries.map((entry): ((address: string) => boolean) => {
    if (entry === 'loopback') return isLoopback;
    const [base = '', bits, extra] = entry.split('/');
    const start = ipv4Number(base);
    if (
      bits !== undefined &&
      start !== null &&
      extra === undefined &&
      /^\d{1,2}$/.test(bits) &&
      Number(bits) <= 32
    ) {
      const size = 2 ** (32 - Number(bits));
      const first = Math.floor(start / size) * size;
      return (address) => {
        const value = ipv4Number(plainAddress(address));
        return value !== null && value >= first && value < first + size;
      };
    }
    if (
      bits === undefined &&
      (start !== null || (/^[0-9a-f:]+$/.test(entry) && entry.includes(':')))
    )
      return (address) => plainAddress(address) === plainAddress(entry);
    throw new Error(`"${entry}" is not an address, an IPv4 range (a.b.c.d/n), loopback or none`);
  });
  if (checks.length === 0) throw new Error('the list is empty');
  return {
    description: entries.join(', '),
    trusts: (address) => checks.some((check) => check(address)),
  };
}

/**
 * The client's address: the connection's, or, when it comes from a trusted proxy, the address that
 * proxy added last to X-Forwarded-For (the one before it could have been written by anyone).
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | string[] | undefined,
  proxies: TrustedProxies,
): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (header && proxies.trusts(peer)) {
    const last = header.split(',').at(-1)?.trim();
    if (last) return plainAddress(last);
  }
  return plainAddress(peer);
}
