import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { serviceNodeArgs } from './service-node-args';

const root = resolve(__dirname, '../../../..');

export const platformServices = ['ordering', 'finance', 'logistics', 'travel', 'notification', 'process-manager', 'projector', 'gateway'] as const;
export type PlatformService = (typeof platformServices)[number] | 'kafka-relay';

export interface SystemUnderTest {
  baseUrl: string;
  env: NodeJS.ProcessEnv;
  /** Everything each process printed, for a failing test's message. */
  output(service: PlatformService): string;
  kill(service: PlatformService, signal?: NodeJS.Signals): Promise<void>;
  start(service: PlatformService): void;
  waitUntilReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Boots the platform as `npm start` runs it: every service its own Node process from dist/
 * (compile first with tools/build/compile.cjs), each on free ports, against `databaseUrl`.
 */
export async function startSystem(options: { databaseUrl: string; env?: NodeJS.ProcessEnv; services?: PlatformService[] }): Promise<SystemUnderTest> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compile } = require(resolve(root, 'tools/build/compile.cjs')) as { compile(): Promise<number> };
  await compile();
  const services = options.services ?? [...platformServices];
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, DATABASE_URL: options.databaseUrl, PORT: String(port), NODE_ENV: 'test' };
  for (const service of [...platformServices, 'kafka-relay']) {
    env[`${service.toUpperCase().replace(/-/g, '_')}_ADDRESS`] = `127.0.0.1:${await freePort()}`;
  }
  const processes = new Map<PlatformService, ChildProcess>();
  const outputs = new Map<PlatformService, string[]>();

  const start = (service: PlatformService) => {
    const child = spawn(process.execPath, [...serviceNodeArgs(service), resolve(root, 'dist/apps', service, 'src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = outputs.get(service) ?? [];
    outputs.set(service, lines);
    child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    processes.set(service, child);
  };

  const kill = async (service: PlatformService, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = processes.get(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill(signal);
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
    processes.delete(service);
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const waitUntilReady = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${baseUrl}/health/ready`);
        if (response.status === 200) return;
        last = await response.text();
      } catch (error) {
        last = String(error);
      }
      await new Promise((wait) => setTimeout(wait, 200));
    }
    throw new Error(`platform not ready after ${timeoutMs} ms: ${last}\n${[...outputs].map(([name, lines]) => `--- ${name}\n${lines.join('').slice(-2000)}`).join('\n')}`);
  };

  services.forEach(start);
  const system: SystemUnderTest = {
    baseUrl,
    env,
    output: (service) => (outputs.get(service) ?? []).join(''),
    kill,
    start,
    waitUntilReady,
    stop: async () => {
      await Promise.all([...processes.keys()].map((service) => kill(service)));
    },
  };
  try {
    await waitUntilReady();
  } catch (error) {
    await system.stop();
    throw error;
  }
  return system;
}
