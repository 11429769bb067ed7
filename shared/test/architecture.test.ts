/**
 * The service shape (issue 12 §2, shared/KIT.md "The service template"), checked on every file under
 * services/<name>/src. Three rules:
 *
 * - `domain`: `src/domain/**` imports no adapters, application, handlers, api, composition or config; no AWS SDK,
 *   Smithy or Powertools package, no I/O kit module (`@switchboard/shared/{bus,local,logging,dynamo,limits,aws-http}`),
 *   no `node:fs|http|https|net|child_process`; and never reads `process.env`. (Type-only imports of packages are
 *   allowed: they vanish at build time. Type-only imports of outer layers are not: the dependency still points outward.)
 * - `adapters`: `src/adapters/**` imports no handlers, api or composition.
 * - `handlers`: `src/handlers/*.ts` imports at run time only its composition (`src/composition/**`) and
 *   `@switchboard/shared/cold-start`; type-only imports are free.
 *
 * Every violation is printed per service. The test fails only for the (service, rule) pairs that are declared
 * conforming: in `initiallyConforming` below, or in the service's own package.json as
 * `"switchboard": { "architecture": ["domain", "adapters", "handlers"] }` — a service helper adds its rules there
 * once they hold, and from then on they cannot regress.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../src/testing/index.ts';

export type ArchitectureRule = 'domain' | 'adapters' | 'handlers';
const allRules: readonly ArchitectureRule[] = ['domain', 'adapters', 'handlers'];

/** Rules that held when this test landed (checked by running it); service package.json files add to these. */
const initiallyConforming: Readonly<Record<string, readonly ArchitectureRule[]>> = {
  routing: ['domain', 'adapters'],
};

type Layer = 'domain' | 'application' | 'adapters' | 'handlers' | 'api' | 'composition' | 'config' | 'other';

export interface ImportFact {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

export interface Violation {
  rule: ArchitectureRule;
  file: string;
  line: number;
  message: string;
}

const forbiddenInDomain: Array<[RegExp, string]> = [
  [/^@aws-sdk\//, 'the AWS SDK'],
  [/^@smithy\//, 'the AWS SDK (Smithy)'],
  [/^@aws-lambda-powertools\//, 'Powertools (logging/metrics are adapters)'],
  [/^@switchboard\/shared\/(bus|local|logging|dynamo|limits|aws-http)(\/|$)/, 'an I/O module of the kit'],
  [/^(node:)?(fs|fs\/promises|http|https|net|child_process)$/, 'Node I/O'],
];

/** Imports (static, re-exports, dynamic `import()`, `require`) and `process.env` reads of one file, from its AST. */
export function readFacts(fileName: string, text: string): { imports: ImportFact[]; processEnvLines: number[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: ImportFact[] = [];
  const processEnvLines: number[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly, line: lineOf(node) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly, line: lineOf(node) });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire)
        imports.push({ specifier: (node.arguments[0] as ts.StringLiteralLike).text, typeOnly: false, line: lineOf(node) });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      imports.push({ specifier: node.argument.literal.text, typeOnly: true, line: lineOf(node) });
    } else if (
      (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process' &&
      (ts.isPropertyAccessExpression(node)
        ? node.name.text === 'env'
        : ts.isStringLiteral(node.argumentExpression) && node.argumentExpression.text === 'env')
    ) {
      processEnvLines.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, processEnvLines };
}

function layerOf(srcDir: string, absolute: string): Layer {
  const relative = path.relative(srcDir, absolute);
  if (relative.startsWith('..')) return 'other';
  const [first] = relative.split(path.sep);
  if (first === 'config.ts' || first === 'config') return 'config';
  if (first === 'domain' || first === 'application' || first === 'adapters' || first === 'handlers' || first === 'api' || first === 'composition')
    return first;
  return 'other';
}

/** Check one file of a service against the three rules. */
export function checkFile(srcDir: string, file: string, text: string): Violation[] {
  const layer = layerOf(srcDir, file);
  const relativeFile = path.relative(repoRoot, file);
  const { imports, processEnvLines } = readFacts(file, text);
  const violations: Violation[] = [];
  const add = (rule: ArchitectureRule, line: number, message: string) => violations.push({ rule, file: relativeFile, line, message });
  for (const fact of imports) {
    const target = fact.specifier.startsWith('.') ? layerOf(srcDir, path.resolve(path.dirname(file), fact.specifier)) : undefined;
    if (layer === 'domain') {
      if (target && ['adapters', 'application', 'handlers', 'api', 'composition', 'config'].includes(target)) {
        add('domain', fact.line, `domain imports ${target} (${fact.specifier}); the domain is pure: give it a port`);
      }
      const forbidden = !target && !fact.typeOnly ? forbiddenInDomain.find(([pattern]) => pattern.test(fact.specifier)) : undefined;
      if (forbidden) add('domain', fact.line, `domain imports ${forbidden[1]} (${fact.specifier})`);
    }
    if (layer === 'adapters' && target && ['handlers', 'api', 'composition'].includes(target)) {
      add('adapters', fact.line, `an adapter imports ${target} (${fact.specifier}); adapters implement ports and know nothing above them`);
    }
    if (layer === 'handlers' && path.dirname(file) === path.join(srcDir, 'handlers') && !fact.typeOnly) {
      const allowed = target === 'composition' || fact.specifier === '@switchboard/shared/cold-start';
      if (!allowed) add('handlers', fact.line, `a handler imports ${fact.specifier}; it may import only its composition (src/composition/)`);
    }
  }
  if (layer === 'domain')
    for (const line of processEnvLines) add('domain', line, 'domain reads process.env; configuration is read once in config.ts and passed in');
  return violations;
}

function sourceFiles(dir: string, found: string[] = []): string[] {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, found);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

function declaredRules(serviceDir: string, service: string): Set<ArchitectureRule> {
  const rules = new Set<ArchitectureRule>(initiallyConforming[service] ?? []);
  const manifest = JSON.parse(readFileSync(path.join(serviceDir, 'package.json'), 'utf8')) as { switchboard?: { architecture?: unknown } };
  const declared = manifest.switchboard?.architecture;
  if (declared !== undefined) {
    if (!Array.isArray(declared) || declared.some((rule) => !allRules.includes(rule as ArchitectureRule))) {
      throw new Error(`services/${service}/package.json: switchboard.architecture must list some of ${allRules.join(', ')}`);
    }
    for (const rule of declared as ArchitectureRule[]) rules.add(rule);
  }
  return rules;
}

test('the rules see what they are meant to see', () => {
  const src = path.join(repoRoot, 'services', 'example', 'src');
  const domainFile = path.join(src, 'domain', 'decide.ts');
  const domain = checkFile(
    src,
    domainFile,
    [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import type { NumberType } from 'libphonenumber-js';",
      "import type { AttributeValue } from '@aws-sdk/client-dynamodb';",
      "import { store } from '../adapters/aws/store.ts';",
      "import type { Config } from '../config.ts';",
      "import { pure } from './pure.ts';",
      '// process.env.NOT_CODE in a comment is not a read',
      'export const region = process.env.AWS_REGION;',
      "export const other = process['env'];",
      "const later = () => import('node:fs');",
    ].join('\n'),
  );
  assert.equal(
    domain.map((v) => [v.line, v.message.split(' (')[0]]),
    [
      [1, 'domain imports the AWS SDK'],
      [4, 'domain imports adapters'],
      [5, 'domain imports config'],
      [10, 'domain imports Node I/O'],
      [8, 'domain reads process.env; configuration is read once in config.ts and passed in'],
      [9, 'domain reads process.env; configuration is read once in config.ts and passed in'],
    ],
  );
  const adapter = checkFile(
    src,
    path.join(src, 'adapters', 'aws', 'x.ts'),
    "import { handler } from '../../handlers/sma.ts';\nimport { decide } from '../../domain/decide.ts';",
  );
  assert.equal(
    adapter.map((v) => v.rule),
    ['adapters'],
  );
  const handler = checkFile(
    src,
    path.join(src, 'handlers', 'sma.ts'),
    "import '@switchboard/shared/cold-start';\nimport { smaHandler } from '../composition/sma.ts';\nimport type { SmaEvent } from '@switchboard/shared/chime';\nimport { loadConfig } from '../config.ts';\nexport const handler = smaHandler;",
  );
  assert.equal(
    handler.map((v) => [v.line, v.rule]),
    [[4, 'handlers']],
  );
});

test('every service under services/: violations reported, conforming rules enforced', () => {
  const servicesDir = path.join(repoRoot, 'services');
  const failures: string[] = [];
  const report: string[] = [];
  for (const service of readdirSync(servicesDir).sort()) {
    const serviceDir = path.join(servicesDir, service);
    const srcDir = path.join(serviceDir, 'src');
    if (!existsSync(srcDir)) continue;
    const enforced = declaredRules(serviceDir, service);
    const violations = sourceFiles(srcDir).flatMap((file) => checkFile(srcDir, file, readFileSync(file, 'utf8')));
    const counts = allRules.map((rule) => `${rule} ${violations.filter((v) => v.rule === rule).length}${enforced.has(rule) ? ' (enforced)' : ''}`);
    report.push(`  ${service.padEnd(11)} ${counts.join(', ')}`);
    for (const violation of violations) {
      const line = `${violation.file}:${violation.line}: ${violation.message}`;
      if (enforced.has(violation.rule)) failures.push(line);
      else if (process.env.ARCHITECTURE_VERBOSE) report.push(`      ${line}`);
    }
  }
  console.log(`architecture (violations per rule; ARCHITECTURE_VERBOSE=1 lists them):\n${report.join('\n')}`);
  assert.equal(failures, [], `a conforming service broke its rules:\n  ${failures.join('\n  ')}`);
});

test.run();
