import { createInMemoryIdempotencyStore } from "../../../functions/core/idempotency/in-memory-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("in-memory store", () => createInMemoryIdempotencyStore());
