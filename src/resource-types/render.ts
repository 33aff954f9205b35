/**
 * Rendering helpers of the typed factories: typed props → AWS Backup's strings. Internal: not exported
 * from the package.
 */
import { Stack, Token, Tokenization } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Rendered metadata before unset keys are dropped. */
export type Rendered = { [key: string]: string | undefined };

/** Render a boolean as AWS Backup expects it. */
export function bool(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'true' : 'false';
}

/** Render a whole number as a string (a number token stays a token). */
export function int(value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Token.isUnresolved(value) ? Tokenization.stringifyNumber(value) : String(value);
}

/** Render a list as a JSON-array string (AWS Backup never takes comma-joined lists). */
export function jsonArray(scope: Construct, values: readonly string[] | undefined): string | undefined {
  if (values === undefined) return undefined;
  // A list token, or items that are tokens, resolve at deploy time: let CloudFormation build the JSON.
  return Token.isUnresolved(values) || values.some(v => Token.isUnresolved(v))
    ? Stack.of(scope).toJsonString(values)
    : JSON.stringify(values);
}

/** Render an object as a JSON-object string; unset members are dropped, tokens resolve at deploy time. */
export function jsonObject(scope: Construct, value: { [key: string]: unknown } | undefined): string | undefined {
  if (value === undefined) return undefined;
  const clean = dropUndefined(value);
  return hasToken(clean) ? Stack.of(scope).toJsonString(clean) : JSON.stringify(clean);
}

/** Render any JSON value (a list of objects, …) as a string; tokens inside resolve at deploy time. */
export function json(scope: Construct, value: unknown): string {
  return hasToken(value) ? Stack.of(scope).toJsonString(value) : JSON.stringify(value);
}

/** An ISO-8601 UTC timestamp without milliseconds when there are none ('2021-11-27T03:30:27Z'). */
export function timestamp(value: Date | undefined): string | undefined {
  return value === undefined ? undefined : value.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Drop unset keys and add the caller's extra keys. An extra key that a typed prop already renders (in any
 * letter case) is an error: AWS reads keys case-insensitively, so one value would silently win.
 */
export function finish(rendered: Rendered, additional: { [key: string]: string } | undefined, factory: string): { [key: string]: string } {
  const result: { [key: string]: string } = {};
  for (const [k, v] of Object.entries(rendered)) {
    if (v !== undefined) result[k] = v;
  }
  const typed = new Map(Object.keys(result).map(k => [k.toLowerCase(), k]));
  for (const [k, v] of Object.entries(additional ?? {})) {
    const clash = typed.get(k.toLowerCase());
    if (clash !== undefined) {
      throw new Error(`RestoreMetadata.${factory}(): additionalMetadata key '${k}' is also set by a typed prop (as '${clash}'). Fix: remove it from additionalMetadata and use the typed prop.`);
    }
    result[k] = v;
  }
  return result;
}

function dropUndefined(value: { [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && !Token.isUnresolved(v)
      ? dropUndefined(v as { [key: string]: unknown })
      : v;
  }
  return out;
}

function hasToken(value: unknown): boolean {
  if (Token.isUnresolved(value)) return true;
  if (Array.isArray(value)) return value.some(hasToken);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasToken);
  return false;
}
