// Every limit of the HTTP side, named (STYLE.md rule 11). `startCollabServer({ http })` overrides some (tests
// use short timeouts); the defaults are what production runs with. They apply to WebSocket upgrade requests
// too: those are HTTP until the 101 answer.
export interface HttpLimits {
  /** Time a client has to send a whole request head; slower is answered 408 and cut. */
  readonly headersTimeoutMs: number;
  /** Time a client has to send a whole request, head and body. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked (Node's default, 30 s, would let them overrun by that much). */
  readonly timeoutCheckMs: number;
  /**
   * Open TCP connections (HTTP and WebSocket) per client address; a trusted proxy is exempt. A browser holds
   * about 6 HTTP and 1-3 WebSocket connections, so this leaves room for ~50 devices behind one NAT.
   */
  readonly maxConnectionsPerAddress: number;
  /** Request bodies buffered at once, all requests together; past it a request is answered 429. */
  readonly maxBodyBytesInFlight: number;
  /** Largest request head (request line and headers). */
  readonly maxHeaderBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  timeoutCheckMs: 1_000,
  maxConnectionsPerAddress: 512,
  maxBodyBytesInFlight: 64 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
};

/** What the HTTP side counts; `CollabServer.stats()` exposes it (tests, monitoring). */
export interface HttpStats {
  /** TCP connections open now (HTTP and upgraded WebSockets). */
  readonly openConnections: number;
  /** Connections closed at once because their address had too many open. */
  readonly connectionsRefused: number;
  /** Request-body bytes held in memory now, and the most ever held at once. */
  readonly bodyBytesInFlight: number;
  readonly peakBodyBytesInFlight: number;
  /** Requests with a body refused (401/403/429) before a byte of it was read. */
  readonly refusedBeforeBody: number;
}
