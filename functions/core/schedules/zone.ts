/**
 * Wall-clock time in an IANA time zone, through `Intl` only. A zone's offset at an instant, and the instants
 * that show a given wall time (none in a DST gap, two in an overlap).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (zone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
};

/**
 * The canonical spelling of an IANA time zone this runtime knows (`europe/berlin` → `Europe/Berlin`, `Etc/UTC` →
 * `UTC`), or undefined. `Intl` takes any case and (Node 22+) UTC offsets such as `+05:00`; EventBridge Scheduler
 * takes neither, so an offset is refused and the name is stored as `Intl` canonicalizes it.
 */
export const canonicalTimeZone = (zone: string): string | undefined => {
  if (zone.length === 0 || zone.length > 64) return undefined;
  try {
    const canonical = formatterFor(zone).resolvedOptions().timeZone;
    return /^[A-Za-z]/.test(canonical) ? canonical : undefined;
  } catch {
    return undefined;
  }
};

/** The zone's offset from UTC at `instant`, in ms (east positive). */
export const offsetAt = (zone: string, instant: number): number => {
  const parts: Record<string, number> = Object.create(null);
  for (const part of formatterFor(zone).formatToParts(new Date(instant)))
    parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
};

const DAY_MS = 86_400_000;

/**
 * The instant a wall time (given as if it were UTC: `Date.UTC(y, m - 1, d, h, min)`) happens in `zone`:
 * the first of two in an overlap; in a gap, the instant the wall time would have had before the change
 * (02:30 in a 02:00→03:00 gap fires at 03:30).
 */
export const instantOfWallTime = (zone: string, wall: number): number => {
  const offsets = new Set([
    offsetAt(zone, wall - DAY_MS),
    offsetAt(zone, wall),
    offsetAt(zone, wall + DAY_MS),
  ]);
  const candidates = [...offsets].map((offset) => wall - offset);
  const valid = candidates
    .filter((instant) => offsetAt(zone, instant) === wall - instant)
    .sort((a, b) => a - b);
  const [first] = valid;
  if (first !== undefined) return first;
  return Math.max(...candidates);
};

/** The calendar date at `instant` in `zone`, as `Date.UTC` of its midnight. */
export const wallDateAt = (zone: string, instant: number): number => {
  const wall = instant + offsetAt(zone, instant);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
};

export { DAY_MS };
