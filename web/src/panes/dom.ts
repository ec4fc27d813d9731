/** A small element builder: h("button", { type: "button", onclick }, "Run"). */
type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") el.className = String(v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A system-call error's text as a C program's perror would print it. */
export function errText(e: unknown, strerror: (n: number) => string): string {
  if (e && typeof e === "object" && "errno" in e && typeof e.errno === "number")
    return strerror(e.errno);
  if (e instanceof Error) return e.message;
  return String(e);
}
