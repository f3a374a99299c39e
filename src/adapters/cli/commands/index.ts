import type { Command } from 'commander';

/** Each command module registers its sub-commands on the program. One import line per module. */
export type RegisterCommands = (program: Command) => void;

export const commandModules: RegisterCommands[] = [];
