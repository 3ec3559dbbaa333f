import { byId, fill } from "./dom";

/** A one-line notice under the header; `error` turns it red. Text only. */
export const flash = (message: string, tone: "ok" | "error" = "ok"): void => {
  const element = byId("flash");
  element.classList.toggle("error", tone === "error");
  fill(element, message);
};

export const clearFlash = (): void => fill(byId("flash"));

export interface Confirmation {
  readonly title: string;
  readonly message: string;
  /** The label of the button that goes ahead. */
  readonly ok: string;
  /** `danger` for what cannot be undone. */
  readonly tone?: "primary" | "danger";
}

/**
 * A modal `<dialog>` (labelled by its title, described by its message, Cancel focused first); resolves true
 * for the OK button, false for Cancel or Escape.
 */
export const confirmAction = (confirmation: Confirmation): Promise<boolean> => {
  const dialog = byId<HTMLDialogElement>("confirm");
  const ok = byId<HTMLButtonElement>("confirm-ok");
  const cancel = byId<HTMLButtonElement>("confirm-cancel");
  fill(byId("confirm-title"), confirmation.title);
  fill(byId("confirm-text"), confirmation.message);
  fill(ok, confirmation.ok);
  ok.className = confirmation.tone ?? "primary";
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

/** Asks `confirmation`, then runs `act` and flashes what it answers; true when it ran (false: not confirmed). */
export const confirmThen = async (
  confirmation: Confirmation,
  act: () => Promise<string>,
): Promise<boolean> => {
  if (!(await confirmAction(confirmation))) return false;
  flash(await act());
  return true;
};

export const dialogOpen = (): boolean => byId<HTMLDialogElement>("confirm").open;

/** The page's top-level sections; a new view adds its own. */
const SECTIONS = ["signin", "queues", "dead-letters", "record", "scheduled", "schedules"] as const;
type Section = (typeof SECTIONS)[number];

/** Shows exactly the given sections of the page. */
export const show = (ids: readonly Section[]): void => {
  for (const id of SECTIONS) byId(id).hidden = !ids.includes(id);
  byId("split").classList.toggle("with-record", ids.includes("record"));
};

/** Shows or hides one section. */
export const toggleSection = (id: Section, visible: boolean): void => {
  byId(id).hidden = !visible;
  if (id === "record") byId("split").classList.toggle("with-record", visible);
};
