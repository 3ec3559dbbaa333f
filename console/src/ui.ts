import { byId, fill } from "./dom";

/** A one-line notice under the header; `error` turns it red. Text only. */
export const flash = (message: string, tone: "ok" | "error" = "ok"): void => {
  const element = byId("flash");
  element.classList.toggle("error", tone === "error");
  fill(element, message);
};

export const clearFlash = (): void => fill(byId("flash"));

/** A modal confirmation; resolves true for OK, false for Cancel or Escape. */
export const confirmAction = (message: string, okLabel: string): Promise<boolean> => {
  const dialog = byId<HTMLDialogElement>("confirm");
  const ok = byId<HTMLButtonElement>("confirm-ok");
  const cancel = byId<HTMLButtonElement>("confirm-cancel");
  fill(byId("confirm-text"), message);
  fill(ok, okLabel);
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      ok.removeEventListener("click", onOk);
      cancel.removeEventListener("click", onCancel);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onOk = () => done(true);
    const onCancel = () => done(false);
    const onClose = () => done(false);
    ok.addEventListener("click", onOk);
    cancel.addEventListener("click", onCancel);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    cancel.focus();
  });
};

/** Shows exactly the given sections of the page. */
export const show = (ids: readonly string[]): void => {
  for (const id of ["signin", "queues", "dead-letters", "record"]) byId(id).hidden = !ids.includes(id);
};
