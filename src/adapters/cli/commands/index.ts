import type { Command } from 'commander';
import { register as code } from './code.ts';
import { register as data } from './data.ts';
import { register as ndc } from './ndc.ts';
import { register as search } from './search.ts';
import { register as units } from './units.ts';

/** Each command module registers its sub-commands on the program. One import line per module. */
export type RegisterCommands = (program: Command) => void;

export const commandModules: RegisterCommands[] = [data, code, search, ndc, units];
