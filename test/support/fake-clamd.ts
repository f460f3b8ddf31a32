import { createServer, type Server } from 'node:net';

/** The EICAR anti-virus test string: every scanner reports it as `Eicar-Test-Signature`. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!H+H*';

/**
 * A stand-in for clamd on loopback speaking its INSTREAM protocol (`zINSTREAM\0`, length-prefixed chunks,
 * a zero-length chunk, a NUL-terminated answer). It finds the EICAR string, as clamd does; an unknown
 * command gets `UNKNOWN COMMAND`, as clamd answers.
 */
export async function startFakeClamd(): Promise<{ address: string; scans: number; close(): Promise<void> }> {
  const state = { scans: 0 };
  const server: Server = createServer((socket) => {
    let buf = Buffer.alloc(0);
    let commandSeen = false;
    const data: Buffer[] = [];
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!commandSeen) {
        const nul = buf.indexOf(0);
        if (nul < 0) return;
        const command = buf.subarray(0, nul).toString();
        buf = buf.subarray(nul + 1);
        if (command !== 'zINSTREAM') {
          socket.end('UNKNOWN COMMAND\0');
          return;
        }
        commandSeen = true;
      }
      while (buf.length >= 4) {
        const size = buf.readUInt32BE(0);
        if (size === 0) {
          state.scans++;
          const infected = Buffer.concat(data).includes(EICAR);
          socket.end(infected ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
          buf = Buffer.alloc(0);
          return;
        }
        if (buf.length < 4 + size) return;
        data.push(buf.subarray(4, 4 + size));
        buf = buf.subarray(4 + size);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    get scans() {
      return state.scans;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
