namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// A station file as written by the lab (instruments/stations/*.yaml, format in
/// docs/station-file.md): which instrument sits at which resource and which lines reach
/// which qubit. Loaded and checked by <see cref="StationFile.Load"/>; opened by <see cref="Station"/>.
/// </summary>
public sealed record StationDefinition(
    string Name,
    string Description,
    string FilePath,
    string Sha256,
    IReadOnlyDictionary<string, InstrumentDefinition> Instruments,
    IReadOnlyDictionary<string, QubitDefinition> Qubits,
    SensorDefinition? MixingChamber,
    bool DescribesEmulator)
{
    /// <summary>Coupled qubit pairs with their flux lines and CZ calibration (<c>pairs:</c>); empty when the file has none.</summary>
    public IReadOnlyDictionary<string, PairDefinition> Pairs { get; init; } = new Dictionary<string, PairDefinition>();
}

/// <summary>One instrument of the station.</summary>
/// <param name="Resource">VISA resource string, or <see cref="EmulatedResource"/> when the station's emulator assigns it.</param>
public sealed record InstrumentDefinition(
    string Name,
    string Model,
    string Resource,
    DateOnly? CalibrationDue,
    IReadOnlyDictionary<string, double> Settings,
    int Line)
{
    /// <summary>Resource placeholder of an emulated station: the emulator serves the instrument on a free loopback port.</summary>
    public const string EmulatedResource = "emulated";

    /// <summary>Line settings from the entry's <c>serial:</c> mapping, for ASRL resources; null when it has none.</summary>
    public Visa.Serial.SerialSettings? Serial { get; init; }

    /// <summary>The entry's <c>backend:</c>; null means the default for the resource's interface type.</summary>
    public Visa.VisaBackend? Backend { get; init; }

    /// <summary>The entry's <c>visa_library:</c> (native backend), resolved against the station file's folder when relative.</summary>
    public string? VisaLibrary { get; init; }

    /// <summary>The entry's <c>device:</c> (usbtmc backend), e.g. <c>/dev/usbtmc0</c>; null means find it through sysfs.</summary>
    public string? UsbtmcDevice { get; init; }
}

/// <summary>How a qubit is wired and calibrated.</summary>
public sealed record QubitDefinition(
    string Name,
    DriveLine Drive,
    ReadoutLine Readout,
    PiPulseCalibration PiPulse,
    double ReadoutTime);

/// <summary>The AWG channels carrying the qubit's in-phase and quadrature drive.</summary>
public sealed record DriveLine(string Awg, int InPhaseChannel, int QuadratureChannel);

/// <summary>The digitizer channel that integrates the qubit's readout signal.</summary>
public sealed record ReadoutLine(string Digitizer, int Channel);

/// <summary>
/// Calibrated Gaussian pi pulse: peak drive amplitude (V) and total length (s), and the DRAG
/// coefficient <paramref name="Drag"/> (seconds; 0 = plain Gaussian): the quadrature of every pulse
/// carries <c>Drag</c> times the time derivative of its in-phase envelope (Motzoi et al. 2009).
/// </summary>
public sealed record PiPulseCalibration(double Amplitude, double Duration, double Drag = 0);

/// <summary>A thermometer channel on a temperature monitor.</summary>
public sealed record SensorDefinition(string Monitor, string Channel);
