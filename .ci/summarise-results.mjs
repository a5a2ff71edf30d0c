// Prints the closing line CI reads: "N passed, N failed". Steps that failed (type-check,
// build, the benchmark check) and a test run that crashed without a report count as
// failures; checks run beside the tests (the benchmark check) count as passed when they pass.
import { existsSync, readFileSync } from 'node:fs';

const [file, failedStepsArg = '0', testRcArg = '0', passedChecksArg = '0'] = process.argv.slice(2);
const failedSteps = Number(failedStepsArg);
const testRc = Number(testRcArg);
let passed = 0;
let failed = 0;
let skipped = 0;
if (file && existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) {
      // A file that fails to load has no tests to count: count it once.
      failed += 1;
      console.log(`suite failed to run: ${suite.name}: ${suite.message ?? ''}`);
    }
  }
} else {
  console.log('no test report was written');
}
if (testRc !== 0 && failed === 0) failed = 1;
failed += failedSteps;
passed += Number(passedChecksArg);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
