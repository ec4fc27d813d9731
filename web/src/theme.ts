/**
 * The terminal's colours (xterm.js theme). Foregrounds are chosen for 4.5:1 or better on the
 * background (WCAG AA); xterm's minimumContrastRatio enforces it for anything a program sets.
 */
import type { ITheme } from "@xterm/xterm";

export const terminalTheme: ITheme = {
  background: "#0d1117",
  foreground: "#e6edf3",
  cursor: "#ffd33d",
  cursorAccent: "#0d1117",
  selectionBackground: "#264f78",
  selectionForeground: "#ffffff",
  black: "#484f58",
  red: "#ff7b72",
  green: "#7ee787",
  yellow: "#e3b341",
  blue: "#79c0ff",
  magenta: "#d2a8ff",
  cyan: "#56d4dd",
  white: "#c9d1d9",
  brightBlack: "#8b949e",
  brightRed: "#ffa198",
  brightGreen: "#aff5b4",
  brightYellow: "#f8e3a1",
  brightBlue: "#a5d6ff",
  brightMagenta: "#e2c5ff",
  brightCyan: "#b3f0ff",
  brightWhite: "#ffffff",
};
