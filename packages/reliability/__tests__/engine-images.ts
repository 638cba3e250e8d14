import { request } from 'node:http';

/** The docker engine's image ids (GET /images/json?all=1 on DOCKER_HOST's unix socket). */
export function engineImageIds(): Promise<string[]> {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const socketPath = host.replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/images/json?all=1', method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          const list = JSON.parse(Buffer.concat(chunks).toString()) as { Id: string }[];
          resolve(list.map((i) => i.Id).sort());
        } catch (e) {
          reject(e as Error);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}
