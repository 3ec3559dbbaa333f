import { createInMemoryIdempotencyStore } from "../../support/in-memory-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("in-memory store", () => createInMemoryIdempotencyStore());
