// Self-signed TLS for a hall without a domain name: phones need a secure context for WebCrypto and
// service workers (SECURITY.md). Made once, kept in <dataDir>/tls/ and reused while it covers the names.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

const CERT_FILE = 'self-signed-cert.pem';
const KEY_FILE = 'self-signed-key.pem';
/** Renew a little before expiry, so a session never starts on a certificate that dies mid-meeting. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
const VALIDITY_DAYS = 825;

function covers(cert: crypto.X509Certificate, hostnames: readonly string[]): boolean {
  if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
  return hostnames.every((h) => (net.isIP(h) ? cert.checkIP(h) !== undefined : cert.checkHost(h) !== undefined));
}

function readExisting(dir: string, hostnames: readonly string[]): TlsFiles | undefined {
  try {
    const files = { cert: fs.readFileSync(path.join(dir, CERT_FILE), 'utf8'), key: fs.readFileSync(path.join(dir, KEY_FILE), 'utf8') };
    return covers(new crypto.X509Certificate(files.cert), hostnames) ? files : undefined;
  } catch {
    return undefined;
  }
}

async function create(hostnames: readonly string[]): Promise<TlsFiles> {
  const notBeforeDate = new Date();
  const notAfterDate = new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 24 * 3600 * 1000);
  const altNames = hostnames.map((h) => (net.isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h }));
  const pems = await generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A certificate for every given host name or IP address, created on first use and reused afterwards. */
export async function selfSignedCertificate(dataDir: string, hostnames: readonly string[]): Promise<TlsFiles> {
  const names = [...new Set(hostnames.length > 0 ? hostnames : ['localhost'])];
  const dir = path.join(dataDir, 'tls');
  const existing = readExisting(dir, names);
  if (existing) return existing;
  const files = await create(names);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, KEY_FILE), files.key, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, CERT_FILE), files.cert, { mode: 0o644 });
  return files;
}
