// Who uses the console: the admin (the collab-server's admin token, checked by asking the server; then kept in
// this process's memory only, for publishing) or a clerk with a pass the admin issued (the issue's "secretary
// role granted by it"; passes.json keeps only their SHA-256, the pass is shown once). Sessions are random
// cookies held in memory: restarting the console logs everyone out.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { ClerkPass, ConsoleSession, NewClerkPass } from '../../../common/api/console.ts';
import { pathTo, ROUTES } from '../../../common/api/routes.ts';
import { consoleMessage } from '../../../common/i18n/consoleText.ts';
import { CouncilError } from '../../../common/result.ts';
import { ADMIN_HEADER } from '../../../common/api/http.ts';
import { isRecord, readJsonFile, writeAtomic } from './folderIo.ts';

export const PASSES_FILE = 'passes.json';
/** A session lasts a working day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Failed logins allowed per minute before RATE_LIMITED. */
const LOGIN_FAILURES_PER_MINUTE = 10;
const MAX_SESSIONS = 1000;
/** The meeting id the admin login asks the follow route about (no meeting has it). */
const LOGIN_PROBE_MEETING = 'console-login-check';

interface StoredPass extends ClerkPass {
  readonly hash: string;
}

interface Session {
  readonly role: 'admin' | 'clerk';
  readonly name: string;
  readonly passId?: string;
  readonly expires: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class ConsoleAuth {
  private readonly sessions = new Map<string, Session>();
  private failures: number[] = [];
  private token: string | undefined;

  constructor(
    private readonly dataDir: string,
    readonly server: string,
    adminToken: string | undefined,
  ) {
    this.token = adminToken;
  }

  /** The admin token for publishing; ADMIN_TOKEN_NEEDED until the admin logged in (or it was given at start). */
  adminToken(): string {
    if (this.token === undefined) throw new CouncilError('UNAUTHORIZED', consoleMessage('ADMIN_TOKEN_NEEDED'));
    return this.token;
  }

  /** The admin token when known (reads that can also be done as the secretary member do not need it). */
  knownAdminToken(): string | undefined {
    return this.token;
  }

  private get passesFile(): string {
    return path.join(this.dataDir, PASSES_FILE);
  }

  private async passes(): Promise<StoredPass[]> {
    const raw = await readJsonFile(this.passesFile);
    return Array.isArray(raw) ? raw.filter((p): p is StoredPass => isRecord(p) && typeof p['hash'] === 'string' && typeof p['passId'] === 'string') : [];
  }

  async login(token: string): Promise<{ sessionId: string; session: ConsoleSession }> {
    this.failures = this.failures.filter((t) => t > Date.now() - 60_000);
    if (this.failures.length >= LOGIN_FAILURES_PER_MINUTE) throw new CouncilError('RATE_LIMITED', consoleMessage('LOGIN_RATE_LIMITED'));
    const hash = sha256(token);
    const pass = (await this.passes()).find((p) => sameHash(p.hash, hash));
    if (pass) return this.open({ role: 'clerk', name: pass.name, passId: pass.passId, expires: Date.now() + SESSION_TTL_MS });
    if (token.length >= 16 && (await this.serverAccepts(token))) {
      this.token = token;
      return this.open({ role: 'admin', name: 'admin', expires: Date.now() + SESSION_TTL_MS });
    }
    this.failures.push(Date.now());
    throw new CouncilError('UNAUTHORIZED', consoleMessage('LOGIN_WRONG'));
  }

  /**
   * Asks the collab-server: its admin-only follow route answers NOT_FOUND naming the unknown meeting, 401 for a wrong
   * token. Any other 404 (a server without that route, not a collab-server at all, a proxy's page) says nothing
   * about the token and is a refusal: otherwise any 16 characters would log in as the admin.
   */
  private async serverAccepts(token: string): Promise<boolean> {
    let res: Response;
    try {
      res = await fetch(`${this.server}${pathTo(ROUTES.follow, { meetingId: LOGIN_PROBE_MEETING })}`, { headers: { [ADMIN_HEADER]: `Bearer ${token}` } });
    } catch (e) {
      throw new CouncilError('NETWORK', consoleMessage('SERVER_UNREACHABLE', { server: this.server, cause: e instanceof Error ? e.message : String(e) }));
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (res.status !== 404) return false;
    const error = isRecord(body) && body['ok'] === false ? body['error'] : undefined;
    return isRecord(error) && error['code'] === 'NOT_FOUND' && typeof error['message'] === 'string' && error['message'].includes(LOGIN_PROBE_MEETING);
  }

  private open(session: Session): { sessionId: string; session: ConsoleSession } {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expires < now) this.sessions.delete(id);
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const sessionId = randomBytes(32).toString('base64url');
    this.sessions.set(sessionId, session);
    return { sessionId, session: this.view(session) };
  }

  private view(s: Session): ConsoleSession {
    return { role: s.role, name: s.name, server: this.server };
  }

  /** The session of a cookie, or UNAUTHORIZED. A clerk whose pass was revoked is logged out. */
  async session(sessionId: string | undefined): Promise<ConsoleSession> {
    const s = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    if (!s || s.expires < Date.now()) throw new CouncilError('UNAUTHORIZED', consoleMessage('NOT_LOGGED_IN'));
    if (s.passId !== undefined && !(await this.passes()).some((p) => p.passId === s.passId)) {
      this.sessions.delete(sessionId ?? '');
      throw new CouncilError('UNAUTHORIZED', consoleMessage('NOT_LOGGED_IN'));
    }
    return this.view(s);
  }

  logout(sessionId: string | undefined): void {
    if (sessionId !== undefined) this.sessions.delete(sessionId);
  }

  async createPass(name: string): Promise<NewClerkPass> {
    const pass = `cp_${randomBytes(24).toString('base64url')}`;
    const stored: StoredPass = { passId: randomBytes(6).toString('hex'), name: name.trim() || 'thư ký', createdAt: new Date().toISOString(), hash: sha256(pass) };
    await writeAtomic(this.passesFile, `${JSON.stringify([...(await this.passes()), stored], null, 2)}\n`);
    return { passId: stored.passId, name: stored.name, createdAt: stored.createdAt, pass };
  }

  async listPasses(): Promise<ClerkPass[]> {
    return (await this.passes()).map(({ passId, name, createdAt }) => ({ passId, name, createdAt }));
  }

  async revokePass(passId: string): Promise<void> {
    const all = await this.passes();
    if (!all.some((p) => p.passId === passId)) throw new CouncilError('NOT_FOUND', consoleMessage('PASS_NOT_FOUND', { id: passId }));
    await writeAtomic(this.passesFile, `${JSON.stringify(all.filter((p) => p.passId !== passId), null, 2)}\n`);
  }
}
