import { MAX_BODY_DEPTH, jsonBodyProblems } from './json-body-safety';

describe('JSON body safety', () => {
  it('accepts an ordinary body and no body', () => {
    expect(jsonBodyProblems({ customerId: 'c', lines: [{ sku: 'a', quantity: 1 }], intent: { sourceSystem: 's', orderIntentId: 'i' } })).toEqual([]);
    expect(jsonBodyProblems(undefined)).toEqual([]);
  });

  it('refuses a body that is not an object', () => {
    for (const body of [[], [1], 'text', 42, null, true]) expect(jsonBodyProblems(body)).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('refuses prototype keys at any depth, naming where', () => {
    const body = JSON.parse('{"__proto__":{"admin":true},"lines":[{"sku":"a","constructor":{"prototype":{}}}],"intent":{"prototype":1}}');
    const fields = jsonBodyProblems(body).map((problem) => problem.field).sort();
    expect(fields).toEqual(['__proto__', 'intent.prototype', 'lines[0].constructor']);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses deep nesting without recursing (no stack overflow at 200 000 levels)', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    expect(jsonBodyProblems(deep)).toEqual([{ field: expect.stringMatching(/^a(\[0\])+$/), message: `is nested deeper than ${MAX_BODY_DEPTH} levels` }]);
  });
});
