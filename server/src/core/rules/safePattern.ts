import * as fs from 'node:fs';
import { ruleDocPath } from './docs';

const cache = new Map<string, string | undefined>();

/**
 * The "Safe pattern" section of a rule's doc page, so that hovers and the docs
 * never say different things.
 */
export function safePattern(ruleId: string): string | undefined {
  if (cache.has(ruleId)) return cache.get(ruleId);
  let section: string | undefined;
  try {
    const doc = fs.readFileSync(ruleDocPath(ruleId), 'utf8');
    const m = /^##\s+Safe pattern\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(doc);
    section = m?.[1].trim() || undefined;
  } catch {
    section = undefined;
  }
  cache.set(ruleId, section);
  return section;
}
