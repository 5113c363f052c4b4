import { i18n } from './i18n';
import { session } from './session';

/** The api's one error shape (docs/api.md), kept whole so a page can name the field or the row. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A query string of the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Calls `/api/v1<path>` with the session's token; JSON in, JSON out; an error as ApiError. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { contentType?: string; raw?: BodyInit } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  // The console's language: plain-language answers (GET /me/tier, repair errors) follow it.
  headers['accept-language'] = i18n.global.locale.value === 'en' ? 'en' : 'zh-CN';
  let payload: BodyInit | undefined = options.raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  } else if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const e = (parsed ?? {}) as {
      code?: string;
      message?: string;
      details?: { path: string; message: string }[];
    };
    throw new ApiError(response.status, e.code ?? 'ERROR', e.message ?? response.statusText, e.details ?? []);
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** A file from the api with the session's token (a plain link would carry none), as an object URL. */
export async function download(path: string): Promise<string> {
  const headers: Record<string, string> = {};
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(`/api/v1${path}`, { headers });
  if (!response.ok) throw new ApiError(response.status, 'ERROR', response.statusText);
  return URL.createObjectURL(await response.blob());
}
