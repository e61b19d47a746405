// The load generator of `npm run bench e2e`: its own process, talking to the platform only
// through the gateway's HTTP API (CONTRACT §2), driven over IPC by e2e.cjs.
'use strict';
const http = require('node:http');
const { nowMs, sleep, summarize } = require('./lib.cjs');

const base = new URL(process.argv[2]);
const CLIENT = 'dev-client';
const OPERATOR = 'dev-operator';
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const send = (message) => process.send?.(message);

function call(method, path, key, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { authorization: `Bearer ${key}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const request = http.request({ host: base.hostname, port: base.port, method, path, agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = text;
        }
        resolve({ status: response.statusCode, body: json });
      });
      response.on('error', reject);
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`${method} ${path}: timeout`)));
    request.on('error', reject);
    request.end(payload);
  });
}

// ---------------------------------------------------------------- one lifecycle

/** 30% digital, 40% physical, 20% travel, 10% all three. */
const MIX = [['digital'], ['digital'], ['digital'], ['physical'], ['physical'], ['physical'], ['physical'], ['travel'], ['travel'], ['physical', 'digital', 'travel']];
let sequence = 0;

function mixName(types) {
  return types.length > 1 ? 'mixed' : types[0];
}

class Recorder {
  constructor({ lag = false, pollMs = 50, lagPollMs = 5 } = {}) {
    this.lag = lag;
    this.pollMs = pollMs;
    this.lagPollMs = lagPollMs;
    this.latency = {}; // kind → ms[]
    this.lags = [];
    this.errors = {};
    this.completed = []; // { id, mix, at, ms }
    this.placed = 0;
    this.reads = 0;
  }

  error(what) {
    this.errors[what] = (this.errors[what] ?? 0) + 1;
  }

  async command(kind, method, path, key, body, expected) {
    const t0 = nowMs();
    let response;
    try {
      response = await call(method, path, key, body);
    } catch (error) {
      this.error(`${kind} → ${error.code ?? error.message}`);
      throw error;
    }
    const ms = nowMs() - t0;
    if (response.status !== expected) {
      const code = response.body?.code ?? response.status;
      this.error(`${kind} → ${response.status} ${code}`);
      const error = new Error(`${kind}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      error.status = response.status;
      throw error;
    }
    (this.latency[kind] ??= []).push(ms);
    return response.body;
  }

  async read(id) {
    const response = await call('GET', `/api/v1/orders/${id}`, CLIENT);
    return response.status === 200 ? response.body : undefined;
  }

  /**
   * Polls the read model until `check` holds: every `pollMs` at first, backing off ×1.5 up to
   * 8 × pollMs, so that many waiting lifecycles do not turn into a GET storm on the gateway.
   * `fixed` keeps the interval (the projection-lag probe, which needs the resolution).
   */
  async until(id, check, what, timeoutMs = 60_000, pollMs = this.pollMs, fixed = false) {
    const deadline = nowMs() + timeoutMs;
    let wait = pollMs;
    for (;;) {
      const order = await this.read(id);
      this.reads++;
      if (order && check(order)) return order;
      if (nowMs() > deadline) {
        this.error(`timeout waiting for ${what}`);
        throw new Error(`order ${id}: no ${what} after ${timeoutMs} ms`);
      }
      await sleep(wait);
      if (!fixed) wait = Math.min(wait * 1.5, pollMs * 8);
    }
  }

  /** Commit (the command's response) → visible in the read model at that version. */
  async measureLag(id, version, t0) {
    await this.until(id, (o) => o.version >= version, `version ${version}`, 30_000, this.lagPollMs, true);
    this.lags.push(nowMs() - t0);
  }

  async lifecycle() {
    const started = nowMs();
    const types = MIX[sequence++ % MIX.length];
    const n = sequence;
    const lines = types.map((productType, i) => ({ sku: `${productType.toUpperCase()}-${n}-${i}`, productType, quantity: 1 + (n % 3), unitPrice: 1000 + (n % 50) * 10, description: `${productType} item` }));
    const order = await this.command('place', 'POST', '/api/v1/orders', CLIENT, { customerId: `customer-${n % 5000}`, currency: 'EUR', lines }, 201);
    this.placed++;
    if (this.lag) await this.measureLag(order.id, order.version, nowMs());
    const paid = await this.command('pay', 'POST', `/api/v1/orders/${order.id}/payments`, CLIENT, { paymentId: `pay-${order.id}`, amount: order.totals.total, currency: order.currency }, 200);
    if (this.lag) await this.measureLag(order.id, paid.version, nowMs());
    const steps = [];
    if (types.includes('physical')) {
      steps.push(
        this.until(order.id, (o) => o.modules?.logistics?.state === 'waiting', 'logistics:waiting').then(async () => {
          for (const step of ['pick', 'pack', 'ship', 'deliver']) await this.command('shipment', 'POST', `/api/v1/orders/${order.id}/shipment/${step}`, OPERATOR, {}, 200);
        }),
      );
    }
    if (types.includes('travel')) {
      steps.push(
        this.until(order.id, (o) => o.modules?.travel?.state === 'reserved', 'travel:reserved').then(async () => {
          for (const step of ['confirm', 'travel']) await this.command('booking', 'POST', `/api/v1/orders/${order.id}/booking/${step}`, OPERATOR, {}, 200);
        }),
      );
    }
    await Promise.all(steps);
    await this.until(order.id, (o) => o.status === 'completed', 'completed');
    const at = nowMs();
    this.completed.push({ id: order.id, mix: mixName(types), at, ms: at - started });
  }

  summary(from, to) {
    const inWindow = this.completed.filter((c) => c.at >= from && c.at <= to);
    const all = Object.values(this.latency).flat();
    return {
      completed: inWindow.length,
      lifecycleMs: summarize(inWindow.map((c) => c.ms)),
      commandLatencyMs: summarize(all),
      commandLatencyByKindMs: Object.fromEntries(Object.entries(this.latency).map(([k, v]) => [k, summarize(v)])),
      projectionLagMs: this.lags.length ? summarize(this.lags) : undefined,
      errors: this.errors,
      readModelPolls: this.reads,
      sample: inWindow.slice(0, 400).map(({ id, mix }) => ({ id, mix })),
    };
  }
}

// ---------------------------------------------------------------- phases

function ticker(label, fn) {
  const timer = setInterval(() => send({ type: 'progress', text: `${label}: ${fn()}` }), 1000);
  return () => clearInterval(timer);
}

/** `concurrency` loops running lifecycles back to back; counts what completes in the window. */
async function lifecycles({ concurrency, warmupMs, durationMs, pollMs }) {
  const recorder = new Recorder({ pollMs });
  const t0 = nowMs();
  const from = t0 + warmupMs;
  const to = from + durationMs;
  const stop = ticker(`${concurrency} concurrent lifecycles`, () => {
    const done = recorder.completed.filter((c) => c.at >= from).length;
    return nowMs() < from ? 'warming up' : `${(done / ((nowMs() - from) / 1000)).toFixed(0)} completed/s`;
  });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (nowMs() < to) {
        try {
          await recorder.lifecycle();
        } catch {
          await sleep(50);
        }
      }
    }),
  );
  stop();
  const summary = recorder.summary(from, to);
  return { concurrency, seconds: durationMs / 1000, ...summary, perSec: summary.completed / (durationMs / 1000) };
}

/** `concurrency` loops placing orders back to back. */
async function placements({ concurrency, warmupMs, durationMs }) {
  const recorder = new Recorder();
  const t0 = nowMs();
  const from = t0 + warmupMs;
  const to = from + durationMs;
  let counted = 0;
  const stop = ticker(`${concurrency} concurrent placements`, () => (nowMs() < from ? 'warming up' : `${(counted / ((nowMs() - from) / 1000)).toFixed(0)} placements/s`));
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; nowMs() < to; i++) {
        const types = MIX[(w + i) % MIX.length];
        const lines = types.map((productType, k) => ({ sku: `P-${w}-${i}-${k}`, productType, quantity: 1, unitPrice: 1500, description: `${productType} item` }));
        try {
          const s = nowMs();
          await recorder.command('place', 'POST', '/api/v1/orders', CLIENT, { customerId: `customer-${w}`, currency: 'EUR', lines }, 201);
          const e = nowMs();
          if (s >= from && e <= to) counted++;
        } catch {
          await sleep(50);
        }
      }
    }),
  );
  stop();
  return { concurrency, seconds: durationMs / 1000, placed: counted, perSec: counted / (durationMs / 1000), latencyMs: summarize(recorder.latency.place ?? []), errors: recorder.errors };
}

/** Lifecycles started at a fixed rate (open loop); latencies of every command and projection lag. */
async function openLoop({ ratePerSec, durationMs, pollMs, lagPollMs, drainMs }) {
  const recorder = new Recorder({ lag: true, pollMs, lagPollMs });
  const t0 = nowMs();
  const interval = 1000 / ratePerSec;
  const running = new Set();
  let started = 0;
  let failed = 0;
  const stop = ticker(`${ratePerSec.toFixed(0)} lifecycles/s offered`, () => `${started} started, ${recorder.completed.length} completed, ${running.size} in flight`);
  while (nowMs() - t0 < durationMs) {
    const due = t0 + started * interval;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    started++;
    const p = recorder.lifecycle().catch(() => failed++);
    running.add(p);
    p.finally(() => running.delete(p));
  }
  const end = nowMs();
  await Promise.race([Promise.all([...running]), sleep(drainMs)]);
  stop();
  const summary = recorder.summary(t0, Infinity);
  return { ratePerSec, seconds: (end - t0) / 1000, started, failed, stillRunning: running.size, ...summary, completedPerSec: summary.completed / ((end - t0) / 1000) };
}

const tasks = { lifecycles, placements, openLoop };

process.on('message', async (message) => {
  try {
    const result = await tasks[message.task](message.params);
    send({ type: 'result', id: message.id, result });
  } catch (error) {
    send({ type: 'error', id: message.id, error: String(error?.stack ?? error) });
  }
});
send({ type: 'ready' });
