import { MASK, Redactor } from '../src';

describe('Redactor', () => {
  test('masks a secret nested in a longer string, in values, keys and errors', () => {
    const r = new Redactor();
    r.add('s3cr3t-Pa55');
    expect(r.redact('login with password=s3cr3t-Pa55; done')).toBe(
      `login with password=${MASK}; done`,
    );
    expect(r.redactValue({ a: ['xs3cr3t-Pa55x'], ['k-s3cr3t-Pa55']: 1 })).toEqual({
      a: [`x${MASK}x`],
      [`k-${MASK}`]: 1,
    });
    const err = r.redactError(new Error('bad auth s3cr3t-Pa55'));
    expect(err.message).toBe(`bad auth ${MASK}`);
    expect(err.stack).not.toContain('s3cr3t-Pa55');
  });

  test('credentials also mask base64 and base64url of user:pass', () => {
    const r = new Redactor();
    r.addSecretTree({ 'quay.io': { username: 'bot', password: 'p>?w~d>>' } });
    const b64 = Buffer.from('bot:p>?w~d>>').toString('base64');
    const b64url = Buffer.from('bot:p>?w~d>>').toString('base64url');
    expect(b64).not.toBe(b64url);
    const text = `auth ${b64} / ${b64url} / user bot`;
    expect(r.redact(text)).toBe(`auth ${MASK} / ${MASK} / user bot`);
  });

  test('JSON-escaped forms of a secret are masked in serialised events', () => {
    const r = new Redactor();
    r.add('pa"ss\\word');
    expect(r.redact(JSON.stringify({ msg: 'x pa"ss\\word y' }))).not.toContain('ss\\\\word');
  });

  test('longest secrets are replaced first; tiny values are not secrets', () => {
    const r = new Redactor();
    r.add('abc');
    r.add('abcdef');
    r.add('x');
    expect(r.redact('abcdef abc x')).toBe(`${MASK} ${MASK} x`);
  });
});
