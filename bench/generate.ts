// Deterministic (seeded) migration generators for the latency and CLI benchmarks.
import * as path from 'node:path';
import { writeFiles } from './util';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['account', 'invoice', 'order', 'product', 'customer', 'shipment', 'payment', 'team', 'project', 'ticket', 'comment', 'session', 'event', 'audit', 'tag', 'webhook', 'plan', 'subscription', 'address', 'report'];
const COLS: [string, string][] = [
  ['status', "text NOT NULL DEFAULT 'active'"],
  ['created_at', 'timestamptz NOT NULL DEFAULT now()'],
  ['updated_at', 'timestamptz'],
  ['amount_cents', 'bigint NOT NULL DEFAULT 0'],
  ['email', 'text'],
  ['metadata', "jsonb NOT NULL DEFAULT '{}'::jsonb"],
  ['is_archived', 'boolean NOT NULL DEFAULT false'],
  ['external_id', 'uuid'],
  ['priority', 'integer'],
  ['notes', 'text'],
  ['deleted_at', 'timestamptz'],
  ['currency', 'char(3)'],
];

/** The tables `init()` creates: generated statements refer to them so the SQL hangs together. */
export const INIT_TABLES = ['users', 'organizations', 'memberships'];

/** 0001_init: the base schema a generated migration builds on. */
export function initUp(): string {
  return `-- Base schema.
CREATE TABLE organizations (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id),
    email text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    user_id bigint NOT NULL REFERENCES users (id),
    organization_id bigint NOT NULL REFERENCES organizations (id),
    role text NOT NULL DEFAULT 'member',
    PRIMARY KEY (user_id, organization_id)
);
`;
}

export function initDown(): string {
  return 'DROP TABLE memberships;\nDROP TABLE users;\nDROP TABLE organizations;\n';
}

/**
 * Emits one statement at a time with a realistic mix: DDL (CREATE TABLE, ALTER TABLE
 * ADD COLUMN / ADD CONSTRAINT / VALIDATE, CREATE INDEX, DROP …), DML (INSERT, UPDATE …
 * WHERE, DELETE … WHERE), DO blocks, plpgsql functions and triggers, COMMENT ON, views.
 */
class StatementMix {
  private readonly r: () => number;
  private readonly tables: string[] = [...INIT_TABLES];
  private readonly columns = new Map<string, string[]>(INIT_TABLES.map((t) => [t, ['id', 'created_at']]));
  private n = 0;

  constructor(seed: number) {
    this.r = rng(seed);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  private table(): string {
    return this.pick(this.tables);
  }
  private column(t: string): string {
    return this.pick(this.columns.get(t) ?? ['id']);
  }

  /** The next statements' texts (one, or two for a trigger and its function), `;` included. */
  next(): string[] {
    const s = this.one();
    return Array.isArray(s) ? s : [s];
  }

  private one(): string | string[] {
    this.n++;
    const id = this.n;
    const x = this.r();
    // Weights (percent): create table 7, add column 14, add constraint 8, validate 3,
    // create index 12, drop 5, insert 15, update 12, delete 3, DO 4, function 5,
    // trigger 5, comment 4, view 3.
    if (x < 0.07 || this.tables.length < 4) return this.createTable(id);
    if (x < 0.21) return this.addColumn(id);
    if (x < 0.29) return this.addConstraint(id);
    if (x < 0.32) return `ALTER TABLE ${this.table()} VALIDATE CONSTRAINT ${this.table()}_chk_${this.int(1, id)};`;
    if (x < 0.44) return this.createIndex(id);
    if (x < 0.49) return this.drop(id);
    if (x < 0.64) return this.insert();
    if (x < 0.76) return this.update();
    if (x < 0.79) return `DELETE FROM ${this.table()} WHERE created_at < now() - interval '${this.int(30, 720)} days';`;
    if (x < 0.83) return this.doBlock(id);
    if (x < 0.88) return this.fn(id);
    if (x < 0.93) return this.trigger(id);
    if (x < 0.97) return `COMMENT ON TABLE ${this.table()} IS 'Owned by the ${this.pick(NOUNS)} team (change ${id}).';`;
    const t = this.table();
    return `CREATE OR REPLACE VIEW ${t}_recent_${id} AS\n    SELECT * FROM ${t} WHERE created_at > now() - interval '7 days';`;
  }

  private createTable(id: number): string {
    const name = `${this.pick(NOUNS)}s_${id}`;
    const ref = this.table();
    const cols = [`    id bigserial PRIMARY KEY`, `    ${ref}_id bigint NOT NULL REFERENCES ${ref} (id)`];
    const names = ['id', `${ref}_id`];
    for (let i = this.int(2, 6); i > 0; i--) {
      const [c, type] = this.pick(COLS);
      if (names.includes(c)) continue;
      names.push(c);
      cols.push(`    ${c} ${type}`);
    }
    this.tables.push(name);
    this.columns.set(name, names);
    return `CREATE TABLE IF NOT EXISTS ${name} (\n${cols.join(',\n')}\n);`;
  }

  private addColumn(id: number): string {
    const t = this.table();
    const [c, type] = this.pick(COLS);
    const col = `${c}_${id}`;
    this.columns.get(t)?.push(col);
    return `ALTER TABLE ${t} ADD COLUMN ${col} ${type};`;
  }

  private addConstraint(id: number): string {
    const t = this.table();
    const kind = this.int(0, 2);
    if (kind === 0) {
      const ref = this.table();
      return `ALTER TABLE ${t}\n    ADD CONSTRAINT ${t}_${ref}_fk_${id} FOREIGN KEY (id) REFERENCES ${ref} (id) NOT VALID;`;
    }
    if (kind === 1) return `ALTER TABLE ${t} ADD CONSTRAINT ${t}_chk_${id} CHECK (id > 0) NOT VALID;`;
    return `ALTER TABLE ${t} ADD CONSTRAINT ${t}_uniq_${id} UNIQUE (${this.column(t)});`;
  }

  private createIndex(id: number): string {
    const t = this.table();
    const c = this.column(t);
    const conc = this.r() < 0.5 ? ' CONCURRENTLY' : '';
    const uniq = this.r() < 0.15 ? 'UNIQUE ' : '';
    const where = this.r() < 0.2 ? ` WHERE ${c} IS NOT NULL` : '';
    return `CREATE ${uniq}INDEX${conc} IF NOT EXISTS idx_${t}_${c}_${id} ON ${t} (${c})${where};`;
  }

  private drop(id: number): string {
    const k = this.int(0, 3);
    if (k === 0) return `DROP INDEX IF EXISTS idx_${this.table()}_${this.int(1, id)};`;
    if (k === 1) return `ALTER TABLE ${this.table()} DROP COLUMN IF EXISTS legacy_${this.int(1, id)};`;
    if (k === 2) return `DROP VIEW IF EXISTS ${this.table()}_recent_${this.int(1, id)};`;
    return `DROP TABLE IF EXISTS tmp_import_${this.int(1, id)};`;
  }

  private insert(): string {
    const t = this.table();
    const rows = this.int(1, 4);
    const values = Array.from({ length: rows }, () => `    (${this.int(1, 1e6)}, now())`).join(',\n');
    return `INSERT INTO ${t} (id, created_at) VALUES\n${values}\nON CONFLICT DO NOTHING;`;
  }

  private update(): string {
    const t = this.table();
    const c = this.column(t);
    return `UPDATE ${t}\n    SET ${c} = DEFAULT\n    WHERE id BETWEEN ${this.int(1, 5000)} AND ${this.int(5001, 90000)};`;
  }

  private doBlock(id: number): string {
    const t = this.table();
    return `DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'kind_${id}') THEN
        CREATE TYPE kind_${id} AS ENUM ('a', 'b', 'c');
    END IF;
    UPDATE ${t} SET id = id WHERE id = ${this.int(1, 1000)};
END
$$;`;
  }

  private fn(id: number): string {
    const t = this.table();
    return `CREATE OR REPLACE FUNCTION count_${t}_${id}(since timestamptz)
RETURNS bigint
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    n bigint;
BEGIN
    SELECT count(*) INTO n FROM ${t} WHERE created_at >= since;
    RETURN n;
END;
$fn$;`;
  }

  private trigger(id: number): string[] {
    const t = this.table();
    return [`CREATE OR REPLACE FUNCTION touch_${t}_${id}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_at := coalesce(NEW.created_at, now());
    RETURN NEW;
END;
$$;`,
      `CREATE TRIGGER trg_touch_${t}_${id}
    BEFORE INSERT OR UPDATE ON ${t}
    FOR EACH ROW EXECUTE FUNCTION touch_${t}_${id}();`,
    ];
  }
}

const HEADER = (what: string) => `-- Generated by bench/generate.ts (${what}); deterministic.\n\n`;

/** A migration of about `lines` lines. */
export function migrationOfLines(lines: number, seed = 1): string {
  const mix = new StatementMix(seed);
  let out = HEADER(`~${lines} lines`);
  let used = out.split('\n').length;
  // A statement that does not fit is skipped; a few misses in a row end the file.
  for (let misses = 0; misses < 20; ) {
    const s = `${mix.next().join('\n\n')}\n\n`;
    const n = s.split('\n').length - 1;
    if (used + n > lines + 1) {
      misses++;
      continue;
    }
    misses = 0;
    out += s;
    used += n;
  }
  return out;
}

/** A migration of exactly `count` statements. */
export function migrationOfStatements(count: number, seed = 3): string {
  const mix = new StatementMix(seed);
  const parts: string[] = [HEADER(`${count} statements`)];
  let n = 0;
  while (n < count) {
    const s = mix.next().slice(0, count - n);
    n += s.length;
    parts.push(`${s.join('\n\n')}\n\n`);
  }
  return parts.join('');
}

export const small10 = () => migrationOfLines(10, 1);
export const medium300 = () => migrationOfLines(300, 2);
export const large5000 = () => migrationOfStatements(5000, 3);

/**
 * `count` small golang-migrate migrations (up + down) under `<root>/<rel>`, numbered from 1.
 * Returns the folder.
 */
export function writeGolangMigrateFolder(root: string, count: number, rel = 'db/migrations', seed = 7): string {
  const r = rng(seed);
  const files: Record<string, string> = {};
  const width = Math.max(4, String(count).length);
  const tables: string[] = [];
  for (let i = 1; i <= count; i++) {
    const v = String(i).padStart(width, '0');
    const k = tables.length === 0 ? 0 : Math.floor(r() * 4);
    let name: string;
    let up: string;
    let down: string;
    if (k === 0) {
      const t = `${NOUNS[i % NOUNS.length]}s_${i}`;
      tables.push(t);
      name = `create_${t}`;
      up = `CREATE TABLE ${t} (\n    id bigserial PRIMARY KEY,\n    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n`;
      down = `DROP TABLE ${t};\n`;
    } else if (k === 1) {
      const t = tables[Math.floor(r() * tables.length)];
      name = `add_note_to_${t}`;
      up = `ALTER TABLE ${t} ADD COLUMN note_${i} text;\n`;
      down = `ALTER TABLE ${t} DROP COLUMN note_${i};\n`;
    } else if (k === 2) {
      const t = tables[Math.floor(r() * tables.length)];
      name = `index_${t}_created_at`;
      up = `CREATE INDEX CONCURRENTLY idx_${t}_created_at_${i} ON ${t} (created_at);\n`;
      down = `DROP INDEX CONCURRENTLY idx_${t}_created_at_${i};\n`;
    } else {
      const t = tables[Math.floor(r() * tables.length)];
      name = `backfill_${t}`;
      up = `UPDATE ${t} SET name = lower(name) WHERE id < ${1000 + i};\n`;
      down = `-- nothing to undo\nSELECT 1;\n`;
    }
    files[`${v}_${name}.up.sql`] = up;
    files[`${v}_${name}.down.sql`] = down;
  }
  const dir = path.join(root, rel);
  writeFiles(dir, files);
  return dir;
}

/**
 * A golang-migrate workspace for the latency bench: `db/migrations/` with 0001_init
 * (up + down) and `text` as `0002_big.up.sql` with its `.down.sql`.
 */
export function writeBigFileWorkspace(root: string, text: string): string {
  const dir = path.join(root, 'db', 'migrations');
  writeFiles(dir, {
    '0001_init.up.sql': initUp(),
    '0001_init.down.sql': initDown(),
    '0002_big.up.sql': text,
    '0002_big.down.sql': '-- Irreversible data migration: nothing to undo.\nSELECT 1;\n',
  });
  return path.join(dir, '0002_big.up.sql');
}
