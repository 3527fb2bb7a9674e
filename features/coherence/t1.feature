@coherence @t1 @clause:QDL-COH-1
Feature: Energy relaxation time T1 of each qubit
  Clause QDL-COH-1 of the QDeviceLab coherence profile asks that every qubit of a device keep
  its excitation for long enough to run the device's gates: T1, measured by inversion
  recovery, must be at least the clause limit with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: T1 of qubit <qubit> by inversion recovery
    When T1 of qubit <qubit> is measured by inversion recovery with 31 delays from 0 µs to 240 µs and 400 shots each
    Then T1 is assessed against clause QDL-COH-1

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
