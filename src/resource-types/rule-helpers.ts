/**
 * Helpers shared by the per-type rules. Pure: no aws-cdk-lib imports.
 */
import { parseJson } from '../validation/json';
import { analyseRecoveryPointArn } from '../validation/recovery-point-arn';
import { RuleContext } from '../validation/types';

/** The parsed JSON value of a key, or undefined when absent, unresolved or not JSON (the key check reports that). */
export function jsonValue(ctx: RuleContext, key: string): unknown {
  const raw = ctx.value(key);
  return raw === undefined ? undefined : parseJson(raw);
}

/** The parsed JSON object of a key, or undefined when absent, unresolved or not a JSON object. */
export function jsonObject(ctx: RuleContext, key: string): Record<string, unknown> | undefined {
  const v = jsonValue(ctx, key);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
}

/** The parsed JSON array of a key, or undefined when absent, unresolved or not a JSON array. */
export function jsonArray(ctx: RuleContext, key: string): unknown[] | undefined {
  const v = jsonValue(ctx, key);
  return Array.isArray(v) ? v : undefined;
}

/** A member of a parsed JSON object, found case-insensitively (AWS reads keys case-insensitively). */
export function member(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  const key = Object.keys(obj).find(k => k.toLowerCase() === lower);
  return key === undefined ? undefined : obj[key];
}

/** Whether a parsed JSON member holds a usable value (a non-empty string, a number or a boolean). */
export function present(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number' || typeof value === 'boolean';
}

/** Whether the known recovery point ARN is a continuous one (undefined when the ARN is unknown or unresolved). */
export function isContinuous(ctx: RuleContext): boolean | undefined {
  if (ctx.recoveryPointArn === undefined) return undefined;
  const info = analyseRecoveryPointArn(ctx.recoveryPointArn);
  return info.isArn ? info.continuous : undefined;
}

/** Check a resolved value against a name pattern; report an error naming the key, the value and the rule. */
export function checkPattern(ctx: RuleContext, id: string, key: string, pattern: RegExp, rule: string): void {
  const v = ctx.value(key);
  if (v !== undefined && !pattern.test(v)) {
    ctx.error(id, key, `'${ctx.spelling(key)}'${ctx.show(key)} ${rule}`);
  }
}

/** Identifier rule of RDS, Aurora, DocumentDB and Neptune (stated in the RDS API reference). */
export const DB_IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$/;
export const DB_IDENTIFIER_RULE =
  'is not a valid identifier: 1 to 63 letters, digits or hyphens, starting with a letter, with no two consecutive hyphens and no trailing hyphen. Fix: choose such a name, e.g. \'orders-restored\'.';
