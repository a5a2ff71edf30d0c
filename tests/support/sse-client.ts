import http from 'node:http';
import { apiContract } from './api-contract.js';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A minimal Server-Sent Events client on node:http, so tests can pause it, read comments,
 * and see the end. The answer and every event's data are checked against the OpenAPI
 * document: a non-streaming answer fails `open`, an event that breaks it fails `until`.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  /** Where the stream breaks the OpenAPI document. */
  readonly violations: string[] = [];
  private url = '';
  readonly comments: string[] = [];
  ended = false;
  status = 0;
  private request: http.ClientRequest | undefined;
  private response: http.IncomingMessage | undefined;
  private waiters: (() => void)[] = [];

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    client.url = url;
    return new Promise((resolve, reject) => {
      client.request = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
        client.response = res;
        client.status = res.statusCode ?? 0;
        if (client.status !== 200) {
          // Not a stream: read the whole answer and check it like any other.
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            client.ended = true;
            try {
              apiContract().check({ method: 'GET', url, status: client.status, headers: headersOf(res), body: text });
              resolve(client);
            } catch (error) {
              reject(error);
            }
          });
          return;
        }
        const problems = apiContract().problemsWith({ method: 'GET', url, status: client.status, headers: headersOf(res), body: '' });
        if (problems.length > 0) {
          res.destroy();
          reject(new Error(`GET ${url} breaks the OpenAPI document:\n  - ${problems.join('\n  - ')}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            client.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
          client.wake();
        });
        const finish = () => {
          client.ended = true;
          client.wake();
        };
        res.on('end', finish);
        res.on('close', finish);
        resolve(client);
      });
      client.request.on('error', (error) => (client.response ? ((client.ended = true), client.wake()) : reject(error)));
    });
  }

  private parse(block: string): void {
    const event: SseEvent = { data: '' };
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) event.id = line.slice(4);
      else if (line.startsWith('event: ')) event.event = line.slice(7);
      else if (line.startsWith('data: ')) event.data += line.slice(6);
    }
    if (!event.data) return;
    this.events.push(event);
    this.violations.push(...apiContract().sseDataProblems(this.url, event.data).map((p) => `event ${event.id ?? '?'}: ${p}`));
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `done()` holds, or rejects after `ms`. */
  async until(done: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.violations.length > 0) throw new Error(`the stream breaks the OpenAPI document:\n  - ${this.violations.join('\n  - ')}`);
      if (done()) return;
      if (Date.now() > deadline) throw new Error(`timed out; have ${this.events.length} events, ended=${this.ended}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  pause(): void {
    this.response?.pause();
  }

  close(): void {
    this.request?.destroy();
  }
}

function headersOf(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}
