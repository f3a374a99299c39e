/**
 * What the 835 reader checks in codes and required header segments (QA round 3, item 9 and item 13's last
 * sentence): CLP02 claim status codes, LQ01 code lists, and BPR/TRN reported once per transaction set, at its ST.
 * The remittance is the QA's r1.835; each case applies the one change its QA file (r_*.835) made to it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../core/problem.ts';
import { readX12Text } from './index.ts';

/** The QA's base remittance (r1.835), one segment per entry; SE01 is filled in by `remittanceFile`. */
const base = [
  'ISA*00*          *00*          *ZZ*ACMEPAYER      *ZZ*INFUSIONCTR    *260201*0900*^*00501*000000301*0*P*:',
  'GS*HP*ACMEPAYER*INFUSIONCTR*20260201*0900*301*X*005010X221A1',
  'ST*835*2001*005010X221A1',
  'BPR*I*1552.30*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*888888888*DA*654321*20260203',
  'TRN*1*EFT0000123*1512345678',
  'REF*EV*SUB123',
  'DTM*405*20260201',
  'N1*PR*ACME HEALTH',
  'N3*PO BOX 1',
  'N4*HARTFORD*CT*06101',
  'REF*2U*ACME01',
  'PER*BL*PROVIDER SVCS*TE*8005551212',
  'N1*PE*INFUSION CENTER LLC*XX*1234567893',
  'N3*100 MAIN ST',
  'N4*SPRINGFIELD*IL*62701',
  'REF*TJ*123456789',
  'LX*1',
  'CLP*CLAIM001*1*2150.50*1602.30*150.00*12*PAYERICN999*11*7',
  'CAS*CO*45*248.20',
  'NM1*QC*1*DOE*JOHN*Q***MI*MEM123456',
  'DTM*232*20260110',
  'DTM*233*20260112',
  'DTM*050*20260116',
  'SVC*HC:J9173:JZ:KX:GA:59*1725.50*1427.30**75',
  'DTM*472*20260110',
  'CAS*CO*45*148.20',
  'CAS*PR*2*150.00',
  'REF*6R*LINE1',
  'AMT*B6*1577.30',
  'SVC*HC:J9173:JW*200.00*0**9.5',
  'DTM*472*20260110',
  'CAS*CO*16*200.00',
  'LQ*HE*N657',
  'LQ*HE*MA130',
  'SVC*HC:96413*225.00*175.00**1',
  'DTM*472*20260110',
  'CAS*CO*45*50.00*1*CO*253*0',
  'AMT*B6*175.00',
  'CLP*CLAIM009*4*500.00*0**12*PAYERICN1000',
  'CAS*CO*29*500.00',
  'PLB*1234567893*20261231*WO:ICNX1*50.00*L6:INT*-0.00*FB:FB99*100.00',
  'SE*0*2001',
  'GE*1*301',
  'IEA*1*000000301',
];

/**
 * `base` with segment `from` replaced by `to` (several segments, or none to delete it), as the QA's mut835.py made
 * its files, with SE01 counted again.
 */
function remittanceFile(changes: [from: string, to: string[]][] = []): string {
  let segments = [...base];
  for (const [from, to] of changes) {
    const i = segments.indexOf(from);
    assert.ok(i >= 0, `no ${from} in the base remittance`);
    segments = [...segments.slice(0, i), ...to, ...segments.slice(i + 1)];
  }
  const st = segments.findIndex((s) => s.startsWith('ST*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  segments[se] = `SE*${se - st + 1}*2001`;
  return segments.map((s) => `${s}~`).join('');
}

/** A problem as the cases state it: code, severity and where (segment id and index, element, loop). */
type Where = [
  code: string,
  severity: string,
  segmentId: string | undefined,
  index: number | undefined,
  element: number | undefined,
  loop: string | undefined,
];
const where = (p: Problem): Where => [
  p.code,
  p.severity,
  p.at?.segmentId,
  p.at?.segmentIndex,
  p.at?.element,
  p.at?.loop,
];

describe('835 CLP02 claim status codes (005010X221A1 2100 CLP02)', () => {
  const cases: { label: string; status: string; want: Where[] }[] = [
    {
      label: '99 (QA r_clp_bad_status)',
      status: '99',
      want: [['x12.element.invalid-code', 'warning', 'CLP', 17, 2, '2100']],
    },
    {
      label: '5 pended: in element 1029, not in the 5010 835 guide',
      status: '5',
      want: [['x12.element.invalid-code', 'warning', 'CLP', 17, 2, '2100']],
    },
    {
      label: '27 reviewed: in element 1029, not in the guide',
      status: '27',
      want: [['x12.element.invalid-code', 'warning', 'CLP', 17, 2, '2100']],
    },
    {
      label: '01: a leading zero is another code',
      status: '01',
      want: [['x12.element.invalid-code', 'warning', 'CLP', 17, 2, '2100']],
    },
    { label: 'empty: required', status: '', want: [['x12.element.required', 'error', 'CLP', 17, 2, '2100']] },
    ...['1', '2', '3', '4', '19', '20', '21', '22', '23', '25'].map((status) => ({
      label: `${status}: a code of the guide`,
      status,
      want: [],
    })),
  ];
  for (const c of cases) {
    it(c.label, () => {
      const clp = base.find((s) => s.startsWith('CLP*CLAIM001*')) as string;
      const r = readX12Text(remittanceFile([[clp, [clp.replace('*1*', `*${c.status}*`)]]]));
      assert.deepEqual(r.problems.map(where), c.want);
      // The claim is kept, its status as sent and the rest of it read.
      const claims = r.remittances[0]?.claims ?? [];
      assert.deepEqual(
        claims.map((k) => [k.patientControlNumber, k.status, k.paidCents, k.serviceLines.length]),
        [
          ['CLAIM001', c.status, 160230, 3],
          ['CLAIM009', '4', 0, 0],
        ],
      );
    });
  }
});

describe('835 LQ01 code list qualifiers (005010X221A1 2110 LQ01: HE, RX)', () => {
  const cases: {
    label: string;
    lq: string;
    want: Where[];
    message?: RegExp;
    remarks: string[];
    passedOver?: string;
  }[] = [
    {
      label: 'XX (QA r_lq_bad): reported on LQ01 with the code it held, which is not kept',
      lq: 'LQ*XX*N657',
      want: [['x12.element.invalid-code', 'warning', 'LQ', 32, 1, '2110']],
      message: /LQ01 "XX".*"N657" was not read/,
      remarks: ['MA130'],
      passedOver: 'LQ*XX (2110)',
    },
    {
      label: 'lower case he is not HE',
      lq: 'LQ*he*N657',
      want: [['x12.element.invalid-code', 'warning', 'LQ', 32, 1, '2110']],
      message: /"N657" was not read/,
      remarks: ['MA130'],
      passedOver: 'LQ*he (2110)',
    },
    {
      label: 'empty LQ01: required',
      lq: 'LQ**N657',
      want: [['x12.element.required', 'warning', 'LQ', 32, 1, '2110']],
      message: /"N657" was not read/,
      remarks: ['MA130'],
      passedOver: 'LQ* (2110)',
    },
    {
      label: 'RX, an NCPDP reject/payment code: allowed, not a remark code, counted as not carried',
      lq: 'LQ*RX*70',
      want: [],
      remarks: ['MA130'],
      passedOver: 'LQ*RX (2110)',
    },
    { label: 'HE: a remark code', lq: 'LQ*HE*N657', want: [], remarks: ['N657', 'MA130'] },
    {
      label: 'HE without a code: LQ02 required',
      lq: 'LQ*HE',
      want: [['x12.element.required', 'error', 'LQ', 32, 2, '2110']],
      remarks: ['MA130'],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(remittanceFile([['LQ*HE*N657', [c.lq]]]));
      assert.deepEqual(r.problems.map(where), c.want);
      if (c.message) assert.match(r.problems[0]?.message ?? '', c.message);
      assert.deepEqual(r.remittances[0]?.claims[0]?.serviceLines[1]?.remarkCodes, c.remarks);
      if (c.passedOver) assert.equal(r.passedOver[c.passedOver], 1);
    });
  }
});

describe('835 header: BPR and TRN required, reported once per transaction set at its ST (loop HEADER)', () => {
  const bpr = base[3] as string;
  const trn = base[4] as string;
  const stAt = (index: number): Where => [
    'x12.loop.required-segment',
    'error',
    'ST',
    index,
    undefined,
    'HEADER',
  ];
  const claimsOnly = base.slice(0, 3).concat(base.slice(base.indexOf('SE*0*2001')));
  const cases: {
    label: string;
    text: string;
    want: Where[];
    messages?: RegExp[];
    traceNumbers: (string | undefined)[];
    claims: number[];
  }[] = [
    {
      label: 'both present (QA r1)',
      text: remittanceFile(),
      want: [],
      traceNumbers: ['EFT0000123'],
      claims: [2],
    },
    {
      label: 'no TRN (QA r_no_trn): the trace number is missing',
      text: remittanceFile([[trn, []]]),
      want: [stAt(2)],
      messages: [/TRN .*check or EFT trace number \(TRN02\)/],
      traceNumbers: [undefined],
      claims: [2],
    },
    {
      label: 'no BPR (QA r_no_bpr): once, not at every CLP, and not in loop 2110',
      text: remittanceFile([[bpr, []]]),
      want: [stAt(2)],
      messages: [/^BPR /],
      traceNumbers: ['EFT0000123'],
      claims: [2],
    },
    {
      label: 'neither',
      text: remittanceFile([
        [bpr, []],
        [trn, []],
      ]),
      want: [stAt(2), stAt(2)],
      messages: [/^BPR /, /^TRN /],
      traceNumbers: [undefined],
      claims: [2],
    },
    {
      label: 'TRN after the header (in 1000A): not the header TRN, passed over',
      text: remittanceFile([
        [trn, []],
        ['REF*2U*ACME01', ['REF*2U*ACME01', trn]],
      ]),
      want: [stAt(2)],
      traceNumbers: [undefined],
      claims: [2],
    },
    {
      label: 'TRN without TRN02',
      text: remittanceFile([[trn, ['TRN*1']]]),
      want: [['x12.element.required', 'error', 'TRN', 4, 2, 'HEADER']],
      traceNumbers: [undefined],
      claims: [2],
    },
    {
      label: 'a transaction set with no claim and no BPR or TRN: reported at its end',
      text: claimsOnly.map((s) => `${s.startsWith('SE*') ? 'SE*2*2001' : s}~`).join(''),
      want: [stAt(2), stAt(2)],
      traceNumbers: [undefined],
      claims: [0],
    },
    {
      label: 'two transaction sets without TRN: once in each, at its own ST',
      text: (() => {
        const one = remittanceFile([[trn, []]])
          .split('~')
          .slice(2, -3);
        const two = one.map((s) => s.replace('*2001', '*2002'));
        return [base[0], base[1], ...one, ...two, 'GE*2*301', 'IEA*1*000000301', ''].join('~');
      })(),
      // The first set is ST…SE at 2–40 (39 segments without its TRN), so the second ST is segment 41.
      want: [stAt(2), stAt(41)],
      traceNumbers: [undefined, undefined],
      claims: [2, 2],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(c.text);
      assert.deepEqual(r.problems.map(where), c.want);
      c.messages?.forEach((m, i) => assert.match(r.problems[i]?.message ?? '', m));
      assert.deepEqual(
        r.remittances.map((x) => x.payment.traceNumber),
        c.traceNumbers,
      );
      assert.deepEqual(
        r.remittances.map((x) => x.claims.length),
        c.claims,
      );
    });
  }
});
