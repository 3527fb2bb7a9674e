@benchmarking @irb @clause:QDL-GATE-1 @clause:QDL-GATE-2
Feature: Error of the X90 gate by interleaved randomized benchmarking
  Clause QDL-GATE-2 asks that each named single-qubit gate's own error, measured by interleaved
  randomized benchmarking, be at most the clause limit with 95 % confidence; the interval
  includes Magesan's systematic bound.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario: Error of X90 on qubit q2
    When interleaved randomized benchmarking of gate X90 on qubit q2 is run at lengths 1, 20, 50, 100, 200, 300, 450 with 12 random sequences per length and 200 shots each
    Then EPC is assessed against clause QDL-GATE-1
    And EPG is assessed against clause QDL-GATE-2
