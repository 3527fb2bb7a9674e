@benchmarking @rb @clause:QDL-GATE-1
Feature: Error per Clifford of each qubit by randomized benchmarking
  Clause QDL-GATE-1 of the QDeviceLab gate profile asks that every qubit's single-qubit gates
  be good enough to run circuits: the error per Clifford, measured by randomized benchmarking
  and quoted as average gate infidelity, must be at most the clause limit with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: Error per Clifford of qubit <qubit>
    When single-qubit randomized benchmarking of qubit <qubit> is run at lengths 1, 20, 50, 100, 150, 200, 300, 400, 550, 700 with 20 random sequences per length and 200 shots each
    Then EPC is assessed against clause QDL-GATE-1

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
