/**
 * The educator's text the report sets beside a run, looked up by id when the
 * page is rendered: what a client variant does (its preset's description) and
 * what an invariant asks of a client (its title and description). A variant or
 * invariant tokenstorm does not know (a report from another version) has none.
 */
import { INVARIANTS } from '../harness/invariants/registry.ts';
import { PRESETS } from '../electron-app/src/core/variants.ts';

export interface InvariantText {
  title: string;
  description: string;
}

export function variantDescription(variant: string): string | undefined {
  return PRESETS.find((preset) => preset.name === variant)?.description;
}

export function invariantText(id: string): InvariantText | undefined {
  const invariant = INVARIANTS.find((candidate) => candidate.id === id);
  return invariant && { title: invariant.title, description: invariant.description };
}
