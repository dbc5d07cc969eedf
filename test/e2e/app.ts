/**
 * The cdktf app that `cdktf deploy` / `cdktf destroy` run in the end-to-end tests (with tsx):
 * synthesizes the stack described by the JSON file named in SIGMA_E2E_STACK_FILE into the
 * output directory the cdktf CLI chooses.
 */
import { readFileSync } from 'node:fs';
import { STACK_FILE_ENV, StackDef, synthStack } from './stacks';

const file = process.env[STACK_FILE_ENV];
if (!file) {
  throw new Error(`${STACK_FILE_ENV} is not set: expected the path of a JSON stack description, for example ${STACK_FILE_ENV}=/tmp/e2e/stack.json`);
}
synthStack(JSON.parse(readFileSync(file, 'utf8')) as StackDef);
