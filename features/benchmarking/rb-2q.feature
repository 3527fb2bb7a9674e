@benchmarking @rb2 @clause:QDL-GATE-3
Feature: Error per two-qubit Clifford of each coupled pair by randomized benchmarking
  Clause QDL-GATE-3 of the QDeviceLab gate profile asks that every coupled pair's two-qubit gates
  be good enough to run circuits: the error per two-qubit Clifford, measured by standard
  randomized benchmarking over the 11,520-element group (single-qubit pulses and the calibrated
  CZ on the flux line) and quoted as average gate infidelity at d = 4, must be at most the clause
  limit with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: Error per two-qubit Clifford of pair <pair>
    When two-qubit randomized benchmarking of pair <pair> is run at lengths 1, 10, 30, 60, 100, 150 with 10 random sequences per length and 200 shots each
    Then EPC2 is assessed against clause QDL-GATE-3

    Examples:
      | pair  |
      | q0_q1 |
