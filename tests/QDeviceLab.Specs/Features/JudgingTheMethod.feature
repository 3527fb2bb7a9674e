Feature: Judging the method as well as the number
  A clause states what the method must have done (shots, delays, how far the delays reach); a
  value measured otherwise cannot pass, whatever the number.

  Scenario: Too few shots per delay make a good T1 inconclusive
    Given a fresh report folder
    And a feature file "quick-t1.feature" containing:
      """
      @clause:QDL-COH-1
      Feature: Quick T1
        Scenario: T1 of q1 with too few shots
          When T1 of qubit q1 is measured by inversion recovery with 31 delays from 0 µs to 240 µs and 100 shots each
          Then T1 is assessed against clause QDL-COH-1
      """
    When I run qdlab with "run {dir}/quick-t1.feature --seed 11 --out {out}"
    Then the exit code is 2
    And every metric in report.json is marked NONCONFORMING METHOD because "requires shots >= 200, the method used shots = 100"
