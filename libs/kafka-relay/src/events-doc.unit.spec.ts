import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eventTypesByModule, type PublishingModule } from '@oms/contracts';

const catalogue = readFileSync(resolve(__dirname, '../../../docs/events.md'), 'utf8');

/** The docs/events.md section of a module: from its `## <module>` heading to the next one. */
function sectionOf(module: string): string {
  const start = catalogue.search(new RegExp(`^## ${module} `, 'm'));
  if (start < 0) return '';
  const next = catalogue.slice(start + 1).search(/^## /m);
  return next < 0 ? catalogue.slice(start) : catalogue.slice(start, start + 1 + next);
}

describe('docs/events.md, the event catalogue', () => {
  const modules = Object.keys(eventTypesByModule) as PublishingModule[];

  it.each(modules)('has a section for %s naming its topic', (module) => {
    expect(sectionOf(module)).toContain(`oms.${module}`);
  });

  it.each(modules.flatMap((module) => (eventTypesByModule[module] as string[]).map((type) => [module, type] as const)))(
    'documents %s %s under its module, with a schema version',
    (module, type) => {
      expect(sectionOf(module)).toMatch(new RegExp(`^### ${type} \\(v\\d+\\)$`, 'm'));
    },
  );

  it('documents no type the catalogue does not have', () => {
    const known = new Set(Object.values(eventTypesByModule).flat() as string[]);
    const documented = [...catalogue.matchAll(/^### (\w+) \(v\d+\)$/gm)].map((match) => match[1]);
    expect(documented.filter((type) => !known.has(type))).toEqual([]);
  });
});
