namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// The Lindblad generator of <see cref="Liouvillian"/> in the real Bloch (Pauli-transfer)
/// representation: rho = (t I + x sx + y sy + z sz)/2 with t = tr rho, and d(x, y, z, t)/dt = G (x, y, z, t).
/// For a qubit the master equation is an affine map of the Bloch vector, so G is a real 4x4 whose
/// last row is zero (the trace is conserved):
/// <code>
///   [ -G2 - g_d   -w_z        w_y        0    ]     w = 2 pi (rabi (1+eps) V_I, rabi (1+eps) V_Q, detuning)
///   [  w_z       -G2 - g_d   -w_x        0    ]     G1 = (2n + 1)/T1, G2 = G1/2 + gamma_phi
///   [ -w_y        w_x       -G1 - g_d    1/T1 ]     g_d = depolarizing rate while the drive is non-zero
///   [  0          0          0           0    ]
/// </code>
/// The first three rows are w x r (the Hamiltonian), relaxation of z towards 1/(T1 G1) = 1/(2n+1)
/// (|0> is z = +1), the decay of the coherences, and the depolarizing channel g_d (I/2 tr rho - rho).
/// </summary>
internal static class BlochGenerator
{
    /// <summary>Writes G dt (16 row-major entries) for the drive (<paramref name="voltsI"/>, <paramref name="voltsQ"/>).</summary>
    public static void Build(TransmonParameters q, double voltsI, double voltsQ, double thermalOccupation, double dt, Span<double> g)
    {
        double twoPi = 2 * Math.PI;
        double rabi = q.RabiRatePerVolt * (1 + q.DriveAmplitudeError);
        double wx = twoPi * rabi * voltsI * dt;
        double wy = twoPi * rabi * voltsQ * dt;
        double wz = twoPi * q.DetuningHz * dt;
        double gamma1 = (2 * thermalOccupation + 1) / q.T1 * dt;
        double gamma2 = gamma1 / 2 + q.PureDephasingRate * dt;
        double depolarizing = voltsI != 0 || voltsQ != 0 ? q.DepolarizingRate * dt : 0;
        double decayXy = -gamma2 - depolarizing;
        g[0] = decayXy;
        g[1] = -wz;
        g[2] = wy;
        g[3] = 0;
        g[4] = wz;
        g[5] = decayXy;
        g[6] = -wx;
        g[7] = 0;
        g[8] = -wy;
        g[9] = wx;
        g[10] = -gamma1 - depolarizing;
        g[11] = dt / q.T1;
        g[12] = 0;
        g[13] = 0;
        g[14] = 0;
        g[15] = 0;
    }
}
