import { RecentFailure } from './recent-failure';

describe('RecentFailure', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('reports the last failure until its memory runs out, or until the work goes through', () => {
    const failure = new RecentFailure(1_000);
    expect(() => failure.check()).not.toThrow();
    failure.record(new Error('connection refused'));
    jest.advanceTimersByTime(999);
    expect(() => failure.check()).toThrow('failing: connection refused');
    jest.advanceTimersByTime(1);
    expect(() => failure.check()).not.toThrow();

    failure.record('not even an Error');
    expect(() => failure.check()).toThrow('failing: not even an Error');
    failure.clear();
    expect(() => failure.check()).not.toThrow();
  });
});
