/** Bench target: a bare Fastify route that only signs an ES256 JWT — the floor for any token endpoint. */
import Fastify from 'fastify';
import { SignJWT, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';

const { privateKey } = await generateKeyPair('ES256');
const app = Fastify();
app.post('/sign', async () => {
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ sid: 'fam_1', scope: 'notes:read' })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
    .setSubject('user')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 900)
    .sign(privateKey);
  return { accessToken, expiresIn: 900 };
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
