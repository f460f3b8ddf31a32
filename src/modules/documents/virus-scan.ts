import { connect } from 'node:net';

/** The verdict on one upload. */
export type ScanVerdict = { readonly clean: true } | { readonly clean: false; readonly signature: string };

/** A virus scanner; uploads are scanned before anything is stored. */
export interface VirusScanner {
  scan(bytes: Uint8Array): Promise<ScanVerdict>;
}

/** No scanner configured: everything is clean (the README says so). */
export const noScanner: VirusScanner = { scan: async () => ({ clean: true }) };

const CHUNK = 64 * 1024;

/**
 * clamd's INSTREAM command over TCP (clamd.conf `TCPSocket`): `zINSTREAM\0`, then chunks each prefixed
 * with its length as a 4-byte big-endian integer, then a zero-length chunk; clamd answers
 * `stream: OK`, `stream: <signature> FOUND` or `… ERROR`, NUL-terminated.
 * @throws when clamd cannot be reached, times out or answers with an error (the upload is then refused).
 */
export function clamdScanner(address: string, timeoutMs = 30_000): VirusScanner {
  const [host = '127.0.0.1', port = '3310'] = address.split(':');
  return {
    scan(bytes) {
      return new Promise<ScanVerdict>((resolve, reject) => {
        const socket = connect({ host, port: Number(port) });
        const chunks: Buffer[] = [];
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error('clamd timed out')));
        socket.on('error', reject);
        socket.on('data', (d) => chunks.push(d));
        socket.on('end', () => {
          const reply = Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim();
          const found = /^stream: (.+) FOUND$/.exec(reply);
          if (reply === 'stream: OK') resolve({ clean: true });
          else if (found?.[1]) resolve({ clean: false, signature: found[1] });
          else reject(new Error(`clamd answered: ${reply || '(nothing)'}`));
        });
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          for (let i = 0; i < bytes.length; i += CHUNK) {
            const part = bytes.subarray(i, i + CHUNK);
            const size = Buffer.alloc(4);
            size.writeUInt32BE(part.length);
            socket.write(size);
            socket.write(part);
          }
          socket.end(Buffer.alloc(4));
        });
      });
    },
  };
}
