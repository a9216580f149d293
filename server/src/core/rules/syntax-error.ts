import type { Rule } from './types';

export const syntaxError: Rule = {
  meta: {
    id: 'syntax-error',
    category: 'correctness',
    defaultSeverity: 'error',
    summary: 'A statement PostgreSQL cannot parse; the rest of the file is still checked.',
    fixable: false,
    // Other linters report parse failures too, but as errors of the tool, not as a rule.
    equivalents: {},
  },
  create: () => ({
    statementKinds: ['Invalid'],
    statement({ statement }, report) {
      if (statement.error) report({ span: statement.error.span, message: `Syntax error: ${statement.error.message}.` });
    },
  }),
};
