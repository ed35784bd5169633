/**
 * Bench target: oauth2-mock-server in its own process, with the key its README
 * sets up (RS256) or, with BENCH_ALG=ES256, the algorithm tokenstorm signs with.
 */
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate(process.env.BENCH_ALG ?? 'RS256');
await server.start(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url: server.issuer.url!.replace('localhost', '127.0.0.1') })}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
