// Request and answer types derived from the route schemas by json-schema-to-ts: no request or
// answer type is written by hand.
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/** A route of contract/public-api.ts or contract/console-api.ts. */
export type RouteContract = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly schema: {
    readonly body?: JSONSchema;
    readonly querystring?: JSONSchema;
    readonly params?: JSONSchema;
    readonly response: Readonly<Record<number, JSONSchema>>;
  };
};

type Part<R extends RouteContract, K extends 'body' | 'querystring' | 'params'> = R['schema'] extends { readonly [key in K]: infer S extends JSONSchema } ? FromSchema<S> : never;

/** What a route takes as its JSON body. */
export type BodyOf<R extends RouteContract> = Part<R, 'body'>;
/** What a route takes in its query string. */
export type QueryOf<R extends RouteContract> = Part<R, 'querystring'>;
/** What a route takes in its path. */
export type ParamsOf<R extends RouteContract> = Part<R, 'params'>;
/** What a route answers with status `S` (its success status by default). */
export type AnswerOf<R extends RouteContract, S extends keyof R['schema']['response'] = SuccessStatus<R>> =
  R['schema']['response'][S] extends infer A extends JSONSchema ? FromSchema<A> : never;

type SuccessStatus<R extends RouteContract> = Extract<keyof R['schema']['response'], 200 | 201 | 204>;
