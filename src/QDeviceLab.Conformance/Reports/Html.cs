using System.Text;

namespace QDeviceLab.Conformance;

/// <summary>HTML text helpers: everything that came from a file, an instrument or a user goes through <see cref="Escape"/>.</summary>
internal static class Html
{
    /// <summary>
    /// Escapes text for element content and quoted attribute values alike, and drops control
    /// characters (an instrument's garbage bytes) that HTML cannot carry. Other characters stay
    /// as they are: the page is UTF-8, and "µs" should read as such in the source too.
    /// </summary>
    public static string Escape(string? text)
    {
        var escaped = new StringBuilder((text ?? "").Length);
        foreach (var c in text ?? "")
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                case '\n' or '\t': escaped.Append(c); break;
                case var control when char.IsControl(control): break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }
}
