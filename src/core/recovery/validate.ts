/**
 * A small structural validator for the recovery rules files (denial mapping, contracts, appeal deadlines).
 * Pure and dependency-free (the core has none): each check appends a Problem naming the path of the bad field
 * (e.g. `carc.16.cause`) and goes on, so a wrong file is reported in one pass.
 */
import type { Problem } from '../problem.ts';

export class Checker {
  readonly problems: Problem[] = [];
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  fail(path: string, message: string): void {
    this.problems.push({
      code: 'recovery.rules.invalid',
      severity: 'error',
      message: `${this.file}: ${path}: ${message}`,
      at: { file: this.file, path },
    });
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected a mapping, got ${describe(value)}`);
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(path, `expected a list, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, `expected text, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  number(
    value: unknown,
    path: string,
    options: { min?: number; integer?: boolean } = {},
  ): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `expected a number, got ${describe(value)}`);
      return undefined;
    }
    if (options.integer && !Number.isInteger(value)) {
      this.fail(path, `expected a whole number, got ${value}`);
      return undefined;
    }
    if (options.min !== undefined && value < options.min) {
      this.fail(path, `expected at least ${options.min}, got ${value}`);
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value !== 'boolean') {
      this.fail(path, `expected true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T | undefined {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
      return undefined;
    }
    return value as T;
  }

  isoDate(value: unknown, path: string): string | undefined {
    // YAML turns an unquoted 2026-01-01 into a Date; accept both.
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      this.fail(path, `expected a date YYYY-MM-DD, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  stringList(value: unknown, path: string): string[] | undefined {
    const list = this.array(value, path);
    if (!list) return undefined;
    const out: string[] = [];
    list.forEach((item, i) => {
      const s = this.string(item, `${path}.${i}`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** Fails for keys of `obj` not in `known`. */
  onlyKeys(obj: Record<string, unknown>, known: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key))
        this.fail(path === '' ? key : `${path}.${key}`, `unknown field (expected ${known.join(', ')})`);
    }
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
