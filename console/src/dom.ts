/**
 * The console builds every element with `createElement` and fills it with `textContent`: text from the API
 * (bodies, ids, errors) is never parsed as HTML. The page's CSP also demands Trusted Types, so an HTML sink
 * would throw rather than run.
 */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly id?: string;
  readonly title?: string;
  readonly href?: string;
  readonly tabindex?: string;
  readonly type?: string;
  readonly name?: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly autocomplete?: string;
  readonly hidden?: boolean;
  readonly disabled?: boolean;
  readonly data?: Readonly<Record<string, string>>;
  readonly aria?: Readonly<Record<string, string>>;
  readonly onClick?: (event: MouseEvent) => void;
  readonly onSubmit?: (event: SubmitEvent) => void;
  readonly onChange?: (event: Event) => void;
}

const applyProps = (element: HTMLElement, props: Props): void => {
  const attributes = [
    "class",
    "id",
    "title",
    "href",
    "tabindex",
    "type",
    "name",
    "value",
    "placeholder",
    "autocomplete",
  ] as const;
  for (const name of attributes) {
    const value = props[name];
    if (value !== undefined) element.setAttribute(name, value);
  }
  if (props.hidden) element.hidden = true;
  if (props.disabled) element.setAttribute("disabled", "");
  for (const [name, value] of Object.entries(props.data ?? {})) element.dataset[name] = value;
  for (const [name, value] of Object.entries(props.aria ?? {})) element.setAttribute(`aria-${name}`, value);
  if (props.onClick) element.addEventListener("click", props.onClick as EventListener);
  if (props.onSubmit) element.addEventListener("submit", props.onSubmit as EventListener);
  if (props.onChange) element.addEventListener("change", props.onChange);
};

/** Children as nodes: strings and numbers become text nodes, never markup. */
const nodes = (children: readonly Child[]): Node[] =>
  children.flatMap((child) => {
    if (child === null || child === undefined || child === false) return [];
    return [typeof child === "object" ? child : document.createTextNode(String(child))];
  });

/** `h("td", { class: "id" }, record.id)`: an element whose children are nodes or plain text. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  applyProps(element, props);
  element.append(...nodes(children));
  return element;
};

/** What `fillIfChanged` last put in an element. */
const rendered = new WeakMap<Element, string>();

/** Replaces an element's children. */
export const fill = (element: Element, ...children: Child[]): void => {
  rendered.delete(element);
  element.replaceChildren(...nodes(children));
};

/**
 * Fills an element only when `key` (what it shows, e.g. its data as JSON) differs from last time, so an
 * auto-refresh that changes nothing keeps focus, selection and scroll positions.
 */
export const fillIfChanged = (element: Element, key: string, build: () => Child[]): boolean => {
  if (rendered.get(element) === key) return false;
  rendered.set(element, key);
  element.replaceChildren(...nodes(build()));
  return true;
};

/** The element with this id, which the page must have. */
export const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the console page has no #${id}`);
  return element as T;
};

/** `2024-05-01T12:00:03.123Z` → `2024-05-01 12:00:03 UTC`. */
export const when = (iso: string | undefined): string =>
  iso ? `${iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "")} UTC` : "";

/** A time of day as the page shows it: `12:00:05 UTC`. */
export const clockTime = (date: Date): string => `${date.toISOString().slice(11, 19)} UTC`;
