import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics } from 'prom-client';
import type { PromMetrics } from './prom-metrics.js';

/**
 * GET /metrics on a port of its own (127.0.0.1 by default): what Prometheus scrapes is
 * never reachable where Teams posts, and needs no token. The process's own metrics (CPU,
 * memory, event-loop delay: `process_*`, `nodejs_*`) come with Guichet's, only when served.
 */
export class MetricsServer {
  private readonly server: http.Server;

  constructor(metrics: PromMetrics) {
    collectDefaultMetrics({ register: metrics.registry });
    // not chained: restify replaces ServerResponse#writeHead with one that returns nothing
    const answer = (res: http.ServerResponse, status: number, text = '') => {
      res.writeHead(status, { 'content-type': metrics.registry.contentType });
      res.end(text);
    };
    this.server = http.createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return answer(res, 404);
      metrics.scrape().then(
        (text) => answer(res, 200, text),
        () => answer(res, 500),
      );
    });
  }

  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve(`http://${host}:${(this.server.address() as AddressInfo).port}/metrics`));
    });
  }

  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    return closed;
  }
}
