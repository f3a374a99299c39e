/**
 * The web app's only door to the server: same-origin fetches with the session cookie, the CSRF token on every
 * unsafe request, and errors turned into `ApiError` values the pages show in plain words.
 */
import type { SourcePosition } from '../../src/core/problem.ts';

/** A drugclaim Problem as the API sends it in `problems` (stable code, severity, plain-words message). */
export interface ApiProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Where in the file (file, line, segment, element…), as the readers place it. */
  at?: SourcePosition;
  data?: Record<string, unknown>;
}

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
  problems?: ApiProblem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The drugclaim Problems behind a 422 (unreadable file, dose that cannot be converted); empty otherwise. */
  readonly problems: readonly ApiProblem[];
  constructor(status: number, code: string, message: string, problems: readonly ApiProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
  }

  /** The session ended (idle or absolute timeout, signed out elsewhere): the request was not carried out. */
  get sessionExpired(): boolean {
    return this.status === 401 && this.code === 'unauthorized';
  }

  /** A claim check got remittances (835, FHIR ExplanationOfBenefit) and no claims: they go to the import instead. */
  get notClaims(): boolean {
    return this.status === 422 && this.code === 'not-claims';
  }
}

/** The words a form uses for a request field the API names by its path (`body.password`, `querystring.asOf`). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  code: 'The code',
  password: 'The password',
  newPassword: 'The new password',
  currentPassword: 'The current password',
  username: 'The user name',
  role: 'The role',
  asOf: 'The as-of date',
  date: 'The as-of date',
  dateOfRun: 'The as-of date',
  text: 'The text',
  dose: 'The dose',
  weight: 'The weight',
  note: 'The note',
};

/**
 * A 400's field problems in the form's words: "params.code: must be a HCPCS/CPT code…" reads "The code must be a
 * HCPCS/CPT code…"; a message that is already a sentence ("This password is one of the most common ones") is kept.
 */
export function issuesText(issues: readonly { path: string; message: string }[]): string {
  return issues
    .map(({ path, message }) => {
      if (/^[A-Z]/.test(message)) return message.replace(/[.]?$/, '.');
      const field = path.split('.').at(-1) ?? '';
      const words = FIELD_WORDS[field] ?? (field ? `The field “${field}”` : 'The request');
      return `${words} ${message}.`;
    })
    .join(' ');
}

function errorFrom(status: number, body: Partial<ApiErrorBody>): ApiError {
  const issues = Array.isArray(body.issues) ? body.issues : [];
  return new ApiError(
    status,
    body.code ?? 'error',
    issues.length > 0 ? issuesText(issues) : (body.message ?? `The server answered ${status}.`),
    Array.isArray(body.problems) ? body.problems : [],
  );
}

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

/** Called when the server answers 401 (session ended): the app shows the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function csrf(refresh = false): Promise<string> {
  if (csrfToken === undefined || refresh) {
    const res = await fetch('/api/auth/csrf', { credentials: 'same-origin' });
    const body = (await res.json()) as { token: string };
    csrfToken = body.token;
  }
  return csrfToken;
}

async function toError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody>;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = { message: `${res.status} ${res.statusText}` };
  }
  return errorFrom(res.status, body);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const send = async (retry: boolean): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (method !== 'GET') headers['x-csrf-token'] = await csrf(retry);
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    return fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  };
  let res = await send(false);
  // The CSRF secret cookie may have been renewed (new session): fetch a fresh token once and retry.
  if (res.status === 403 && method !== 'GET') {
    const copy = res.clone();
    const body = (await copy.json().catch(() => ({}))) as Partial<ApiErrorBody>;
    if (body.code === 'csrf-invalid') res = await send(true);
  }
  if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
  if (!res.ok) throw await toError(res);
  return res;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await request(path, signal ? { signal } : {});
  return (await res.json()) as T;
}

export async function sendJson<T>(
  path: string,
  method: 'POST' | 'PATCH' | 'DELETE',
  json?: unknown,
): Promise<T> {
  const res = await request(path, json === undefined ? { method } : { method, json });
  return (await res.json()) as T;
}

export function resetCsrf(): void {
  csrfToken = undefined;
}

/**
 * Uploads a file with progress (fetch cannot report upload progress; XMLHttpRequest can).
 * Resolves with the answer's body as text, or rejects with an ApiError. With `fileName` the file goes as a
 * multipart/form-data part of that name: never `?fileName=` (billers name files after patients, and proxies log URLs).
 * `fields` go as form fields beside it: what may be too long for a URL (the server refuses headers past 16 KiB).
 */
export async function upload(
  path: string,
  file: Blob,
  options: {
    onProgress?: (fraction: number) => void;
    contentType?: string;
    accept?: string;
    fileName?: string;
    fields?: Record<string, string>;
  } = {},
): Promise<{ text: string; blob: Blob; headers: (name: string) => string | null }> {
  const token = await csrf();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.responseType = 'blob';
    xhr.setRequestHeader('x-csrf-token', token);
    const type = options.contentType ?? 'application/octet-stream';
    let body: Blob | FormData = file;
    if (options.fileName === undefined && options.fields === undefined)
      xhr.setRequestHeader('content-type', type);
    else {
      // The browser sets the multipart content type with its boundary.
      body = new FormData();
      for (const [name, value] of Object.entries(options.fields ?? {})) body.append(name, value);
      body.append('file', new Blob([file], { type }), options.fileName ?? 'file');
    }
    xhr.setRequestHeader('accept', options.accept ?? 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The server could not be reached.'));
    xhr.onload = async () => {
      const blob = xhr.response as Blob;
      const text = await blob.text();
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ text, blob, headers: (n) => xhr.getResponseHeader(n) });
        return;
      }
      if (xhr.status === 401) onUnauthorized?.();
      let body: Partial<ApiErrorBody>;
      try {
        body = JSON.parse(text) as ApiErrorBody;
      } catch {
        body = {};
      }
      reject(errorFrom(xhr.status, body));
    };
    xhr.send(body);
  });
}

/** Saves a Blob as a file through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
