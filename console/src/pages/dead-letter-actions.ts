import type { DeadLetter } from "../../../client/src/index.js";
import { byId, fill } from "../dom";
import { client, state } from "../state";
import { confirmAction, confirmThen, flash } from "../ui";

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** Redrives one dead letter after a confirmation; true when it was redriven. */
export const redriveOne = async (letter: DeadLetter): Promise<boolean> => {
  const sure = await confirmAction({
    title: "Redrive this dead letter?",
    message: `Redrive dead letter ${letter.id} back to ${letter.queue}, group ${letter.groupId}? The consumer will process it again.`,
    ok: "Redrive",
  });
  if (!sure) return false;
  const result = await client().redriveDeadLetter(letter.queue, letter.id);
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
  fill(text, `Done: ${result.redriven} redriven${failed} in ${plural(result.calls, "call")}.`);
  flash(
    `Redrove ${plural(result.redriven, "dead letter")} of ${scope}.`,
    result.failed || !result.complete ? "error" : "ok",
  );
  return true;
};
