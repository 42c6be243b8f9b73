/**
 * Literal IP addresses in network targets: a URL (`http://203.0.113.7/x`, `ws://[2001:db8::1]`)
 * or a bare host (`{ host: '10.0.0.1' }`). Classified so that a dev server on loopback does not
 * weigh like a hard-coded remote server.
 */
import { isIP } from 'node:net';
import type { Severity } from './types.ts';

export type IpRange = 'loopback' | 'private' | 'metadata' | 'public';

/** The IP in `value` when it is a URL with an IP host or a bare IP, else null. */
export function literalIpOf(value: string): string | null {
  const text = value.trim();
  const bare = text.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return bare;
  // `//1.2.3.4/x` and `1.2.3.4:8080/x` are also how hosts are written in code.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : text.startsWith('//') ? `http:${text}` : /^[\d.]+:\d+|^\[[\da-f:.]+\]/i.test(text) ? `http://${text}` : null;
  if (!withScheme) return null;
  try {
    const host = new URL(withScheme).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) ? host : null;
  } catch {
    return null;
  }
}

/** The range an IP belongs to (RFC 1918, RFC 4193, RFC 3927 link-local, loopback). */
export function ipRange(ip: string): IpRange {
  if (ip === '169.254.169.254' || ip.toLowerCase() === 'fd00:ec2::254') return 'metadata';
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    if (a === 127 || a === 0) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'private';
    if (a === 100 && b >= 64 && b <= 127) return 'private'; // RFC 6598 carrier-grade NAT
    return 'public';
  }
  const lower = ip.toLowerCase();
  if (lower === '::1' || lower === '::') return 'loopback';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipRange(mapped[1]!);
  if (/^f[cd]/.test(lower) || /^fe[89ab]/.test(lower)) return 'private';
  return 'public';
}

export const SEVERITY_BY_RANGE: Record<IpRange, Severity> = {
  metadata: 'CRITICAL',
  public: 'HIGH',
  private: 'MEDIUM',
  loopback: 'LOW',
};
