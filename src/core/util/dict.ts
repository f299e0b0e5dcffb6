/**
 * Objects keyed by user text (column names, category levels) that become JSON: no prototype, so
 * a key such as "__proto__" or "constructor" is an ordinary entry, never Object's property.
 * Reading JSON written by a user goes through `own`, which sees own entries only.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` when `key` is obj's own entry, else undefined (never an inherited property). */
export function own<T>(obj: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return obj !== undefined && obj !== null && Object.hasOwn(obj, key) ? obj[key] : undefined;
}
