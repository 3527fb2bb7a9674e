@two-qubit @zz @clause:QDL-2Q-1
Feature: Static ZZ coupling of each coupled pair
  Clause QDL-2Q-1 of the QDeviceLab two-qubit profile limits the always-on ZZ coupling of a pair:
  the frequency of one qubit must not move by more than the clause limit when its partner is
  excited. It is measured by Ramsey on the pair's first qubit twice, with the partner in |0> and in
  |1>; the ZZ is the difference of the two fringe frequencies, with 95 % confidence.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: Static ZZ of pair <pair>
    When the static ZZ of pair <pair> is measured by Ramsey at 1 MHz detuning with the partner in |0> and |1>, 121 delays from 0 µs to 12 µs and 300 shots each
    Then ZZ is assessed against clause QDL-2Q-1

    Examples:
      | pair  |
      | q0_q1 |
