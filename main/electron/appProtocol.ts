// app://council/ : the renderer's files from inside the asar, with the CSP on every response. Registered as
// privileged (standard + secure) so it is a secure context with WebCrypto, fetch and workers; file:// is never used.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { appResponseHeaders, contentSecurityPolicy, resolveAppFile } from '../services/app/policy/appContent.ts';
import { APP_SCHEME } from '../services/app/policy/trust.ts';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string, servers: () => readonly string[]): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });
    const r = resolveAppFile(rendererDir, request.url);
    if (r.kind === 'refuse') return new Response(r.why, { status: r.status, headers: { 'content-type': 'text/plain' } });
    try {
      const body = await readFile(r.path);
      return new Response(body, { status: 200, headers: appResponseHeaders(r.mime, contentSecurityPolicy(servers())) });
    } catch {
      return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    }
  });
}
