#!/usr/bin/env python3
"""Runs the Jupyter-level tests of the course kernel (tests/jupyter/test_*.py) with Debian's python3 and prints one
line per test and a closing "N passed, N failed, N skipped" (the form ./course test adds up).

  /usr/bin/python3 tests/jupyter/run_tests.py [-k SUBSTRING]
"""
import pathlib, sys, time, unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class LineResult(unittest.TextTestResult):
    def startTest(self, test):
        self._t0 = time.monotonic()
        super().startTest(test)

    def _line(self, status, test, detail=""):
        self.stream.writeln(f"{status:4} {test.id()}  ({time.monotonic() - self._t0:.1f} s){detail}")
        self.stream.flush()

    def addSuccess(self, test):
        unittest.TestResult.addSuccess(self, test)
        self._line("ok", test)

    def addFailure(self, test, err):
        unittest.TestResult.addFailure(self, test, err)
        self._line("FAIL", test, "\n" + self._exc_info_to_string(err, test))

    def addError(self, test, err):
        unittest.TestResult.addError(self, test, err)
        self._line("FAIL", test, "\n" + self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        unittest.TestResult.addSkip(self, test, reason)
        self._line("SKIP", test, f": {reason}")

    def addSubTest(self, test, subtest, err):
        if err is not None:
            unittest.TestResult.addSubTest(self, test, subtest, err)
            self._line("FAIL", subtest, "\n" + self._exc_info_to_string(err, test))


def main():
    pattern = sys.argv[sys.argv.index("-k") + 1] if "-k" in sys.argv else None
    suite = unittest.defaultTestLoader.discover(str(HERE), pattern="test_*.py", top_level_dir=str(HERE))
    if pattern:
        def keep(s):
            out = unittest.TestSuite()
            for t in s:
                if isinstance(t, unittest.TestSuite): out.addTests(keep(t))
                elif pattern in t.id(): out.addTest(t)
            return out
        suite = keep(suite)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=0, resultclass=LineResult)
    result = runner.run(suite)
    # a failing subtest fails its test once; count tests, not subtests
    failed_ids = {getattr(t, "test_case", t).id() for t, _ in result.failures + result.errors}
    skipped_ids = {getattr(t, "test_case", t).id() for t, _ in result.skipped} - failed_ids
    failed = len(failed_ids)
    passed = result.testsRun - failed - len(skipped_ids)
    print(f"{passed} passed, {failed} failed, {len(skipped_ids)} skipped")
    sys.exit(0 if failed == 0 and not skipped_ids and result.testsRun > 0 else 1)   # nothing here may be skipped


if __name__ == "__main__":
    main()
