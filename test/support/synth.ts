import { TerraformStack, Testing } from 'cdktf';

/**
 * The validation report of a stack whose synth must fail (cdktf reports every problem of the
 * app in one throw). Fails the test if the synth succeeds.
 */
export function synthErrors(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the synth to fail validation');
}
