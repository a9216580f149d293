// `migrationGuard/dryRun`: runs a migration in a transaction that is always rolled back, on the
// active environment or, with none, on an embedded server that first replays what comes before it.
import type { CancellationToken } from 'vscode-languageserver/node';
import type { DryRunOutcome, DryRunParams, DryRunPayload, DryRunStatement } from '../../../client/webview/protocol';
import { readAppliedState } from '../core/db/appliedState';
import { messageOf, type Connection } from '../core/db/connection';
import type { DryRunResult, Outcome } from '../core/db/dryRun';
import { embeddedPlan, serverPlan, type DryRunPlan } from '../core/db/plan';
import { prepareOnDatabase, prepareOnEmbedded, type PreparedRun } from '../core/db/prepare';
import { scriptPaths, type FolderAnalysis } from '../core/engine';
import type { Span } from '../core/model';
import type { TextPositions } from '../core/text/lineIndex';
import { toPath, toRange, toUri } from './convert';
import type { DatabaseAccess } from './databaseAccess';

/** The server's limits stay in charge; this only catches a server that stops answering altogether. */
const DRY_RUN_TIMEOUTS = { connectTimeoutMs: 5_000, queryTimeoutMs: 90_000 };

export interface DryRunContext {
  access: DatabaseAccess;
  analysisOf(file: string): FolderAnalysis | undefined;
  pgVersion(folder: string, file: string): number;
  indexOf(file: string): TextPositions;
  /** Told of every finished run, for the hovers. */
  remember(result: DryRunResult, environment: string): void;
}

export async function dryRunRequest(params: DryRunParams, ctx: DryRunContext, token?: CancellationToken): Promise<DryRunPayload> {
  const file = toPath(params.uri);
  const analysis = ctx.analysisOf(file);
  const unit = analysis?.units.find((u) => scriptPaths(u).includes(file) || u.migration.path === file);
  if (!analysis || !unit) return { environment: '', statements: [], error: `${file} is not a migration Migration Guard knows.` };
  let target;
  try {
    target = ctx.access.target(analysis.folder.path);
  } catch (e) {
    return { environment: '', statements: [], error: messageOf(e) };
  }
  const environment = target.kind === 'embedded' ? 'embedded' : target.name;
  const id = unit.migration.id;
  const direction = params.direction ?? 'up';
  if (direction === 'down' && !unit.down) return { environment, statements: [], error: `${id} has no down script to dry-run.` };
  const planFor = async (c: Connection): Promise<DryRunPlan | undefined> =>
    target.kind === 'embedded'
      ? embeddedPlan(analysis.units, id, params.scope, direction)
      : serverPlan(analysis.units, await readAppliedState(c.client), id, params.scope, direction);
  const controller = new AbortController();
  const cancel = token?.onCancellationRequested(() => controller.abort());
  let run: PreparedRun | undefined;
  try {
    run =
      target.kind === 'embedded'
        ? await prepareOnEmbedded(planFor)
        : await prepareOnDatabase(await ctx.access.connectOptions(target, DRY_RUN_TIMEOUTS), planFor);
    if (!run) return { environment, statements: [], error: `${id} is no longer among the migrations.` };
    const { replayFailure } = run;
    if (replayFailure) {
      const failed = statementAt(ctx, replayFailure.path, replayFailure.span, { status: 'error', durationMs: 0, message: replayFailure.message });
      const upTo = direction === 'down' ? `up to and including ${id}` : `before ${id}`;
      return { environment, statements: [failed], error: `Replaying the migrations ${upTo} failed, so it was not run: ${replayFailure.message}` };
    }
    if (run.plan.run.length === 0) return { environment, statements: [], error: nothingToRun(id, params.scope, direction, environment) };
    const result = await run.execute({ pgVersion: ctx.pgVersion(analysis.folder.path, file), signal: controller.signal, direction });
    ctx.remember(result, environment);
    return { environment, statements: payloadStatements(result, ctx), error: result.stopped?.message };
  } catch (e) {
    return { environment, statements: [], error: messageOf(e) };
  } finally {
    cancel?.dispose();
    await run?.close().catch(() => undefined);
  }
}

function nothingToRun(id: string, scope: DryRunParams['scope'], direction: 'up' | 'down', environment: string): string {
  if (direction === 'down') return `Nothing to roll back: ${id} is not applied on ${environment}.`;
  return `Nothing to run: ${scope === 'this' ? id : `everything up to ${id}`} is already applied on ${environment}.`;
}

function payloadStatements(result: DryRunResult, ctx: DryRunContext): DryRunStatement[] {
  return result.migrations.flatMap((m) =>
    m.statements.map(({ path, statement, outcome }) => statementAt(ctx, path, outcome.status === 'error' ? outcome.span : statement.span, toPayloadOutcome(outcome))),
  );
}

function statementAt(ctx: DryRunContext, path: string, span: Span, outcome: DryRunOutcome): DryRunStatement {
  return { uri: toUri(path), range: toRange(ctx.indexOf(path), span), outcome };
}

function toPayloadOutcome(o: Outcome): DryRunOutcome {
  switch (o.status) {
    case 'ok':
      return { status: 'ok', durationMs: o.durationMs, rows: o.rows, locks: o.locks, rewritten: o.rewritten };
    case 'error':
      return { status: 'error', durationMs: o.durationMs, message: o.message };
    default:
      return { status: o.status, reason: o.reason };
  }
}
