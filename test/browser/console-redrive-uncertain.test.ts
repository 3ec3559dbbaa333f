import { describe, expect, it } from "vitest";
import {
  closePage,
  deadLetterStore,
  newPage,
  PHONE,
  poison,
  QUEUE,
  signIn,
  useHarness,
} from "./console-harness";
import { auditContrast } from "./contrast-audit";

describe("web console: a dead letter whose earlier redrive is uncertain (against npm start)", () => {
  const harness = useHarness();

  /**
   * A dead letter left as a redrive that crashed between its claim and its send 10 minutes ago leaves it:
   * claimed (`redriving`) through fifoq's own store, past SQS's 5-minute dedup window.
   */
  const uncertainDeadLetter = async (orderId: string): Promise<string> => {
    const sent = await harness.producer.publishBatch(QUEUE, [poison(`g-${orderId}`, orderId)]);
    const id = sent.results[0] && "messageId" in sent.results[0] ? sent.results[0].messageId : "";
    await expect
      .poll(() => harness.operator.getDeadLetter(QUEUE, id).then((letter) => letter.status, String), {
        timeout: 30_000,
        interval: 200,
      })
      .toBe("new");
    const claimed = await deadLetterStore(harness).claimRedrive(
      QUEUE,
      id,
      new Date(Date.now() - 10 * 60_000).toISOString(),
    );
    expect(claimed.kind).toBe("changed");
    return id;
  };

  it("shows the record as uncertain, explains REDRIVE_UNCERTAIN on redrive, and sends it only after 'Redrive anyway'", async () => {
    // Arrange
    const id = await uncertainDeadLetter("uncertain-1");
    const page = await newPage(harness, { viewport: PHONE });
    await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}/dead-letters/${id}`);
    await expect.poll(() => page.textContent("#record-id")).toBe(id);

    // Act 1: the record as shown
    const badge = await page.textContent("#record .status");
    const note = await page.textContent("#record-uncertain");
    const discardDisabled = await page.isDisabled("#record-discard");
    const redriveDisabled = await page.isDisabled("#record-redrive");
    const listBadge = await page.textContent(`#dl-table tr[data-id="${id}"] .status`);
    const contrast = await auditContrast(page);

    // Act 2: redrive, confirm, then decline the second confirmation
    await page.click("#record-redrive");
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-title")).toBe("Redrive anyway?");
    const explanation = await page.textContent("#confirm-text");
    await page.click("#confirm-cancel");
    await expect.poll(() => page.textContent("#flash")).toContain("Not redriven");
    const afterDecline = await harness.operator.getDeadLetter(QUEUE, id);

    // Act 3: again, and this time redrive anyway
    await page.click("#record-redrive");
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#confirm-title")).toBe("Redrive anyway?");
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#flash")).toContain(`Redriven ${id} anyway`);
    await expect.poll(() => page.textContent("#record .status")).toBe("redriven");

    // Assert
    expect(badge).toBe("redriving · uncertain");
    expect(listBadge).toBe("redriving · uncertain");
    expect(note).toContain("may have been sent and run already");
    expect(discardDisabled).toBe(true);
    expect(redriveDisabled).toBe(false);
    expect(contrast.failures).toEqual([]);
    expect(explanation).toContain("REDRIVE_UNCERTAIN");
    expect(explanation).toContain("may have been sent");
    expect(afterDecline.status).toBe("redriving");
    expect((await harness.operator.getDeadLetter(QUEUE, id)).status).toBe("redriven");
    await closePage(harness, page);
  });

  it("ran with no page error and no Content-Security-Policy violation", () => {
    expect(harness.problems).toEqual([]);
  });
});
