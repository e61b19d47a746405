import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL } from '@oms/platform';
import type { Pool } from 'pg';

/**
 * Allocates the sequence part of `ORD-YYYY-NNNNNN`: one PostgreSQL sequence per year, so
 * concurrent placements never share a number and never wait on a row lock. A number taken by
 * a placement that then fails is skipped (numbers are unique, not gapless).
 */
@Injectable()
export class OrderNumbers {
  private readonly createdYears = new Set<number>();

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async next(year: number): Promise<number> {
    if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new Error(`year ${year} out of range`);
    const sequence = `ordering_order_number_${year}`;
    if (!this.createdYears.has(year)) {
      await this.pool.query(`CREATE SEQUENCE IF NOT EXISTS ${sequence} AS bigint START 1`).catch(ignoreConcurrentCreate);
      this.createdYears.add(year);
    }
    const { rows } = await this.pool.query<{ value: string }>(`SELECT nextval('${sequence}') AS value`);
    return Number(rows[0].value);
  }
}

/** Two processes creating the same sequence at once: the loser's unique violation is harmless. */
function ignoreConcurrentCreate(error: { code?: string }): void {
  if (error.code !== '23505' && error.code !== '42P07') throw error;
}
