import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { closePage, newPage, poison, seed, signIn, useHarness } from "./console-harness";

/** The page's clock (Playwright's, installed before it loads) stands still at this time until run. */
const T0 = new Date("2026-12-01T12:00:00Z");

const rows = (page: Page) => page.locator("#dl-table tr[data-id]").count();
const status = (page: Page) => page.textContent("#refresh-status");
const refreshes = async (page: Page) => Number(await page.getAttribute("#refresh-status", "data-refreshes"));

describe("web console auto-refresh (Playwright's clock)", () => {
  let page: Page;

  const harness = useHarness(async () => {
    await seed(harness, [poison("customer-1", "o-1")], 1);
    page = await newPage(harness);
    await page.clock.install({ time: T0.getTime() - 60_000 });
    await page.clock.pauseAt(T0);
    await signIn(page, harness, harness.stack.operatorKey);
  });

  it("shows the time of the last refresh, and refreshes queues and dead letters every 5 s", async () => {
    // Arrange: one dead letter listed; a new one recorded after the page loaded
    await expect.poll(() => rows(page)).toBe(1);
    expect(await status(page)).toBe("Auto-refresh every 5 s · updated 12:00:00 UTC");
    await seed(harness, [poison("customer-2", "o-2")], 2);
    expect(await rows(page)).toBe(1);

    // Act: 5 s pass in the page
    await page.clock.runFor(5_000);

    // Assert: it is listed, and counted in the queues table
    await expect.poll(() => rows(page)).toBe(2);
    await expect.poll(() => page.textContent('#queue-table tr[data-queue="orders"] td:last-child')).toBe("2");
    await expect.poll(() => status(page)).toBe("Auto-refresh every 5 s · updated 12:00:05 UTC");
  });

  it("pauses: no refresh while paused, one at once on resume", async () => {
    // Arrange
    await page.click("#auto-refresh");
    expect(await status(page)).toBe("Auto-refresh paused · updated 12:00:05 UTC");
    expect(await page.textContent("#auto-refresh")).toBe("Resume auto-refresh");
    const before = await refreshes(page);
    await seed(harness, [poison("customer-3", "o-3")], 3);

    // Act: 20 s pass while paused
    await page.clock.runFor(20_000);
    // Assert: no refresh started
    expect(await refreshes(page)).toBe(before);
    expect(await rows(page)).toBe(2);
    // Act: resume
    await page.click("#auto-refresh");

    // Assert: refreshed at once
    await expect.poll(() => rows(page)).toBe(3);
    await expect.poll(() => status(page)).toBe("Auto-refresh every 5 s · updated 12:00:25 UTC");
    expect(await page.textContent("#auto-refresh")).toBe("Pause auto-refresh");
  });

  it("keeps an open record current, and holds off while a confirmation is open", async () => {
    // Arrange: a record open, its redrive confirmation asked
    const id = (await page.locator("#dl-table tr[data-id]").last().getAttribute("data-id")) ?? "";
    await page.locator(`#dl-table tr[data-id="${id}"] a`).click();
    await expect.poll(() => page.textContent("#record-id")).toBe(id);
    await page.click("#record-redrive");
    const before = await refreshes(page);

    // Act: time passes while the dialog is open
    await page.clock.runFor(10_000);
    // Assert: no refresh under the dialog
    expect(await refreshes(page)).toBe(before);
    // Act: the record is discarded elsewhere, the dialog cancelled, and 5 s pass
    await page.click("#confirm-cancel");
    await harness.operator.discardDeadLetter("orders", id);
    await page.clock.runFor(5_000);

    // Assert: the record shows what happened
    await expect.poll(() => page.textContent("#record .status")).toBe("discarded");
    expect(await page.isDisabled("#record-redrive")).toBe(true);
    await closePage(harness, page);
  });

  it("ran with no page error and no Content-Security-Policy violation", () => {
    expect(harness.problems).toEqual([]);
  });
});
