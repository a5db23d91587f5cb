/**
 * SARIF output, validated against the official SARIF 2.1.0 JSON schema (vendored next to this
 * file, see sarif-schema-2.1.0.SOURCE.md) with Ajv's default draft-07 validator and ajv-formats,
 * plus the properties GitHub code scanning requires.
 */

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { LintResult, TextEdit } from '../../src/lint/types';
import sarif, { type SarifLog } from '../../src/report/sarif';
import { context, fixtureResults, NGINX_CONF, RULES } from './fixtures';

const SCHEMA_PATH = path.join(__dirname, 'sarif-schema-2.1.0.json');
const SCHEMA_SHA256 = '7c9688f0a1c4a4e1649ecc78521087e664729c1dff56ee8212ff195c7b16132a';

const schemaText = fs.readFileSync(SCHEMA_PATH, 'utf8');
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(schemaText) as object);

function expectValid(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

function render(results: LintResult[] = fixtureResults()): SarifLog {
  const output = sarif(results, context());
  expect(output.endsWith('\n')).toBe(true);
  return JSON.parse(output) as SarifLog;
}

type Replacement = { deletedRegion: { charOffset: number; charLength: number }; insertedContent?: { text: string } };

/** Applies one file's SARIF replacements in array order, each to the text the previous ones left. */
function applyReplacements(text: string, replacements: Replacement[]): string {
  let out = text;
  for (const r of replacements) {
    const { charOffset, charLength } = r.deletedRegion;
    out = out.slice(0, charOffset) + (r.insertedContent?.text ?? '') + out.slice(charOffset + charLength);
  }
  return out;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

describe('sarif', () => {
  test('the vendored schema is the official one, unmodified', () => {
    expect(createHash('sha256').update(schemaText).digest('hex')).toBe(SCHEMA_SHA256);
    const schema = JSON.parse(schemaText) as { $schema: string; title: string; definitions: object };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(Object.keys(schema.definitions)).toHaveLength(52);
  });

  test('the validator is live: it rejects broken logs', () => {
    const log = render();
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const badLevel = JSON.parse(JSON.stringify(log)) as { runs: Array<{ results: Array<{ level: string }> }> };
    badLevel.runs[0].results[0].level = 'fatal';
    expect(validate(badLevel)).toBe(false);
    const badRegion = JSON.parse(JSON.stringify(log)) as SarifLog;
    badRegion.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(badRegion)).toBe(false);
  });

  test('the fixture log is valid SARIF 2.1.0', () => {
    expectValid(render());
  });

  test('an empty run is valid too (rules, no results)', () => {
    const log = render([]);
    expectValid(log);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  });

  test('log, run and tool.driver', () => {
    const log = render();
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run.tool.driver).toMatchObject({
      name: 'ngxlint',
      version: '0.1.0',
      informationUri: 'https://www.npmjs.com/package/ngxlint',
    });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/proj/' } });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  test('rules: those that ran, in order, then rule ids only seen in findings; GitHub-required fields', () => {
    const { rules } = render().runs[0].tool.driver;
    expect(rules.map((r) => r.id)).toEqual([...RULES.map((r) => r.id), 'parse-error']);
    expect(rules[0]).toEqual({
      id: 'websocket-http-version',
      name: 'WebsocketHttpVersion',
      shortDescription: { text: 'WebSocket locations must proxy with HTTP/1.1.' },
      fullDescription: { text: 'nginx proxies with HTTP/1.0 by default, which cannot carry the Upgrade handshake.' },
      help: {
        text:
          'WebSocket locations must proxy with HTTP/1.1.\n\n' +
          'nginx proxies with HTTP/1.0 by default, which cannot carry the Upgrade handshake.\n\n' +
          'Documentation: https://ngxlint.example/rules/websocket-http-version',
        markdown:
          '**WebSocket locations must proxy with HTTP/1.1.**\n\n' +
          'nginx proxies with HTTP/1.0 by default, which cannot carry the Upgrade handshake.\n\n' +
          '[Documentation](https://ngxlint.example/rules/websocket-http-version)',
      },
      helpUri: 'https://ngxlint.example/rules/websocket-http-version',
      defaultConfiguration: { level: 'error' },
      properties: { fixable: 'safe' },
    });
    for (const rule of rules) {
      // GitHub: required and non-empty; descriptions at most 1024 characters, name at most 255.
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.shortDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.name.length).toBeLessThanOrEqual(255);
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
    // No rationale: the full description falls back to the short one.
    expect(rules[2].fullDescription.text).toBe('Servers should say what they listen on.');
    // parse-error has no docs page: no helpUri rather than an invalid one.
    expect(rules[5]).toMatchObject({ id: 'parse-error', name: 'ParseError', defaultConfiguration: { level: 'error' } });
    expect(rules[5]).not.toHaveProperty('helpUri');
  });

  test('long descriptions are cut to GitHub limits', () => {
    const long = 'x'.repeat(3000);
    const rules = [{ ...RULES[0], description: long, rationale: long }];
    const log = JSON.parse(sarif([], context({ rules }))) as SarifLog;
    expectValid(log);
    expect(log.runs[0].tool.driver.rules[0].shortDescription.text).toHaveLength(1024);
    expect(log.runs[0].tool.driver.rules[0].fullDescription.text).toHaveLength(1024);
  });

  test('results: ruleId, ruleIndex, level, message, location relative to %SRCROOT%, full region', () => {
    const { results, tool } = render().runs[0];
    expect(results).toHaveLength(6);
    for (const result of results) {
      expect(tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.locations).toHaveLength(1);
      const { region } = result.locations[0].physicalLocation;
      expect(Object.keys(region).sort()).toEqual(['endColumn', 'endLine', 'startColumn', 'startLine']);
    }
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['listen-default', 'warning'],
      ['websocket-http-version', 'error'],
      ['proxy-pass-trailing-slash', 'error'],
      ['proxy-header-inheritance', 'warning'],
      ['parse-error', 'error'],
      ['listen-default', 'warning'],
    ]);
    expect(results[0].message.text).toBe('listen 80: 100% of traffic, plain HTTP\nconsider "listen 443 ssl"');
    expect(results[1].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'conf/nginx.conf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 13, endLine: 6, endColumn: 39 },
    });
    // Absolute path inside cwd: relative URI; outside cwd: absolute file URI.
    expect(results[4].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'sites/default.conf',
      uriBaseId: '%SRCROOT%',
    });
    expect(results[5].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///work/outside/extra.conf' });
  });

  test('relatedLocations from related', () => {
    const result = render().runs[0].results[3];
    expect(result.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'conf/nginx.conf', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 9 },
        },
        message: { text: 'set at server level here' },
      },
    ]);
  });

  test('fixes: description, one artifactChange per file, charOffset/charLength regions, last edit first', () => {
    const { results } = render().runs[0];
    const multiFile = results[3];
    expect(multiFile.fixes).toHaveLength(1);
    const [fix] = multiFile.fixes ?? [];
    expect(fix.description.text).toBe('move the server-level headers into snippets/proxy.conf and include it there');
    expect(fix.properties).toEqual({ applicability: 'unsafe' });
    expect(fix.artifactChanges.map((c) => c.artifactLocation)).toEqual([
      { uri: 'conf/nginx.conf', uriBaseId: '%SRCROOT%' },
      { uri: 'conf/snippets/proxy.conf', uriBaseId: '%SRCROOT%' },
    ]);
    const edits = fixtureResults()[0].findings[0].fix?.edits ?? [];
    expect(fix.artifactChanges[0].replacements).toEqual([
      { deletedRegion: { charOffset: edits[1].start, charLength: 0 }, insertedContent: { text: edits[1].text } },
      { deletedRegion: { charOffset: edits[0].start, charLength: 28 }, insertedContent: { text: edits[0].text } },
    ]);
    expect(fix.artifactChanges[1].replacements).toEqual([
      { deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: 'proxy_set_header Host $host;\n' } },
    ]);
    // Applied one by one in array order they give the same text as the edits themselves.
    expect(applyReplacements(NGINX_CONF, fix.artifactChanges[0].replacements)).toBe(
      applyEdits(NGINX_CONF, edits.filter((e) => e.file === 'conf/nginx.conf')),
    );

    expect(results[1].fixes?.[0].properties).toEqual({ applicability: 'safe' });
    expect(results[2].fixes?.[0].properties).toEqual({ applicability: 'unsafe' });
    // A suggestion is offered as a fix too, marked as such.
    expect(results[0].fixes).toEqual([
      {
        description: { text: 'listen on 443 with TLS' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'conf/nginx.conf', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { charOffset: 35, charLength: 2 }, insertedContent: { text: '443 ssl' } }],
          },
        ],
        properties: { applicability: 'suggestion' },
      },
    ]);
    expect(results[4]).not.toHaveProperty('fixes');
  });

  test('a deletion has no insertedContent', () => {
    const results: LintResult[] = [
      {
        file: 'a.conf',
        findings: [
          {
            ruleId: 'listen-default',
            severity: 'warning',
            message: 'duplicate listen',
            file: 'a.conf',
            start: { line: 1, column: 1 },
            end: { line: 1, column: 11 },
            fix: { applicability: 'safe', description: 'remove it', edits: [{ file: 'a.conf', start: 0, end: 11, text: '' }] },
          },
        ],
      },
    ];
    const log = render(results);
    expectValid(log);
    expect(log.runs[0].results[0].fixes?.[0].artifactChanges[0].replacements).toEqual([
      { deletedRegion: { charOffset: 0, charLength: 11 } },
    ]);
  });

  test.each([
    ['conf/with space.conf', 'conf/with%20space.conf'],
    ['conf/100%.conf', 'conf/100%25.conf'],
    ['conf/a#b?.conf', 'conf/a%23b%3F.conf'],
    ['c:onf/x.conf', 'c%3Aonf/x.conf'],
    ['conf/ünï.conf', 'conf/%C3%BCn%C3%AF.conf'],
    ['conf/a,b;c=d@e+f.conf', 'conf/a,b;c=d@e+f.conf'],
  ])('path %j becomes the valid relative URI %j', (file, uri) => {
    const results: LintResult[] = [
      {
        file,
        findings: [
          { ruleId: 'x', severity: 'warning', message: 'm', file, start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
        ],
      },
    ];
    const log = render(results);
    expectValid(log);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri, uriBaseId: '%SRCROOT%' });
  });

  test('regions stay valid for out-of-range positions (line 0, end before start)', () => {
    const results: LintResult[] = [
      {
        file: 'a.conf',
        findings: [
          { ruleId: 'x', severity: 'error', message: 'm', file: 'a.conf', start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
          { ruleId: 'x', severity: 'error', message: 'm', file: 'a.conf', start: { line: 5, column: 9 }, end: { line: 5, column: 3 } },
        ],
      },
    ];
    const log = render(results);
    expectValid(log);
    expect(log.runs[0].results.map((r) => r.locations[0].physicalLocation.region)).toEqual([
      { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      { startLine: 5, startColumn: 9, endLine: 5, endColumn: 9 },
    ]);
  });
});
