import { type Command, Option } from 'commander';
import { CATEGORIES } from '../../domain/taxonomy.js';

const actions = () => import('../commands/catalog.js');

export function defineCatalog(catalog: Command): void {
  catalog
    .command('list')
    .description('list the catalog entries')
    .addOption(new Option('--category <category>', 'only this category').choices([...CATEGORIES]))
    .option('--json', 'print JSON')
    .action(async (flags: { category?: string; json?: boolean }) => (await actions()).list(flags));
  catalog
    .command('show <id>')
    .description('one catalog entry with all its fingerprints')
    .action(async (id: string) => (await actions()).show(id));
  catalog
    .command('validate [file]')
    .description('check catalog files: the built-in ones, UNSHADOW_CATALOG and the given file')
    .action(async (file: string | undefined) => (await actions()).validate(file));
  catalog
    .command('suppressions')
    .description('print the "not AI" review decisions as catalog suppressions (YAML); save them under UNSHADOW_CATALOG so no scan flags them again')
    .action(async () => (await actions()).suppressions());
  catalog
    .command('learn')
    .description('print the AI tools reviewers confirmed from a "possible AI" candidate as catalog entries (YAML); save them under UNSHADOW_CATALOG so the matcher names them')
    .option('--out <file>', 'write the catalog file here instead of printing it')
    .action(async (flags: { out?: string }) => (await actions()).learn(flags));
}
