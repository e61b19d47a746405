import { moduleNames, type ModuleName } from '@oms/contracts';
import { ConfigError, parseDurationSetting } from './duration';

export type ApiRole = 'client' | 'operator' | 'auditor' | 'admin';
export const apiRoles: readonly ApiRole[] = ['client', 'operator', 'auditor', 'admin'];

export interface ApiKey {
  role: ApiRole;
  key: string;
}

export interface PlatformConfig {
  port: number;
  databaseUrl: string;
  eventStore: 'postgres' | 'eventstoredb';
  eventStoreConnectionString?: string;
  kafkaBrokers: string[];
  kafkaTopicPrefix: string;
  modulesRequiredForCompletion: ModuleName[];
  paymentTimeoutMs: number;
  apiKeys: ApiKey[];
  production: boolean;
  smtpUrl?: string;
}

export const devApiKeys: ApiKey[] = apiRoles.map((role) => ({ role, key: `dev-${role}` }));

function parseApiKeys(value: string): ApiKey[] {
  return value.split(',').map((pair) => {
    const [role, key, ...rest] = pair.trim().split(':');
    if (!apiRoles.includes(role as ApiRole) || !key || rest.length > 0) {
      throw new ConfigError(`API_KEYS entry ${JSON.stringify(pair.trim())} is not role:key with role in ${apiRoles.join(', ')}`);
    }
    if (key.length < 8 && !key.startsWith('dev-')) throw new ConfigError(`API_KEYS: the ${role} key is shorter than 8 characters`);
    return { role: role as ApiRole, key };
  });
}

function parseModules(value: string): ModuleName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!moduleNames.includes(name as ModuleName)) {
      throw new ConfigError(`MODULES_REQUIRED_FOR_COMPLETION: unknown module ${JSON.stringify(name)} (known: ${moduleNames.join(', ')})`);
    }
  }
  return names as ModuleName[];
}

/** CONTRACT §1 settings, validated once at start: a bad value stops the process with a clear message. */
export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT=${env.PORT} is not a port number`);
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_URL is not set (npm start sets it to an embedded PostgreSQL)');
  const eventStore = env.EVENT_STORE ?? 'postgres';
  if (eventStore !== 'postgres' && eventStore !== 'eventstoredb') throw new ConfigError(`EVENT_STORE=${eventStore}: use postgres or eventstoredb`);
  if (eventStore === 'eventstoredb' && !env.EVENTSTORE_CONNECTION_STRING) {
    throw new ConfigError('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)');
  }
  const apiKeys = env.API_KEYS ? parseApiKeys(env.API_KEYS) : devApiKeys;
  if (production) {
    if (!env.API_KEYS) throw new ConfigError('NODE_ENV=production refuses to start without API_KEYS');
    if (apiKeys.some((apiKey) => devApiKeys.some((dev) => dev.key === apiKey.key))) {
      throw new ConfigError('NODE_ENV=production refuses to start with a dev API key');
    }
  }
  return {
    port,
    databaseUrl: env.DATABASE_URL,
    eventStore,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING,
    kafkaBrokers: (env.KAFKA_BROKERS ?? '').split(',').map((broker) => broker.trim()).filter(Boolean),
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX || 'oms',
    modulesRequiredForCompletion: parseModules(env.MODULES_REQUIRED_FOR_COMPLETION ?? 'finance,logistics,travel'),
    paymentTimeoutMs: parseDurationSetting('PAYMENT_TIMEOUT', env.PAYMENT_TIMEOUT ?? '30m'),
    apiKeys,
    production,
    smtpUrl: env.SMTP_URL || undefined,
  };
}
