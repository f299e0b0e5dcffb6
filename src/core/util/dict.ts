/**
 * Objects keyed by user text (column names, category levels) that become JSON: no prototype, so
 * a key such as "__proto__" or "constructor" is an ordinary entry, never Object's property.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
