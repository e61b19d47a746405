import type { ClientBase, Pool } from 'pg';

/** Anything that runs a query: the pool for a single read, a client inside a transaction. */
export type Queryable = Pool | ClientBase;
