/**
 * Every problem code the claim readers and writers can report, with its usual severity and what it means.
 * docs/claims-io.md ("Problem codes") lists the same codes; a test checks both lists match and that every code
 * written in the sources is listed here.
 */
import type { Severity } from '../../core/problem.ts';

export const claimIoCodes = {
  // Encoding and file
  'claim-file.read-failed': ['error', 'The file could not be read (missing, unreadable).'],
  'claim-file.empty': ['error', 'The file is empty.'],
  'claim-file.unknown-format': ['error', 'The content is not X12, FHIR JSON, claim JSON or claim CSV.'],
  'claim-file.too-many-problems': [
    'warning',
    'More problems than the listing limit; the rest are counted, not listed.',
  ],
  'claim-file.unsupported-output': [
    'error',
    'The requested output format cannot carry what was read (e.g. remittances as 837).',
  ],
  'claim-file.too-large': [
    'error',
    'A JSON, FHIR or CSV file longer than the longest text JavaScript can hold (about 536 MB); X12 has no such limit.',
  ],
  'claim-file.not-carried': [
    'warning',
    '`convert`: the input has X12 segments the claim model does not carry, or data the output format (FHIR Claim, CSV) does not carry, so they are not in the output (listed by kind and loop, or by kind of data with a count of claims).',
  ],
  'x12.encoding.unsupported': ['error', 'Not text X12 can be read from: EBCDIC, UTF-32, or binary content.'],
  'x12.encoding.invalid-utf8': ['warning', 'Some bytes are not valid UTF-8; they were read as Latin-1.'],
  // Tokenizer
  'x12.not-x12': ['error', 'The content does not start with an X12 segment.'],
  'x12.isa.malformed': [
    'error',
    'The ISA does not have 16 elements, so no delimiters could be read from it.',
  ],
  'x12.isa.length': [
    'error',
    'The ISA is not 106 characters (unpadded fields); delimiters were read by counting separators.',
  ],
  'x12.isa.delimiters': [
    'error',
    'The ISA declares unusable delimiters (the same character twice, or a letter/digit).',
  ],
  'x12.isa.repetition-separator': [
    'warning',
    'ISA11 is not a repetition separator although the version (00402+) needs one.',
  ],
  'x12.segment.invalid-id': ['error', 'A segment id is not 2–3 upper-case letters or digits.'],
  'x12.segment.unterminated': ['warning', 'The last segment has no terminator.'],
  'x12.segment.missing-terminator': [
    'warning',
    'A line break stands where a segment terminator was expected.',
  ],
  'x12.segment.line-break': ['warning', 'A segment contains a line break (wrapped file); it was removed.'],
  'x12.segment.too-long': ['error', 'No segment terminator within 1 MiB; reading stopped.'],
  'x12.segment.too-many-elements': [
    'error',
    'A segment has more elements than its definition allows; the extra ones are ignored.',
  ],
  'x12.segment.out-of-place': [
    'error',
    'A segment appears where its loop cannot be (e.g. SV1 before any CLM).',
  ],
  // Envelopes
  'x12.envelope.missing-isa': [
    'warning',
    'No ISA interchange header; delimiters were inferred from the first segment.',
  ],
  'x12.envelope.unexpected': ['error', 'An SE/GE/IEA with nothing open, or segments outside any ST…SE.'],
  'x12.envelope.unclosed': [
    'error',
    'An ST, GS or ISA is not closed before the next one or the end of the file.',
  ],
  'x12.envelope.count-mismatch': [
    'error',
    'SE01, GE01 or IEA01 does not match the number of segments, transaction sets or groups.',
  ],
  'x12.envelope.control-mismatch': ['error', 'SE02, GE02 or IEA02 does not repeat ST02, GS06 or ISA13.'],
  'x12.envelope.version-mismatch': ['warning', 'ST03 and GS08 name different implementation guides.'],
  'x12.transaction.unsupported': [
    'warning',
    'A transaction set other than 837P/837I/835 (e.g. 837D, 999); it is skipped.',
  ],
  // Elements and loops
  'x12.element.required': ['error', 'A required element is empty or absent.'],
  'x12.element.invalid-number': [
    'error',
    'An amount, quantity, count or control number is not a valid number.',
  ],
  'x12.element.invalid-date': ['error', 'A date or date range is not a valid calendar date.'],
  'x12.element.invalid-code': ['error', 'A code is not one the guide allows there.'],
  'x12.hl.numbering': ['warning', 'HL01 does not start at 1 or does not increase by one.'],
  'x12.hl.parent': ['error', 'An HL names a parent that does not exist or is not of the right level.'],
  'x12.loop.required-segment': [
    'error',
    'A segment the loop requires is missing (e.g. N3 in 2010AA, HI in 2300).',
  ],
  'x12.loop.repeat': ['error', 'A segment appears more often in its loop than the guide allows.'],
  'x12.hi.split-composite': [
    'warning',
    'HI qualifier and code are in separate elements (4010 style) instead of one composite.',
  ],
  // Writers
  'x12.write.missing-data': [
    'error',
    'Data an 837 requires is missing from the claim; the segment or element was left out, so the 837 will be rejected (`convert` exits 1).',
  ],
  'x12.write.delimiter-in-data': [
    'warning',
    'A value contains a delimiter or control character; it was replaced by a blank.',
  ],
  'x12.write.dropped': [
    'warning',
    'The 837 variant has no place for some data (e.g. line notes in 837I); it was not written.',
  ],
  // FHIR
  'fhir.json.invalid': [
    'error',
    'The text is not valid JSON (or an NDJSON line is not), or nests more than 100 levels deep.',
  ],
  'fhir.resource.unsupported': [
    'warning',
    'A resource other than Claim/ExplanationOfBenefit (or their references); not read.',
  ],
  'fhir.resource.none': ['error', 'The JSON holds no Claim or ExplanationOfBenefit.'],
  'fhir.element.missing': ['warning', 'An element R4 requires (or drugclaim needs) is missing.'],
  'fhir.element.invalid': ['error', 'An element has the wrong type.'],
  'fhir.item.duplicate-sequence': ['warning', 'Two items share one sequence number.'],
  // Claim JSON and CSV
  'json.invalid': [
    'error',
    'The text is not valid JSON, or nests more than 100 levels deep (the message gives the line and column).',
  ],
  'json.claim.invalid': ['error', 'A claim or remittance does not fit the canonical model; it was not read.'],
  'csv.invalid': ['error', 'The text is not valid CSV.'],
  'csv.column.missing': ['error', 'A required column (claimId, procedure, units, charge) is missing.'],
  'csv.column.unknown': ['warning', 'Columns that are not part of the layout; they are ignored.'],
  'csv.value.invalid': ['error', 'A cell holds a value its column does not accept.'],
  'csv.no-rows': ['warning', 'The CSV holds its header line and no rows.'],
  'csv.line.duplicate': ['error', 'Two rows of one claim give the same line number.'],
  'csv.row.field-count': [
    'error',
    'A row has more fields than the header (an unquoted comma in a value): the row is not read. Fewer fields: a warning, the missing ones at its end read as empty.',
  ],
  'csv.claim.conflict': [
    'warning',
    "A later row of a claim gives other claim-level values (payer, patient, diagnoses…) than its first row; the first row's are kept.",
  ],
} as const satisfies Record<string, readonly [Severity, string]>;

export type ClaimIoCode = keyof typeof claimIoCodes;
