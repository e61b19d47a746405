import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** How long drop() lets the database's connections finish closing before it ends them. */
const CLOSING_GRACE_MS = 2_000;

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run tests through jest (its global setup starts PostgreSQL)');
  return url;
}

/** A fresh, empty database on the test server, so that no two test files share state. */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  const admin = new Client(serverUrl());
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new Client(serverUrl());
      await client.connect();
      try {
        // A pool's end() resolves once it has asked its connections to close, not once they
        // are gone: wait for them before forcing, or FORCE kills a closing connection and its
        // client reports "terminating connection due to administrator command" to a pool that
        // no longer listens (an unhandled error that fails whichever test is running).
        for (let waited = 0; waited < CLOSING_GRACE_MS; waited += 20) {
          const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
