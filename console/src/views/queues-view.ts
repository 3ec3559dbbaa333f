import type { QueueSummary } from "../../../client/src/index.js";
import { byId, fillIfChanged, h } from "../dom";
import { routeHash } from "../route";
import { headRow } from "./table";

const count = (value: number) => value.toLocaleString("en-US");

/** The queues table; a queue's name links to its dead letters (`#/queues/<name>`). */
export const renderQueues = (queues: readonly QueueSummary[], selected: string | undefined): void => {
  fillIfChanged(byId("queue-table"), JSON.stringify([queues, selected]), () => [
    headRow(["Queue"], ["Depth", "num"], ["In flight", "num"], ["Dead letters", "num"]),
    h(
      "tbody",
      {},
      ...queues.map((queue) =>
        h(
          "tr",
          { class: queue.name === selected ? "selected" : "", data: { queue: queue.name } },
          h(
            "td",
            { class: "name" },
            h(
              "a",
              {
                href: routeHash({ kind: "queue", queue: queue.name }),
                aria: queue.name === selected ? { current: "page" } : {},
              },
              queue.name,
            ),
          ),
          h("td", { class: "num" }, count(queue.depth)),
          h("td", { class: "num" }, count(queue.inFlight)),
          h("td", { class: `num ${queue.deadLetters > 0 ? "count-alert" : ""}` }, count(queue.deadLetters)),
        ),
      ),
    ),
  ]);
};
