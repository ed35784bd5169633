/** Bench target: the tokenstorm mock IdP (strict rotation, logging off; BENCH_SIGNING_ALG: its signing algorithm), in its own process. */
import { createMockIdp, type SigningAlgorithm } from '../../mock-idp/index.ts';

const algorithm = process.env.BENCH_SIGNING_ALG as SigningAlgorithm | undefined;
const idp = await createMockIdp({
  users: [{ email: 'bench@example.test', password: 'bench-password', name: 'Bench' }],
  logLevel: 'silent',
  ...(algorithm ? { signing: { algorithm } } : {}),
});
process.stdout.write(`${JSON.stringify({ url: idp.url })}\n`);
process.on('SIGTERM', () => void idp.close().then(() => process.exit(0)));
