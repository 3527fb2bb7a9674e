namespace QDeviceLab.Conformance.Tests;

internal static class ProfileFixtures
{
    public const string Coherence = """
        profile: qdl-coherence
        version: 0.1.0
        title: QDeviceLab single-qubit coherence profile
        metrics:
          T1: { symbol: T1, unit: s, name: energy relaxation time, definition: "1/e decay time of the excited state population", method: inversion recovery, model: "P1(t) = A exp(-t/T1) + B" }
          T2*:
            unit: s
            name: Ramsey dephasing time
            method: Ramsey
        clauses:
          - id: QDL-COH-1
            metric: T1
            title: Energy relaxation time of each qubit
            limit: { min: 20.0e-6 }
            confidence: 0.95
          - id: QDL-COH-2
            metric: T2*
            limit: { min: 10.0e-6, max: 1.0e-3 }
          - id: QDL-COH-3
            metric: T1
            limit: { max: 1.0e-3 }
            confidence: 0.99
        """;

    public static StandardsProfile CoherenceProfile() => StandardsProfile.Parse("standards/coherence.yaml", Coherence);
}
