import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCertificates {
  readonly caFile: string;
  readonly key: Buffer;
  readonly cert: Buffer;
}

/**
 * A throw-away certificate authority and a node certificate it signed for localhost and
 * 127.0.0.1, made with openssl at test time (nothing secret is checked in).
 */
export function makeTestCertificates(dir: string, name = 'test'): TestCertificates {
  const file = (suffix: string) => path.join(dir, `${name}-${suffix}`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=Concord ${name} test CA`, '-keyout', file('ca.key'), '-out', file('ca.crt'));
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-keyout', file('node.key'), '-out', file('node.csr'));
  writeFileSync(file('node.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', file('node.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', file('node.ext'), '-out', file('node.crt'));
  return { caFile: file('ca.crt'), key: readFileSync(file('node.key')), cert: readFileSync(file('node.crt')) };
}
