@coherence @tphi @clause:QDL-COH-1 @clause:QDL-COH-3 @clause:QDL-COH-5
Feature: Pure dephasing time T_phi of each qubit
  Clause QDL-COH-5 limits the pure dephasing time 1/T_phi = 1/T2E - 1/(2 T1). Both times are
  measured in the same scenario, so T_phi comes from one sitting of the device, and each is also
  judged against its own clause. T_phi's uncertainty is propagated to first order assuming T1 and
  T2E independent.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: T_phi of qubit <qubit> from T1 and the Hahn echo
    When T1 of qubit <qubit> is measured by inversion recovery with 31 delays from 0 µs to 240 µs and 400 shots each
    And T2 echo of qubit <qubit> is measured by Hahn echo with 41 delays from 0 µs to 150 µs and 1000 shots each
    And T_phi is derived from T1 and T2E
    Then T1 is assessed against clause QDL-COH-1
    And T2E is assessed against clause QDL-COH-3
    And T_phi is assessed against clause QDL-COH-5

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
