/**
 * JSON request bodies, read the same way on every route: a leading byte-order
 * mark is ignored (RFC 8259 §8.1), keys that would poison a prototype
 * (`__proto__`, `constructor.prototype`) are refused, and a refusal says which
 * of these it was — Fastify's own parser answers all of them "Body is not valid JSON".
 */
import type { FastifyInstance } from 'fastify';
import { IdpError } from '../errors.ts';

export type JsonText = { ok: true; value: unknown } | { ok: false; problem: string };

/** Only text that could spell a poisoning key (also through \u escapes) pays for the reviver. */
const MAY_POISON = /proto|constructor|\\u/;

function refusePoisoningKeys(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw new PoisonedKey('__proto__');
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) throw new PoisonedKey('constructor.prototype');
  return value;
}

class PoisonedKey extends Error {}

/** What V8 says about broken JSON, without the excerpt of the body it quotes (which may hold a token). */
function syntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/,? "[\s\S]*is not valid JSON$/, '').trim();
}

export function parseJsonText(raw: string): JsonText {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text.trim() === '') return { ok: false, problem: 'the body is empty, but its Content-Type says JSON' };
  try {
    return { ok: true, value: MAY_POISON.test(text) ? JSON.parse(text, refusePoisoningKeys) : JSON.parse(text) };
  } catch (error) {
    if (error instanceof PoisonedKey) return { ok: false, problem: `the JSON body has the key "${error.message}", which is refused (prototype poisoning)` };
    return { ok: false, problem: `the body is malformed JSON: ${syntaxProblem(error)}` };
  }
}

/** Replaces Fastify's JSON parser for the whole IdP: a refused body is `400 invalid_request` saying why. */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const parsed = parseJsonText(body as string);
    if (parsed.ok) done(null, parsed.value);
    else done(new IdpError('INVALID_REQUEST', parsed.problem), undefined);
  });
}
