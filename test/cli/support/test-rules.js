/**
 * Preloaded into a CLI process (`node --require test-rules.js dist/src/cli/main.js …`): adds test
 * rules to the rules ngxlint ships, so the CLI's flags can be proven on behaviour no shipped rule
 * has to have (an unsafe fix, options, a crash):
 * - `test-unsafe-fix` (warning): `server_tokens on;` → unsafe fix to `off`;
 * - `test-options` (warning, options `{ max: number }`): a `worker_connections` above `max`;
 * - `test-crash`: throws on `server_tokens build;` (an internal error);
 * - `test-message` (warning): reports each `add_header X-Test-Message "TEXT"` with TEXT as its
 *   message (output formats' escaping: `%`, `:`, `,`, line breaks).
 */
'use strict';
const path = require('path');

const RULES_INDEX = path.join(__dirname, '..', '..', '..', 'dist', 'rules', 'index.js');

function meta(id, extra) {
  return {
    id,
    defaultSeverity: 'warning',
    fixable: false,
    description: `${id} (a test rule)`,
    rationale: 'Only for the CLI tests.',
    docsUrl: `https://example.invalid/${id}`,
    messages: {},
    ...extra,
  };
}

function testRules() {
  const { z } = require('zod');
  return [
    {
      meta: meta('test-unsafe-fix', { fixable: 'unsafe', messages: { on: 'server_tokens is on' } }),
      create(context) {
        return {
          directive(d) {
            if (d.node.name === 'server_tokens' && d.args[0] === 'on') {
              context.report({
                at: d,
                messageId: 'on',
                fix: (fixer) => ({ description: 'turn server_tokens off', edits: [fixer.replaceArgument(d, 0, 'off')] }),
              });
            }
          },
        };
      },
    },
    {
      meta: meta('test-options', {
        messages: { tooMany: 'worker_connections {{value}} is above {{max}}' },
        options: z.object({ max: z.number() }).strict(),
        defaultOptions: { max: 1024 },
      }),
      create(context) {
        return {
          directive(d) {
            if (d.node.name === 'worker_connections' && Number(d.args[0]) > context.options.max) {
              context.report({ at: d, messageId: 'tooMany', data: { value: d.args[0], max: context.options.max } });
            }
          },
        };
      },
    },
    {
      meta: meta('test-message', { messages: { text: '{{text}}' } }),
      create(context) {
        return {
          directive(d) {
            if (d.node.name === 'add_header' && d.args[0] === 'X-Test-Message') {
              context.report({ at: d, messageId: 'text', data: { text: d.args[1] } });
            }
          },
        };
      },
    },
    {
      meta: meta('test-crash'),
      create() {
        return {
          directive(d) {
            if (d.node.name === 'server_tokens' && d.args[0] === 'build') throw new Error('test-crash: a rule crashed');
          },
        };
      },
    },
  ];
}

// Loaded now and changed in place: the CLI then finds the rules module in require.cache with the
// test rules, whether it loads its modules one by one or from dist/cli-bundle.js (src/cli/main.ts
// uses a module already loaded as it is).
const rulesIndex = require(RULES_INDEX);
rulesIndex.RULES = [...rulesIndex.RULES, ...testRules()];
