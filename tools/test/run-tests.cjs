// `npm test`: type-check, lint, then every project's tests through Nx, against one embedded
// PostgreSQL started here for the whole run (each test file makes its own database on it).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startEmbeddedPostgres } = require('../postgres/embedded-postgres.cjs');

const root = path.resolve(__dirname, '../..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

function run(label, command, args, env = process.env) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (exit ${result.status ?? result.signal})`);
    return false;
  }
  return true;
}

async function main() {
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
  if (!run('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], env)) return 1;
  if (!run('lint', bin('nx'), ['run-many', '-t', 'lint', '--outputStyle=static'], env)) return 1;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-test-pg-'));
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  console.log(`\n▶ embedded PostgreSQL for tests at ${postgres.url}`);
  try {
    const testEnv = { ...env, TEST_DATABASE_URL: postgres.url };
    return run('tests', bin('nx'), ['run-many', '-t', 'test', '--parallel=1', '--outputStyle=static'], testEnv) ? 0 : 1;
  } finally {
    await postgres.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
