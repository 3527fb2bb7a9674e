@coherence @t2echo @clause:QDL-COH-3
Feature: Hahn-echo coherence time T2E of each qubit
  Clause QDL-COH-3 of the QDeviceLab coherence profile asks that a superposition keep its phase
  when static and slow detuning is refocused: T2E, measured by a Hahn echo (pi/2, t/2, pi about y,
  t/2, pi/2), must be at least the clause limit with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: T2E of qubit <qubit> by Hahn echo
    When T2 echo of qubit <qubit> is measured by Hahn echo with 41 delays from 0 µs to 150 µs and 1000 shots each
    Then T2E is assessed against clause QDL-COH-3

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
