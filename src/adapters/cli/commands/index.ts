import type { Command } from 'commander';
import { register as claims } from './claims.ts';
import { register as remit } from './remit.ts';
import { register as denials } from './denials.ts';
import { register as underpaid } from './underpaid.ts';
import { register as appeal } from './appeal.ts';
import { register as worklist } from './worklist.ts';
import { register as code } from './code.ts';
import { register as icd10 } from './icd10.ts';
import { register as data } from './data.ts';
import { register as ndc } from './ndc.ts';
import { register as search } from './search.ts';
import { register as serve } from './serve.ts';
import { register as user } from './user.ts';
import { register as units } from './units.ts';
import { register as guide } from './guide.ts';
import { register as factcheck } from './factcheck.ts';
import { register as check } from './check.ts';
import { register as read } from './read.ts';
import { register as convert } from './convert.ts';

/** Each command module registers its sub-commands on the program. One import line per module. */
export type RegisterCommands = (program: Command) => void;

export const commandModules: RegisterCommands[] = [
  data,
  code,
  icd10,
  search,
  ndc,
  serve,
  user,
  units,
  claims,
  remit,
  denials,
  underpaid,
  appeal,
  worklist,
  guide,
  factcheck,
  check,
  read,
  convert,
];
