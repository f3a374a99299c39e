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
  'claim-file.not-written': [
    'error',
    '`check --fix`: a claim was read with errors, so it is not written from what was read (left out of a file written from the claims; its fixes not applied when the input is patched, then a warning).',
  ],
  'claim-file.not-carried': [
    'warning',
    '`convert`: the input has X12 segments the claim model does not carry, or data the output format (FHIR Claim or ExplanationOfBenefit, CSV, X12) does not carry, such as the provider-level adjustments (PLB) of an 835, so they are not in the output (listed by kind and loop, or by kind of data with a count of claims or remittances).',
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
    'The ISA declares unusable delimiters (the same character twice, or a letter/digit); reading stops there.',
  ],
  'x12.isa.repetition-separator': [
    'warning',
    'ISA11 is not a repetition separator although the version (00402+) needs one, or it repeats another delimiter; repetitions are not split.',
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
  'x12.envelope.version-mismatch': [
    'warning',
    "ST03 and GS08 name different implementation guides, or GS08 is not of the interchange's version (ISA12).",
  ],
  'x12.envelope.duplicate-control': [
    'error',
    "An ISA13 repeats an earlier interchange's in the file, a GS06 an earlier group's in the interchange, or an ST02 an earlier transaction set's in the group.",
  ],
  'x12.transaction.unsupported': [
    'warning',
    'A transaction set other than 837P/837I/835 (e.g. 837D, 999); it is skipped.',
  ],
  // Elements and loops
  'x12.element.required': [
    'error',
    "A required element is empty or absent (the billing provider's NPI, 2010AA NM108/NM109, is a warning: it is required only of providers that can have one).",
  ],
  'x12.element.invalid-number': [
    'error',
    "An amount, quantity, count or control number is not a valid number or has more digits than X12 allows (a quantity 15, an amount 18), or a charge, unit count or quantity is negative; diagnosis pointers (SV107) outside 1–12, more than 4, or naming an HI position that could not be read. Warnings: a pointer named twice, an LX01 that is not the line's place in its claim.",
  ],
  'x12.element.invalid-date': [
    'error',
    'A date or date range is not a valid calendar date, or a range ends before it starts.',
  ],
  'x12.element.not-used': [
    'warning',
    'An element the guide marks Not Used holds a value (e.g. SV208 in an 837I); it is not read.',
  ],
  'x12.element.invalid-length': [
    'error',
    'An element is shorter or longer than the guide allows (e.g. an ST02 of 3 characters; an 837 NTE02 of more than 80 characters is a warning, the note read whole).',
  ],
  'x12.element.invalid-code': ['error', 'A code is not one the guide allows there.'],
  'x12.element.diagnosis-format': [
    'warning',
    'A diagnosis code sent with a decimal point, blanks or in lower case (`C34.90`); it is read without them (`C3490`), which the TR3 requires.',
  ],
  'x12.hl.numbering': ['warning', 'HL01 does not start at 1 or does not increase by one.'],
  'x12.hl.parent': ['error', 'An HL names a parent that does not exist or is not of the right level.'],
  'x12.loop.required-segment': [
    'error',
    'A segment the loop requires is missing (e.g. N3 in 2010AA, HI in 2300); `segmentId` names the missing segment, `segmentIndex` the one it was looked for at, which the message names.',
  ],
  'x12.loop.repeat': ['error', 'A segment appears more often in its loop than the guide allows.'],
  'x12.hi.split-composite': [
    'warning',
    'HI qualifier and code are in separate elements (4010 style) instead of one composite.',
  ],
  // Writers
  'x12.write.missing-data': [
    'error',
    'Data an 837 requires is missing from the claim; the segment or element was left out, so the 837 will be rejected (`convert` exits 1). A warning for the CLM values (CLM05-3, CLM06–CLM09) the claim does not state: written as the usual values, each named with its meaning.',
  ],
  'x12.write.delimiter-in-data': [
    'warning',
    'A value contains a delimiter or control character (C0, DEL, C1); it was replaced by a blank.',
  ],
  'x12.write.dropped': [
    'warning',
    'The 837 variant has no place for some data (e.g. line notes in 837I); it was not written.',
  ],
  'x12.write.invalid-value': [
    'error',
    'A value does not fit its element (an NDC that is not 11 digits for LIN03 N4, an interchange id longer than the 15 characters of ISA06/ISA08 or GS02/GS03, a quantity of more than 15 digits before the point or one that rounds to 0, a negative charge, a unit count or NDC quantity that is negative); it was written as it is, or cut to fit, and the 837 will be rejected. A unit count or NDC quantity of 0 is a warning (it bills nothing; a void may carry it). A line diagnosis pointer that names no diagnosis the HI holds is not written.',
  ],
  'x12.write.quantity-rounded': [
    'warning',
    'A quantity has more than the 3 decimals drugclaim writes, or more digits than the 15 an X12 quantity holds; its nearest value was written.',
  ],
  'x12.write.envelope-changed': [
    'warning',
    'A control number the claims came in could not be written again (the input repeats it, a transaction set was split at 5000 claims, or it is not a valid one); a new one was written.',
  ],
  'x12.write.diagnosis-rewritten': [
    'info',
    '`check --fix`: a diagnosis the 837 sent with a decimal point, blanks or in lower case (`HI*ABK:C34.90`) was written as the TR3 wants it (`C3490`).',
  ],
  'x12.write.line-adjudication': [
    'warning',
    "`check --fix`: a fixed service line has another payer's adjudication (2430 SVD/CAS) of the line as billed, kept as it was; it no longer matches the line and must be corrected before sending.",
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
  'fhir.element.invalid': [
    'error',
    'An element has the wrong JSON type or a value that cannot be read (a quantity "150", an amount 1e309, a date not on the calendar): it is not read, and nothing is put in its place.',
  ],
  'fhir.item.duplicate-sequence': ['warning', 'Two items share one sequence number.'],
  'fhir.reference.unresolved': [
    'warning',
    'A reference the reader follows (patient, provider, insurer, coverage, care team, payee) points to no resource in the file, or to one of another type: what it holds is unknown (a coverage: the payer kind, so payer rules are not applied).',
  ],
  'fhir.resource.skipped': [
    'warning',
    'A Claim or ExplanationOfBenefit that is not live data (status entered-in-error or cancelled) or not a claim for payment (use preauthorization or predetermination): it is not read.',
  ],
  // Claim JSON and CSV
  'json.invalid': [
    'error',
    'The text is not valid JSON, or nests more than 100 levels deep (the message gives the line and column).',
  ],
  'json.claim.invalid': [
    'error',
    "A claim or remittance does not fit the canonical model; it was not read. A claim that fits it but holds what an 837 cannot carry (no lines, a negative quantity or amount, an NDC unit other than CTP05-1's) is kept as sent; a pointer that names no diagnosis is a warning.",
  ],
  'csv.invalid': ['error', 'The text is not valid CSV.'],
  'csv.column.missing': ['error', 'A required column (claimId, procedure, units, charge) is missing.'],
  'csv.column.unknown': ['warning', 'Columns that are not part of the layout; they are ignored.'],
  'csv.value.invalid': [
    'error',
    "A cell holds a value its column does not accept, or one an 837 cannot carry (a negative quantity or amount, an NDC unit other than CTP05-1's, a fifth modifier): kept as sent where it could be read. A warning for money past the cent (rounded) and a pointer past the diagnoses.",
  ],
  'csv.write.invalid-value': [
    'error',
    "The CSV written cannot hold a claim as it is: its id is an earlier written claim's (rows join by claimId, so the two read back as one), or a line's diagnosis pointer names no diagnosis (left out; written as it is, a warning, when it lies past the end of the diagnoses column).",
  ],
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
