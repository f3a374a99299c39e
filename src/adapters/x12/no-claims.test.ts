/**
 * An 837 transaction set with no claim in it is reported (x12.transaction.no-claims), rather than the file reading as
 * "nothing could be read" with no reason; an 835 with no claim (a payment with only provider adjustments) is not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readX12Text } from './index.ts';

const isa =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*P*:~';

const cases: [name: string, text: string, want: [code: string, segmentId: string | undefined][]][] = [
  [
    '837P with ST, BHT and SE only',
    `${isa}GS*HC*SENDER*RECEIVER*20260101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1*20260101*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~`,
    [['x12.transaction.no-claims', 'SE']],
  ],
  [
    '837P with no SE: reported where the file ends, after the missing SE',
    `${isa}GS*HC*SENDER*RECEIVER*20260101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*1*20260101*1200*CH~`,
    [
      ['x12.envelope.unclosed', 'BHT'],
      ['x12.transaction.no-claims', 'BHT'],
      ['x12.envelope.unclosed', 'BHT'],
      ['x12.envelope.unclosed', 'BHT'],
    ],
  ],
  [
    '835 with a payment and no claim: not reported',
    `${isa}GS*HP*SENDER*RECEIVER*20260101*1200*1*X*005010X221A1~ST*835*0001*005010X221A1~BPR*I*100*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999999999*DA*98765*20260105~TRN*1*12345*1512345678~N1*PR*PAYER~N1*PE*CLINIC*XX*1234567893~PLB*1234567893*20261231*WO:1*100~SE*7*0001~GE*1*1~IEA*1*000000001~`,
    [],
  ],
];

for (const [name, text, want] of cases)
  test(`no claims in a transaction set: ${name}`, () => {
    const r = readX12Text(text, { file: 'x.837' });
    assert.deepEqual(
      r.problems
        .filter((p) => p.code === 'x12.transaction.no-claims' || p.code === 'x12.envelope.unclosed')
        .map((p) => [p.code, p.at?.segmentId]),
      want,
    );
    if (want.length > 0) {
      const p = r.problems.find((x) => x.code === 'x12.transaction.no-claims');
      assert.equal(p?.severity, 'error');
      assert.match(p?.message ?? '', /^Transaction set 0001 \(837\) holds no claim/);
    }
  });
