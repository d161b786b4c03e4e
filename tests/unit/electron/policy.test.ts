import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, resolveAppFile } from '../../../main/services/app/policy/appContent.ts';
import { invitationFromArgv } from '../../../main/services/app/policy/invitationArgv.ts';
import { isTrustedExternalUrl, isTrustedSender } from '../../../main/services/app/policy/trust.ts';
import { chooseProtector } from '../../../main/services/app/protectorPolicy.ts';

describe('isTrustedSender', () => {
  it('accepts our own pages only', () => {
    expect(isTrustedSender('app://council/index.html')).toBe(true);
    expect(isTrustedSender('app://council/meeting/abc?x=1#y')).toBe(true);
    for (const bad of [
      undefined,
      null,
      '',
      'not a url',
      'app://evil/index.html',
      'app://council.evil/index.html',
      'app://user:pw@council/',
      'file:///app/renderer/dist/index.html',
      'https://council/',
      'http://127.0.0.1:8080/',
      'data:text/html,<script>1</script>',
      'blob:app://council/1234',
      'about:blank',
      'devtools://devtools/bundled/index.html',
    ]) {
      expect(isTrustedSender(bad), String(bad)).toBe(false);
    }
  });
});

describe('isTrustedExternalUrl', () => {
  it('opens https pages of the allow-listed hosts and their subdomains', () => {
    expect(isTrustedExternalUrl('https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1')).toBe(true);
    expect(isTrustedExternalUrl('https://www.chinhphu.vn/')).toBe(true);
    expect(isTrustedExternalUrl('https://example.org/', ['example.org'])).toBe(true);
  });
  it('refuses everything else', () => {
    for (const bad of [
      'http://vbpl.vn/',
      'https://vbpl.vn.evil.com/',
      'https://evilvbpl.vn/',
      'https://user:pw@vbpl.vn/',
      'https://vbpl.vn:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://vbpl.vn/share',
      'council://join?server=x',
      'ms-msdt:/id PCWDiagnostic',
      'https://' + 'a'.repeat(3000) + '.vbpl.vn/',
      42,
    ]) {
      expect(isTrustedExternalUrl(bad), String(bad).slice(0, 60)).toBe(false);
    }
  });
});

describe('resolveAppFile', () => {
  const root = path.resolve('/opt/app/renderer/dist');
  it('serves files under the root and index.html for routes', () => {
    expect(resolveAppFile(root, 'app://council/assets/main.js')).toMatchObject({ kind: 'file', path: path.join(root, 'assets/main.js') });
    expect(resolveAppFile(root, 'app://council/')).toMatchObject({ kind: 'file', path: path.join(root, 'index.html'), mime: 'text/html; charset=utf-8' });
    expect(resolveAppFile(root, 'app://council/meeting/x')).toMatchObject({ kind: 'file', path: path.join(root, 'index.html') });
    expect(resolveAppFile(root, 'app://council/T%E1%BB%9D.png')).toMatchObject({ kind: 'file', path: path.join(root, 'Tờ.png') });
  });
  it('keeps plain dot segments under the root (the URL parser resolves them)', () => {
    const r = resolveAppFile(root, 'app://council/../../etc/passwd.js');
    expect(r).toMatchObject({ kind: 'file', path: path.join(root, 'etc/passwd.js') });
    expect(resolveAppFile(root, 'app://council/%2e%2e/%2e%2e/etc/passwd.js')).toMatchObject({ kind: 'file', path: path.join(root, 'etc/passwd.js') });
  });
  it('refuses traversal, other hosts and unknown types', () => {
    for (const bad of [
      'app://council/assets/..%2F..%2Fsecret.js',
      'app://council/..%5c..%5csecret.js',
      'app://council/a%00.js',
      'app://council/%E0%A4%A.js',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://council/vault.sqlite',
    ]) {
      expect(resolveAppFile(root, bad).kind, bad).toBe('refuse');
    }
  });
});

describe('contentSecurityPolicy', () => {
  it('allows no inline script or eval, and only the meeting servers to connect', () => {
    const csp = contentSecurityPolicy(['http://127.0.0.1:8080', 'https://hop.example.vn']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain('connect-src \'self\' http://127.0.0.1:8080 https://hop.example.vn ws://127.0.0.1:8080 wss://hop.example.vn');
    expect(contentSecurityPolicy(['javascript:alert(1)', 'nonsense'])).toContain("connect-src 'self';");
  });
});

describe('invitationFromArgv', () => {
  const link = `council://join?server=${encodeURIComponent('http://127.0.0.1:8080')}#v1.meeting1.d05.${'A'.repeat(43)}.${'B'.repeat(43)}`;
  it('finds a well-formed council:// link among Chromium switches', () => {
    expect(invitationFromArgv(['/opt/app/phong-hop', '--no-sandbox', link])).toBe(link);
  });
  it('ignores malformed or foreign arguments', () => {
    expect(invitationFromArgv(['/opt/app/phong-hop', 'council://join?server=x#v1.a'])).toBeUndefined();
    expect(invitationFromArgv(['https://evil.example/join#v1'])).toBeUndefined();
    expect(invitationFromArgv([])).toBeUndefined();
  });
});

describe('chooseProtector', () => {
  const linux = (backend: string, encryptionAvailable = true) => ({ platform: 'linux' as const, encryptionAvailable, backend });
  it('uses the OS keystore where it is real', () => {
    expect(chooseProtector({ platform: 'darwin', encryptionAvailable: true }, undefined)).toEqual({ kind: 'os-keystore' });
    expect(chooseProtector({ platform: 'win32', encryptionAvailable: true }, undefined)).toEqual({ kind: 'os-keystore' });
    expect(chooseProtector(linux('gnome_libsecret'), undefined)).toEqual({ kind: 'os-keystore' });
    expect(chooseProtector(linux('kwallet6'), 'os-keystore')).toEqual({ kind: 'os-keystore' });
  });
  it('asks for a passphrase instead of pretending on basic_text, unknown or no encryption', () => {
    expect(chooseProtector(linux('basic_text'), undefined)).toEqual({ kind: 'passphrase', reason: 'basic-text' });
    expect(chooseProtector(linux('unknown'), undefined)).toEqual({ kind: 'passphrase', reason: 'basic-text' });
    expect(chooseProtector(linux('gnome_libsecret', false), undefined)).toEqual({ kind: 'passphrase', reason: 'unavailable' });
    expect(chooseProtector({ platform: 'darwin', encryptionAvailable: false }, undefined)).toEqual({ kind: 'passphrase', reason: 'unavailable' });
  });
  it('keeps the protector the vault already uses', () => {
    expect(chooseProtector(linux('gnome_libsecret'), 'passphrase')).toEqual({ kind: 'passphrase', reason: 'chosen-before' });
    expect(chooseProtector(linux('basic_text'), 'os-keystore')).toEqual({ kind: 'passphrase', reason: 'keystore-gone' });
  });
});
