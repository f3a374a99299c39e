/**
 * Units that do not match the documented dose (line note, FHIR extension or side-car JSON), worked out with the
 * dosing engine: administered units = dose ÷ billing unit rounded up; discarded units (JW) rounded down.
 * When the administered line bills the dose plus a documented discarded amount and there is no JW line, the fix
 * splits the line: the dose's units stay, the discarded units move to a new JW line. The label check of the dose
 * (dosing port) adds a warning for a dose above the label's cap and an info for one outside the label range. Unit
 * mismatches `doubt` the line's units (charge-below-expected yields to them).
 */
import { administeredText, discardedText, doseText, dosingUnits } from '../documented-dose.ts';
import { hasJw, hasJz, lineNdc11 } from '../jw-jz.ts';
import { SOURCES, someSameCodeAndDate } from '../support.ts';
import type { ClaimEdit } from '../types.ts';

export const unitsVsDocumentedDose: ClaimEdit = {
  id: 'units-vs-documented-dose',
  title: 'Units do not match the documented dose',
  severity: 'warning',
  scope: 'claim',
  needs: ['reference', 'dosing', 'containers'],
  source: `Pub 100-04 ch.17 §40 and MAC billing-unit guidance (units = dose ÷ billing unit, rounded up; waste rounded down); ${SOURCES.jwJz}`,
  denials: [],
  fixes: ['split-line'],
  check({ env, claim, report }) {
    const patient = claim.claim.patient;
    for (const line of claim.lines) {
      const dose = line.line.dose;
      if (!dose || line.dos === null || !line.isDrug) continue;
      const dos = line.dos;
      const billed = line.line.units;
      if (hasJw(line)) {
        const text = doseText(
          dose.discardedText ?? dose.text,
          dose.discardedAmount ?? dose.amount,
          dose.discardedUnit ?? dose.unit,
        );
        if (text === undefined) continue;
        const r = dosingUnits(env.dosing, line.code, dos, text, 'discarded', patient);
        if (!r.ok) {
          report({
            line,
            severity: 'info',
            field: 'documented dose',
            message: `The discarded amount documented on JW line ${line.line.sequence} ("${text}") could not be turned into units: ${r.message}.`,
            why: 'Discarded units are the documented waste ÷ the billing unit, rounded down.',
          });
          continue;
        }
        if (r.value.units === billed) continue;
        report({
          line,
          field: 'units',
          message: `JW line ${line.line.sequence} bills ${billed} discarded unit(s) of ${line.code}; the documented waste "${text}" comes to ${r.value.units}.`,
          doubts: 'units',
          why: `Discarded units = documented waste ÷ billing unit, rounded down: ${r.value.explanation}.`,
          data: { billed, documented: r.value.units },
        });
        continue;
      }
      const text = administeredText(dose);
      if (text === undefined) continue;
      const r = dosingUnits(env.dosing, line.code, dos, text, 'administered', patient);
      if (!r.ok) {
        report({
          line,
          severity: 'info',
          field: 'documented dose',
          message: `The dose documented on line ${line.line.sequence} ("${text}") could not be turned into units of ${line.code}: ${r.message}.`,
          why: 'Administered units are the dose ÷ the billing unit, rounded up to a whole unit.',
        });
        continue;
      }
      const expected = r.value.units;
      for (const w of r.value.warnings) {
        report({
          line,
          severity: w.severity,
          field: 'documented dose',
          message: `Line ${line.line.sequence}: ${w.message}.`,
          why:
            w.severity === 'info'
              ? 'A dose outside the label dosing is a common typo (mg vs mg/kg, a misplaced decimal) and draws medical-necessity review.'
              : 'The label caps the dose: units above the cap are likely denied or recouped as not medically necessary unless the record explains the dose.',
          source: 'FDA prescribing information (dosing engine label table)',
        });
      }
      if (expected === billed) {
        // Documented waste not billed: advice only (a new JW line needs its own charge). With JZ it is
        // jz-with-documented-waste's finding (an error: JZ says nothing was discarded).
        const wasteText = discardedText(dose);
        if (wasteText === undefined || hasJz(line) || someSameCodeAndDate(claim, line, hasJw)) continue;
        const w = dosingUnits(env.dosing, line.code, dos, wasteText, 'discarded', patient);
        if (w.ok && w.value.units >= 1) {
          report({
            line,
            field: 'units',
            message: `Line ${line.line.sequence} documents ${wasteText} discarded (${w.value.units} unit(s) of ${line.code}) that is not billed on a JW line.`,
            why: `The discarded amount of a single-dose container is billable on its own line with JW: ${w.value.explanation}.`,
            data: { discardedUnits: w.value.units },
          });
        }
        continue;
      }
      const hasJwLine = someSameCodeAndDate(claim, line, hasJw);
      let fix: { keep: number; jw: number } | null = null;
      if (billed > expected && !hasJwLine && !hasJz(line) && line.modifiers.length < 4) {
        const container = env.containers.lookup(line.code, lineNdc11(line), dos);
        const wasteText = discardedText(dose);
        const w =
          wasteText === undefined
            ? undefined
            : dosingUnits(env.dosing, line.code, dos, wasteText, 'discarded', patient);
        if (container.type === 'single-dose' && w?.ok === true && w.value.units === billed - expected)
          fix = { keep: expected, jw: billed - expected };
      }
      report({
        line,
        field: 'units',
        message:
          billed > expected
            ? `Line ${line.line.sequence} bills ${billed} unit(s) of ${line.code}, but the documented dose "${text}" comes to ${expected}${fix ? `; the other ${fix.jw} are the documented discarded amount and belong on a JW line` : ''}.`
            : `Line ${line.line.sequence} bills ${billed} unit(s) of ${line.code}, fewer than the ${expected} the documented dose "${text}" comes to: ${expected - billed} unit(s) unbilled.`,
        why: `Administered units = dose ÷ billing unit, rounded up: ${r.value.explanation}.${fix ? ' The discarded amount of a single-dose container is billed on its own line with JW.' : ''}`,
        ...(fix
          ? {
              fix: {
                description: `Split line ${line.line.sequence}: keep ${fix.keep} unit(s) and add a ${line.code}-JW line with ${fix.jw} unit(s) (charge split pro rata).`,
                actions: [
                  {
                    kind: 'split-line' as const,
                    claimIndex: claim.index,
                    line: line.line.sequence,
                    keepUnits: fix.keep,
                    newUnits: fix.jw,
                    addModifiers: ['JW'],
                  },
                ],
              },
            }
          : {}),
        data: { billed, documented: expected },
        doubts: 'units',
      });
    }
  },
};
