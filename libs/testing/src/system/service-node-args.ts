import { resolve } from 'node:path';

const root = resolve(__dirname, '../../../..');

/** The node options a service runs with, from the one list npm start uses (tools/start/service-node-args.cjs). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { serviceNodeArgs } = require(resolve(root, 'tools/start/service-node-args.cjs')) as { serviceNodeArgs(service: string): string[] };
