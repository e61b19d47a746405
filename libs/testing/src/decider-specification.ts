import { DomainError } from '@oms/contracts';

/**
 * Given/When/Then over events for pure deciders:
 *
 *   given(placed, lineAdded).when((order) => confirm(order, cmd)).then([confirmed]);
 *   given(placed).when((order) => confirm(order, cmd)).thenFails('ORDER_EMPTY');
 *
 * `evolve` folds the given events into state; the decision is any function of that state.
 */
export function deciderSpecification<State, Event>(evolve: (state: State, event: Event) => State, initialState: () => State) {
  return function given(...history: Event[]) {
    const state = history.reduce(evolve, initialState());
    return {
      when(decision: (state: State) => Event[]) {
        const run = (): { events: Event[] } | { error: unknown } => {
          try {
            return { events: decision(state) };
          } catch (error) {
            return { error };
          }
        };
        return {
          then(expected: Event[]) {
            const outcome = run();
            if ('error' in outcome) throw outcome.error;
            expect(outcome.events).toEqual(expected);
          },
          /** Asserts on the emitted events with a custom check (for generated ids, etc.). */
          thenEvents(check: (events: Event[]) => void) {
            const outcome = run();
            if ('error' in outcome) throw outcome.error;
            check(outcome.events);
          },
          thenNothing() {
            const outcome = run();
            if ('error' in outcome) throw outcome.error;
            expect(outcome.events).toEqual([]);
          },
          thenFails(code: DomainError['code']) {
            const outcome = run();
            if (!('error' in outcome)) throw new Error(`expected ${code}, but it decided ${JSON.stringify(outcome.events)}`);
            expect(outcome.error).toBeInstanceOf(DomainError);
            expect((outcome.error as DomainError).code).toBe(code);
          },
        };
      },
      /** The folded state itself, for rules about evolve. */
      thenState(check: (state: State) => void) {
        check(state);
      },
    };
  };
}
