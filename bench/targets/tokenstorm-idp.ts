/** Bench target: the tokenstorm mock IdP (strict rotation, logging off), in its own process. */
import { createMockIdp } from '../../mock-idp/index.ts';

const idp = await createMockIdp({
  users: [{ email: 'bench@example.test', password: 'bench-password', name: 'Bench' }],
  logLevel: 'silent',
});
process.stdout.write(`${JSON.stringify({ url: idp.url })}\n`);
process.on('SIGTERM', () => void idp.close().then(() => process.exit(0)));
