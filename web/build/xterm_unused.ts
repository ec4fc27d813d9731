/**
 * Parts of xterm.js the playground never uses, replaced in the page's bundle (see
 * xterm_source.ts) by stand-ins: each is reached only through an API or option the page does
 * not touch (web/src/main.ts), so nothing the page does changes. The API calls that would
 * need them throw instead of quietly doing nothing.
 * - Decorations (Terminal.registerDecoration) and the overview ruler (option
 *   overviewRulerWidth): with none registered, the renderers draw nothing.
 * - Character joiners (Terminal.registerCharacterJoiner, for ligature fonts): with none
 *   registered, every cell is drawn on its own.
 * - Links under the mouse (the Linkifier, and the provider of OSC 8 hyperlinks): nothing vkern
 *   prints is a link (no command emits OSC 8), and the page registers no link provider. A
 *   program that prints an OSC 8 hyperlink shows its text, not clickable.
 */

/** IEvent that never fires. */
const NEVER = "() => ({ dispose() {} })";

function leftOut(what: string): string {
  return `throw new Error("xterm.js: ${what} are left out of vkern's build (web/build/xterm_unused.ts)")`;
}

/** Paths under xterm's src/ (without .ts) -> the module that stands in for them. */
export const XTERM_UNUSED: Record<string, string> = {
  "common/services/DecorationService": `export class DecorationService {
  get decorations() { return [].values(); }
  onDecorationRegistered = ${NEVER};
  onDecorationRemoved = ${NEVER};
  registerDecoration() { ${leftOut("decorations")}; }
  reset() {}
  forEachDecorationAtCell() {}
  dispose() {}
}`,
  "browser/decorations/BufferDecorationRenderer": `export class BufferDecorationRenderer {
  dispose() {}
}`,
  "browser/decorations/OverviewRulerRenderer": `export class OverviewRulerRenderer {
  constructor() { ${leftOut("the overview ruler (overviewRulerWidth) and decorations")}; }
}`,
  "browser/services/CharacterJoinerService": `export class JoinedCellData {}
export class CharacterJoinerService {
  register() { ${leftOut("character joiners")}; }
  deregister() { return false; }
  getJoinedCharacters() { return []; }
}`,
  "browser/Linkifier": `export class Linkifier {
  onShowLinkUnderline = ${NEVER};
  onHideLinkUnderline = ${NEVER};
  get currentLink() { return undefined; }
  dispose() {}
}`,
  "browser/OscLinkProvider": `export class OscLinkProvider {
  provideLinks(y, callback) { callback(undefined); }
}`,
};
