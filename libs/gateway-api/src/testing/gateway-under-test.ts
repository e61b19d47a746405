import type { INestApplication } from '@nestjs/common';
import { PG_POOL } from '@oms/platform';
import { createTestDatabase, type TestDatabase } from '@oms/testing';
import type { Pool } from 'pg';
import { createGatewayApp } from '../bootstrap-gateway';

/** Nothing listens on port 1: the services behind the gateway are "down" in these tests. */
const UNREACHABLE = '127.0.0.1:1';

export interface CallOptions {
  /** An API key, sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with Content-Type application/json unless headers say otherwise. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface GatewayUnderTest {
  app: INestApplication;
  baseUrl: string;
  pool: Pool;
  database: TestDatabase;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

/** The gateway in-process on a fresh database, listening on a free port, services unreachable. */
export async function startGatewayUnderTest(env: Record<string, string> = {}): Promise<GatewayUnderTest> {
  const database = await createTestDatabase('gateway');
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    ORDERING_ADDRESS: UNREACHABLE,
    FINANCE_ADDRESS: UNREACHABLE,
    LOGISTICS_ADDRESS: UNREACHABLE,
    TRAVEL_ADDRESS: UNREACHABLE,
    NOTIFICATION_ADDRESS: UNREACHABLE,
    PROCESS_MANAGER_ADDRESS: UNREACHABLE,
    PROJECTOR_ADDRESS: UNREACHABLE,
    ...env,
  });
  delete process.env.API_KEYS;
  if (env.API_KEYS) process.env.API_KEYS = env.API_KEYS;
  const app = await createGatewayApp({ logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
    let body: string | Buffer | undefined;
    if (options.json !== undefined) body = JSON.stringify(options.json);
    if (options.raw !== undefined) body = options.raw;
    if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  return {
    app,
    baseUrl,
    pool: app.get<Pool>(PG_POOL),
    database,
    call,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
