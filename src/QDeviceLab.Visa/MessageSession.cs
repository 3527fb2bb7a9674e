using QDeviceLab.Core;

namespace QDeviceLab.Visa;

/// <summary>Opens the transport a resource name calls for.</summary>
public static class MessageSession
{
    /// <summary>Transports this build can open, for error messages and <c>qdlab resources</c>.</summary>
    public static IReadOnlyList<string> SupportedForms { get; } = ["TCPIP[board]::host::port::SOCKET", "TCPIP[board]::host[::device][::INSTR] (VXI-11)", "TCPIP[board]::host::hislip<n>[,port]::INSTR (HiSLIP)", "ASRL[board]::INSTR or ASRL/dev/ttyUSB0::INSTR (serial)", "USB[board]::vid::pid::serial[::iface]::INSTR (usbtmc backend, Linux)", "any resource an installed VISA library knows, e.g. GPIB0::5::INSTR (native backend)"];

    /// <summary>Parses <paramref name="resourceName"/> (throwing <see cref="ResourceNameException"/>) and opens it.</summary>
    public static Task<IMessageSession> OpenAsync(string resourceName, MessageSessionOptions? options = null, CancellationToken cancellationToken = default) =>
        OpenAsync(ResourceName.Parse(resourceName), options, cancellationToken);

    /// <summary>
    /// Opens a session; a refused or unreachable link is an <see cref="QDeviceLab.Core.InstrumentIOException"/>
    /// naming the resource, a connect timeout a <see cref="VisaTimeoutException"/>, a transport not written
    /// yet an <see cref="QDeviceLab.Core.InstrumentIOException"/> listing the supported forms.
    /// </summary>
    public static async Task<IMessageSession> OpenAsync(ResourceName resource, MessageSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= MessageSessionOptions.Default;
        var backend = options.Backend ?? VisaBackends.DefaultFor(resource);
        switch (backend)
        {
            case VisaBackend.Usbtmc:
                if (resource is not { InterfaceType: InterfaceType.Usb, ResourceClass: ResourceClass.Instr })
                {
                    throw new InstrumentIOException(resource.ToString(), null, "the usbtmc backend speaks only USB INSTR resources (USB0::vid::pid::serial::INSTR)", isTransient: false);
                }

                return await Usbtmc.UsbtmcMessageSession.OpenAsync(resource, options, cancellationToken).ConfigureAwait(false);
            case VisaBackend.Native:
                return await NativeVisa.NativeVisaMessageSession.OpenAsync(resource, options, cancellationToken).ConfigureAwait(false);
        }

        if (resource is { InterfaceType: InterfaceType.Tcpip, ResourceClass: ResourceClass.Socket })
        {
            return await SocketMessageSession.ConnectAsync(resource, options, cancellationToken).ConfigureAwait(false);
        }

        if (resource.IsVxi11)
        {
            return await Vxi11.Vxi11MessageSession.OpenAsync(resource, options, cancellationToken).ConfigureAwait(false);
        }

        if (resource.IsHiSlip)
        {
            return await HiSlip.HiSlipMessageSession.OpenAsync(resource, options, cancellationToken).ConfigureAwait(false);
        }

        if (resource.InterfaceType == InterfaceType.Asrl)
        {
            return await Serial.SerialMessageSession.OpenAsync(resource, options, cancellationToken).ConfigureAwait(false);
        }

        string kind = resource switch
        {
            { InterfaceType: InterfaceType.Usb, ResourceClass: ResourceClass.Raw } => "USB RAW",
            { InterfaceType: InterfaceType.Usb } => "USB",
            _ => "GPIB",
        };
        string use = resource is { InterfaceType: InterfaceType.Usb, ResourceClass: ResourceClass.Instr }
            ? "'backend: usbtmc' (Linux) or 'backend: native' with an installed VISA library"
            : "'backend: native' with an installed VISA library";
        throw new InstrumentIOException(
            resource.ToString(),
            command: null,
            $"the managed backend cannot speak {kind}; use {use}",
            isTransient: false);
    }
}
