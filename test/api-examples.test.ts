/**
 * The `@example` blocks of the public API, the code jsii renders into API.md, are real code: each one is
 * type-checked as a module against the package's public API ('cdk-backup-restore' resolves to src/index.ts, so an
 * example cannot use anything the package does not export), then run in a stack of its own and synthesized, as the
 * README's examples are (test/readme-examples.test.ts, test/metadata/readme-examples.test.ts). And every public
 * class, static factory, public method and props interface has one, unless NO_EXAMPLE below says why not.
 *
 * The examples are read from the TypeScript sources with the compiler API, the way jsii reads them (JSDoc
 * `@example` tags): `npm test` does not run jsii, so a fresh clone has no `.jsii` assembly to read them from.
 *
 * An example is the body of a stack's constructor (`this` is the stack, as in aws-cdk-lib's own examples), after
 * its `import` lines, which go at the top of the module.
 *
 * API.md (jsii-docgen, then scripts/api-guide.ts) opens with a guide to RestoreJob and its props, and shows every
 * example as it is in the sources.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { App, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as ts from 'typescript';
import { GUIDE, withGuide } from '../scripts/api-guide';

const ROOT = path.join(__dirname, '..');
const INDEX = path.join(ROOT, 'src', 'index.ts');
const PACKAGE = 'cdk-backup-restore';
const ENV = { account: '123456789012', region: 'us-east-1' };
/** Where the example modules live for the compiler (nothing is written there). */
const EXAMPLE_DIR = path.join(ROOT, 'test', 'api-examples');

/**
 * Public API without an example, and why. Only for what a user never writes: results of `bind` (called by
 * RestoreJob) and attribute-only structs that an accessor returns (the accessor's example shows them in use).
 */
const NO_EXAMPLE: Record<string, string> = {
  'RecoveryPoint.bind': 'called by RestoreJob, not by users',
  'RecoveryPointConfig': 'attribute-only result of RecoveryPoint.bind, which RestoreJob calls',
  'RestoreMetadata.bind': 'called by RestoreJob, not by users',
  'RestoreMetadataConfig': 'attribute-only result of RestoreMetadata.bind, which RestoreJob calls',
  'RestoredClusterEndpoint': 'attribute-only result of RestoreJob.asClusterEndpoint, whose example uses it',
  'RestoredFsxFileSystem': 'attribute-only result of RestoreJob.asFsxFileSystem, whose example uses it',
  'RestoredInstance': 'attribute-only result of RestoreJob.asInstance, whose example uses it',
};

interface ApiExample {
  /** What the example documents: `RestoreJob`, `RestoreMetadata.efs`, `EfsRestoreMetadataProps.kmsKey`, … */
  readonly owner: string;
  readonly code: string;
}

interface PublicApi {
  readonly examples: ApiExample[];
  /** Classes, their public methods and props interfaces (everything that must have an example). */
  readonly needsExample: string[];
}

/** The fixture around an example: its imports, then its body in a stack's constructor. */
const FIXTURE_HEAD = [
  "import { Stack as ExampleStack, StackProps as ExampleStackProps } from 'aws-cdk-lib';",
  "import { Construct as ExampleScope } from 'constructs';",
  'export class Example extends ExampleStack {',
  '  constructor(scope: ExampleScope, id: string, props: ExampleStackProps) {',
  '    super(scope, id, props);',
];
const FIXTURE_TAIL = ['  }', '}', ''];

interface ExampleModule {
  readonly example: ApiExample;
  readonly fileName: string;
  readonly text: string;
  /** Lines of the example's own imports (module lines before the fixture head). */
  readonly importLines: number;
}

function exampleModule(example: ApiExample, index: number): ExampleModule {
  const source = ts.createSourceFile('example.ts', example.code, ts.ScriptTarget.ES2022, true);
  let split = 0;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) break;
    split = statement.end;
  }
  // A line break after the imports, so the body starts on a line of its own (the example's next line).
  const imports = example.code.slice(0, split);
  const body = example.code.slice(split).replace(/^[ \t]*\n/, '');
  const importLines = imports === '' ? 0 : imports.split('\n').length;
  const text = [...(imports === '' ? [] : [imports]), ...FIXTURE_HEAD, body, ...FIXTURE_TAIL].join('\n');
  return { example, fileName: path.join(EXAMPLE_DIR, `example${index}.ts`), text, importLines };
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
  return {
    ...options,
    noEmit: true,
    rootDir: ROOT,
    // An example may name a value it does not use again (`const job = new RestoreJob(...)`).
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: { [PACKAGE]: [INDEX] },
  };
}

/** The last program, whose unchanged source files (the package, aws-cdk-lib's types) the next one reuses. */
let lastProgram: ts.Program | undefined;

/** One program: the package (for its public API) and the given example modules. */
function createProgram(modules: ExampleModule[]): ts.Program {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const byName = new Map(modules.map(m => [m.fileName, m.text]));
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = byName.get(path.resolve(fileName));
    return text !== undefined
      ? ts.createSourceFile(fileName, text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = fileName => byName.has(path.resolve(fileName)) || fileExists(fileName);
  host.readFile = fileName => byName.get(path.resolve(fileName)) ?? readFile(fileName);
  lastProgram = ts.createProgram([INDEX, ...byName.keys()], options, host, lastProgram);
  return lastProgram;
}

function examplesOf(node: ts.Node): string[] {
  return ts.getJSDocTags(node)
    .filter(tag => tag.tagName.text === 'example')
    .map(tag => ts.getTextOfJSDocComment(tag.comment) ?? '')
    .map(code => code.trim());
}

function isPublic(member: ts.ClassElement): boolean {
  const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword];
  const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : [];
  const name = member.name?.getText() ?? '';
  return !modifiers.some(m => hidden.includes(m.kind)) && !name.startsWith('_') && !name.startsWith('#');
}

/** What src/index.ts exports, with the examples of every declaration and member. */
function publicApi(program: ts.Program): PublicApi {
  const checker = program.getTypeChecker();
  const examples: ApiExample[] = [];
  const needsExample: string[] = [];
  const visit = (owner: string, node: ts.Node, required: boolean) => {
    const found = examplesOf(node);
    found.forEach(code => examples.push({ owner, code }));
    if (required && found.length === 0) needsExample.push(owner);
  };

  const index = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  for (const exported of checker.getExportsOfModule(index)) {
    // `export * from` gives the declared symbol, `export type { X } from` an alias of it.
    const symbol = exported.declarations?.some(ts.isExportSpecifier) ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      const name = exported.name;
      if (ts.isClassDeclaration(declaration)) {
        visit(name, declaration, true);
        for (const member of declaration.members.filter(isPublic)) {
          const memberName = member.name?.getText() ?? 'constructor';
          visit(`${name}.${memberName}`, member, ts.isMethodDeclaration(member));
        }
      } else if (ts.isInterfaceDeclaration(declaration)) {
        // A props interface (a jsii struct) needs an example; a behavioural interface (`IRestoreJob`) does not.
        visit(name, declaration, !/^I[A-Z]/.test(name));
        declaration.members.forEach(member => visit(`${name}.${member.name?.getText()}`, member, false));
      } else if (ts.isEnumDeclaration(declaration)) {
        visit(name, declaration, false);
        declaration.members.forEach(member => visit(`${name}.${member.name.getText()}`, member, false));
      }
    }
  }
  return { examples, needsExample: [...new Set(needsExample)].sort() };
}

/** Type errors of the examples, each as `owner, line n: message` with the example's own line number. */
function compileErrors(examples: ApiExample[]): string[] {
  const modules = examples.map(exampleModule);
  const program = createProgram(modules);
  return modules.flatMap(module => {
    const file = program.getSourceFile(module.fileName)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    return diagnostics.map(d => {
      const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
      const exampleLine = line < module.importLines ? line + 1 : line + 1 - FIXTURE_HEAD.length;
      return `${module.example.owner}, line ${exampleLine}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}

type ExampleClass = new (scope: Construct, id: string, props: StackProps) => unknown;

/** Load an example module as CommonJS, with 'cdk-backup-restore' resolved to the package's sources. */
function loadExample(module: ExampleModule): ExampleClass {
  const js = ts.transpileModule(module.text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: module.fileName,
  }).outputText;
  const loaded = { exports: {} as { Example?: ExampleClass } };
  // jest's require: the example shares this test's aws-cdk-lib and runs the package from its sources.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (id: string): unknown => require(id === PACKAGE ? path.join(ROOT, 'src') : id);
  new Function('exports', 'require', 'module', js)(loaded.exports, load, loaded);
  return loaded.exports.Example!;
}

/**
 * Run each example in a stack of its own in one app, and synthesize the app: the errors, each naming the
 * example (a construct that throws, a failed validation, an error annotation, or a warning of this library: an
 * example shows code that synthesizes cleanly, acknowledging a warning where the user has to).
 */
function runErrors(examples: ApiExample[]): string[] {
  const app = new App();
  const errors: string[] = [];
  const owners = new Map<string, string>();
  examples.map(exampleModule).forEach((module, i) => {
    const stackName = `Example${i}`;
    owners.set(stackName, module.example.owner);
    try {
      new (loadExample(module))(app, stackName, { env: ENV });
    } catch (e) {
      errors.push(`${module.example.owner}: ${(e as Error).message}`);
    }
  });
  try {
    for (const stack of app.synth().stacks) {
      stack.messages
        .filter(m => m.level === 'error' || (m.level === 'warning' && String(m.entry.data).includes(`[ack: ${PACKAGE}:`)))
        .forEach(m => errors.push(`${owners.get(stack.stackName)}: ${m.id}: ${String(m.entry.data)}`));
    }
  } catch (e) {
    errors.push(`synth: ${(e as Error).message}`);
  }
  return errors;
}

let api: PublicApi;
beforeAll(() => {
  api = publicApi(createProgram([]));
});

test('every public class, static factory, public method and props interface has an @example', () => {
  const missing = api.needsExample.filter(owner => NO_EXAMPLE[owner] === undefined);
  expect(missing).toEqual([]);
});

test('the allow-list names only public API that has no example', () => {
  const stale = Object.keys(NO_EXAMPLE).filter(owner => !api.needsExample.includes(owner));
  expect(stale).toEqual([]);
});

test('every @example compiles against the public API', () => {
  expect(compileErrors(api.examples)).toEqual([]);
}, 240_000);

test('every @example runs and synthesizes', () => {
  expect(runErrors(api.examples)).toEqual([]);
}, 240_000);

describe('the checks fail on a broken example', () => {
  const efs = (code: string): ApiExample => ({ owner: 'Broken.example', code });

  test('a prop the factory does not take, or a name the package does not export, is a type error', () => {
    expect(compileErrors([
      efs("import { RestoreMetadata } from 'cdk-backup-restore';\n\nRestoreMetadata.efs({ fileSystemIdentifier: 'fs-1' });"),
      efs("import { validateRestoreInput } from 'cdk-backup-restore';\n\nvalidateRestoreInput({});"),
    ])).toEqual([
      expect.stringMatching(/^Broken\.example, line 3: .*'fileSystemIdentifier' does not exist/),
      expect.stringMatching(/^Broken\.example, line 1: .*has no exported member .*'validateRestoreInput'/),
    ]);
  }, 240_000);

  test('an example that throws when it runs is an error naming it', () => {
    expect(runErrors([efs([
      "import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';",
      '',
      "new RestoreJob(this, 'Restore', {",
      "  recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),",
      "  metadata: RestoreMetadata.dynamoDb({ targetTableName: 'no spaces allowed' }),",
      '});',
    ].join('\n'))])).toEqual([expect.stringMatching(/^Broken\.example: RestoreJob .*targetTableName/)]);
  });

  test('an example that leaves a warning is an error naming it', () => {
    expect(runErrors([efs([
      "import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';",
      '',
      "new RestoreJob(this, 'Restore', {",
      "  recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),",
      "  metadata: RestoreMetadata.cloudFormationStack({ stackName: 'app-dr', changeSetName: 'restore' }),",
      '});',
    ].join('\n'))])).toEqual([expect.stringMatching(/^Broken\.example: .*cloudformation-change-set-not-executed/)]);
  });
});

describe('API.md', () => {
  const apiMd = readFileSync(path.join(ROOT, 'API.md'), 'utf8');

  test('links RestoreJob and RestoreJobProps in its first screen', () => {
    const firstScreen = apiMd.split('\n').slice(0, 20).join('\n');
    expect(firstScreen).toContain(`[RestoreJob](#${PACKAGE}.RestoreJob)`);
    expect(firstScreen).toContain(`[RestoreJobProps](#${PACKAGE}.RestoreJobProps)`);
  });

  test('has a section for every type of the guide', () => {
    const missing = GUIDE.map(([type]) => type).filter(type => !apiMd.includes(`id="${PACKAGE}.${type}"`));
    expect(missing).toEqual([]);
  });

  test('the guide refuses a type API.md has no section for', () => {
    expect(() => withGuide(`# API Reference\n\n### RestoreJob <a id="${PACKAGE}.RestoreJob"></a>\n`))
      .toThrow(/no section for RestoreJobProps, RecoveryPoint, RestoreMetadata, RecoveryPointSet/);
  });

  test('shows every @example as it is in the sources (regenerate it: npx projen compile && npx projen docgen)', () => {
    const stale = api.examples.filter(e => !apiMd.includes('```typescript\n' + e.code + '\n```')).map(e => e.owner);
    expect(stale).toEqual([]);
  });
});
