import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const HEADERS_DEADLINE = Symbol('guichet.headersDeadline');
type TimedSocket = Socket & { [HEADERS_DEADLINE]?: NodeJS.Timeout };

/**
 * A client must send its headers within `timeoutMs` of connecting (a socket that sends
 * nothing, or a header a byte a second, is closed at that time), and its body within
 * `timeoutMs` of its headers (checked by readJsonBody, with a 408). Node's own
 * headersTimeout/requestTimeout are kept as a backstop for every route; its check runs on
 * an interval, tightened here so that the backstop fires close to its time too.
 */
export function applyRequestDeadlines(server: Server, timeoutMs: number): void {
  server.headersTimeout = timeoutMs;
  server.requestTimeout = 2 * timeoutMs;
  // read by Node when the server starts listening
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(10, Math.min(1_000, Math.floor(timeoutMs / 4)));
  server.on('connection', (socket: TimedSocket) => {
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    socket[HEADERS_DEADLINE] = timer;
    socket.once('close', () => clearTimeout(timer));
  });
  server.on('request', (req: { socket: TimedSocket }) => {
    clearTimeout(req.socket[HEADERS_DEADLINE]);
  });
}
