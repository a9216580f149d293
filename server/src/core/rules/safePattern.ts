import * as fs from 'node:fs';
import { ruleDocPath } from './docs';

/** Which part of a page's "Safe pattern" a migration's author needs: SQL formats share one. */
export type SafePatternFramework = 'sql' | 'alembic' | 'django';

const cache = new Map<string, string | undefined>();

/**
 * The "Safe pattern" section of a rule's doc page, so that hovers and the docs never say
 * different things: for SQL files the section up to its first `###` subsection, for
 * Alembic revisions its `### Alembic` subsection, for Django migrations its `### Django` one,
 * or the SQL part when it has none.
 */
export function safePattern(ruleId: string, framework: SafePatternFramework): string | undefined {
  const key = `${framework}:${ruleId}`;
  if (cache.has(key)) return cache.get(key);
  const section = safePatternSection(ruleId);
  const sql = section?.split(/^###\s/m)[0].trim() || undefined;
  const heading = framework === 'alembic' ? 'Alembic' : 'Django';
  const code = framework !== 'sql' && section && new RegExp(`^###\\s+${heading}\\s*$([\\s\\S]*?)(?=^###?\\s|(?![\\s\\S]))`, 'm').exec(section)?.[1].trim();
  const part = code || sql;
  cache.set(key, part);
  return part;
}

function safePatternSection(ruleId: string): string | undefined {
  try {
    const doc = fs.readFileSync(ruleDocPath(ruleId), 'utf8');
    return /^##\s+Safe pattern\s*$([\s\S]*?)(?=^##\s|(?![\s\S]))/m.exec(doc)?.[1];
  } catch {
    return undefined;
  }
}
