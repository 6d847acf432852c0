// The check of an answer against its route's response schema, by @cfworker/json-schema: an
// interpreter that needs no eval under our CSP. Loaded as a lazy chunk (web/shared/api-client.ts),
// so the first screen does not wait for it.
import { Validator, type Schema } from '@cfworker/json-schema';

const validators = new WeakMap<object, Validator>();

/** True when `value` matches `schema` (draft 7, the dialect Fastify validates with). */
export function matchesSchema(schema: object, value: unknown): boolean {
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = new Validator(schema as Schema, '7', true);
    validators.set(schema, validator);
  }
  return validator.validate(value).valid;
}
