import type { ModuleName, OrderLine } from '@oms/contracts';
import type { DecisionContext } from './decision-context';
import { recordModuleState } from './module-state';
import { book, cancelled, completed, confirmed, context, ebook, emitted, fulfilmentStarted, given, holdPlaced, moduleReached, placed, trip } from './order.fixtures';
import type { OrderEvent } from './order';

const reached = (module: ModuleName, state: string, sourceEventId = `${module}-${state}`) => ({ module, state, sourceEventId });

/** A confirmed order of these lines whose invoice has been issued and fulfilment started. */
const fulfilling = (lines: OrderLine[], ...more: OrderEvent[]): OrderEvent[] => [
  placed(lines),
  confirmed(lines),
  moduleReached('finance', 'issued'),
  fulfilmentStarted(),
  ...more,
];

describe('recording what a module reached', () => {
  it('records the state', () =>
    given(placed(), confirmed()).when((order) => recordModuleState(order, reached('finance', 'pending'), context)).then([emitted.moduleRecorded('finance', 'pending')]));

  it('changes nothing when the same module event is delivered again', () =>
    given(placed(), confirmed(), moduleReached('finance', 'pending', 'evt-1'))
      .when((order) => recordModuleState(order, reached('finance', 'pending', 'evt-1'), context))
      .thenNothing());

  it('dedupes by the module event, not by the state', () =>
    given(placed(), confirmed(), moduleReached('finance', 'pending', 'evt-1'))
      .when((order) => recordModuleState(order, reached('finance', 'pending', 'evt-2'), context))
      .then([emitted.moduleRecorded('finance', 'pending', 'evt-2')]));

  it('refuses an order that does not exist', () => given().when((order) => recordModuleState(order, reached('finance', 'issued'), context)).thenFails('ORDER_NOT_FOUND'));

  it.each([
    ['an unknown module', { module: 'billing', state: 'paid', sourceEventId: 'e' }],
    ['a state of another module', { module: 'finance', state: 'delivered', sourceEventId: 'e' }],
    ['an unknown state', { module: 'travel', state: 'lost', sourceEventId: 'e' }],
    ['a missing source event', { module: 'finance', state: 'paid', sourceEventId: '' }],
    ['nothing at all', null],
  ])('refuses %s', (_, command) => given(placed()).when((order) => recordModuleState(order, command as never, context)).thenFails('VALIDATION_FAILED'));

  describe('starting fulfilment', () => {
    it('starts once finance has issued the invoice', () =>
      given(placed(), confirmed())
        .when((order) => recordModuleState(order, reached('finance', 'issued'), context))
        .then([emitted.moduleRecorded('finance', 'issued'), emitted.fulfilmentStarted()]));

    it('starts when the order hears of the payment first', () =>
      given(placed([book]), confirmed([book]))
        .when((order) => recordModuleState(order, reached('finance', 'paid'), context))
        .then([emitted.moduleRecorded('finance', 'paid'), emitted.fulfilmentStarted()]));

    it('waits while finance is pending', () =>
      given(placed(), confirmed()).when((order) => recordModuleState(order, reached('finance', 'pending'), context)).then([emitted.moduleRecorded('finance', 'pending')]));

    it('is not started by another module', () =>
      given(placed(), confirmed()).when((order) => recordModuleState(order, reached('logistics', 'waiting'), context)).then([emitted.moduleRecorded('logistics', 'waiting')]));

    it('waits while the order is held', () =>
      given(placed(), confirmed(), holdPlaced())
        .when((order) => recordModuleState(order, reached('finance', 'issued'), context))
        .then([emitted.moduleRecorded('finance', 'issued')]));

    it('is not started on a pending order', () =>
      given(placed()).when((order) => recordModuleState(order, reached('finance', 'issued'), context)).then([emitted.moduleRecorded('finance', 'issued')]));

    it('is not started again on a fulfilling order', () =>
      given(...fulfilling([book])).when((order) => recordModuleState(order, reached('finance', 'issued', 'again'), context)).then([emitted.moduleRecorded('finance', 'issued', 'again')]));

    it('goes all the way to completed when the payment of a digital order is what it hears first', () =>
      given(placed([ebook]), confirmed([ebook]))
        .when((order) => recordModuleState(order, reached('finance', 'paid'), context))
        .then([emitted.moduleRecorded('finance', 'paid'), emitted.fulfilmentStarted(), emitted.completed()]));
  });

  describe('completing', () => {
    const record = (history: OrderEvent[], module: ModuleName, state: string, settings: DecisionContext = context) =>
      given(...history).when((order) => recordModuleState(order, reached(module, state), settings));
    const completes = (module: ModuleName, state: string) => [emitted.moduleRecorded(module, state), emitted.completed()];
    const recordsOnly = (module: ModuleName, state: string) => [emitted.moduleRecorded(module, state)];

    it('completes a digital-only order once finance is paid', () => record(fulfilling([ebook]), 'finance', 'paid').then(completes('finance', 'paid')));

    it('does not complete on a refund', () => record(fulfilling([ebook]), 'finance', 'refunded').then(recordsOnly('finance', 'refunded')));

    it('does not complete a physical order before the parcel arrives', () =>
      record(fulfilling([book], moduleReached('logistics', 'shipped')), 'finance', 'paid').then(recordsOnly('finance', 'paid')));

    it('does not complete a physical order whose logistics row has not appeared yet', () =>
      record(fulfilling([book]), 'finance', 'paid').then(recordsOnly('finance', 'paid')));

    it('completes a physical order once delivered and paid', () =>
      record(fulfilling([book], moduleReached('finance', 'paid')), 'logistics', 'delivered').then(completes('logistics', 'delivered')));

    it('completes whichever module finishes last', () =>
      record(fulfilling([book], moduleReached('logistics', 'delivered')), 'finance', 'paid').then(completes('finance', 'paid')));

    it('does not complete a delivered order that finance has not been paid for', () =>
      record(fulfilling([book]), 'logistics', 'delivered').then(recordsOnly('logistics', 'delivered')));

    it('does not complete a travel order whose trip is only confirmed', () =>
      record(fulfilling([trip], moduleReached('finance', 'paid')), 'travel', 'confirmed').then(recordsOnly('travel', 'confirmed')));

    it('completes a travel order once travelled', () =>
      record(fulfilling([trip], moduleReached('finance', 'paid'), moduleReached('travel', 'confirmed')), 'travel', 'travelled').then(completes('travel', 'travelled')));

    it('needs every expected module of a mixed order', () => {
      const paidAndDelivered = fulfilling([book, trip, ebook], moduleReached('finance', 'paid'), moduleReached('logistics', 'delivered'));
      record(paidAndDelivered, 'travel', 'confirmed').then(recordsOnly('travel', 'confirmed'));
      record(paidAndDelivered, 'travel', 'travelled').then(completes('travel', 'travelled'));
    });

    it('does not wait for a module it does not expect', () =>
      record(fulfilling([ebook], moduleReached('logistics', 'waiting')), 'finance', 'paid').then(completes('finance', 'paid')));

    it('does not wait for a module left out of MODULES_REQUIRED_FOR_COMPLETION', () =>
      record(fulfilling([book], moduleReached('logistics', 'shipped')), 'finance', 'paid', { ...context, requiredModules: ['finance', 'travel'] }).then(
        completes('finance', 'paid'),
      ));

    it('does not wait for an expected module that is not required and has no row yet', () =>
      record(fulfilling([book, trip], moduleReached('travel', 'travelled')), 'finance', 'paid', { ...context, requiredModules: ['finance', 'travel'] }).then(
        completes('finance', 'paid'),
      ));

    it('still waits for a required module when another is left out', () =>
      record(fulfilling([book, trip], moduleReached('logistics', 'delivered')), 'finance', 'paid', { ...context, requiredModules: ['finance', 'travel'] }).then(
        recordsOnly('finance', 'paid'),
      ));

    it('does not wait for finance when finance is not required', () =>
      record(fulfilling([book]), 'logistics', 'delivered', { ...context, requiredModules: ['logistics'] }).then(completes('logistics', 'delivered')));

    it('waits for every module when the setting is absent', () =>
      record(fulfilling([book, trip], moduleReached('finance', 'paid')), 'logistics', 'delivered', { now: context.now }).then(recordsOnly('logistics', 'delivered')));

    it('does not complete while the order is held', () =>
      record(fulfilling([ebook], holdPlaced()), 'finance', 'paid').then(recordsOnly('finance', 'paid')));

    it('records on a cancelled order for the audit, and moves it nowhere', () =>
      record([placed([ebook]), confirmed([ebook]), cancelled('CUSTOMER_REQUEST', 'confirmed')], 'finance', 'issued').then(recordsOnly('finance', 'issued')));

    it('records on a completed order for the audit, and moves it nowhere', () =>
      record([...fulfilling([book], moduleReached('finance', 'paid'), moduleReached('logistics', 'delivered')), completed()], 'logistics', 'returned').then(
        recordsOnly('logistics', 'returned'),
      ));
  });
});
