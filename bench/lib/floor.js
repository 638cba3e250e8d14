'use strict';
// The raw protocol floor: one keep-alive HTTP connection doing exactly the requests the
// operation needs (a manifest GET + PUT per tag), no auth, no retries, no checks.
const http = require('node:http');
const https = require('node:https');
const { URL } = require('node:url');

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

function floorClient(baseUrl, ca) {
  const u = new URL(baseUrl);
  const mod = u.protocol === 'https:' ? https : http;
  const agent = new mod.Agent({ keepAlive: true, maxSockets: 1, ca });
  const req = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const r = mod.request(
        { hostname: u.hostname, port: u.port, path, method, headers, agent },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const b = Buffer.concat(chunks);
            if (res.statusCode >= 300)
              reject(new Error(`${method} ${path}: ${res.statusCode} ${b}`));
            else resolve({ headers: res.headers, body: b });
          });
          res.on('error', reject);
        },
      );
      r.on('error', reject);
      r.end(body);
    });
  return {
    /** GET the manifest of `repo:from` and PUT the same bytes as `repo:to`. */
    async retag(repo, from, to) {
      const got = await req('GET', `/v2/${repo}/manifests/${from}`, { accept: ACCEPT });
      await req(
        'PUT',
        `/v2/${repo}/manifests/${to}`,
        { 'content-type': got.headers['content-type'] },
        got.body,
      );
    },
    close: () => agent.destroy(),
  };
}

module.exports = { floorClient, ACCEPT };
