import { createHash } from 'node:crypto';
import { CATEGORY_INFO, type Category } from './vocabulary.js';

/** sha256 of a string, hex. (node:crypto is computation only; core still reads no files.) */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** sha256 of the strings joined by `separator`, hashed piece by piece (no joined copy is built). */
export function sha256Joined(parts: readonly string[], separator: string): string {
  const hash = createHash('sha256');
  parts.forEach((p, i) => {
    if (i > 0) hash.update(separator);
    hash.update(p);
  });
  return hash.digest('hex');
}

/** The stable key of a threat: its knowledge entry (or normalised statement) and the components it affects. */
export function threatKey(basis: string, componentIds: readonly string[]): string {
  return [basis, ...[...componentIds].sort()].join('@');
}

/**
 * The short display id of a threat, e.g. `E-3f2a9c`: the category letter and the first hex digits
 * of the key's hash. Computed from the key alone, so the same input always gives the same id.
 */
export function displayId(category: Category, key: string, length = 6): string {
  return `${CATEGORY_INFO[category].letter}-${sha256(key).slice(0, length)}`;
}

/** Assigns display ids, lengthening only the ids that collide, so unrelated ids never change. */
export function assignDisplayIds<T extends { key: string; category: Category }>(items: readonly T[]): Map<string, string> {
  const out = new Map<string, string>();
  let length = 6;
  let pending = [...items];
  while (pending.length > 0 && length <= 64) {
    const byId = new Map<string, T[]>();
    for (const item of pending) {
      const id = displayId(item.category, item.key, length);
      byId.set(id, [...(byId.get(id) ?? []), item]);
    }
    pending = [];
    for (const [id, group] of byId) {
      if (group.length === 1) out.set(group[0]!.key, id);
      else pending.push(...group);
    }
    length += 2;
  }
  return out;
}
