/**
 * A generated claims + remittances pair whose denials, causes, recoverable dollars and matches are known exactly
 * (hand-computed against the real January 2026 ASP file; see docs/recovery.md "Worked figures"), plus a minimal
 * X12 writer for 837P and 835 text so the same scenario runs through the file readers, the CLI and the benchmark.
 *
 * Medicare Part B, dates of service 2026-02-10 (ASP January 2026 in force), remittance 2026-03-02.
 */
import type {
  Adjustment,
  Claim,
  ClaimLine,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
} from '../../src/core/claim/model.ts';
import { testClaim } from '../support/test-claims.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { loadRecoveryRules } from '../../src/adapters/store/recovery/rules-files.ts';
import { sharedReference } from '../support/reference.ts';
import { DEFAULT_TOLERANCE } from '../../src/core/recovery/model.ts';

export const DOS = '2026-02-10';
export const REMIT_DATE = '2026-03-02';

const provider = { name: 'EXAMPLE ONCOLOGY PC', npi: '1234567893', tin: '123456789' };

function line(
  sequence: number,
  code: string,
  units: number,
  chargeCents: number,
  extra: Partial<ClaimLine> = {},
): ClaimLine {
  return {
    sequence,
    serviceDate: DOS,
    procedure: { qualifier: 'HC', code, modifiers: extra.procedure?.modifiers ?? [] },
    units,
    unitType: 'UN',
    chargeCents,
    diagnosisPointers: [1],
    notes: [],
    ...extra,
  };
}

const claim = (id: string, lines: ClaimLine[], payer?: Claim['payer']): Claim =>
  testClaim(id, lines, provider, payer);

const ndc = (n: string): NonNullable<ClaimLine['drug']> => ({
  ndc: n,
  ndcQualifier: 'N4',
  quantity: 1,
  unit: 'UN',
});

/** The submitted claims (one 837P file). RC1010 gets no remittance; RC9999 is remitted but never submitted. */
export function generatedClaims(): Claim[] {
  return [
    claim('RC1001', [
      line(1, 'J9173', 75, 800_000, { drug: ndc('00310450012'), lineItemControlNumber: 'RC1001-1' }),
      line(2, '96413', 1, 30_000, { lineItemControlNumber: 'RC1001-2' }),
    ]),
    claim('RC1002', [line(1, 'J9271', 200, 1_500_000, { drug: ndc('00006302601') })]),
    claim('RC1003', [line(1, 'J9309', 144, 2_500_000, { drug: ndc('50242010501') })]),
    claim('RC1004', [line(1, 'J9299', 240, 1_000_000)]),
    claim('RC1005', [line(1, 'J9271', 500, 3_750_000)]),
    claim('RC1006', [line(1, 'J9173', 75, 800_000, { drug: ndc('00310450012') })]),
    claim('RC1007', [line(1, 'J9173', 75, 800_000, { drug: ndc('00310450012') })]),
    claim('RC1010', [line(1, 'J9173', 50, 550_000)]),
    claim('RC2001', [line(1, 'J9271', 200, 1_500_000)], {
      name: 'EXAMPLE HEALTH PLAN',
      id: 'EHP01',
      kind: 'commercial',
    }),
  ];
}

export const adj = (group: string, carc: string, amountCents: number, quantity?: number): Adjustment =>
  quantity === undefined ? { group, carc, amountCents } : { group, carc, amountCents, quantity };

export function svc(
  code: string,
  chargeCents: number,
  paidCents: number,
  units: number,
  adjustments: Adjustment[],
  extra: Partial<RemittanceServiceLine> = {},
): RemittanceServiceLine {
  return {
    procedure: { qualifier: 'HC', code, modifiers: [] },
    chargeCents,
    paidCents,
    units,
    serviceDate: DOS,
    adjustments,
    remarkCodes: [],
    ...extra,
  };
}

export function rclaim(
  pcn: string,
  status: string,
  lines: RemittanceServiceLine[],
  pccn: string,
  filing = 'MB',
): RemittanceClaim {
  const charge = lines.reduce((s, l) => s + l.chargeCents, 0);
  const paid = lines.reduce((s, l) => s + l.paidCents, 0);
  const pr = lines.reduce(
    (s, l) => s + l.adjustments.filter((a) => a.group === 'PR').reduce((t, a) => t + a.amountCents, 0),
    0,
  );
  return {
    patientControlNumber: pcn,
    status,
    chargeCents: charge,
    paidCents: paid,
    patientResponsibilityCents: pr,
    claimFilingIndicator: filing,
    payerClaimControlNumber: pccn,
    patient: { memberId: `1EG4TE5MK${pcn.slice(-2)}`, firstName: 'PAT', lastName: `TEST${pcn.slice(-2)}` },
    adjustments: [],
    remarkCodes: [],
    serviceLines: lines,
  };
}

/** The Medicare 835: paid right, deductible, NDC denial (CO-16 M119 MA130), prior auth (CO-197), MUE (CO-151 N362), underpaid, duplicate (OA-18), unmatched claim. */
export function medicareRemittance(): Remittance {
  const claims: RemittanceClaim[] = [
    // Paid exactly as expected: 75 × $86.270 = $6,470.25; coinsurance $1,294.05; sequestration $103.52; paid $5,072.68.
    rclaim(
      'RC1001',
      '1',
      [
        svc(
          'J9173',
          800_000,
          507_268,
          75,
          [adj('CO', '45', 152_975), adj('PR', '2', 129_405), adj('CO', '253', 10_352)],
          { lineItemControlNumber: 'RC1001-1' },
        ),
        svc(
          '96413',
          30_000,
          11_760,
          1,
          [adj('CO', '45', 15_000), adj('PR', '2', 3_000), adj('CO', '253', 240)],
          { lineItemControlNumber: 'RC1001-2' },
        ),
      ],
      '2026061000101',
    ),
    // Deductible: 200 × $59.726 = $11,945.20; PR-1 $283.00; coinsurance $2,332.44; sequestration $186.60; paid $9,143.16.
    rclaim(
      'RC1002',
      '1',
      [
        svc('J9271', 1_500_000, 914_316, 200, [
          adj('CO', '45', 305_480),
          adj('PR', '1', 28_300),
          adj('PR', '2', 233_244),
          adj('CO', '253', 18_660),
        ]),
      ],
      '2026061000102',
    ),
    // NDC denial, unprocessable: no appeal rights, correct and resubmit. Recoverable = expected $15,441.02.
    rclaim(
      'RC1003',
      '4',
      [svc('J9309', 2_500_000, 0, 144, [adj('CO', '16', 2_500_000)], { remarkCodes: ['M119', 'MA130'] })],
      '2026061000103',
    ),
    // Prior authorization absent. Recoverable = expected $6,317.10.
    rclaim('RC1004', '4', [svc('J9299', 1_000_000, 0, 240, [adj('CO', '197', 1_000_000)])], '2026061000104'),
    // 500 units billed, 400 paid (MUE 400): CO-151 on 100 units. Paid $18,730.07; recoverable $23,412.59 − $18,730.07 = $4,682.52.
    rclaim(
      'RC1005',
      '1',
      [
        svc(
          'J9271',
          3_750_000,
          1_873_007,
          400,
          [
            adj('CO', '151', 750_000, 100),
            adj('CO', '45', 610_960),
            adj('PR', '2', 477_808),
            adj('CO', '253', 38_225),
          ],
          {
            originalUnits: 500,
            remarkCodes: ['N362'],
          },
        ),
      ],
      '2026061000105',
    ),
    // Underpaid: the payer allowed $6,250.00 instead of $6,470.25 → paid $4,900.00 vs expected $5,072.68: gap $172.68.
    rclaim(
      'RC1006',
      '1',
      [
        svc('J9173', 800_000, 490_000, 75, [
          adj('CO', '45', 175_000),
          adj('PR', '2', 125_000),
          adj('CO', '253', 10_000),
        ]),
      ],
      '2026061000106',
    ),
    // Duplicate. Recoverable = expected $5,072.68.
    rclaim('RC1007', '4', [svc('J9173', 800_000, 0, 75, [adj('OA', '18', 800_000)])], '2026061000107'),
    // Never submitted (not in the claims file): listed as unmatched; its denial is still a finding (line = SVC position).
    rclaim(
      'RC9999',
      '4',
      [svc('J9299', 400_000, 0, 100, [adj('CO', '50', 400_000)], { remarkCodes: ['N115'] })],
      '2026061000199',
    ),
  ];
  const paid = claims.reduce((s, c) => s + c.paidCents, 0);
  return {
    format: '835',
    payer: { name: 'MEDICARE PART B', id: '12345' },
    payee: { name: provider.name, npi: provider.npi },
    payment: {
      handling: 'I',
      amountCents: paid,
      creditDebit: 'C',
      method: 'ACH',
      date: REMIT_DATE,
      traceNumber: '883000111',
    },
    productionDate: REMIT_DATE,
    claims,
    providerAdjustments: [],
  };
}

/** The commercial 835: contract J9271 $65.000 × 200 = $13,000.00 less PR-3 $50.00 = $12,950.00 expected, paid $12,000.00: gap $950.00. */
export function commercialRemittance(): Remittance {
  const claims = [
    rclaim(
      'RC2001',
      '1',
      [svc('J9271', 1_500_000, 1_200_000, 200, [adj('CO', '45', 295_000), adj('PR', '3', 5_000)])],
      'EHP2026000001',
      'CI',
    ),
  ];
  return {
    format: '835',
    payer: { name: 'EXAMPLE HEALTH PLAN', id: 'EHP01' },
    payee: { name: provider.name, npi: provider.npi },
    payment: {
      handling: 'I',
      amountCents: 1_200_000,
      creditDebit: 'C',
      method: 'CHK',
      date: REMIT_DATE,
      traceNumber: 'CHK77001',
    },
    productionDate: REMIT_DATE,
    claims,
    providerAdjustments: [],
  };
}

/** An adjudication with every amount negated and CLP02 22: how a payer reverses it. @see 835 TR3 1.10.2.8. */
export function reversalOf(c: RemittanceClaim): RemittanceClaim {
  const negate = (a: Adjustment): Adjustment => ({ ...a, amountCents: -a.amountCents });
  return {
    ...c,
    status: '22',
    chargeCents: -c.chargeCents,
    paidCents: -c.paidCents,
    patientResponsibilityCents: -c.patientResponsibilityCents,
    adjustments: c.adjustments.map(negate),
    serviceLines: c.serviceLines.map((l) => ({
      ...l,
      chargeCents: -l.chargeCents,
      paidCents: -l.paidCents,
      adjustments: l.adjustments.map(negate),
    })),
  };
}

/**
 * A later Medicare 835 of `date` with these claims. A takeback that nets to nothing or less is sent as a notice
 * (BPR01 H, BPR02 0): the negative balance goes to a provider-level adjustment, which these fixtures leave out.
 */
export function laterMedicareRemittance(date: string, trace: string, claims: RemittanceClaim[]): Remittance {
  const r = medicareRemittance();
  const net = Math.max(
    0,
    claims.reduce((n, c) => n + c.paidCents, 0),
  );
  return {
    ...r,
    payment: { ...r.payment, handling: net === 0 ? 'H' : 'I', amountCents: net, date, traceNumber: trace },
    productionDate: date,
    claims,
  };
}

/** The Medicare 835's adjudication of a claim (by CLP01). */
export function medicareAdjudication(pcn: string): RemittanceClaim {
  const c = medicareRemittance().claims.find((x) => x.patientControlNumber === pcn);
  if (!c) throw new Error(`no adjudication of ${pcn} in the Medicare 835`);
  return c;
}

/**
 * The claim adjudicated again: its one line paid `paidCents` (CO-45 for the rest of the charge, no remark codes),
 * CLP02 1, under payer claim number `pccn` and account number `pcn`.
 */
export function paidAgain(
  c: RemittanceClaim,
  paidCents: number,
  pccn: string,
  pcn = c.patientControlNumber,
): RemittanceClaim {
  const line = c.serviceLines[0];
  if (!line) throw new Error('no service line');
  return {
    ...c,
    patientControlNumber: pcn,
    status: '1',
    payerClaimControlNumber: pccn,
    paidCents,
    remarkCodes: [],
    serviceLines: [
      {
        ...line,
        paidCents,
        remarkCodes: [],
        adjustments: [{ group: 'CO', carc: '45', amountCents: line.chargeCents - paidCents }],
      },
    ],
  };
}

/**
 * A submitted claim sent again as a corrected claim: CLM05-3 `frequency` (7 replacement, 8 void), REF*F8 the
 * payer claim control number of the adjudication it corrects, under account number `id` (the same by default).
 */
export function correctedClaim(
  original: Claim,
  frequency: '7' | '8',
  payerClaimNumber: string,
  id = original.id,
): Claim {
  return { ...original, id, frequencyCode: frequency, payerClaimControlNumber: payerClaimNumber };
}

/** What the analysis must find, exactly. Recoverable and amounts in cents. */
export const EXPECTED_DENIALS = [
  {
    claimId: 'RC1003',
    line: 1,
    code: 'J9309',
    group: 'CO',
    carc: '16',
    rarc: ['M119', 'MA130'],
    cause: 'ndc',
    action: 'correct-resubmit',
    amount: 2_500_000,
    recoverable: 1_544_102,
    deadline: '2027-02-10',
  },
  {
    claimId: 'RC1004',
    line: 1,
    code: 'J9299',
    group: 'CO',
    carc: '197',
    rarc: [],
    cause: 'prior-authorization',
    action: 'appeal',
    amount: 1_000_000,
    recoverable: 631_710,
    deadline: '2026-07-05',
  },
  {
    claimId: 'RC1005',
    line: 1,
    code: 'J9271',
    group: 'CO',
    carc: '151',
    rarc: ['N362'],
    cause: 'units-mue',
    action: 'appeal',
    amount: 750_000,
    recoverable: 468_252,
    deadline: '2026-07-05',
  },
  {
    claimId: 'RC1007',
    line: 1,
    code: 'J9173',
    group: 'OA',
    carc: '18',
    rarc: [],
    cause: 'duplicate',
    action: 'review',
    amount: 800_000,
    recoverable: 507_268,
    deadline: '2026-07-05',
  },
  {
    claimId: 'RC9999',
    line: 1,
    code: 'J9299',
    group: 'CO',
    carc: '50',
    rarc: ['N115'],
    cause: 'diagnosis-medical-necessity',
    action: 'appeal',
    amount: 400_000,
    recoverable: 263_212,
    deadline: '2026-07-05',
  },
] as const;

export const EXPECTED_UNDERPAYMENTS = [
  {
    claimId: 'RC1006',
    line: 1,
    code: 'J9173',
    paid: 490_000,
    expected: 507_268,
    gap: 17_268,
    basis: 'medicare-asp',
  },
  {
    claimId: 'RC2001',
    line: 1,
    code: 'J9271',
    paid: 1_200_000,
    expected: 1_295_000,
    gap: 95_000,
    basis: 'contract',
  },
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Minimal X12 writers (test and benchmark material only; element separator *, component :, terminator ~ + LF).

const money = (cents: number): string => {
  const neg = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return frac === 0 ? `${neg}${whole}` : `${neg}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
};
const d8 = (iso: string): string => iso.replace(/-/g, '');

function envelope(kind: '837' | '835', version: string, body: string[], control: number): string {
  const ctl = String(control).padStart(9, '0');
  const gs = kind === '837' ? 'HC' : 'HP';
  const segs = [
    `ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *260302*1200*^*00501*${ctl}*0*P*:`,
    `GS*${gs}*SUBMITTER*RECEIVER*20260302*1200*${control}*X*${version}`,
    `ST*${kind}*0001*${version}`,
    ...body,
  ];
  const stCount = segs.length - 2 + 1; // ST..SE inclusive
  segs.push(`SE*${stCount}*0001`, `GE*1*${control}`, `IEA*1*${ctl}`);
  return `${segs.join('~\n')}~\n`;
}

/** An 837P file with the claims (one billing provider, each claim its own subscriber). */
export function write837P(claims: readonly Claim[], control = 1): string {
  const body: string[] = [
    'BHT*0019*00*0123*20260302*1200*CH',
    'NM1*41*2*EXAMPLE ONCOLOGY PC*****46*TGJ23',
    'PER*IC*BILLING*TE*5555551234',
    'NM1*40*2*RECEIVER*****46*66783JJT',
    'HL*1**20*1',
    `NM1*85*2*${provider.name}*****XX*${provider.npi}`,
    'N3*123 MAIN ST',
    'N4*ANYTOWN*PA*171110000',
    `REF*EI*${provider.tin}`,
  ];
  let hl = 1;
  for (const c of claims) {
    hl += 1;
    body.push(`HL*${hl}*1*22*0`, `SBR*P*18*******${c.subscriber?.claimFilingIndicator ?? 'MB'}`);
    body.push(
      `NM1*IL*1*${c.patient.lastName ?? 'DOE'}*${c.patient.firstName ?? 'PAT'}****MI*${c.subscriber?.memberId ?? c.patient.memberId ?? 'X'}`,
    );
    body.push(
      'N3*1 PATIENT WAY',
      'N4*ANYTOWN*PA*17111',
      `DMG*D8*${d8(c.patient.birthDate ?? '1950-01-01')}*${c.patient.sex ?? 'U'}`,
    );
    body.push(`NM1*PR*2*${c.payer.name ?? 'PAYER'}*****PI*${c.payer.id ?? '00000'}`);
    body.push(
      `CLM*${c.id}*${money(c.totalChargeCents)}***${c.placeOfService ?? '11'}:B:${c.frequencyCode ?? '1'}*Y*A*Y*Y`,
    );
    // 2300 REF*F8: the payer claim control number a replacement (CLM05-3 7) or void (8) corrects.
    if (c.payerClaimControlNumber) body.push(`REF*F8*${c.payerClaimControlNumber}`);
    body.push(`HI*${c.diagnoses.map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}:${d.code}`).join('*')}`);
    for (const l of c.lines) {
      body.push(`LX*${l.sequence}`);
      const proc = ['HC', l.procedure.code, ...l.procedure.modifiers].join(':');
      body.push(
        `SV1*${proc}*${money(l.chargeCents)}*UN*${l.units}***${l.diagnosisPointers.join(':') || '1'}`,
      );
      body.push(`DTP*472*D8*${d8(l.serviceDate ?? DOS)}`);
      if (l.lineItemControlNumber) body.push(`REF*6R*${l.lineItemControlNumber}`);
      if (l.drug) body.push(`LIN**N4*${l.drug.ndc}`, `CTP****${l.drug.quantity ?? 1}*${l.drug.unit ?? 'UN'}`);
    }
  }
  return envelope('837', '005010X222A1', body, control);
}

/**
 * An 837I file (hospital outpatient, as a hospital sends it: X12 005010X223A2) with the claims: CLM05 = the type of
 * bill (`typeOfBill`, default 131: facility 13, frequency 1), the statement period, CL1, and SV2 revenue-code lines.
 */
export function write837I(claims: readonly Claim[], control = 1): string {
  const first = claims[0];
  const hospital = first?.billingProvider ?? provider;
  const body: string[] = [
    'BHT*0019*00*0124*20260302*1200*CH',
    `NM1*41*2*${hospital.name ?? 'HOSPITAL'}*****46*TGJ23`,
    'PER*IC*PATIENT ACCOUNTS*TE*5555550100',
    `NM1*40*2*${first?.payer.name ?? 'RECEIVER'}*****46*${first?.payer.id ?? '00000'}`,
    'HL*1**20*1',
    'PRV*BI*PXC*282N00000X',
    `NM1*85*2*${hospital.name ?? 'HOSPITAL'}*****XX*${hospital.npi ?? '1234567893'}`,
    'N3*100 HOSPITAL DRIVE',
    'N4*ANYTOWN*PA*171010000',
    `REF*EI*${hospital.tin ?? '123456789'}`,
  ];
  let hl = 1;
  for (const c of claims) {
    hl += 1;
    const tob = c.typeOfBill ?? '131';
    const from = c.statementFrom ?? c.lines[0]?.serviceDate ?? DOS;
    const to = c.statementTo ?? from;
    body.push(`HL*${hl}*1*22*0`, `SBR*P*18*******${c.subscriber?.claimFilingIndicator ?? 'MA'}`);
    body.push(
      `NM1*IL*1*${c.patient.lastName ?? 'DOE'}*${c.patient.firstName ?? 'PAT'}****MI*${c.subscriber?.memberId ?? c.patient.memberId ?? 'X'}`,
      'N3*1 PATIENT WAY',
      'N4*ANYTOWN*PA*17111',
      `DMG*D8*${d8(c.patient.birthDate ?? '1950-01-01')}*${c.patient.sex ?? 'U'}`,
      `NM1*PR*2*${c.payer.name ?? 'PAYER'}*****PI*${c.payer.id ?? '00000'}`,
      `CLM*${c.id}*${money(c.totalChargeCents)}***${tob.slice(0, 2)}:A:${tob.slice(2) || '1'}**A*Y*Y`,
      `DTP*434*RD8*${d8(from)}-${d8(to)}`,
      'CL1***01',
    );
    if (c.payerClaimControlNumber) body.push(`REF*F8*${c.payerClaimControlNumber}`);
    body.push(`HI*${c.diagnoses.map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}:${d.code}`).join('*')}`);
    body.push('NM1*71*1*ONCOLOGY*ANNA****XX*1987654328');
    for (const l of c.lines) {
      body.push(`LX*${l.sequence}`);
      const proc = ['HC', l.procedure.code, ...l.procedure.modifiers].join(':');
      body.push(`SV2*${l.revenueCode ?? '0636'}*${proc}*${money(l.chargeCents)}*UN*${l.units}`);
      body.push(`DTP*472*D8*${d8(l.serviceDate ?? from)}`);
      if (l.lineItemControlNumber) body.push(`REF*6R*${l.lineItemControlNumber}`);
    }
  }
  return envelope('837', '005010X223A2', body, control);
}

/** An 835 file for one remittance. */
export function write835(r: Remittance, control = 1): string {
  const body: string[] = [
    `BPR*${r.payment.handling ?? 'I'}*${money(r.payment.amountCents)}*C*${r.payment.method ?? 'ACH'}*CCP*01*011000015*DA*123456*1512345678**01*011000015*DA*654321*${d8(r.payment.date ?? REMIT_DATE)}`,
    `TRN*1*${r.payment.traceNumber ?? '1'}*1512345678`,
    `DTM*405*${d8(r.productionDate ?? REMIT_DATE)}`,
    `N1*PR*${r.payer.name ?? 'PAYER'}*XV*${r.payer.id ?? '00000'}`,
    'N3*PO BOX 1',
    'N4*ANYTOWN*PA*17111',
    `N1*PE*${r.payee.name ?? 'PAYEE'}*XX*${r.payee.npi ?? '1234567893'}`,
  ];
  r.claims.forEach((c, i) => {
    body.push(`LX*${i + 1}`);
    body.push(
      `CLP*${c.patientControlNumber}*${c.status}*${money(c.chargeCents)}*${money(c.paidCents)}*${c.patientResponsibilityCents ? money(c.patientResponsibilityCents) : ''}*${c.claimFilingIndicator ?? 'MB'}*${c.payerClaimControlNumber ?? ''}*${c.facilityCode ?? '11'}`,
    );
    for (const a of groupAdjustments(c.adjustments)) body.push(a);
    body.push(
      `NM1*QC*1*${c.patient?.lastName ?? 'DOE'}*${c.patient?.firstName ?? 'PAT'}****MI*${c.patient?.memberId ?? 'X'}`,
    );
    if (c.remarkCodes.length > 0) body.push(`MOA***${c.remarkCodes.join('*')}`);
    for (const l of c.serviceLines) {
      const proc = ['HC', l.procedure.code, ...l.procedure.modifiers].join(':');
      const orig = l.originalUnits !== undefined ? `*${l.originalUnits}` : '';
      // SVC04: the revenue code of an institutional line (837I SV201).
      body.push(
        `SVC*${proc}*${money(l.chargeCents)}*${money(l.paidCents)}*${l.revenueCode ?? ''}*${l.units ?? 1}${orig ? `*${orig}` : ''}`,
      );
      body.push(`DTM*472*${d8(l.serviceDate ?? DOS)}`);
      for (const a of groupAdjustments(l.adjustments)) body.push(a);
      if (l.lineItemControlNumber) body.push(`REF*6R*${l.lineItemControlNumber}`);
      if (l.remarkCodes.length > 0) body.push(...l.remarkCodes.map((rc) => `LQ*HE*${rc}`));
    }
  });
  return envelope('835', '005010X221A1', body, control);
}

/** CAS segments: one per group, up to 6 reason/amount/quantity triplets each. */
function groupAdjustments(adjs: readonly Adjustment[]): string[] {
  const byGroup = new Map<string, Adjustment[]>();
  for (const a of adjs) byGroup.set(String(a.group), [...(byGroup.get(String(a.group)) ?? []), a]);
  const out: string[] = [];
  for (const [g, list] of byGroup) {
    for (let i = 0; i < list.length; i += 6) {
      const trip = list.slice(i, i + 6).map((a) => `${a.carc}*${money(a.amountCents)}*${a.quantity ?? ''}`);
      out.push(`CAS*${g}*${trip.join('*')}`.replace(/\*+$/, ''));
    }
  }
  return out;
}

/** The recovery rules in rules/ and the reference data of ../shared/data, as reconciliation uses them. */
export async function analysisContext(): Promise<AnalysisContext> {
  const r = loadRecoveryRules();
  if (!r.ok) throw new Error(`rules/ did not load: ${r.problems.map((p) => p.message).join('; ')}`);
  return {
    mapping: r.value.mapping,
    reference: await sharedReference(),
    contracts: r.value.contracts,
    deadlines: r.value.deadlines,
    tolerance: DEFAULT_TOLERANCE,
  };
}
