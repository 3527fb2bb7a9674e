namespace QDeviceLab.Analysis;

/// <summary>Why the Levenberg-Marquardt iteration stopped.</summary>
public enum FitStopReason
{
    /// <summary>The residual vector is orthogonal to every Jacobian column (first-order optimality).</summary>
    ConvergedOnGradient,

    /// <summary>The parameter step became negligible relative to the parameters.</summary>
    ConvergedOnStep,

    /// <summary>Chi-square stopped decreasing, both in fact and as predicted by the linear model.</summary>
    ConvergedOnFunction,

    /// <summary>The model reproduces the data exactly (chi-square is zero).</summary>
    ExactFit,

    /// <summary>No step, however heavily damped, reduced chi-square; usually the minimum at machine precision.</summary>
    NoFurtherProgress,

    /// <summary>The iteration limit was reached first; the values are not trustworthy.</summary>
    MaxIterationsReached,
}
