using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace QDeviceLab.Visa;

public sealed partial class ResourceName
{
    /// <summary>One parse of one string; fields are numbered from 1 in error messages.</summary>
    private sealed class Parser(string input)
    {
        private readonly string _text = input.Trim();
        private List<string> _fields = [];

        public ResourceName Run()
        {
            if (_text.Length == 0)
            {
                throw Fail(0, "the resource name is empty; expected e.g. 'TCPIP0::192.168.0.10::5025::SOCKET'");
            }

            _fields = Split();
            for (int i = 0; i < _fields.Count; i++)
            {
                if (_fields[i].Length == 0)
                {
                    string hint = _text.StartsWith("TCPIP", StringComparison.OrdinalIgnoreCase) && i == 1
                        ? "; an IPv6 host goes in brackets, e.g. 'TCPIP0::[::1]::5025::SOCKET'"
                        : "";
                    throw Fail(i + 1, i == _fields.Count - 1 && i > 0
                        ? "is empty: the name ends with '::'"
                        : $"is empty (two '::' separators in a row, or '::' at the start){hint}");
                }

                if (_fields[i].Any(char.IsWhiteSpace))
                {
                    throw Fail(i + 1, $"'{_fields[i]}' contains white space");
                }
            }

            string first = _fields[0];
            var (type, keyword) =
                first.StartsWith("TCPIP", StringComparison.OrdinalIgnoreCase) ? (InterfaceType.Tcpip, "TCPIP")
                : first.StartsWith("ASRL", StringComparison.OrdinalIgnoreCase) ? (InterfaceType.Asrl, "ASRL")
                : first.StartsWith("USB", StringComparison.OrdinalIgnoreCase) ? (InterfaceType.Usb, "USB")
                : first.StartsWith("GPIB", StringComparison.OrdinalIgnoreCase) ? (InterfaceType.Gpib, "GPIB")
                : throw Fail(1, $"unknown interface type '{first}'; expected TCPIP, ASRL, USB or GPIB, optionally followed by a board number (VXI, PXI and FIREWIRE are not supported)");

            string boardText = first[keyword.Length..];
            ResourceClass? cls = ClassField(out int bodyEnd);
            var body = _fields.GetRange(1, bodyEnd - 1);
            return type switch
            {
                InterfaceType.Tcpip => Tcpip(Board(boardText, keyword), cls, body),
                InterfaceType.Asrl => Asrl(boardText, cls, body),
                InterfaceType.Usb => Usb(Board(boardText, keyword), cls, body),
                _ => Gpib(Board(boardText, keyword), cls, body),
            };
        }

        private List<string> Split()
        {
            var fields = new List<string>();
            int start = 0;
            int i = 0;
            while (i < _text.Length)
            {
                if (_text[i] == '[' && i == start)
                {
                    int close = _text.IndexOf(']', i);
                    if (close < 0)
                    {
                        throw Fail(fields.Count + 1, "an IPv6 address opened with '[' is not closed with ']'");
                    }

                    i = close + 1;
                }
                else if (_text[i] == ':' && i + 1 < _text.Length && _text[i + 1] == ':')
                {
                    fields.Add(_text[start..i]);
                    i += 2;
                    start = i;
                }
                else
                {
                    i++;
                }
            }

            fields.Add(_text[start..]);
            return fields;
        }

        /// <summary>Recognises a trailing resource class; <paramref name="bodyEnd"/> is the index after the last address field.</summary>
        private ResourceClass? ClassField(out int bodyEnd)
        {
            bodyEnd = _fields.Count;
            if (_fields.Count < 2)
            {
                return null;
            }

            string last = _fields[^1];
            ResourceClass? cls = last.ToUpperInvariant() switch
            {
                "INSTR" => ResourceClass.Instr,
                "SOCKET" => ResourceClass.Socket,
                "RAW" => ResourceClass.Raw,
                "INTFC" or "BACKPLANE" or "SERVANT" or "MEMACC" => throw Fail(_fields.Count, $"resource class {last.ToUpperInvariant()} is not supported; expected INSTR, SOCKET or RAW"),
                _ => null,
            };
            if (cls is not null)
            {
                bodyEnd--;
            }

            return cls;
        }

        private int Board(string text, string keyword)
        {
            if (text.Length == 0)
            {
                return 0;
            }

            if (!text.All(char.IsAsciiDigit))
            {
                throw Fail(1, $"'{keyword}' must be followed by a board number or nothing, not '{text}'");
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int board) && board <= ushort.MaxValue
                ? board
                : throw Fail(1, $"board number {text} is out of range 0-65535");
        }

        private ResourceName Tcpip(int board, ResourceClass? cls, List<string> body)
        {
            const string instrForm = "TCPIP[board]::host[::device name][::INSTR]";
            const string socketForm = "TCPIP[board]::host::port::SOCKET";
            if (cls == ResourceClass.Raw)
            {
                throw Fail(_fields.Count, "RAW is a USB resource class; TCPIP resources end with ::INSTR or ::SOCKET");
            }

            if (body.Count == 0)
            {
                throw Fail(2, $"missing host; expected {(cls == ResourceClass.Socket ? socketForm : instrForm)}");
            }

            string host = HostField(body[0]);
            if (cls == ResourceClass.Socket)
            {
                if (body.Count == 1)
                {
                    throw Fail(3, $"missing port before ::SOCKET; expected {socketForm}");
                }

                if (body.Count > 2)
                {
                    throw Fail(5, $"unexpected field '{body[2]}'; expected {socketForm}");
                }

                int port = Number(body[1], 3, "port", 1, 65535);
                return new ResourceName(InterfaceType.Tcpip, ResourceClass.Socket, board) { Host = host, Port = port };
            }

            if (body.Count > 2)
            {
                throw Fail(4, $"unexpected field '{body[2]}'; expected {instrForm} or {socketForm}");
            }

            string device = body.Count == 2 ? body[1] : DefaultLanDeviceName;
            var instr = new ResourceName(InterfaceType.Tcpip, ResourceClass.Instr, board) { Host = host, LanDeviceName = device };
            if (device.All(char.IsAsciiDigit))
            {
                throw Fail(3, $"device name '{device}' looks like a port number; a raw socket needs the SOCKET class: 'TCPIP{board}::{body[0]}::{device}::SOCKET'");
            }

            if (device.StartsWith("hislip", StringComparison.OrdinalIgnoreCase))
            {
                string[] parts = device.Split(',');
                string index = parts[0]["hislip".Length..];
                if (parts.Length > 2 || index.Length == 0 || !index.All(char.IsAsciiDigit))
                {
                    throw Fail(3, $"HiSLIP device name '{device}' should be hislip<n> or hislip<n>,<port>, e.g. 'hislip0' or 'hislip0,4880'");
                }

                int port = parts.Length == 2 ? Number(parts[1], 3, "HiSLIP port", 1, 65535) : DefaultHiSlipPort;
                instr = new ResourceName(InterfaceType.Tcpip, ResourceClass.Instr, board)
                {
                    Host = host, LanDeviceName = parts[0].ToLowerInvariant(), IsHiSlip = true, Port = port,
                };
            }
            else if (device.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is ',' or '_' or '.' or '-' or '[' or ']')) is char bad and not '\0')
            {
                throw Fail(3, $"device name '{device}' contains '{bad}'; expected a name like inst0, gpib0,5 or hislip0");
            }

            return instr;
        }

        private string HostField(string host)
        {
            if (host.StartsWith('['))
            {
                string inner = host.EndsWith(']') ? host[1..^1] : throw Fail(2, $"'{host}' has text after the closing ']' of the IPv6 address");
                return IPAddress.TryParse(inner, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                    ? v6.ToString()
                    : throw Fail(2, $"'{inner}' in brackets is not a valid IPv6 address");
            }

            if (host.Contains(':'))
            {
                throw Fail(2, $"host '{host}' contains ':'; a port is a field of its own ('host::5025::SOCKET') and an IPv6 address goes in brackets ('[::1]')");
            }

            if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
            {
                string[] octets = host.Split('.');
                bool valid = octets.Length == 4 && octets.All(o => o.Length is > 0 and <= 3 && int.Parse(o, CultureInfo.InvariantCulture) <= 255);
                return valid ? host : throw Fail(2, $"host '{host}' is not a valid IPv4 address (expected four numbers 0-255 separated by '.')");
            }

            char? badChar = host.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'));
            return badChar is char b and not '\0'
                ? throw Fail(2, $"host '{host}' contains '{b}'; expected a host name, an IPv4 address or a bracketed IPv6 address")
                : host.ToLowerInvariant();
        }

        private ResourceName Asrl(string boardText, ResourceClass? cls, List<string> body)
        {
            if (cls is ResourceClass.Socket or ResourceClass.Raw)
            {
                throw Fail(_fields.Count, "serial (ASRL) resources are of class INSTR; expected ASRL[board]::INSTR");
            }

            if (body.Count > 0)
            {
                throw Fail(2, $"unexpected field '{body[0]}'; expected ASRL[board]::INSTR or ASRL/dev/ttyUSB0::INSTR");
            }

            bool isPath = boardText.StartsWith('/')
                || (boardText.StartsWith("COM", StringComparison.OrdinalIgnoreCase) && boardText.Length > 3 && boardText[3..].All(char.IsAsciiDigit));
            if (isPath)
            {
                string path = boardText.StartsWith('/') ? boardText : boardText.ToUpperInvariant();
                return new ResourceName(InterfaceType.Asrl, ResourceClass.Instr, 0) { SerialDevicePath = path };
            }

            if (boardText.Length > 0 && !boardText.All(char.IsAsciiDigit))
            {
                throw Fail(1, $"'ASRL' must be followed by a board number or a device path ('/dev/ttyUSB0', 'COM3'), not '{boardText}'");
            }

            return new ResourceName(InterfaceType.Asrl, ResourceClass.Instr, Board(boardText, "ASRL"));
        }

        private ResourceName Usb(int board, ResourceClass? cls, List<string> body)
        {
            const string form = "USB[board]::vendor::product::serial[::interface][::INSTR|::RAW]";
            if (cls == ResourceClass.Socket)
            {
                throw Fail(_fields.Count, "SOCKET is a TCPIP resource class; USB resources end with ::INSTR or ::RAW");
            }

            if (body.Count < 3)
            {
                throw Fail(body.Count + 2, $"missing {(body.Count == 0 ? "vendor id" : body.Count == 1 ? "product id" : "serial number")}; expected {form}");
            }

            if (body.Count > 4)
            {
                throw Fail(6, $"unexpected field '{body[4]}'; expected {form}");
            }

            var name = new ResourceName(InterfaceType.Usb, cls ?? ResourceClass.Instr, board)
            {
                UsbVendorId = UsbId(body[0], 2, "vendor id"),
                UsbProductId = UsbId(body[1], 3, "product id"),
                UsbSerialNumber = body[2],
                UsbInterfaceNumber = body.Count == 4 ? Number(body[3], 5, "USB interface number", 0, 255) : null,
            };
            return name;
        }

        private int UsbId(string text, int field, string what)
        {
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                string hex = text[2..];
                if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit))
                {
                    throw Fail(field, $"{what} '{text}' is not a hexadecimal number after '0x'");
                }

                return hex.TrimStart('0').Length <= 4
                    ? int.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                    : throw Fail(field, $"{what} {text} is out of range 0x0000-0xFFFF");
            }

            return text.All(char.IsAsciiDigit)
                ? Number(text, field, what, 0, 65535)
                : throw Fail(field, $"{what} '{text}' is neither a decimal number nor a 0x-prefixed hexadecimal one");
        }

        private ResourceName Gpib(int board, ResourceClass? cls, List<string> body)
        {
            const string form = "GPIB[board]::primary[::secondary][::INSTR]";
            if (cls is ResourceClass.Socket or ResourceClass.Raw)
            {
                throw Fail(_fields.Count, $"GPIB resources are of class INSTR; expected {form}");
            }

            if (body.Count == 0)
            {
                throw Fail(2, $"missing primary address; expected {form}");
            }

            if (body.Count > 2)
            {
                throw Fail(4, $"unexpected field '{body[2]}'; expected {form}");
            }

            int primary = Number(body[0], 2, "primary address", 0, 30);
            int? secondary = null;
            if (body.Count == 2)
            {
                if (body[1].All(char.IsAsciiDigit) && int.TryParse(body[1], NumberStyles.None, CultureInfo.InvariantCulture, out int raw) && raw is >= 96 and <= 126)
                {
                    // NI-488.2 and linux-gpib add 0x60 to secondary addresses; VPP-4.3 resource names do not.
                    throw Fail(3, $"secondary address {raw} is out of range 0-30; VISA counts secondary addresses from 0, so write {raw - 96} (96-126 is the NI-488.2 encoding)");
                }

                secondary = Number(body[1], 3, "secondary address", 0, 30);
            }

            return new ResourceName(InterfaceType.Gpib, ResourceClass.Instr, board) { GpibPrimaryAddress = primary, GpibSecondaryAddress = secondary };
        }

        private int Number(string text, int field, string what, int min, int max)
        {
            if (text.Length == 0 || !text.All(char.IsAsciiDigit))
            {
                throw Fail(field, $"{what} '{text}' is not a decimal number; expected {min}-{max}");
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
                ? value
                : throw Fail(field, $"{what} {text} is out of range {min}-{max}");
        }

        private ResourceNameException Fail(int field, string problem) => new(input, field, problem);
    }
}
