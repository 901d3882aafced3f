import { describe, expect, it } from 'vitest';
import { clientAddress, isLoopback, parseTrustedProxies, settingKinds } from '@blog/shared';

describe('TRUSTED_PROXIES', () => {
  it('trusts this machine by default (loopback), over IPv4, IPv6 and IPv4 mapped into IPv6', () => {
    const proxies = parseTrustedProxies('loopback');
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(proxies.trusts(address), address).toBe(true);
    for (const address of ['10.0.0.5', '::ffff:10.0.0.5', '2001:db8::1', ''])
      expect(proxies.trusts(address), address).toBe(false);
  });

  it('trusts exactly the addresses and IPv4 ranges listed', () => {
    const proxies = parseTrustedProxies(' 10.0.0.5, 192.168.1.0/24 ,2001:DB8::7');
    expect(proxies.trusts('10.0.0.5')).toBe(true);
    expect(proxies.trusts('::ffff:10.0.0.5')).toBe(true);
    expect(proxies.trusts('10.0.0.6')).toBe(false);
    expect(proxies.trusts('192.168.1.0')).toBe(true);
    expect(proxies.trusts('192.168.1.255')).toBe(true);
    expect(proxies.trusts('192.168.2.1')).toBe(false);
    expect(proxies.trusts('2001:db8::7')).toBe(true);
    expect(proxies.trusts('127.0.0.1'), 'not loopback unless listed').toBe(false);
  });

  it('trusts nobody with none', () => {
    expect(parseTrustedProxies('none').trusts('127.0.0.1')).toBe(false);
  });

  it('refuses what is no address, naming it; the setting names the variable', () => {
    expect(() => parseTrustedProxies('10.0.0.5, proxy.example.dk')).toThrow('"proxy.example.dk"');
    expect(() => parseTrustedProxies('10.0.0.300')).toThrow('"10.0.0.300"');
    expect(() => parseTrustedProxies('10.0.0.0/24/1')).toThrow();
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('"10.0.0.0/33"');
    expect(() => parseTrustedProxies(' , ')).toThrow('empty');
    expect(() => settingKinds.trustedProxies.parse('https://proxy')).toThrow(
      'loopback, none, or a comma-separated list',
    );
  });
});

describe('the client address', () => {
  const loopback = parseTrustedProxies('loopback');

  it('is the last X-Forwarded-For entry when a trusted proxy sends it', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.9', loopback)).toBe('198.51.100.9');
    // What came before the proxy's own entry could have been written by the client.
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.9', loopback)).toBe('198.51.100.9');
    expect(clientAddress('::1', ['6.6.6.6', '::ffff:198.51.100.9'], loopback)).toBe('198.51.100.9');
  });

  it('is the connection when the peer is no trusted proxy, whatever it claims', () => {
    expect(clientAddress('203.0.113.4', '198.51.100.9', loopback)).toBe('203.0.113.4');
    expect(clientAddress('::ffff:203.0.113.4', undefined, loopback)).toBe('203.0.113.4');
    expect(clientAddress('127.0.0.1', '', loopback)).toBe('127.0.0.1');
  });

  it('knows loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.2')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
  });
});
