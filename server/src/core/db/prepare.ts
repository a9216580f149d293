// Getting a database ready for a dry run: connected, planned, and (embedded only) brought to
// the state the migrations under test start from. Shared by the CLI and the language server.
import { connect, DatabaseError, messageOf, type ConnectOptions, type Connection } from './connection';
import { dryRun } from './dryRun';
import { startEmbedded } from './embedded';
import type { DryRunPlan } from './plan';
import { replay, type ReplayFailure } from './replay';

export interface PreparedRun {
  /** Where it runs, without a password: a URL, or `embedded PostgreSQL`. */
  database: string;
  plan: DryRunPlan;
  replayed: number;
  replayFailure?: ReplayFailure;
  execute(options: Parameters<typeof dryRun>[2]): ReturnType<typeof dryRun>;
  close(): Promise<void>;
}

export type Planner = (connection: Connection) => Promise<DryRunPlan | undefined>;

export const EMBEDDED_NAME = 'embedded PostgreSQL';

/** On a configured database; undefined when the planner finds no such migration. */
export async function prepareOnDatabase(options: ConnectOptions, planFor: Planner): Promise<PreparedRun | undefined> {
  const connection = await connect(options);
  return prepare(connection, connection.display, planFor, async () => void (await connection.client.end()));
}

/** On a throwaway embedded server, started for this run and stopped by `close()`. */
export async function prepareOnEmbedded(planFor: Planner): Promise<PreparedRun | undefined> {
  const server = await startEmbedded().catch((e) => Promise.reject(new DatabaseError(messageOf(e))));
  try {
    const connection = await connect({ url: server.url });
    const prepared = await prepare(connection, EMBEDDED_NAME, planFor, async () => {
      await connection.client.end();
      await server.stop();
    });
    if (!prepared) await server.stop();
    return prepared;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

async function prepare(connection: Connection, database: string, planFor: Planner, close: () => Promise<void>): Promise<PreparedRun | undefined> {
  const plan = await planFor(connection);
  if (!plan) {
    await connection.client.end();
    return undefined;
  }
  const replayFailure = await replay(connection.client, plan.replay);
  const run = replayFailure ? [] : plan.run;
  return {
    database,
    plan: { ...plan, run },
    replayed: plan.replay.length,
    replayFailure,
    execute: (options) => dryRun(connection, run, options),
    close,
  };
}
