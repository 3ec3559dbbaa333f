import { defineConsumer, PermanentError } from "../runtime";

/** The body producers send to the `orders` queue. */
export interface Order {
  readonly orderId: string;
  readonly amount: number;
}

export interface OrderResult {
  readonly orderId: string;
  readonly accepted: true;
}

/** A body that is not an order is refused here, which dead-letters it at once (a parse throw is permanent). */
export const parseOrder = (body: unknown): Order => {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TypeError("order must be a JSON object");
  }
  const { orderId, amount } = body as Record<string, unknown>;
  if (typeof orderId !== "string" || orderId.trim() === "") {
    throw new TypeError("orderId must be a non-empty string");
  }
  if (typeof amount !== "number" || !Number.isFinite(amount)) {
    throw new TypeError("amount must be a finite number");
  }
  return { orderId, amount };
};

/** Example consumer of the `orders` queue. */
export const handler = defineConsumer<Order, OrderResult>({
  parse: parseOrder,
  handle: async (message, context) => {
    const { orderId, amount } = message.body;
    if (amount < 0) throw new PermanentError(`order ${orderId}: amount ${amount} must not be negative`);
    context.logger.info("order received", { orderId, amount });
    return { orderId, accepted: true };
  },
});
