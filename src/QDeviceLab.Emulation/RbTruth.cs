namespace QDeviceLab.Emulation;

/// <summary>
/// The exact randomized-benchmarking truth of one emulated qubit for a given compiled Clifford set:
/// the decay p that the survival A p^m + B follows (gate-dependent noise, Wallman 2018) and the error
/// per Clifford r = (1 - p)/2, the average-gate-infidelity convention the harness reports as EPC.
/// </summary>
/// <param name="MeanGateInfidelity">Mean over the Cliffords of each channel's own average gate infidelity,
/// 1 - (tr(G^T Lambda)/2 + 1)/3: what RB measures when the noise is gate-independent; with gate-dependent
/// noise it differs from <paramref name="ErrorPerClifford"/> at second order (Proctor et al. 2017).</param>
public sealed record RbTruth(string Qubit, double DecayParameter, double ErrorPerClifford, double MeanGateInfidelity);
