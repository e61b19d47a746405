// Health probe for containers (docker-compose healthchecks), with nothing but Node:
//   node deploy/probe.cjs http://127.0.0.1:3000/health/ready   → exit 0 on HTTP 200
//   node deploy/probe.cjs health 127.0.0.1:4101                 → asks a service's message endpoint
//                                                                  for `health`; exit 0 when "up"
//   node deploy/probe.cjs tcp 127.0.0.1:4101                    → exit 0 when the port accepts
'use strict';
const net = require('node:net');

const TIMEOUT_MS = Number(process.env.PROBE_TIMEOUT_MS || 3_000);

function fail(reason) {
  console.error(`probe failed: ${reason}`);
  process.exit(1);
}

function hostPort(value) {
  const match = /^([^:]+):(\d+)$/.exec(value || '');
  if (!match) fail(`expected host:port, got ${JSON.stringify(value)}`);
  return { host: match[1], port: Number(match[2]) };
}

function probeHttp(url) {
  fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
    async (response) => (response.status === 200 ? process.exit(0) : fail(`${url} → ${response.status} ${(await response.text()).slice(0, 500)}`)),
    (error) => fail(`${url}: ${error.message}`),
  );
}

/** One request in the framing of Nest's TCP transport: `<length>#<json>`, answered the same way. */
function probeHealth({ host, port }) {
  const socket = net.connect({ host, port });
  socket.setTimeout(TIMEOUT_MS, () => fail(`${host}:${port} did not answer within ${TIMEOUT_MS} ms`));
  socket.on('error', (error) => fail(`${host}:${port}: ${error.message}`));
  socket.on('connect', () => {
    const request = JSON.stringify({ pattern: 'health', data: {}, id: 'probe' });
    socket.write(`${request.length}#${request}`);
  });
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffer += chunk;
    const hash = buffer.indexOf('#');
    if (hash < 0) return;
    const length = Number(buffer.slice(0, hash));
    if (buffer.length - hash - 1 < length) return;
    socket.destroy();
    const reply = JSON.parse(buffer.slice(hash + 1, hash + 1 + length));
    if (reply.err) fail(JSON.stringify(reply.err));
    if (reply.response?.status === 'up') process.exit(0);
    fail(JSON.stringify(reply.response?.checks ?? reply));
  });
}

function probeTcp({ host, port }) {
  const socket = net.connect({ host, port });
  socket.setTimeout(TIMEOUT_MS, () => fail(`${host}:${port}: timeout`));
  socket.on('connect', () => {
    socket.destroy();
    process.exit(0);
  });
  socket.on('error', (error) => fail(`${host}:${port}: ${error.message}`));
}

const [mode, target] = process.argv.slice(2);
if (/^https?:\/\//.test(mode ?? '')) probeHttp(mode);
else if (mode === 'health') probeHealth(hostPort(target));
else if (mode === 'tcp') probeTcp(hostPort(target));
else fail('usage: probe.cjs <http-url> | health <host:port> | tcp <host:port>');
