// Response bodies are whatever the test expects to read; it asserts on them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<Body = any> {
  status: number;
  body: Body;
  headers: Headers;
}

export interface ApiRequest {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A gateway client for end-to-end tests: JSON in and out, the API key as a bearer token. */
export function apiClient(baseUrl: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async function call<Body = any>(method: string, path: string, request: ApiRequest = {}): Promise<ApiResponse<Body>> {
    const headers: Record<string, string> = { ...request.headers };
    if (request.key) headers.authorization = `Bearer ${request.key}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: body as Body, headers: response.headers };
  };
}

/**
 * Polls until `check` stops throwing (the read side, a subscription, a timer: all eventually
 * consistent), or fails with its last error.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
