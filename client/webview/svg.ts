const NS = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes, appended to parent when given. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  parent?: Element,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

/** A text element holding text, cut to max characters with an ellipsis. */
export function text(parent: Element, attrs: Record<string, string | number>, content: string, max = Infinity): SVGTextElement {
  const el = svg('text', attrs, parent);
  el.textContent = content.length > max ? `${content.slice(0, max - 1)}…` : content;
  return el;
}
