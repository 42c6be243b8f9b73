/** What the validation log keeps about a client: the address prefix, the user agent, the plugin version. */
import { describe, expect, it } from 'vitest';
import { MAX_USER_AGENT_LENGTH, toIpPrefix, toPluginVersion, toStoredUserAgent } from '../../src/modules/licenses/client-info.ts';

describe('toIpPrefix', () => {
  it.each([
    ['203.0.113.7', '203.0.113.0/24'],
    ['10.1.2.255', '10.1.2.0/24'],
    ['::ffff:198.51.100.23', '198.51.100.0/24'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::/48'],
    ['2001:0DB8:00ab:ffff::1', '2001:db8:ab::/48'],
    ['2001:db8::1', '2001:db8::/48'],
    ['fe80::1%eth0', 'fe80::/48'],
    ['::1', '::/48'],
    ['2001:db8:1:2:3:4:1.2.3.4', '2001:db8:1::/48'],
  ])('%s → %s', (ip, prefix) => {
    expect(toIpPrefix(ip)).toBe(prefix);
  });

  it('never returns the whole address, and null for what is not an address', () => {
    for (const ip of ['203.0.113.7', '2001:db8:abcd:12:1:2:3:4']) expect(toIpPrefix(ip)).not.toContain(ip);
    expect(toIpPrefix('not-an-ip')).toBeNull();
    expect(toIpPrefix('')).toBeNull();
    expect(toIpPrefix(undefined)).toBeNull();
    expect(toIpPrefix('999.1.1.1')).toBeNull();
  });
});

describe('toPluginVersion and toStoredUserAgent', () => {
  it('prefers the reported version, else the first product token unless it is a generic client', () => {
    expect(toPluginVersion('3.1.0', 'acme-lint/2.4.1')).toBe('3.1.0');
    expect(toPluginVersion(undefined, 'acme-lint/2.4.1 node/22.1.0')).toBe('2.4.1');
    expect(toPluginVersion(undefined, 'curl/8.5.0')).toBeNull();
    expect(toPluginVersion(undefined, 'Mozilla/5.0 (X11; Linux x86_64)')).toBeNull();
    expect(toPluginVersion(undefined, 'no version here')).toBeNull();
    expect(toPluginVersion(undefined, null)).toBeNull();
    expect(toPluginVersion(undefined, `p/${'1'.repeat(500)}`)).toHaveLength(64);
  });

  it('bounds the user agent', () => {
    expect(toStoredUserAgent(`  ${'x'.repeat(5000)}  `)).toHaveLength(MAX_USER_AGENT_LENGTH);
    expect(toStoredUserAgent('   ')).toBeNull();
    expect(toStoredUserAgent(undefined)).toBeNull();
  });
});
