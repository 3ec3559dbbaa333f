import { type DeadLetter, type RedriveResult, RedriveUncertainError } from "../../../client/src/index.js";
import { byId, fill, when } from "../dom";
import { client, state } from "../state";
import { confirmAction, confirmThen, flash } from "../ui";
import { bodyFileName } from "../views/record-view";

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * After `409 REDRIVE_UNCERTAIN`: an earlier redrive claimed the record over 5 minutes ago and did not finish,
 * so it may have run. Says so, and sends it again (`force`) only when the operator confirms; true either way
 * (the record is read again).
 */
const redriveAnyway = async (letter: DeadLetter): Promise<boolean> => {
  const claimed = letter.redriveClaimedAt ? ` at ${when(letter.redriveClaimedAt)}` : "";
  const sure = await confirmAction({
    title: "Redrive anyway?",
    message: `An earlier redrive claimed dead letter ${letter.id}${claimed} and did not finish, over 5 minutes ago (REDRIVE_UNCERTAIN): it may have been sent to ${letter.queue} and run already. Check its effect first; Redrive anyway sends it again, and the consumer may process it twice.`,
    ok: "Redrive anyway",
    tone: "danger",
  });
  if (!sure) {
    flash(`Not redriven: ${letter.id} may have been sent already (REDRIVE_UNCERTAIN).`, "error");
    return true;
  }
  const result = await client().redriveDeadLetter(letter.queue, letter.id, { force: true });
  flash(
    `Redriven ${letter.id} anyway to ${letter.queue} (group ${letter.groupId}) as message ${result.messageId}.`,
  );
  return true;
};

/** Redrives one dead letter after a confirmation; true when it was redriven. */
export const redriveOne = async (letter: DeadLetter): Promise<boolean> => {
  const sure = await confirmAction({
    title: "Redrive this dead letter?",
    message: `Redrive dead letter ${letter.id} back to ${letter.queue}, group ${letter.groupId}? The consumer will process it again.`,
    ok: "Redrive",
  });
  if (!sure) return false;
  let result: RedriveResult;
  try {
    result = await client().redriveDeadLetter(letter.queue, letter.id);
  } catch (error) {
    if (error instanceof RedriveUncertainError) return redriveAnyway(letter);
    throw error;
  }
  flash(`Redriven ${letter.id} to ${letter.queue} (group ${letter.groupId}) as message ${result.messageId}.`);
  return true;
};

/** Discards one dead letter after a confirmation; true when it was discarded. */
export const discardOne = (letter: DeadLetter): Promise<boolean> =>
  confirmThen(
    {
      title: "Discard this dead letter?",
      message: `Discard dead letter ${letter.id} of ${letter.queue}? It can no longer be redriven.`,
      ok: "Discard",
      tone: "danger",
    },
    async () => {
      await client().discardDeadLetter(letter.queue, letter.id);
      return `Discarded ${letter.id}.`;
    },
  );

const progressBar = (known: number | undefined, scope: string) => {
  const bar = byId<HTMLProgressElement>("redrive-bar");
  const text = byId("redrive-text");
  byId("redrive-progress").hidden = false;
  fill(text, `Redriving ${scope}…`);
  if (known) {
    bar.max = known;
    bar.value = 0;
  } else bar.removeAttribute("value");
  return { bar, text };
};

/** Redrives every new dead letter of the open queue (or of the filtered group) after a confirmation. */
export const redriveAll = async (): Promise<boolean> => {
  const queue = state.queue;
  if (!queue) return false;
  const group = state.filter.groupId;
  const known = group ? undefined : state.queues.find((entry) => entry.name === queue)?.deadLetters;
  const scope = group ? `group ${group} of ${queue}` : queue;
  const sure = await confirmAction({
    title: group ? "Redrive this group?" : "Redrive all new dead letters?",
    message: `Redrive every new dead letter of ${scope}${known === undefined ? "" : ` (${known})`}? Each goes back to ${queue} in its group, oldest first.`,
    ok: "Redrive all",
  });
  if (!sure) return false;
  const { bar, text } = progressBar(known, scope);
  const result = await client().redriveAll(queue, {
    groupId: group,
    onProgress: (progress) => {
      if (known) bar.value = Math.min(progress.redriven, known);
      fill(
        text,
        `${progress.redriven}${known ? ` of ${known}` : ""} redriven (${plural(progress.calls, "call")})`,
      );
    },
  });
  bar.max = Math.max(result.redriven, 1);
  bar.value = result.redriven;
  const failed = result.failed ? `, ${result.failed} could not be sent` : "";
  const unsure = result.uncertain.length
    ? `, ${result.uncertain.length} uncertain not sent (they may have run: open each to redrive it anyway)`
    : "";
  fill(text, `Done: ${result.redriven} redriven${failed}${unsure} in ${plural(result.calls, "call")}.`);
  flash(
    `Redrove ${plural(result.redriven, "dead letter")} of ${scope}.`,
    result.failed || result.uncertain.length || !result.complete ? "error" : "ok",
  );
  return true;
};

/**
 * Saves a dead letter's whole raw body as a file: read slice by slice with the client, kept in a Blob, saved
 * through an object URL and a `download` link (no server HTML, nothing parsed; the URL is revoked after).
 */
export const downloadBody = async (letter: DeadLetter): Promise<void> => {
  const text = await client().deadLetterBody(letter.queue, letter.id);
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = bodyFileName(letter.id);
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  flash(`Downloaded the body of ${letter.id} (${text.length.toLocaleString("en-US")} characters).`);
};
