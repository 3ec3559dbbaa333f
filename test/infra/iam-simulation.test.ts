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
/** A request of `action` on `resource`, with the dead-letter table's leading key `queue` when given. */
const on = (action: string, resource: string, queue?: string): IamRequest =>
  queue === undefined ? { action, resource } : { action, resource, context: keys(queue) };
/** The requests `fn` must be refused, each with what it tries (the test title says whose it is). */
const deniedTo = (fn: string, cases: readonly (readonly [string, IamRequest])[]) =>
  cases.map(([what, request]) => [fn, what, request] as const);
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
  /** `iam:PassRole` of the account's `role` to `service`. */
  const passRole = (role: string, service: string): IamRequest => ({
    action: "iam:PassRole",
    resource: `arn:aws:iam::${TARGET.account}:role/${role}`,
    context: { "iam:PassedToService": service },
  });
  const denied = [
    ...deniedTo(api, [
      ["writes a claim", onIdempotency("dynamodb:PartiQLInsert", claimOf("orders"))],
      ["updates a commit", onIdempotency("dynamodb:UpdateItem", commitKey("orders", "b"))],
      ["puts an idempotency item", on("dynamodb:PutItem", arn.idempotencyTable)],
      ["reads the failure log", onIdempotency("dynamodb:GetItem", failureKey("orders", "m"))],
      ["sends to a dead-letter queue", on("sqs:SendMessage", arn.deadLetterQueue("orders"))],
      ["deletes a dead letter's item", on("dynamodb:DeleteItem", arn.deadLetterTable, "orders")],
    ]),
    ...deniedTo(orders, [
      ["claims with another queue's key", onIdempotency("dynamodb:PartiQLInsert", claimOf("orders-eu"))],
      ["takes over another queue's claim", onIdempotency("dynamodb:PartiQLUpdate", claimOf("orders-eu"))],
      ["reads another queue's commit", onIdempotency("dynamodb:PartiQLSelect", commitKey("orders-eu", "b"))],
      ["commits another queue's batch", onIdempotency("dynamodb:UpdateItem", commitKey("orders-eu", "b"))],
      [
        "writes another queue's failure log",
        onIdempotency("dynamodb:BatchWriteItem", failureKey("orders-eu", "m")),
      ],
      ["sends to another queue's dead-letter queue", on("sqs:SendMessage", arn.deadLetterQueue("orders-eu"))],
      ["changes visibility on another queue", on("sqs:ChangeMessageVisibility", arn.queue("orders-eu"))],
      ["publishes to its own queue", on("sqs:SendMessage", arn.queue("orders"))],
    ]),
    ...deniedTo(ordersEu, [
      [
        "claims with a key that only starts like its own",
        onIdempotency("dynamodb:PartiQLInsert", claimOf("orders")),
      ],
      ["writes a table it did not declare", on("dynamodb:PutItem", arn.table("orders-ledger"))],
      ["writes another queue's declared table", on("dynamodb:PutItem", arn.table(`${TEST_STACK}-ledger`))],
    ]),
    ...deniedTo(recorder, [
      ["writes a claim", onIdempotency("dynamodb:PartiQLInsert", claimOf("orders"))],
      ["updates a claim", onIdempotency("dynamodb:UpdateItem", claimOf("orders"))],
      ["reads a claim", onIdempotency("dynamodb:GetItem", claimOf("orders"))],
      ["reads another queue's failure log", onIdempotency("dynamodb:GetItem", failureKey("orders-eu", "m"))],
      ["records another queue's dead letter", on("dynamodb:PutItem", arn.deadLetterTable, "orders-eu")],
    ]),
    ...deniedTo(api, [
      ["creates a schedule in another group", on("scheduler:CreateSchedule", inGroup("default"))],
      ["deletes a schedule in another group", on("scheduler:DeleteSchedule", inGroup("other-stack"))],
      [
        "passes the Scheduler role to another service",
        passRole(`${TEST_STACK}-scheduler`, "lambda.amazonaws.com"),
      ],
      ["passes another role", passRole("admin", "scheduler.amazonaws.com")],
      [
        "deletes a delayed message's item",
        on("dynamodb:DeleteItem", arn.table(`${TEST_STACK}-scheduled`), "orders"),
      ],
    ]),
    ...deniedTo(release, [
      ["creates a schedule", on("scheduler:CreateSchedule", inGroup(TEST_STACK))],
      ["deletes a scheduled item", on("dynamodb:DeleteItem", arn.table(`${TEST_STACK}-scheduled`), "orders")],
    ]),
    ...[orders, recorder].flatMap((fn) =>
      deniedTo(fn, [
        ["reads a dead letter", on("dynamodb:GetItem", arn.deadLetterTable, "orders")],
        ["lists dead letters", on("dynamodb:Query", arn.deadLetterIndex, "orders")],
        ["counts dead letters", on("dynamodb:Query", arn.deadLetterTable, "orders")],
      ]),
    ),
  ];

  it.each(denied)("denies %s: %s", async (fn, _what, request) => {
    // Act
    const decision = await decide(fn, request);

    // Assert
    expect(decision).not.toBe("Allowed");
  });
});
