import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppState, PlexApi } from '../common/api';
import { PlexError } from '../common/errors';
import { DisposableStore, toDisposable, type Event } from '../common/lifecycle';
import { eventFrame, handleRpcFrame } from '../common/rpc';
import { loadStaticFile } from './static-files';

/** The only interface the control server ever binds: the UI is for this machine's owner alone. */
export const LOOPBACK = '127.0.0.1';
export const RPC_PATH = '/rpc';
const MAX_FRAME_BYTES = 1024 * 1024;
const PING_INTERVAL_MS = 15_000;

export interface ControlServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  rendererDir: string;
  token?: string;
}

export interface ControlServer {
  readonly port: number;
  readonly token: string;
  /** The page to open, token in the fragment so it never reaches a server log or a Referer. */
  readonly url: string;
  close(): Promise<void>;
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://${LOOPBACK}:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/**
 * Serves the built renderer and the PlexApi over WebSocket JSON-RPC on loopback. Requests naming
 * another Host are refused (DNS rebinding), and so are sockets without the per-run token or from
 * a foreign Origin.
 */
export async function startControlServer(
  engine: { api: PlexApi; onDidChangeState: Event<AppState> },
  options: ControlServerOptions,
): Promise<ControlServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const disposables = new DisposableStore();
  const sockets = new Set<WebSocket>();
  let port = options.port ?? 0;
  const allowedHosts = () => [`${LOOPBACK}:${port}`, `localhost:${port}`];

  const http = createServer((request, response) => void serveHttp(request, response));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  async function serveHttp(request: IncomingMessage, response: ServerResponse) {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      response.writeHead(403, { 'Content-Type': 'text/plain' }).end('Host not allowed\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed\n');
      return;
    }
    const path = new URL(request.url ?? '/', `http://${LOOPBACK}`).pathname;
    if (path === `${RPC_PATH}/check`) {
      // Browsers hide why a WebSocket handshake failed; this tells the UI whether its token is wrong.
      const authorized = sameSecret(request.headers.authorization ?? '', `Bearer ${token}`);
      response.writeHead(authorized ? 204 : 401, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    const file = await loadStaticFile(options.rendererDir, path);
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      return;
    }
    response.writeHead(200, {
      'Content-Type': file.type,
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const origin = request.headers.origin;
    if (url.pathname !== RPC_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!allowedHosts().includes(request.headers.host ?? '')) return refuseUpgrade(socket, 403, 'Forbidden');
    if (origin !== undefined && !allowedHosts().some((host) => origin === `http://${host}`)) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket) {
    sockets.add(ws);
    let alive = true;
    ws.on('pong', () => (alive = true));
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data, isBinary) => {
      const reply = isBinary
        ? JSON.stringify({ jsonrpc: '2.0', id: null, error: new PlexError('INVALID_REQUEST', 'Binary frames are not accepted').toPayload() })
        : await handleRpcFrame(engine.api, data.toString());
      if (ws.readyState === ws.OPEN) ws.send(reply);
    });
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);
    ws.on('close', () => clearInterval(ping));
  }

  disposables.add(
    engine.onDidChangeState((state) => {
      const frame = eventFrame('state', state);
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use on ${LOOPBACK}: choose another with --port, or leave it out for a free one.`)
          : error,
      );
    http.once('error', fail);
    http.listen(port, LOOPBACK, () => {
      http.off('error', fail);
      resolve();
    });
  });
  const address = http.address();
  port = typeof address === 'object' && address ? address.port : port;
  disposables.add(toDisposable(() => wss.close()));

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    async close() {
      disposables.dispose();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
