import { startRegistry, type RegistryServer } from '@zuul-ts/testing';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { RegistryClient } from '../src';

// A loopback registry without a configured CA is pinged over plain HTTP first: no TLS
// handshake is attempted (and refused) per client before the first request.

let reg: RegistryServer;
let tcp: Server;
const firstBytes: number[] = [];

beforeAll(async () => {
  reg = await startRegistry();
  // TCP pass-through recording the first byte of every connection (0x16 = TLS handshake).
  tcp = createServer((down) => {
    down.once('data', (b: Buffer) => firstBytes.push(b[0]!));
    const up = connect(reg.port, '127.0.0.1');
    down.pipe(up).pipe(down);
    const end = () => (down.destroy(), up.destroy());
    up.on('error', end);
    down.on('error', end);
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise<void>((r) => tcp.close(() => r()));
  await reg.stop();
});

test('plain loopback registry: HTTP from the first byte, no TLS attempt', async () => {
  const host = `127.0.0.1:${(tcp.address() as AddressInfo).port}`;
  const c = new RegistryClient();
  try {
    expect(await c.headManifest(`${host}/none/here:v1`)).toBeUndefined();
  } finally {
    c.close();
  }
  expect(firstBytes.length).toBeGreaterThan(0);
  expect(firstBytes.filter((b) => b === 0x16)).toEqual([]);
  expect(Buffer.from(firstBytes).toString('latin1')).toMatch(/^G+$/);
});
