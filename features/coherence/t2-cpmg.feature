@coherence @t2cpmg @clause:QDL-COH-4
Feature: CPMG coherence time of each qubit
  Clause QDL-COH-4 asks for the coherence time under a CPMG train of pi pulses about y, placed at
  t_i = (t/N)(i - 1/2) between two pi/2 pulses. The number of pulses is part of the method: values
  taken with different N are different measurements.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: T2 of qubit <qubit> by CPMG with 4 pi pulses
    When T2 of qubit <qubit> is measured by CPMG with 4 pi pulses, 41 delays from 0 µs to 150 µs and 1000 shots each
    Then T2CPMG is assessed against clause QDL-COH-4

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
