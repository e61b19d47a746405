import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serviceAddress, serviceNames, type ServiceName } from '@oms/platform';
import { serviceNodeArgs } from '@oms/testing';
import { parse, parseAllDocuments } from 'yaml';

// docker-compose.yml and deploy/kubernetes/ describe the same platform as `npm start`: every
// service, one image, the command that starts it, its port, and a health check. They are
// not run here (no Docker, no cluster); this keeps them consistent with the code instead.

const root = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const port = (service: ServiceName) => (service === 'gateway' ? 3000 : serviceAddress(service, {}).port);
const entry = (service: ServiceName) => `dist/apps/${service}/src/main.js`;
/** The command line `npm start` runs a service with (tools/start/service-node-args.cjs). */
const command = (service: ServiceName) => ['node', ...serviceNodeArgs(service), entry(service)];
const addressVariable = (service: ServiceName) => `${service.toUpperCase().replace(/-/g, '_')}_ADDRESS`;

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('root Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds with npm ci and the SWC compile, and ships the health probe', () => {
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('node tools/build/compile.cjs');
    expect(dockerfile).toContain('deploy/probe.cjs');
    expect(existsSync(join(root, 'deploy/probe.cjs'))).toBe(true);
  });

  it('starts a service that exists by default', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(command('gateway'));
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as Loose;
  const services = compose.services as Record<string, Loose>;

  it('runs the stores and every service', () => {
    expect(Object.keys(services).sort()).toEqual([...serviceNames, 'postgres', 'eventstoredb', 'kafka'].sort());
    for (const store of ['postgres', 'eventstoredb', 'kafka']) expect(services[store].healthcheck?.test).toBeDefined();
  });

  it('runs the same broker version as the tests', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KAFKA_VERSION } = require(join(root, 'tools/kafka/broker.cjs')) as { KAFKA_VERSION: string };
    expect(services.kafka.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
  });

  it.each(serviceNames.map((service) => [service]))('%s: one image, its own entry point, its port, a health check, the shared settings', (service) => {
    const definition = services[service];
    expect(definition.image).toBe('oms:latest');
    expect(definition.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(definition.command).toEqual(command(service));
    expect(existsSync(join(root, `apps/${service}/src/main.ts`))).toBe(true);

    const env = definition.environment as Record<string, string>;
    expect(env).toMatchObject({ EVENT_STORE: 'eventstoredb', BIND_HOST: '0.0.0.0', KAFKA_BROKERS: 'kafka:9092' });
    expect(env.EVENTSTORE_CONNECTION_STRING).toMatch(/^esdb:\/\/eventstoredb:2113/);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
    for (const other of serviceNames) expect(env[addressVariable(other)]).toBe(`${other}:${serviceAddress(other, {}).port}`);

    const test = definition.healthcheck?.test as string[];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', 'deploy/probe.cjs']);
    if (service === 'gateway') {
      expect(env.PORT).toBe('3000');
      expect(test[3]).toBe('http://127.0.0.1:3000/health/ready');
    } else {
      expect(test.slice(3)).toEqual(['health', `127.0.0.1:${port(service)}`]);
    }
    expect(Object.keys(definition.depends_on)).toEqual(expect.arrayContaining(['postgres', 'eventstoredb']));
  });

  it('starts the relay once Kafka is healthy', () => {
    expect(services['kafka-relay'].depends_on.kafka).toEqual({ condition: 'service_healthy' });
  });
});

describe('deploy/kubernetes', () => {
  const dir = join(root, 'deploy/kubernetes');
  const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
  const documents = files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
      expect(document.errors).toEqual([]);
      return { file, manifest: document.toJS() as Loose };
    }),
  );
  const find = (kind: string, name: string) => documents.find(({ manifest }) => manifest?.kind === kind && manifest.metadata?.name === name)?.manifest;
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Loose;
  const config = find('ConfigMap', 'oms-config')!;

  it('lists every manifest but the example Secret in kustomization.yaml', () => {
    const applied = files.filter((file) => file !== 'kustomization.yaml' && file !== 'secret.example.yaml');
    expect([...kustomization.resources].sort()).toEqual(applied.sort());
  });

  it('configures the event store, the topic shape and every service address', () => {
    expect(config.data).toMatchObject({ EVENT_STORE: 'eventstoredb', BIND_HOST: '0.0.0.0', NODE_ENV: 'production' });
    expect(Number(config.data.KAFKA_TOPIC_PARTITIONS)).toBeGreaterThan(0);
    expect(Number(config.data.KAFKA_TOPIC_REPLICATION_FACTOR)).toBeGreaterThan(0);
    for (const service of serviceNames) expect(config.data[addressVariable(service)]).toBe(`${service}:${serviceAddress(service, {}).port}`);
  });

  it.each(serviceNames.map((service) => [service]))('%s: Deployment and Service, probes, resources, secrets', (service) => {
    const deployment = find('Deployment', service);
    const k8sService = find('Service', service);
    expect(deployment).toBeDefined();
    expect(k8sService).toBeDefined();
    const pod = deployment!.spec.template;
    expect(deployment!.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': service });
    expect(pod.metadata.labels).toMatchObject(deployment!.spec.selector.matchLabels);
    expect(k8sService!.spec.selector).toEqual(deployment!.spec.selector.matchLabels);

    const [container] = pod.spec.containers as Loose[];
    expect(container.image).toBe('oms:latest');
    expect(container.command).toEqual(command(service));
    const [containerPort] = container.ports as Loose[];
    expect(containerPort.containerPort).toBe(port(service));
    expect(k8sService!.spec.ports).toEqual([{ name: containerPort.name, port: port(service), targetPort: containerPort.name }]);

    expect(container.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
    expect(container.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'oms-config' } }]);
    const secretKeys = (container.env as Loose[]).filter((variable) => variable.valueFrom?.secretKeyRef?.name === 'oms-secrets' && !variable.valueFrom.secretKeyRef.optional);
    expect(secretKeys.map((variable) => variable.name).sort()).toEqual(['API_KEYS', 'DATABASE_URL']);

    if (service === 'gateway') {
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: containerPort.name });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: containerPort.name });
    } else {
      expect(container.livenessProbe.tcpSocket).toEqual({ port: containerPort.name });
      expect(container.readinessProbe.tcpSocket).toEqual({ port: containerPort.name });
    }
    // Subscribers run one active instance, and never two during a rollout.
    if (!['gateway', 'ordering'].includes(service)) {
      expect(deployment!.spec.replicas).toBe(1);
      expect(deployment!.spec.strategy.type).toBe('Recreate');
    }
  });

  it('gives KAFKA_BROKERS to the relay only, from the ConfigMap', () => {
    for (const service of serviceNames) {
      const [container] = find('Deployment', service)!.spec.template.spec.containers as Loose[];
      const kafka = (container.env as Loose[]).find((variable) => variable.name === 'KAFKA_BROKERS');
      if (service === 'kafka-relay') expect(config.data[kafka?.valueFrom.configMapKeyRef.key]).toMatch(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/);
      else expect(kafka).toBeUndefined();
    }
    expect(config.data.KAFKA_BROKERS).toBeUndefined();
  });
});
