import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePage, DESKTOP, type Harness, newPage, QUEUE, signIn, startHarness } from "./console-harness";

describe("web console: where is a message? (against npm start)", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
  });

  it("looks a message up by dedup id and group, and says honestly when nothing is recorded", async () => {
    // Arrange
    const receipt = await harness.producer.publish(QUEUE, {
      body: { remind: 1 },
      groupId: "g-status",
      dedupId: "status-later",
      delay: 3600,
    });
    if (!("scheduledId" in receipt)) throw new Error("not scheduled");
    const page = await newPage(harness, { viewport: DESKTOP });
    await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}/scheduled`);
    const lookUp = async (dedupId: string, groupId: string) => {
      await page.fill('#status-form input[name="dedupId"]', dedupId);
      await page.fill('#status-form input[name="groupId"]', groupId);
      await page.click('#status-form button[type="submit"]');
    };

    // Act
    await lookUp("status-later", "g-status");

    // Assert
    await expect
      .poll(() => page.textContent("#status-result"))
      .toMatch(
        new RegExp(
          `^status-later \\(group g-status\\) on ${QUEUE}: scheduled, due .+ \\(scheduled id ${receipt.scheduledId}\\)$`,
        ),
      );
    await lookUp("status-never-sent", "g-status");
    await expect
      .poll(() => page.textContent("#status-result"))
      .toMatch(/^MESSAGE_NOT_FOUND: no record within the idempotency window/);
    await closePage(harness, page);
    expect(harness.problems).toEqual([]);
  });
});
