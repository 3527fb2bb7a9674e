@calibration @rabi @clause:QDL-CAL-1
Feature: Pi-pulse amplitude of each qubit against its station calibration
  Clause QDL-CAL-1 of the QDeviceLab calibration-drift profile asks that every qubit's pi pulse
  still rotate it by pi: the amplitude found by a Rabi sweep must agree with the station file's
  pi_pulse.amplitude within the clause's relative limit, with 95 % confidence. A drift means the
  drive chain changed since the station was calibrated, and every gate-based benchmark after it
  would over- or under-rotate.

  Background:
    Given the mixing chamber is colder than 20 mK

  Scenario Outline: Pi-pulse amplitude of qubit <qubit>
    When the pi pulse amplitude of qubit <qubit> is calibrated by a Rabi sweep with 25 amplitudes from 0 V to 0.48 V and 500 shots each
    Then A_pi_drift is assessed against clause QDL-CAL-1

    Examples:
      | qubit |
      | q0    |
      | q1    |
      | q2    |
      | q3    |
      | q4    |
