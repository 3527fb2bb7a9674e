using System.Numerics;

namespace QDeviceLab.Emulation.Physics;

/// <summary>
/// Builds the 4x4 Lindblad superoperator of one transmon in the drive's rotating frame:
/// H/h = (detuning/2) sz + (rabi_rate_per_volt/2) (V_I sx + V_Q sy), dissipators
/// sqrt((n + 1)/T1) sigma_minus, sqrt(n/T1) sigma_plus (n: thermal occupation of the bath at the
/// qubit frequency; 0 gives plain amplitude damping), sqrt(gamma_phi/2) sz and, while the drive is
/// non-zero, sqrt(gamma_d/4) sx, sy, sz (depolarizing). The Rabi rate carries the drive amplitude error. With row-major vectorisation
/// vec(A X B) = (A kron B^T) vec(X), so
/// L = -i (H kron 1 - 1 kron H^T) + sum_k [ C kron conj(C) - (C'C kron 1)/2 - (1 kron (C'C)^T)/2 ].
/// </summary>
internal static class Liouvillian
{
    public static ComplexMatrix Build(TransmonParameters q, double voltsI, double voltsQ, double thermalOccupation = 0)
    {
        if (!(thermalOccupation >= 0) || double.IsInfinity(thermalOccupation))
        {
            throw new ArgumentOutOfRangeException(nameof(thermalOccupation), thermalOccupation, "A thermal occupation is finite and not negative.");
        }

        double twoPi = 2 * Math.PI;
        // Angular Hamiltonian (rad/s) H = 2 pi (H/h).
        double hz = twoPi * q.DetuningHz / 2;
        double rabi = q.RabiRatePerVolt * (1 + q.DriveAmplitudeError);
        double hx = twoPi * rabi * voltsI / 2;
        double hy = twoPi * rabi * voltsQ / 2;
        // sz = diag(1,-1), sx = [[0,1],[1,0]], sy = [[0,-i],[i,0]].
        var h = new Complex[2, 2]
        {
            { new(hz, 0), new(hx, -hy) },
            { new(hx, hy), new(-hz, 0) },
        };

        var l = new ComplexMatrix(4);
        var minusI = new Complex(0, -1);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 2; k++)
                {
                    for (int m = 0; m < 2; m++)
                    {
                        // (H kron 1)[(i,j),(k,m)] = H[i,k] delta(j,m); (1 kron H^T)[(i,j),(k,m)] = delta(i,k) H[m,j].
                        Complex v = Complex.Zero;
                        if (j == m)
                        {
                            v += h[i, k];
                        }

                        if (i == k)
                        {
                            v -= h[m, j];
                        }

                        l[2 * i + j, 2 * k + m] += minusI * v;
                    }
                }
            }
        }

        double gamma1 = 1.0 / q.T1;
        AddDissipator(l, new Complex[2, 2] { { 0, Math.Sqrt(gamma1 * (thermalOccupation + 1)) }, { 0, 0 } });
        if (thermalOccupation > 0)
        {
            AddDissipator(l, new Complex[2, 2] { { 0, 0 }, { Math.Sqrt(gamma1 * thermalOccupation), 0 } });
        }

        double gammaPhi = q.PureDephasingRate;
        if (gammaPhi > 0)
        {
            double c = Math.Sqrt(gammaPhi / 2);
            AddDissipator(l, new Complex[2, 2] { { c, 0 }, { 0, -c } });
        }

        // Depolarizing while driven: sum_k D[sqrt(gamma_d/4) sigma_k] rho = gamma_d (I/2 tr rho - rho).
        if (q.DepolarizingRate > 0 && (voltsI != 0 || voltsQ != 0))
        {
            double d = Math.Sqrt(q.DepolarizingRate / 4);
            AddDissipator(l, new Complex[2, 2] { { 0, d }, { d, 0 } });
            AddDissipator(l, new Complex[2, 2] { { 0, new Complex(0, -d) }, { new Complex(0, d), 0 } });
            AddDissipator(l, new Complex[2, 2] { { d, 0 }, { 0, -d } });
        }

        return l;
    }

    private static void AddDissipator(ComplexMatrix l, Complex[,] c)
    {
        var cdc = new Complex[2, 2];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 2; k++)
                {
                    cdc[i, j] += Complex.Conjugate(c[k, i]) * c[k, j];
                }
            }
        }

        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 2; k++)
                {
                    for (int m = 0; m < 2; m++)
                    {
                        // C rho C^dagger -> (C kron conj(C)).
                        Complex v = c[i, k] * Complex.Conjugate(c[j, m]);
                        if (j == m)
                        {
                            v -= cdc[i, k] / 2;
                        }

                        if (i == k)
                        {
                            v -= cdc[m, j] / 2;
                        }

                        l[2 * i + j, 2 * k + m] += v;
                    }
                }
            }
        }
    }
}
