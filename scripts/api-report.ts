/**
 * The public API report: API Extractor reads the built declarations of every entry point of the
 * package (`.`, `./testing`, and any added to package.json `exports`) and writes what they export,
 * signature by signature, to `etc/<name>.api.md`. The reports are committed, so a change to the
 * public API shows up in review, and an unintended one (an export removed, a signature narrowed)
 * fails CI:
 *
 *   npm run check:api                 compares dist/ with etc/ (run after `npm run build`)
 *   npm run update:api                rewrites etc/ from dist/ after an intended change
 *   tsx scripts/api-report.ts --dist DIR --reports DIR --only NAME
 *                                     the same on other folders, or one report (for tests)
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, type IConfigFile } from '@microsoft/api-extractor';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type Options = { update: boolean; dist: string; reports: string; only: string | undefined };
type Entry = { name: string; declarations: string };

/** Each entry point of package.json `exports` with ESM declarations, and the report named after it. */
export function entryPoints(dist: string): Entry[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, { import?: { types?: string } } | string>;
  };
  const entries: Entry[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const types = typeof target === 'object' ? target.import?.types : undefined;
    if (!types) continue;
    const suffix = subpath === '.' ? '' : `-${subpath.replace(/^\.\//, '').replaceAll('/', '-')}`;
    entries.push({
      name: `${pkg.name}${suffix}`,
      declarations: join(dist, relative('dist', types.replace(/^\.\//, ''))),
    });
  }
  return entries;
}

/** Runs API Extractor on one entry point; true when the report matches (or was rewritten). */
function report(entry: Entry, options: Options): boolean {
  if (!existsSync(entry.declarations)) {
    console.error(`api-report: ${relative(root, entry.declarations)} is missing; run npm run build first`);
    return false;
  }
  const temp = join(root, 'node_modules', '.cache', 'api-report');
  mkdirSync(temp, { recursive: true });
  mkdirSync(options.reports, { recursive: true });
  const configObject: IConfigFile = {
    projectFolder: root,
    mainEntryPointFilePath: entry.declarations,
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: [entry.declarations],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: entry.name,
      reportFolder: options.reports,
      reportTempFolder: temp,
      // A type a signature uses but the package does not export is part of the API all the same.
      includeForgottenExports: true,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      // The report records the surface; style of doc comments and release tags is not its business.
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
      // Messages in the report would carry line numbers of dist/, which move with any edit.
      extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  };
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, 'package.json'),
  });
  const result = Extractor.invoke(config, {
    localBuild: options.update,
    messageCallback: (message) => {
      // The one message worth reading is ours below, with the lines that changed.
      if (message.messageId === 'console-api-report-changed' || message.logLevel === 'verbose') {
        message.handled = true;
      }
    },
  });
  const baseline = config.reportFilePath;
  if (options.update) {
    if (result.errorCount > 0) return false;
    console.log(`api-report: wrote ${relative(root, baseline)}`);
    return true;
  }
  if (result.errorCount > 0) return false;
  if (!result.apiReportChanged) {
    console.log(`api-report: ${entry.name} matches ${relative(root, baseline)}`);
    return true;
  }
  const before = existsSync(baseline) ? readFileSync(baseline, 'utf8') : '';
  const after = readFileSync(config.reportTempFilePath, 'utf8');
  console.error(`api-report: the public API of ${entry.name} differs from ${relative(root, baseline)}:`);
  console.error(lineChanges(before, after));
  console.error('If the change is intended, run `npm run update:api` and commit the report.');
  return false;
}

/** The lines only one side has, `-` for the committed report and `+` for the build. */
function lineChanges(before: string, after: string): string {
  const count = (text: string) => {
    const lines = new Map<string, number>();
    for (const line of text.split('\n')) lines.set(line, (lines.get(line) ?? 0) + 1);
    return lines;
  };
  const [old, now] = [count(before), count(after)];
  const out: string[] = [];
  for (const [line, n] of old) if (n > (now.get(line) ?? 0)) out.push(`- ${line}`);
  for (const [line, n] of now) if (n > (old.get(line) ?? 0)) out.push(`+ ${line}`);
  return out.slice(0, 200).join('\n');
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    update: false,
    dist: join(root, 'dist'),
    reports: join(root, 'etc'),
    only: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--update') options.update = true;
    else if (arg === '--dist' || arg === '--reports' || arg === '--only') {
      const value = argv[++i];
      if (!value) throw new Error(`${arg} needs a value`);
      if (arg === '--only') options.only = value;
      else options[arg === '--dist' ? 'dist' : 'reports'] = resolve(value);
    } else throw new Error(`unknown argument ${arg}; use --update, --dist DIR, --reports DIR, --only NAME`);
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArgs(process.argv.slice(2));
  const entries = entryPoints(options.dist).filter((e) => !options.only || e.name === options.only);
  if (entries.length === 0) throw new Error(`no entry point named ${options.only}`);
  const results = entries.map((entry) => report(entry, options));
  process.exitCode = results.every(Boolean) ? 0 : 1;
}
