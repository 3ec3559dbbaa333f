import type { CancelAnswers } from "./cancels";
import type { AcceptedMessage } from "./check";
import type { Plan } from "./plan";
import type { Published } from "./publisher";

/**
 * The earliest a delayed message may be seen. Its `releaseAt`, unless it was sent with `delaySeconds` more than
 * once: an earlier request whose answer was lost may have scheduled it (from that request's time) and, once
 * that one was due, the later request scheduled it again — the receipt then names the later one.
 */
const earliest = (published: Published): number | undefined => {
  const { releaseAt, delaySeconds, attempts, firstSentAt } = published;
  if (releaseAt === undefined || delaySeconds === undefined || attempts === 1) return releaseAt;
  return Math.min(releaseAt, firstSentAt + delaySeconds * 1000);
};

/** When it entered its group's due order for certain: see `earliest` (`notBefore` is the same on every request). */
const dueAt = (published: Published): number | undefined =>
  published.delaySeconds !== undefined && published.attempts > 1 ? undefined : published.releaseAt;

/** The messages the stack accepted, with what the run knows of their delay, cancel and body. */
export const acceptedOf = (
  plan: Plan,
  accepted: ReadonlyMap<string, Published>,
  cancels: CancelAnswers,
): AcceptedMessage[] =>
  plan.all.flatMap(({ body, delay }) => {
    const published = accepted.get(body.id);
    if (!published) return [];
    const cancel = cancels.get(body.id);
    const notBefore = earliest(published);
    const due = dueAt(published);
    const large = published.large;
    return [
      {
        id: body.id,
        g: body.g,
        n: body.n,
        poison: body.poison === true,
        delayed: delay !== undefined,
        scheduled: published.scheduledId !== undefined,
        // 0: no request of its cancel was answered, so it may have been cancelled (or not).
        cancelled: cancel === 204 || cancel === 0,
        ...(notBefore === undefined ? {} : { notBefore }),
        ...(due === undefined ? {} : { dueAt: due }),
        ...(cancel === undefined ? {} : { cancel }),
        ...(large ? { large: { ...large, parked: body.park === true } } : {}),
      },
    ];
  });
