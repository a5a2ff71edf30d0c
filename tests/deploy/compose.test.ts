import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONCORD_NODE_FLAGS } from '../../src/cli/node-flags.js';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { REPO_ROOT } from '../support/run-cli.js';

/** No container engine runs here, so the compose file is checked by reading it. */
interface ComposeService {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  networks?: string[] | Record<string, { ipv4_address?: string }>;
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const nodes = Object.entries(services).filter(([, service]) => service.image?.startsWith('eventstore/eventstore') || service.image?.startsWith('docker.kurrent.io'));
const concord = services.concord!;
const concordEnv = Object.fromEntries(Object.entries(concord.environment ?? {}).map(([key, value]) => [key, String(value)]));

describe('docker-compose.yml', () => {
  it('runs a three-node EventStoreDB cluster, insecure for local use, each node seeding gossip with the other two', () => {
    expect(nodes).toHaveLength(3);
    const addresses = nodes.map(([, service]) => Object.values(service.networks as Record<string, { ipv4_address: string }>)[0]!.ipv4_address);
    nodes.forEach(([, service], index) => {
      expect(service.environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '3', EVENTSTORE_INSECURE: 'true', EVENTSTORE_REPLICATION_IP: addresses[index] });
      const seeds = String(service.environment!.EVENTSTORE_GOSSIP_SEED).split(',').map((seed) => seed.split(':')[0]);
      expect(seeds.sort()).toEqual(addresses.filter((_, other) => other !== index).sort());
    });
  });

  it('builds Concord from the Dockerfile and starts it once every node is healthy', () => {
    const context = typeof concord.build === 'string' ? concord.build : concord.build!.context;
    expect(existsSync(path.join(REPO_ROOT, context, 'Dockerfile'))).toBe(true);
    expect(Object.keys(concord.depends_on ?? {}).sort()).toEqual(nodes.map(([name]) => name).sort());
    expect(Object.values(concord.depends_on ?? {}).every((dependency) => dependency.condition === 'service_healthy')).toBe(true);
  });

  it('configures Concord only through variables its configuration schema knows, and they validate', () => {
    for (const key of Object.keys(concordEnv)) expect(CONFIG_VARIABLES).toContain(key);
    const config = loadConfig(concordEnv);
    expect(config.CONCORD_STORE).toBe('esdb');
    expect(config.CONCORD_HOST).toBe('0.0.0.0');
  });

  it('names the three nodes in the connection string, which the client accepts', async () => {
    expect(new URLSearchParams(concordEnv.CONCORD_ESDB_URL!.split('?')[1]).get('tls')).toBe('false');
    const hosts = concordEnv.CONCORD_ESDB_URL!.replace(/^esdb(\+discover)?:\/\//, '').split('?')[0]!.split(',');
    expect(hosts.map((host) => host.split(':')[0]).sort()).toEqual(nodes.map(([name]) => name).sort());
    const client = EventStoreDBClient.connectionString(concordEnv.CONCORD_ESDB_URL!);
    await client.dispose();
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8');

  it('sets only configuration variables Concord knows (besides NODE_ENV) and serves by default', () => {
    const variables = [...dockerfile.matchAll(/\b(CONCORD_[A-Z_]+|PORT)=/g)].map((match) => match[1]!);
    expect(variables.length).toBeGreaterThan(0);
    for (const variable of variables) expect(CONFIG_VARIABLES).toContain(variable);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", (".+", )?"dist\/src\/cli\/main\.js"\]/);
    expect(dockerfile).toMatch(/CMD \["serve"\]/);
  });

  it('runs node with the V8 flags the concord command, npm start and the benchmark use', () => {
    const entrypoint = JSON.parse(/ENTRYPOINT (\[.*\])/.exec(dockerfile)![1]!) as string[];
    expect(entrypoint).toEqual(['node', ...CONCORD_NODE_FLAGS, 'dist/src/cli/main.js']);
  });
});

describe('V8 flags', () => {
  const flags = CONCORD_NODE_FLAGS.join(' ');
  const scripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('are passed by the concord command, npm start, npm run concord and npm run bench alike', () => {
    expect(readFileSync(path.join(REPO_ROOT, 'src/cli/main.ts'), 'utf8').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${flags}`);
    expect(scripts.start).toBe(`node ${flags} dist/src/cli/main.js serve`);
    expect(scripts.concord).toBe(`tsx ${flags} src/cli/main.ts`);
    expect(scripts.bench).toContain(` ${flags} `);
  });
});
