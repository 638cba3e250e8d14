import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1 and localhost: plain HTTP is always allowed there (test registries). */
export function isLoopback(host: string): boolean {
  const h = stripPort(host).toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** `host:port` -> host, `[::1]:5000` -> `::1`. */
export function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const i = host.lastIndexOf(':');
  return i >= 0 && host.indexOf(':') === i ? host.slice(0, i) : host;
}

/** TLS handshake against a plain-HTTP server: the only case where falling back to HTTP is right. */
export function isPlainHttpAnswer(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === 'EPROTO' ||
    e?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long|http request/i.test(e?.message ?? '')
  );
}

const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

export function isCertificateError(err: unknown): boolean {
  return CERT_CODES.has((err as { code?: string })?.code ?? '');
}
