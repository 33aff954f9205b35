/**
 * Every metadata rule, through a synthesized stack: a case that breaks the rule (an error thrown by the
 * RestoreJob naming the key, or a warning with the rule's stable id) and a case that keeps it.
 */
import { CASES } from './rule-cases';
import { hasNoWarning, hasWarning, restore } from './support';

describe.each(CASES)('$rule', c => {
  test('rejects', () => {
    if (c.error) {
      expect(() => restore(c.reject, c.rejectArn)).toThrow(c.error);
    } else {
      hasWarning(restore(c.reject, c.rejectArn), c.warning!, c.text);
    }
  });

  test('accepts', () => {
    const stack = restore(c.accept, c.acceptArn);
    if (c.warning) hasNoWarning(stack, c.warning, c.text);
  });
});

test('every rule has a case that breaks it and a case that keeps it', () => {
  for (const c of CASES) {
    expect(c.error !== undefined || c.warning !== undefined).toBe(true);
  }
});
