// Preloaded (`node -r`) into both variants of the synth benchmarks. cdktf's DataResource, which
// the hand-written baseline uses, checks the Terraform version at synth once per resource by
// running `terraform version` in a new process; the package declares the same resources without
// that check. Turning the check off here keeps it from drowning what the benchmark compares: the
// cost of the code that declares and synthesizes the stacks. (A figure "as shipped" shows it.)
const { ValidateBinaryVersion } = require('cdktf/lib/validations/validate-binary-version');

ValidateBinaryVersion.prototype.validate = function skipped() {
  return [];
};
