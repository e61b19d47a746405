// Preloaded (`node -r`) into a service when `npm run bench e2e --profile` asks for CPU profiles.
// The same V8 sampling profiler as `node --cpu-prof`, but bounded by signals so that the profile
// covers the saturation phase only (Nest's shutdown hooks end the process by re-raising SIGTERM,
// which would lose a --cpu-prof written at exit): the first SIGWINCH starts it, the second writes
// <BENCH_CPU_PROFILE_DIR>/<BENCH_SERVICE>.cpuprofile. Not SIGUSR2: Nest's enableShutdownHooks()
// without a list shuts the application down on it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')));
      running = true;
      return;
    }
    session.post('Profiler.stop', (error, result) => {
      running = false;
      if (error) return;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${process.env.BENCH_SERVICE ?? process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
