import { ConfigError } from './duration';

/** The platform's processes, each started by `npm start` (and each its own Deployment). */
export const serviceNames = [
  'gateway',
  'ordering',
  'finance',
  'logistics',
  'travel',
  'notification',
  'process-manager',
  'projector',
  'kafka-relay',
] as const;
export type ServiceName = (typeof serviceNames)[number];

/** Internal TCP port of each service's message endpoint (commands, health) on loopback by default. */
const defaultPorts: Record<ServiceName, number> = {
  gateway: 4100,
  ordering: 4101,
  finance: 4102,
  logistics: 4103,
  travel: 4104,
  notification: 4105,
  'process-manager': 4106,
  projector: 4107,
  'kafka-relay': 4108,
};

export interface ServiceAddress {
  host: string;
  port: number;
}

/** `ORDERING_ADDRESS=host:port` etc. override the defaults (Kubernetes Services, compose). */
export function serviceAddress(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceAddress {
  const variable = `${service.toUpperCase().replace(/-/g, '_')}_ADDRESS`;
  const value = env[variable];
  if (!value) return { host: '127.0.0.1', port: defaultPorts[service] };
  const match = /^([^:\s]+):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) throw new ConfigError(`${variable}=${JSON.stringify(value)} is not host:port`);
  return { host: match[1], port };
}
