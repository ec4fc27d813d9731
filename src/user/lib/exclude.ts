/**
 * File-name exclusion lists as gnulib lib/exclude.c keeps them for grep's --include,
 * --exclude, --exclude-from and --exclude-dir: patterns grouped into segments (a new
 * segment whenever the kind of pattern or its include/exclude sense changes), the newest
 * segment first, and the answer of the first segment that matches; when none matches, the
 * opposite of the oldest segment's sense (so `--include=GLOB` alone excludes the rest).
 */

import { fnmatch } from "./fnmatch.ts";

interface Segment {
  /** A literal name (gnulib keeps those in a hash table) or a wildcard pattern. */
  hashed: boolean;
  include: boolean;
  patterns: string[];
}

/** Mirrors exclude.c:fnmatch_pattern_has_wildcards() for grep's options (no FNM_ flags). */
export function hasWildcards(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "?" || c === "*" || c === "[" || c === "]") return true;
  }
  return false;
}

/**
 * Mirrors exclude.c:exclude_fnmatch(): the whole name, or (unanchored) any part of it that
 * follows a '/', matches.
 */
function matchName(pattern: string, name: string, anchored: boolean): boolean {
  if (fnmatch(pattern, name)) return true;
  if (anchored) return false;
  for (let i = 0; i < name.length; i++) {
    if (name[i] === "/" && name[i + 1] !== "/" && fnmatch(pattern, name.slice(i + 1))) return true;
  }
  return false;
}

export class ExcludeList {
  /** Newest first, as new_exclude_segment() pushes them. */
  private segments: Segment[] = [];

  constructor(private readonly anchored: boolean) {}

  /** Mirrors exclude.c:add_exclude() with EXCLUDE_WILDCARDS. */
  add(pattern: string, include: boolean): void {
    const hashed = !hasWildcards(pattern);
    const head = this.segments[0];
    if (!head || head.hashed !== hashed || head.include !== include) {
      this.segments.unshift({ hashed, include, patterns: [] });
    }
    this.segments[0].patterns.push(pattern);
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  /** Mirrors exclude.c:excluded_file_name(). */
  excluded(name: string): boolean {
    if (!this.segments.length) return false;
    for (const seg of this.segments) {
      if (seg.patterns.some((p) => matchName(p, name, this.anchored))) return !seg.include;
    }
    return this.segments[this.segments.length - 1].include;
  }
}
