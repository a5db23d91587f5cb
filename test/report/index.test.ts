import * as fs from 'fs';
import * as path from 'path';
import { FORMAT_NAMES, isFormatName, loadFormatter } from '../../src/report';
import { context } from './fixtures';

describe('report/index', () => {
  test('FORMAT_NAMES lists every format', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'json', 'sarif', 'github', 'compact']);
    for (const name of FORMAT_NAMES) {
      expect(isFormatName(name)).toBe(true);
      expect(typeof loadFormatter(name)).toBe('function');
    }
    expect(isFormatName('checkstyle')).toBe(false);
  });

  test('an unknown format is an error that lists the valid ones', () => {
    expect(() => loadFormatter('checkstyle')).toThrow(
      'Unknown format "checkstyle". Valid formats: stylish, json, sarif, github, compact.',
    );
  });

  test.each([
    ['stylish', ''],
    ['compact', ''],
    ['github', ''],
    ['json', '[]\n'],
  ])('%s renders no results as %j', (name, expected) => {
    expect(loadFormatter(name)([], context())).toBe(expected);
  });

  test('loadFormatter requires only the chosen module, and only when called', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const name of FORMAT_NAMES) {
        jest.doMock(`../../src/report/${name}`, () => {
          loaded.push(name);
          return jest.requireActual(`../../src/report/${name}`);
        });
      }
      const report = require('../../src/report') as typeof import('../../src/report');
      expect(loaded).toEqual([]);
      report.loadFormatter('stylish');
      expect(loaded).toEqual(['stylish']);
      report.loadFormatter('compact');
      expect(loaded).toEqual(['stylish', 'compact']);
    });
    jest.dontMock('../../src/report/stylish');
  });

  test('index.ts imports nothing but types (a plain lint must not load SARIF code)', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../src/report/index.ts'), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*(import|export)\b.*\bfrom\b/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^\s*(import|export) type\b/);
  });
});
