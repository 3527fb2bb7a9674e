namespace QDeviceLab.Analysis.Clifford;

/// <summary>
/// A 3x3 signed permutation matrix: how a one-qubit Clifford maps the Pauli axes x, y, z of the
/// Bloch sphere onto each other. Every one-qubit Clifford is exactly one such matrix with
/// determinant +1 (the 24 proper rotations of the cube), so products and inverses are exact
/// integer operations with no rounding to compare away.
/// </summary>
/// <remarks>
/// Row i of the matrix has its single non-zero entry, +1 or -1, in column <c>Column(i)</c>.
/// Packed as 3 bits per row: 2 for the column, 1 for a minus sign.
/// </remarks>
internal readonly record struct SignedPermutation
{
    private readonly int _code;

    private SignedPermutation(int code) => _code = code;

    public static SignedPermutation Identity { get; } = FromRows((0, 1), (1, 1), (2, 1));

    /// <summary>+90 degrees about x: y -> z, z -> -y.</summary>
    public static SignedPermutation QuarterTurnAboutX { get; } = FromRows((0, 1), (2, -1), (1, 1));

    /// <summary>+90 degrees about y: z -> x, x -> -z.</summary>
    public static SignedPermutation QuarterTurnAboutY { get; } = FromRows((2, 1), (1, 1), (0, -1));

    /// <summary>A small dense key (0..511) for lookup tables.</summary>
    public int Code => _code;

    public static SignedPermutation FromRows((int Column, int Sign) row0, (int Column, int Sign) row1, (int Column, int Sign) row2)
    {
        var columns = new[] { row0.Column, row1.Column, row2.Column };
        if (columns.Distinct().Count() != 3 || columns.Any(c => c is < 0 or > 2))
        {
            throw new ArgumentException("each column must appear in exactly one row");
        }

        return new SignedPermutation(Pack(row0) | (Pack(row1) << 3) | (Pack(row2) << 6));

        static int Pack((int Column, int Sign) row) => row.Sign switch
        {
            1 => row.Column,
            -1 => row.Column | 4,
            _ => throw new ArgumentException("signs must be +1 or -1"),
        };
    }

    public int Column(int row) => (_code >> (3 * row)) & 3;

    public int Sign(int row) => ((_code >> (3 * row)) & 4) == 0 ? 1 : -1;

    /// <summary>Matrix entry (row, column): 0, +1 or -1.</summary>
    public int this[int row, int column] => Column(row) == column ? Sign(row) : 0;

    public int Determinant =>
        this[0, 0] * (this[1, 1] * this[2, 2] - this[1, 2] * this[2, 1])
        - this[0, 1] * (this[1, 0] * this[2, 2] - this[1, 2] * this[2, 0])
        + this[0, 2] * (this[1, 0] * this[2, 1] - this[1, 1] * this[2, 0]);

    /// <summary>The matrix product <c>this</c> * <paramref name="right"/> (apply <paramref name="right"/> first).</summary>
    public SignedPermutation Times(SignedPermutation right)
    {
        var code = 0;
        for (var i = 0; i < 3; i++)
        {
            var via = Column(i);
            var column = right.Column(via);
            var negative = Sign(i) * right.Sign(via) < 0;
            code |= (column | (negative ? 4 : 0)) << (3 * i);
        }

        return new SignedPermutation(code);
    }

    /// <summary>First this rotation, then <paramref name="next"/>: the matrix <paramref name="next"/> * this.</summary>
    public SignedPermutation Then(SignedPermutation next) => next.Times(this);

    /// <summary>The transpose, which for an orthogonal matrix is the inverse.</summary>
    public SignedPermutation Inverse
    {
        get
        {
            var code = 0;
            for (var i = 0; i < 3; i++)
            {
                code |= (i | (Sign(i) < 0 ? 4 : 0)) << (3 * Column(i));
            }

            return new SignedPermutation(code);
        }
    }

    /// <summary>The image of the Bloch vector (x, y, z).</summary>
    public (int X, int Y, int Z) Apply(int x, int y, int z)
    {
        Span<int> v = [x, y, z];
        return (Sign(0) * v[Column(0)], Sign(1) * v[Column(1)], Sign(2) * v[Column(2)]);
    }

    public override string ToString() =>
        $"[{this[0, 0]},{this[0, 1]},{this[0, 2]}; {this[1, 0]},{this[1, 1]},{this[1, 2]}; {this[2, 0]},{this[2, 1]},{this[2, 2]}]";
}
