/**
 * Counts the queries Kysely runs, and the kind of each: for query budgets in tests and benches.
 * Attach it with `db.withPlugin(counter)` (or a store whose `db` is that), then read `count`/`queries`.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

export class QueryCounter implements KyselyPlugin {
  /** The kind of each query sent (select, insert, update, delete, raw), in order. */
  readonly queries: string[] = [];

  get count(): number {
    return this.queries.length;
  }

  reset(): void {
    this.queries.length = 0;
  }

  readonly #pending = new WeakMap<object, string>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#pending.set(args.queryId, kindOf(args.node));
    return args.node;
  }

  /** Called once for each query the database answered: a query compiled but never run is not counted. */
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.queries.push(this.#pending.get(args.queryId) ?? 'unknown');
    return args.result;
  }
}

function kindOf(node: RootOperationNode): string {
  switch (node.kind) {
    case 'SelectQueryNode':
      return 'select';
    case 'InsertQueryNode':
      return 'insert';
    case 'UpdateQueryNode':
      return 'update';
    case 'DeleteQueryNode':
      return 'delete';
    default:
      return node.kind;
  }
}
