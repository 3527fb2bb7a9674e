using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace QDeviceLab.Emulation.Tests.Support;

internal static class Waveforms
{
    /// <summary>The bytes of <c>WLISt:WAVeform:DATA "name",0,n,#block</c> with little-endian float32 samples.</summary>
    public static byte[] DataCommand(string name, float[] samples)
    {
        var payload = new byte[4 * samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(4 * i), samples[i]);
        }

        string length = payload.Length.ToString(CultureInfo.InvariantCulture);
        string head = $"WLISt:WAVeform:DATA \"{name}\",0,{samples.Length},#{length.Length}{length}";
        return [.. Encoding.ASCII.GetBytes(head), .. payload, (byte)'\n'];
    }

    public static float[] Floats(byte[] payload, bool bigEndian)
    {
        var values = new float[payload.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            var slot = payload.AsSpan(4 * i, 4);
            values[i] = bigEndian ? BinaryPrimitives.ReadSingleBigEndian(slot) : BinaryPrimitives.ReadSingleLittleEndian(slot);
        }

        return values;
    }
}
