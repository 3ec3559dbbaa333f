import { describe, expect, it, vi } from "vitest";
import { AlreadyReleasedError } from "../../client/src/index.js";
import { closePage, DESKTOP, newPage, PHONE, QUEUE, signIn, useHarness } from "./console-harness";

describe("web console: a queue's scheduled messages (against npm start)", () => {
  const harness = useHarness();

  it("lists delayed messages, cancels one after a confirmation, and answers ALREADY_RELEASED after release", async () => {
    // Arrange
    const later = await harness.producer.publish(QUEUE, {
      body: { remind: 1 },
      groupId: "g-sched",
      dedupId: "sched-later",
      delay: 3600,
    });
    const soon = await harness.producer.publish(QUEUE, {
      body: { remind: 2 },
      groupId: "g-sched",
      dedupId: "sched-soon",
      delay: 1,
    });
    if (!("scheduledId" in later) || !("scheduledId" in soon)) throw new Error("not scheduled");
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await newPage(harness, { viewport });
      await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}/scheduled`);

      // Act
      await page.locator(`#sched-table tr[data-id="${later.scheduledId}"]`).waitFor({ timeout: 10_000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth);

      // Assert
      expect(overflow).toBe(false);
      expect(await page.isHidden("#dead-letters")).toBe(true);
      await closePage(harness, page);
    }
    const page = await newPage(harness, { viewport: PHONE });
    await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}/scheduled`);
    await page.click(`#sched-table button[data-id="${later.scheduledId}"]`);
    await page.locator("#confirm[open]").waitFor();
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#flash")).toContain(`Cancelled ${later.scheduledId}`);
    expect((await harness.operator.getScheduled(QUEUE, later.scheduledId)).state).toBe("cancelled");
    await expect
      .poll(() => page.locator(`#sched-table tr[data-id="${later.scheduledId}"] .status`).textContent())
      .toBe("cancelled");
    await vi.waitFor(
      async () =>
        expect((await harness.operator.getScheduled(QUEUE, soon.scheduledId)).state).toBe("released"),
      { timeout: 20_000, interval: 250 },
    );
    await page.reload();
    await expect
      .poll(() => page.locator(`#sched-table tr[data-id="${soon.scheduledId}"] .status`).textContent())
      .toBe("released");
    expect(await page.locator(`#sched-table button[data-id="${soon.scheduledId}"]`).count()).toBe(0);
    await expect(harness.operator.cancelScheduled(QUEUE, soon.scheduledId)).rejects.toBeInstanceOf(
      AlreadyReleasedError,
    );
    await closePage(harness, page);
    expect(harness.problems).toEqual([]);
  });

  it("looks a message up by dedup id and group, and says honestly when nothing is recorded", async () => {
    // Arrange
    const later = { body: { remind: 3 }, groupId: "g-status", dedupId: "status-later", delay: 3600 };
    const receipt = await harness.producer.publish(QUEUE, later);
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
  it("shows the recurring schedules with their next fire times, and pauses and resumes one", async () => {
    // Arrange
    const name = "console-weekday";
    await harness.operator.putSchedule(name, {
      cron: "0 9 * * 1-5",
      timezone: "Europe/Berlin",
      queue: QUEUE,
      groupId: "g-schedules",
      body: { report: "daily" },
    });
    const page = await newPage(harness, { viewport: PHONE });
    await signIn(page, harness, harness.stack.operatorKey, "/console#/schedules");
    const row = page.locator(`#schedules-table tr[data-id="${name}"]`);
    await row.waitFor({ timeout: 10_000 });

    // Act
    const fires = await row.locator("td.time").textContent();
    await row.locator('button[data-action="pause-schedule"]').click();

    // Assert: next fires shown while active; the pause reached the server and the row
    expect(fires?.split(",").length).toBe(3);
    await expect.poll(async () => (await harness.operator.getSchedule(name)).paused).toBe(true);
    await expect.poll(() => row.locator(".status").textContent()).toBe("paused");
    await row.locator('button[data-action="resume-schedule"]').click();
    await expect.poll(async () => (await harness.operator.getSchedule(name)).paused).toBe(false);
    await harness.operator.deleteSchedule(name);
    await closePage(harness, page);
    expect(harness.problems).toEqual([]);
  });
});
