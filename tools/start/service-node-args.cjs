// The node options each service runs with: the same for `npm start`, the test harness, the
// benchmarks, the Dockerfile, docker-compose.yml and deploy/kubernetes (a test checks those).
'use strict';

/** Stack traces point into the TypeScript sources (dist/ carries SWC's source maps). */
const COMMON = ['--enable-source-maps'];

/**
 * The gateway makes a burst of short-lived objects per request (Express, validation, problem
 * documents, JSON). Under load V8 grows its young generation towards 3 × 16 MiB, and its peak
 * RSS reached 284 MiB in `npm run bench e2e` (the other services stay near 140). With 4 MiB
 * semi-spaces the same runs kept it at ≈ 140 MiB with the same throughput (BENCHMARKS.md). It
 * bounds only the nursery: unlike a cap on the old generation it cannot make a busy gateway
 * run out of heap.
 */
const BY_SERVICE = { gateway: ['--max-semi-space-size=4'] };

/** @param {string} service @returns {string[]} */
function serviceNodeArgs(service) {
  return [...COMMON, ...(BY_SERVICE[service] ?? [])];
}

module.exports = { serviceNodeArgs };
