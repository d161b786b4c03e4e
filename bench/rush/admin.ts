// The rush benchmark's admin token, apart from rushPack.ts: the server child must not load the publisher
// (pdf-lib, pdfjs and its polyfills) just to read a constant — its RSS and CPU would not be the server's.
export const RUSH_ADMIN = 'bench-rush-admin-token-0123456789';
