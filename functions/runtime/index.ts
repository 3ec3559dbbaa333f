/**
 * The public import path of users' consumer modules: `import { defineConsumer, PermanentError } from
 * "functions/runtime"` and the message and transaction types. It stays stable whatever moves inside; what
 * the local stack and tests need besides is in `./internal`.
 */
export { PermanentError } from "../core/consumer/errors";
export type {
  AttributeMap,
  AttributeValue,
  Transaction,
  TransactionConditionCheck,
  TransactionDelete,
  TransactionPut,
  TransactionUpdate,
} from "../core/consumer/transaction";
export type {
  ConsumerDefinition,
  ConsumerMessage,
  HandlerContext,
  MessageEnvelope,
  Outcome,
  UnparsedMessage,
} from "../core/consumer/types";
export { defineConsumer, type LambdaConsumer } from "./define-consumer";
