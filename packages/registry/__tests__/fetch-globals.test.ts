import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { startRegistry, type RegistryServer } from '@zuul-ts/testing';

// axios probes Node's fetch globals when it loads; the client hides them for that moment, so
// Node's bundled undici stays unloaded (start-up, and far fewer full GCs during blob copies),
// and puts them back, so other code in the process can still use fetch. A fresh process on
// the built package: jest's own environment has globals of its own.

let reg: RegistryServer;
beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(() => reg.stop());

const DIST = join(__dirname, '..', 'dist', 'index.js');

const script = (host: string) => `
const undici = () => process.moduleLoadList.some((m) => m.includes('undici'));
const { RegistryClient } = require(${JSON.stringify(DIST)});
const c = new RegistryClient();
c.headManifest('${host}/none/here:v1').then(async (head) => {
  c.close();
  const afterClient = undici();
  const res = await fetch('http://${host}/v2/');
  console.log(JSON.stringify({ head: head ?? null, afterClient, fetchStatus: res.status, afterFetch: undici() }));
});`;

test('a registry request leaves undici unloaded and fetch working', async () => {
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['-e', script(reg.host)], (err, stdout, stderr) =>
      err ? reject(new Error(stderr)) : resolve(stdout),
    ),
  );
  expect(JSON.parse(out)).toEqual({
    head: null,
    afterClient: false,
    fetchStatus: 200,
    afterFetch: true,
  });
});
