import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  NodeMessageSchema,
  NODE_SOCKET_PATH,
  helloMessage,
  recoverSigner,
  sameAddress,
  submitMessage,
  type Assignment,
  type CoordinatorMessage,
  type NodeMessage,
} from '../../common/protocol';

type TaskMaker = (n: number) => Pick<Assignment, 'model' | 'input'>;

/** Task 3 carries a value float32 cannot hold, so every run includes one refusal. */
const doublerTask: TaskMaker = (n) => ({
  model: { id: 'doubler', sha256: `0x${'ab'.repeat(32)}`, bytes: 0, url: null },
  input: { dtype: 'float32', shape: [1, 2], data: [n, n === 3 ? 1e39 : 1] },
});

/**
 * A coordinator for client tests: speaks the real protocol schemas and checks every signature,
 * hands out `total` tasks, and acknowledges submissions only while `acking` is true.
 */
export class FakeCoordinator {
  readonly received: NodeMessage[] = [];
  readonly results = new Map<string, number>();
  readonly badSignatures: string[] = [];
  acking = true;
  private issued = 0;
  private readonly server: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();

  private constructor(
    readonly total: number,
    server: WebSocketServer,
    private readonly makeTask: TaskMaker,
  ) {
    this.server = server;
    server.on('connection', (socket, request) => {
      if (request.url !== NODE_SOCKET_PATH) return socket.close(4404, 'wrong path');
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const nonce = `0x${randomBytes(32).toString('hex')}`;
      this.sendTo(socket, { type: 'challenge', protocolVersions: [1], nonce, serverTime: Date.now() });
      socket.on('message', (data) => this.onMessage(socket, nonce, NodeMessageSchema.parse(JSON.parse(data.toString()))));
    });
  }

  static async start(total: number, makeTask: TaskMaker = doublerTask): Promise<FakeCoordinator> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    return new FakeCoordinator(total, server, makeTask);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private sendTo(socket: WebSocket, message: CoordinatorMessage): void {
    socket.send(JSON.stringify(message));
  }

  private onMessage(socket: WebSocket, nonce: string, message: NodeMessage): void {
    this.received.push(message);
    switch (message.type) {
      case 'hello': {
        const signer = recoverSigner(helloMessage(nonce, message.nodeId, message.payout.address), message.signature);
        if (!signer || !sameAddress(signer, message.nodeId)) {
          this.badSignatures.push('hello');
          return socket.close(4003, 'bad signature');
        }
        this.sendTo(socket, {
          type: 'welcome',
          protocolVersion: 1,
          sessionId: `s${this.received.length}`,
          nodeId: message.nodeId,
          heartbeatIntervalMs: 50,
          maxFrameBytes: 1 << 22,
          maxMessagesPerSecond: 1000,
          serverTime: Date.now(),
        });
        return;
      }
      case 'lease': {
        const assignments: Assignment[] = [];
        while (assignments.length < message.slots && this.issued < this.total) {
          const n = this.issued++;
          assignments.push({ leaseId: `lease-${n}`, taskId: `task-${n}`, ...this.makeTask(n), flops: 4, deadline: Date.now() + 60_000 });
        }
        this.sendTo(socket, { type: 'tasks', requestId: message.requestId, assignments, retryAfterMs: assignments.length ? null : 50 });
        return;
      }
      case 'submit': {
        const signer = recoverSigner(submitMessage(message.results), message.signature);
        const hello = this.received.find((m) => m.type === 'hello');
        if (!signer || !hello || hello.type !== 'hello' || !sameAddress(signer, hello.nodeId)) this.badSignatures.push('submit');
        for (const r of message.results) this.results.set(r.leaseId, (this.results.get(r.leaseId) ?? 0) + 1);
        if (this.acking) {
          this.sendTo(socket, {
            type: 'ack',
            items: message.results.map((r) => ({ leaseId: r.leaseId, status: this.results.get(r.leaseId)! > 1 ? 'duplicate' : 'accepted' })),
          });
        }
        return;
      }
      case 'refuse':
        this.results.set(message.leaseId, (this.results.get(message.leaseId) ?? 0) + 1);
        if (this.acking) this.sendTo(socket, { type: 'ack', items: [{ leaseId: message.leaseId, status: 'accepted' }] });
        return;
      case 'heartbeat':
        return;
    }
  }

  /** Drops every node connection, as a coordinator restart would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
