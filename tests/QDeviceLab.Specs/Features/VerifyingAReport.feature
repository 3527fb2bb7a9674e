Feature: Verifying a report
  A report folder carries a manifest of every file's SHA-256, so anyone can tell later whether
  the folder is what the run wrote.

  Background:
    Given a fresh report folder
    And qdlab has run the T1 features into it

  Scenario: An untouched folder verifies
    When I run qdlab with "report verify {out}"
    Then the exit code is 0
    And the output says "matches its manifest"

  Scenario: A tampered report is detected
    Given "report.json" in the report folder is changed
    When I run qdlab with "report verify {out}"
    Then the exit code is 1
    And the output says "changed: report.json"
