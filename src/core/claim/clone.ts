/**
 * Deep copies of canonical claim data. Claims are plain data (objects, arrays, strings, numbers, booleans), which a
 * recursive copy handles several times faster than `structuredClone` (measured: applying 25,000 fixes spent a third
 * of its time in `structuredClone`). Anything else found inside (a `Date` a library caller put there, say) is
 * copied by `structuredClone`, so the result is always a copy that shares nothing with the input.
 */
export function clonePlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value as unknown[];
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = clonePlain(items[i]);
    return out as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) out[key] = clonePlain(source[key]);
  return out as T;
}
