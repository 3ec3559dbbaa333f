import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { lostBodyDeadLetterFactory, oversizeDeadLetterFactory } from "../factories/dead-letters";
import {
  closePage,
  deadLetterStore,
  newPage,
  openRecord,
  PHONE,
  QUEUE,
  signIn,
  useHarness,
} from "./console-harness";
import { auditContrast } from "./contrast-audit";

/** Whether anything makes the page scroll sideways, and the right edge of the record's body notice. */
const fits = (page: Page) =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    noticeRight: document.getElementById("record-body-notice")?.getBoundingClientRect().right,
  }));

describe("web console: a dead letter whose answer lacks its body, at 390 px (against npm start)", () => {
  const oversize = oversizeDeadLetterFactory({ queue: QUEUE, groupId: "g-oversize" });
  const lost = lostBodyDeadLetterFactory({ queue: QUEUE, groupId: "g-lost" });
  const harness = useHarness(async () => {
    const store = deadLetterStore(harness);
    expect(await store.putIfAbsent(oversize)).toBe("created");
    expect(await store.putIfAbsent(lost)).toBe("created");
  });

  it("says a lost body is lost, disables Redrive with the reason, and discards it", async () => {
    // Arrange
    const page = await newPage(harness, { viewport: PHONE });
    await signIn(
      page,
      harness,
      harness.stack.operatorKey,
      `/console#/queues/${QUEUE}/dead-letters/${lost.id}`,
    );
    await expect.poll(() => page.textContent("#record-id")).toBe(lost.id);

    // Act 1: the record as shown
    const notice = await page.textContent("#record-body-notice");
    const bodies = await page.locator("#record-body").count();
    const redriveDisabled = await page.isDisabled("#record-redrive");
    const describedBy = await page.getAttribute("#record-redrive", "aria-describedby");
    const reason = await page.textContent("#record-reason");
    const discardDisabled = await page.isDisabled("#record-discard");
    const layout = await fits(page);
    const contrast = await auditContrast(page);

    // Act 2: discard it, as the notice says
    await page.click("#record-discard");
    await page.click("#confirm-ok");
    await expect.poll(() => page.textContent("#record .status")).toBe("discarded");

    // Assert
    expect(notice).toBe(
      "Lost: its stored object was gone; this dead letter cannot be redriven — discard it.",
    );
    expect(bodies).toBe(0);
    expect(await page.locator("#record-download-body").count()).toBe(0);
    expect(redriveDisabled).toBe(true);
    expect(describedBy).toBe("record-reason");
    expect(reason).toBe("Its body is lost (its stored object was gone): it cannot be redriven. Discard it.");
    expect(discardDisabled).toBe(false);
    expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(layout.noticeRight).toBeLessThanOrEqual(PHONE.width);
    expect(contrast.failures).toEqual([]);
    expect((await harness.operator.getDeadLetter(QUEUE, lost.id)).status).toBe("discarded");
    await closePage(harness, page);
  });

  it("says a body too large for one answer is not shown, with its size, and leaves Redrive on", async () => {
    // Arrange
    const page = await newPage(harness, { viewport: PHONE, colorScheme: "dark" });
    await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}`);

    // Act
    await openRecord(page, oversize.id);
    const notice = await page.textContent("#record-body-notice");
    const redriveDisabled = await page.isDisabled("#record-redrive");
    const reasons = await page.locator("#record-reason").count();
    const layout = await fits(page);
    const contrast = await auditContrast(page);

    // Assert
    expect(notice).toBe(
      "Not shown: 5,300,011 bytes, over what one API answer can carry; a redrive sends it whole.",
    );
    expect(await page.locator("#record-body").count()).toBe(0);
    expect(redriveDisabled).toBe(false);
    expect(reasons).toBe(0);
    expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(layout.noticeRight).toBeLessThanOrEqual(PHONE.width);
    expect(contrast.failures).toEqual([]);
    await closePage(harness, page);
  });

  it("downloads a body too large for one answer whole, byte for byte, from Download body", async () => {
    // Arrange
    const page = await newPage(harness, { viewport: PHONE });
    await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}`);
    await openRecord(page, oversize.id);

    // Act
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#record-download-body"),
    ]);
    const saved = await readFile((await download.path()) ?? "", "utf8");

    // Assert
    expect(download.suggestedFilename()).toBe(`dead-letter-${oversize.id}.txt`);
    expect(saved === oversize.rawBody).toBe(true);
    await expect.poll(() => page.textContent("#flash")).toContain("Downloaded the body");
    await closePage(harness, page);
  });

  it("ran with no page error and no Content-Security-Policy violation", () => {
    expect(harness.problems).toEqual([]);
  });
});
