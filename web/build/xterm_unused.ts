/**
 * Parts of xterm.js the playground never uses, replaced in the page's bundle (see
 * xterm_source.ts) by stand-ins: each is reached only through an API or option the page does
 * not touch (web/src/main.ts), so nothing the page does changes. The API calls that would
 * need them throw instead of quietly doing nothing.
 * - Decorations (Terminal.registerDecoration) and the overview ruler (option
 *   overviewRulerWidth): with none registered, the renderers draw nothing.
 * - Character joiners (Terminal.registerCharacterJoiner, for ligature fonts): with none
 *   registered, every cell is drawn on its own.
 * - Mouse reporting to programs (CoreMouseService: the X10/VT200/DRAG/ANY protocols and their
 *   encodings, turned on by DECSET 9/1000/1002/1003/1006): no vkern program reads mouse input,
 *   so the sequences are taken and ignored, and the mouse always selects and scrolls; DECRQM
 *   reports those modes as reset.
 * - The VT100 national replacement character sets (ESC ( A British ... ESC ( = Swiss): a
 *   program that selects one gets US ASCII; DEC special graphics (ESC ( 0, line drawing) stays.
 * - Links under the mouse (the Linkifier, the provider of OSC 8 hyperlinks and the service that
 *   keeps their targets: an OSC 8 link gets id 0, "no link"): nothing vkern
 *   prints is a link (no command emits OSC 8), and the page registers no link provider. A
 *   program that prints an OSC 8 hyperlink shows its text, not clickable.
 */

/** IEvent that never fires. */
const NEVER = "() => ({ dispose() {} })";

function leftOut(what: string): string {
  return `throw new Error("xterm.js: ${what} are left out of vkern's build (web/build/xterm_unused.ts)")`;
}

/**
 * Charsets.ts without the national sets: its compiled text up to the US ASCII entry (DEC
 * special graphics, then British, then US ASCII), with British taken out. Fails the build if
 * xterm's file no longer has that layout.
 */
function decGraphicsOnly(compiled: string): string {
  const british = compiled.indexOf("CHARSETS['A']");
  const ascii = compiled.indexOf("CHARSETS['B'] = undefined;");
  if (british < 0 || ascii < british)
    throw new Error("xterm_unused: Charsets.ts is not laid out as expected");
  return compiled.slice(0, british) + compiled.slice(ascii, ascii + 26);
}

/** Paths under xterm's src/ (without .ts) -> the module that stands in for them. */
export const XTERM_UNUSED: Record<string, string | ((compiled: string) => string)> = {
  "common/data/Charsets": decGraphicsOnly,
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
  "common/services/CoreMouseService": `export class CoreMouseService {
  get activeProtocol() { return "NONE"; }
  set activeProtocol(_) {}
  get activeEncoding() { return "DEFAULT"; }
  set activeEncoding(_) {}
  get areMouseEventsActive() { return false; }
  onProtocolChange = ${NEVER};
  addProtocol() {}
  addEncoding() {}
  reset() {}
  triggerMouseEvent() { return false; }
  explainEvents() { return {}; }
  dispose() {}
}`,
  "browser/Linkifier": `export class Linkifier {
  onShowLinkUnderline = ${NEVER};
  onHideLinkUnderline = ${NEVER};
  get currentLink() { return undefined; }
  dispose() {}
}`,
  "common/services/OscLinkService": `export class OscLinkService {
  registerLink() { return 0; }
  addLineToLink() {}
  getLinkData() { return undefined; }
  dispose() {}
}`,
  "browser/OscLinkProvider": `export class OscLinkProvider {
  provideLinks(y, callback) { callback(undefined); }
}`,
};
