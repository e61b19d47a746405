import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const script = resolve(__dirname, '../../../../tools/postgres/run-embedded.cjs');

/** A PostgreSQL server a test may stop and start again (on the same data and port). */
export interface OwnPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

function launch(dataDir: string, port?: number): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, dataDir, ...(port ? [String(port)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\S+)/.exec(output);
      if (match) done({ child, url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`embedded PostgreSQL exited with ${code}: ${output}`)));
  });
}

export async function startOwnPostgres(dataDir: string): Promise<OwnPostgres> {
  let { child, url } = await launch(dataDir);
  const port = Number(new URL(url).port);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return {
    url,
    port,
    stop,
    async start() {
      ({ child, url } = await launch(dataDir, port));
    },
  };
}
