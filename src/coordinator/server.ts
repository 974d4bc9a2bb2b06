import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import type { z } from 'zod';
import { PlexError, parseUnknown } from '../common/errors';
import {
  API_KEY_HEADER,
  AddressSchema,
  IdSchema,
  MAX_FRAME_BYTES,
  NODE_SOCKET_PATH,
  TaskBatchSchema,
  TaskSpecSchema,
} from '../common/protocol';
import type { Coordinator } from './coordinator';

/**
 * The coordinator's network face: the HTTP API for task submitters, dashboards and claims, and
 * the nodes' WebSocket at NODE_SOCKET_PATH, on one port (HTTPS and WSS when given a certificate). Every body and frame is parsed with the
 * protocol's schemas; failures answer with a typed error, never a crash.
 */
export function createServer(coordinator: Coordinator, options: { apiKeys: string[]; tls?: { cert: string; key: string } }): FastifyInstance {
  const app: FastifyInstance = Fastify({ bodyLimit: MAX_FRAME_BYTES, logger: false, ...(options.tls ? { https: options.tls } : {}) });
  const keys = options.apiKeys.map((k) => Buffer.from(k));

  const authorized = (given: unknown) => {
    if (typeof given !== 'string') return false;
    const g = Buffer.from(given);
    return keys.some((k) => k.length === g.length && timingSafeEqual(k, g));
  };
  // A body or parameter that fails its schema is the caller's mistake: 400 with the issues.
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof PlexError) return reply.code(400).send({ error: error.errorName, message: error.message, issues: error.issues });
    throw error;
  });
  // One check per parameter, run for every route that has it, before its handler.
  const paramChecks: Record<string, { schema: z.ZodType; message: string }> = {
    id: { schema: IdSchema, message: 'bad task id' },
    account: { schema: AddressSchema, message: 'bad address' },
    node: { schema: AddressSchema, message: 'bad node id' },
  };
  app.addHook('preHandler', async (request, reply) => {
    const params = request.params as Record<string, string>;
    for (const [name, { schema, message }] of Object.entries(paramChecks)) {
      if (name in params && !schema.safeParse(params[name]).success) return reply.code(400).send({ error: 'INVALID_PARAMS', message });
    }
  });

  // Submitting tasks takes an API key, checked before the body is even parsed.
  app.register(async (submit) => {
    submit.addHook('onRequest', async (request, reply) => {
      if (!authorized(request.headers[API_KEY_HEADER])) return reply.code(401).send({ error: 'UNAUTHORIZED', message: `missing or unknown ${API_KEY_HEADER}` });
    });

    submit.post('/v1/tasks', async (request, reply) => {
      const spec = parseUnknown(TaskSpecSchema, request.body, 'INVALID_PARAMS', 'task');
      const [taskId] = await coordinator.submitTasks([spec]);
      return reply.code(202).send({ taskId, status: 'queued' });
    });

    submit.post('/v1/tasks/batch', async (request, reply) => {
      const { tasks } = parseUnknown(TaskBatchSchema, request.body, 'INVALID_PARAMS', 'task batch');
      const ids = await coordinator.submitTasks(tasks);
      return reply.code(202).send({ tasks: ids.map((taskId) => ({ taskId, status: 'queued' })) });
    });
  });

  app.get<{ Params: { id: string } }>('/v1/tasks/:id', async (request, reply) => {
    const status = await coordinator.taskStatus(request.params.id);
    return status ?? reply.code(404).send({ error: 'NOT_FOUND', message: 'no such task' });
  });

  app.get('/v1/stats', () => coordinator.networkStats());

  app.get('/v1/models', () => coordinator.catalog().map((m) => ({ ...m.ref, flops: m.flops, vramMB: m.vramMB })));

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/earnings', (request) => coordinator.earnings(request.params.account));

  app.get<{ Params: { node: string } }>('/v1/nodes/:node/earnings', (request) => coordinator.nodeEarnings(request.params.node));

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/proof', async (request, reply) => {
    const proof = await coordinator.claimProof(request.params.account);
    return proof ?? reply.code(404).send({ error: 'NOT_FOUND', message: 'nothing to claim under the latest published root' });
  });

  app.get('/healthz', () => ({ ok: true, ...coordinator.stats(), epochError: coordinator.epochError?.message ?? null }));

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  app.server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://x').pathname !== NODE_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = coordinator.connect({
        send: (message) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
        },
        close: (reason) => ws.close(1008, reason.slice(0, 120)),
      });
      const ping = setInterval(() => ws.ping(), 15_000);
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          void session.receive('\u0000binary');
          return;
        }
        void session.receive(data.toString());
      });
      // ws closes an oversized frame with 1009 before it reaches us; either way the node is gone.
      ws.on('close', () => {
        clearInterval(ping);
        session.disconnected();
      });
      ws.on('error', () => ws.terminate());
    });
  });
  app.addHook('onClose', async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  });
  return app;
}
