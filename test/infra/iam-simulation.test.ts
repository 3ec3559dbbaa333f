import { beforeAll, describe, expect, it } from "vitest";
import { failureKey } from "../../functions/adapters/dead-letters/failure-writer";
import { IAM_CALLS } from "../../functions/adapters/iam-calls";
import { claimKey, commitKey } from "../../functions/core/idempotency/store-port";
import { functionId } from "../../infra/iam/function-id";
import { type FunctionPolicies, functionPoliciesOf } from "../../infra/iam/function-policies";
import { type IamRequest, simulate } from "../../infra/iam/simulate";
import { queueConfig, TEST_STACK, testConfig, useBuiltStack } from "./support/fifoq-test-stack";
import { arns, callCases, TABLES, TARGET } from "./support/iam-cases";

/*
 * IAM checked before deploy: every AWS call the functions make (functions/adapters/iam-calls.ts) is evaluated
 * against that function's synthesized role policies with an IAM policy simulator, and so are calls that must
 * be refused. `orders` and `orders-eu` share a prefix on purpose: a key pattern of one must not reach the other.
 */

const config = testConfig({
  queues: [
    queueConfig({
      name: "orders",
      effectTables: ["orders-ledger", { name: "ledger", partitionKey: { name: "id", type: "S" } }],
    }),
    queueConfig({ name: "orders-eu", retry: false, highThroughput: false }),
  ],
});

const ROLE = `arn:aws:iam::${TARGET.account}:role/fifoq-function`;
const arn = arns(TEST_STACK);
const keys = (...values: string[]) => ({ "dynamodb:LeadingKeys": values });
/** A call on the idempotency table (claims, commits, failure log) whose item key starts with `key`. */
const onIdempotency = (action: string, key: string): IamRequest => ({
  action,
  resource: arn.idempotencyTable,
  context: keys(key),
});
const claimOf = (queue: string) => claimKey(queue, "messageGroup", { groupId: "g-1", dedupId: "d-1" });

describe("IAM: the functions' synthesized role policies, simulated", () => {
  const built = useBuiltStack({ config });
  let policies: FunctionPolicies;
  const decide = (fn: string, request: IamRequest) => {
    const documents = policies[fn];
    if (!documents) throw new Error(`no policies for ${fn}`);
    return simulate(ROLE, documents, request);
  };

  beforeAll(() => {
    policies = functionPoliciesOf(built.stack, { target: TARGET, tables: TABLES });
  });

  it.each(callCases(IAM_CALLS, config, TEST_STACK))("allows $name", async ({ fn, request }) => {
    // Act
    const decision = await decide(fn, request);

    // Assert
    expect(decision).toBe("Allowed");
  });

  const api = functionId("api");
  const orders = functionId("consumer", "orders");
  const ordersEu = functionId("consumer", "orders-eu");
  const recorder = functionId("recorder", "orders");
  const release = functionId("release");
  const inGroup = (group: string) =>
    `arn:aws:scheduler:${TARGET.region}:${TARGET.account}:schedule/${group}/nightly`;
  const schedulerDenials: readonly (readonly [string, string, IamRequest])[] = [
    [
      api,
      "the API creates a schedule in another group",
      { action: "scheduler:CreateSchedule", resource: inGroup("default") },
    ],
    [
      api,
      "the API deletes a schedule in another group",
      { action: "scheduler:DeleteSchedule", resource: inGroup("other-stack") },
    ],
    [
      api,
      "the API passes the Scheduler role to another service",
      {
        action: "iam:PassRole",
        resource: `arn:aws:iam::${TARGET.account}:role/${TEST_STACK}-scheduler`,
        context: { "iam:PassedToService": "lambda.amazonaws.com" },
      },
    ],
    [
      api,
      "the API passes another role",
      {
        action: "iam:PassRole",
        resource: `arn:aws:iam::${TARGET.account}:role/admin`,
        context: { "iam:PassedToService": "scheduler.amazonaws.com" },
      },
    ],
    [
      release,
      "the release function creates a schedule",
      { action: "scheduler:CreateSchedule", resource: inGroup(TEST_STACK) },
    ],
    [
      release,
      "the release function deletes a scheduled item",
      {
        action: "dynamodb:DeleteItem",
        resource: arn.table(`${TEST_STACK}-scheduled`),
        context: keys("orders"),
      },
    ],
  ];
  const denied: readonly (readonly [string, string, IamRequest])[] = [
    [api, "the API writes a claim", onIdempotency("dynamodb:PartiQLInsert", claimOf("orders"))],
    [api, "the API updates a commit", onIdempotency("dynamodb:UpdateItem", commitKey("orders", "b"))],
    [api, "the API puts an idempotency item", { action: "dynamodb:PutItem", resource: arn.idempotencyTable }],
    [api, "the API reads the failure log", onIdempotency("dynamodb:GetItem", failureKey("orders", "m"))],
    [
      api,
      "the API sends to a dead-letter queue",
      { action: "sqs:SendMessage", resource: arn.deadLetterQueue("orders") },
    ],
    [
      api,
      "the API deletes a dead letter's item",
      { action: "dynamodb:DeleteItem", resource: arn.deadLetterTable, context: keys("orders") },
    ],
    [
      orders,
      "a consumer claims with another queue's key",
      onIdempotency("dynamodb:PartiQLInsert", claimOf("orders-eu")),
    ],
    [
      orders,
      "a consumer takes over another queue's claim",
      onIdempotency("dynamodb:PartiQLUpdate", claimOf("orders-eu")),
    ],
    [
      orders,
      "a consumer reads another queue's commit",
      onIdempotency("dynamodb:PartiQLSelect", commitKey("orders-eu", "b")),
    ],
    [
      orders,
      "a consumer commits another queue's batch",
      onIdempotency("dynamodb:UpdateItem", commitKey("orders-eu", "b")),
    ],
    [
      orders,
      "a consumer writes another queue's failure log",
      onIdempotency("dynamodb:BatchWriteItem", failureKey("orders-eu", "m")),
    ],
    [
      ordersEu,
      "a consumer claims with a key that only starts like its own",
      onIdempotency("dynamodb:PartiQLInsert", claimOf("orders")),
    ],
    [
      orders,
      "a consumer sends to another queue's dead-letter queue",
      { action: "sqs:SendMessage", resource: arn.deadLetterQueue("orders-eu") },
    ],
    [
      orders,
      "a consumer changes visibility on another queue",
      { action: "sqs:ChangeMessageVisibility", resource: arn.queue("orders-eu") },
    ],
    [
      orders,
      "a consumer publishes to its own queue",
      { action: "sqs:SendMessage", resource: arn.queue("orders") },
    ],
    [
      ordersEu,
      "a consumer writes a table it did not declare",
      { action: "dynamodb:PutItem", resource: arn.table("orders-ledger") },
    ],
    [
      ordersEu,
      "a consumer writes another queue's declared table",
      { action: "dynamodb:PutItem", resource: arn.table(`${TEST_STACK}-ledger`) },
    ],
    [recorder, "the recorder writes a claim", onIdempotency("dynamodb:PartiQLInsert", claimOf("orders"))],
    [recorder, "the recorder updates a claim", onIdempotency("dynamodb:UpdateItem", claimOf("orders"))],
    [recorder, "the recorder reads a claim", onIdempotency("dynamodb:GetItem", claimOf("orders"))],
    [
      recorder,
      "the recorder reads another queue's failure log",
      onIdempotency("dynamodb:GetItem", failureKey("orders-eu", "m")),
    ],
    [
      recorder,
      "the recorder records another queue's dead letter",
      { action: "dynamodb:PutItem", resource: arn.deadLetterTable, context: keys("orders-eu") },
    ],
    ...schedulerDenials,
    ...[orders, recorder].flatMap((fn) => [
      [
        fn,
        "reads a dead letter",
        { action: "dynamodb:GetItem", resource: arn.deadLetterTable, context: keys("orders") },
      ] as const,
      [
        fn,
        "lists dead letters",
        { action: "dynamodb:Query", resource: arn.deadLetterIndex, context: keys("orders") },
      ] as const,
      [
        fn,
        "counts dead letters",
        { action: "dynamodb:Query", resource: arn.deadLetterTable, context: keys("orders") },
      ] as const,
    ]),
  ];

  it.each(denied)("denies %s: %s", async (fn, _what, request) => {
    // Act
    const decision = await decide(fn, request);

    // Assert
    expect(decision).not.toBe("Allowed");
  });
});
