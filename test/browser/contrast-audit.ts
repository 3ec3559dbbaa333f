import type { Page } from "playwright-core";

/** One piece of text whose contrast with what is behind it is below WCAG AA. */
export interface ContrastFailure {
  readonly text: string;
  readonly ratio: number;
  readonly color: string;
  readonly background: string;
  readonly fontSize: number;
}

export interface ContrastReport {
  /** How many pieces of text were measured. */
  readonly checked: number;
  readonly failures: ContrastFailure[];
  /** Font sizes (px) of the status badges on the page. */
  readonly badgeSizes: number[];
  /** The relative luminance of the page's background (0 black … 1 white). */
  readonly pageLuminance: number;
}

/**
 * Measures every visible piece of text on the page (text nodes, form controls' values and placeholders)
 * from computed styles: its colour (times the opacity of its ancestors) over the composited backgrounds
 * behind it, against WCAG's 4.5:1. It runs in the page, so it is one self-contained function.
 */
const measure = (minimum: number): ContrastReport => {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const parts = (css.match(/[\d.]+/g) ?? []).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts.length > 3 ? (parts[3] ?? 1) : 1];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const alpha = top[3];
    return [0, 1, 2].map((i) => (top[i] ?? 0) * alpha + (bottom[i] ?? 0) * (1 - alpha)).concat(1) as Rgba;
  };
  const luminance = (color: Rgba): number => {
    const [r, g, b] = [0, 1, 2].map((i) => {
      const value = (color[i] ?? 0) / 255;
      return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const ratio = (a: Rgba, b: Rgba): number => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
  };
  /** The backgrounds behind an element, composited from the page's down to its own. */
  const backgroundOf = (element: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const layer = parse(getComputedStyle(node).backgroundColor);
      if (layer[3] > 0) layers.push(layer);
      if (layer[3] >= 1) break;
    }
    return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const opacityOf = (element: Element): number => {
    let opacity = 1;
    for (let node: Element | null = element; node; node = node.parentElement)
      opacity *= Number(getComputedStyle(node).opacity);
    return opacity;
  };
  const failures: ContrastFailure[] = [];
  let checked = 0;
  const check = (element: Element, text: string, colorCss: string) => {
    const style = getComputedStyle(element);
    const color = parse(colorCss);
    const background = backgroundOf(element);
    const shown = over([color[0], color[1], color[2], color[3] * opacityOf(element)], background);
    const value = ratio(shown, background);
    checked += 1;
    if (value < minimum)
      failures.push({
        text: text.trim().slice(0, 40),
        ratio: Math.round(value * 100) / 100,
        color: colorCss,
        background: `rgb(${background.slice(0, 3).join(", ")})`,
        fontSize: Number.parseFloat(style.fontSize),
      });
  };
  const visible = (element: Element) =>
    element.checkVisibility({ visibilityProperty: true }) && element.getClientRects().length > 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = node.textContent ?? "";
    if (!parent || text.trim() === "" || parent.closest("option, select, noscript")) continue;
    if (visible(parent)) check(parent, text, getComputedStyle(parent).color);
  }
  for (const control of document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) {
    if (!visible(control) || control.type === "hidden") continue;
    if (control.value) check(control, control.value, getComputedStyle(control).color);
    const placeholder = control.getAttribute("placeholder");
    if (placeholder && !control.value)
      check(control, placeholder, getComputedStyle(control, "::placeholder").color);
  }
  const badgeSizes = [...document.querySelectorAll(".status")]
    .filter(visible)
    .map((badge) => Number.parseFloat(getComputedStyle(badge).fontSize));
  return { checked, failures, badgeSizes, pageLuminance: luminance(backgroundOf(document.body)) };
};

/** WCAG AA for normal text: 4.5:1. */
export const auditContrast = (page: Page, minimum = 4.5): Promise<ContrastReport> =>
  page.evaluate(measure, minimum);
