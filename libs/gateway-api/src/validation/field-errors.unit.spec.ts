import { ValidationError } from 'class-validator';
import { fieldErrorsOf } from './field-errors';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('field errors', () => {
  it('spells out nested paths and array indexes', () => {
    const errors = [
      error('customerId', { isString: 'customerId must be a string' }),
      error('lines', undefined, [error('0', undefined, [error('quantity', { min: 'quantity must not be less than 1', isInt: 'quantity must be an integer number' })])]),
      error('intent', undefined, [error('sourceSystem', { isLength: 'sourceSystem must be shorter than or equal to 100 characters' })]),
      error('extra', { whitelistValidation: 'property extra should not exist' }),
    ];
    expect(fieldErrorsOf(errors)).toEqual([
      { field: 'customerId', message: 'customerId must be a string' },
      { field: 'lines[0].quantity', message: 'quantity must not be less than 1' },
      { field: 'lines[0].quantity', message: 'quantity must be an integer number' },
      { field: 'intent.sourceSystem', message: 'sourceSystem must be shorter than or equal to 100 characters' },
      { field: 'extra', message: 'extra should not exist' },
    ]);
  });

  it('keeps the answer small', () => {
    const many = Array.from({ length: 500 }, (_, index) => error(`f${index}`, { isString: 'must be a string' }));
    expect(fieldErrorsOf(many)).toHaveLength(100);
  });
});

