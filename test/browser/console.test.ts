import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { DeadLetter } from "../../client/src/index.js";
import { newPage, openRecord, poison, QUEUE, seed, useHarness, violations } from "./console-harness";

/** A body that would run script if it were ever parsed as HTML. */
const HOSTILE = '<script>window.__fifoqXss=1</script><img src=x onerror="window.__fifoqXss=2">';

describe("web console in Chromium against a local stack", () => {
  let page: Page;
  const ids: Record<string, string> = {};

  const letter = (id: string): Promise<DeadLetter> => harness.operator.getDeadLetter(QUEUE, id);
  const filter = async (groupId: string, status = "") => {
    await page.fill("#dl-filter input[name=groupId]", groupId);
    await page.selectOption("#dl-filter select[name=status]", status);
    await page.click("#dl-filter button[type=submit]");
  };

  const harness = useHarness(async () => {
    const sent = await seed(
      harness,
      [
        poison("customer-1", "o-101"),
        poison("customer-2", "o-202"),
        poison("bulk", "o-301"),
        poison("bulk", "o-302"),
        { body: HOSTILE, groupId: "web-7", dedupId: "web-7-1" },
        { body: { orderId: "o-ok", amount: 5 }, groupId: "customer-1", dedupId: "o-ok" },
      ],
      5,
    );
    for (const [index, name] of ["customer-1", "customer-2", "bulk-1", "bulk-2", "web-7"].entries())
      ids[name] = sent[index] ?? "";
    page = await newPage(harness);
  });

  it("asks for a key, refuses a wrong one, and keeps a good one in session storage only", async () => {
    // Act: open the console
    await page.goto(`${harness.stack.url}/console`);
    // Assert
    await expect.poll(() => page.isVisible("#signin")).toBe(true);

    // Act: sign in with a wrong key
    await page.fill("#key", "wrong-key-0123456789abcdef");
    await page.click("#signin-form button[type=submit]");
    // Assert
    await expect.poll(() => page.textContent("#flash")).toContain("The key was refused (UNAUTHORIZED)");
    // Act: sign in with the operator key
    await page.fill("#key", harness.stack.operatorKey);
    await page.click("#signin-form button[type=submit]");

    // Assert: the queue is shown, and the key is in session storage only
    await expect
      .poll(() => page.textContent(`#queue-table tr[data-queue="${QUEUE}"]`))
      .toMatch(/orders\s*\d+\s*\d+\s*5/);
    const storage = await page.evaluate(() => ({
      session: sessionStorage.length,
      local: localStorage.length,
    }));
    expect(storage).toEqual({ session: 1, local: 0 });
  });

  it("lists the queue's dead letters and filters them by group and status", async () => {
    // Assert: all five are listed
    await expect.poll(() => page.locator("#dl-table tr[data-id]").count()).toBe(5);

    // Act: filter by group
    await filter("bulk");
    // Assert
    await expect.poll(() => page.locator("#dl-table tr[data-id]").count()).toBe(2);
    // Act: by group and status
    await filter("bulk", "discarded");
    // Assert
    await expect.poll(() => page.textContent("#dl-table")).toContain("No dead letters match.");
    // Act: no filter
    await filter("");
    // Assert
    await expect.poll(() => page.locator("#dl-table tr[data-id]").count()).toBe(5);
  });

  it("opens a record: body, attributes and lastError, a <script> body shown as text and never run", async () => {
    // Act: open the record whose body is markup
    await openRecord(page, ids["web-7"] ?? "");

    // Assert: shown as text, never run
    expect(await page.textContent("#record-body")).toBe(HOSTILE);
    expect(await page.locator("#record script, #record img").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __fifoqXss?: number }).__fifoqXss)).toBeUndefined();
    expect(await page.textContent("#record-error")).toMatch(
      /^MessageParseError: .*order must be a JSON object/,
    );
    // Act: open a poison order's record
    await openRecord(page, ids["customer-1"] ?? "");
    // Assert
    expect(JSON.parse((await page.textContent("#record-body")) ?? "")).toEqual({
      orderId: "o-101",
      amount: -1,
    });
    expect(await page.textContent("#record-attributes")).toContain("source");
    expect(await page.textContent("#record-error")).toContain(
      "PermanentError: order o-101: amount -1 must not be negative",
    );
  });

  it("redrives one dead letter back to its queue only after the operator confirms", async () => {
    // Arrange
    const id = ids["customer-1"] ?? "";

    // Act: redrive, then cancel
    await page.click("#record-redrive");
    // Assert: the operator is asked, in a modal dialog named by its title
    await expect.poll(() => page.isVisible("#confirm")).toBe(true);
    expect(await page.getByRole("dialog", { name: "Redrive this dead letter?" }).isVisible()).toBe(true);
    expect(await page.textContent("#confirm-text")).toContain(`Redrive dead letter ${id} back to orders`);
    // Act: cancel
    await page.click("#confirm-cancel");
    // Assert: nothing redriven
    expect((await letter(id)).status).toBe("new");
    // Act: redrive and confirm
    await page.click("#record-redrive");
    await page.click("#confirm-ok");

    // Assert
    await expect
      .poll(() => page.textContent("#flash"))
      .toMatch(/^Redriven .* to orders \(group customer-1\) as message /);
    await expect.poll(async () => (await letter(id)).status).toBe("redriven");
    await expect.poll(() => page.textContent("#record .status")).toBe("redriven");
    expect(await page.isDisabled("#record-redrive")).toBe(true);
    expect(await page.textContent("#record-reason")).toBe("This dead letter is redriven.");
    expect(await page.textContent(`#dl-table tr[data-id="${id}"] .status`)).toBe("redriven");
  });

  it("discards only after the operator confirms", async () => {
    // Arrange: the customer-2 record open
    const id = ids["customer-2"] ?? "";
    await openRecord(page, id);

    // Act: discard
    await page.click("#record-discard");
    // Assert: the operator is asked
    await expect.poll(() => page.isVisible("#confirm")).toBe(true);
    expect(await page.textContent("#confirm-text")).toContain(`Discard dead letter ${id} of orders?`);
    // Act: cancel
    await page.click("#confirm-cancel");
    // Assert: nothing discarded
    expect((await letter(id)).status).toBe("new");
    // Act: discard and confirm
    await page.click("#record-discard");
    await page.click("#confirm-ok");

    // Assert
    await expect.poll(async () => (await letter(id)).status).toBe("discarded");
    await expect.poll(() => page.textContent("#flash")).toBe(`Discarded ${id}.`);
  });

  it("redrives all of a group with progress, then all of the queue", async () => {
    // Act: redrive all of the bulk group
    await filter("bulk");
    await page.click("#redrive-all");
    await page.click("#confirm-ok");

    // Assert
    await expect.poll(() => page.textContent("#redrive-text")).toBe("Done: 2 redriven in 1 call.");
    expect((await letter(ids["bulk-1"] ?? "")).status).toBe("redriven");
    expect((await letter(ids["bulk-2"] ?? "")).status).toBe("redriven");
    // Act: redrive all of the queue
    await filter("");
    await page.click("#redrive-all");
    // Assert: the operator is asked, with the count
    expect(await page.textContent("#confirm-text")).toMatch(
      /^Redrive every new dead letter of orders \(\d+\)\?/,
    );
    // Act: confirm
    await page.click("#confirm-ok");
    // Assert
    await expect.poll(() => page.textContent("#redrive-text")).toMatch(/^Done: \d+ redriven in 1 call\.$/);
    expect((await letter(ids["web-7"] ?? "")).status).toBe("redriven");
  });

  it("ran with no page error and no Content-Security-Policy violation", async () => {
    // Act
    const seen = await violations(page);

    // Assert
    expect(harness.problems).toEqual([]);
    expect(seen).toEqual([]);
  });
});
