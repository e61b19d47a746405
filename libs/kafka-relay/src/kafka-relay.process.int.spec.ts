import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { createEventStore, type PostgresEventStore } from '@oms/event-store';
import { createTestDatabase, freePort, serviceNodeArgs, type TestDatabase } from '@oms/testing';
import { topicsOf } from './cloud-event';
import { KAFKA_RELAY_CHECKPOINT } from './kafka-relay';
import { allOf, consumeUntil, describeWithKafka, uniquePrefix, verifyDelivery } from './testing/kafka.fixtures';
import { appendWorkload, workload, type AppendedEvent } from './testing/workload.fixtures';

jest.setTimeout(120_000);

const root = resolve(__dirname, '../../..');

/** The relay as `npm start` runs it: its own Node process from dist/. */
function startRelayProcess(env: NodeJS.ProcessEnv): { child: ChildProcess; output: string[]; exited: Promise<void> } {
  const output: string[] = [];
  const child = spawn(process.execPath, [...serviceNodeArgs('kafka-relay'), resolve(root, 'dist/apps/kafka-relay/src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, output, exited };
}

describeWithKafka('Kafka relay process killed with SIGKILL', (brokers) => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { compile } = require(resolve(root, 'tools/build/compile.cjs')) as { compile(): Promise<number> };
    await compile();
    database = await createTestDatabase('kafka_relay_kill');
    store = (await createEventStore({ kind: 'postgres', databaseUrl: database.url })) as PostgresEventStore;
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await store?.close();
    await database?.drop();
  });

  const checkpoint = async (): Promise<bigint> => {
    const { rows } = await store.pool.query<{ position: string }>('SELECT position::text FROM es_checkpoints WHERE subscription = $1', [KAFKA_RELAY_CHECKPOINT]);
    return rows[0] ? BigInt(rows[0].position) : 0n;
  };

  async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string, output: string[]): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}\n${output.join('').slice(-3000)}`);
      await new Promise((wait) => setTimeout(wait, 20));
    }
  }

  it('repeats events after a restart but never leaves a gap', async () => {
    const prefix = uniquePrefix('sigkill');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      // Small batches: a kill is then likely to land between a send and its checkpoint.
      KAFKA_RELAY_BATCH_SIZE: '50',
      KAFKA_RELAY_ADDRESS: `127.0.0.1:${await freePort()}`,
    };
    // A backlog first: the relay is then busy (send, ack, checkpoint, next batch) when it is killed.
    const backlog = await appendWorkload(store, workload(3_000), { writers: 2 });
    const lastOf = (events: readonly AppendedEvent[]) => events.reduce((max, entry) => (entry.position > max ? entry.position : max), 0n);
    let relay = startRelayProcess(env);
    children.push(relay.child);

    const kills: bigint[] = [];
    const killMidWork = async () => {
      const from = await checkpoint();
      await until(async () => (await checkpoint()) > from, 30_000, 'the relay moved its checkpoint', relay.output);
      relay.child.kill('SIGKILL');
      await relay.exited;
      kills.push(await checkpoint());
      relay = startRelayProcess(env);
      children.push(relay.child);
    };
    await killMidWork();
    await killMidWork();
    // Then live events while the third process runs.
    const live = await appendWorkload(store, workload(500), { writers: 2 });
    const appended = [...backlog, ...live];
    for (const at of kills) expect(at).toBeLessThan(lastOf(backlog));
    const last = lastOf(appended);
    await until(async () => (await checkpoint()) >= last, 60_000, 'the restarted relay caught up', relay.output);

    const received = await consumeUntil(brokers, topicsOf(prefix), allOf(appended.filter((entry) => entry.published)));
    const report = verifyDelivery(appended, received, prefix);
    new Logger('kafka-relay spec').log(`SIGKILL ×${kills.length}: ${report.distinct} events, ${report.duplicates} duplicates (same id), no gap`);

    // And it stops cleanly on SIGTERM (Kubernetes, compose), well within a grace period.
    const stopping = Date.now();
    relay.child.kill('SIGTERM');
    await Promise.race([relay.exited, new Promise((wait) => setTimeout(wait, 10_000))]);
    expect(relay.child.exitCode !== null || relay.child.signalCode !== null).toBe(true);
    expect(Date.now() - stopping).toBeLessThan(10_000);
  });
});
