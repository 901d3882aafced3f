import fs from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';

/** Every error html-validate finds in the given pages, one line each, naming the page and the rule. */
export async function htmlErrors(
  outDir: string,
  files: string[],
  rules: Record<string, 'off'> = {},
): Promise<string[]> {
  // html-validate's recommended rules: the HTML standard plus accessibility and best practice.
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules });
  const errors: string[] = [];
  for (const file of files) {
    const report = await validator.validateString(
      fs.readFileSync(path.join(outDir, file), 'utf8'),
      file,
    );
    for (const result of report.results) {
      for (const message of result.messages) {
        if (message.severity === 2)
          errors.push(
            `${file}:${message.line}:${message.column} ${message.ruleId}: ${message.message}`,
          );
      }
    }
  }
  return errors;
}
