/** Bench target: oauth2-mock-server with an ES256 key (the same algorithm tokenstorm signs with), in its own process. */
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('ES256');
await server.start(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url: server.issuer.url!.replace('localhost', '127.0.0.1') })}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
