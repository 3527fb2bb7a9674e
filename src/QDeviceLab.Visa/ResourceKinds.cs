namespace QDeviceLab.Visa;

/// <summary>The bus a VISA resource sits on (VPP-4.3 interface type).</summary>
public enum InterfaceType
{
    Tcpip,
    Asrl,
    Usb,
    Gpib,
}

/// <summary>The VISA resource class: what kind of session the resource gives.</summary>
public enum ResourceClass
{
    /// <summary>A message-based instrument (VXI-11, HiSLIP, serial, USBTMC, GPIB).</summary>
    Instr,

    /// <summary>A raw TCP socket (<c>TCPIP::host::port::SOCKET</c>).</summary>
    Socket,

    /// <summary>A raw USB device without USBTMC (<c>USB::vid::pid::serial::RAW</c>).</summary>
    Raw,
}

/// <summary>Byte order of binary samples inside an IEEE 488.2 block.</summary>
public enum ByteOrder
{
    LittleEndian,
    BigEndian,
}
