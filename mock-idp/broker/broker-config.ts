/** The `broker:` section of the IdP config: the backend that mints ephemeral tokens (the seed article's "best security" pattern). */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';

export const brokerConfigSchema = z.object({
  /** Lifetime of an ephemeral token: 5-15 minutes, as the article recommends. */
  ephemeralTokenTtl: durationSchema.refine((ms) => ms >= 5 * 60_000 && ms <= 15 * 60_000, 'expected between "5m" and "15m"').default(10 * 60_000),
  /** The most an ephemeral token may carry; it gets the part of this the user granted (least privilege). */
  scopes: z.array(z.string().min(1)).min(1).default(['llm:invoke']),
}).strict();

export type BrokerConfig = z.output<typeof brokerConfigSchema>;
