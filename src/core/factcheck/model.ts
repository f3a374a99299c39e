/**
 * What the fact checker returns: every statement it found that ties a HCPCS code to a drug, a billing unit or a
 * modifier meaning (or a modifier to a place on the claim), with a verdict against the reference data on a date.
 * `--json` prints this shape; keys are stable camelCase.
 */
import type { FactSource } from '../guides/model.ts';
import type { IsoDate } from '../reference/model.ts';

/**
 * `outdated`: true as written, but the code or modifier is not valid on the date (terminated, or not yet added), so
 * a reader billing on that date is misled; counted apart and treated like `false` by the CLI exit code.
 */
export type Verdict = 'true' | 'false' | 'unknown' | 'outdated';

export type ClaimKind =
  /** "J9312 is pemetrexed", "code J9047, carfilzomib, 1 mg", "bill Keytruda with J9271". */
  | 'code-drug'
  /** "J9173 is billed per 10 mg", "one unit of J9173 = 10 mg". */
  | 'code-unit'
  /** "modifier JW indicates no waste". */
  | 'modifier-meaning'
  /** "append modifier 25 to the J-code line", "JW and JZ on the same line", "use JG for 340B drugs". */
  | 'modifier-use';

export interface ClaimedFacts {
  /** The drug or product name as written. */
  drug?: string;
  /** The billing unit as written ("1 mg"). */
  unit?: string;
  /** The modifier and what the text says it means or where it goes. */
  modifier?: string;
  meaning?: string;
  /** The text says the code also covers biosimilars ("J1745 is infliximab, including biosimilars"). */
  includesBiosimilars?: boolean;
}

export interface SuggestedCode {
  code: string;
  longDescription: string;
}

export interface CheckedClaim {
  /** The sentence the statement was found in. */
  text: string;
  /** 1-based line of the statement in the input; offsets into the input (UTF-16 code units). */
  line: number;
  start: number;
  end: number;
  kind: ClaimKind;
  /** The HCPCS code (or the modifier, for modifier claims) the statement is about. */
  code: string;
  claimed: ClaimedFacts;
  /** The statement was negated ("J9312 is not pemetrexed"); the verdict is on the statement as written. */
  negated: boolean;
  verdict: Verdict;
  /** The correct fact, in plain words, from the reference data on the date. */
  actual: string;
  /** What to write instead (e.g. "pemetrexed is J9305, J9304, …"); null when the statement is true. */
  suggestion: string | null;
  /** Codes the suggestion names, for tools. */
  suggestedCodes: SuggestedCode[];
  sources: FactSource[];
}

/**
 * A sentence that names a code or modifier but was not (wholly) checked: no recognised statement is about some of
 * its codes, or it states a billing unit no statement took up. Listed so that "0 false" is not read as "all
 * verified": the checker reports only what it can settle from the data.
 */
export interface UncheckedSentence {
  text: string;
  line: number;
  start: number;
  end: number;
  /** Codes and modifiers named in the sentence that no checked statement is about. */
  codes: string[];
  /** The sentence states a billing unit ("billed per 6 mg") that no checked statement carries. */
  unitNotChecked: boolean;
  /**
   * Set when the sentence pairs several codes with several names and which name goes with which code is not
   * certain ("J9312, J9271 and J9299 are rituximab and pembrolizumab"): no verdict is given on a guess.
   */
  pairingUncertain?: true;
  /**
   * Set when the sentence joins codes or names by "or" where it may mean each of them or one of them and the two
   * readings differ ("Rituximab is billed with J9312 or J9271"), or by a "nor" (or "neither") without its other half
   * ("J9271 nor J9299 is rituximab"): no verdict is given on a guess.
   */
  readingUncertain?: true;
  /**
   * Set when no ASP NDC-HCPCS crosswalk is loaded: product (brand) names are read from it, so a statement naming
   * one ("Keytruda is billed with J9271") could not be recognised, not found wrong.
   */
  crosswalkNotLoaded?: true;
}

export interface FactCheckResult {
  date: IsoDate;
  claims: CheckedClaim[];
  /** Sentences with codes or modifiers that were not checked, in text order. */
  notChecked: UncheckedSentence[];
  summary: {
    claims: number;
    true: number;
    false: number;
    unknown: number;
    outdated: number;
    /** Sentences in `notChecked`. */
    notChecked: number;
  };
}
