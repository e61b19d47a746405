// What `npm run analytics:tail` counts, apart from Kafka: CloudEvents in, deduped by `id`,
// tallied per order state (from the ordering events) and per module event type.
'use strict';

/** The order state each ordering event type leads to (CONTRACT §3). */
const statusAfter = {
  OrderPlaced: 'pending',
  OrderConfirmed: 'confirmed',
  OrderFulfillmentStarted: 'fulfilling',
  OrderCompleted: 'completed',
  OrderCancelled: 'cancelled',
};
const statuses = ['pending', 'confirmed', 'fulfilling', 'completed', 'cancelled'];

/** `oms.<module>.<EventType>.v<n>` → its parts, or undefined for another shape. */
function parseType(type) {
  const match = /^oms\.([a-z]+)\.([A-Za-z]+)\.v(\d+)$/.exec(String(type));
  return match ? { module: match[1], eventType: match[2], version: Number(match[3]) } : undefined;
}

function createTally() {
  const seen = new Set();
  const orderStatus = new Map();
  const types = new Map(); // module → Map(EventType.vN → count)
  let events = 0;
  let duplicates = 0;
  let malformed = 0;

  return {
    /** Counts one CloudEvent; false when it is a duplicate (same id) or not one of ours. */
    add(event) {
      const parsed = event && typeof event.id === 'string' ? parseType(event.type) : undefined;
      if (!parsed) {
        malformed++;
        return false;
      }
      if (seen.has(event.id)) {
        duplicates++;
        return false;
      }
      seen.add(event.id);
      events++;
      const byType = types.get(parsed.module) ?? new Map();
      types.set(parsed.module, byType);
      const name = `${parsed.eventType}.v${parsed.version}`;
      byType.set(name, (byType.get(name) ?? 0) + 1);
      // One order's ordering events come in order (one key, one partition): the last wins.
      const status = parsed.module === 'ordering' ? statusAfter[parsed.eventType] : undefined;
      if (status && typeof event.subject === 'string') orderStatus.set(event.subject, status);
      return true;
    },

    snapshot() {
      const orders = Object.fromEntries(statuses.map((status) => [status, 0]));
      for (const status of orderStatus.values()) orders[status]++;
      const byModule = {};
      for (const [module, counts] of [...types].sort(([a], [b]) => a.localeCompare(b))) {
        byModule[module] = Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
      }
      return { events, duplicates, malformed, orders, types: byModule };
    },
  };
}

/** The snapshot as a few aligned lines for a terminal. */
function render(snapshot) {
  const lines = [`events ${snapshot.events}   duplicates dropped ${snapshot.duplicates}${snapshot.malformed ? `   not CloudEvents of oms ${snapshot.malformed}` : ''}`, '', 'orders by state'];
  for (const [status, count] of Object.entries(snapshot.orders)) lines.push(`  ${status.padEnd(12)} ${String(count).padStart(8)}`);
  lines.push('', 'events by module and type');
  for (const [module, counts] of Object.entries(snapshot.types)) {
    lines.push(`  ${module}`);
    for (const [type, count] of Object.entries(counts)) lines.push(`    ${type.padEnd(30)} ${String(count).padStart(8)}`);
  }
  return lines.join('\n');
}

module.exports = { createTally, render, parseType, statusAfter };
