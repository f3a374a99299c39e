import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minutesPerUnit } from './mue-units.ts';

// Descriptors from shared/data/hcpcs/HCPC2026_JAN_ANWEB_01122026 (long descriptions as read).
const cases: [string, string | undefined, number | null][] = [
  [
    'G0237 each 15 minutes, before a parenthesis',
    'Therapeutic procedures to increase strength or endurance of respiratory muscles, face to face, one on one, each 15 minutes (includes monitoring)',
    15,
  ],
  [
    'G0514 each additional 30 minutes after a semicolon',
    'Prolonged preventive service(s) (beyond the typical service time of the primary procedure), in the office or other outpatient setting requiring direct patient contact beyond the usual service; each additional 30 minutes (list separately in addition to code g0513 for additional 30 minutes of preventive service)',
    30,
  ],
  ['G0378 per hour', 'Hospital observation service, per hour', 60],
  ['T1014 per minute', 'Telehealth transmission, per minute, professional services bill separately', 1],
  [
    'G0453 each 15 minutes after a closing parenthesis',
    'Continuous intraoperative neurophysiology monitoring, from outside the operating room (remote or nearby), per patient, (attention directed exclusively to one patient) each 15 minutes (list in addition to primary procedure)',
    15,
  ],
  [
    'A4306 a flow rate is not a unit of time',
    'Disposable drug delivery system, flow rate of less than 50 ml per hour',
    null,
  ],
  [
    'J7295 a dose per 24 hours is not a unit of time',
    'Ethinyl estradiol and etonogestrel 0.015mg, 0.12mg per 24 hours; monthly vaginal ring, each',
    null,
  ],
  ['J9173 a drug: no time', 'Injection, durvalumab, 10 mg', null],
  ['no descriptor (a CPT code)', undefined, null],
];

for (const [name, descriptor, expected] of cases)
  test(`minutes per unit: ${name}`, () => assert.equal(minutesPerUnit(descriptor), expected));
