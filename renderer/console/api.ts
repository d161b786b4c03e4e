// The console's HTTP client (common/api/console.ts): JSON with the session cookie (same origin) and the CSRF
// header on every non-GET request; uploads through XMLHttpRequest so each file has its own progress bar.
import { CONSOLE_CSRF_HEADER, CONSOLE_ROUTES } from '../../common/api/console.ts';
import { isErrorCode } from '../../common/errors.ts';
import type { ErrorValue, Result } from '../../common/result.ts';

export type RouteName = keyof typeof CONSOLE_ROUTES;

/** A route with its :params filled in and an optional query. */
export function routeUrl(name: RouteName, params: Readonly<Record<string, string>> = {}, query: Readonly<Record<string, string>> = {}): string {
  const path = CONSOLE_ROUTES[name].replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
  const q = new URLSearchParams(query).toString();
  return q ? `${path}?${q}` : path;
}

const networkError = (e: unknown): ErrorValue => ({ code: 'NETWORK', message: e instanceof Error ? e.message : String(e) });

function asError(body: unknown, status: number): ErrorValue {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
      const { code, message, details } = e as { code: unknown; message: unknown; details?: unknown };
      const valid = isErrorCode(code) ? code : 'INTERNAL';
      const d = Array.isArray(details) ? details.filter((x): x is string => typeof x === 'string') : undefined;
      return { code: valid, message: String(message), ...(d ? { details: d } : {}) };
    }
  }
  return { code: status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', message: `HTTP ${status}` };
}

function parseAnswer<T>(status: number, text: string): Result<T> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, error: asError(undefined, status) };
  }
  if (typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true) return { ok: true, value: (body as { value: T }).value };
  return { ok: false, error: asError(body, status) };
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<Result<T>> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers[CONSOLE_CSRF_HEADER] = '1';
  let payload: BodyInit | undefined;
  if (body instanceof Blob || body instanceof Uint8Array) payload = body as BodyInit;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  try {
    const res = await fetch(url, { method, headers, credentials: 'same-origin', cache: 'no-store', ...(payload !== undefined ? { body: payload } : {}) });
    return parseAnswer<T>(res.status, await res.text());
  } catch (e) {
    return { ok: false, error: networkError(e) };
  }
}

/** A POST/PUT of raw bytes with progress (0…1); resolves with the answer, never rejects. */
export function upload<T>(method: 'POST' | 'PUT', url: string, file: Blob, onProgress: (fraction: number) => void): Promise<Result<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader(CONSOLE_CSRF_HEADER, '1');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve(parseAnswer<T>(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve({ ok: false, error: { code: 'NETWORK', message: 'upload failed' } });
    xhr.send(file);
  });
}

/** A POST whose answer is a file (the keys backup): the bytes, or the error. */
export async function postForFile(url: string, body: unknown): Promise<Result<{ blob: Blob; name: string }>> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { [CONSOLE_CSRF_HEADER]: '1', 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) });
    if (!res.ok) return parseAnswer(res.status, await res.text());
    const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'backup.council-keys';
    return { ok: true, value: { blob: await res.blob(), name: decodeURIComponent(name) } };
  } catch (e) {
    return { ok: false, error: networkError(e) };
  }
}

/** Saves a blob as a download (the browser's own "save as"). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
