/**
 * Bench target: a bare Fastify route that only signs an ES256 JWT — the floor for any token endpoint.
 * `BENCH_SIGNER=compact` signs the same claims the way tokenstorm's issuer does (claims serialised
 * directly, jose's CompactSign) instead of jose's SignJWT builder.
 */
import Fastify from 'fastify';
import { CompactSign, SignJWT, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';

const { privateKey } = await generateKeyPair('ES256');
const header = { alg: 'ES256', typ: 'at+jwt' };
const utf8 = new TextEncoder();

function signWithBuilder(now: number): Promise<string> {
  return new SignJWT({ sid: 'fam_1', scope: 'notes:read' })
    .setProtectedHeader(header)
    .setSubject('user')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 900)
    .sign(privateKey);
}

function signCompact(now: number): Promise<string> {
  const claims = { sid: 'fam_1', scope: 'notes:read', sub: 'user', jti: randomUUID(), iat: now, exp: now + 900 };
  return new CompactSign(utf8.encode(JSON.stringify(claims))).setProtectedHeader(header).sign(privateKey);
}

const sign = process.env.BENCH_SIGNER === 'compact' ? signCompact : signWithBuilder;
const app = Fastify();
app.post('/sign', async () => {
  const accessToken = await sign(Math.floor(Date.now() / 1000));
  return { accessToken, expiresIn: 900 };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
