import { readStreams } from '../read-streams';
import type { ContractContext } from './contract-context';
import { newEvent, newEvents, readAllPages, uniqueId } from './fixtures';

export function describeReading(context: ContractContext): void {
  const store = () => context.store();

  describe('readStream', () => {
    let stream: string;
    beforeAll(async () => {
      stream = uniqueId('order');
      await store().append(stream, newEvents(5));
    });
    const revisions = async (options: Parameters<ReturnType<typeof store>['readStream']>[1]) =>
      (await store().readStream(stream, options)).map((e) => e.revision);

    it('reads forwards from the start by default', async () => expect(await revisions({})).toEqual([0, 1, 2, 3, 4]));
    it('reads backwards from the end', async () => expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]));
    it('starts at fromRevision, inclusive, forwards', async () => expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]));
    it('starts at fromRevision, inclusive, backwards', async () =>
      expect(await revisions({ direction: 'backwards', fromRevision: 2 })).toEqual([2, 1, 0]));
    it('stops after maxCount', async () => {
      expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
      expect(await revisions({ direction: 'backwards', maxCount: 2 })).toEqual([4, 3]);
      expect(await revisions({ fromRevision: 1, maxCount: 3 })).toEqual([1, 2, 3]);
    });
    it('reads nothing past the end and nothing of an unknown stream', async () => {
      expect(await revisions({ fromRevision: 5 })).toEqual([]);
      expect(await store().readStream(uniqueId('nothing'))).toEqual([]);
    });
  });

  describe('readAll', () => {
    let prefix: string;
    let appended: { streamId: string; type: string; position: bigint }[];
    beforeAll(async () => {
      prefix = uniqueId('read');
      appended = [];
      // Interleave two streams and two types so that every filter has something to leave out.
      for (let i = 0; i < 6; i++) {
        const streamId = `${prefix}-${i % 2 === 0 ? 'order' : 'invoice'}`;
        const type = i % 3 === 0 ? 'Shipped' : 'Billed';
        const { positions } = await store().append(streamId, [newEvent(type, { i })]);
        appended.push({ streamId, type, position: positions[0] });
      }
    });

    it('returns events in position order after an exclusive position, and pages with maxCount', async () => {
      const page1 = await store().readAll({ after: appended[0].position, maxCount: 2 });
      const page2 = await store().readAll({ after: page1.lastPosition, maxCount: 2 });

      expect(page1.events.map((e) => e.position)).toEqual([appended[1].position, appended[2].position]);
      expect(page1.lastPosition).toBe(appended[2].position);
      expect(page1.isEnd).toBe(false);
      expect(page2.events.map((e) => e.position)).toEqual([appended[3].position, appended[4].position]);
    });

    it('says isEnd when nothing visible follows, and lastPosition stays put', async () => {
      const last = appended[appended.length - 1].position;
      const page = await store().readAll({ after: last, filter: { streamPrefixes: [prefix] } });
      expect(page.events).toEqual([]);
      expect(page.isEnd).toBe(true);
      expect(page.lastPosition).toBeGreaterThanOrEqual(last);
    });

    it('filters by stream prefix', async () => {
      const events = await readAllPages(store(), { streamPrefixes: [`${prefix}-order`] }, 2);
      expect(events.map((e) => e.position)).toEqual(appended.filter((a) => a.streamId.endsWith('-order')).map((a) => a.position));
    });

    it('filters by event type, and by both', async () => {
      const shipped = await readAllPages(store(), { eventTypes: ['Shipped'] }, 2);
      expect(shipped.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.position)).toEqual(
        appended.filter((a) => a.type === 'Shipped').map((a) => a.position),
      );
      const both = await readAllPages(store(), { streamPrefixes: [`${prefix}-invoice`], eventTypes: ['Shipped'] });
      expect(both.map((e) => e.position)).toEqual(appended.filter((a) => a.type === 'Shipped' && a.streamId.endsWith('-invoice')).map((a) => a.position));
    });

    it('moves lastPosition past events the filter left out', async () => {
      const page = await store().readAll({ after: appended[0].position, maxCount: 10, filter: { streamPrefixes: [`${prefix}-nothing`] } });
      expect(page.events).toEqual([]);
      expect(page.lastPosition).toBeGreaterThanOrEqual(appended[appended.length - 1].position);
      expect(page.isEnd).toBe(true);
    });

    it('ends a filtered page at maxCount matches and goes on right after them', async () => {
      const stream = uniqueId('dense');
      const written = await store().append(stream, newEvents(5));
      const pages: bigint[][] = [];
      let after = written.positions[0] - 1n;
      for (let page = await store().readAll({ after, maxCount: 2, filter: { streamPrefixes: [stream] } }); ; ) {
        pages.push(page.events.map((e) => e.position));
        if (page.isEnd) break;
        expect(page.events).toHaveLength(2);
        after = page.lastPosition;
        page = await store().readAll({ after, maxCount: 2, filter: { streamPrefixes: [stream] } });
      }
      expect(pages.flat()).toEqual(written.positions);
      expect(pages.slice(0, 2)).toEqual([written.positions.slice(0, 2), written.positions.slice(2, 4)]);
    });

    it('treats a prefix literally (no wildcards)', async () => {
      const stream = `${uniqueId('lit')}_%x`;
      await store().append(stream, [newEvent()]);
      const events = await readAllPages(store(), { streamPrefixes: [stream.replace('_%', '%_')] });
      expect(events).toEqual([]);
    });
  });

  describe('readStreams (several streams in global order)', () => {
    let prefix: string;
    let appended: { streamId: string; position: bigint }[];
    beforeAll(async () => {
      prefix = uniqueId('merge');
      appended = [];
      // Three streams written in turns, and one stream left out of the read.
      for (let i = 0; i < 9; i++) {
        const streamId = `${prefix}-${['order', 'invoice', 'shipment', 'other'][i % 4]}`;
        const { positions } = await store().append(streamId, [newEvent('Happened', { i })]);
        appended.push({ streamId, position: positions[0] });
      }
    });
    const streamIds = () => ['order', 'invoice', 'shipment'].map((kind) => `${prefix}-${kind}`);
    const wanted = () => appended.filter((a) => !a.streamId.endsWith('-other')).map((a) => a.position);

    it('merges the streams by position, pages after an exclusive position, and says where it ended', async () => {
      const page1 = await readStreams(store(), streamIds(), { maxCount: 4 });
      const page2 = await readStreams(store(), streamIds(), { after: page1.lastPosition, maxCount: 4 });
      expect(page1.events.map((e) => e.position)).toEqual(wanted().slice(0, 4));
      expect(page1.isEnd).toBe(false);
      expect(page2.events.map((e) => e.position)).toEqual(wanted().slice(4));
      expect(page2.isEnd).toBe(true);
      expect(page2.lastPosition).toBe(wanted()[wanted().length - 1]);
    });

    it('reads nothing for unknown streams', async () => {
      const page = await readStreams(store(), [uniqueId('none'), uniqueId('none')]);
      expect(page).toEqual({ events: [], lastPosition: 0n, isEnd: true });
    });
  });
}
