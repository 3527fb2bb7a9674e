@coherence @t2star @clause:QDL-COH-2
Feature: Ramsey dephasing time T2* of each qubit
  Clause QDL-COH-2 of the QDeviceLab coherence profile asks that a superposition keep its
  phase long enough to be useful: T2*, measured by a Ramsey experiment with an artificial
  detuning, must be at least the clause limit with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: T2* of qubit <qubit> by Ramsey interferometry
    When T2* of qubit <qubit> is measured by Ramsey at 0.4 MHz detuning with 361 delays from 0 µs to 180 µs and 400 shots each
    Then T2* is assessed against clause QDL-COH-2

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
