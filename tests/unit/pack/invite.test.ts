import { describe, expect, it } from 'vitest';
import { generatePublisherKeys } from '../../../common/pack/crypto.ts';
import { fromB64url, fromHex, toB64url, toHex } from '../../../common/pack/encoding.ts';
import { councilSchemeLink, deriveCredentials, documentIdFor, formatInvitationLink, newSecret, parseInvitationLink, tokenHashOf } from '../../../common/pack/invite.ts';
import { CouncilError } from '../../../common/result.ts';

async function invitation(server = 'https://hop.example.vn:8443') {
  return { server, meetingId: 'mAbc_12-x', delegateId: 'd07', secret: newSecret(), publisherKey: (await generatePublisherKeys()).publicKey };
}

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'no error';
  } catch (e) {
    return e instanceof CouncilError ? e.code : String(e);
  }
};

describe('invitation links', () => {
  it('round-trips https links (with a path prefix) and council:// links', async () => {
    for (const server of ['https://hop.example.vn:8443', 'http://127.0.0.1:8080', 'https://example.vn/council']) {
      const inv = await invitation(server);
      expect(parseInvitationLink(formatInvitationLink(inv))).toEqual(inv);
      expect(parseInvitationLink(`  ${councilSchemeLink(inv)}\n`)).toEqual(inv);
    }
  });

  it('refuses malformed links with LINK_INVALID', async () => {
    const good = formatInvitationLink(await invitation());
    const [head, frag] = good.split('#') as [string, string];
    const parts = frag.split('.');
    const bad = [
      '',
      'hello',
      head,
      `${head}#`,
      `${head}#${parts.slice(0, 4).join('.')}`,
      `${head}#v9.${parts.slice(1).join('.')}`,
      `${head}#${[parts[0], 'm/../x', ...parts.slice(2)].join('.')}`,
      `${head}#${[...parts.slice(0, 3), 'short', parts[4]].join('.')}`,
      `${head}#${[...parts.slice(0, 4), '!!'].join('.')}`,
      `ftp://x/join#${frag}`,
      `https://x/other#${frag}`,
      `council://join#${frag}`,
      `https://user:pw@x/join#${frag}`,
    ];
    for (const link of bad) expect(codeOf(() => parseInvitationLink(link)), link).toBe('LINK_INVALID');
  });

  it('derives a stable token whose hash is all the server keeps, different per delegate', async () => {
    const inv = await invitation();
    const a = await deriveCredentials(inv);
    const b = await deriveCredentials(inv);
    expect(a.authToken).toBe(b.authToken);
    expect(a.tokenHash).toBe(await tokenHashOf(a.authToken));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.authToken).not.toContain(inv.secret);
    const other = await deriveCredentials({ ...inv, delegateId: 'd08' });
    expect(other.authToken).not.toBe(a.authToken);
  });
});

describe('encodings and ids', () => {
  it('base64url and hex round-trip every length', () => {
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(fromB64url(toB64url(b))).toEqual(b);
      expect(toB64url(b)).toBe(Buffer.from(b).toString('base64url'));
      expect(fromHex(toHex(b))).toEqual(b);
    }
    expect(fromB64url('a')).toBeNull();
    expect(fromB64url('ab+c')).toBeNull();
    expect(fromHex('abc')).toBeNull();
  });

  it('folds file paths into readable document ids', () => {
    expect(documentIdFor('Tờ trình số 12.pdf')).toBe('to-trinh-so-12');
    expect(documentIdFor('tai-lieu/Dự thảo Nghị quyết đường.PDF')).toBe('tai-lieu-du-thao-nghi-quyet-duong');
    expect(documentIdFor('....pdf')).toBe('doc');
    expect(documentIdFor('bao-cao/bao-cao-tham-tra-kinh-te-xa-hoi.pdf')).toBe('bao-cao-bao-cao-tham-tra-kinh-te-xa');
  });
});
