/**
 * strftime() as GNU date uses it (gnulib lib/nstrftime.c) in the C/C.UTF-8 locale, for
 * UTC (vkern has no time-zone database): every glibc conversion, GNU's flags `-` `_` `0`
 * `^` `#`, field widths, %N (nanoseconds) and %:z %::z %:::z.
 */

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export interface BrokenDown {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number;
  year: number;
  wday: number;
  yday: number;
}

/** gmtime(): seconds since the epoch to broken-down UTC time. */
export function gmtime(t: number): BrokenDown {
  const d = new Date(t * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    sec: d.getUTCSeconds(),
    min: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    mday: d.getUTCDate(),
    mon: d.getUTCMonth(),
    year: d.getUTCFullYear(),
    wday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - start) / 86400000),
  };
}

/** ISO 8601 week-based year and week number (nstrftime.c:iso_week_days()). */
function isoWeek(tm: BrokenDown): { year: number; week: number } {
  const isoDays = (yday: number, wday: number) => {
    const bigEnough = 366 + 14;
    return yday - ((yday - wday + 4 + bigEnough * 7) % 7) + 3;
  };
  let year = tm.year;
  let days = isoDays(tm.yday, tm.wday);
  if (days < 0) {
    year--;
    const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    days = isoDays(tm.yday + (leap(year) ? 366 : 365), tm.wday);
  } else {
    const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const d = isoDays(tm.yday - (leap(year) ? 366 : 365), tm.wday);
    if (d >= 0) {
      year++;
      days = d;
    }
  }
  return { year, week: Math.floor(days / 7) + 1 };
}

/** Formats `t` (seconds, nanoseconds) in UTC. Mirrors nstrftime.c:__strftime_internal(). */
export function strftime(fmt: string, t: number, nsec = 0): string {
  const tm = gmtime(t);
  let o = "";
  for (let i = 0; i < fmt.length; i++) {
    if (fmt[i] !== "%") {
      o += fmt[i];
      continue;
    }
    let pad = "";
    let upcase = false;
    let swapcase = false;
    for (;;) {
      const f = fmt[i + 1];
      if (f === "_" || f === "-" || f === "0" || f === "+") pad = f;
      else if (f === "^") upcase = true;
      else if (f === "#") swapcase = true;
      else break;
      i++;
    }
    let width = -1;
    while (fmt[i + 1] >= "0" && fmt[i + 1] <= "9") {
      width = (width < 0 ? 0 : width * 10) + Number(fmt[++i]);
    }
    while (fmt[i + 1] === "E" || fmt[i + 1] === "O") i++;
    let colons = 0;
    while (fmt[i + 1] === ":") {
      colons++;
      i++;
    }
    const c = fmt[++i];
    if (c === undefined) {
      o += "%";
      break;
    }
    /** A number with its default padding character and digits. */
    const num = (v: number, digits: number, defPad: "0" | "_" = "0"): string => {
      const p = pad || defPad;
      const w = width >= 0 ? width : digits;
      const sign = v < 0 ? "-" : "";
      const s = String(Math.abs(v));
      if (p === "-") return sign + s;
      if (p === "_") return (sign + s).padStart(w, " ");
      return sign + s.padStart(w - sign.length, "0");
    };
    const str = (s: string, canSwap = true): string => {
      let x = s;
      if (upcase) x = x.toUpperCase();
      else if (swapcase && canSwap) x = x.toUpperCase();
      if (width > s.length && pad !== "-") x = x.padStart(width, pad === "0" ? "0" : " ");
      return x;
    };
    const hour12 = tm.hour % 12 || 12;
    switch (c) {
      case "%":
        o += str("%");
        break;
      case "a":
        o += str(DAYS[tm.wday].slice(0, 3));
        break;
      case "A":
        o += str(DAYS[tm.wday]);
        break;
      case "b":
      case "h":
        o += str(MONTHS[tm.mon].slice(0, 3));
        break;
      case "B":
        o += str(MONTHS[tm.mon]);
        break;
      case "c":
        o += str(strftime("%a %b %e %H:%M:%S %Y", t));
        break;
      case "C":
        o += num(Math.floor(tm.year / 100), 2);
        break;
      case "d":
        o += num(tm.mday, 2);
        break;
      case "D":
        o += str(strftime("%m/%d/%y", t));
        break;
      case "e":
        o += num(tm.mday, 2, "_");
        break;
      case "F":
        o += str(strftime("%Y-%m-%d", t));
        break;
      case "g":
        o += num(isoWeek(tm).year % 100, 2);
        break;
      case "G":
        o += num(isoWeek(tm).year, 1);
        break;
      case "H":
        o += num(tm.hour, 2);
        break;
      case "I":
        o += num(hour12, 2);
        break;
      case "j":
        o += num(tm.yday + 1, 3);
        break;
      case "k":
        o += num(tm.hour, 2, "_");
        break;
      case "l":
        o += num(hour12, 2, "_");
        break;
      case "m":
        o += num(tm.mon + 1, 2);
        break;
      case "M":
        o += num(tm.min, 2);
        break;
      case "n":
        o += "\n";
        break;
      case "N": {
        // Nanoseconds; a width keeps that many leading digits.
        const digits = String(nsec).padStart(9, "0");
        o += width > 0 && width < 9 ? digits.slice(0, width) : digits;
        break;
      }
      case "p":
        o += str(tm.hour < 12 ? "AM" : "PM");
        break;
      case "P":
        o += str(tm.hour < 12 ? "am" : "pm", false);
        break;
      case "r":
        o += str(strftime("%I:%M:%S %p", t));
        break;
      case "R":
        o += str(strftime("%H:%M", t));
        break;
      case "s":
        o += num(t, 1);
        break;
      case "S":
        o += num(tm.sec, 2);
        break;
      case "t":
        o += "\t";
        break;
      case "T":
        o += str(strftime("%H:%M:%S", t));
        break;
      case "u":
        o += num(((tm.wday + 6) % 7) + 1, 1);
        break;
      case "U":
        o += num(Math.floor((tm.yday - tm.wday + 7) / 7), 2);
        break;
      case "V":
        o += num(isoWeek(tm).week, 2);
        break;
      case "w":
        o += num(tm.wday, 1);
        break;
      case "W":
        o += num(Math.floor((tm.yday - ((tm.wday + 6) % 7) + 7) / 7), 2);
        break;
      case "x":
        o += str(strftime("%m/%d/%y", t));
        break;
      case "X":
        o += str(strftime("%H:%M:%S", t));
        break;
      case "y":
        o += num(tm.year % 100, 2);
        break;
      case "Y":
        o += num(tm.year, 1);
        break;
      case "z":
        o += colons === 0 ? "+0000" : colons === 1 ? "+00:00" : colons === 2 ? "+00:00:00" : "+00";
        break;
      case "Z":
        o += str(swapcase ? "utc" : "UTC", false);
        break;
      default:
        // An unknown conversion is copied as written.
        o += `%${c}`;
    }
  }
  return o;
}
