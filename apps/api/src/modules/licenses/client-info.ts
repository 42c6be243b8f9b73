/**
 * What the validation log keeps about the client that asked (pure, no I/O): its address truncated
 * to a network prefix, its user agent bounded, and the plugin version it reported or sent in its
 * User-Agent.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** Longest user agent kept in the validation log, characters (longer ones are cut). */
export const MAX_USER_AGENT_LENGTH = 256;
/** Longest plugin version kept (the validate body's `pluginVersion` has the same bound). */
export const MAX_PLUGIN_VERSION_LENGTH = 64;

/**
 * The network prefix of client address `ip`: IPv4 → its /24 ("203.0.113.0/24"), IPv6 → its /48
 * ("2001:db8:abcd::/48"), an IPv4-mapped IPv6 address ("::ffff:203.0.113.7") as IPv4. The whole
 * address is never returned: a /24 or /48 tells support the network (an office, an ISP's pool)
 * without identifying the machine. @returns null for anything that is not an IP address.
 */
export function toIpPrefix(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const address = ip.replace(/%.*$/, ''); // an IPv6 zone id (fe80::1%eth0) is not part of the address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return toIpPrefix(mapped[1]);
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(address)) return null;
  const groups = expandIpv6(address);
  const head = groups.slice(0, 3).map((g) => parseInt(g, 16).toString(16));
  while (head.length > 0 && head.at(-1) === '0') head.pop();
  return `${head.join(':')}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address (hex strings), "::" and an IPv4 tail expanded. */
function expandIpv6(address: string): string[] {
  let text = address;
  const v4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left = '', right] = text.split('::');
  const leftGroups = left ? left.split(':') : [];
  if (right === undefined) return leftGroups;
  const rightGroups = right ? right.split(':') : [];
  return [...leftGroups, ...Array<string>(8 - leftGroups.length - rightGroups.length).fill('0'), ...rightGroups];
}

/** The User-Agent as stored: trimmed, at most MAX_USER_AGENT_LENGTH characters, null when empty. */
export function toStoredUserAgent(userAgent: string | null | undefined): string | null {
  const text = userAgent?.trim();
  return text ? text.slice(0, MAX_USER_AGENT_LENGTH) : null;
}

/** Product tokens of HTTP libraries and browsers: their version is not the plugin's. */
const GENERIC_CLIENTS = new Set(['mozilla', 'curl', 'wget', 'node', 'node-fetch', 'undici', 'axios', 'got', 'python-requests', 'python-urllib', 'python-httpx', 'aiohttp', 'go-http-client', 'okhttp', 'java', 'dart', 'postmanruntime', 'insomnia', 'httpie']);

/**
 * The plugin version of a validation: `reported` (the body's `pluginVersion`) when given, else
 * the version of the User-Agent's first product token (RFC 9110 §10.1.5: `name/version …`, e.g.
 * "acme-lint/2.4.1 node/22.1.0" → "2.4.1") unless that product is a generic HTTP client or a
 * browser (curl/8.5.0 says nothing about the plugin). @returns at most MAX_PLUGIN_VERSION_LENGTH
 * characters, or null.
 */
export function toPluginVersion(reported: string | undefined, userAgent: string | null | undefined): string | null {
  if (reported) return reported.slice(0, MAX_PLUGIN_VERSION_LENGTH);
  const product = /^\s*([!#$%&'*+.^_`|~\w-]+)\/([!#$%&'*+.^_`|~\w-]+)/.exec(userAgent ?? '');
  if (!product || GENERIC_CLIENTS.has(product[1]!.toLowerCase())) return null;
  return product[2]!.slice(0, MAX_PLUGIN_VERSION_LENGTH);
}
