@readout @assignment @clause:QDL-RO-1
Feature: Readout assignment fidelity of each qubit
  Clause QDL-RO-1 of the QDeviceLab readout profile asks that single-shot readout tell |0> from
  |1> reliably: with the qubit prepared in |0> and in |1>, each shot is assigned to a state, and
  F = 1 - [P(0|1) + P(1|0)]/2 must be at least the clause limit with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: Assignment fidelity of qubit <qubit>
    When the readout assignment fidelity of qubit <qubit> is measured with 5000 shots per prepared state
    Then F_RO is assessed against clause QDL-RO-1

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
