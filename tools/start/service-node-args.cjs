// The node options each service runs with: the same for `npm start`, the test harness, the
// benchmarks, the Dockerfile, docker-compose.yml and deploy/kubernetes (a test checks those).
'use strict';

/** Stack traces point into the TypeScript sources (dist/ carries SWC's source maps). */
const COMMON = ['--enable-source-maps'];

/**
 * The gateway makes a burst of short-lived objects per request (Express, validation, problem
 * documents, JSON). With V8's defaults on this 24 GiB machine (a young generation growing
 * towards 3 × 16 MiB, an old generation allowed to reach gigabytes before it must be collected)
 * its peak RSS reached 242–284 MiB in `npm run bench e2e` while the other services stayed near
 * 140 MiB: memory not in use, only not yet collected. 4 MiB semi-spaces and a 160 MB old
 * generation kept it at 131 MiB in the same run, with the same throughput (BENCHMARKS.md).
 * The cap is on collectable garbage, not on work: the gateway keeps no state between requests,
 * a request body is at most 1 MB, and the Kubernetes limit (512 Mi) stays well above it.
 */
const BY_SERVICE = { gateway: ['--max-semi-space-size=4', '--max-old-space-size=160'] };

/** @param {string} service @returns {string[]} */
function serviceNodeArgs(service) {
  return [...COMMON, ...(BY_SERVICE[service] ?? [])];
}

module.exports = { serviceNodeArgs };
