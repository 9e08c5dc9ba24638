/**
 * The simulator's listener, which goes away during a `down` window so that connections are refused (not
 * answered), and comes back on the same port when the window ends.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FaultClock } from './faults.ts';
import { send as reply } from './replies.ts';

export async function startListener(input: {
  port: number;
  host: string;
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The fault clock in force. */
  faults: () => FaultClock;
  /** A `down` window began: the listener is closed; end what is in flight (the sockets are ended here). */
  onDown: () => void;
}) {
  let listening = true;
  let closing = false;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    input.handle(req, res).catch((error) => {
      if (res.headersSent) res.destroy();
      else reply(res, { status: 500, body: { code: 103, message: `Exception: ${(error as Error).message}` } });
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    // The listener closes within a tick of a down window starting; refuse anything that slips in before.
    if (input.faults().inWindow('down') || closing) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, input.host, () => {
        server.off('error', reject);
        resolve();
      });
    });

  await listen(input.port);
  const port = (server.address() as AddressInfo).port;
  const downWatch = setInterval(async () => {
    const down = input.faults().inWindow('down');
    if (down && listening) {
      listening = false;
      server.close();
      input.onDown();
      for (const s of sockets) s.destroy();
    } else if (!down && !listening && !closing) {
      listening = true;
      await listen(port).catch(() => {
        listening = false;
      });
    }
  }, 20);
  downWatch.unref();

  const host = input.host.includes(':') ? `[${input.host}]` : input.host;
  return {
    url: `http://${host}:${port}`,
    port,
    /** Stops for good: `beforeSockets` ends the calls in flight, then every connection ends and the port is freed. */
    async close(beforeSockets: () => void) {
      closing = true;
      clearInterval(downWatch);
      beforeSockets();
      for (const s of sockets) s.destroy();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
