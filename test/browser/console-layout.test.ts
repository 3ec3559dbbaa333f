import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it, vi } from "vitest";
import { ROOT } from "../support/spawn-local-stack";
import {
  closePage,
  DESKTOP,
  newPage,
  openRecord,
  PHONE,
  poison,
  rowOf,
  seed,
  signIn,
  useHarness,
} from "./console-harness";
import { auditContrast } from "./contrast-audit";

/** Where the README's screenshots go: `FIFOQ_SCREENSHOTS=docs npm run test:browser`. */
const SCREENSHOTS = resolve(ROOT, process.env.FIFOQ_SCREENSHOTS ?? ".fifoq/screenshots");

/** A group id as long as SQS allows, with no place to break a line. */
const LONG_GROUP = `tenant-${"7".repeat(121)}`;

/** Whether anything makes the page scroll sideways. */
const overflow = (page: Page) =>
  page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth }));

const box = async (page: Page, selector: string) => {
  const found = await page.locator(selector).boundingBox();
  if (!found) throw new Error(`${selector} is not shown`);
  return found;
};

describe("web console layout at 390 px and 1280 px, contrast and dark mode", () => {
  const ids: string[] = [];

  const harness = useHarness(async () => {
    const orders = ["o-1", "o-2", "o-3", "o-4", "o-5"].map((id, index) => poison(`customer-${index}`, id));
    const long = {
      ...poison(LONG_GROUP, `o-long-${"9".repeat(100)}`),
      attributes: { note: "n".repeat(200) },
    };
    ids.push(...(await seed(harness, [...orders, long], 6)));
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  it("at 390 px the sign-in box fits and its button is on screen", async () => {
    // Arrange
    const page = await newPage(harness, { viewport: PHONE });

    // Act
    await page.goto(`${harness.stack.url}/console`);

    // Assert
    const button = await box(page, "#signin-form button[type=submit]");
    const form = await box(page, "#signin");
    expect(button.x + button.width).toBeLessThanOrEqual(PHONE.width);
    expect(form.x + form.width).toBeLessThanOrEqual(PHONE.width);
    expect(button.y + button.height).toBeLessThanOrEqual(PHONE.height);
    const { scrollWidth, innerWidth } = await overflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await closePage(harness, page);
  });

  it("at 390 px dead letters are cards that fit, and a tapped record is scrolled into view", async () => {
    // Arrange
    const page = await newPage(harness, { viewport: PHONE });
    await signIn(page, harness, harness.stack.operatorKey);
    await expect.poll(() => page.locator("#dl-table tr[data-id]").count()).toBe(6);
    const card = await box(page, `#dl-table tr[data-id="${ids[5]}"]`);
    expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);

    // Act: tap a card (its group, not its link): its record is drawn below the list
    await rowOf(page, ids[0] ?? "")
      .locator(".group")
      .click();

    // Assert: the record is shown, on screen, with focus on its heading
    await expect.poll(() => page.textContent("#record-id")).toBe(ids[0]);
    const record = await box(page, "#record");
    expect(record.y).toBeGreaterThanOrEqual(0);
    expect(record.y).toBeLessThan(PHONE.height / 2);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("record-title");
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: resolve(SCREENSHOTS, "console-390.png"), fullPage: true });
    // Act: the long record, and its redrive confirmation
    await openRecord(page, ids[5] ?? "");
    await page.click("#record-redrive");
    // Assert
    const dialog = await box(page, "#confirm");
    expect(dialog.x).toBeGreaterThanOrEqual(0);
    expect(dialog.x + dialog.width).toBeLessThanOrEqual(PHONE.width);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await page.click("#confirm-cancel");
    await closePage(harness, page);
  });

  it("at 1280 px the list takes the width until a record is open, and last errors wrap uncut", async () => {
    // Arrange
    const page = await newPage(harness, { viewport: DESKTOP });
    await signIn(page, harness, harness.stack.operatorKey);
    await expect.poll(() => page.locator("#dl-table tr[data-id]").count()).toBe(6);

    // Assert: no empty detail pane; the list is as wide as the queues
    expect(await page.isHidden("#record")).toBe(true);
    expect((await box(page, "#dead-letters")).width).toBeCloseTo((await box(page, "#queues")).width, 0);
    // Assert: each last error is shown whole (wrapped, not cut), its cell wide enough to read
    const errors = await page.$$eval("#dl-table td.error", (cells) =>
      cells.map((cell) => {
        const clamp = cell.querySelector(".clamp") as HTMLElement;
        return {
          width: cell.getBoundingClientRect().width,
          cut: clamp.scrollWidth > clamp.clientWidth || clamp.scrollHeight > clamp.clientHeight,
          title: cell.getAttribute("title"),
          text: clamp.textContent,
        };
      }),
    );
    for (const error of errors) {
      expect(error).toMatchObject({ cut: false, title: error.text });
      expect(error.text).toMatch(/^PermanentError: order o-.*: amount -1 must not be negative$/);
      expect(error.width).toBeGreaterThan(300);
    }
    // Act: open a record
    await openRecord(page, ids[1] ?? "");
    // Assert: it sits beside the list, which keeps most of the width
    const list = await box(page, "#dead-letters");
    const record = await box(page, "#record");
    expect(record.x).toBeGreaterThan(list.x + list.width);
    expect(list.width).toBeGreaterThan(record.width);
    expect((await overflow(page)).scrollWidth).toBeLessThanOrEqual(DESKTOP.width);
    await page.screenshot({ path: resolve(SCREENSHOTS, "console-1280.png") });
    await closePage(harness, page);
  });

  for (const colorScheme of ["light", "dark"] as const)
    it(`every text meets WCAG AA contrast (4.5:1) in the ${colorScheme} theme, badges at 12 px or more`, async () => {
      // Arrange: a page in this colour scheme, as the system would ask
      const page = await newPage(harness, { viewport: DESKTOP, colorScheme });
      const audits: Record<string, Awaited<ReturnType<typeof auditContrast>>> = {};

      // Act: the sign-in box with an error, the list with a record, the confirmation, a done record
      await page.goto(`${harness.stack.url}/console`);
      await page.fill("#key", "wrong-key-0123456789abcdef");
      await page.click("#signin-form button[type=submit]");
      await expect.poll(() => page.textContent("#flash")).toContain("UNAUTHORIZED");
      audits.signin = await auditContrast(page);
      await signIn(page, harness, harness.stack.operatorKey);
      await openRecord(page, ids[colorScheme === "light" ? 2 : 3] ?? "");
      audits.record = await auditContrast(page);
      if (colorScheme === "dark")
        await page.screenshot({ path: resolve(SCREENSHOTS, "console-1280-dark.png") });
      await page.click("#record-redrive");
      audits.dialog = await auditContrast(page);
      await page.click("#confirm-ok");
      await expect.poll(() => page.textContent("#record .status")).toBe("redriven");
      await vi.waitFor(() => expect(page.isVisible("#flash")).resolves.toBe(true));
      audits.redriven = await auditContrast(page);

      // Assert
      for (const [state, audit] of Object.entries(audits)) {
        expect(audit.failures, state).toEqual([]);
        expect(audit.checked, state).toBeGreaterThan(5);
        for (const size of audit.badgeSizes) expect(size, state).toBeGreaterThanOrEqual(12);
        if (colorScheme === "dark") expect(audit.pageLuminance, state).toBeLessThan(0.05);
        else expect(audit.pageLuminance, state).toBeGreaterThan(0.8);
      }
      expect(audits.redriven?.badgeSizes.length).toBeGreaterThan(1);
      await closePage(harness, page);
    });

  it("ran with no page error and no Content-Security-Policy violation", () => {
    expect(harness.problems).toEqual([]);
  });
});
