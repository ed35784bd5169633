/**
 * The real better-auth server behind `/api/auth/*`: email+password, `bearer()`
 * and `username()` plugins, in-memory storage whose arrays the IdP can inspect.
 * Passwords use a cheap scrypt (this is a mock IdP: sign-in must be fast in CI).
 */
import { betterAuth } from 'better-auth/minimal';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { bearer } from 'better-auth/plugins/bearer';
import { username } from 'better-auth/plugins/username';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number }) => Promise<Buffer>;
const SCRYPT = { N: 1024, keylen: 32 };

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keylen, { N: SCRYPT.N });
  return `${salt.toString('hex')}:${key.toString('hex')}`;
}

async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const [saltHex, keyHex] = hash.split(':');
  if (!saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex, 'hex'), expected.length, { N: SCRYPT.N });
  return timingSafeEqual(expected, actual);
}

export interface AuthDb {
  user: Array<Record<string, unknown> & { id: string; email: string; name: string; username?: string | null }>;
  session: Array<Record<string, unknown> & { id: string; token: string; userId: string }>;
  account: Array<Record<string, unknown>>;
  verification: Array<Record<string, unknown>>;
  [model: string]: Array<Record<string, unknown>>;
}

export interface SessionHooks {
  created(session: { token: string; userId: string }, clientId: string | undefined): void;
  deleted(session: { token: string }): void;
}

/** Origins an Electron client may send: its own pages, whatever scheme it uses. */
export const ELECTRON_ORIGINS = ['file://', 'app://*', 'tokenstorm://*', 'http://127.0.0.1:*', 'http://localhost:*'];

export function createAuthDb(): AuthDb {
  return { user: [], session: [], account: [], verification: [] };
}

export function createIdpAuth(options: { baseURL: string; trustedOrigins: string[]; db: AuthDb; hooks: SessionHooks }) {
  return betterAuth({
    baseURL: options.baseURL,
    basePath: '/api/auth',
    secret: randomBytes(32).toString('hex'),
    database: memoryAdapter(options.db),
    emailAndPassword: { enabled: true, password: { hash: hashPassword, verify: verifyPassword } },
    plugins: [bearer(), username()],
    trustedOrigins: [options.baseURL, ...ELECTRON_ORIGINS, ...options.trustedOrigins],
    telemetry: { enabled: false },
    logger: { disabled: true },
    // The IdP enforces its own rate limits through fault quotas, on the virtual clock.
    rateLimit: { enabled: false },
    databaseHooks: {
      session: {
        create: {
          after: async (session, context) => {
            const clientId = context?.headers?.get('x-tokenstorm-client') ?? undefined;
            options.hooks.created(session, clientId);
          },
        },
        delete: { after: async (session) => options.hooks.deleted(session) },
      },
    },
  });
}

export type IdpAuth = ReturnType<typeof createIdpAuth>;
