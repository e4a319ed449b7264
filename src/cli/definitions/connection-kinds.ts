import { type Command, Option } from 'commander';
import { CONNECTORS } from '../../../connectors/index.js';
import { CONNECTION_KINDS } from '../../scan/connection-input.js';
import { connectionOptions } from '../../scan/connection-options.js';

/** One `connections add <kind>` per kind, with the options its schema declares. */
export function defineConnectionKinds(add: Command): void {
  for (const kind of CONNECTION_KINDS) {
    const sub = add
      .command(kind)
      .description(CONNECTORS[kind]?.description ?? 'a card or expense export (CSV) imported on every scan')
      .requiredOption('--name <name>', 'a name to refer to it by');
    for (const option of connectionOptions(kind)) {
      const shown = option.secret
        ? `${option.description}: env:VARIABLE, file:/path, or the value itself (stored encrypted with UNSHADOW_SECRET_KEY)`
        : `${option.description}${option.required ? ' (required)' : ''}`;
      sub.addOption(new Option(option.type === 'boolean' ? option.flag : `${option.flag} <value>`, shown).default(option.default === undefined ? undefined : option.default, option.default === undefined ? undefined : String(option.default)));
    }
    sub.action(async (flags: Record<string, unknown>) => {
      const { name, ...rest } = flags as { name: string } & Record<string, unknown>;
      // Defaults stay out of what is stored: a connection keeps only what was given, and follows later defaults.
      const given = Object.fromEntries(Object.entries(rest).filter(([option, value]) => value !== undefined && sub.getOptionValueSource(option) === 'cli'));
      await (await import('../commands/connections.js')).add(kind, name, given);
    });
  }
}
