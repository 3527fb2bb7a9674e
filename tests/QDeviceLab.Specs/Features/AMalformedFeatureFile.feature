Feature: A malformed feature file
  A typo in a feature file costs nothing: qdlab names the file and the line before it touches an
  instrument, and exits with the input-error code.

  Scenario: A line that is not Gherkin
    Given a feature file "broken.feature" containing:
      """
      Feature: broken
        Scenario: a
          Given the mixing chamber is colder than 20 mK
        Wibble wobble
      """
    When I run qdlab with "run {dir}/broken.feature --out {out}"
    Then the exit code is 4
    And the error output names "broken.feature" at line 4

  Scenario: A clause tag that no profile defines
    Given a feature file "typo.feature" containing:
      """
      @clause:QDL-COH-99
      Feature: typo
        Scenario: a
          Given the mixing chamber is colder than 20 mK
      """
    When I run qdlab with "run {dir}/typo.feature --out {out}"
    Then the exit code is 4
    And the error output names "typo.feature" at line 1
