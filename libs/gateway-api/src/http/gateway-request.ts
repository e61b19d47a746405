import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from '../auth/caller';

/**
 * The parts of Express's request the gateway uses (Express ships no types here), plus what
 * the gateway learns about a request on its way in.
 */
export interface GatewayRequest extends IncomingMessage {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path and query string as sent. */
  originalUrl: string;
  /** The parsed JSON body; undefined when the request had none. */
  body?: unknown;
  /** From a valid X-Correlation-Id, else a new UUID v7; carried by every event the request causes. */
  correlationId?: string;
  /** Set by the API key guard on every route that needs a key. */
  caller?: Caller;
  /** Set when the request runs under an Idempotency-Key it claimed. */
  idempotency?: { key: string; requestHash: string };
}

/** The parts of Express's response the gateway uses. */
export interface GatewayResponse extends ServerResponse {
  status(code: number): this;
  type(contentType: string): this;
  send(body?: unknown): this;
}
