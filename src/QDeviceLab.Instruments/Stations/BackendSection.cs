using QDeviceLab.Visa;
using YamlDotNet.RepresentationModel;

namespace QDeviceLab.Instruments.Stations;

/// <summary>
/// The optional <c>backend:</c>, <c>visa_library:</c> and <c>device:</c> fields of an instrument entry:
/// which implementation speaks to the resource (<c>managed</c>, <c>usbtmc</c>, <c>native</c>; default by
/// interface type, see <see cref="VisaBackends.DefaultFor"/>), which VISA library the native backend
/// loads, and which device file the usbtmc backend opens. Fields that the chosen backend would
/// ignore are refused, so a typo cannot silently change nothing.
/// </summary>
internal static class BackendSection
{
    public static (VisaBackend? Backend, string? VisaLibrary, string? UsbtmcDevice) Read(YamlFields y, YamlMappingNode instrument, string path, string resource)
    {
        VisaBackend? backend = null;
        if (y.Optional(instrument, "backend") is { } node)
        {
            string text = y.String(instrument, "backend", path);
            if (!VisaBackends.TryParse(text, out var parsed))
            {
                throw y.Error(node, path + ".backend", $"unknown backend '{text}'; expected one of {string.Join(", ", VisaBackends.Names)}");
            }

            backend = parsed;
        }

        bool emulated = resource == InstrumentDefinition.EmulatedResource;
        var name = emulated ? null : ResourceName.Parse(resource);
        var effective = backend ?? (name is null ? VisaBackend.Managed : VisaBackends.DefaultFor(name));
        if (backend is { } chosen && y.Optional(instrument, "backend") is { } backendNode)
        {
            string? problem = (chosen, name) switch
            {
                (not VisaBackend.Managed, null) => "an emulated instrument is served over loopback sockets; only 'managed' applies",
                (VisaBackend.Usbtmc, { InterfaceType: not InterfaceType.Usb } or { ResourceClass: not ResourceClass.Instr }) => $"the usbtmc backend speaks only USB INSTR resources, not {name}",
                (VisaBackend.Managed, { InterfaceType: InterfaceType.Usb or InterfaceType.Gpib }) => $"the managed backend cannot speak {name!.InterfaceType.ToString().ToUpperInvariant()}; use usbtmc (USB on Linux) or native",
                _ => null,
            };
            if (problem is not null)
            {
                throw y.Error(backendNode, path + ".backend", problem);
            }
        }

        string? library = y.OptionalString(instrument, "visa_library", path);
        if (library is not null && effective != VisaBackend.Native)
        {
            throw y.Error(y.Required(instrument, "visa_library", path), path + ".visa_library", $"visa_library applies to the native backend, but this instrument uses {effective.Name()}; add 'backend: native' or remove it");
        }

        if (library is not null && library.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(library))
        {
            // A relative path is relative to the station file, like every other path a lab writes there.
            library = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(y.File) ?? ".", library));
        }

        string? device = y.OptionalString(instrument, "device", path);
        if (device is not null && effective != VisaBackend.Usbtmc)
        {
            throw y.Error(y.Required(instrument, "device", path), path + ".device", $"device applies to the usbtmc backend, but this instrument uses {effective.Name()}; add 'backend: usbtmc' or remove it");
        }

        return (backend, library, device);
    }
}
