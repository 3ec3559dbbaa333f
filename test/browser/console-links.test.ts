import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { closePage, newPage, openRecord, poison, QUEUE, seed, signIn, useHarness } from "./console-harness";

const hash = (page: Page) => page.evaluate(() => location.hash);

describe("web console links (URL hash) and what a producer key may do", () => {
  let ids: string[] = [];

  const harness = useHarness(async () => {
    ids = await seed(harness, [poison("customer-1", "o-1"), poison("customer-2", "o-2")], 2);
  });

  it("names the queue and the record in the hash; reload, back and forward restore them", async () => {
    // Arrange
    const page = await newPage(harness);
    const [first = "", second = ""] = ids;
    await signIn(page, harness, harness.stack.operatorKey);
    await expect.poll(() => hash(page)).toBe(`#/queues/${QUEUE}`);

    // Act: open two records
    await openRecord(page, first);
    await openRecord(page, second);
    // Assert
    expect(await hash(page)).toBe(`#/queues/${QUEUE}/dead-letters/${second}`);
    // Act: reload
    await page.reload();
    // Assert: the record is shown again, in its queue
    await expect.poll(() => page.textContent("#record-id")).toBe(second);
    expect(await page.locator("#dl-table tr.selected").getAttribute("data-id")).toBe(second);
    // Act: back
    await page.goBack();
    // Assert: the first record
    await expect.poll(() => page.textContent("#record-id")).toBe(first);
    // Act: back again
    await page.goBack();
    // Assert: the queue, with no record open
    await expect.poll(() => page.isHidden("#record")).toBe(true);
    expect(await hash(page)).toBe(`#/queues/${QUEUE}`);
    // Act: forward
    await page.goForward();

    // Assert
    await expect.poll(() => page.textContent("#record-id")).toBe(first);
    await closePage(harness, page);
  });

  it("opens a pasted link to a record after asking for the key; Close goes back to the queue", async () => {
    // Arrange: a new tab, which has no key yet
    const page = await newPage(harness);
    const id = ids[0] ?? "";

    // Act
    await signIn(page, harness, harness.stack.operatorKey, `/console#/queues/${QUEUE}/dead-letters/${id}`);
    // Assert
    await expect.poll(() => page.textContent("#record-id")).toBe(id);
    // Act: close the record
    await page.click("#record-close");

    // Assert
    await expect.poll(() => page.isHidden("#record")).toBe(true);
    expect(await hash(page)).toBe(`#/queues/${QUEUE}`);
    await closePage(harness, page);
  });

  it("a link that names nothing the console shows opens the first queue", async () => {
    // Arrange
    const page = await newPage(harness);

    // Act
    await signIn(page, harness, harness.stack.operatorKey, "/console#/queues/orders/dead-letters/%E0%A4%A");

    // Assert
    await expect.poll(() => hash(page)).toBe(`#/queues/${QUEUE}`);
    expect(await page.isVisible("#dead-letters")).toBe(true);
    await closePage(harness, page);
  });

  it("with a producer key, dead-letter actions are disabled and say they need an operator key", async () => {
    // Arrange
    const page = await newPage(harness);
    const id = ids[0] ?? "";

    // Act: a producer key, on a link to a record
    await signIn(page, harness, harness.stack.apiKey, `/console#/queues/${QUEUE}/dead-letters/${id}`);

    // Assert: the queues are shown (GET /queues is a producer's)
    await expect.poll(() => page.textContent(`#queue-table tr[data-queue="${QUEUE}"]`)).toMatch(/orders/);
    // Assert: "Redrive all" is disabled, the reason beside it and its accessible description
    // (the button is also disabled while the page loads: wait for the reason, which only the 403 writes)
    await expect.poll(() => page.textContent("#redrive-all-reason")).toBe("needs an operator key");
    expect(await page.isDisabled("#redrive-all")).toBe(true);
    expect(await page.isVisible("#redrive-all-reason")).toBe(true);
    expect(await page.getAttribute("#redrive-all", "aria-describedby")).toBe("redrive-all-reason");
    expect(await page.textContent("#dl-forbidden")).toContain("needs an operator key");
    // Assert: the record's redrive and discard likewise
    await expect.poll(() => page.textContent("#record-reason")).toContain("needs an operator key");
    expect(await page.isDisabled("#record-redrive")).toBe(true);
    expect(await page.isDisabled("#record-discard")).toBe(true);
    expect(await page.getAttribute("#record-redrive", "aria-describedby")).toBe("record-reason");
    // Assert: not treated as an error
    expect(await page.textContent("#flash")).toBe("");
    // Act: a refresh keeps them disabled
    await page.click("#refresh");
    // Assert
    await expect.poll(() => page.isEnabled("#refresh")).toBe(true);
    expect(await page.isDisabled("#redrive-all")).toBe(true);
    await closePage(harness, page);
  });

  it("ran with no page error and no Content-Security-Policy violation", () => {
    expect(harness.problems).toEqual([]);
  });
});
