/**
 * The Fixer as rules use it, with a synthetic rule on real files: block insertions it remembers
 * (one map for the http block, offered by many findings) give each text its own edit and each
 * finding its own edit object.
 */
import * as path from 'path';
import { lintConfig } from '../../src/lint/engine';
import { removeTempDirs, tempDir } from '../support/cli';
import { engineWith, FILES_WITH_INCLUDES, MAIN_WITH_INCLUDES, syntheticRule } from '../support/synthetic-rules';

afterAll(() => removeTempDirs());

test('block insertions asked for again give the same edit, a copy each time, and each text its own', () => {
  const main = path.join(tempDir(FILES_WITH_INCLUDES), 'nginx.conf');
  const asked: Array<{ header: string; edit: { file: string; start: number; end: number; text: string } }> = [];
  const inserting = syntheticRule('inserting', (context) => ({
    location(level) {
      const http = level.parent!.parent!;
      for (const header of ['map $http_upgrade $one', 'map $http_upgrade $two', 'map $http_upgrade $one']) {
        context.report({
          at: level.opener!,
          messageId: 'report',
          data: { what: header },
          fix: (fixer) => {
            const edit = fixer.insertBlockDirective(http, header, ["default '';", '~*^websocket$ websocket;']);
            asked.push({ header, edit });
            return { description: header, edits: [edit] };
          },
        });
      }
    },
  }));
  lintConfig(main, {}, engineWith(inserting));
  expect(asked.length).toBeGreaterThanOrEqual(6);
  const one = asked.filter((a) => a.header.endsWith('$one'));
  const two = asked.filter((a) => a.header.endsWith('$two'));
  // Before the first `server` of the http block, in the main file.
  const before = MAIN_WITH_INCLUDES.indexOf('    server {');
  for (const a of asked) {
    expect(a.edit.file).toBe(main);
    expect(a.edit.start).toBe(before);
    expect(a.edit.text).toBe(`    ${a.header} {\n        default '';\n        ~*^websocket$ websocket;\n    }\n\n`);
  }
  expect(new Set(one.map((a) => a.edit.text)).size).toBe(1);
  expect(one[0].edit.text).not.toBe(two[0].edit.text);
  // Each finding owns its edit: changing one leaves the others alone.
  one[0].edit.text = 'changed';
  expect(one[1].edit.text).not.toBe('changed');
});
