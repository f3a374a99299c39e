/**
 * Conformance on real files: every file in ../shared/samples/x12 is read and checked against the values in its
 * MANIFEST.md entry (gold values its source project's tests assert, and the observed values listed there).
 * A new sample without an entry below fails the test.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim, Remittance } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Bytes } from './index.ts';
import type { X12ReadResult } from './index.ts';

interface Expected {
  transactions: string[];
  claims: number;
  lines: number;
  remittanceClaims?: number;
  serviceLines?: number;
  /** BPR02 of each remittance, in cents. */
  payments?: number[];
  /** Problem codes that must be reported (severity error unless prefixed "warning:"). */
  errors?: string[];
  /** When true, no error-level problem may be reported. */
  clean?: boolean;
  check?: (r: X12ReadResult) => void;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const codes = (r: X12ReadResult, severity: Problem['severity'] = 'error'): string[] =>
  r.problems.filter((p) => p.severity === severity).map((p) => p.code);
const line = (c: Claim | undefined, i: number) => {
  const l = c?.lines[i];
  assert.ok(l, `claim ${c?.id} has line ${i + 1}`);
  return l;
};
const dxOf = (c: Claim): string[] => c.diagnoses.map((d) => `${d.qualifier ?? ''}:${d.code}`);
const remClaims = (r: X12ReadResult): Remittance['claims'] => r.remittances.flatMap((x) => x.claims);

const expected: Record<string, Expected> = {
  '837P_lfh_drug-example10-1_J1550-ndc.837': {
    transactions: ['837P/0711'],
    claims: 1,
    lines: 2,
    clean: true,
    check: (r) => {
      const c = r.claims[0];
      assert.ok(c);
      assert.equal(c.id, 'CLMNO12345');
      assert.equal(c.totalChargeCents, 10337);
      assert.equal(c.placeOfService, '11');
      assert.equal(c.frequencyCode, '1');
      // Gold (LinuxForHealth, earlier test on an upper-case copy): patient NM103 VAUGHN, NM104 STEVE.
      assert.deepEqual(
        [c.patient.lastName?.toUpperCase(), c.patient.firstName?.toUpperCase(), c.patient.memberId],
        ['VAUGHN', 'STEVE', 'MBRID12345'],
      );
      // The subscriber is the patient (SBR02 18, no 2000C loop): DOB and sex come from the subscriber's DMG.
      assert.deepEqual(
        [c.patient.birthDate, c.patient.sex, c.subscriber?.relationship, c.patientRelationship],
        ['1943-05-01', 'M', '18', undefined],
      );
      assert.deepEqual(
        [c.billingProvider.name, c.billingProvider.npi, c.billingProvider.tin],
        ['Associates in Medicine', '1234567893', '587654321'],
      );
      assert.deepEqual([c.payer.name, c.payer.id], ['R&R Health Plan', 'PLANID12345']);
      assert.deepEqual(
        [c.subscriber?.groupNumber, c.subscriber?.claimFilingIndicator, c.payer.kind],
        ['GRP01020102', 'CI', 'commercial'],
      );
      assert.deepEqual(
        [c.submitter?.name, c.submitter?.contact?.name, c.receiver?.name],
        ['Associates in Medicine', 'Bud Holly', 'XYZ Receiver'],
      );
      assert.deepEqual(dxOf(c), ['BK:03591']);
      assert.deepEqual(
        [c.renderingProvider?.lastName, c.renderingProvider?.npi, c.renderingProvider?.taxonomy],
        ['Hendrix', '1122333341', '208D00000X'],
      );
      // Gold: 2 SV1 segments. SV1*HC:90782*50.00*UN*1.00*11**1 and SV1*HC:J1550*53.37*UN*1.00*11**1.
      assert.deepEqual(
        c.lines.map((l) => [
          l.sequence,
          l.procedure.qualifier,
          l.procedure.code,
          l.procedure.modifiers,
          l.chargeCents,
          l.unitType,
          l.units,
          l.placeOfService,
          l.diagnosisPointers,
          l.serviceDate,
        ]),
        [
          [1, 'HC', '90782', [], 5000, 'UN', 1, '11', [1], '2004-07-11'],
          [2, 'HC', 'J1550', [], 5337, 'UN', 1, '11', [1], '2004-07-11'],
        ],
      );
      assert.equal(sum(c.lines.map((l) => l.chargeCents)), c.totalChargeCents);
      assert.equal(line(c, 0).drug, undefined);
      const drug = line(c, 1);
      assert.deepEqual(drug.drug, { ndc: '00026063512', ndcQualifier: 'N4', quantity: 10, unit: 'ML' });
      assert.equal(c.envelope?.version, '005010X222A2');
      assert.equal(c.envelope?.interchangeControl, '000000907');
    },
  },
  '837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt': {
    transactions: ['837P/0001'],
    claims: 1,
    lines: 1,
    // No LX, no 2010BB payer loop, pointer in SV108 instead of SV107, CTP without a unit, SE01 24 for 25 segments.
    errors: [
      'x12.loop.required-segment',
      'x12.element.required',
      'x12.envelope.count-mismatch',
      'warning:x12.element.invalid-code',
    ],
    check: (r) => {
      const c = r.claims[0];
      assert.ok(c);
      assert.deepEqual([c.id, c.totalChargeCents], ['12345', 15000]);
      // SBR09 "MC" is the Medicaid code in the X12 code list.
      assert.equal(c.payer.kind, 'medicaid');
      assert.deepEqual(dxOf(c), ['ABK:I109']);
      const l = line(c, 0);
      assert.deepEqual(
        [l.procedure.code, l.units, l.chargeCents, l.serviceDate],
        ['J1745', 2, 15000, '2023-05-15'],
      );
      assert.equal(l.drug?.ndc, '50242004001');
      // CTP***2*150.00: the quantity is CTP04 as sent (150, the misplaced charge); no CTP05 unit. An edit's business.
      assert.deepEqual([l.drug?.quantity, l.drug?.unit], [150, undefined]);
      // No LX: the line is still numbered 1. The pointer sits in SV108, so SV107 (the pointers) is empty.
      assert.deepEqual([l.sequence, l.placeOfService, l.diagnosisPointers], [1, '11', []]);
      // PRV*PE*ZZ*207RC0000X: the taxonomy is read; "ZZ" in PRV02 (the qualifier; PXC expected) is a warning.
      assert.equal(c.renderingProvider?.taxonomy, '207RC0000X');
      assert.ok(
        r.problems.some(
          (p) =>
            p.code === 'x12.element.invalid-code' &&
            p.severity === 'warning' &&
            p.at?.segmentId === 'PRV' &&
            p.at.element === 2,
        ),
      );
      assert.equal(c.patient.birthDate, '1900-01-01');
      // No NM1*PR: no payer name or id.
      assert.deepEqual([c.payer.name, c.payer.id], [undefined, undefined]);
      const messages = r.problems.map((p) => `${p.code}:${p.at?.segmentId}:${p.at?.loop}`);
      assert.ok(messages.includes('x12.loop.required-segment:SV1:2400'), 'missing LX reported at the SV1');
      assert.ok(messages.includes('x12.loop.required-segment:CLM:2010BB'), 'missing payer loop reported');
      assert.ok(messages.includes('x12.element.required:CTP:2410'), 'missing CTP05 reported');
      assert.ok(messages.includes('x12.element.required:SV1:2400'), 'missing SV107 reported');
    },
  },
  '837P_hccinfhir_sample_837_0_chpw_multi-st.txt': {
    transactions: ['837P/000000001', '837P/000000002', '837P/000000003', '837P/000000004', '837P/000000005'],
    claims: 5,
    lines: 5,
    clean: true,
    check: (r) => {
      const rows = r.claims.map((c) => [
        c.id,
        c.totalChargeCents,
        c.placeOfService,
        c.diagnoses.map((d) => `${d.qualifier}:${d.code}`).join(','),
        `${line(c, 0).procedure.code}${line(c, 0)
          .procedure.modifiers.map((m) => `:${m}`)
          .join('')}`,
        line(c, 0).chargeCents,
        line(c, 0).units,
      ]);
      assert.deepEqual(rows, [
        ['1805080AV3648339', 2000, '57', 'ABK:F1120', 'H0003', 2000, 1],
        ['1805080AV3648347', 5010, '57', 'ABK:F1520,ABF:F1220', '96153:HF', 5010, 6],
        ['1805080AV3648340', 1164, '57', 'ABK:F1020,ABF:F1220', 'T1017:HF', 1164, 1],
        ['1805080AV3648353', 23400, '53', 'ABK:F251', '90853', 23400, 120],
        ['1805080AV3648355', 2000, '57', 'ABK:F1020,ABF:F1120', 'H0003', 2000, 1],
      ]);
      assert.equal(sum(r.claims.map((c) => c.totalChargeCents)), 33574);
      // Gold: the first service line links diagnosis F1120.
      const first = r.claims[0];
      assert.ok(first);
      assert.deepEqual(
        line(first, 0).diagnosisPointers.map((p) => first.diagnoses[p - 1]?.code),
        ['F1120'],
      );
      // NTE*ADD*05 on the line of the fourth claim.
      assert.deepEqual(
        r.claims.map((c) => c.lines.flatMap((l) => l.notes)),
        [[], [], [], ['05'], []],
      );
      // Each ST is its own transaction; every claim keeps the one it came in.
      assert.deepEqual(
        r.claims.map((c) => c.envelope?.transactionControl),
        ['000000001', '000000002', '000000003', '000000004', '000000005'],
      );
      assert.ok(r.claims.every((c) => c.payer.id === 'CHPWA'));
      // What the claim model does not carry: the clearinghouse claim id (REF*D9) of each claim.
      assert.deepEqual(r.passedOver, { 'REF*D9 (2300)': 5 });
      // 2010AB pay-to address, in every transaction.
      assert.ok(
        r.claims.every(
          (c) =>
            JSON.stringify(c.payToAddress) ===
            JSON.stringify({ line1: 'PO BOX 1234', city: 'VANCOUVER', state: 'WA', postalCode: '986681234' }),
        ),
      );
    },
  },
  '837P_imsweb_x12_valid.txt': {
    transactions: ['837P/987654'],
    claims: 2,
    lines: 2,
    // SE01 25 for 34 segments; "HL*2*3*22" names a parent that does not exist.
    errors: [
      'x12.envelope.count-mismatch',
      'x12.hl.parent',
      'warning:x12.hi.split-composite',
      'warning:x12.isa.repetition-separator',
    ],
    check: (r) => {
      const [a, b] = r.claims;
      assert.ok(a && b);
      assert.deepEqual(
        [a.id, b.id, a.totalChargeCents, b.totalChargeCents],
        ['A37YH556', 'A37YH667', 50000, 50000],
      );
      assert.deepEqual(
        [a.subscriber?.firstName, b.subscriber?.firstName, a.subscriber?.memberId],
        ['JOHN', 'DAVID', '123456'],
      );
      // Gold (MANIFEST): 2010AB NM101 87, N301 227 LASTNER LANE, N401 GREENBELT; both claims are under it.
      for (const c of [a, b])
        assert.deepEqual(c.payToAddress, {
          line1: '227 LASTNER LANE',
          city: 'GREENBELT',
          state: 'MD',
          postalCode: '20770',
        });
      assert.notEqual(a.payToAddress, b.payToAddress, 'claims do not share objects');
      assert.deepEqual([a.subscriber?.groupName, b.subscriber?.groupName], [undefined, undefined]);
      // Gold: SBR02 empty (no individual relationship code), SBR01 P.
      assert.deepEqual(
        [a.subscriber?.relationship, a.subscriber?.payerResponsibility, a.subscriber?.claimFilingIndicator],
        [undefined, 'P', 'CI'],
      );
      assert.deepEqual(
        [a.subscriber?.groupNumber, b.subscriber?.groupNumber],
        ['SUBSCRIBER GROUP', 'SUBSCRIBER GROUP TWO'],
      );
      assert.deepEqual(
        [a.payer.name, b.payer.name, a.payer.id],
        ['HEALTH INSURANCE COMPANY', 'HEALTH INSURANCE COMPANY TWO', '11122333'],
      );
      assert.deepEqual(
        [
          a.billingProvider.name,
          a.billingProvider.npi,
          a.billingProvider.tin,
          a.billingProvider.address?.postalCode,
        ],
        ['MEDICAL GROUP', '1234567890', '123456789', '20705'],
      );
      // Gold: HI01 BK, HI02 8901 / 1987 (4010-style split elements); the composite in HI05 is read as well.
      assert.deepEqual(dxOf(a), ['BK:8901', 'BF:87200', 'BF:5559']);
      assert.deepEqual(dxOf(b), ['BK:1987', 'BF:4134', 'BF:5559']);
      // Gold: 2010AA NM101 85 (billing provider), PER02 JANE JONES; 1000A PER04 3016809770; 1000B NM102 2.
      assert.deepEqual(
        [a.billingProvider.contact?.name, a.billingProvider.contact?.phone, a.billingProvider.address?.line1],
        ['JANE JONES', '3022893453', '3901 CALVERTON BLVD'],
      );
      assert.deepEqual(
        [a.submitter?.name, a.submitter?.contact?.name, a.submitter?.contact?.phone, a.receiver?.name],
        ['ANGELASZEK MEDICAL', 'DAVID ANGELASZEK', '3016809770', 'HEALTH RECEIVER'],
      );
      // Gold: LX01 1 / 2; SV107 has 1 sub-element on line 1 and 3 on line 2.
      assert.deepEqual([line(a, 0).sequence, line(b, 0).sequence, line(a, 0).diagnosisPointers], [1, 2, [1]]);
      assert.deepEqual(
        [line(a, 0).chargeCents, line(b, 0).chargeCents, line(a, 0).units, line(a, 0).unitType],
        [1225, 1225, 1, 'UN'],
      );
      // Gold: line 1 of the file is the ISA, line 10 the billing provider's N3. Positions count lines from 1:
      // CLM*A37YH556 is on line 22, CLM*A37YH667 on line 31.
      assert.deepEqual([a.position?.line, b.position?.line, line(a, 0).position?.segmentId], [22, 31, 'SV1']);
      // Gold: read as X222 the transaction is an 837P.
      assert.equal(r.transactions[0]?.version, '005010X222A1');
      assert.deepEqual(
        [line(a, 0).procedure.qualifier, line(a, 0).procedure.code, line(a, 0).procedure.modifiers],
        ['HC', '99211', ['25']],
      );
      assert.deepEqual(
        [line(b, 0).procedure.code, line(b, 0).procedure.modifiers, line(b, 0).diagnosisPointers],
        ['478331', ['25'], [1, 2, 3]],
      );
      assert.deepEqual(
        [line(a, 0).serviceDate, line(a, 0).serviceDateTo, line(b, 0).serviceDate, line(b, 0).serviceDateTo],
        ['2005-03-14', '2005-03-25', '2005-03-22', '2005-03-25'],
      );
      assert.deepEqual(a.envelope, {
        interchangeControl: '000000905',
        groupControl: '1',
        transactionControl: '987654',
        version: '005010X222A1',
        // ISA05–08 (without the padding), ISA14/15 and GS02/03: what a claim written back is addressed with.
        senderQualifier: 'ZZ',
        senderId: 'SUBMITTERS.ID',
        receiverQualifier: 'ZZ',
        receiverId: 'RECEIVERS.ID',
        acknowledgmentRequested: '1',
        usage: 'T',
        applicationSender: 'SENDER CODE',
        applicationReceiver: 'RECEIVER CODE',
        // BHT02, BHT03, BHT05, BHT06; BHT04: when the submitter created the transaction.
        purpose: '00',
        reference: '0123',
        created: '1996-09-18',
        createdTime: '0932',
        transactionType: 'CH',
      });
      const se = r.problems.find((p) => p.code === 'x12.envelope.count-mismatch');
      assert.deepEqual([se?.at?.segmentId, se?.at?.element, se?.at?.line], ['SE', 1, 36]);
    },
  },
  '837P_imsweb_x12_multiple_gs.txt': {
    transactions: ['837P/987654', '837P/987654', '837P/987654'],
    claims: 6,
    lines: 6,
    // IEA01 says 1 group for 3.
    errors: ['x12.envelope.count-mismatch', 'x12.hl.parent'],
    check: (r) => {
      assert.ok(
        r.problems.some((p) => p.code === 'x12.envelope.count-mismatch' && p.at?.segmentId === 'IEA'),
      );
      const gs1 = r.claims.slice(2, 4).map((c) => [line(c, 0).serviceDate, line(c, 0).serviceDateTo]);
      assert.deepEqual(gs1, [
        ['2005-03-14', '2005-03-25'],
        ['2001-05-23', '2001-06-01'],
      ]);
      assert.deepEqual(
        r.claims.map((c) => c.envelope?.groupControl),
        ['1', '1', '1', '1', '1', '1'],
      );
      // Gold: 6 loops 2000B in all; 1000A PER02 DAVID ANGELASZEK in GS[0], DAVID JEFFREY ANGELASZEK in GS[2].
      assert.deepEqual(
        r.claims.map((c) => `${c.id} ${c.subscriber?.firstName}`),
        [
          'A37YH556 JOHN',
          'A37YH667 DAVID',
          'A37YH556 JOHN',
          'A37YH667 DAVID',
          'A37YH556 JOHN',
          'A37YH667 DAVID',
        ],
      );
      assert.deepEqual(
        [r.claims[0]?.submitter?.contact?.name, r.claims[4]?.submitter?.contact?.name],
        ['DAVID ANGELASZEK', 'DAVID JEFFREY ANGELASZEK'],
      );
    },
  },
  '837P_imsweb_x12_multiple_transactions_LARGE.txt': {
    transactions: Array.from({ length: 312 }, () => '837P/987654'),
    claims: 624,
    lines: 624,
    errors: ['x12.envelope.count-mismatch'],
    check: (r) => {
      assert.deepEqual(new Set(r.claims.map((c) => c.id)), new Set(['A37YH556', 'A37YH667']));
      // Gold (imsweb testManyTransactions): in each interchange IEA02 000000905, GE02 1, ST02/SE02 987654.
      assert.ok(
        r.claims.every(
          (c) =>
            c.envelope?.interchangeControl === '000000905' &&
            c.envelope.groupControl === '1' &&
            c.envelope.transactionControl === '987654' &&
            c.envelope.version === '005010X222A1',
        ),
      );
      assert.deepEqual(
        r.claims.slice(0, 4).map((c) => c.id),
        ['A37YH556', 'A37YH667', 'A37YH556', 'A37YH667'],
      );
      // One SE count mismatch per transaction (SE01 25 for 34 segments), and nothing about the interchanges.
      assert.equal(r.problems.filter((p) => p.code === 'x12.envelope.count-mismatch').length, 312);
      assert.ok(
        r.problems.every((p) => p.code !== 'x12.envelope.count-mismatch' || p.at?.segmentId === 'SE'),
      );
      assert.equal(r.segments, 11856);
    },
  },
  'MALFORMED_837P_imsweb_x12_bad_first_line.txt': {
    transactions: ['837P/987654'],
    claims: 2,
    lines: 2,
    errors: ['x12.isa.length'],
    check: (r) => {
      const isa = r.problems.find((p) => p.code === 'x12.isa.length');
      assert.deepEqual([isa?.at?.segmentIndex, isa?.at?.segmentId, isa?.at?.line], [0, 'ISA', 1]);
      // Gold (imsweb testBadFirstLine): exactly one error about the separators. The other errors are the ones
      // x12_valid.txt has too (same content).
      assert.equal(
        r.problems.filter((p) => p.code.startsWith('x12.isa.') && p.severity === 'error').length,
        1,
      );
      assert.deepEqual([...new Set(codes(r))].sort(), [
        'x12.envelope.count-mismatch',
        'x12.hl.parent',
        'x12.isa.length',
      ]);
      // Counting separators still finds the right delimiters: the claims read as in x12_valid.txt.
      assert.deepEqual(
        r.claims.map((c) => c.id),
        ['A37YH556', 'A37YH667'],
      );
    },
  },
  'MALFORMED_837P_imsweb_x12_segment_errors.txt': {
    transactions: ['837P/987654'],
    claims: 1,
    lines: 1,
    errors: ['x12.loop.required-segment', 'x12.loop.repeat'],
    check: (r) => {
      // Gold (imsweb): exactly these three structural errors.
      const structural = r.problems
        .filter((p) => p.code.startsWith('x12.loop.'))
        .map((p) => `${p.at?.segmentId} ${p.at?.loop} ${p.code}`);
      assert.deepEqual(structural.sort(), [
        'HI 2300 x12.loop.required-segment',
        'N3 2010AA x12.loop.required-segment',
        'REF 2010AA x12.loop.repeat',
      ]);
      const ref = r.problems.find((p) => p.code === 'x12.loop.repeat');
      assert.deepEqual([ref?.at?.segmentIndex, ref?.at?.line], [11, 12]);
      // Each structural error is positioned: code, message, segment index and id, element, loop.
      for (const p of r.problems.filter((x) => x.code.startsWith('x12.loop.'))) {
        assert.ok(p.message.includes(p.at?.loop ?? '?'), p.message);
        assert.equal(typeof p.at?.segmentIndex, 'number');
      }
      const hi = r.problems.find((p) => p.code === 'x12.loop.required-segment' && p.at?.segmentId === 'HI');
      assert.deepEqual([hi?.at?.loop, hi?.at?.line], ['2300', 21]);
      // The claim itself is still read.
      assert.deepEqual(
        [r.claims[0]?.diagnoses, r.claims[0]?.billingProvider.address?.line1],
        [[], undefined],
      );
    },
  },
  '837P_oopfactory_ST1309-XX_crlf-segment-terminator.txt': {
    transactions: ['837P/1309'],
    claims: 1,
    lines: 2,
    clean: true,
    check: (r) => {
      const c = r.claims[0];
      assert.ok(c);
      assert.deepEqual(
        [c.id, c.totalChargeCents, c.patient.lastName, c.patient.firstName, c.patientRelationship],
        ['B330004Y', 36000, 'JONES', 'C ANN', '19'],
      );
      assert.deepEqual(dxOf(c), ['BK:84500']);
      assert.deepEqual(
        c.lines.map((l) => [
          l.sequence,
          l.procedure.code,
          l.chargeCents,
          l.unitType,
          l.units,
          l.placeOfService,
          l.diagnosisPointers,
        ]),
        [
          [1, '99204', 25000, 'UN', 1, '11', [1]],
          [2, '73610', 11000, 'UN', 1, '11', [1]],
        ],
      );
      assert.equal(sum(c.lines.map((l) => l.chargeCents)), c.totalChargeCents);
      assert.deepEqual(
        c.lines.flatMap((l) => l.notes),
        ['NOTE'],
      );
      assert.equal(c.otherPayers?.length, 1);
      // Quirk: subscriber DMG 18000101, gender U; the patient (2000C) has its own DMG.
      assert.deepEqual(
        [c.subscriber?.birthDate, c.subscriber?.sex, c.patient.birthDate, c.patient.sex],
        ['1800-01-01', 'U', '1998-06-25', 'F'],
      );
      // BHT03 "000003774;440;1309" with ";" characters does not disturb the delimiters.
      assert.equal(r.transactions[0]?.version, '005010X222A1');
      // The file ends without a terminator after IEA: reported, not fatal.
      assert.deepEqual(codes(r, 'warning'), ['x12.segment.unterminated']);
    },
  },
  '837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt': {
    transactions: ['837P/0021', '837P/0022'],
    claims: 3,
    lines: 11,
    // "SBR*P*******CI" (second subscriber) puts CI in SBR08: its claim filing indicator SBR09 is empty.
    errors: ['x12.element.required'],
    check: (r) => {
      assert.deepEqual(
        r.claims.map((c) => [c.id, c.totalChargeCents]),
        [
          ['26463774', 10000],
          ['26407789', 7904],
          ['26462967', 10000],
        ],
      );
      assert.deepEqual(
        r.claims.map((c) => c.lines.map((l) => `${l.procedure.code} ${l.chargeCents / 100}`)),
        [
          ['99213 40', '87070 15', '99214 35', '86663 10'],
          ['99213 43', '90782 15', 'J3301 21.04'],
          ['99213 40', '87072 15', '99214 35', '86663 10'],
        ],
      );
      // J3301: 1 unit, no NDC.
      assert.deepEqual([r.claims[1]?.lines[2]?.units, r.claims[1]?.lines[2]?.drug], [1, undefined]);
      assert.deepEqual(
        r.claims.map((c) => [c.billingProvider.npi, c.billingProvider.tin]),
        [
          ['9876543210', '587654321'],
          ['1999996666', '123456789'],
          ['9876543210', '587654321'],
        ],
      );
      const second = r.claims[1];
      assert.ok(second);
      assert.deepEqual(
        second.lines.map((l) => [l.procedure.code, l.chargeCents, l.diagnosisPointers]),
        [
          ['99213', 4300, [1, 2, 3, 4]],
          ['90782', 1500, [1, 2]],
          ['J3301', 2104, [1, 2]],
        ],
      );
      assert.deepEqual(
        [r.claims[0]?.patient.lastName, r.claims[0]?.patient.firstName, r.claims[0]?.patientRelationship],
        ['SMITH', 'TED', '19'],
      );
      assert.ok(r.claims.every((c) => sum(c.lines.map((l) => l.chargeCents)) === c.totalChargeCents));
      assert.deepEqual(
        r.problems
          .filter((p) => p.severity === 'error')
          .map((p) => [p.code, p.at?.segmentId, p.at?.element, p.at?.line]),
        [['x12.element.required', 'SBR', 9, 54]],
      );
    },
  },
  '837I_lfh_institutional-claim.837i': {
    transactions: ['837I/987654'],
    claims: 1,
    lines: 2,
    clean: true,
    check: (r) => {
      const c = r.claims[0];
      assert.ok(c);
      assert.deepEqual(
        [c.format, c.id, c.totalChargeCents, c.typeOfBill, c.frequencyCode, c.payer.kind],
        ['837I', '756048Q', 8993, '141', '1', 'medicare'],
      );
      // BH/BE/BG (occurrence, value, condition codes) are not diagnoses: they are kept as UB-04 codes.
      assert.deepEqual(dxOf(c), ['BK:3669', 'BF:4019', 'BF:79431']);
      assert.deepEqual(c.occurrenceCodes, [
        { code: 'A1', date: '1926-11-11' },
        { code: 'A2', date: '1991-11-01' },
        { code: 'B1', date: '1926-11-11' },
        { code: 'B2', date: '1987-01-01' },
      ]);
      assert.deepEqual(c.valueCodes, [{ code: 'A2', amountCents: 1531 }]);
      assert.deepEqual(c.conditionCodes, ['09']);
      assert.equal(c.occurrenceSpans, undefined);
      assert.deepEqual([c.attendingProvider?.lastName, c.attendingProvider?.firstName], ['JONES', 'JOHN']);
      assert.deepEqual(
        c.otherPayers?.map((o) => [o.responsibility, o.payer.name]),
        [['S', 'STATE TEACHERS']],
      );
      assert.deepEqual(
        c.lines.map((l) => [l.revenueCode, l.procedure.code, l.chargeCents, l.units, l.serviceDate]),
        [
          ['0305', '85025', 1339, 1, '1996-09-11'],
          ['0730', '93005', 7654, 3, '1996-09-11'],
        ],
      );
      assert.deepEqual([c.admissionType, c.patientStatus], ['3', '01']);
      assert.equal(sum(c.lines.map((l) => l.chargeCents)), c.totalChargeCents);
      assert.deepEqual(
        c.lines.map((l) => [l.sequence, l.unitType]),
        [
          [1, 'UN'],
          [2, 'UN'],
        ],
      );
      assert.deepEqual(
        [c.billingProvider.name, c.billingProvider.npi, c.billingProvider.tin, c.billingProvider.taxonomy],
        ['JONES HOSPITAL', '9876540809', '567891234', '203BA0200N'],
      );
      assert.deepEqual(
        [c.payer.name, c.payer.id, c.patient.memberId, c.patient.birthDate, c.patient.sex],
        ['MEDICARE B', '00435', '030005074A', '1926-11-11', 'M'],
      );
      // An 837I has a type of bill, not a place of service.
      assert.equal(c.placeOfService, undefined);
    },
  },
  '837I_imsweb_x223-test_repeated-2320.txt': {
    transactions: ['837I/987654'],
    claims: 1,
    lines: 1,
    // SE01 25 for 48 segments; CLM05 "11:B:1" is a professional place of service on an 837I.
    errors: ['x12.envelope.count-mismatch', 'x12.element.invalid-code'],
    check: (r) => {
      const c = r.claims[0];
      assert.ok(c);
      assert.deepEqual(
        [c.id, c.totalChargeCents, c.subscriber?.groupNumber],
        ['A37YH556', 50000, 'SUBSCRIBER GROUP'],
      );
      const clm05 = r.problems.find((p) => p.code === 'x12.element.invalid-code');
      assert.deepEqual(
        [clm05?.at?.segmentId, clm05?.at?.element, clm05?.at?.loop, clm05?.at?.line],
        ['CLM', 5, '2300', 25],
      );
      // HI*BK:1739** (trailing empty elements): one diagnosis.
      assert.deepEqual(dxOf(c), ['BK:1739']);
      assert.deepEqual(
        [c.admissionType, c.admissionSource, c.patientStatus, c.statementFrom],
        ['1', '7', '30', '2012-03-30'],
      );
      // Gold (imsweb testX223Repeated2320): two 2320 loops, S then T, with their 2330A/2330B names.
      assert.deepEqual(
        c.otherPayers?.map((o) => [o.responsibility, o.subscriber?.firstName, o.payer.name]),
        [
          ['S', 'JOHN', 'AETNA'],
          ['T', 'JANE', 'ANOTHER NAME'],
        ],
      );
      // The other subscribers' loops do not overwrite the claim's own subscriber and payer.
      assert.deepEqual([c.subscriber?.memberId, c.payer.name], ['123456', 'HEALTH INSURANCE COMPANY']);
      assert.deepEqual(
        c.lines.map((l) => [l.revenueCode, l.procedure.code, l.chargeCents, l.units]),
        [['0300', '81099', 7342, 1]],
      );
      // NM1*77 after the other payers' loops is an other-payer service facility (2330F, NM1 and REF only; no N3/N4
      // follow it), not the claim's own 2310E.
      assert.equal(c.serviceFacility, undefined);
    },
  },
  '835_lfh_managed-care.835': {
    transactions: ['835/112233'],
    claims: 0,
    lines: 0,
    remittanceClaims: 2,
    serviceLines: 2,
    payments: [94500],
    // BPR16 "20002316" is not a date.
    errors: ['x12.element.invalid-date'],
    check: (r) => {
      const rem = r.remittances[0];
      assert.ok(rem);
      assert.deepEqual(
        [rem.payment.method, rem.payment.traceNumber, rem.payer.name, rem.payee.name, rem.payee.npi],
        ['ACH', '7170066655', 'RUSHMORE LIFE', 'ACME MEDICAL CENTER', '5544667733'],
      );
      const rows = rem.claims.map((c) => [
        c.patientControlNumber,
        c.status,
        c.chargeCents,
        c.paidCents,
        c.patientResponsibilityCents,
        c.payerClaimControlNumber,
        c.adjustments.map((a) => `${a.group}-${a.carc}:${a.amountCents}`),
      ]);
      assert.deepEqual(rows, [
        ['5554555444', '1', 80000, 45000, 30000, '94060555410000', ['CO-A2:5000']],
        ['8765432112', '1', 120000, 49500, 60000, '94077799230000', ['CO-A2:5500']],
      ]);
      assert.deepEqual(
        rem.claims.map((c) =>
          c.serviceLines.map((l) => [
            l.procedure.code,
            l.chargeCents,
            l.paidCents,
            l.adjustments.map((a) => `${a.group}-${a.carc}:${a.amountCents}`),
            l.serviceDate,
            l.serviceDateTo,
          ]),
        ),
        [
          [['99211', 80000, 50000, ['PR-1:30000'], '2002-03-01', '2002-03-04']],
          [['93555', 120000, 55000, ['PR-1:60000', 'CO-45:5000'], '2002-03-10', '2002-03-12']],
        ],
      );
      // Balancing as the manifest observes: BPR02 = Σ CLP04.
      assert.equal(sum(rem.claims.map((c) => c.paidCents)), rem.payment.amountCents);
      const bad = r.problems.find((p) => p.code === 'x12.element.invalid-date');
      assert.deepEqual([bad?.at?.segmentId, bad?.at?.element], ['BPR', 16]);
      // The invalid BPR16 leaves the payment date unset rather than guessing.
      assert.equal(rem.payment.date, undefined);
      assert.deepEqual(
        rem.claims.map((c) => [c.claimFilingIndicator, c.patient?.memberId]),
        [
          ['12', '33344555510'],
          ['12', '44455666610'],
        ],
      );
      // Manifest balancing: claim charge − paid = claim CAS + line CAS; line charge − paid = line CAS.
      for (const c of rem.claims) {
        const cas = sum(
          [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)].map((a) => a.amountCents),
        );
        assert.equal(c.chargeCents - c.paidCents, cas, c.patientControlNumber);
        for (const l of c.serviceLines)
          assert.equal(l.chargeCents - l.paidCents, sum(l.adjustments.map((a) => a.amountCents)));
      }
    },
  },
  '835_edi835parser_blue_cross_nc_sample_no-envelope.txt': {
    transactions: ['835/1234'],
    claims: 0,
    lines: 0,
    remittanceClaims: 1,
    serviceLines: 3,
    payments: [192286],
    // SE01 33 for 32 segments; the third SVC has 10 elements and no charge or payment.
    errors: [
      'x12.envelope.count-mismatch',
      'x12.segment.too-many-elements',
      'x12.element.required',
      'warning:x12.envelope.missing-isa',
    ],
    check: (r) => {
      const c = remClaims(r)[0];
      assert.ok(c);
      assert.deepEqual(
        [c.patientControlNumber, c.status, c.chargeCents, c.paidCents, c.patientResponsibilityCents],
        ['200200964A52', '1', 210000, 192286, 14254],
      );
      assert.deepEqual([c.patient?.lastName, c.patient?.firstName], ['Dough', 'Mary']);
      assert.deepEqual(
        c.serviceLines.map((l) => [
          l.procedure.code,
          l.chargeCents,
          l.paidCents,
          l.allowedCents,
          l.lineItemControlNumber,
          l.originalProcedure?.code,
        ]),
        [
          ['59430', 121000, 105786, 117540, '0001', '59410'],
          ['59440', 89000, 86500, undefined, '0002', '59410'],
          ['59426', 0, 0, 74200, '0003', undefined],
        ],
      );
      assert.deepEqual(
        c.serviceLines.map((l) => l.adjustments.map((a) => `${a.group}-${a.carc}:${a.amountCents}`)),
        [['CO-42:3460', 'PR-2:11754'], ['PR-3:2500'], []],
      );
      // The malformed third SVC: 742 in SVC07 (original units) is kept; its AMT*B6 is the allowed amount.
      assert.equal(c.serviceLines[2]?.originalUnits, 742);
      assert.deepEqual([c.claimFilingIndicator, c.payerClaimControlNumber], ['15', '94151100100']);
      const rem = r.remittances[0];
      assert.deepEqual(
        [rem?.payer.name, rem?.payment.method, rem?.payment.traceNumber, rem?.payment.date],
        ['BLUE CROSS AND BLUE SHIELD OF NORTH CAROLINA', 'CHK', '02790758', '2011-01-08'],
      );
      // Gold: count_patients() == 1.
      assert.equal(new Set(remClaims(r).map((x) => x.patient?.memberId)).size, 1);
      // Gold (edi-835-parser): one claim; the payments sum to the per-line paid amounts.
      assert.equal(sum(c.serviceLines.map((l) => l.paidCents)), r.remittances[0]?.payment.amountCents);
      assert.equal(r.remittances[0]?.envelope?.interchangeControl, undefined);
    },
  },
  '835_tastypackets_multi-line-not-delimited.edi': {
    transactions: ['835/1740'],
    claims: 0,
    lines: 0,
    remittanceClaims: 3,
    serviceLines: 10,
    payments: [4575],
    clean: true,
    check: (r) => {
      // Gold (tastypackets): 69 segments ISA…IEA with 3 CLP, 10 SVC, 4 CAS, 2 LQ; SVC01 split into its components.
      assert.equal(r.segments, 69);
      const claims = remClaims(r);
      assert.deepEqual(
        claims.map((c) => [c.patientControlNumber, c.status, c.chargeCents, c.paidCents]),
        [
          ['PATIENT ACCOUNT NUMBER', '1', 3425, 3425],
          ['PATIENT ACCOUNT NUMBER', '2', 3400, 0],
          ['PATIENT ACCOUNT NUMBER', '2', 3425, 1150],
        ],
      );
      const lines = claims.flatMap((c) => c.serviceLines);
      assert.equal(sum(lines.map((l) => l.adjustments.length)), 4);
      assert.deepEqual(
        lines.flatMap((l) => l.remarkCodes),
        ['N206', 'N206'],
      );
      const proc = (p: { code: string; modifiers: string[] }): string => [p.code, ...p.modifiers].join(':');
      assert.deepEqual(
        claims.map((c) =>
          c.serviceLines.map(
            (l) =>
              `${proc(l.procedure)} ${l.chargeCents}/${l.paidCents}${l.adjustments.map((a) => ` ${a.group}-${a.carc}:${a.amountCents}`).join('')}${l.remarkCodes.map((x) => ` ${x}`).join('')}`,
          ),
        ),
        [
          ['V2020:RB 600/600', 'V2700:RB 275/275', 'V2103:RB 550/550', 'S0580 2000/2000'],
          ['V2020 1200/0 CO-29:1200', 'V2103 2200/0 CO-29:2200'],
          [
            'V2020:RB 600/600',
            'V2103:RB 550/550',
            'V2700:RB 275/0 CO-251:275 N206',
            'S0580 2000/0 CO-251:2000 N206',
          ],
        ],
      );
      assert.equal(claims[0]?.serviceLines[3]?.units, 2);
      for (const l of lines)
        assert.equal(
          l.chargeCents - l.paidCents,
          sum(l.adjustments.map((a) => a.amountCents)),
          'every line balances',
        );
      const rem = r.remittances[0];
      assert.deepEqual(
        [rem?.payer.name, rem?.payment.method, rem?.payment.traceNumber, rem?.payment.date],
        ['NYSDOH', 'ACH', '10100000000', '2010-01-01'],
      );
      const v2103 = claims[2]?.serviceLines[1];
      assert.deepEqual(
        [
          v2103?.procedure.qualifier,
          v2103?.procedure.code,
          v2103?.procedure.modifiers,
          v2103?.chargeCents,
          v2103?.paidCents,
          v2103?.units,
          v2103?.serviceDate,
        ],
        ['HC', 'V2103', ['RB'], 550, 550, 1, '2013-09-17'],
      );
      assert.equal(sum(claims.map((c) => c.paidCents)), 4575);
    },
  },
  '835_oopfactory_835_WithMultipleInterchanges.txt': {
    transactions: ['835/8001', '835/9001', '835/10001'],
    claims: 0,
    lines: 0,
    remittanceClaims: 56,
    serviceLines: 91,
    payments: [99999, 999999, 48213],
    clean: true,
    check: (r) => {
      assert.deepEqual(
        r.remittances.map((x) => [x.envelope?.interchangeControl, x.envelope?.groupControl]),
        [
          ['000000031', '8'],
          ['000000032', '9'],
          ['000000033', '10'],
        ],
      );
      const lines = remClaims(r).flatMap((c) => c.serviceLines);
      // 91 CAS segments (manifest); each reason/amount/quantity triplet in them is one adjustment.
      const cas =
        readFileSync(
          join(x12SamplesDir(), '835_oopfactory_835_WithMultipleInterchanges.txt'),
          'latin1',
        ).match(/CAS\*[^~]*/g) ?? [];
      assert.equal(cas.length, 91);
      const triplets = sum(
        cas.map(
          (seg) =>
            seg
              .split('*')
              .filter((_, i) => i >= 2 && (i - 2) % 3 === 0)
              .filter((x) => x !== '').length,
        ),
      );
      assert.equal(
        sum(lines.map((l) => l.adjustments.length)) + sum(remClaims(r).map((c) => c.adjustments.length)),
        triplets,
      );
      assert.equal(sum(lines.map((l) => l.remarkCodes.length)), 98);
      // Component separator ">" from ISA16.
      assert.ok(lines.some((l) => l.procedure.qualifier === 'HC' && l.procedure.code === '90716'));
      assert.ok(remClaims(r).filter((c) => c.status === '4').length > 0);
      // CAS quantities ("CAS*CO*23*112.27*0*45*99.99*0") are kept, including 0.
      assert.ok(
        lines.some((l) =>
          l.adjustments.some((a) => a.carc === '23' && a.amountCents === 11227 && a.quantity === 0),
        ),
      );
      assert.equal(r.remittances.length, 3);
    },
  },
  '835_stedi_multiple-claims-single-check_dental.edi': {
    transactions: ['835/35681'],
    claims: 0,
    lines: 0,
    remittanceClaims: 9,
    serviceLines: 33,
    payments: [81080],
    clean: true,
    check: (r) => {
      // What the remittance model does not carry: the receiver id, the payer contact, each claim's rendering
      // provider and coverage amount, the insured.
      assert.deepEqual(r.passedOver, {
        'REF*EV (HEADER)': 1,
        'PER (1000A)': 1,
        'NM1*82 (2100)': 9,
        'AMT*AU (2100)': 9,
        'NM1*IL (2100)': 1,
      });
      const claims = remClaims(r);
      assert.ok(
        claims.every(
          (c) => c.patientControlNumber === '7722337' && c.payerClaimControlNumber === '119932404007801',
        ),
      );
      assert.deepEqual(
        claims.map((c) => [c.chargeCents, c.paidCents, c.patientResponsibilityCents]),
        [
          [22600, 13200, 0],
          [11900, 7400, 0],
          [22600, 10800, 2400],
          [114500, 1400, 90200],
          [34800, 1680, 4420],
          [22600, 13200, 0],
          [17900, 10800, 0],
          [12900, 8200, 0],
          [22100, 14400, 0],
        ],
      );
      const adj = claims.flatMap((c) =>
        c.serviceLines.flatMap((l) => l.adjustments.map((a) => `${a.group}-${a.carc}`)),
      );
      assert.equal(adj.filter((a) => a === 'CO-131').length, 33);
      assert.equal(adj.filter((a) => a === 'PR-3').length, 6);
      assert.equal(sum(claims.map((c) => c.paidCents)), 81080);
      assert.equal(claims[0]?.serviceLines[0]?.procedure.qualifier, 'AD');
      // Every line balances (charge − paid = CAS); where AMT*B6 gives the allowed amount, it is charge − CO.
      const lines = claims.flatMap((c) => c.serviceLines);
      for (const l of lines)
        assert.equal(l.chargeCents - l.paidCents, sum(l.adjustments.map((a) => a.amountCents)));
      const allowed = lines.filter((l) => l.allowedCents !== undefined);
      assert.ok(allowed.length > 20);
      for (const l of allowed)
        assert.equal(
          l.allowedCents,
          l.chargeCents - sum(l.adjustments.filter((a) => a.group === 'CO').map((a) => a.amountCents)),
        );
      const rem = r.remittances[0];
      assert.deepEqual(
        [
          rem?.payer.name,
          rem?.payee.name,
          rem?.payee.tin,
          rem?.payment.method,
          rem?.payment.traceNumber,
          rem?.payment.date,
        ],
        ['DENTAL OF ABC', 'BAN DDS LLC', '999994703', 'CHK', '12345', '2014-03-31'],
      );
    },
  },
};

describe('X12 samples (../shared/samples/x12, values from MANIFEST.md)', () => {
  const dir = x12SamplesDir();
  const files = readdirSync(dir)
    .filter((f) => f !== 'MANIFEST.md')
    .sort();

  it('has an expectation for every sample file', () => {
    assert.deepEqual(
      files.filter((f) => !(f in expected)),
      [],
    );
    assert.deepEqual(
      Object.keys(expected).filter((f) => !files.includes(f)),
      [],
    );
  });

  for (const file of files) {
    const want = expected[file];
    if (!want) continue;
    it(file, () => {
      const bytes = readFileSync(join(dir, file));
      const copy = Buffer.from(bytes);
      const r = readX12Bytes(bytes, { file });
      assert.deepEqual(bytes, copy, 'the input bytes are not changed');
      assert.deepEqual(
        r.transactions.map((t) => `${t.type}/${t.control}`),
        want.transactions,
      );
      assert.equal(r.claims.length, want.claims);
      assert.equal(sum(r.claims.map((c) => c.lines.length)), want.lines);
      assert.equal(remClaims(r).length, want.remittanceClaims ?? 0);
      assert.equal(sum(remClaims(r).map((c) => c.serviceLines.length)), want.serviceLines ?? 0);
      if (want.payments)
        assert.deepEqual(
          r.remittances.map((x) => x.payment.amountCents),
          want.payments,
        );
      if (want.clean) assert.deepEqual(codes(r), [], 'no error-level problems');
      for (const code of want.errors ?? []) {
        const [severity, c] = code.startsWith('warning:')
          ? (['warning', code.substring(8)] as const)
          : (['error', code] as const);
        assert.ok(
          codes(r, severity).includes(c),
          `${severity} ${c} reported (got ${r.problems.map((p) => p.code).join(', ')})`,
        );
      }
      // Every problem is positioned.
      for (const p of r.problems) {
        assert.equal(p.at?.file, file);
        assert.equal(typeof p.at?.segmentIndex, 'number', `${p.code} has a segment index`);
      }
      for (const c of r.claims) assert.equal(c.position?.segmentId, 'CLM');
      want.check?.(r);
    });
  }
});
