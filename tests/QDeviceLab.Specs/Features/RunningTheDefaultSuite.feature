Feature: Running the default suite
  A lab engineer runs the repository's benchmark features against the embedded emulated station
  and gets a report folder whose every format says the run passed.

  Scenario: The default suite passes and writes every report
    Given a fresh report folder
    When I run qdlab with "run {features} --seed 11 --out {out}"
    Then the exit code is 0
    And the output says "Overall verdict: PASS"
    And the report folder holds report.json, report.html, junit.xml, atml.xml, messages.ndjson, cucumber.html, run-record.json and manifest.json
    And every metric in report.json has a conforming method

  Scenario: An unknown grade is a usage error that lists the known grades
    Given a fresh report folder
    When I run qdlab with "run {features} --grade production --out {out}"
    Then the exit code is 64
    And the error output says "known grades: research, pilot-line"
