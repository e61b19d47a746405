import { types, type CustomTypesConfig } from 'pg';

const INT8 = 20;

/**
 * node-postgres returns int8 as a string (it does not fit a JS number). Positions are
 * (xid << 20) + ordinal and pass 2^53 after ~8.6 billion transactions, so they are BigInt here.
 * Passed per query, never set globally: other code in the process keeps pg's defaults.
 */
export const int8AsBigInt: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => BigInt(value) : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};
