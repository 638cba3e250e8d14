#!/usr/bin/env node
'use strict';
// `node bench/lib/copy-floor.js SRC_URL DST_URL REPO TAG`: the raw floor of an image copy, one
// whole process: GET the manifest, then for every blob (6 at a time, the zuul-ts client's
// per-registry parallelism) a POST for an upload session and the GET response piped straight
// into the monolithic PUT; then the manifest PUT. No hashing, no HEADs, no retries, no checks.
const http = require('node:http');
const { URL } = require('node:url');
const { ACCEPT } = require('./floor');

const [srcUrl, dstUrl, repo, tag] = process.argv.slice(2);
const PARALLEL = 6;
const agent = new http.Agent({ keepAlive: true });

function request(base, method, path, headers = {}) {
  const u = new URL(path, base);
  return http.request({
    hostname: u.hostname,
    port: u.port,
    path: u.pathname + u.search,
    method,
    headers,
    agent,
  });
}

function send(base, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const r = request(base, method, path, headers);
    r.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        res.statusCode >= 300
          ? reject(new Error(`${method} ${path}: ${res.statusCode}`))
          : resolve({ headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    r.on('error', reject);
    r.end(body);
  });
}

async function copyBlob(d) {
  const session = await send(dstUrl, 'POST', `/v2/${repo}/blobs/uploads/`, {
    'content-length': '0',
  });
  const put = new URL(session.headers.location, dstUrl);
  put.searchParams.set('digest', d.digest);
  await new Promise((resolve, reject) => {
    const get = request(srcUrl, 'GET', `/v2/${repo}/blobs/${d.digest}`);
    get.on('response', (res) => {
      const up = request(dstUrl, 'PUT', put.pathname + put.search, {
        'content-type': 'application/octet-stream',
        'content-length': String(d.size),
      });
      up.on('response', (r) => {
        r.resume();
        r.on('end', () =>
          r.statusCode >= 300 ? reject(new Error(`PUT blob: ${r.statusCode}`)) : resolve(),
        );
      });
      up.on('error', reject);
      res.pipe(up);
    });
    get.on('error', reject);
    get.end();
  });
}

async function main() {
  const m = await send(srcUrl, 'GET', `/v2/${repo}/manifests/${tag}`, { accept: ACCEPT });
  const json = JSON.parse(m.body.toString('utf8'));
  const queue = [json.config, ...json.layers];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let d = queue.shift(); d; d = queue.shift()) await copyBlob(d);
    }),
  );
  await send(
    dstUrl,
    'PUT',
    `/v2/${repo}/manifests/${tag}`,
    { 'content-type': m.headers['content-type'] },
    m.body,
  );
  agent.destroy();
}

main().catch((e) => {
  process.stderr.write(`copy-floor: ${e.message}\n`);
  process.exitCode = 1;
});
