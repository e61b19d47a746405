// A progress line on stderr for long-running tools: on a terminal a bar redrawn in place
// (events, events/s, ETA); otherwise (CI logs, pipes) a plain line every few seconds, so logs
// stay readable. stdout stays free for the result.
'use strict';

const BAR_WIDTH = 28;

function formatCount(n) {
  return Math.round(n).toLocaleString('en-US');
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * `update(done, total, label)` as often as you like (drawn at most every 100 ms on a terminal,
 * every `plainEveryMs` otherwise); `finish(line)` clears the bar and prints a last line.
 */
function progressLine({ stream = process.stderr, unit = 'events', plainEveryMs = 2_000, now = () => Date.now() } = {}) {
  const tty = Boolean(stream.isTTY);
  const started = now();
  let lastDraw = 0;
  let drawn = false;
  let recent = []; // [time, done] samples of the last few seconds, for a rate that follows changes

  function rate(done, at) {
    recent.push([at, done]);
    recent = recent.filter(([time]) => at - time <= 5_000);
    const [firstAt, firstDone] = recent[0];
    const seconds = (at - firstAt) / 1000;
    if (seconds >= 0.5) return (done - firstDone) / seconds;
    const overall = (at - started) / 1000;
    return overall > 0 ? done / overall : 0;
  }

  function text(done, total, label) {
    const at = now();
    const perSecond = rate(done, at);
    const shownTotal = Math.max(total, done);
    const fraction = shownTotal > 0 ? done / shownTotal : 0;
    const eta = perSecond > 0 ? (shownTotal - done) / perSecond : Infinity;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    return `${label ? `${label} ` : ''}${bar} ${percent} ${formatCount(done)}/${formatCount(shownTotal)} ${unit}  ${formatCount(perSecond)} ${unit}/s  ETA ${done >= shownTotal ? '0s' : formatDuration(eta)}`;
  }

  return {
    update(done, total, label = '') {
      const at = now();
      if (tty) {
        if (at - lastDraw < 100) return;
        lastDraw = at;
        stream.write(`\r\u001b[2K${text(done, total, label)}`);
        drawn = true;
      } else if (at - Math.max(lastDraw, started) >= plainEveryMs) {
        lastDraw = at;
        stream.write(`${text(done, total, label)}\n`);
      } else {
        rate(done, at);
      }
    },
    finish(line) {
      if (tty && drawn) stream.write('\r\u001b[2K');
      if (line) stream.write(`${line}\n`);
    },
    text,
  };
}

module.exports = { progressLine, formatCount, formatDuration };
