import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { effectTableName, isDeclared } from "../../functions/core/config/effect-tables";
import type { EffectTableKey, ResolvedEffectTable } from "../../functions/core/config/types";
import { DEAD_LETTER_TABLE, IDEMPOTENCY_TABLE } from "../../functions/core/tables";

export interface FifoqTablesProps {
  /** What happens to the tables (and their data) when they leave the stack. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** The queues' declared effect tables (`declaredEffectTables`), created with their keys. @default none */
  readonly effectTables?: readonly ResolvedEffectTable[];
  /** The stack's name: a declared effect table is named `<stack>-<name>`. */
  readonly stackName?: string;
}

const ATTRIBUTE_TYPES = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
} as const;

const attribute = (key: EffectTableKey): dynamodb.Attribute => ({
  name: key.name,
  type: ATTRIBUTE_TYPES[key.type],
});

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/** On-demand, point-in-time recovery on, encrypted with the AWS-managed key, expired by TTL. */
const common = (props: FifoqTablesProps) => ({
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  encryption: dynamodb.TableEncryption.AWS_MANAGED,
  removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
});

/**
 * The two tables fifoq shares between queues, with the key layout of `functions/core/tables.ts` (the local
 * stack creates the same): idempotency records and dead-letter records (newest first through `byTime`, a
 * message's own through `byDedup`).
 */
export class FifoqTables extends Construct {
  readonly idempotency: dynamodb.Table;
  readonly deadLetters: dynamodb.Table;
  /** The declared effect tables by their configured name. */
  readonly effectTables: ReadonlyMap<string, dynamodb.Table>;

  constructor(scope: Construct, id: string, props: FifoqTablesProps = {}) {
    super(scope, id);
    this.idempotency = new dynamodb.Table(this, "Idempotency", {
      ...common(props),
      partitionKey: string(IDEMPOTENCY_TABLE.partitionKey),
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
    });
    this.deadLetters = new dynamodb.Table(this, "DeadLetters", {
      ...common(props),
      partitionKey: string(DEAD_LETTER_TABLE.partitionKey),
      sortKey: string(DEAD_LETTER_TABLE.sortKey),
      timeToLiveAttribute: DEAD_LETTER_TABLE.ttlAttribute,
    });
    const index = DEAD_LETTER_TABLE.byTimeIndex;
    this.deadLetters.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: string(index.partitionKey),
      sortKey: string(index.sortKey),
      projectionType: dynamodb.ProjectionType.ALL,
    });
    // The status route's lookup of a message's dead letters: its status and TTL only (every redrive or
    // discard changes `status`, a small index write; the body never enters the index).
    const byDedup = DEAD_LETTER_TABLE.byDedupIndex;
    this.deadLetters.addGlobalSecondaryIndex({
      indexName: byDedup.name,
      partitionKey: string(byDedup.partitionKey),
      sortKey: string(byDedup.sortKey),
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...byDedup.projected],
    });
    this.effectTables = new Map(
      (props.effectTables ?? []).filter(isDeclared).map((table) => [
        table.name,
        new dynamodb.Table(this, `Effect-${table.name}`, {
          ...common(props),
          tableName: effectTableName(table, props.stackName),
          partitionKey: attribute(table.partitionKey),
          ...(table.sortKey ? { sortKey: attribute(table.sortKey) } : {}),
        }),
      ]),
    );
  }
}
